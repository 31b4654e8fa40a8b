"""Source health from the stored crawl runs, documents and reports: which sites fail, which changed,
which zones' annual reports are overdue.

Everything is computed from history at a given moment (`now`, naive UTC like the database), so the
same data always gives the same answer and tests can look at any night. Thresholds are data
(monitor/health_rules.yaml). Nights are Beijing calendar days: the crawl starts at 02:00 Beijing.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.models import CrawlRun, Document, Report, Site

RULES_FILE = Path(__file__).with_name("health_rules.yaml")

# Problem kinds and how the digest, the CLI and the zone page name them.
KIND_LABELS = {"site_failing": "抓取持续失败", "site_changed": "疑似改版", "zone_overdue": "年度报告逾期"}


@cache
def default_rules() -> dict[str, Any]:
    """The rules in monitor/health_rules.yaml."""
    return yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))


@dataclass
class Problem:
    """One open problem. key is unique per problem (kind:subject); since is the first bad night."""

    kind: str
    subject: str
    zone: str
    since: dt.date
    summary: str  # one Chinese line for the digest and the page
    detail: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.subject}"

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data.update(key=self.key, label=self.label, since=self.since.isoformat())
        return data


@dataclass
class SiteHealth:
    """One site: its state tonight, its streak and its document dates (None when unknown)."""

    site: str
    zone: str
    status: str  # ok | partial | failing | changed | failed_once | never_crawled
    last_night: dt.date | None = None
    last_reason: str | None = None
    failing_nights: int = 0
    failing_since: dt.date | None = None
    recovered_on: dt.date | None = None  # the night the last failing streak ended
    first_seen: dt.date | None = None
    last_new_document: dt.date | None = None
    days_since_new_document: int | None = None

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        for name, value in data.items():
            if isinstance(value, dt.date):
                data[name] = value.isoformat()
        data["label"] = self.label
        return data


STATUS_LABELS = {
    "ok": "正常",
    "partial": "部分抓取",
    "failing": "持续失败",
    "changed": "疑似改版",
    "failed_once": "昨晚失败",
    "never_crawled": "尚未抓取",
}


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


BEIJING_OFFSET = dt.timedelta(hours=8)


def beijing_date(moment: dt.datetime) -> dt.date:
    """The Beijing calendar day of a naive UTC timestamp: the night a 02:00 crawl belongs to."""
    return (moment + BEIJING_OFFSET).date()


# --- sites -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Night:
    night: dt.date
    status: str
    reason: str | None
    platform: str | None


def _nights(rows: list[tuple[dt.datetime, str, str | None, str | None]]) -> list[_Night]:
    """One outcome per Beijing night (the last run started that night), oldest first."""
    by_night: dict[dt.date, _Night] = {}
    for started, status, reason, platform in sorted(rows, key=lambda r: r[0]):
        night = beijing_date(started)
        by_night[night] = _Night(night, status, reason, platform)
    return [by_night[n] for n in sorted(by_night)]


@dataclass
class GoodHistory:
    """What a site's good (ok or partial) runs of the lookback window say, summed up in SQL.

    count and first cover the window up to and including the last good run; platforms counts the
    list platforms of the good runs before the last one; recovered_on is the last good night that
    followed a failed run.
    """

    count: int = 0
    first: dt.date | None = None
    platforms: dict[str, int] = field(default_factory=dict)
    recovered_on: dt.date | None = None


def _is_empty_list(reason: str | None, rules: dict[str, Any]) -> bool:
    prefixes = rules["site_changed"]["empty_reasons"]
    return bool(reason) and any(str(reason).startswith(prefix) for prefix in prefixes)


def assess_site(
    site: str, zone: str, recent: list[_Night], history: GoodHistory, rules: dict[str, Any]
) -> tuple[SiteHealth, Problem | None]:
    """A site's state and its problem, if any.

    recent: its last good night and every night after it, oldest first (empty: never crawled);
    history: its good runs of the lookback window.
    """
    health = SiteHealth(site=site, zone=zone, status="never_crawled")
    if not recent:
        return health, None
    last = recent[-1]
    health.last_night, health.last_reason = last.night, last.reason
    streak = 0
    for night in reversed(recent):
        if night.status != "failed":
            break
        streak += 1
    last_good = next((n for n in reversed(recent) if n.status != "failed"), None)
    changed = rules["site_changed"]
    weeks_of_entries = (
        last_good is not None
        and history.first is not None
        and history.count >= changed["min_ok_nights"]
        and (last_good.night - history.first).days >= changed["min_history_days"]
    )
    if streak:
        health.failing_nights = streak
        health.failing_since = recent[-streak].night
        since = recent[-streak].night
        if _is_empty_list(last.reason, rules) and weeks_of_entries:
            health.status = "changed"
            summary = (
                f"列表连续 {streak} 晚无条目（{last.reason}），此前 {history.count} 晚正常，网站仍可访问"
            )
            detail = {"nights": streak, "reason": last.reason, "good_nights": history.count}
            return health, Problem("site_changed", site, zone, since, summary, detail)
        if streak >= rules["failing"]["min_nights"]:
            health.status = "failing"
            summary = f"连续 {streak} 晚抓取失败，最近原因：{last.reason or '未知'}"
            return health, Problem(
                "site_failing", site, zone, since, summary, {"nights": streak, "reason": last.reason}
            )
        health.status = "failed_once"
        return health, None
    health.status = "partial" if last.status == "partial" else "ok"
    health.recovered_on = history.recovered_on
    # A list read through a different platform than on all its earlier good nights: it was redesigned.
    platforms = history.platforms
    if (
        len(platforms) == 1
        and last.platform
        and last.platform not in platforms
        and sum(platforms.values()) >= changed["min_ok_nights"]
    ):
        usual = next(iter(platforms))
        health.status = "changed"
        summary = f"列表结构变化：此前按 {usual} 识别，最近一晚按 {last.platform} 识别"
        detail = {"usual_platform": usual, "platform": last.platform}
        return health, Problem("site_changed", site, zone, last.night, summary, detail)
    return health, None


GOOD = ("ok", "partial")


def _site_runs(
    session: Session, cutoff: dt.datetime, now: dt.datetime, site_ids: list[int] | None
) -> tuple[dict[int, list[tuple[dt.datetime, str, str | None, str | None]]], dict[int, GoodHistory]]:
    """Per site: its last good run and the failed runs after it (rows), and its GoodHistory.

    Three passes over the window's runs: good runs summed up by (site, status, platform), the
    failed runs as rows (few: sites fail rarely), and each site's first good run after its last
    failure (the night it recovered).
    """
    platform = CrawlRun.stats["platform"].as_string()
    window = [CrawlRun.started_at >= cutoff, CrawlRun.started_at <= now, CrawlRun.status != "running"]
    if site_ids is not None:
        window.append(CrawlRun.site_id.in_(site_ids))
    histories: dict[int, GoodHistory] = defaultdict(GoodHistory)
    last_good: dict[int, tuple[dt.datetime, str, str | None]] = {}
    good = session.execute(
        select(
            CrawlRun.site_id,
            CrawlRun.status,
            platform,
            func.count(),
            func.min(CrawlRun.started_at),
            func.max(CrawlRun.started_at),
        )
        .where(*window, CrawlRun.status.in_(GOOD))
        .group_by(CrawlRun.site_id, CrawlRun.status, platform)
    )
    for site_id, status, platform_name, count, first, last in good:
        history = histories[site_id]
        history.count += count
        first_night = beijing_date(first)
        history.first = min(history.first or first_night, first_night)
        if platform_name:
            history.platforms[platform_name] = history.platforms.get(platform_name, 0) + count
        if site_id not in last_good or last > last_good[site_id][0]:
            last_good[site_id] = (last, status, platform_name)
    for site_id, (_, _, platform_name) in last_good.items():
        # The platforms of the good runs *before* the last one: take the last one out.
        platforms = histories[site_id].platforms
        if platform_name and platform_name in platforms:
            platforms[platform_name] -= 1
            if not platforms[platform_name]:
                del platforms[platform_name]

    recent: dict[int, list[tuple[dt.datetime, str, str | None, str | None]]] = defaultdict(list)
    for site_id, (moment, status, platform_name) in last_good.items():
        recent[site_id].append((moment, status, None, platform_name))
    failed = session.execute(
        select(CrawlRun.site_id, CrawlRun.started_at, CrawlRun.reason).where(
            *window, CrawlRun.status == "failed"
        )
    )
    for site_id, moment, reason in failed:
        if site_id not in last_good or moment > last_good[site_id][0]:
            recent[site_id].append((moment, "failed", reason, None))

    last_failure = (
        select(CrawlRun.site_id, func.max(CrawlRun.started_at).label("at"))
        .where(*window, CrawlRun.status == "failed")
        .group_by(CrawlRun.site_id)
        .subquery()
    )
    recovered = session.execute(
        select(CrawlRun.site_id, func.min(CrawlRun.started_at))
        .join(last_failure, last_failure.c.site_id == CrawlRun.site_id)
        .where(*window, CrawlRun.status.in_(GOOD), CrawlRun.started_at > last_failure.c.at)
        .group_by(CrawlRun.site_id)
    )
    for site_id, moment in recovered:
        histories[site_id].recovered_on = beijing_date(moment)
    return recent, histories


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

    Six queries whatever the number of sites: the sites, three over the crawl runs of the last
    `lookback_days` (good runs summed up in SQL; only failed runs come back as rows), one
    aggregate over documents and the work reports' (zone, plan year, date).
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
    recent, histories = _site_runs(session, cutoff, now, site_ids if zone is not None else None)

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
        recent_nights = _nights(recent.get(site_id, []))
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
    for zone_health in zones.values():
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
