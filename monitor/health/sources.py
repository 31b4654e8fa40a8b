"""Source health from the stored crawl runs, documents and reports: which sites fail, which changed,
which zones' annual reports are overdue.

Everything is computed from history at a given moment (`now`, naive UTC like the database), so the
same data always gives the same answer and tests can look at any night. Thresholds are data
(monitor/health/rules.yaml). Nights are Beijing calendar days: the crawl starts at 02:00 Beijing.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from monitor.health.sites import (
    KIND_LABELS,
    GoodHistory,
    Problem,
    SiteHealth,
    assess_site,
    beijing_date,
    nights_of,
    site_runs,
)
from monitor.health.unread import unread_reports
from storage.models import Document, Report, Site

__all__ = ["KIND_LABELS", "HealthReport", "Problem", "SiteHealth", "ZoneHealth", "assess", "beijing_date"]

RULES_FILE = Path(__file__).with_name("rules.yaml")


@cache
def default_rules() -> dict[str, Any]:
    """The rules in monitor/health/rules.yaml."""
    return yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))


@dataclass
class ZoneHealth:
    """One zone: the due date of its current-year report and whether it is overdue."""

    zone: str
    year: int
    due: dt.date
    usual_month: int | None  # learned from past reports; None: the default due date
    has_current_report: bool
    overdue: bool
    last_report_year: int | None
    sites: list[SiteHealth] = field(default_factory=list)
    # This year's report was found but could not be read (monitor.health.unread): never overdue.
    unread: str | None = None

    @property
    def last_new_document(self) -> dt.date | None:
        dates = [s.last_new_document for s in self.sites if s.last_new_document]
        return max(dates) if dates else None

    def as_json(self) -> dict[str, Any]:
        return {
            "zone": self.zone,
            "year": self.year,
            "due": self.due.isoformat(),
            "usual_month": self.usual_month,
            "has_current_report": self.has_current_report,
            "overdue": self.overdue,
            "last_report_year": self.last_report_year,
            "unread": self.unread,
            "last_new_document": self.last_new_document.isoformat() if self.last_new_document else None,
            "sites": [s.as_json() for s in self.sites],
        }


@dataclass
class HealthReport:
    """The health of every site and zone at one moment, and the open problems."""

    now: dt.datetime
    night: dt.date
    zones: dict[str, ZoneHealth]
    problems: list[Problem]

    def sites(self) -> list[SiteHealth]:
        return [site for zone in self.zones.values() for site in zone.sites]

    def as_json(self) -> dict[str, Any]:
        return {
            "night": self.night.isoformat(),
            "problems": [p.as_json() for p in self.problems],
            "zones": [z.as_json() for z in self.zones.values()],
        }


# --- zones -------------------------------------------------------------------------------------------


def _end_of_month(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _default_due(year: int, rule: str) -> dt.date:
    month, day = rule.split("-")
    if day == "end":
        return _end_of_month(year, int(month))
    return dt.date(year, int(month), int(day))


def usual_month(published: list[tuple[int, dt.date]]) -> int | None:
    """The usual publication month of a zone's reports, as a month of the plan year (1–12).

    published: (plan_year, publication date) of past reports. A report published in December
    before its plan year counts as January; one published after December as December.
    The median (upper on ties): one late year does not move the due date much.
    """
    months = sorted(
        min(12, max(1, (date.year - year) * 12 + date.month)) for year, date in published if date and year
    )
    return months[len(months) // 2] if months else None


def due_date(year: int, month: int | None, rules: dict[str, Any]) -> dt.date:
    """When a zone's report for `year` is overdue: the end of its usual month + grace, or the default."""
    overdue = rules["overdue"]
    if month is None:
        return _default_due(year, overdue["default_due"])
    return _end_of_month(year, month) + dt.timedelta(days=overdue["grace_days"])


# --- the whole picture -------------------------------------------------------------------------------


def assess(
    session: Session,
    now: dt.datetime | None = None,
    rules: dict[str, Any] | None = None,
    zone: str | None = None,
) -> HealthReport:
    """The health of every configured site and zone at `now` (naive UTC; default: the present).

    Seven queries whatever the number of sites: the sites, three over the crawl runs of the last
    `lookback_days` (good runs summed up in SQL; only failed runs come back as rows), one
    aggregate over documents, the work reports' (zone, plan year, date) and the reports found
    but not read.
    """
    from storage.models import utcnow

    rules = rules or default_rules()
    now = now or utcnow()
    night = beijing_date(now)
    site_query = select(Site.id, Site.name, Site.zone).order_by(Site.zone, Site.name)
    if zone is not None:
        site_query = site_query.where(Site.zone == zone)
    sites = session.execute(site_query).all()
    site_ids = [row.id for row in sites]

    cutoff = now - dt.timedelta(days=rules["lookback_days"])
    recent, histories = site_runs(session, cutoff, now, site_ids if zone is not None else None)

    doc_query = select(
        Document.site_id, func.min(Document.first_seen_at), func.max(Document.first_seen_at)
    ).where(Document.first_seen_at <= now)
    if zone is not None:
        doc_query = doc_query.where(Document.site_id.in_(site_ids))
    documents = {
        site_id: (first, last)
        for site_id, first, last in session.execute(doc_query.group_by(Document.site_id))
    }

    report_query = select(Report.zone, Report.plan_year, Report.published).where(
        Report.is_report.is_(True), Report.plan_year.is_not(None)
    )
    if zone is not None:
        report_query = report_query.where(Report.zone == zone)
    reports: dict[str, list[tuple[int, dt.date]]] = defaultdict(list)
    for zone_name, plan_year, published in session.execute(report_query):
        reports[zone_name].append((plan_year, published))

    problems: list[Problem] = []
    zones: dict[str, ZoneHealth] = {}
    for site_id, name, zone_name in sites:
        recent_nights = nights_of(recent.get(site_id, []))
        health, problem = assess_site(
            name, zone_name, recent_nights, histories.get(site_id, GoodHistory()), rules
        )
        if site_id in documents:
            first, last = documents[site_id]
            health.first_seen, health.last_new_document = beijing_date(first), beijing_date(last)
            health.days_since_new_document = (night - health.last_new_document).days
        if problem:
            problems.append(problem)
        if zone_name not in zones:
            zones[zone_name] = _zone_health(zone_name, night, reports.get(zone_name, []), rules)
        zones[zone_name].sites.append(health)
    unread = unread_reports(session, zone)
    for zone_health in zones.values():
        found = None if zone_health.has_current_report else unread.get((zone_health.zone, zone_health.year))
        if found is not None:
            zone_health.overdue, zone_health.unread = False, found.summary()
            problems.append(
                Problem(
                    "report_unreadable",
                    found.zone,
                    found.zone,
                    night,
                    found.summary(),
                    {"year": found.year, "url": found.url, "reason": found.reason},
                )
            )
        if zone_health.overdue:
            problems.append(_overdue_problem(zone_health))
    return HealthReport(now=now, night=night, zones=zones, problems=problems)


def _zone_health(
    zone: str, night: dt.date, published: list[tuple[int, dt.date]], rules: dict[str, Any]
) -> ZoneHealth:
    year = night.year
    # Only reports of earlier plan years teach the month: this year's report is what we wait for.
    past = sorted((y, d) for y, d in published if y < year and d is not None)[
        -rules["overdue"]["history_reports"] :
    ]
    month = usual_month(past)
    due = due_date(year, month, rules)
    has_current = any(y >= year for y, _ in published)
    years = [y for y, _ in published]
    return ZoneHealth(
        zone=zone,
        year=year,
        due=due,
        usual_month=month,
        has_current_report=has_current,
        overdue=not has_current and night > due,
        last_report_year=max(years) if years else None,
    )


def _overdue_problem(zone: ZoneHealth) -> Problem:
    learned = f"往年通常 {zone.usual_month} 月发布" if zone.usual_month else "无往年报告，按默认期限"
    last = f"，最近一份为 {zone.last_report_year} 年" if zone.last_report_year else ""
    summary = f"{zone.year} 年工作报告逾期未发布（{learned}，应于 {zone.due.isoformat()} 前发布{last}）"
    return Problem(
        "zone_overdue",
        zone.zone,
        zone.zone,
        zone.due + dt.timedelta(days=1),
        summary,
        {"year": zone.year, "due": zone.due.isoformat(), "usual_month": zone.usual_month},
    )
