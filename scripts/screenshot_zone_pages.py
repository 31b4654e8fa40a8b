"""Screenshots of the workspace pages (inside a real `airflow standalone`) and of the digest's 健康状况.

    .venv/bin/python scripts/screenshot_zone_pages.py [--out docs/]

Five nights against the demo mirror, dated to the five days up to today: the zones' past reports,
next year's reports, then 澄湖's site is down for two nights and comes back while 青川's goes down.
Each night is crawled, parsed and diffed for real; its digest is queued as the outbox would
(its health items marked mailed). Then Airflow standalone serves the pages on a free port and
headless Chromium renders them at desktop and phone widths. Everything lives under var/zone-shot-*.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
from pathlib import Path

from sqlalchemy import update

REPO = Path(__file__).resolve().parents[1]


def beijing_0200(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(2)) - dt.timedelta(hours=8)


def night(db_url: str, sites_file: Path, day: dt.date) -> None:
    from monitor.compare.changes import update_changes
    from parsers.stage import parse_documents
    from storage.db import session_scope
    from storage.models import CrawlRun, Document, utcnow
    from zonewatch.pipeline import crawl_subprocess

    before = utcnow() - dt.timedelta(seconds=1)
    crawl_subprocess(sites_file, db_url)
    with session_scope(db_url) as session:  # date this crawl to its night
        moment = beijing_0200(day)
        session.execute(
            update(CrawlRun)
            .where(CrawlRun.started_at >= before)
            .values(started_at=moment, finished_at=moment)
        )
        session.execute(update(Document).where(Document.first_seen_at >= before).values(first_seen_at=moment))
    parse_documents(db_url)
    update_changes(db_url)


def queue_digest(db_url: str, day: dt.date, out: Path | None = None) -> None:
    """Tonight's digest as the outbox queues it: its health items marked mailed."""
    from monitor.delivery.digest import collect
    from monitor.delivery.render import render_html
    from monitor.health.alerts import mark_alerted
    from storage.db import session_scope
    from storage.models import Change

    moment = beijing_0200(day) + dt.timedelta(hours=1)
    with session_scope(db_url) as session:
        digest = collect(session, now=moment)
        if out is not None:
            out.write_text(render_html(digest), encoding="utf-8")
        mark_alerted(session, digest.health, moment)
        # The changes were computed tonight (created_at is the wall clock): date them to this night.
        session.execute(update(Change).values(created_at=moment - dt.timedelta(hours=1)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs")
    args = parser.parse_args()

    from mirror.server import MirrorServer
    from storage.migrate import upgrade
    from zonewatch.browser import screenshot
    from zonewatch.demo import write_demo_sites
    from zonewatch_ui.standalone import standalone

    (REPO / "var").mkdir(exist_ok=True)
    home = Path(tempfile.mkdtemp(prefix="zone-shot-", dir=REPO / "var"))
    db_url = f"sqlite:///{home / 'zonewatch.db'}"
    upgrade(db_url)
    today = (dt.datetime.now(dt.UTC) + dt.timedelta(hours=8)).date()
    days = [today - dt.timedelta(days=4 - i) for i in range(5)]
    with MirrorServer(fixtures=False) as mirror:
        sites = write_demo_sites(mirror, home / "sites.yaml")
        night(db_url, sites, days[0])
        queue_digest(db_url, days[0])
        mirror.publish_next_year()
        night(db_url, sites, days[1])
        queue_digest(db_url, days[1])
        mirror.take_down("chenghu")
        night(db_url, sites, days[2])
        queue_digest(db_url, days[2])
        mirror.take_down("qingchuan")
        night(db_url, sites, days[3])
        queue_digest(db_url, days[3])
        mirror.bring_up("chenghu")
        night(db_url, sites, days[4])
    health_html = home / "digest-health.html"
    from monitor.delivery.digest import collect
    from monitor.delivery.render import render_html
    from storage.db import session_scope

    with session_scope(db_url) as session:  # tonight: no new report, two health items
        digest = collect(
            session, since=beijing_0200(days[4]) + dt.timedelta(hours=1), now=beijing_0200(days[4])
        )
        health_html.write_text(render_html(digest), encoding="utf-8")

    args.out.mkdir(parents=True, exist_ok=True)
    screenshot(
        health_html.as_uri(), args.out / "digest-health.png", width=640, height=760, profile=home / "c0"
    )
    with standalone(home, db_url) as airflow:
        from urllib.parse import quote, urlencode

        zone = "/zonewatch/zones/" + quote("云溪高新区")
        indicator = "/zonewatch/indicators?" + urlencode({"metric": "新认定高新技术企业"})
        shots = [
            ("/zonewatch/?sort=published&order=desc", "zone-pages-all.png", 1280, 620, []),
            ("/zonewatch/?" + urlencode({"province": "示例甲省"}), "workspace-all-phone.png", 390, 1100, []),
            (indicator, "workspace-indicator-desktop.png", 1280, 1000, []),
            (indicator + "&sort=change", "workspace-indicator-phone.png", 390, 1500, []),
            (zone, "zone-page-desktop.png", 1280, 2600, []),
            (zone, "zone-page-phone.png", 390, 2400, []),
            ("/plugin/zonewatch", "airflow-zone-view.png", 1400, 820, ["--virtual-time-budget=20000"]),
        ]
        for path, name, width, height, extra in shots:
            screenshot(
                airflow.base + path,
                args.out / name,
                width=width,
                height=height,
                profile=home / f"c-{name}",
                extra=extra,
                timeout=240,
            )
            print(f"{args.out / name}: {airflow.base + path}")
    print(f"{args.out / 'digest-health.png'}: {health_html}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    sys.exit(main())
