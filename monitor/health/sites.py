"""Source health of one site, from its crawl runs: failing streaks, recoveries, changed lists.

The crawl runs of the lookback window are summed up in SQL (`site_runs`); `assess_site` turns one
site's summary into its state and, when it has one, its problem. monitor.health.sources puts sites and
zones together.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.models import CrawlRun

# Problem kinds and how the digest, the CLI and the zone page name them.
KIND_LABELS = {
    "site_failing": "抓取持续失败",
    "site_changed": "疑似改版",
    "zone_overdue": "年度报告逾期",
    "report_unreadable": "报告无法解析",
}


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


def nights_of(rows: list[tuple[dt.datetime, str, str | None, str | None]]) -> list[_Night]:
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


def site_runs(
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
