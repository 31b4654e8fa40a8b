"""What tonight's digest says: the zones with a new report, their changes, and the sites that failed.

`collect` reads the whole night; `narrowed` is one subscriber's part of it. Items are plain dicts so
templates, filters and the size cap all read the same view of a change.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from monitor.compare.present import LABELS, SHOWN, stories
from monitor.health.failures import FailureReport, collect_failures
from storage.models import Change, Report

if TYPE_CHECKING:
    from monitor.health.alerts import HealthSection


def _empty_health() -> HealthSection:
    from monitor.health.alerts import HealthSection

    return HealthSection()


# The readers are in China: a digest mailed at 02:00 Beijing time is that day's digest, not yesterday's
# (the database stores naive UTC).
BEIJING = dt.timezone(dt.timedelta(hours=8), "CST")


def beijing(moment: dt.datetime) -> dt.datetime:
    """A naive UTC timestamp from the database as Beijing time."""
    return moment.replace(tzinfo=dt.UTC).astimezone(BEIJING)


# The digest's kinds of change, in reading order; notes (a missing year, no numeric targets, targets
# not recognised) come first. Labels are the one vocabulary of monitor/compare/present.py.
GROUPS = tuple((kind, LABELS[kind]) for kind in SHOWN)


@dataclass
class ZoneSection:
    zone: str
    report: dict[str, Any]
    groups: list[tuple[str, str, list[dict[str, Any]]]]
    omitted: int = 0  # items left out to keep the mail readable (monitor/delivery/digest_size.py)
    link: str | None = None  # the zone page, when items were left out and ZONEWATCH_UI_URL is set


@dataclass
class Digest:
    date: dt.date
    zones: list[ZoneSection] = field(default_factory=list)
    failure_report: FailureReport = field(default_factory=FailureReport)
    counts: dict[str, int] = field(default_factory=dict)
    change_ids: list[int] = field(default_factory=list)
    health: HealthSection = field(default_factory=lambda: _empty_health())
    omitted: int = 0  # items left out in total, including those of zones left out whole
    omitted_zones: int = 0  # zones none of whose items fit
    ui_url: str | None = None  # the all-zones page, where the left-out items can be seen

    @property
    def failures(self) -> list[dict[str, Any]]:
        """Every 抓取异常 line (a live list: other stages may extend it); the digest names the first 20."""
        return self.failure_report.failures

    @property
    def is_empty(self) -> bool:
        """Nothing worth mailing: no change and no health item not yet mailed tonight."""
        return not self.change_ids and not self.health.has_news

    @property
    def alerts(self) -> list[str]:
        """Sentences that make a night without changes still worth a mail: an outage.

        A site failing night after night is source health's (monitor.health.sources: new, weekly, recovered),
        so it is said once, in 健康状况, not here as well.
        """
        report = self.failure_report
        lines = []
        if report.all_failed:
            lines.append(
                f"全部 {len(report.checked_zones)} 个站点今晚抓取失败："
                + (
                    "今天没有新变化不代表园区没有发布新报告。"
                    if not self.change_ids
                    else "以下只是此前已抓取的内容。"
                )
            )
        return lines

    @property
    def worth_sending(self) -> bool:
        """Changes, health news (a site failing night after night, an overdue report) or an outage."""
        return not self.is_empty or bool(self.alerts)

    @property
    def subject(self) -> str:
        day = self.date.isoformat()
        if self.change_ids:
            return f"zonewatch 日报 · {day}：{self.zone_count} 个园区发布新报告"
        if self.failure_report.all_failed:
            return f"zonewatch 日报 · {day}：全部 {len(self.failure_report.checked_zones)} 个站点抓取失败"
        if self.health.has_items:
            return f"zonewatch 日报 · {day}：无新变化，{self.health.count} 条健康提醒"
        return f"zonewatch 日报 · {day}：无新变化"

    @property
    def zone_count(self) -> int:
        # A zone whose two reports arrive the same night (a first crawl) has two sections.
        return len({section.zone for section in self.zones})


def relative_move(previous: dict[str, Any] | None, current: dict[str, Any] | None) -> float | None:
    """|current − previous| / |previous| of two record snapshots; None when a value is masked or 0."""
    before = (previous or {}).get("value")
    after = (current or {}).get("value")
    if not isinstance(before, (int, float)) or not isinstance(after, (int, float)) or before == 0:
        return None
    return abs(after - before) / abs(before)


def _change_view(change: Change) -> dict[str, Any]:
    return {
        "id": change.id,
        "zone": change.zone,
        "relative": relative_move(change.previous, change.current),
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


def _sections(session: Session, changes: list[Change]) -> list[ZoneSection]:
    by_report: dict[tuple[str, int | None], list[Change]] = {}
    for change in changes:
        by_report.setdefault((change.zone, change.report_id), []).append(change)
    sections = []
    for (zone, report_id), items in by_report.items():
        report = session.get(Report, report_id) if report_id else None
        # A verdict and the re-set of the same target are one story: the re-set rides on the verdict.
        views = stories([_change_view(c) for c in items])
        groups = [(kind, label, [v for v in views if v["change"] == kind]) for kind, label in GROUPS]
        sections.append(ZoneSection(zone, _report_view(report), [g for g in groups if g[2]]))
    return sections


def collect(
    session: Session,
    since: dt.datetime | None = None,
    failures_since: dt.datetime | None = None,
    now: dt.datetime | None = None,
    *,
    sites: set[str] | None = None,
    until_id: int | None = None,
) -> Digest:
    """Changes in no digest yet, grouped by report; the sites whose newest crawl failed; and tonight's
    source-health items (monitor.health.alerts).

    since: only changes computed from then on; failures_since: only crawl runs started from then on;
    now: the moment health is judged at (naive UTC, default the present); sites: names still in the
    sites file (others are no longer reported; None: every site); until_id: only changes up to this
    id (what an analyst approved, nothing that came after).
    """
    from monitor.health.alerts import tonight

    health = tonight(session, now)  # first: it commits the alert state in its own transaction

    query = (
        select(Change)
        .where(Change.digest_id.is_(None), Change.change != "unchanged")
        .order_by(Change.zone, Change.year, Change.id)
    )
    if since is not None:
        query = query.where(Change.created_at >= since)
    if until_id is not None:
        query = query.where(Change.id <= until_id)
    changes = list(session.scalars(query))
    digest = Digest(date=dt.datetime.now(BEIJING).date(), change_ids=[c.id for c in changes], health=health)
    digest.counts = dict(Counter(c.change for c in changes))
    digest.zones = _sections(session, changes)
    digest.failure_report = collect_failures(session, since=failures_since, sites=sites)
    digest.failures.extend(given_up_fetches(session, failures_since))
    return digest


def narrowed(
    digest: Digest,
    wants: Callable[[dict[str, Any]], bool],
    wants_zone: Callable[[str], bool],
    with_health: bool = True,
) -> Digest:
    """One reader's part of the night: the items `wants` keeps, the failures of the zones they follow,
    and (with_health) those zones' source-health items."""
    from monitor.health.alerts import HealthSection

    health = HealthSection()
    if with_health:
        health = HealthSection(
            new=[i for i in digest.health.new if wants_zone(i.zone)],
            ongoing=[i for i in digest.health.ongoing if wants_zone(i.zone)],
            recovered=[i for i in digest.health.recovered if wants_zone(i.zone)],
        )

    def kept(item: dict[str, Any]) -> bool:  # a story is kept for its verdict or for its re-set
        return wants(item) or (item.get("reset") is not None and wants(item["reset"]))

    zones = []
    for section in digest.zones:
        groups = [(kind, label, [i for i in items if kept(i)]) for kind, label, items in section.groups]
        groups = [g for g in groups if g[2]]
        if groups:
            zones.append(replace(section, groups=groups))
    stories_kept = [item for section in zones for _, _, group in section.groups for item in group]
    items = stories_kept + [item["reset"] for item in stories_kept if item.get("reset")]
    return replace(
        digest,
        zones=zones,
        change_ids=[item["id"] for item in items],
        counts=dict(Counter(item["change"] for item in items)),
        failure_report=digest.failure_report.narrowed(wants_zone),
        health=health,
    )


def given_up_fetches(session: Session, since: dt.datetime | None = None) -> list[dict[str, Any]]:
    """Attachments and detail pages the crawler gave up on (after its retries), as 抓取异常 lines: a
    report that was never fetched is named, not silently missing from the diff."""
    from storage.pending import outstanding

    lines = []
    for fetch in outstanding(session):
        if fetch.status != "given_up" or (since is not None and fetch.updated_at < since):
            continue
        lines.append(
            {
                "site": fetch.site.name,
                "zone": fetch.site.zone,
                "reason": f"{'页面' if fetch.kind == 'page' else '附件'}多次下载失败，已放弃："
                f"{fetch.name or fetch.url}（{fetch.last_error}，{fetch.attempts} 次）",
                "when": beijing(fetch.updated_at).strftime("%Y-%m-%d %H:%M"),
            }
        )
    return lines
