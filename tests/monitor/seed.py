"""Write a small zonewatch history straight into a database: sites, nightly crawl runs, reports.

For tests of what is computed from stored history (health, pages, history export); the crawl itself
is tested against the mirror elsewhere.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from storage import repository as repo
from storage.db import session_scope
from storage.models import CrawlRun, Site
from zonewatch.sites import SiteConfig


def night_moment(day: dt.date) -> dt.datetime:
    """02:00 Beijing on `day` as naive UTC, when the nightly crawl starts."""
    return dt.datetime.combine(day, dt.time(2)) - dt.timedelta(hours=8)


def seed_site(db_url: str, name: str, zone: str) -> None:
    with session_scope(db_url) as session:
        repo.upsert_site(
            session, SiteConfig(name=name, zone=zone, start_urls=[f"http://127.0.0.1:9/{name}/"])
        )


def seed_nights(db_url: str, name: str, first: dt.date, outcomes: list[str], platform: str = "trs") -> None:
    """One crawl run per night from `first`: "ok", "partial", or "failed: <reason>"."""
    with session_scope(db_url) as session:
        site = session.scalar(select(Site).where(Site.name == name))
        assert site is not None
        for offset, outcome in enumerate(outcomes):
            status, _, reason = outcome.partition(": ")
            moment = night_moment(first + dt.timedelta(days=offset))
            session.add(
                CrawlRun(
                    site_id=site.id,
                    started_at=moment,
                    finished_at=moment + dt.timedelta(minutes=5),
                    status=status,
                    reason=reason or None,
                    stats={"platform": platform if status != "failed" else None},
                )
            )


def seed_report(
    db_url: str, name: str, zone: str, year: int, published: dt.date, records: list[dict[str, Any]]
) -> None:
    """A recognised work report of `zone` for plan year `year`, first seen the day it was published."""
    url = f"http://127.0.0.1:9/{name}/report-{year}.html"
    with session_scope(db_url) as session:
        document, _ = repo.save_document(
            session, repo.FetchedDocument(name, url, f"{zone} {year}".encode(), title=f"{year}年工作报告")
        )
        document.first_seen_at = night_moment(published)
        repo.save_report(
            session,
            document,
            {
                "zone": zone,
                "plan_year": year,
                "review_year": year - 1,
                "title": f"{zone}{year}年工作报告",
                "url": url,
                "published": published,
                "is_report": True,
                "report_score": 0.9,
                "clean_text": "",
                "extractor_version": "t",
            },
            records,
        )


def record(
    metric: str, value: float | None, unit: str, year: int, kind: str = "target", comparator: str = "="
) -> dict:
    return {
        "metric": metric,
        "value": value,
        "unit": unit,
        "year": year,
        "kind": kind,
        "comparator": comparator,
        "text": f"{year}年{metric}{'' if value is None else value}{unit}",
    }
