"""Numbers as Chinese reports write them: Arabic, Chinese numerals, 万/亿 multipliers, fractions."""

from __future__ import annotations

import re

# Digits and number punctuation only: the clause text keeps the report's own full-width punctuation.
FULLWIDTH = str.maketrans("０１２３４５６７８９．％　", "0123456789.% ")

CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
CN_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}

# A Chinese numeral must start with a digit word or 十 (十二, 二十): 万/亿 alone are units.
CN_NUMBER = "[一二两三四五六七八九十][零〇一二两三四五六七八九十百千]*"
FRACTION = re.compile(r"([一二三四五六七八九十]+)分之([一二三四五六七八九十]+)")


def normalise(text: str) -> str:
    """Full-width digits and punctuation to ASCII so one set of patterns reads every report."""
    return text.translate(FULLWIDTH).replace("\xa0", " ")


def cn_to_int(numeral: str) -> int | None:
    """三 → 3, 十二 → 12, 二十 → 20, 一百零五 → 105, 三千 → 3000; None if it is not a numeral."""
    if not numeral:
        return None
    total = 0
    section = 0
    digit: int | None = None
    for char in numeral:
        if char in CN_DIGITS:
            digit = CN_DIGITS[char]
        elif char in CN_SMALL_UNITS:
            section += (1 if digit is None else digit) * CN_SMALL_UNITS[char]
            digit = None
        elif char in CN_BIG_UNITS:
            section += digit or 0
            total += section * CN_BIG_UNITS[char]
            section, digit = 0, None
        else:
            return None
    return total + section + (digit or 0)


def fraction_percent(numerator: str, denominator: str) -> float | None:
    """四分之一 → 25.0, 三分之一 → 33.3 (a share in words is a percentage, one decimal)."""
    top = cn_to_int(numerator)
    bottom = cn_to_int(denominator)
    if not top or not bottom:
        return None
    return round(100.0 * top / bottom, 1)


def to_number(text: str) -> float | int | None:
    """An Arabic or Chinese numeral as int when whole, else float."""
    text = text.replace(",", "").replace(" ", "")
    try:
        value = float(text)
    except ValueError:
        parsed = cn_to_int(text)
        if parsed is None:
            return None
        value = float(parsed)
    return int(value) if value.is_integer() and "." not in text else value
