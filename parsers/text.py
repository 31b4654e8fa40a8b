"""Text normalisation shared by every format: one script, ASCII digits, no odd whitespace."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

_SPACES = re.compile(r"[ \t\u3000\xa0\u2002\u2003\u2009\u200b\ufeff]+")
# Full-width digits and Latin letters (ＧＤＰ, Ｒ＆Ｄ) to ASCII; Chinese punctuation (，。：) stays as it is.
_FULLWIDTH_DIGITS = str.maketrans(
    {**{chr(0xFF10 + i): str(i) for i in range(10)}, **{chr(0xFF21 + i): chr(65 + i) for i in range(26)}}
    | {chr(0xFF41 + i): chr(97 + i) for i in range(26)}
    | {"％": "%", "．": ".", "＆": "&", "＋": "+"}
)


@cache
def _t2s():  # type: ignore[no-untyped-def]
    from opencc import OpenCC

    return OpenCC("t2s")


def looks_traditional(text: str, sample: int = 4000) -> bool:
    """True when converting to simplified changes a noticeable share of the characters."""
    head = text[:sample]
    if not head:
        return False
    changed = sum(1 for a, b in zip(head, _t2s().convert(head), strict=False) if a != b)
    # t2s also touches a few characters of simplified text (著→着), so ask for a real share.
    return changed >= 2 and changed >= len(head) * 0.01


def to_simplified(text: str) -> str:
    return _t2s().convert(text) if looks_traditional(text) else text


def clean_line(line: str) -> str:
    line = unicodedata.normalize("NFC", line).translate(_FULLWIDTH_DIGITS)
    line = _SPACES.sub(" ", line)
    # Spaces around CJK characters are typesetting, not content: "GDP94.1 亿元" → "GDP94.1亿元".
    # Two figures side by side ("312.5 7.1", a PDF table row) stay apart.
    line = re.sub(
        r"(?<=[\u4e00-\u9fff%，。、；：）])\s+(?=[\u4e00-\u9fff\d（(])|(?<=\d)\s+(?=[\u4e00-\u9fff（(])",
        "",
        line,
    )
    line = re.sub(r"(?<=[\u4e00-\u9fff])\s+(?=[\dA-Za-z%])", "", line)
    return line.strip()


def normalise_text(text: str) -> str:
    """Paragraphs as lines, blank lines collapsed, traditional script converted."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [clean_line(line) for line in text.split("\n")]
    return to_simplified("\n".join(line for line in lines if line))
