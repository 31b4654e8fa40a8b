"""How much of a PDF text layer is not text: glyph names, cid codes, private-use and stray codes.

A font without a Unicode mapping gives pypdf its glyph names ("/G73/G47/GA8"), pdfminer-style
"(cid:123)" codes, Private Use Area characters, or glyph ids read as characters (unrelated scripts,
or Chinese made of rare characters only). A viewer shows such a page fine; no extractor can read it, so it needs OCR.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

COMMON_CHARS = Path(__file__).with_name("common_chars.txt")  # scripts/make_common_chars.py
MIN_CHINESE = 20  # characters a page needs before its Chinese is judged
MIN_COMMON = 0.6  # real text: over 0.97 of its Chinese is common; glyph ids read as text: about 0.2
GLYPH_NAME = re.compile(
    r"/(?:[A-Za-z]{1,3}[0-9A-Fa-f]{1,4}|uni[0-9A-Fa-f]{4,6}|g\d{1,5}|glyph\d+)(?![A-Za-z])"
)
CID_CODE = re.compile(r"\(cid:\d+\)")


@cache
def _common() -> frozenset[str]:
    return frozenset(COMMON_CHARS.read_text(encoding="utf-8").replace("\n", ""))


def _chinese(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff"


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
    counts one each, and so does every Chinese character of a page whose Chinese is mostly rare
    characters (glyph ids of a font without /ToUnicode, read as Unicode). An empty page is 0.
    """
    body = re.sub(r"\s+", "", text)
    if not body:
        return 0.0
    coded = sum(len(m.group(0)) for m in GLYPH_NAME.finditer(body)) + sum(
        len(m.group(0)) for m in CID_CODE.finditer(body)
    )
    rest = CID_CODE.sub("", GLYPH_NAME.sub("", body))
    stray = sum(1 for char in rest if not _plain(char))
    chinese = [char for char in rest if _chinese(char)]
    if len(chinese) >= MIN_CHINESE:
        common = _common()
        if sum(char in common for char in chinese) < MIN_COMMON * len(chinese):
            stray += len(chinese)  # glyph ids read as characters: Chinese-looking, but no text
    return (coded + stray) / len(body)
