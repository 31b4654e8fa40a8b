"""Every zone side by side: its registry entry, newest work report, targets, this year's changes,
its met and missed targets so far, and its health. The rows behind the all-zones page and its export.

Read-only and in a fixed number of statements whatever the number of zones: health comes from the
stored alerts (refreshed by each night's digest), counts are grouped in SQL.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session, load_only

from config.registry import Registry, Zone
from monitor.compare.changes import one_per_year
from monitor.workspace.filters import Filters
from storage.models import Change, CrawlRun, Document, Report, Site, TargetRecord

# Change kinds counted as "this year's changes" of a zone: what its newest report moved.
MOVES = ("new", "changed", "dropped")


@dataclass
class ZoneRow:
    """One zone of the all-zones page. Counts are None where there is nothing to count from."""

    zone: str
    entry: Zone | None
    report_year: int | None = None
    report_title: str | None = None
    report_date: dt.date | None = None
    report_url: str | None = None
    targets: int = 0  # target records of the newest report
    records: int = 0
    changes_this_year: int = 0
    met: int = 0
    missed: int = 0
    problems: list[str] = field(default_factory=list)
    overdue: bool = False
    due: dt.date | None = None
    days_since_new_document: int | None = None


@dataclass
class Overview:
    rows: list[ZoneRow]  # filtered and sorted
    total: int  # zones before filtering
    night: dt.date  # the Beijing day the page is for
    year: int  # the plan year "this year" means
    last_crawl: dt.datetime | None  # naive UTC
    facets: dict[str, list[str]]  # filter values present: province, level, type


def _reports(session: Session) -> dict[str, Report]:
    """Each zone's newest work report, as the diff chooses it (monitor.compare.changes.one_per_year)."""
    newest_year = (
        select(Report.zone, func.max(Report.plan_year).label("year"))
        .where(Report.is_report.is_(True), Report.plan_year.is_not(None))
        .group_by(Report.zone)
        .subquery()
    )
    candidates = session.scalars(
        select(Report)
        .options(
            load_only(
                Report.zone,
                Report.plan_year,
                Report.title,
                Report.published,
                Report.url,
                Report.report_score,
                Report.parsed_at,
            )
        )
        .join(newest_year, (Report.zone == newest_year.c.zone) & (Report.plan_year == newest_year.c.year))
        .where(Report.is_report.is_(True))
    ).all()
    by_zone: dict[str, list[Report]] = {}
    for report in candidates:
        by_zone.setdefault(report.zone, []).append(report)
    return {zone: one_per_year(reports)[-1] for zone, reports in by_zone.items()}


def overview(
    session: Session, registry: Registry, filters: Filters, now: dt.datetime | None = None
) -> Overview:
    """The all-zones rows, filtered and sorted by `filters` (monitor.workspace.filters)."""
    from monitor.health.alerts import open_alerts
    from monitor.health.sources import KIND_LABELS, beijing_date
    from storage.models import utcnow

    now = now or utcnow()
    night = beijing_date(now)
    problems: dict[str, list[str]] = {}
    overdue: dict[str, str] = {}
    for alert in open_alerts(session):
        where = "" if alert.subject == alert.zone else f"（{alert.subject}）"
        problems.setdefault(alert.zone, []).append(
            f"{KIND_LABELS.get(alert.kind, alert.kind)}{where}：{alert.detail.get('summary', '')}"
        )
        if alert.kind == "zone_overdue":
            overdue[alert.zone] = alert.detail.get("due", "")
    last_new = dict(
        session.execute(
            select(Site.zone, func.max(Document.first_seen_at))
            .join(Document, Document.site_id == Site.id)
            .where(Document.first_seen_at <= now)
            .group_by(Site.zone)
        ).all()
    )
    configured = set(session.scalars(select(Site.zone).distinct()))
    newest = _reports(session)
    counts: dict[tuple[int, str], int] = {
        (report_id, kind): n
        for report_id, kind, n in session.execute(
            select(TargetRecord.report_id, TargetRecord.kind, func.count())
            .where(TargetRecord.report_id.in_([r.id for r in newest.values()]))
            .group_by(TargetRecord.report_id, TargetRecord.kind)
        )
    }
    year = night.year
    changes: dict[str, dict[str, int]] = {}
    for zone, change, plan_year, n in session.execute(
        select(Change.zone, Change.change, Report.plan_year, func.count())
        .outerjoin(Report, Report.id == Change.report_id)
        .group_by(Change.zone, Change.change, Report.plan_year)
    ):
        tally = changes.setdefault(zone, {"this_year": 0, "met": 0, "missed": 0})
        if change in MOVES and plan_year == year:
            tally["this_year"] += n
        if change in ("met", "missed"):
            tally[change] += n
    # The newest run by id (the primary key): no pass over every run for one timestamp.
    last_crawl = session.scalar(
        select(CrawlRun.finished_at)
        .where(CrawlRun.finished_at.is_not(None), CrawlRun.finished_at <= now)
        .order_by(CrawlRun.id.desc())
        .limit(1)
    )
    rows = []
    for zone in sorted(configured | set(newest)):
        report = newest.get(zone)
        seen = last_new.get(zone)
        tally = changes.get(zone, {})
        row = ZoneRow(
            zone=zone,
            entry=registry.get(zone) or registry.resolve(zone).zone,
            problems=problems.get(zone, []),
            overdue=zone in overdue,
            due=dt.date.fromisoformat(overdue[zone]) if overdue.get(zone) else None,
            days_since_new_document=(night - beijing_date(seen)).days if seen else None,
            changes_this_year=tally.get("this_year", 0),
            met=tally.get("met", 0),
            missed=tally.get("missed", 0),
        )
        if report is not None:
            row.report_year, row.report_title = report.plan_year, report.title
            row.report_date, row.report_url = report.published, report.url
            row.targets = counts.get((report.id, "target"), 0)
            row.records = row.targets + counts.get((report.id, "actual"), 0)
        rows.append(row)
    facets = {
        "province": sorted({r.entry.province for r in rows if r.entry and r.entry.province}),
        "level": sorted({r.entry.level for r in rows if r.entry and r.entry.level}),
        "type": sorted({r.entry.type for r in rows if r.entry and r.entry.type}),
    }
    keep = filters.zone_test(registry)
    wanted = [row for row in rows if keep(row.zone, row.entry)]
    return Overview(
        rows=sort_rows(wanted, filters),
        total=len(rows),
        night=night,
        year=year,
        last_crawl=last_crawl,
        facets=facets,
    )


SORT_KEYS = {
    "zone": lambda r: r.zone,
    "report": lambda r: (r.report_year, r.report_date),
    "published": lambda r: r.report_date,
    "targets": lambda r: r.targets if r.report_year else None,
    "changes": lambda r: r.changes_this_year,
    "met": lambda r: r.met,
    "missed": lambda r: r.missed,
    "health": lambda r: len(r.problems),
    "quiet": lambda r: r.days_since_new_document,
}


def sort_rows(rows: list[ZoneRow], filters: Filters) -> list[ZoneRow]:
    """Rows in the order asked for; rows with nothing to sort by (no report) always last."""
    get = SORT_KEYS.get(filters.sort, SORT_KEYS["zone"])
    known = [r for r in rows if get(r) is not None]
    unknown = [r for r in rows if get(r) is None]
    known.sort(key=lambda r: r.zone)
    known.sort(key=get, reverse=filters.order == "desc")  # stable: ties stay by name
    return known + sorted(unknown, key=lambda r: r.zone)
