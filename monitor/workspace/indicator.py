"""One indicator across every zone: each zone's target for a year, the previous year's, the change,
and its latest full-year actual, each with its clause and the report it comes from.

Which records are "the indicator" is the comparison matcher's call (monitor.compare.matching): the
words asked for are compared with each stored wording as if they carried its unit, with synonyms
unified and the qualifiers that must agree (新增 vs 累计, growth vs level, shares, scope, the unit's
quantity), so 新认定高新技术企业 finds 高新技术企业新认定 and 新认定高企 but not 高新技术企业总数.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select, tuple_
from sqlalchemy.orm import Session

from config.registry import Registry, Zone
from monitor.compare.changes import one_per_year
from monitor.compare.matching import MIN_SCORE, indicator_key, part_year, similarity
from monitor.compare.present import delta
from monitor.compare.units import is_percent, quantity, to_base
from monitor.workspace.filters import Filters
from storage.models import Report, TargetRecord


@dataclass
class Figure:
    """One number of one report: value as written, its clause and the report's link."""

    value: float
    unit: str
    comparator: str
    year: int
    text: str
    report_year: int
    url: str | None
    metric: str

    def side(self) -> dict[str, Any]:
        return {"value": self.value, "unit": self.unit, "comparator": self.comparator, "year": self.year}


@dataclass
class IndicatorRow:
    zone: str
    entry: Zone | None
    target: Figure | None = None  # for the year asked, else the zone's latest target year
    previous: Figure | None = None  # the target of the year before
    actual: Figure | None = None  # the latest full-year actual
    change: str | None = None  # "+0.5个百分点", "+12.5%", "持平"

    @property
    def change_value(self) -> float | None:
        """The change as a number to sort by: points for rates, per cent otherwise."""
        if self.change is None or self.change == "持平":
            return 0.0 if self.change else None
        return float(self.change.replace("个百分点", "").replace("%", ""))


@dataclass
class IndicatorView:
    metric: str  # the words asked for
    wordings: list[tuple[str, str, int]]  # (metric, unit, zones) of the records taken
    rows: list[IndicatorRow]
    year: int | None
    unit: str  # the unit the chart draws in: the most common one among the targets
    years: list[int] = field(default_factory=list)  # target years present, for the year filter


def matching_wordings(session: Session, metric: str) -> list[tuple[str, str]]:
    """Every stored (metric, unit) the matcher takes for the indicator `metric`."""
    wanted = metric.strip()
    if not wanted:
        return []
    pairs = session.execute(select(TargetRecord.metric, TargetRecord.unit).distinct()).all()
    return [
        (name, unit)
        for name, unit in pairs
        if similarity({"metric": wanted, "unit": unit}, {"metric": name, "unit": unit}) >= MIN_SCORE
    ]


def popular_indicators(session: Session, limit: int = 24) -> list[tuple[str, int]]:
    """The indicators most zones have targets for: (a wording, zones), synonyms unified."""
    rows = session.execute(
        select(TargetRecord.metric, func.count(func.distinct(Report.zone)))
        .join(Report, Report.id == TargetRecord.report_id)
        .where(TargetRecord.kind == "target", Report.is_report.is_(True))
        .group_by(TargetRecord.metric)
    ).all()
    zones: Counter[tuple[Any, ...]] = Counter()
    wording: dict[tuple[Any, ...], str] = {}
    for metric, count in rows:
        # One indicator as the matcher sees it: its words and qualifiers, whatever the order.
        k = indicator_key(metric, "")
        canonical = (k.words, k.actions, k.flow, k.stock, k.share, k.scope)
        zones[canonical] += count
        wording.setdefault(canonical, metric)
    return [(wording[c], n) for c, n in zones.most_common(limit)]


@dataclass(frozen=True)
class _Record:
    metric: str
    unit: str
    value: float
    comparator: str
    year: int | None
    kind: str
    text: str

    def as_dict(self) -> dict[str, Any]:
        return {"metric": self.metric, "value": self.value, "unit": self.unit, "text": self.text}


@dataclass(frozen=True)
class _Report:
    id: int
    zone: str
    plan_year: int | None
    url: str | None


def _figure(record: _Record, report: _Report) -> Figure:
    return Figure(
        value=float(record.value or 0),
        unit=record.unit or "",
        comparator=record.comparator or "=",
        year=record.year or report.plan_year or 0,
        text=record.text,
        report_year=report.plan_year or 0,
        url=report.url,
        metric=record.metric,
    )


def indicator_view(
    session: Session, registry: Registry, metric: str, filters: Filters, year: int | None = None
) -> IndicatorView:
    """The indicator across the zones that pass `filters`; `year` picks the target year (default:
    each zone's latest). Zones with no value of the indicator are left out."""
    wordings = matching_wordings(session, metric)
    if not wordings:
        return IndicatorView(metric, [], [], year, "")
    # Plain rows, not ORM objects: thousands of them on a big database.
    found = session.execute(
        select(
            TargetRecord.metric,
            TargetRecord.unit,
            TargetRecord.value,
            TargetRecord.comparator,
            TargetRecord.year,
            TargetRecord.kind,
            TargetRecord.text,
            Report.id,
            Report.zone,
            Report.plan_year,
            Report.url,
        )
        .join(Report, Report.id == TargetRecord.report_id)
        .where(
            tuple_(TargetRecord.metric, TargetRecord.unit).in_(wordings),
            Report.is_report.is_(True),
            Report.plan_year.is_not(None),
            TargetRecord.value.is_not(None),
        )
    ).all()
    found = [(_Record(*row[:7]), _Report(*row[7:])) for row in found]  # type: ignore[assignment]
    keep = filters.zone_test(registry)
    entries = {zone: registry.get(zone) or registry.resolve(zone).zone for zone in {r.zone for _, r in found}}
    zones = {zone for zone, entry in entries.items() if keep(zone, entry)}
    # Only the report the diff takes for each plan year counts (a re-post or a news item does not).
    chosen = {
        report.id
        for zone_reports in _reports_by_zone(session, zones).values()
        for report in one_per_year(zone_reports)
    }
    by_zone: dict[str, list[tuple[_Record, _Report]]] = {}
    taken: Counter[tuple[str, str]] = Counter()
    for record, report in found:
        if report.zone in zones and report.id in chosen:
            by_zone.setdefault(report.zone, []).append((record, report))
    for pairs in by_zone.values():
        for wording in {(r.metric, r.unit) for r, _ in pairs}:
            taken[wording] += 1
    rows = [_row(zone, entries[zone], pairs, year) for zone, pairs in by_zone.items()]
    units = Counter(row.target.unit for row in rows if row.target)
    years = sorted({f.year for zone_pairs in by_zone.values() for f in _targets(zone_pairs)})
    return IndicatorView(
        metric=metric,
        wordings=[(m, u, n) for (m, u), n in taken.most_common()],
        rows=sort_rows(rows, filters),
        year=year,
        unit=units.most_common(1)[0][0] if units else "",
        years=years,
    )


def _reports_by_zone(session: Session, zones: set[str]) -> dict[str, list[Any]]:
    """Each zone's work reports, as light rows: one_per_year reads only these attributes."""
    from types import SimpleNamespace

    found: dict[str, list[Any]] = {}
    if not zones:
        return found
    columns = (
        Report.id,
        Report.zone,
        Report.plan_year,
        Report.published,
        Report.report_score,
        Report.parsed_at,
    )
    query = select(*columns).where(Report.is_report.is_(True), Report.plan_year.is_not(None))
    if len(zones) < 500:
        query = query.where(Report.zone.in_(zones))
    for row in session.execute(query):
        if row.zone in zones:
            found.setdefault(row.zone, []).append(SimpleNamespace(**row._mapping))
    return found


def _targets(pairs: list[tuple[_Record, _Report]]) -> list[Figure]:
    return [_figure(r, p) for r, p in pairs if r.kind == "target"]


def _by_year(figures: list[Figure]) -> dict[int, Figure]:
    """Each year's figure from the newest report that states it (a later report corrects)."""
    result: dict[int, Figure] = {}
    for figure in sorted(figures, key=lambda f: f.report_year):
        result[figure.year] = figure
    return result


def _row(
    zone: str, entry: Zone | None, pairs: list[tuple[_Record, _Report]], year: int | None
) -> IndicatorRow:
    targets = _by_year(_targets(pairs))
    actuals = _by_year([_figure(r, p) for r, p in pairs if r.kind == "actual" and not part_year(r.as_dict())])
    row = IndicatorRow(zone, entry)
    target_year = year if year is not None else (max(targets) if targets else None)
    if target_year is not None:
        row.target = targets.get(target_year)
        row.previous = targets.get(target_year - 1)
    if row.target and row.previous:
        row.change = delta(row.previous.side(), row.target.side())
    if actuals:
        row.actual = actuals[max(actuals)]
    return row


def base_value(figure: Figure | None) -> float | None:
    """A figure in its quantity's base unit, so 30亿元 and 3000万元 sort together."""
    return None if figure is None else to_base(figure.value, figure.unit)


SORT_KEYS = {
    "zone": lambda r: r.zone,
    "value": lambda r: base_value(r.target),
    "change": lambda r: r.change_value,
    "actual": lambda r: base_value(r.actual),
    "previous": lambda r: base_value(r.previous),
}


def sort_rows(rows: list[IndicatorRow], filters: Filters) -> list[IndicatorRow]:
    """Rows in the order asked (default: by target value, highest first); no value always last."""
    get = SORT_KEYS.get(filters.sort or "value", SORT_KEYS["value"])
    descending = filters.order == "desc" if filters.sort else True
    known = sorted((r for r in rows if get(r) is not None), key=lambda r: r.zone)
    known.sort(key=get, reverse=descending)
    return known + sorted((r for r in rows if get(r) is None), key=lambda r: r.zone)


def chart_rows(view: IndicatorView, limit: int = 30) -> list[tuple[str, float, str]]:
    """(zone, value in the chart's unit, label) of the targets the chart can draw: those whose unit
    measures the same quantity as the chart's, converted; others are left out (and counted)."""
    bars = []
    for row in view.rows:
        figure = row.target or row.actual
        if figure is None or quantity(figure.unit) != quantity(view.unit):
            continue
        if is_percent(view.unit) != is_percent(figure.unit):
            continue
        value = to_base(figure.value, figure.unit) / to_base(1.0, view.unit) if view.unit else figure.value
        bars.append((row.zone, value, "目标" if row.target else "实际"))
    return bars[:limit]
