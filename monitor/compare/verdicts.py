"""Was a target met? One target record against one actual record of the year it was due.

Verdicts: `met`, `missed`, `unclear` (the evidence cannot settle it) and `progress` (a part-year
figure: 1—11月 tells how far the year got, not whether its target was met). Amounts are compared in
their quantity's base unit (units.yaml), so 6亿元 against 30个亿 is a fair comparison.

A verdict needs the direction of the target: a ceiling (`<=`, or the plain level of an indicator
where less is better: 失业率, 能耗, 排放 …) is met at or under it, any other target at or over it. A
target read as a floor on an indicator where less is better contradicts itself, and gets no verdict.
An approximate (约, 近, 余) or estimated (预计) actual settles a target only when it is clear of it
by more than its vagueness; an actual that is itself a floor (超20%) or a ceiling settles only one
side. The words are data: verdict_words.yaml.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from monitor.compare.matching import find_number, part_year, simplified
from monitor.compare.units import is_percent, to_base

WORDS_FILE = Path(__file__).with_name("verdict_words.yaml")
# A completion share of a quoted target, right before the share: "完成全年目标任务(450家)的62%".
COMPLETION = re.compile(r"(目标|任务)[^，。；]{0,15}的\s*$")
# An actual told relative to a quoted target: "比省定目标(-3%)低4.1个百分点".
RELATIVE = re.compile(r"比[^，。；]{0,12}目标[^，。；]{0,12}?(高|低|多|少)")
# What stands right before a number, back to a clause break, a colon or a list's 、.
SEGMENT_BREAK = re.compile(r"[，,；;。：:！？!?\n、|｜]")

REASONS = {
    "floor_actual": "实际数为下限（超过/以上），未达目标时无法判断",
    "ceiling_actual": "实际数为上限（以内/以下），无法判断",
    "vague": "实际数为约数或预计数，与目标的差距在其误差之内",
    "direction": "目标方向存疑：该指标越低越好，但目标被读作下限，不作判断",
}


@cache
def _words() -> dict[str, Any]:
    return yaml.safe_load(WORDS_FILE.read_text(encoding="utf-8"))


def _head(record: dict[str, Any]) -> str:
    """The record's metric and its clause up to its number (where direction words stand)."""
    text = record.get("text") or ""
    at = find_number(text, record.get("value"))
    return simplified((record.get("metric") or "") + "｜" + (text[:at] if at >= 0 else ""))


def _segment(record: dict[str, Any]) -> str:
    """The words right before the record's number, back to the last clause break: what the number
    is said of, even when extraction named the record badly ("/万元" for 能耗下降至0.43吨标准煤/万元)."""
    text = record.get("text") or ""
    at = find_number(text, record.get("value"))
    return simplified(SEGMENT_BREAK.split(text[:at])[-1]) if at >= 0 else ""


def lower_is_better(record: dict[str, Any]) -> bool:
    """Whether the record's figure is the level of an indicator where less is better (失业率 3.5%,
    能耗下降至0.40吨标准煤/万元); a fall told as a rate (能耗下降3%) is not: more fall is better."""
    words = _words()
    head = _head(record)
    metric = simplified(record.get("metric") or "") + "｜" + _segment(record)
    if not any(word in metric for word in words["lower_is_better"]):
        return False
    if any(word in head for word in words["down_to"]):
        return True
    return not (is_percent(record.get("unit")) and any(word in metric for word in words["decrease"]))


def direction(target: dict[str, Any]) -> str | None:
    """ "ceiling", "floor", or None when the target contradicts itself (a floor on 失业率)."""
    comparator = target.get("comparator") or "="
    if comparator == "<=":
        return "ceiling"
    if lower_is_better(target):
        return None if comparator == ">=" else "ceiling"
    return "floor"


def is_estimate(actual: dict[str, Any]) -> bool:
    """An estimate of the year's result: 预计, 有望 … in its name or its clause before the number."""
    return any(word in _head(actual) for word in _words()["estimate"])


def is_vague(actual: dict[str, Any]) -> bool:
    """An approximate figure (约, 近, 余: `~`) or an estimate (预计, 有望, or a year's figure given
    before the year was over: `estimated`, set by monitor/compare/report.py)."""
    return (actual.get("comparator") or "=") == "~" or bool(actual.get("estimated")) or is_estimate(actual)


def _amounts(target: dict[str, Any], actual: dict[str, Any]) -> tuple[float, float]:
    return (
        to_base(float(target["value"]), target.get("unit")),
        to_base(float(actual["value"]), actual.get("unit")),
    )


def judge(target: dict[str, Any], actual: dict[str, Any]) -> tuple[str, str | None]:
    """(`met` | `missed` | `unclear` | `progress`, the reason when unclear) for a target and the
    actual reported for its year, both matched as one indicator."""
    if part_year(actual):
        return "progress", None
    way = direction(target)
    if way is None:
        return "unclear", "direction"
    ceiling = way == "ceiling"
    goal, value = _amounts(target, actual)
    if is_vague(actual):
        margin = float(_words()["vagueness"]) * abs(goal)
        if value > goal + margin:
            return ("missed" if ceiling else "met"), None
        if value < goal - margin:
            return ("met" if ceiling else "missed"), None
        return "unclear", "vague"
    reached = value <= goal if ceiling else value >= goal
    comparator = actual.get("comparator") or "="
    if comparator == ">=" and ((ceiling and reached) or (not ceiling and not reached)):
        return "unclear", "floor_actual"  # "超20%" against 22%: at least 20, maybe more
    if comparator == "<=" and ((ceiling and not reached) or (not ceiling and reached)):
        return "unclear", "ceiling_actual"
    return ("met" if reached else "missed"), None


def verdict(target: dict[str, Any], actual: dict[str, Any]) -> str:
    """`met`, `missed`, `unclear` or `progress` (see `judge`)."""
    return judge(target, actual)[0]


def reason_text(target: dict[str, Any] | None, actual: dict[str, Any] | None) -> str | None:
    """Why a target and its actual give no verdict, in Chinese; None when they give one."""
    if not target or not actual or target.get("value") is None or actual.get("value") is None:
        return None
    outcome, reason = judge(target, actual)
    return REASONS.get(reason or "") if outcome == "unclear" else None


def quoted_verdict(
    target: dict[str, Any], actuals: list[dict[str, Any]]
) -> tuple[str, dict[str, Any]] | None:
    """A target quoted inside the review, settled by the actual of the same clause, if there is one.

    "完成全年目标任务(450家)的62%": a completion share, met at 100 %. "比省定目标(-3%)低4.1个百分点": an
    actual relative to the target, met when it is on the good side (lower for falls and ceilings).
    """
    text = target.get("text") or ""
    for actual in actuals:
        if actual.get("text") != text or actual is target or actual.get("value") is None:
            continue
        value = float(actual["value"])
        part = part_year(actual)
        at = find_number(text, value)
        completion = at >= 0 and COMPLETION.search(text[:at])
        if actual.get("unit") in ("%", "％") and (
            completion or COMPLETION.search(actual.get("metric") or "")
        ):
            if value >= 100:
                return "met", actual
            return ("progress" if part else "missed"), actual
        relative = RELATIVE.search(text)
        if relative and "百分点" in (actual.get("unit") or ""):
            above = relative.group(1) in ("高", "多")
            metric = simplified(target.get("metric") or "") + text
            lower_better = (
                direction(target) != "floor"
                or float(target["value"]) < 0  # a target written as a fall (-3%)
                or any(word in metric for word in _words()["lower_is_better"] + _words()["decrease"])
            )
            good = (not above) if lower_better else above
            if part:
                return "progress", actual
            return ("met" if good or value == 0 else "missed"), actual
    return None
