"""The year-over-year diff of two work reports of one zone.

new / changed (raised or lowered) / dropped compare the older report's targets with the newer
report's; met / missed compare the older report's targets for its plan year with the actuals the
newer report states for that year, respecting the comparator (≤ ceilings, otherwise floors).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from monitor.matching import indicator_key, match


def _distinct(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Drop restatements within one report (a summary and its detail section say the same number),
    which would otherwise leave an unmatched twin that shows as new or dropped."""
    seen: set[tuple[Any, ...]] = set()
    kept = []
    for record in records:
        unit = record.get("unit") or ""
        identity = (
            indicator_key(record["metric"], unit),
            float(record["value"]),
            record.get("comparator") or "=",
            record.get("year"),
        )
        if identity not in seen:
            seen.add(identity)
            kept.append(record)
    return kept


@dataclass
class ReportView:
    """What the diff needs of a report, detached from the database."""

    id: int | None
    zone: str
    plan_year: int
    records: list[dict[str, Any]] = field(default_factory=list)
    title: str | None = None
    url: str | None = None
    published: str | None = None

    def targets(self) -> list[dict[str, Any]]:
        return _distinct([r for r in self.records if r["kind"] == "target" and r.get("value") is not None])

    def actuals(self, year: int) -> list[dict[str, Any]]:
        return _distinct(
            [
                r
                for r in self.records
                if r["kind"] == "actual" and r.get("value") is not None and r.get("year") in (year, None)
            ]
        )


@dataclass
class ChangeItem:
    zone: str
    year: int
    metric: str
    unit: str
    change: str  # new changed dropped met missed unchanged
    previous: dict[str, Any] | None
    current: dict[str, Any] | None
    direction: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "zone": self.zone,
            "year": self.year,
            "metric": self.metric,
            "unit": self.unit,
            "change": self.change,
            "direction": self.direction,
            "previous": self.previous,
            "current": self.current,
        }


def _side(record: dict[str, Any], report: ReportView) -> dict[str, Any]:
    return {
        "value": record.get("value"),
        "year": record.get("year"),
        "kind": record.get("kind"),
        "comparator": record.get("comparator") or "=",
        "text": record.get("text"),
        "report_year": report.plan_year,
        "metric": record.get("metric"),
    }


def target_met(target: dict[str, Any], actual: dict[str, Any]) -> bool:
    if target.get("comparator") == "<=":
        return float(actual["value"]) <= float(target["value"])
    return float(actual["value"]) >= float(target["value"])


def _still_open(target: dict[str, Any], older: ReportView, newer: ReportView) -> bool:
    """A long-horizon target (到2025年…) counts as dropped only while its horizon has not passed."""
    year = target.get("year")
    if year is None or year <= older.plan_year:
        return True
    return year >= newer.plan_year


def diff_reports(older: ReportView, newer: ReportView) -> list[ChangeItem]:
    items: list[ChangeItem] = []

    def add(
        change: str,
        named: dict[str, Any],
        before: dict[str, Any] | None,
        after: dict[str, Any] | None,
        direction: str | None = None,
    ) -> None:
        """One item, named after `named`; `before` is the older report's record, `after` the newer's."""
        items.append(
            ChangeItem(
                newer.zone,
                newer.plan_year,
                named["metric"],
                named.get("unit") or "",
                change,
                _side(before, older) if before else None,
                _side(after, newer) if after else None,
                direction,
            )
        )

    old_targets, new_targets = older.targets(), newer.targets()
    pairs = match(old_targets, new_targets)
    matched_old = {i for i, _, _ in pairs}
    matched_new = {j for _, j, _ in pairs}
    for i, j, _ in pairs:
        before, after = old_targets[i], new_targets[j]
        old_value, new_value = float(before["value"]), float(after["value"])
        same = old_value == new_value and (before.get("comparator") or "=") == (
            after.get("comparator") or "="
        )
        direction = None if old_value == new_value else ("up" if new_value > old_value else "down")
        add("unchanged" if same else "changed", after, before, after, direction)
    for j, after in enumerate(new_targets):
        if j not in matched_new:
            add("new", after, None, after)
    for i, before in enumerate(old_targets):
        if i not in matched_old and _still_open(before, older, newer):
            add("dropped", before, before, None)
    due = [t for t in old_targets if t.get("year") in (older.plan_year, None, newer.plan_year - 1)]
    actuals = newer.actuals(newer.plan_year - 1)
    for i, j, _ in match(due, actuals):
        target, actual = due[i], actuals[j]
        add("met" if target_met(target, actual) else "missed", target, target, actual)
    return items
