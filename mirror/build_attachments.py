"""Builds the mirror's PDF attachments into mirror/static (run by hand; output committed) and its DOCX
attachments on demand (python-docx is always installed, so those follow content edits at once).

PDFs need a CJK font (Debian's fonts-noto-cjk), which a fresh machine may lack; committing the
small generated files keeps the mirror and its ETags the same on every machine.
"""

from __future__ import annotations

import io
from pathlib import Path

from mirror.content import ContentItem, load_zones
from mirror.pdf_strings import recode_shown_strings

STATIC = Path(__file__).with_name("static")
FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"


def pdf_bytes(item: ContentItem) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("noto", fname=FONT)
    pdf.set_creation_date(__import__("datetime").datetime(2025, 1, 1))
    pdf.add_page()
    pdf.set_font("noto", size=15)
    pdf.multi_cell(0, 10, item.title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("noto", size=11)
    for paragraph in item.paragraphs:
        pdf.multi_cell(0, 7, "    " + paragraph, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    return identity_encoded(bytes(pdf.output()))


def identity_encoded(data: bytes) -> bytes:
    """Re-encode fpdf2's CJK text as Identity-H.

    fpdf2 embeds an OpenType (CFF) font with its own code->CID CMap stream as /Encoding. pypdf
    reads such text one byte at a time, so extraction yields NULs and, past 255 glyphs, wrong
    characters. Rewriting every string from codes to CIDs and keying ToUnicode by CID keeps the
    glyphs and makes the text layer read back with pypdf, as the parsers do.
    """
    import re

    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, StreamObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    fonts: dict[str, dict[int, int]] = {}
    for page in writer.pages:
        for name, ref in page["/Resources"]["/Font"].items():
            font = ref.get_object()
            encoding = font.get("/Encoding")
            encoding = encoding.get_object() if encoding is not None else None
            if not isinstance(encoding, StreamObject):
                continue
            cmap = encoding.get_data().decode("latin-1")
            to_cid = {int(c, 16): int(cid) for c, cid in re.findall(r"<([0-9A-Fa-f]{4})>\s+(\d+)", cmap)}
            fonts[name] = to_cid
            font[NameObject("/Encoding")] = NameObject("/Identity-H")
            unicode_stream = font["/ToUnicode"].get_object()
            text = unicode_stream.get_data().decode("latin-1")
            text = re.sub(
                r"<([0-9A-Fa-f]{4})> <([0-9A-Fa-f]+)>",
                lambda m, to_cid=to_cid: (
                    f"<{to_cid.get(int(m.group(1), 16), int(m.group(1), 16)):04X}> <{m.group(2)}>"
                ),
                text,
            )
            unicode_stream.set_data(text.encode("latin-1"))
        recode_shown_strings(page, writer, fonts, _recode)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _recode(raw: bytes, to_cid: dict[int, int]) -> bytes:
    codes = [int.from_bytes(raw[i : i + 2], "big") for i in range(0, len(raw), 2)]
    return b"".join(to_cid.get(code, code).to_bytes(2, "big") for code in codes)


def docx_bytes(item: ContentItem, extra: str | None = None) -> bytes:
    import datetime as dt

    import docx

    document = docx.Document()
    document.core_properties.created = dt.datetime(2025, 1, 1)
    document.core_properties.modified = dt.datetime(2025, 1, 1)
    document.add_heading(item.title, level=1)
    for paragraph in item.paragraphs:
        document.add_paragraph(paragraph)
    if extra:
        document.add_paragraph(extra)
    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_zip_times(buffer.getvalue())


def _fixed_zip_times(data: bytes) -> bytes:
    """python-docx stamps zip entries with the current time; fixed times keep the bytes, and so
    the mirror's ETags, the same on every run."""
    import zipfile

    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2025, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


def main() -> None:
    STATIC.mkdir(exist_ok=True)
    for zone in load_zones():
        for item in zone.items:
            if item.format == "pdf":
                (STATIC / f"{item.key}.pdf").write_bytes(pdf_bytes(item))
    # A scan: a page with no text layer.
    from fpdf import FPDF

    scan = FPDF()
    scan.set_creation_date(__import__("datetime").datetime(2025, 1, 1))
    scan.add_page()
    scan.rect(20, 20, 170, 250, style="F")
    (STATIC / "scan.pdf").write_bytes(bytes(scan.output()))


if __name__ == "__main__":
    main()
