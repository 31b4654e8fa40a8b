"""Was a target met? One target record against one actual record of the year it was due.

Verdicts: `met`, `missed`, `unclear` (the actual cannot settle it: a floor below the target, a
ceiling above a floor target, an approximate figure short of the target or within 5 % of it) and `progress` (a part-year
figure: 1—11月 tells how far the year got, not whether its target was met). Amounts are compared
in their quantity's base unit (units.yaml), so 6亿元 against 30个亿 is a fair comparison.
"""

from __future__ import annotations

import re
from typing import Any

from monitor.compare.matching import find_number, part_year
from monitor.compare.units import to_base

# An approximate actual must pass the target by more than this share to meet it (近5亿 vs 5亿).
APPROXIMATE_MARGIN = 0.05
# A completion share of a quoted target, right before the share: "完成全年目标任务(450家)的62%".
COMPLETION = re.compile(r"(目标|任务)[^，。；]{0,15}的\s*$")
# An actual told relative to a quoted target: "比省定目标(-3%)低4.1个百分点".
RELATIVE = re.compile(r"比[^，。；]{0,12}目标[^，。；]{0,12}?(高|低|多|少)")
LOWER_IS_BETTER = re.compile(r"下降|降低|能耗|排放|事故|不超过|控制")


def _ceiling(target: dict[str, Any]) -> bool:
    return (target.get("comparator") or "=") == "<="


def _amounts(target: dict[str, Any], actual: dict[str, Any]) -> tuple[float, float]:
    return (
        to_base(float(target["value"]), target.get("unit")),
        to_base(float(actual["value"]), actual.get("unit")),
    )


def verdict(target: dict[str, Any], actual: dict[str, Any]) -> str:
    """`met`, `missed`, `unclear` or `progress` for a target and the actual reported for its year.

    A `<=` target (a ceiling: 控制在…以内) is met when the actual stays at or under it; any other
    target is a floor, met when the actual reaches it. An actual that is itself a floor (超20%) meets
    a target it is at or above, and cannot tell below it; a ceiling actual likewise the other way.
    """
    if part_year(actual):
        return "progress"
    goal, value = _amounts(target, actual)
    comparator = actual.get("comparator") or "="
    if comparator == "~":
        # 约/近/余: only a figure clearly past the target settles it; near or short of it cannot.
        margin = APPROXIMATE_MARGIN * abs(goal)
        clearly = value < goal - margin if _ceiling(target) else value > goal + margin
        return "met" if clearly else "unclear"
    reached = value <= goal if _ceiling(target) else value >= goal
    if comparator == ">=" and not reached and not _ceiling(target):
        return "unclear"  # "超20%" against 22%: at least 20, maybe more
    if comparator == "<=" and not reached and _ceiling(target):
        return "unclear"
    if comparator == ">=" and _ceiling(target) and reached:
        return "unclear"  # at least the floor, which is under the ceiling: may still be over it
    if comparator == "<=" and not _ceiling(target) and reached:
        return "unclear"
    return "met" if reached else "missed"


def quoted_verdict(
    target: dict[str, Any], actuals: list[dict[str, Any]]
) -> tuple[str, dict[str, Any]] | None:
    """A target quoted inside the review, settled by the actual of the same clause, if there is one.

    "完成全年目标任务(450家)的62%": a completion share, met at 100 %. "比省定目标(-3%)低4.1个百分点": an
    actual relative to the target, met when it is on the good side (lower for declines and ceilings).
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
            lower_better = (
                _ceiling(target)
                or float(target["value"]) < 0  # a target written as a fall (-3%)
                or bool(LOWER_IS_BETTER.search((target.get("metric") or "") + text))
            )
            good = (not above) if lower_better else above
            if part:
                return "progress", actual
            return ("met" if good or value == 0 else "missed"), actual
    return None
