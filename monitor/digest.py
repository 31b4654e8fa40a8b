"""What tonight's digest says: the zones with a new report, their changes, and the sites that failed."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage import repository as repo
from storage.models import Change, Report

if TYPE_CHECKING:
    from monitor.health_alerts import HealthSection


def _empty_health() -> HealthSection:
    from monitor.health_alerts import HealthSection

    return HealthSection()


# The readers are in China: a digest mailed at 02:00 Beijing time is that day's digest, not yesterday's
# (the database stores naive UTC).
BEIJING = dt.timezone(dt.timedelta(hours=8), "CST")


def beijing(moment: dt.datetime) -> dt.datetime:
    """A naive UTC timestamp from the database as Beijing time."""
    return moment.replace(tzinfo=dt.UTC).astimezone(BEIJING)


# The digest's kinds of change, in reading order; notes (a missing year, no numeric targets) come first.
GROUPS = (
    ("gap", "缺年"),
    ("no_targets", "无量化目标"),
    ("new", "新增"),
    ("changed", "调整"),
    ("dropped", "未再提及"),
    ("met", "完成"),
    ("missed", "未完成"),
    ("unclear", "无法判断"),
    ("progress", "进度"),
)


@dataclass
class ZoneSection:
    zone: str
    report: dict[str, Any]
    groups: list[tuple[str, str, list[dict[str, Any]]]]


@dataclass
class Digest:
    date: dt.date
    zones: list[ZoneSection] = field(default_factory=list)
    failures: list[dict[str, Any]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    change_ids: list[int] = field(default_factory=list)
    health: HealthSection = field(default_factory=lambda: _empty_health())

    @property
    def is_empty(self) -> bool:
        """Nothing worth mailing: no change and no health item not yet mailed tonight."""
        return not self.change_ids and not self.health.has_news

    @property
    def subject(self) -> str:
        if not self.change_ids:
            if self.health.has_items:
                return f"zonewatch 日报 · {self.date.isoformat()}：无新变化，{self.health.count} 条健康提醒"
            return f"zonewatch 日报 · {self.date.isoformat()}：无新变化"
        return f"zonewatch 日报 · {self.date.isoformat()}：{self.zone_count} 个园区发布新报告"

    @property
    def zone_count(self) -> int:
        # A zone whose two reports arrive the same night (a first crawl) has two sections.
        return len({section.zone for section in self.zones})


def _change_view(change: Change) -> dict[str, Any]:
    return {
        "metric": change.metric,
        "unit": change.unit,
        "change": change.change,
        "direction": change.direction,
        "previous": change.previous,
        "current": change.current,
    }


def _report_view(report: Report | None) -> dict[str, Any]:
    if report is None:
        return {"title": None, "url": None, "published": None, "plan_year": None, "attachment": None}
    return {
        "title": report.title,
        "url": report.url,
        "plan_year": report.plan_year,
        "published": report.published.isoformat() if report.published else None,
        # The attachment the report was read from, when it is not the page itself (PDF/DOCX).
        "attachment": source if (source := (report.meta or {}).get("source_url")) != report.url else None,
    }


def collect(
    session: Session,
    since: dt.datetime | None = None,
    failures_since: dt.datetime | None = None,
    now: dt.datetime | None = None,
) -> Digest:
    """Changes in no digest yet (optionally only those computed since a moment), grouped by report,
    and tonight's source-health items (monitor.health_alerts; `now` is naive UTC, default the present)."""
    from monitor.health_alerts import tonight

    health = tonight(session, now)  # first: it commits the alert state in its own transaction

    query = (
        select(Change)
        .where(Change.digest_id.is_(None), Change.change != "unchanged")
        .order_by(Change.zone, Change.year, Change.id)
    )
    if since is not None:
        query = query.where(Change.created_at >= since)
    changes = list(session.scalars(query))
    digest = Digest(date=dt.datetime.now(BEIJING).date(), change_ids=[c.id for c in changes], health=health)
    digest.counts = dict(Counter(c.change for c in changes))
    by_report: dict[tuple[str, int | None], list[Change]] = {}
    for change in changes:
        by_report.setdefault((change.zone, change.report_id), []).append(change)
    for (zone, report_id), items in by_report.items():
        report = session.get(Report, report_id) if report_id else None
        groups = [
            (kind, label, [_change_view(c) for c in items if c.change == kind]) for kind, label in GROUPS
        ]
        digest.zones.append(ZoneSection(zone, _report_view(report), [g for g in groups if g[2]]))
    for run in repo.latest_crawl_runs(session, since=failures_since):
        if run.status != "ok":
            digest.failures.append(
                {
                    "site": run.site.name,
                    "zone": run.site.zone,
                    "reason": run.reason or run.status,
                    "when": beijing(run.started_at).strftime("%Y-%m-%d %H:%M"),
                }
            )
    return digest
