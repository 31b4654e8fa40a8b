"""Numbers as Chinese reports write them: Arabic, Chinese numerals, 万/亿 multipliers, fractions.

Chinese numerals are read by cn2an (its "normal" mode: 两, 〇, 一万五千, 零点五, 一千零十) behind a
pattern of our own, so cn2an only ever sees a whole numeral and never guesses inside a sentence
(its `transform` reads "两点一线" as 2.1线 and "一一" as 11).
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

# Digits and number punctuation only: the clause text keeps the report's own full-width punctuation.
FULLWIDTH = str.maketrans("０１２３４５６７８９．％　", "0123456789.% ")
# str.translate looks every character of a long text up one by one; most reports hold none of these,
# and a character-class scan (in C) finds that out several times faster.
_HAS_FULLWIDTH = re.compile("[０１２３４５６７８９．％　]")

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

_DIGIT = "零〇一二两三四五六七八九"
_BODY = f"[{_DIGIT}十百千]"
_START = "[一二两三四五六七八九十]"
# A Chinese numeral must start with a digit word or 十 (十二, 二十): 万/亿 alone are units. 万/亿 belong
# to the numeral only with more digits after them ("一万五千", "三亿五千万"); at the end they are the
# unit as written ("三万人" → 3 万人). Decimals in words: "零点五", "五十二点三".
# One group, so the pattern can be pasted into another one as it is.
CN_NUMBER = (
    rf"(?:(?:{_START}{_BODY}*|零)点[{_DIGIT}]+"
    rf"|{_START}{_BODY}*(?:亿{_BODY}+(?:万{_BODY}*)?|万{_BODY}+)?)"
)
# Rough numerals, read by rough_number. Two neighbouring digit words are a range in speech ("两三家",
# "三四个", "一两家", "二三十万"), 几 after a round number is "some" ("十几个", "二十几家"), and 余/多
# after a bare 十/百/千 is "over" ("百余家", "千余家").
ROUGH_PAIRS = ("一两", "两三", "二三", "三四", "四五", "五六", "六七", "七八", "八九", "三五")
ROUGH_PAIR = rf"(?<![{_DIGIT}十百千])(?:{'|'.join(ROUGH_PAIRS)})[十百千万]?(?![{_DIGIT}])"
ROUGH_FEW = rf"(?<![{_DIGIT}十百千数几])[{_DIGIT}]?[十百千](?P<mid>几)"
ROUGH_OVER = rf"(?<![{_DIGIT}十百千数几\d.])[十百千](?P<mid>余|多)"
_ADJACENT_DIGITS = re.compile(r"[一二两三四五六七八九][一二两三四五六七八九]")
# A numeral standing alone may end in 万/亿 ("十万") or be a bare zero.
CN_WHOLE = re.compile(rf"(?:{CN_NUMBER})[万亿]?|[零〇]")
FRACTION = re.compile(r"([一二三四五六七八九十]+)分之([一二三四五六七八九十]+)")
# "百分之五十二点三" / "百分之8": a percentage written unit first.
PERCENT_WORDS = re.compile(rf"百分之(?P<num>{CN_NUMBER}|百|\d+(?:\.\d+)?)")
# "一个百分点", "零点五个百分点": a change of a share, always a measurement, however small.
POINT_WORDS = re.compile(rf"(?<![{_DIGIT}十百千万亿])(?P<num>{CN_NUMBER})(?=个?百分点)")


def normalise(text: str) -> str:
    """Full-width digits and punctuation to ASCII so one set of patterns reads every report."""
    if _HAS_FULLWIDTH.search(text):
        text = text.translate(FULLWIDTH)
    return text.replace("\xa0", " ")


@lru_cache(maxsize=4096)
def cn_to_number(numeral: str) -> int | float | None:
    """A whole Chinese numeral as a number: 一千零十 → 1010, 零点五 → 0.5, 两万 → 20000.

    Integers come back as int, decimals as float; None when `numeral` is not one numeral
    (empty, mixed with other text, 万/亿 alone).
    """
    if not numeral or not CN_WHOLE.fullmatch(numeral):
        return None
    whole = numeral.split("点")[0]  # the digits after 点 are read one by one ("一点五七")
    if _ADJACENT_DIGITS.search(whole) and not re.search("[〇零]", whole):
        # "三四个", "二三十万": neighbouring digit words are a rough range in speech (rough_number),
        # and digit words one by one without 〇 are a code ("七二五所"), never 34, 230 or 725.
        return None
    import cn2an

    if "点" in numeral and numeral[-1] in CN_BIG_UNITS:
        # "一点五万": cn2an reads no multiplier after a decimal.
        head = cn_to_number(numeral[:-1])
        if head is None:
            return None
        value = Decimal(str(head)) * CN_BIG_UNITS[numeral[-1]]
        return int(value) if value == value.to_integral_value() else float(value)
    try:
        value = cn2an.cn2an(numeral, "normal")
    except (ValueError, KeyError, IndexError):
        return None
    if "点" in numeral:
        return float(value)
    return int(value)


def rough_number(numeral: str) -> int | None:
    """The lower figure of a rough numeral: 两三 → 2, 二三十 → 20, 十几 → 10, 百余 → 100; else None."""
    numeral = numeral.rstrip("余多几")
    scale = CN_SMALL_UNITS.get(numeral[-1:], 0) or CN_BIG_UNITS.get(numeral[-1:], 0)
    head = numeral[:-1] if scale else numeral
    if not head:
        return scale or None
    if len(head) == 2:  # a pair of neighbouring digit words: the lower one
        head = head[0]
    if len(head) != 1 or head not in CN_DIGITS:
        return None
    return CN_DIGITS[head] * (scale or 1)


def cn_to_int(numeral: str) -> int | None:
    """三 → 3, 十二 → 12, 二十 → 20, 一百零五 → 105, 一千零十 → 1010; None if it is not a whole number."""
    value = cn_to_number(numeral)
    return value if isinstance(value, int) else None


def fraction_percent(numerator: str, denominator: str) -> float | None:
    """四分之一 → 25.0, 三分之一 → 33.3 (a share in words is a percentage, one decimal)."""
    top = cn_to_int(numerator)
    bottom = cn_to_int(denominator)
    if not top or not bottom:
        return None
    return round(100.0 * top / bottom, 1)


def to_number(text: str) -> float | int | None:
    """An Arabic or Chinese numeral as int when whole, else float; None if it is neither."""
    text = text.replace(",", "").replace(" ", "")
    try:
        value = float(text)
    except ValueError:
        return cn_to_number(text)
    return int(value) if value.is_integer() and "." not in text else value


def digits(value: int | float) -> str:
    """A number as report text writes it in digits: 8 → "8", 1.57 → "1.57", 52.3 → "52.3"."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return format(value, "f").rstrip("0").rstrip(".") if isinstance(value, float) else str(value)


def percent_words(text: str) -> str:
    """Percentages and percentage points in words, in digits.

    百分之N is written unit first: "增长百分之一点五七" → "增长1.57%", "百分之百" → "100%". Points:
    "提高一个百分点" → "提高1个百分点", "零点五个百分点" → "0.5个百分点" (in words, 一 is read as an
    article elsewhere; before 百分点 it is always an amount). Anything that is not one whole numeral
    stays as it is.
    """

    def repl(match: re.Match[str]) -> str:
        num = match.group("num")
        value = 100 if num == "百" else to_number(num)
        if value is None:
            return match.group(0)
        return digits(value) + ("%" if match.re is PERCENT_WORDS else "")

    if "百分之" in text:
        text = PERCENT_WORDS.sub(repl, text)
    return POINT_WORDS.sub(repl, text) if "百分点" in text else text
