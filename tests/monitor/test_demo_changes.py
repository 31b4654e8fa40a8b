"""The demo zones' designed story, end to end through the database: gold records → changes rows.

The gold records of every demo report go into a real database as reports of their zone; the diff
stage must then store exactly the changes mirror/content/expected_changes.yaml lists, in the right
direction, and never store a restated target as changed. The parser's own records of the demo
report texts, diffed, must tell the same story (the parser and the matching rules together).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import select

from monitor.compare.changes import update_changes
from monitor.compare.diff import ChangeItem, ReportView, diff_reports
from storage import repository as repo
from storage.db import session_scope
from storage.models import Change
from zonewatch.sites import SiteConfig

REPO = Path(__file__).resolve().parents[2]
EXPECTED_FILE = REPO / "mirror" / "content" / "expected_changes.yaml"
GOLD_DIR = REPO / "tests" / "data" / "demo_gold"


def _expected() -> dict[str, Any]:
    if not EXPECTED_FILE.exists():
        return {}
    return yaml.safe_load(EXPECTED_FILE.read_text(encoding="utf-8")) or {}


def _load_zone(db_url: str, zone: str) -> list[int]:
    """Every gold report of a zone as a recognised work report; returns the plan years loaded."""
    years = sorted(int(path.stem.rsplit("_", 1)[1]) for path in GOLD_DIR.glob(f"{zone}_*.json"))
    site = SiteConfig(name=f"demo-{zone}", zone=zone, start_urls=[f"http://127.0.0.1:9/{zone}/"])
    with session_scope(db_url) as session:
        repo.upsert_site(session, site)
        for year in years:
            records = json.loads((GOLD_DIR / f"{zone}_{year}.json").read_text(encoding="utf-8"))
            url = f"http://127.0.0.1:9/{zone}/{year}.html"
            document, _ = repo.save_document(
                session, repo.FetchedDocument(site.name, url, f"{zone} {year}".encode())
            )
            fields = {
                "zone": zone,
                "plan_year": year,
                "review_year": year - 1,
                "title": f"{zone} {year}年工作报告",
                "url": url,
                "is_report": True,
                "report_score": 1.0,
                "extractor_version": "gold",
            }
            repo.save_report(session, document, fields, records)
    return years


def _names(row: Change) -> set[str]:
    return {row.metric, (row.previous or {}).get("metric"), (row.current or {}).get("metric")} - {None}


def _value(side: dict[str, Any] | None) -> float | None:
    return None if not side or side.get("value") is None else float(side["value"])


@pytest.mark.parametrize("zone", sorted(_expected()) or ["(none)"])
def test_demo_zone_story_through_the_database(sqlite_db_url: str, zone: str) -> None:
    story = _expected().get(zone)
    if story is None:
        pytest.skip(f"{EXPECTED_FILE} is absent: no demo story to check")
    years = _load_zone(sqlite_db_url, zone)
    assert {*story, min(story) - 1} <= set(years), "gold reports for every year of the story"
    counts = update_changes(sqlite_db_url, zone=zone)
    assert counts["pairs"] == len(years) - 1
    with session_scope(sqlite_db_url) as session:
        rows = list(session.scalars(select(Change).where(Change.zone == zone)))
    for year, plan in story.items():
        stored = [row for row in rows if row.year == year]
        for want in plan["changes"]:
            hits = [
                row
                for row in stored
                if row.change == want["change"]
                and want["metric"] in _names(row)
                and row.unit == want["unit"]
                and _value(row.previous) == want.get("previous_value")
                and _value(row.current) == want.get("current_value")
            ]
            assert len(hits) == 1, (year, want)
            if want.get("direction"):
                assert hits[0].direction == want["direction"], (year, want)
        for metric in plan.get("unchanged") or []:
            assert not [r for r in stored if r.change == "changed" and metric in _names(r)], (year, metric)
            assert [r for r in stored if r.change == "unchanged" and metric in _names(r)], (year, metric)
        listed = {(w["metric"], w["change"]) for w in plan["changes"]}
        unexpected = [
            (row.metric, row.change)
            for row in stored
            if row.change != "unchanged" and not any(m in _names(row) and c == row.change for m, c in listed)
        ]
        assert unexpected == [], (year, unexpected)


def _parsed(zone: str, year: int) -> ReportView:
    from parsers.records import extract_records

    source = REPO / "mirror" / "content" / zone / "reports" / f"{year}.md"
    body = source.read_text(encoding="utf-8").split("---", 2)[2]  # after the front matter
    return ReportView(year, zone, year, extract_records(body, review_year=year - 1, plan_year=year))


@pytest.mark.parametrize(
    "zone,year", [(zone, year) for zone, story in sorted(_expected().items()) for year in story] or [("-", 0)]
)
def test_demo_story_from_the_parser_records(zone: str, year: int) -> None:
    """The parser's own records of the demo report texts (not the gold) tell the same story."""
    plan = _expected().get(zone, {}).get(year)
    if plan is None:
        pytest.skip(f"{EXPECTED_FILE} is absent: no demo story to check")
    items = diff_reports(_parsed(zone, year - 1), _parsed(zone, year))

    def names(item: ChangeItem) -> set[str]:
        return {item.metric, (item.previous or {}).get("metric"), (item.current or {}).get("metric")} - {None}

    missing = [
        (want["metric"], want["change"])
        for want in plan["changes"]
        if not any(
            item.change == want["change"]
            and want["metric"] in names(item)
            and _value(item.previous) == want.get("previous_value")
            and _value(item.current) == want.get("current_value")
            for item in items
        )
    ]
    listed = {(want["metric"], want["change"]) for want in plan["changes"]}
    extra = [
        (item.metric, item.change)
        for item in items
        if item.change != "unchanged" and not any(m in names(item) and c == item.change for m, c in listed)
    ]
    assert (missing, extra) == ([], [])
