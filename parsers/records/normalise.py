"""Damaged text repaired before analysis: what real report pages do to their own numbers.

Each repair is one small function; `normalise` runs them in order. They only rewrite notation
(debris, spacing, digit forms, masks), never meaning, and keep the text's lines as they are.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path

import yaml

from parsers.records.numbers import normalise as fullwidth_digits
from parsers.records.numbers import percent_words

DATA = Path(__file__).with_name("damage.yaml")


@cache
def _data() -> dict[str, str | list[str]]:
    return yaml.safe_load(DATA.read_text(encoding="utf-8"))


# --- pinyin ruby debris: "經(jīng)開區(qū)" → "經開區" -------------------------------------------------

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
# "(jīng)", "（qū）" or "(jing1)" right after a Chinese character; one to four syllables.
_SYLLABLE = rf"[a-zü{_TONED}]{{1,6}}[1-5]?"
_RUBY = re.compile(rf"(?<=[\u3400-\u9fff])\s?[(（](?P<py>{_SYLLABLE}(?:\s{_SYLLABLE}){{0,3}})[)）]")
# Tone digits count only from three readings on: one "(a1)" is a label, not a reading.
_TONE_MARK = re.compile(rf"[{_TONED}]|[a-zü][1-5]")


@cache
def _syllable() -> re.Pattern[str]:
    data = _data()
    initials = "|".join(sorted(data["pinyin_initials"], key=len, reverse=True))
    finals = "|".join(sorted(data["pinyin_finals"], key=len, reverse=True))
    return re.compile(rf"(?:{initials})?(?:{finals})")


_TONE_DIGITS = str.maketrans("", "", "12345")


def _toneless(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("ü", "v"))
    return "".join(char for char in decomposed if not unicodedata.combining(char)).replace("ü", "v")


def strip_ruby(text: str) -> str:
    """Drop pinyin readings a machine conversion left after each character.

    Only texts that carry tone-marked readings ("jīng", or at least three with tone digits such as
    "jing1") are touched, so "人工智能(ai)" in an ordinary text keeps its Latin word; there,
    toneless readings ("的(de)") go too.
    """
    if "(" not in text and "（" not in text:
        return text
    found = list(_RUBY.finditer(text))
    marked = sum(1 for match in found if _TONE_MARK.search(match.group("py")))
    if not marked or (
        marked < 3 and not any(char in _TONED for match in found for char in match.group("py"))
    ):
        return text
    syllable = _syllable()

    def repl(match: re.Match[str]) -> str:
        words = _toneless(match.group("py")).translate(_TONE_DIGITS).split()
        return "" if all(syllable.fullmatch(word) for word in words) else match.group(0)

    return _RUBY.sub(repl, text)


# --- spaces inside a decimal number: "36. 7亿元" → "36.7亿元" --------------------------------------

# A gap on either side of the point, never a gap between two whole numbers ("2022 2023").
_SPLIT_DECIMAL = re.compile(r"(?<![\d.])(?P<int>\d+)(?:[ \t]*\.[ \t]+|[ \t]+\.[ \t]*)(?P<frac>\d+)(?![\d.])")
# "1. 2023年…": a list number before a year or date, not a decimal.
_DATE_AFTER = re.compile(r"\s*[年月日号]")


def join_split_decimals(text: str) -> str:
    """Close the gap PDF justification puts around a decimal point ("24. 3", "1 .04").

    A list number at the start of a line or sentence ("1. 20家企业", "…。2. 30个项目") and a
    number followed by a date word ("1. 2023年") are left alone.
    """
    if "." not in text:
        return text

    def repl(match: re.Match[str]) -> str:
        line_start = text.rfind("\n", 0, match.start()) + 1
        lead = text[line_start : match.start()].strip()
        if not lead or lead[-1] in "：:；;。！？!?":
            return match.group(0)  # a list number opens the line, the item or the sentence
        if _DATE_AFTER.match(text, match.end()):
            return match.group(0)
        return f"{match.group('int')}.{match.group('frac')}"

    return _SPLIT_DECIMAL.sub(repl, text)


# --- masked digits: "**亿元", "1x.5%", "＊＊家" → "xx亿元", "xx.x%", "xx家" ---------------------------

_MASK_RUN = re.compile(
    r"(?<![A-Za-z\d*＊])(?P<run>[\dxX*＊]*[xX*＊][\dxX*＊]*(?:\.[\dxX*＊]+)?|\d+\.[\dxX*＊]*[xX*＊][\dxX*＊]*)"
)
# "GDPxx亿元": a lower-case mask glued to an acronym.
_GLUED_MASK = re.compile(r"(?<=[A-Z])(?P<run>x+(?:\.x+)?)")


def _before_unit(match: re.Match[str]) -> bool:
    after = match.string[match.end() : match.end() + 2].lstrip()
    return bool(after) and after[0] in _data()["mask_unit_starts"]


def _mask(match: re.Match[str]) -> str:
    run = match.group("run")
    if not _before_unit(match):
        return run
    body = run.lstrip("*＊")
    if body != run and body and not any(char in "xX*＊" for char in body):
        return run  # "**10家**": Markdown emphasis around a whole number, not a mask
    return "".join("." if char == "." else "x" for char in run)


# "x余个", "xx 多亩": the approximation word between a mask and its unit.
_MASK_APPROX = re.compile(r"(?<![A-Za-z])(?P<run>[xX]+(?:\.[xX]+)?)\s*[余多几](?=\s*\S)")


def _drop_mask_approx(match: re.Match[str]) -> str:
    after = match.string[match.end() : match.end() + 2].lstrip()
    if not after or after[0] not in _data()["mask_unit_starts"]:
        return match.group(0)
    return match.group("run")


def mask_digits(text: str) -> str:
    """Anonymised figures read as masks, never as numbers.

    A run of x, X, * or ＊, mixed with digits or not, before a unit becomes a run of x, which the
    extractor reads as masked (value null): no digit of "1x.5%" survives as 5%. A lower-case mask
    glued to an acronym ("GDPxx亿元") is set apart by a space so it stands on its own, and 余/多
    between a mask and its unit ("x余个") are dropped.
    """
    if not any(char in text for char in "xX*＊"):
        return text
    text = _MASK_RUN.sub(_mask, text)
    text = _GLUED_MASK.sub(lambda m: " " + m.group("run") if _before_unit(m) else m.group(0), text)
    # A mask has no value, so 余/多 after it qualify nothing; without them the mask and its unit
    # read as one quantity, whose subject a following "同比增长8%" inherits.
    return _MASK_APPROX.sub(_drop_mask_approx, text)


# Full-width Latin letters ("ＧＤＰ", "Ｒ＆Ｄ") as ASCII, so metrics and masks read the same either way.
_FULLWIDTH_LATIN = str.maketrans(
    {chr(0xFF21 + i): chr(0x41 + i) for i in range(26)}
    | {chr(0xFF41 + i): chr(0x61 + i) for i in range(26)}
    | {"＆": "&"}
)
# Most texts hold no full-width letter; the scan is much cheaper than translating every character.
_HAS_FULLWIDTH_LATIN = re.compile("[Ａ-Ｚａ-ｚ＆]")


def normalise(text: str) -> str:
    """Report text with its damage repaired, ready for analysis; the same text when undamaged.

    Full-width digits and letters to ASCII, pinyin ruby debris dropped, split decimals closed, masked figures
    as x runs, and percentages in words ("百分之八") as digits ("8%"). Lines are kept.
    """
    text = fullwidth_digits(text)
    if _HAS_FULLWIDTH_LATIN.search(text):
        text = text.translate(_FULLWIDTH_LATIN)
    text = strip_ruby(text)
    text = join_split_decimals(text)
    text = mask_digits(text)
    return percent_words(text)
