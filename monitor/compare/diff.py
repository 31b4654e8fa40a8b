"""The year-over-year diff of two work reports of one zone: the one code path behind the nightly
diff stage (monitor/compare/changes.py) and `zonewatch compare` (two files, no database).

- new / changed (raised or lowered) / unchanged: the newer report's plan targets against the
  older report's, matched by indicator (monitor/compare/matching.py) and horizon; tiers of one target
  (确保/力争) are one target (monitor/compare/tiers.py).
- dropped: an older target whose horizon is still open and that the newer report no longer
  mentions ("未再提及": not repeating a target is not cancelling it). When the newer report states
  no numeric targets at all, one `no_targets` note replaces that list.
- met / missed / unclear / progress (monitor/compare/verdicts.py): only targets due in the year the newer
  report reviews — the older report's targets for that year and the ones the newer report quotes
  about it — against the actuals the newer report states for that year.
- gap: a year's report is missing between the two (plan years 2019 and 2021): a `gap` note, and
  no verdicts (the newer report's actuals are of a later year than the older one's targets).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from monitor.compare.matching import find_number, indicator_key, match, part_year
from monitor.compare.quoted import quoted_targets, quotes_a_target
from monitor.compare.tiers import merge_tiers
from monitor.compare.units import to_base
from monitor.compare.verdicts import quoted_verdict, verdict

CHANGES = ("new", "changed", "unchanged", "dropped", "met", "missed", "unclear", "progress")
NOTES = ("gap", "no_targets")  # items about the pair of reports, not about one target
SIDE_KEYS = ("value", "unit", "year", "kind", "comparator", "text", "report_year", "tiers")


def _distinct(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Drop restatements within one report (a summary and its detail section say the same number),
    which would otherwise leave an unmatched twin that shows as new or dropped."""
    seen: set[tuple[Any, ...]] = set()
    kept = []
    for record in records:
        unit = record.get("unit") or ""
        identity = (
            indicator_key(record["metric"], unit),
            to_base(float(record["value"]), unit),
            record.get("comparator") or "=",
            record.get("year"),
        )
        if identity not in seen:
            seen.add(identity)
            kept.append(record)
    return kept


# A commitment before the number: "力争上半年完成全年目标的55%" is a target, even for part of a year.
COMMITMENT = re.compile(r"确保|力争|争取|目标|计划|要|将")


def _as_read(record: dict[str, Any], reviews: int) -> dict[str, Any]:
    """A part-year figure (1—11月…) stated as a fact is an actual of the year under review, whatever
    kind extraction gave it (../shared/spec/targets.md): never a target to list as new or changed."""
    if record.get("kind") != "target" or record.get("value") is None or not part_year(record):
        return record
    text = record.get("text") or ""
    at = find_number(text, record["value"])
    if COMMITMENT.search(text[: at if at >= 0 else len(text)]):
        return record
    year = record.get("year")
    return {**record, "kind": "actual", "year": year if year is not None and year <= reviews else reviews}


@dataclass
class ReportView:
    """What the diff needs of a report, detached from the database.

    `plan_year` is the year the report plans; `review_year` the year it reviews (default: the one
    before; equal to plan_year for a mid-year article).
    """

    id: int | None
    zone: str
    plan_year: int
    records: list[dict[str, Any]] = field(default_factory=list)
    title: str | None = None
    url: str | None = None
    published: str | None = None
    review_year: int | None = None

    def __post_init__(self) -> None:
        self.records = [_as_read(r, self.reviews) for r in self.records]

    @property
    def reviews(self) -> int:
        return self.review_year if self.review_year is not None else self.plan_year - 1

    def all_targets(self) -> list[dict[str, Any]]:
        return _distinct([r for r in self.records if r["kind"] == "target" and r.get("value") is not None])

    def targets(self) -> list[dict[str, Any]]:
        """The targets the report sets (plan year, later horizons, or no year), tiers folded."""
        quoted = self.quoted_targets()
        return merge_tiers([r for r in self.all_targets() if r not in quoted])

    def quoted_targets(self) -> list[dict[str, Any]]:
        """Targets of the review year that the report quotes while reviewing it (不是新目标): those
        extracted as targets of that year, and those read from the clauses of its actuals."""
        if self.reviews == self.plan_year:
            return []
        stated = [r for r in self.all_targets() if r.get("year") is not None and r["year"] <= self.reviews]
        return _distinct(stated + quoted_targets(self._actual_records(self.reviews), self.reviews))

    def _actual_records(self, year: int) -> list[dict[str, Any]]:
        return [
            r
            for r in self.records
            if r["kind"] == "actual" and r.get("value") is not None and r.get("year") in (year, None)
        ]

    def actuals(self, year: int) -> list[dict[str, Any]]:
        """Actuals of `year` (or of no stated year), full-year figures before part-year ones; a number
        that quotes the year's target ("目标任务(450家)") is not an actual."""
        found = _distinct([r for r in self._actual_records(year) if not quotes_a_target(r)])
        return sorted(found, key=part_year)


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
        """The shape `zonewatch diff --json` and `zonewatch compare --json` print, one per item."""
        return {
            "zone": self.zone,
            "year": self.year,
            "metric": self.metric,
            "unit": self.unit,
            "change": self.change,
            "direction": self.direction,
            "previous": _public(self.previous),
            "current": _public(self.current),
        }


def _public(side: dict[str, Any] | None) -> dict[str, Any] | None:
    return None if side is None else {key: side.get(key) for key in SIDE_KEYS}


def _side(record: dict[str, Any], report: ReportView) -> dict[str, Any]:
    return {
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


def _horizon(record: dict[str, Any], report: ReportView) -> int | None:
    """None for a target of the plan year (or of no year), else the later year it is set for."""
    year = record.get("year")
    return None if year is None or year <= report.plan_year else year


def _amount(record: dict[str, Any]) -> float:
    return to_base(float(record["value"]), record.get("unit"))


def _tier_values(record: dict[str, Any]) -> list[float]:
    return [to_base(float(t["value"]), t.get("unit")) for t in record.get("tiers") or []]


def _pairs(
    older: ReportView, old: list[dict[str, Any]], newer: ReportView, new: list[dict[str, Any]]
) -> list[tuple[int, int]]:
    """Matched (older index, newer index) of targets for comparable years: this year's target with
    last year's, and a goal set for a later year (到2025年) with the newer report's target for that
    same year; a 2025 goal is not the same target as this year's step towards it."""

    def allowed(a: dict[str, Any], b: dict[str, Any]) -> bool:
        horizon = _horizon(a, older)
        if horizon is None:
            return _horizon(b, newer) is None
        return b.get("year") == horizon

    return [(i, j) for i, j, _ in match(old, new, allowed)]


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
    pairs = _pairs(older, old_targets, newer, new_targets)
    for i, j in pairs:
        before, after = old_targets[i], new_targets[j]
        old_value, new_value = _amount(before), _amount(after)
        same = (
            old_value == new_value
            and (before.get("comparator") or "=") == (after.get("comparator") or "=")
            and _tier_values(before) == _tier_values(after)
        )
        if old_value == new_value:  # the floor tier held: the stretch tier says which way it moved
            old_value, new_value = (
                max(_tier_values(before) or [old_value]),
                max(_tier_values(after) or [new_value]),
            )
        direction = None if old_value == new_value else ("up" if new_value > old_value else "down")
        add("unchanged" if same else "changed", after, (before, older), (after, newer), direction)
    matched_old, matched_new = {i for i, _ in pairs}, {j for _, j in pairs}
    for j, after in enumerate(new_targets):
        if j not in matched_new:
            add("new", after, None, (after, newer))
    if not new_targets:
        # One line instead of a list; `previous.value` says how many targets went unrepeated.
        add(
            "no_targets",
            {},
            ({"kind": "report", "value": len(old_targets)}, older),
            ({"kind": "report"}, newer),
        )
    else:
        for i, before in enumerate(old_targets):
            year = before.get("year")
            if i not in matched_old and (year is None or year >= newer.reviews):
                add("dropped", before, (before, older), None)
    if not gap:
        _verdicts(older, newer, add)
    return items


def _verdicts(older: ReportView, newer: ReportView, add: Any) -> None:
    """met / missed / unclear / progress for every target due in the year `newer` reviews."""
    due_year = newer.reviews
    actuals = newer.actuals(due_year)
    due = [(t, older) for t in older.targets() if t.get("year") == due_year]
    for target in newer.quoted_targets():
        if target.get("year") != due_year:
            continue
        settled = quoted_verdict(target, actuals)
        if settled is not None:
            outcome, actual = settled
            add(outcome, target, (target, newer), (actual, newer))
        else:
            due.append((target, newer))
    pairs = match([t for t, _ in due], actuals)
    for i, j, _ in pairs:
        (target, source), actual = due[i], actuals[j]
        add(verdict(target, actual), target, (target, source), (actual, newer))
