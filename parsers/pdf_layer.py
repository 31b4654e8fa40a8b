"""How much of a PDF text layer is not text: glyph names, cid codes, private-use and stray codes.

A font without a Unicode mapping gives pypdf its glyph names ("/G73/G47/GA8"), pdfminer-style
"(cid:123)" codes, Private Use Area characters, or glyph ids read as characters of unrelated
scripts. A viewer shows such a page fine; no extractor can read it, so it needs OCR.
"""

from __future__ import annotations

import re

GLYPH_NAME = re.compile(
    r"/(?:[A-Za-z]{1,3}[0-9A-Fa-f]{1,4}|uni[0-9A-Fa-f]{4,6}|g\d{1,5}|glyph\d+)(?![A-Za-z])"
)
CID_CODE = re.compile(r"\(cid:\d+\)")


def _plain(char: str) -> bool:
    """Characters a Chinese report is written in: CJK, ASCII, their punctuation and full-width forms."""
    code = ord(char)
    return (
        code < 0x80
        or 0x3000 <= code <= 0x303F  # CJK punctuation
        or 0x3400 <= code <= 0x4DBF
        or 0x4E00 <= code <= 0x9FFF
        or 0xFF00 <= code <= 0xFFEF  # full-width forms
        or 0x2000 <= code <= 0x206F  # general punctuation: —, “”, …
        or 0x2460 <= code <= 0x24FF  # ①②
        or char in "·×÷°±≤≥％‰¥€£々〇"
        or 0x2160 <= code <= 0x217F  # Ⅰ Ⅱ
        or 0x20000 <= code <= 0x2FFFF  # rarer CJK
    )


def unreadable_share(text: str) -> float:
    """Share (0–1) of a page's non-space characters that are not readable text.

    Glyph names and cid codes count with all their characters; any other character outside the
    scripts of a Chinese report (private-use, replacement, control characters, unrelated scripts)
    counts one each. An empty page is 0.
    """
    body = re.sub(r"\s+", "", text)
    if not body:
        return 0.0
    coded = sum(len(m.group(0)) for m in GLYPH_NAME.finditer(body)) + sum(
        len(m.group(0)) for m in CID_CODE.finditer(body)
    )
    rest = CID_CODE.sub("", GLYPH_NAME.sub("", body))
    stray = sum(1 for char in rest if not _plain(char))
    return (coded + stray) / len(body)
