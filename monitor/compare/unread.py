"""Does a report hold a target-like figure that extraction did not read?

`no_targets` (无量化目标) claims that the newer report sets no numeric target. That is only said when
its text holds no target-like figure at all; when extraction found none but the text has a plan cue
followed by a number (力争…20%, 目标 … 340亿元, a 建议目标 table), the diff says 未能识别目标 and quotes
the passage, so the reader opens the document instead of trusting a false "no targets". Cues: plan_cues.yaml.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml

CUES_FILE = Path(__file__).with_name("plan_cues.yaml")
# A figure: a number with a unit, or a bare one as in a table's cells, but not a date or an ordinal.
NUMBER = re.compile(
    r"(?<![\d.])(?:\d+(?:\.\d+)?\s*(?:%|％|个百分点|万|亿|千|百|家|个|人|元|项|吨|亩|平方|件|户|套|座|所|台|条|公里)"
    r"|\d+\.\d+|\d{2,3}(?![\d.]))(?!\s*[年月日号期届次位名])"
)
SENTENCE_END = re.compile(r"[。；;！？!?]")


@cache
def _rules() -> tuple[re.Pattern[str], re.Pattern[str], int, list[str]]:
    data: dict[str, Any] = yaml.safe_load(CUES_FILE.read_text(encoding="utf-8"))
    cues = sorted(map(str, data["cues"]), key=len, reverse=True)
    cue = re.compile("|".join([*map(re.escape, cues), str(data["horizon"])]))
    tables = [str(word) for word in data["see_table"]]
    review = re.compile("(?:" + "|".join(map(re.escape, data["review_before"])) + r")[^，,。；;]{0,6}$")
    return cue, review, int(data["window"]), tables


def target_passage(text: str | None) -> str | None:
    """The first passage of `text` that reads like a target (a cue, then a number with a unit in the
    same sentence), shortened to at most 60 characters on one line; None when there is none."""
    if not text:
        return None
    from parsers.text import to_simplified

    plain = to_simplified(text)
    cue, review, window, tables = _rules()
    for found in cue.finditer(plain):
        if review.search(plain[max(0, found.start() - 8) : found.start()]):
            continue
        sentence = SENTENCE_END.split(plain[found.end() : found.end() + window], maxsplit=1)[0]
        number = NUMBER.search(sentence)
        table = next((word for word in tables if word in sentence), None)
        if number or table:
            start = max(0, found.start() - 10)
            end = found.end() + (number.end() if number else sentence.index(table or "") + len(table or ""))
            return " ".join(plain[start:end].split())[:60]
    return None
