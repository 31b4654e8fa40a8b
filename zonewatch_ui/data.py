"""What the zone pages show, read from the zonewatch database. Nothing here writes.

The pages are served without Airflow's login, so they show only what the digest already mails:
report titles, dates and links, extracted values with their source clauses, changes, and the
health lines (site names and failure reasons). No raw documents, configuration or addresses.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, load_only

from monitor.compare.changes import one_per_year
from monitor.compare.history import Indicator, indicators, values
from monitor.compare.outcomes import zone_story
from monitor.health.sources import HealthReport, ZoneHealth, assess
from storage.models import Change, Report, TargetRecord


@dataclass
class ZoneRow:
    """One line of the all-zones page."""

    zone: str
    report_year: int | None
    report_title: str | None
    report_date: dt.date | None
    report_url: str | None
    records: int
    problems: list[str]
    days_since_new_document: int | None
    overdue: bool
    due: dt.date | None


def _health_lines(health: HealthReport, zone: str) -> list[str]:
    return [f"{p.label}：{p.summary}" for p in health.problems if p.zone == zone]


def overview(session: Session, now: dt.datetime | None = None) -> tuple[list[ZoneRow], dt.date]:
    """Every configured zone with its newest work report, record count, health and quiet days.

    Health comes from the stored alerts (refreshed by each night's digest), not a live assessment
    of every site: five queries whatever the number of zones, none of them over the crawl runs.
    """
    from monitor.health.alerts import open_alerts
    from monitor.health.sources import KIND_LABELS, beijing_date
    from storage.models import Document, Site, utcnow

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
    newest = {zone: one_per_year(reports)[-1] for zone, reports in by_zone.items()}  # as the diff chooses
    counts = dict(
        session.execute(
            select(TargetRecord.report_id, func.count())
            .where(TargetRecord.report_id.in_([r.id for r in newest.values()]))
            .group_by(TargetRecord.report_id)
        ).all()
    )
    rows = []
    for zone in sorted(configured | set(newest)):
        report = newest.get(zone)
        seen = last_new.get(zone)
        rows.append(
            ZoneRow(
                zone=zone,
                report_year=report.plan_year if report else None,
                report_title=report.title if report else None,
                report_date=report.published if report else None,
                report_url=report.url if report else None,
                records=counts.get(report.id, 0) if report else 0,
                problems=problems.get(zone, []),
                days_since_new_document=(night - beijing_date(seen)).days if seen else None,
                overdue=zone in overdue,
                due=dt.date.fromisoformat(overdue[zone]) if overdue.get(zone) else None,
            )
        )
    return rows, night


@dataclass
class ZonePage:
    """One zone: reports by year, indicators across years, targets met or missed, latest changes."""

    zone: str
    reports: list[dict[str, Any]]
    indicators: list[Indicator]
    years: list[int]
    outcomes: list[dict[str, Any]]
    changes: list[dict[str, Any]]
    health: ZoneHealth | None
    problems: list[str] = field(default_factory=list)


def zone_page(
    session: Session, zone: str, now: dt.datetime | None = None, changes_limit: int = 40
) -> ZonePage:
    """The zone's page. Raises LookupError when the zone has neither a site nor a work report."""
    health = assess(session, now, zone=zone)
    reports = one_per_year(
        list(
            session.scalars(
                select(Report).where(
                    Report.zone == zone, Report.is_report.is_(True), Report.plan_year.is_not(None)
                )
            )
        )
    )
    if not reports and zone not in health.zones:
        raise LookupError(zone)
    counts = dict(
        session.execute(
            select(TargetRecord.report_id, func.count())
            .where(TargetRecord.report_id.in_([r.id for r in reports]))
            .group_by(TargetRecord.report_id)
        ).all()
    )
    report_rows = [
        {
            "year": r.plan_year,
            "title": r.title,
            "published": r.published,
            "url": r.url,
            "records": counts.get(r.id, 0),
        }
        for r in reversed(reports)
    ]
    groups = indicators(values(session, zone)) if reports else []
    years = sorted({year for group in groups for year in group.years})
    urls = dict(session.execute(select(Report.id, Report.url).where(Report.zone == zone)).all())
    change_rows = session.scalars(
        select(Change).where(Change.zone == zone).order_by(Change.year.desc(), Change.id.desc())
    ).all()
    # Verdicts dated by the year they judge, each with the re-set of its target (one story).
    outcomes, others = zone_story(change_rows, urls)
    latest = others[:changes_limit]
    return ZonePage(
        zone=zone,
        reports=report_rows,
        indicators=groups,
        years=years,
        outcomes=outcomes,
        changes=latest,
        health=health.zones.get(zone),
        problems=_health_lines(health, zone),
    )
