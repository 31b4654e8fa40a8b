"""Every value a zone's reports gave for an indicator, across the years.

`values` is the flat list behind `zonewatch history`; `indicators` groups those values into
indicators with the diff's own matching (monitor.compare.matching), so the zone page's table and chart show
one line per indicator even when its wording drifts between years (新认定高新技术企业 / 高新技术企业新认定).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy.orm import Session, selectinload

from monitor.compare.changes import one_per_year
from monitor.compare.matching import MIN_SCORE, canonical_text, similarity
from storage.models import Report


@dataclass
class HistoryValue:
    """One number of one report. year is the year the value is about; report_year the plan year of
    the report that says it; value None is a masked number (x.x%)."""

    zone: str
    metric: str
    kind: str  # actual | target
    year: int | None
    value: float | None
    unit: str
    comparator: str
    report_year: int
    published: str | None
    url: str | None
    text: str

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


COLUMNS = tuple(HistoryValue.__dataclass_fields__)


def _reports(session: Session, zone: str) -> list[Report]:
    from sqlalchemy import select

    query = (
        select(Report)
        .where(Report.zone == zone, Report.is_report.is_(True), Report.plan_year.is_not(None))
        .options(selectinload(Report.records))
        .order_by(Report.plan_year, Report.id)
    )
    return one_per_year(list(session.scalars(query)))


def metric_matches(metric: str, wanted: str) -> bool:
    """A metric filter: the words given, in the metric as written or with synonyms unified."""
    wanted = wanted.strip()
    return wanted in metric or canonical_text(wanted) in canonical_text(metric)


def values(session: Session, zone: str, metric: str | None = None) -> list[HistoryValue]:
    """The zone's values (one report per plan year, the diff's choice), oldest report first.

    Raises LookupError when the zone has no recognised work report.
    """
    reports = _reports(session, zone)
    if not reports:
        raise LookupError(f"zone {zone!r} has no recognised work report")
    rows = []
    for report in reports:
        for record in report.records:
            if metric and not metric_matches(record.metric, metric):
                continue
            rows.append(
                HistoryValue(
                    zone=report.zone,
                    metric=record.metric,
                    kind=record.kind,
                    year=record.year,
                    value=record.value,
                    unit=record.unit,
                    comparator=record.comparator,
                    report_year=report.plan_year or 0,
                    published=report.published.isoformat() if report.published else None,
                    url=report.url,
                    text=record.text,
                )
            )
    return rows


@dataclass
class Indicator:
    """One indicator of a zone with its values across reports, oldest first."""

    name: str  # the wording of its newest value
    unit: str
    points: list[HistoryValue] = field(default_factory=list)

    def by_year(self, kind: str) -> dict[int, HistoryValue]:
        """The newest report's value for each year of one kind (a later report corrects an earlier)."""
        result: dict[int, HistoryValue] = {}
        for point in self.points:
            if point.kind == kind and point.year is not None:
                result[point.year] = point
        return result

    @property
    def years(self) -> list[int]:
        return sorted({p.year for p in self.points if p.year is not None})


def indicators(rows: list[HistoryValue]) -> list[Indicator]:
    """Group values into indicators: each value joins the best-matching indicator seen so far that
    has no value of the same kind and year from the same report; otherwise it starts a new one.
    Indicators with values in more reports come first."""
    groups: list[Indicator] = []
    for row in rows:
        record = {"metric": row.metric, "unit": row.unit}
        best, best_score = None, MIN_SCORE
        for group in groups:
            if any(
                p.report_year == row.report_year and p.kind == row.kind and p.year == row.year
                for p in group.points
            ):
                continue
            latest = group.points[-1]
            score = similarity({"metric": latest.metric, "unit": latest.unit}, record)
            if score >= best_score:
                best, best_score = group, score
        if best is None:
            best = Indicator(row.metric, row.unit)
            groups.append(best)
        best.points.append(row)
        best.name = row.metric
    groups.sort(key=lambda g: (-len({p.report_year for p in g.points}), -len(g.points), g.name))
    return groups
