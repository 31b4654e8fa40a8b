"""PDF to text: pypdf's text layer, with the line breaks inside sentences joined back.

PDF text comes as typeset lines: "同比增长\n7.6%" must read "同比增长7.6%", and a sentence cut by
a page break reads whole. Lines that repeat at the top or bottom of most pages (running headers,
footers) and page numbers are dropped, but the document's title stays even when later pages repeat
it as their header. No text layer means a scan; a text layer of glyph names or
unmapped codes is unreadable too (both need OCR).
"""

from __future__ import annotations

import io
import re
from collections import Counter
from typing import Any

from parsers.compat import repair_compatibility, repair_note
from parsers.errors import ParseFailure
from parsers.pdf_layer import unreadable_share
from parsers.pdf_tables import with_table_rows
from parsers.table_text import is_pipe_line

PAGE_NUMBER = re.compile(
    r"^\s*(-\s*\d+\s*-|—\s*\d+\s*—|第\s*\d+\s*页(\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|\d{1,3})\s*$"
)
SENTENCE_END = "。！？；：”」）…"
HEADING = re.compile(r"^[一二三四五六七八九十]+、|^（[一二三四五六七八九十]+）")
# A document title names what the document is; an organisation's letterhead ("…管委会文件") does not.
TITLE = re.compile(r"(报告|讲话|发言|致辞|总结|要点|规划|计划|纲要|意见|方案|公报)(（[^）]*）)?$")
BODY_END = tuple("。！？；")
CLAUSE_MARK = re.compile(r"[，。；,;：:]")
MAX_PAGES = 300
EDGE_LINES = 3  # running headers and footers sit among the first or last lines of a page
UNREADABLE = 0.3
MIN_PAGE_TEXT = 5  # characters below which a page has no text layer (a scan, a photo, a blank page)  # a page whose text is more than this share of glyph names or unmapped codes


def _unspace(line: str) -> str:
    """Some PDF producers place every glyph apart ("同 比 增 长 8 %"): close those gaps."""
    stripped = line.strip()
    if len(stripped) >= 6 and stripped.count(" ") >= 0.4 * len(stripped.replace(" ", "")):
        return re.sub(r"(?<=\S) (?=\S)", "", line)
    return line


def _standalone(line: str, full_width: int) -> bool:
    """A line that is a paragraph by itself: short, or a numbered heading that does not wrap."""
    if not full_width:
        return False
    if len(line) < 0.6 * full_width:
        return True
    return bool(HEADING.match(line)) and not CLAUSE_MARK.search(line) and len(line) < 0.9 * full_width


def _join(lines: list[str]) -> str:
    """Join typeset lines into paragraphs: a line that does not end a sentence continues.

    An empty line ends a paragraph; a page break is not an empty line (it is simply the next
    line), so a sentence cut by it reads whole. A short line that starts a paragraph (a heading
    such as "一、2023年工作回顾") ends its paragraph even without punctuation.
    """
    paragraphs: list[str] = []
    current = ""
    widths = sorted(len(line.strip()) for line in lines if line.strip())
    full_width = widths[len(widths) * 3 // 4] if widths else 0
    for line in lines:
        stripped = line.strip()
        if not stripped or is_pipe_line(stripped):
            if current:
                paragraphs.append(current)
                current = ""
            if stripped:
                paragraphs.append(stripped)  # a table row stands alone, however wide
            continue
        starts_new = line.startswith(("  ", "\u3000")) or HEADING.match(stripped)
        if current and (current[-1] in SENTENCE_END or starts_new):
            paragraphs.append(current)
            current = stripped
        else:
            current += stripped
        if current == stripped and _standalone(stripped, full_width):
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return "\n".join(paragraphs)


def _edge_key(line: str) -> str:
    """A header line with its page number masked: "工作报告 第3页" and "工作报告 第4页" repeat."""
    return re.sub(r"\d+", "#", line.strip())


def _drop_running_lines(page_lines: list[list[str]]) -> list[str]:
    """The pages' lines in order, without page numbers and running headers or footers."""
    pages = [[line for line in lines if line.strip()] for lines in page_lines]
    edges: Counter[str] = Counter()
    for lines in pages:
        # A line that ends a sentence is body text, never a header.
        edge = [
            line for line in lines[:EDGE_LINES] + lines[-EDGE_LINES:] if not line.rstrip().endswith(BODY_END)
        ]
        edges.update({_edge_key(line) for line in edge})
    threshold = max(2, len(pages) * 0.6)
    running = {key for key, count in edges.items() if count >= threshold} if len(pages) >= 2 else set()
    kept: list[str] = []
    for number, lines in enumerate(pages):
        for index, line in enumerate(lines):
            if PAGE_NUMBER.match(line):
                continue
            at_edge = index < EDGE_LINES or index >= len(lines) - EDGE_LINES
            # The title opens the document; later pages repeating it as a header do not remove it.
            is_title = not kept and number == 0 and TITLE.search(line.strip()) is not None
            if at_edge and _edge_key(line) in running and not is_title:
                continue
            kept.append(line if is_pipe_line(line) else _unspace(line))
    return kept


def _numbers(pages: list[int]) -> str:
    return ", ".join(str(number) for number in pages[:10]) + ("…" if len(pages) > 10 else "")


def _readable_pages(
    pages: list[str], warnings: list[str] | None, broken: frozenset[int] = frozenset()
) -> list[str]:
    """Pages whose text layer reads as text, the others emptied and named in `warnings`.

    Raises needs-ocr when half the pages or more have an unmapped text layer, or when most pages
    have no text at all (a scanned body behind a typed cover page).
    """
    unmapped = [number for number, page in enumerate(pages, 1) if unreadable_share(page) > UNREADABLE]
    blank = [
        number
        for number, page in enumerate(pages, 1)
        if len(page.strip()) < MIN_PAGE_TEXT and number not in broken  # broken pages are named already
    ]
    notes = []
    if unmapped:
        sample = pages[unmapped[0] - 1].strip()[:40]
        reason = (
            f"text layer has no Unicode mapping on {len(unmapped)} of {len(pages)} pages (reads {sample!r})"
        )
        if len(unmapped) * 2 >= len(pages):
            raise ParseFailure("needs-ocr", f"{reason}: needs OCR")
        notes.append(f"{reason}; pages {_numbers(unmapped)} were not read")
    if blank:
        reason = f"{len(blank)} of {len(pages)} pages have no text layer (scanned?)"
        if (len(blank) + len(unmapped)) * 2 > len(pages):
            raise ParseFailure("needs-ocr", f"{reason}: needs OCR")
        notes.append(f"{reason}: pages {_numbers(blank)}")
    if warnings is not None:
        warnings.extend(notes)
    return [page if number not in unmapped else "" for number, page in enumerate(pages, 1)]


def _page_texts(pages: Any) -> tuple[list[str], list[tuple[int, str]]]:
    """Each page's text ("" for a page pypdf fails on) and the failed pages with the error."""
    texts: list[str] = []
    broken: list[tuple[int, str]] = []
    for number, page in enumerate(pages, 1):
        try:
            # NULs come from CID fonts whose glyphs map to two-byte codes; they are never content.
            plain = (page.extract_text() or "").replace("\x00", "")
            texts.append(with_table_rows(plain, page))
        except Exception as exc:  # one damaged content stream costs its page, not the document
            texts.append("")
            broken.append((number, f"{type(exc).__name__}: {exc}"[:120]))
    return texts, broken


def pdf_text(raw: bytes, warnings: list[str] | None = None) -> str:
    """The text of a PDF, paragraphs as lines.

    Raises ParseFailure: "failed" for corrupt or password-protected files, "needs-ocr" for scans
    and for text layers that do not map to Unicode (glyph names such as /G73/G47, Private Use
    Area codes, cid:NN). Pages that are unreadable while most are fine are skipped and named in
    `warnings`, as are pages beyond MAX_PAGES.
    """
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
        pages, broken = _page_texts(reader.pages[:MAX_PAGES])
        total = len(reader.pages)
    except ParseFailure:
        raise
    except Exception as exc:  # pypdf raises many types on corrupt files
        raise ParseFailure("failed", f"corrupt PDF: {type(exc).__name__}: {exc}"[:300]) from None
    if broken and len(broken) == len(pages):
        raise ParseFailure("failed", f"corrupt PDF: no page could be read ({broken[0][1]})"[:300])
    if broken and warnings is not None:
        pages_named = _numbers([number for number, _ in broken])
        warnings.append(
            f"{len(broken)} of {len(pages)} pages could not be read ({broken[0][1]}): pages {pages_named}"
        )
    if sum(len(page.strip()) for page in pages) < 20:
        raise ParseFailure("needs-ocr", f"PDF has no text layer ({len(pages)} pages): needs OCR")
    # Look-alike code points (⻓ for 长) are read as what they show before a page is judged, so a
    # text layer full of radicals is repaired, not taken for an unmapped one.
    repaired: Counter[str] = Counter()
    for index, page in enumerate(pages):
        pages[index], counts = repair_compatibility(page)
        repaired.update(counts)
    note = repair_note(repaired)
    if note and warnings is not None:
        warnings.append(note)
    pages = _readable_pages(pages, warnings, frozenset(number for number, _ in broken))
    if total > MAX_PAGES and warnings is not None:
        warnings.append(f"PDF of {total} pages: only the first {MAX_PAGES} were read")
    return _join(_drop_running_lines([page.split("\n") for page in pages]))
