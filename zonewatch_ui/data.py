"""What one zone's page shows, read from the zonewatch database. Nothing here writes.
(The all-zones rows, the indicator view and the report card are monitor.workspace's.)

The pages are served without Airflow's login, so they show only what the digest already mails:
report titles, dates and links, extracted values with their source clauses, changes, and the
health lines (site names and failure reasons). No raw documents, configuration or addresses.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from config.registry import Zone, by_default
from monitor.compare.changes import one_per_year
from monitor.compare.history import Indicator, indicators, values
from monitor.compare.outcomes import zone_story
from monitor.health.sources import HealthReport, ZoneHealth, assess
from monitor.workspace.card import ReportCard, report_card
from storage.models import Change, CrawlRun, Report, Site, TargetRecord


def _health_lines(health: HealthReport, zone: str) -> list[str]:
    return [f"{p.label}：{p.summary}" for p in health.problems if p.zone == zone]


def _other_zone(registry: Any, zone: str, text_zone: str | None) -> str | None:
    """The registered zone a report's text names, when it is not this zone (a neighbour's report
    re-posted, a joint meeting): the name found in the document resolved through the registry."""
    if not text_zone:
        return None
    found = registry.resolve(text_zone).zone
    if found is None or found.name == zone or found.name == registry.canonical(zone):
        return None
    return found.name


@dataclass
class ZonePage:
    """One zone: its registry entry, reports by year, indicators across years, its report card,
    latest changes, and its sites' health with their last crawl (naive UTC)."""

    zone: str
    entry: Zone | None
    reports: list[dict[str, Any]]
    indicators: list[Indicator]
    years: list[int]
    card: ReportCard | None
    changes: list[dict[str, Any]]
    health: ZoneHealth | None
    problems: list[str] = field(default_factory=list)
    last_crawl: dict[str, dt.datetime] = field(default_factory=dict)


def zone_page(
    session: Session, zone: str, now: dt.datetime | None = None, changes_limit: int = 40
) -> ZonePage:
    """The zone's page; a name the registry resolves (江阴高新技术产业开发区) finds the zone stored
    under its registered name. Raises LookupError when the zone has neither a site nor a work report."""
    registry = by_default()
    stored = set(session.scalars(select(Site.zone).where(Site.zone == zone))) or set(
        session.scalars(select(Report.zone).where(Report.zone == zone).limit(1))
    )
    if not stored and registry.resolve(zone).zone is not None:
        zone = registry.resolve(zone).zone.name  # type: ignore[union-attr]
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
            "other_zone": _other_zone(registry, zone, (r.meta or {}).get("text_zone")),
        }
        for r in reversed(reports)
    ]
    groups = indicators(values(session, zone)) if reports else []
    years = sorted({year for group in groups for year in group.years})
    urls = dict(session.execute(select(Report.id, Report.url).where(Report.zone == zone)).all())
    change_rows = session.scalars(
        select(Change).where(Change.zone == zone).order_by(Change.year.desc(), Change.id.desc())
    ).all()
    # Verdicts are the report card's (dated by the year they judge); the latest changes tell the rest,
    # a re-set target with its verdict (one story per target).
    _, others = zone_story(change_rows, urls)
    latest = others[:changes_limit]
    from monitor.health.sources import beijing_date
    from storage.models import utcnow

    last_crawl = dict(
        session.execute(
            select(Site.name, func.max(CrawlRun.finished_at))
            .join(CrawlRun, CrawlRun.site_id == Site.id)
            .where(Site.zone == zone, CrawlRun.finished_at <= (now or utcnow()))
            .group_by(Site.name)
        ).all()
    )
    return ZonePage(
        zone=zone,
        entry=registry.get(zone) or registry.resolve(zone).zone,
        reports=report_rows,
        indicators=groups,
        years=years,
        card=report_card(session, zone, beijing_date(now or utcnow())) if reports else None,
        changes=latest,
        health=health.zones.get(zone),
        problems=_health_lines(health, zone),
        last_crawl=last_crawl,
    )
