"""DOCX to text: paragraphs and table rows, after checking the ZIP is what it claims to be."""

from __future__ import annotations

import io
import zipfile

from parsers.errors import ParseFailure

MAX_UNCOMPRESSED = 50 * 1024 * 1024
MAX_RATIO = 200


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


def docx_text(raw: bytes) -> str:
    _check_zip(raw)
    import docx

    try:
        document = docx.Document(io.BytesIO(raw))
    except Exception as exc:
        raise ParseFailure("failed", f"unreadable DOCX: {type(exc).__name__}: {exc}"[:300]) from None
    from docx.table import Table

    # Body order, so a table of targets stays under the paragraph that introduces it.
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                cells = list(dict.fromkeys(cell.text.strip() for cell in row.cells))  # merged cells repeat
                lines.append(" ".join(cells))
        else:
            lines.append(block.text)
    return "\n".join(line for line in lines if line.strip())
