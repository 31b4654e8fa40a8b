"""PDF to text: pypdf's text layer, with the line breaks inside sentences joined back.

PDF text comes as typeset lines: "同比增长\n7.6%" must read "同比增长7.6%". Lines that repeat on
most pages (running headers, footers) and page numbers are dropped. No text layer means a scan.
"""

from __future__ import annotations

import io
import re
from collections import Counter

from parsers.errors import ParseFailure

PAGE_NUMBER = re.compile(
    r"^\s*(-\s*\d+\s*-|—\s*\d+\s*—|第\s*\d+\s*页(\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|\d{1,3})\s*$"
)
SENTENCE_END = "。！？；：”」）…"
MAX_PAGES = 300


def _unspace(line: str) -> str:
    """Some PDF producers place every glyph apart ("同 比 增 长 8 %"): close those gaps."""
    stripped = line.strip()
    if len(stripped) >= 6 and stripped.count(" ") >= 0.4 * len(stripped.replace(" ", "")):
        return re.sub(r"(?<=\S) (?=\S)", "", line)
    return line


def _join(lines: list[str]) -> str:
    """Join typeset lines into paragraphs: a line that does not end a sentence continues."""
    paragraphs: list[str] = []
    current = ""
    widths = sorted(len(line.strip()) for line in lines if line.strip())
    full_width = widths[len(widths) * 3 // 4] if widths else 0
    for line in lines:
        stripped = line.strip()
        if not stripped:
            if current:
                paragraphs.append(current)
                current = ""
            continue
        starts_new = line.startswith(("  ", "\u3000")) or re.match(
            r"^[一二三四五六七八九十]+、|^（[一二三四五六七八九十]+）", stripped
        )
        if current and (current[-1] in SENTENCE_END or starts_new):
            paragraphs.append(current)
            current = stripped
        else:
            current += stripped
        if full_width and len(stripped) < 0.6 * full_width and not starts_new and current == stripped:
            # A short line standing alone (a heading) ends its paragraph even without punctuation.
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return "\n".join(paragraphs)


def pdf_text(raw: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    raise ParseFailure("failed", "encrypted PDF: needs a password")
            except (NotImplementedError, PdfReadError) as exc:
                raise ParseFailure("failed", f"encrypted PDF: {exc}") from None
        # NULs come from CID fonts whose glyphs map to two-byte codes; they are never content.
        pages = [(page.extract_text() or "").replace("\x00", "") for page in reader.pages[:MAX_PAGES]]
    except ParseFailure:
        raise
    except Exception as exc:  # pypdf raises many types on corrupt files
        raise ParseFailure("failed", f"corrupt PDF: {type(exc).__name__}: {exc}"[:300]) from None
    if sum(len(page.strip()) for page in pages) < 20:
        raise ParseFailure("needs-ocr", f"PDF has no text layer ({len(pages)} pages): needs OCR")
    page_lines = [page.split("\n") for page in pages]
    repeated: Counter[str] = Counter()
    for lines in page_lines:
        repeated.update({line.strip() for line in lines if line.strip()})
    threshold = max(2, len(pages) * 0.6)
    kept: list[str] = []
    for lines in page_lines:
        for line in lines:
            if PAGE_NUMBER.match(line) or (len(pages) >= 2 and repeated[line.strip()] >= threshold):
                continue
            kept.append(_unspace(line))
        kept.append("")
    return _join(kept)
