"""What tonight's digest says: the zones with a new report, their changes, and the sites that failed."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage import repository as repo
from storage.models import Change, Report

# The readers are in China: a digest mailed at 02:00 Beijing time is that day's digest, not yesterday's
# (the database stores naive UTC).
BEIJING = dt.timezone(dt.timedelta(hours=8), "CST")


def beijing(moment: dt.datetime) -> dt.datetime:
    """A naive UTC timestamp from the database as Beijing time."""
    return moment.replace(tzinfo=dt.UTC).astimezone(BEIJING)


GROUPS = (("new", "新增"), ("changed", "调整"), ("dropped", "取消"), ("met", "完成"), ("missed", "未完成"))


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

    @property
    def is_empty(self) -> bool:
        return not self.change_ids

    @property
    def subject(self) -> str:
        if self.is_empty:
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
        return {"title": None, "url": None, "published": None, "plan_year": None}
    return {
        "title": report.title,
        "url": report.url,
        "plan_year": report.plan_year,
        "published": report.published.isoformat() if report.published else None,
    }


def collect(
    session: Session, since: dt.datetime | None = None, failures_since: dt.datetime | None = None
) -> Digest:
    """Changes in no digest yet (optionally only those computed since a moment), grouped by report."""
    query = (
        select(Change)
        .where(Change.digest_id.is_(None), Change.change != "unchanged")
        .order_by(Change.zone, Change.year, Change.id)
    )
    if since is not None:
        query = query.where(Change.created_at >= since)
    changes = list(session.scalars(query))
    digest = Digest(date=dt.datetime.now(BEIJING).date(), change_ids=[c.id for c in changes])
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
    digest.failures.extend(given_up_fetches(session, failures_since))
    return digest


def given_up_fetches(session: Session, since: dt.datetime | None = None) -> list[dict[str, Any]]:
    """Attachments the crawler gave up on (after its retries), as 抓取异常 lines: a report that was
    never fetched is named, not silently missing from the diff."""
    from storage.pending import outstanding

    lines = []
    for fetch in outstanding(session):
        if fetch.status != "given_up" or (since is not None and fetch.updated_at < since):
            continue
        lines.append(
            {
                "site": fetch.site.name,
                "zone": fetch.site.zone,
                "reason": f"附件多次下载失败，已放弃：{fetch.name or fetch.url}（{fetch.last_error}，{fetch.attempts} 次）",
                "when": beijing(fetch.updated_at).strftime("%Y-%m-%d %H:%M"),
            }
        )
    return lines
