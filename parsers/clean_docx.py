"""DOCX to text: paragraphs and table rows in body order, after checking the ZIP is what it claims.

The body is read from its XML rather than through python-docx's paragraph objects, which skip
content controls (w:sdt, used by 公文 templates for the title and fields) and tracked insertions
(w:ins, left in drafts that went through review). Tracked deletions and moved-away text
(w:del, w:moveFrom) are not part of the document and are not read.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from parsers.errors import ParseFailure

MAX_UNCOMPRESSED = 50 * 1024 * 1024
MAX_RATIO = 200
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
# Containers whose text is gone from the document (or repeated elsewhere: mc:Fallback).
SKIPPED = {f"{{{W}}}del", f"{{{W}}}moveFrom", f"{{{MC}}}Fallback", f"{{{W}}}delText"}
TEXT = f"{{{W}}}t"
BREAKS = {f"{{{W}}}tab": " ", f"{{{W}}}br": "\n", f"{{{W}}}cr": "\n", f"{{{W}}}noBreakHyphen": "-"}


def _check_zip(raw: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except zipfile.BadZipFile:
        raise ParseFailure("failed", "not a DOCX: the file is not a ZIP archive") from None
    total = sum(info.file_size for info in archive.infolist())
    packed = sum(info.compress_size for info in archive.infolist()) or 1
    if total > MAX_UNCOMPRESSED or total / packed > MAX_RATIO:
        raise ParseFailure(
            "failed", f"DOCX refused: expands to {total} bytes (ratio {total // packed}): zip bomb?"
        )
    if "word/document.xml" not in archive.namelist():
        raise ParseFailure("failed", "not a DOCX: no word/document.xml in the archive")


def _inline_text(element: Any) -> str:
    """The text of a paragraph (or a cell's paragraph): runs, inserted runs, fields, controls."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        for child in node:
            tag = child.tag
            if not isinstance(tag, str) or tag in SKIPPED:
                continue
            if tag == TEXT:
                parts.append(child.text or "")
            elif tag in BREAKS:
                parts.append(BREAKS[tag])
            else:
                walk(child)

    walk(element)
    return "".join(parts)


class _Reader:
    """Walks a body in order; embedded HTML chunks (w:altChunk) are read, other embeds are named."""

    def __init__(self, part: Any) -> None:
        self.part = part
        self.lines: list[str] = []
        self.unread: list[str] = []

    def blocks(self, container: Any, lines: list[str] | None = None) -> None:
        """Paragraphs and table rows of a body, cell or block-level content control, in order."""
        lines = self.lines if lines is None else lines
        for child in container:
            tag = child.tag
            if tag == f"{{{W}}}p":
                lines.extend(_inline_text(child).split("\n"))
            elif tag == f"{{{W}}}tbl":
                for row in child.findall(f"{{{W}}}tr"):
                    cells = []
                    for cell in row.findall(f"{{{W}}}tc"):
                        cell_lines: list[str] = []
                        self.blocks(cell, cell_lines)
                        cells.append(" ".join(line.strip() for line in cell_lines if line.strip()))
                    lines.append(
                        " ".join(dict.fromkeys(cell for cell in cells if cell))
                    )  # merged cells repeat
            elif tag in (f"{{{W}}}sdt", f"{{{W}}}sdtContent", f"{{{W}}}ins", f"{{{W}}}customXml"):
                self.blocks(child, lines)
            elif tag == f"{{{W}}}altChunk":
                lines.extend(self.chunk(child.get(f"{{{R}}}id")))

    def chunk(self, rel_id: str | None) -> list[str]:
        """The lines of an embedded HTML part; other embedded formats are noted as not read."""
        part = self.part.related_parts.get(rel_id) if rel_id else None
        if part is None:
            self.unread.append("a missing part")
            return []
        if "html" not in part.content_type:
            self.unread.append(part.content_type)
            return []
        from bs4 import BeautifulSoup

        from parsers.decode import decode_html

        html, _ = decode_html(part.blob)
        return BeautifulSoup(html, "lxml").get_text("\n").split("\n")


def docx_text(raw: bytes, warnings: list[str] | None = None) -> str:
    """The text of a DOCX body, one paragraph or table row per line.

    Embedded HTML (w:altChunk, as web systems export) is read in place; other embedded formats are
    named in `warnings`. Raises ParseFailure "failed" for files that are not a ZIP, lack
    word/document.xml, expand suspiciously (zip bombs) or that python-docx cannot open.
    """
    _check_zip(raw)
    import docx

    try:
        document = docx.Document(io.BytesIO(raw))
    except Exception as exc:
        raise ParseFailure("failed", f"unreadable DOCX: {type(exc).__name__}: {exc}"[:300]) from None
    reader = _Reader(document.part)
    reader.blocks(document.element.body)
    if reader.unread and warnings is not None:
        warnings.append(
            f"DOCX embeds {len(reader.unread)} parts not read ({', '.join(sorted(set(reader.unread)))})"
        )
    return "\n".join(line for line in reader.lines if line.strip())
