"""Source health end to end: the real spider crawls the mirror night after night while one site goes
down for three nights and comes back, another's list turns empty, and zones' reports are late.

Nights are simulated by dating each night's crawl runs (and the documents first seen in them) to
02:00 Beijing of that night; everything else is the real crawl, parse, health and digest code.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import select, update

from mirror.demo_sites import write_sites_file
from mirror.server import MirrorServer
from monitor.delivery.digest import collect
from monitor.delivery.render import render_html, render_text
from monitor.health.alerts import mark_alerted
from monitor.health.sources import assess, default_rules
from parsers.stage import parse_documents
from storage.db import session_scope
from storage.models import CrawlRun, Document
from zonewatch.pipeline import crawl_command

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]

ZONES = {
    "yunxi": "云溪高新区",
    "chenghu": "澄湖经济开发区",
    "qingchuan": "青川高新区",
    "fengyuan": "丰源科技产业园",
}


def beijing_0200(day: dt.date) -> dt.datetime:
    """02:00 Beijing on `day`, as the naive UTC the database stores."""
    return dt.datetime.combine(day, dt.time(2)) - dt.timedelta(hours=8)


def crawl_night(sites_file: Path, db_url: str, day: dt.date) -> dict[str, dict]:
    before = dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(seconds=1)
    command = [*crawl_command(sites_file, db_url), "--delay", "0"]
    completed = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert completed.returncode in (0, 3), completed.stderr[-2000:]
    stats = {s["site"]: s for s in json.loads(completed.stdout.strip().splitlines()[-1])["sites"]}
    moment = beijing_0200(day)
    with session_scope(db_url) as session:
        session.execute(
            update(CrawlRun)
            .where(CrawlRun.started_at >= before)
            .values(started_at=moment, finished_at=moment)
        )
        session.execute(update(Document).where(Document.first_seen_at >= before).values(first_seen_at=moment))
    parse_documents(db_url)
    return stats


def digest_for(db_url: str, day: dt.date):  # type: ignore[no-untyped-def]
    """Tonight's digest as the outbox would queue it (rendered, then its health items marked mailed)."""
    moment = beijing_0200(day) + dt.timedelta(hours=1)
    with session_scope(db_url) as session:
        digest = collect(session, now=moment)
        html, text = render_html(digest), render_text(digest)
        mark_alerted(session, digest.health, moment)
    return digest, html, text


def keys(items) -> set[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return {(item.kind, item.subject) for item in items}


def test_outage_recovery_empty_list_and_overdue_reports(sqlite_db_url: str, tmp_path: Path) -> None:
    db = sqlite_db_url
    rules = default_rules()
    # The mirror's history is days, not weeks: ask for four good nights over three days instead.
    short = {**rules, "site_changed": {**rules["site_changed"], "min_ok_nights": 4, "min_history_days": 3}}
    nights = [dt.date(2025, 3, 10) + dt.timedelta(days=i) for i in range(6)]
    with MirrorServer(fixtures=False) as mirror:
        sites = write_sites_file(mirror, tmp_path / "sites.yaml", list(ZONES))

        stats = crawl_night(sites, db, nights[0])
        assert all(s["status"] == "ok" for s in stats.values())
        digest, html, _ = digest_for(db, nights[0])
        # Reports 2023 and 2024 only: zones that publish in January are overdue by 2 March;
        # 澄湖 published in February once, so its due date is 30 March.
        overdue = {item.subject for item in digest.health.new if item.kind == "zone_overdue"}
        assert overdue == {"云溪高新区", "青川高新区", "丰源科技产业园"}
        assert "健康状况" in html and "年度报告逾期" in html

        mirror.take_down("qingchuan")
        for night in nights[1:4]:
            stats = crawl_night(sites, db, night)
            assert stats["demo-qingchuan"]["status"] == "failed"
            assert "refused" in stats["demo-qingchuan"]["reason"]
            digest, html, text = digest_for(db, night)
            if night == nights[1]:  # one bad night is not a health problem yet
                assert ("site_failing", "demo-qingchuan") not in keys(digest.health.new)
            elif night == nights[2]:
                assert ("site_failing", "demo-qingchuan") in keys(digest.health.new)
                assert "连续 2 晚抓取失败" in text and "demo-qingchuan" in html
            else:  # still failing, already said: not repeated before a week has passed
                assert not digest.health.has_items
        with session_scope(db) as session:
            sites_health = {s.site: s for s in assess(session, beijing_0200(nights[3]), short).sites()}
        qingchuan = sites_health["demo-qingchuan"]
        assert (qingchuan.status, qingchuan.failing_nights, qingchuan.failing_since) == (
            "failing",
            3,
            nights[1],
        )

        # Night 5: 青川 answers again; 云溪's list, read for four nights, is empty while the site answers.
        mirror.bring_up("qingchuan")
        mirror.empty_lists("yunxi")
        stats = crawl_night(sites, db, nights[4])
        assert stats["demo-qingchuan"]["status"] == "ok"
        assert stats["demo-yunxi"]["status"] == "failed" and stats["demo-yunxi"]["reason"].startswith(
            "list empty"
        )
        digest, _, text = digest_for(db, nights[4])
        recovered = {item.subject: item.recovered_on for item in digest.health.recovered}
        assert recovered == {"demo-qingchuan": nights[4].isoformat()}
        assert "已恢复" in text
        with session_scope(db) as session:
            report = assess(session, beijing_0200(nights[4]), short)
            strict = assess(session, beijing_0200(nights[4]), rules)
            late = assess(session, beijing_0200(dt.date(2025, 4, 5)), short)
        changed = {p.subject: p for p in report.problems if p.kind == "site_changed"}
        assert set(changed) == {"demo-yunxi"}, "an empty list after good nights is a redesign"
        assert "网站仍可访问" in changed["demo-yunxi"].summary
        # With the default rules four good nights are not "weeks": one empty night is only a failure.
        assert not [p for p in strict.problems if p.kind == "site_changed"]
        fengyuan = next(s for s in report.sites() if s.site == "demo-fengyuan")
        assert fengyuan.first_seen == nights[0] and fengyuan.last_new_document == nights[0]
        assert fengyuan.days_since_new_document == 4
        # The zone whose report does not come: 澄湖 too is overdue once 30 March has passed.
        assert {p.subject for p in late.problems if p.kind == "zone_overdue"} == set(ZONES.values())

        mirror.publish_next_year()  # every zone's 2025 report appears (and 云溪's list is readable again)
        crawl_night(sites, db, nights[5])
        digest, _, _ = digest_for(db, nights[5])
    recovered_zones = {item.subject for item in digest.health.recovered if item.kind == "zone_overdue"}
    assert recovered_zones == {"云溪高新区", "青川高新区", "丰源科技产业园"}, "the 2025 reports arrived"
    with session_scope(db) as session:
        assert session.scalar(select(CrawlRun.id).where(CrawlRun.status == "running")) is None
