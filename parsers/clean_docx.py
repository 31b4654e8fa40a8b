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
from parsers.table_text import Grid, cell_text, is_data_table, row_lines

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
                lines.extend(self.table(child))
            elif tag in (f"{{{W}}}sdt", f"{{{W}}}sdtContent", f"{{{W}}}ins", f"{{{W}}}customXml"):
                self.blocks(child, lines)
            elif tag == f"{{{W}}}altChunk":
                lines.extend(self.chunk(child.get(f"{{{R}}}id")))

    def table(self, table: Any) -> list[str]:
        """A table's rows: pipe lines of its cells for a data table (merged cells repeated, see
        parsers/table_text.py); a layout table's rows as lines of their distinct cells."""
        grid = Grid()
        plain: list[str] = []
        nested = table.find(f".//{{{W}}}tc//{{{W}}}tbl") is not None
        for row in table.findall(f"{{{W}}}tr"):
            cells: list[tuple[str, int, int]] = []
            for cell in row.findall(f"{{{W}}}tc"):
                cell_lines: list[str] = []
                self.blocks(cell, cell_lines)
                text = cell_text(" ".join(line.strip() for line in cell_lines if line.strip()))
                span = cell.find(f"{{{W}}}tcPr/{{{W}}}gridSpan")
                merge = cell.find(f"{{{W}}}tcPr/{{{W}}}vMerge")
                colspan = int(span.get(f"{{{W}}}val", "1")) if span is not None else 1
                if merge is not None and merge.get(f"{{{W}}}val", "continue") == "continue":
                    text = ""  # filled from the cell above, which vMerge continues
                cells.append((text, colspan, 1))
            grid.add_row(cells)
            plain.append(" ".join(dict.fromkeys(text for text, _, _ in cells if text)))  # merged cells repeat
        rows = _fill_down(grid.table(), table)
        if nested or not is_data_table(rows):
            return plain
        return row_lines(rows)

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


def _fill_down(rows: list[list[str]], table: Any) -> list[list[str]]:
    """Cells continued from the row above (w:vMerge without "restart") take that row's text."""
    merged: set[tuple[int, int]] = set()
    for row_index, row in enumerate(table.findall(f"{{{W}}}tr")):
        column = 0
        for cell in row.findall(f"{{{W}}}tc"):
            span = cell.find(f"{{{W}}}tcPr/{{{W}}}gridSpan")
            colspan = int(span.get(f"{{{W}}}val", "1")) if span is not None else 1
            merge = cell.find(f"{{{W}}}tcPr/{{{W}}}vMerge")
            if merge is not None and merge.get(f"{{{W}}}val", "continue") == "continue":
                merged.update((row_index, column + offset) for offset in range(colspan))
            column += colspan
    for row_index, column in sorted(merged):
        if row_index > 0 and column < len(rows[row_index]):
            rows[row_index][column] = rows[row_index - 1][column]
    return rows
