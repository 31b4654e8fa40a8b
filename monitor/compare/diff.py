"""The year-over-year diff of two work reports of one zone: the one code path behind the nightly
diff stage (monitor/compare/changes.py) and `zonewatch compare` (two files, no database).

Each older target gets one story, never two that contradict each other:
- new / changed (raised or lowered) / unchanged: the newer report's plan targets against the older
  report's, matched by indicator (monitor/compare/matching.py) and horizon; tiers of one target
  (确保/力争) are one target (monitor/compare/tiers.py). A doubtful match is `possible` (可能对应).
- met / missed / unclear / progress / possible (monitor/compare/due.py): targets due in the year the
  newer report reviews, against that year's actuals. Where the newer report also sets the indicator
  again, its `changed`/`unchanged` item shares the verdict's `previous` side, and every reader shows
  the two together (monitor/compare/present.py `stories`).
- dropped ("未再提及": not repeating a target is not cancelling it): an older target whose horizon is
  still open, that the newer report neither sets again nor judges.
- notes: `gap` (a year's report is missing between the two: no verdicts); `no_targets` when the newer
  report holds no target-like figure at all, or `unread_targets` (未能识别目标) when extraction found
  none but its text reads like it sets some (monitor/compare/unread.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from monitor.compare.due import judge_due
from monitor.compare.matching import assess, match
from monitor.compare.report import ReportView
from monitor.compare.units import to_base
from monitor.compare.unread import target_passage

__all__ = ["CHANGES", "NOTES", "ChangeItem", "ReportView", "diff_reports"]

CHANGES = ("new", "changed", "unchanged", "dropped", "met", "missed", "unclear", "progress", "possible")
NOTES = ("gap", "no_targets", "unread_targets")  # items about the pair of reports, not about one target
SIDE_KEYS = ("metric", "value", "unit", "year", "kind", "comparator", "text", "report_year", "tiers")
# Printed only where set: the table row that tied an actual to its target, and that an actual was
# given before its year was over (judged as an estimate).
EVIDENCE_KEYS = ("row", "estimated")


@dataclass
class ChangeItem:
    zone: str
    year: int
    metric: str
    unit: str
    change: str  # one of CHANGES or NOTES
    previous: dict[str, Any] | None
    current: dict[str, Any] | None
    direction: str | None = None

    def as_json(self) -> dict[str, Any]:
        """The shape `zonewatch diff --json` and `zonewatch compare --json` print, one per item.

        `match` says what judgment pairing the two sides took ({"basis": ["synonym"|"renamed"|"row"|
        "unit"], "score"}), or is null when they name the indicator alike or the item has one side.
        """
        return {
            "zone": self.zone,
            "year": self.year,
            "metric": self.metric,
            "unit": self.unit,
            "change": self.change,
            "direction": self.direction,
            "previous": _public(self.previous),
            "current": _public(self.current),
            "match": match_basis(self.previous, self.current) if self.change not in NOTES else None,
        }


def match_basis(previous: dict[str, Any] | None, current: dict[str, Any] | None) -> dict[str, Any] | None:
    """{"basis", "score"} when pairing the two sides was a judgment (a synonym, a renamed indicator,
    a table row's completion figure, a unit converted); None when they name it alike or a side is
    missing."""
    if not previous or not current or not previous.get("metric") or not current.get("metric"):
        return None
    found = assess(previous, current)
    basis = list(found.basis)
    if current.get("row") and not found.matched:
        # Tied by the row, not by the names: say so, whatever the names share.
        basis = ["row"] + (["unit"] if "unit" in basis else [])
    if not basis:
        return None
    return {"basis": basis, "score": round(found.score, 2)}


def _public(side: dict[str, Any] | None) -> dict[str, Any] | None:
    if side is None:
        return None
    return {key: side.get(key) for key in SIDE_KEYS} | {
        key: side[key] for key in EVIDENCE_KEYS if side.get(key)
    }


def _side(record: dict[str, Any], report: ReportView) -> dict[str, Any]:
    side = {
        "value": record.get("value"),
        "unit": record.get("unit") or "",
        "year": record.get("year"),
        "kind": record.get("kind"),
        "comparator": record.get("comparator") or "=",
        "text": record.get("text"),
        "report_year": report.plan_year,
        "tiers": record.get("tiers"),
        "metric": record.get("metric"),
    }
    for key in EVIDENCE_KEYS:
        if record.get(key):
            # The table row that tied an actual to its target (monitor/compare/rows.py), or that a
            # figure was given before its year was over: kept with the item, so every reader can
            # say what the match took and why no verdict.
            side[key] = record[key]
    return side


def _horizon(record: dict[str, Any], report: ReportView) -> int | None:
    """None for a target of the plan year (or of no year), else the later year it is set for."""
    year = record.get("year")
    return None if year is None or year <= report.plan_year else year


def _amount(record: dict[str, Any]) -> float:
    return to_base(float(record["value"]), record.get("unit"))


def _tier_values(record: dict[str, Any]) -> list[float]:
    return [to_base(float(t["value"]), t.get("unit")) for t in record.get("tiers") or []]


def _comparable(older: ReportView, newer: ReportView) -> Any:
    """Which targets of two reports may be one target: this year's with last year's, and a goal set
    for a later year (到2025年) with the newer report's target for that same year; a 2025 goal is
    not the same target as this year's step towards it."""

    def allowed(a: dict[str, Any], b: dict[str, Any]) -> bool:
        horizon = _horizon(a, older)
        if horizon is None:
            return _horizon(b, newer) is None
        return b.get("year") == horizon

    return allowed


def _level_change(before: dict[str, Any], after: dict[str, Any]) -> tuple[str, str | None]:
    """("changed" | "unchanged", "up" | "down" | None) between two targets of one indicator."""
    old_value, new_value = _amount(before), _amount(after)
    same = (
        old_value == new_value
        and (before.get("comparator") or "=") == (after.get("comparator") or "=")
        and _tier_values(before) == _tier_values(after)
    )
    if old_value == new_value:  # the floor tier held: the stretch tier says which way it moved
        old_value = max(_tier_values(before) or [old_value])
        new_value = max(_tier_values(after) or [new_value])
    direction = None if old_value == new_value else ("up" if new_value > old_value else "down")
    return ("unchanged" if same else "changed"), direction


def diff_reports(older: ReportView, newer: ReportView) -> list[ChangeItem]:
    """The change items of `newer` against `older` (two reports of one zone, older first)."""
    items: list[ChangeItem] = []

    def add(
        change: str,
        named: dict[str, Any],
        before: tuple[dict[str, Any], ReportView] | None,
        after: tuple[dict[str, Any], ReportView] | None,
        direction: str | None = None,
    ) -> None:
        """One item, named after `named`; `before` is the earlier record, `after` the later one."""
        items.append(
            ChangeItem(
                newer.zone,
                newer.plan_year,
                named.get("metric") or "",
                named.get("unit") or "",
                change,
                _side(*before) if before else None,
                _side(*after) if after else None,
                direction,
            )
        )

    gap = newer.plan_year - older.plan_year > 1  # a report of a year between is missing
    if gap:
        add("gap", {}, ({"kind": "report"}, older), ({"kind": "report"}, newer))
    old_targets, new_targets = older.targets(), newer.targets()
    allowed = _comparable(older, newer)
    pairs = match(old_targets, new_targets, allowed)
    for i, j, _ in pairs:
        before, after = old_targets[i], new_targets[j]
        change, direction = _level_change(before, after)
        add(change, after, (before, older), (after, newer), direction)
    taken_old, taken_new = {i for i, _, _ in pairs}, {j for _, j, _ in pairs}
    left_old = [i for i in range(len(old_targets)) if i not in taken_old]
    left_new = [j for j in range(len(new_targets)) if j not in taken_new]
    doubtful = match(
        [old_targets[i] for i in left_old], [new_targets[j] for j in left_new], allowed, doubtful=True
    )
    for i, j, _ in doubtful:
        before, after = old_targets[left_old[i]], new_targets[left_new[j]]
        add("possible", after, (before, older), (after, newer))
        taken_old.add(left_old[i])
        taken_new.add(left_new[j])
    for j, after in enumerate(new_targets):
        if j not in taken_new:
            add("new", after, None, (after, newer))
    judged = set() if gap else judge_due(older, old_targets, newer, add)
    if not new_targets and not newer.quoted_targets():
        # One line instead of a list; `previous.value` says how many targets went unrepeated.
        passage = target_passage(newer.text)
        note = {"kind": "report", "text": passage} if passage else {"kind": "report"}
        add(
            "unread_targets" if passage else "no_targets",
            {},
            ({"kind": "report", "value": len(old_targets)}, older),
            (note, newer),
        )
        return items
    for i, before in enumerate(old_targets):
        year = before.get("year")
        if i not in taken_old and i not in judged and (year is None or year >= newer.reviews):
            add("dropped", before, (before, older), None)
    return items
