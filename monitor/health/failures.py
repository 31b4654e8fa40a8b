"""The digest's 抓取异常 section: which sites failed, why (in Chinese), and for how many nights.

Only sites still in the sites file are reported; thousands of failures become counts by reason
plus the first few named, never thousands of lines.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import CrawlRun, Site, utcnow

REASONS_FILE = Path(__file__).with_name("failure_reasons.yaml")
NAMED = 20  # failures listed by name; the rest are only counted
HISTORY_DAYS = 60  # how far back a failing streak is traced
NOT_FAILED = ("ok", "running")
BEIJING = dt.timezone(dt.timedelta(hours=8), "CST")


@dataclass(frozen=True)
class ReasonRule:
    pattern: re.Pattern[str]
    label: str
    text: str


@cache
def reason_rules() -> tuple[ReasonRule, ...]:
    """The rules of failure_reasons.yaml, compiled once."""
    raw = yaml.safe_load(REASONS_FILE.read_text(encoding="utf-8"))
    return tuple(ReasonRule(re.compile(r["pattern"], re.I), r["label"], r["text"]) for r in raw)


def explain(reason: str | None, status: str = "failed") -> tuple[str, str]:
    """(category, Chinese sentence) for a crawler reason such as 'blocked: waf' or 'http 503'.

    An unknown reason keeps its original words after 其他错误, so nothing is hidden from the reader.
    """
    raw = (reason or status or "").strip()
    category, text = "其他错误", f"其他错误（{raw or '未知原因'}）"
    for rule in reason_rules():
        match = rule.pattern.search(raw)
        if match:
            # {1} is the first group: index 0 is a placeholder so the YAML counts like a regex does.
            groups = [g or "" for g in match.groups()]
            category, text = rule.label, rule.text.format("", *groups, reason=raw)
            break
    if status == "partial":
        return f"部分抓取：{category}", f"只抓取了部分内容：{text}"
    return category, text


@dataclass
class FailureReport:
    """What the digest says about failed sites.

    failures: every failure, each {"site", "zone", "reason" (Chinese), "category", "raw", "when",
    "nights"}, longest-failing first; checked_zones: the zone of every site that was crawled.
    Other stages may append lines of their own (at least "site", "zone", "reason", "when"): they are
    named and counted like the rest, but only lines with "nights" are sites whose crawl failed.
    """

    failures: list[dict[str, Any]] = field(default_factory=list)
    checked_zones: list[str] = field(default_factory=list)

    @property
    def named(self) -> list[dict[str, Any]]:
        """The failures the digest names; the rest are only counted."""
        return self.failures[:NAMED]

    @property
    def total(self) -> int:
        return len(self.failures)

    @property
    def more(self) -> int:
        return self.total - len(self.named)

    @property
    def counts(self) -> dict[str, int]:
        """Failures by category, the most frequent first."""
        return dict(Counter(f.get("category") or "其他异常" for f in self.failures).most_common())

    @property
    def all_failed(self) -> bool:
        """Every site that was crawled failed: an outage, not a quiet night."""
        failed_sites = sum(1 for f in self.failures if f.get("nights"))
        return bool(self.checked_zones) and failed_sites == len(self.checked_zones)

    def narrowed(self, wants_zone: Callable[[str], bool]) -> FailureReport:
        """The same report limited to the zones a reader follows."""
        return FailureReport(
            [f for f in self.failures if wants_zone(f["zone"])],
            [z for z in self.checked_zones if wants_zone(z)],
        )


def _night(moment: dt.datetime) -> dt.date:
    return moment.replace(tzinfo=dt.UTC).astimezone(BEIJING).date()


def collect_failures(
    session: Session,
    *,
    since: dt.datetime | None = None,
    sites: set[str] | None = None,
) -> FailureReport:
    """The sites whose newest run failed, with how many nights in a row (Beijing dates) they have.

    since: only runs started from then count as a site's newest (the demo's "this night only").
    sites: the names in the sites file; a site no longer there is no longer reported (None: all).
    """
    horizon = utcnow() - dt.timedelta(days=HISTORY_DAYS)
    if since is not None:
        horizon = min(horizon, since)
    query = (
        select(CrawlRun.site_id, CrawlRun.status, CrawlRun.reason, CrawlRun.started_at, Site.name, Site.zone)
        .join(Site, Site.id == CrawlRun.site_id)
        .where(CrawlRun.started_at >= horizon)
        .order_by(CrawlRun.site_id, CrawlRun.started_at.desc(), CrawlRun.id.desc())
    )
    history: dict[int, list[Any]] = {}
    for row in session.execute(query):
        if sites is not None and row.name not in sites:
            continue
        history.setdefault(row.site_id, []).append(row)
    failures: list[dict[str, Any]] = []
    checked_zones: list[str] = []
    for runs in history.values():
        runs = [r for r in runs if r.status != "running"]
        if not runs or (since is not None and runs[0].started_at < since):
            continue
        newest = runs[0]
        checked_zones.append(newest.zone)
        if newest.status in NOT_FAILED:
            continue
        nights = set()
        for run in runs:
            if run.status in NOT_FAILED:
                break
            nights.add(_night(run.started_at))
        category, text = explain(newest.reason, newest.status)
        failures.append(
            {
                "site": newest.name,
                "zone": newest.zone,
                "reason": text,
                "category": category,
                "raw": newest.reason or newest.status,
                "when": newest.started_at.replace(tzinfo=dt.UTC)
                .astimezone(BEIJING)
                .strftime("%Y-%m-%d %H:%M"),
                "nights": len(nights),
            }
        )
    failures.sort(key=lambda f: (-f["nights"], f["zone"], f["site"]))
    return FailureReport(failures, checked_zones)
