"""The verdicts of a pair of reports: every target due in the year the newer report reviews, against
that year's actuals in the newer report.

Due targets are the older report's targets for that year and those the newer report quotes about it
(a 建议目标 | 实际完成 table, "完成全年目标任务(450家)的62%"). A quoted target that is the same
indicator as one of the older report's is that target quoted again: one target, one verdict. A target
whose table row states the completion figure that an actual reports under another name is judged
against it, as a judgment the item shows (monitor/compare/rows.py). A target matched to an actual
only doubtfully is listed as 可能对应 with no verdict (`possible`).

`judge_due` returns the items and which of the older report's targets were judged, so the diff never
also calls those 未再提及.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from monitor.compare.matching import CLAUSE_BREAK, find_number, match
from monitor.compare.report import ReportView
from monitor.compare.rows import row_tie
from monitor.compare.tiers import merge_tiers
from monitor.compare.units import to_base
from monitor.compare.verdicts import quoted_verdict, verdict

# add(change, named, before, after): one item (diff_reports' own helper).
Add = Callable[..., None]


# A figure planned rather than achieved, in its own clause right before the number.
PLANNED = re.compile(r"计划|力争|确保|争取|拟|预期目标")


def planned(actual: dict[str, Any]) -> bool:
    """An "actual" whose own clause says it is planned (年计划投资699亿元): no evidence of a result."""
    text = actual.get("text") or ""
    at = find_number(text, actual.get("value"))
    head = CLAUSE_BREAK.split(text[:at])[-1] if at >= 0 else ""
    return bool(PLANNED.search((actual.get("metric") or "") + "｜" + head))


def same_level(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Two targets of one indicator at the same level (in the quantity's base unit)."""
    return to_base(float(a["value"]), a.get("unit")) == to_base(float(b["value"]), b.get("unit"))


def judge_due(older: ReportView, old_targets: list[dict[str, Any]], newer: ReportView, add: Add) -> set[int]:
    """Add met / missed / unclear / progress / possible items; return the indices (in `old_targets`)
    of the older report's targets that got one."""
    due_year = newer.reviews
    actuals = newer.actuals(due_year)
    old_due = [i for i, t in enumerate(old_targets) if t.get("year") == due_year]
    judged: set[int] = set()
    quoted = [t for t in merge_tiers(newer.quoted_targets()) if t.get("year") == due_year]
    # A quoted target of an indicator the older report set, at the same level, is that target quoted
    # again (one target, one verdict); at another level it is the target as revised, judged apart.
    same = {
        j: old_due[i]
        for i, j, _ in match([old_targets[i] for i in old_due], quoted)
        if same_level(old_targets[old_due[i]], quoted[j])
    }
    due: list[tuple[int | None, dict[str, Any], ReportView]] = [(i, old_targets[i], older) for i in old_due]
    # The texts that may state each due target's completion: its own, and its quoted twin's (the
    # newer report's table row of the older report's target).
    rows: dict[int, list[str]] = {i: [old_targets[i].get("text") or ""] for i in old_due}
    for j, target in enumerate(quoted):
        settled = quoted_verdict(target, actuals)
        if settled is not None:
            outcome, actual = settled
            add(outcome, target, (target, newer), (actual, newer))
            if j in same:
                judged.add(same[j])
                due = [d for d in due if d[0] != same[j]]
        elif j not in same:
            due.append((None, target, newer))
        else:
            rows[same[j]].append(target.get("text") or "")
    targets = [t for _, t, _ in due]
    actuals = [a for a in actuals if not planned(a)]  # "年计划投资699亿元" is no result
    sure = match(targets, actuals)
    for i, j, _ in sure:
        index, target, source = due[i]
        add(verdict(target, actuals[j]), target, (target, source), (actuals[j], newer))
        if index is not None:
            judged.add(index)
    left_targets = [i for i in range(len(due)) if i not in {p[0] for p in sure}]
    left_actuals = [j for j in range(len(actuals)) if j not in {p[1] for p in sure}]
    # A row that states the completion ties a target to an actual named otherwise; before the
    # doubtful pairs, since the row is better evidence than a half-shared name.
    for i in list(left_targets):
        index, target, source = due[i]
        texts = rows.get(index, []) if index is not None else [target.get("text") or ""]
        tied = next(((j, row) for j in left_actuals if (row := row_tie(target, actuals[j], texts))), None)
        if tied is None:
            continue
        j, row = tied
        add(verdict(target, actuals[j]), target, (target, source), ({**actuals[j], "row": row}, newer))
        if index is not None:
            judged.add(index)
        left_targets.remove(i)
        left_actuals.remove(j)
    doubtful = match([targets[i] for i in left_targets], [actuals[j] for j in left_actuals], doubtful=True)
    for i, j, _ in doubtful:
        index, target, source = due[left_targets[i]]
        add("possible", target, (target, source), (actuals[left_actuals[j]], newer))
        if index is not None:
            judged.add(index)
    return judged
