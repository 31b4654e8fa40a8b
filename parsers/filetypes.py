"""What a file is, named from its bytes; the file name only where the bytes cannot tell.

Zone sites attach PDF, OOXML (docx/xlsx/pptx), OFD (a ZIP with OFD.xml), RTF, HTML saved as .doc,
and OLE2 compound files, which hold Word's .doc, Excel's .xls, PowerPoint's .ppt and WPS Office's
.wps/.et/.dps alike. An OLE2 file is named by its streams (olefile): WordDocument, Workbook/Book,
PowerPoint Document; WPS's own formats share those streams, so the name's extension decides
between .doc and .wps, .xls and .et, .ppt and .dps. An OLE2 file whose directory cannot be read is
named by its extension among the OLE2 kinds, else `ole`.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import PurePosixPath
from urllib.parse import parse_qs, unquote, urlsplit

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Kinds the parser cannot convert: what each one is, said in the document's error.
LABELS = {
    "doc": "Word 97-2003 document (.doc)",
    "wps": "WPS Office document (.wps)",
    "xls": "Excel 97-2003 spreadsheet (.xls)",
    "et": "WPS Office spreadsheet (.et)",
    "ppt": "PowerPoint 97-2003 presentation (.ppt)",
    "dps": "WPS Office presentation (.dps)",
    "ole": "OLE2 compound file of unknown kind",
    "xlsx": "Excel spreadsheet (.xlsx)",
    "pptx": "PowerPoint presentation (.pptx)",
    "odt": "OpenDocument text (.odt)",
    "rtf": "RTF document",
    "zip": "archive",
    "rar": "archive",
    "image": "image",
    "binary": "binary data",
}
# Kinds that are no document at all: the error says so, and what the bytes are instead.
NOT_DOCUMENTS = {"image", "zip", "rar", "binary"}
READABLE = "text/HTML/PDF/DOCX/OFD"
# Bytes no text is made of: NUL and the C0 controls other than tab, line breaks, form feed, escape.
_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
MAX_CONTROL_SHARE = 0.01  # text: none; random or compiled bytes: about 9 %
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
OLE_KINDS = {"doc", "wps", "xls", "et", "ppt", "dps"}
# (stream that says what the file is, its kind, the WPS kind when the name says so)
OLE_STREAMS = (
    ("worddocument", "doc", "wps"),
    ("workbook", "xls", "et"),
    ("book", "xls", "et"),
    ("powerpoint document", "ppt", "dps"),
)
ZIP_PARTS = (
    ("word/document.xml", "docx"),
    ("xl/workbook.xml", "xlsx"),
    ("ppt/presentation.xml", "pptx"),
)
KNOWN_SUFFIXES = OLE_KINDS | {"pdf", "docx", "xlsx", "pptx", "ofd", "odt", "rtf", "zip", "rar", "txt", "html"}


def suffixes(hint: str | None) -> list[str]:
    """Extensions named by a hint of file name and/or URL ("工作报告.et http://x/downfile.jsp?
    filename=ab12.et"): each token's path and its filename= query, the name first."""
    found: list[str] = []
    for token in (hint or "").split():
        parts = urlsplit(token)
        names = [unquote(parts.path)]
        query = parse_qs(parts.query)
        names += [unquote(v) for key in ("filename", "fileName", "name") for v in query.get(key, [])]
        for name in names:
            suffix = PurePosixPath(name).suffix.lower().lstrip(".")
            if suffix in KNOWN_SUFFIXES and suffix not in found:
                found.append(suffix)
    return found


def _ole_kind(raw: bytes, named: list[str]) -> str:
    import olefile

    try:
        with olefile.OleFileIO(io.BytesIO(raw)) as ole:
            streams = {"/".join(entry).lower() for entry in ole.listdir(streams=True, storages=False)}
            top = {name.split("/")[0] for name in streams}
    except Exception:  # noqa: BLE001 - olefile raises many kinds for a broken directory
        return next((s for s in named if s in OLE_KINDS), "ole")
    if "etextdata" in top:
        return "et"
    for stream, kind, wps_kind in OLE_STREAMS:
        if stream in top:
            return wps_kind if wps_kind in named else kind
    return next((s for s in named if s in OLE_KINDS), "ole")


def _zip_kind(raw: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            names = {name.lower().lstrip("/") for name in archive.namelist()}
            mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        # A truncated archive: its local headers still name the parts it began with.
        head = raw[:65536]
        return "docx" if b"word/" in head else "ofd" if b"OFD.xml" in head else "zip"
    for part, kind in ZIP_PARTS:
        if part in names:
            return kind
    if any(PurePosixPath(name).name == "ofd.xml" for name in names):
        return "ofd"
    if b"opendocument.text" in mimetype:
        return "odt"
    return "zip"


def sniff(raw: bytes, hint: str | None = None, content_type: str | None = None) -> str:
    """The kind of a file: pdf, docx, ofd, doc, wps, et, xls, ppt, dps, ole, xlsx, pptx, odt, rtf,
    zip, rar, image, binary, html or txt. hint is its name and/or URL (whitespace-separated), used only
    where the bytes cannot tell; content_type likewise."""
    head = raw[:8]
    named = suffixes(hint)
    if head.startswith(b"%PDF") or b"%PDF-" in raw[:1024]:
        return "pdf"
    if head.startswith(OLE_MAGIC):
        return _ole_kind(raw, named)
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(raw)
    if head.startswith(b"Rar!"):
        return "rar"
    if raw[:5] == b"{\\rtf":
        return "rtf"
    if head[:3] in (b"\xff\xd8\xff", b"\x89PN", b"GIF"):
        return "image"
    sample = raw[:2048].lower()
    if re.search(rb"<html|<!doctype|<div|<p>|<table|<body", sample) or "html" in (content_type or ""):
        return "html"
    if named and named[0] in ("pdf", "docx", "ofd", *OLE_KINDS, "xlsx", "pptx", "zip", "rar"):
        return named[0]  # bytes of no known kind named as a file: said as such, not read as text
    if looks_binary(raw):
        return "binary"  # random bytes or a program: never decoded into a "text" by chance
    return "txt"


def looks_binary(raw: bytes) -> bool:
    """Whether the bytes hold control codes no text has (NUL, or more than 1 % of other C0 codes)."""
    head = raw[:8192]
    if not head or head.startswith(UTF16_BOMS):
        return False
    controls = len(_CONTROL.findall(head))
    return b"\x00" in head or controls > MAX_CONTROL_SHARE * len(head)


def not_a_document(raw: bytes, kind: str) -> str:
    """Why bytes of a NOT_DOCUMENTS kind are no readable document, naming what they are
    ("not a readable document: image (image/png), not text/HTML/PDF/DOCX/OFD")."""
    import filetype

    guess = filetype.guess(raw)
    what = LABELS.get(kind, kind) + (f" ({guess.mime})" if guess is not None else "")
    return f"not a readable document: {what}, not {READABLE}"
