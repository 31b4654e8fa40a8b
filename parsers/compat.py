"""Text that looks right and is not: compatibility code points read as the characters they show.

PDF producers (and some web editors) map glyphs to look-alike code points: Kangxi radicals and CJK
radicals (⻓ U+2ED3 for 长, ⾦ U+2FA6 for 金), CJK compatibility ideographs (U+F900…), full-width
forms (Ｇ, ／). A reader sees 长; a program sees another character, so "增⻓" is not "增长" and
"万元／亩" is not "万元/亩". Every reader of parsed text goes through `repair_compatibility` first.

Radicals are mapped with the Unicode Character Database's EquivalentUnifiedIdeograph.txt (shipped
beside this module, Unicode 15.0; NFKC maps only the Kangxi block, not the CJK Radicals Supplement
where ⻓ lives); compatibility ideographs with their canonical decomposition (NFC). Full-width forms
get NFKC except the clause punctuation the extractor reads Chinese text by (，：；（）！？～), which
NFKC would turn into ASCII.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import cache
from pathlib import Path

EQUIVALENTS = Path(__file__).with_name("EquivalentUnifiedIdeograph.txt")
RADICAL_BLOCKS = ((0x2E80, 0x2EFF), (0x2F00, 0x2FDF))  # CJK Radicals Supplement, Kangxi Radicals
COMPAT_BLOCKS = ((0xF900, 0xFAFF), (0x2F800, 0x2FA1F))  # CJK Compatibility Ideographs (+ Supplement)
KEEP_FULLWIDTH = frozenset("，：；（）！？～")
SUSPECT = re.compile("[\u2e80-\u2fdf\uf900-\ufaff\U0002f800-\U0002fa1f\uff01-\uff5e]")
LOOK_ALIKES = {"radical": "Kangxi/CJK radicals", "ideograph": "CJK compatibility ideographs"}


def _in(code: int, blocks: tuple[tuple[int, int], ...]) -> bool:
    return any(low <= code <= high for low, high in blocks)


@cache
def _radicals() -> dict[int, str]:
    """Radical code point → its equivalent unified ideograph, from the Unicode data file."""
    table: dict[int, str] = {}
    for line in EQUIVALENTS.read_text(encoding="utf-8").splitlines():
        data = line.split("#", 1)[0].strip()
        if not data:
            continue
        span, target = (field.strip() for field in data.split(";"))
        first, _, last = span.partition("..")
        for code in range(int(first, 16), int(last or first, 16) + 1):
            if _in(code, RADICAL_BLOCKS):
                table[code] = chr(int(target, 16))
    return table


@cache
def _table() -> dict[int, str]:
    """One translation table for str.translate: radicals, compatibility ideographs, full-width forms."""
    table = dict(_radicals())
    for low, high in COMPAT_BLOCKS:
        for code in range(low, high + 1):
            unified = unicodedata.normalize("NFC", chr(code))
            if unified != chr(code):
                table[code] = unified
    for code in range(0xFF01, 0xFF5F):
        if chr(code) not in KEEP_FULLWIDTH:
            table[code] = unicodedata.normalize("NFKC", chr(code))
    return table


def _kind(char: str) -> str | None:
    code = ord(char)
    if _in(code, RADICAL_BLOCKS):
        return "radical"
    if _in(code, COMPAT_BLOCKS):
        return "ideograph"
    return None


def repair_compatibility(text: str) -> tuple[str, Counter[str]]:
    """`text` with look-alike code points as the characters they show, and what was repaired.

    Returns (text, counts): counts["radical"] and counts["ideograph"] are the radicals and
    compatibility ideographs replaced (full-width forms are common in ordinary text and not
    counted); counts["example:⻓→长"] holds up to three examples. Text without any is returned
    as it is, at the cost of one regex search.
    """
    counts: Counter[str] = Counter()
    if not SUSPECT.search(text):
        return text, counts
    table = _table()
    for char in dict.fromkeys(SUSPECT.findall(text)):  # in order of appearance
        kind = _kind(char)
        if kind and ord(char) in table:
            counts[kind] += text.count(char)
            if sum(1 for key in counts if key.startswith("example:")) < 3:
                counts[f"example:{char}→{table[ord(char)]}"] += 1
    return text.translate(table), counts


def repair_note(counts: Counter[str]) -> str | None:
    """The warning for a document whose text needed the repair, or None where it did not."""
    kinds = [f"{counts[kind]} {name}" for kind, name in LOOK_ALIKES.items() if counts[kind]]
    if not kinds:
        return None
    examples = ", ".join(key.removeprefix("example:") for key in counts if key.startswith("example:"))
    return (
        f"text layer uses look-alike code points ({' and '.join(kinds)}, e.g. {examples}): "
        "read as the unified characters"
    )
