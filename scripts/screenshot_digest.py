"""Render a sample digest and screenshot it in headless Chromium: keeps docs/digest.png current.

The sample is the demo zones' gold records (tests/data/demo_gold) loaded into a throwaway SQLite
database as their work reports (one zone with a year missing, one read from a PDF attachment), diffed by the real diff stage, plus one failed crawl so the
抓取异常 footer shows. Usage: .venv/bin/python scripts/screenshot_digest.py [--out docs/digest.png]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from mirror.years import BASE_YEAR, demo_year_offset, shift_text  # noqa: E402
from monitor.compare.changes import update_changes  # noqa: E402
from monitor.delivery.outbox import deliver_digest  # noqa: E402
from storage import repository as repo  # noqa: E402
from storage.db import session_scope  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from zonewatch.browser import chromium, screenshot  # noqa: E402
from zonewatch.demo import beijing_today  # noqa: E402
from zonewatch.settings import load_settings  # noqa: E402
from zonewatch.sites import SiteConfig  # noqa: E402

GOLD = REPO / "tests" / "data" / "demo_gold"
ZONES = {"yunxi": "云溪高新区", "chenghu": "澄湖经济开发区", "fengyuan": "丰源科技产业园"}
# 丰源's report of the middle year is left out, so the digest shows how it names a missing year.
GAP_ZONES = {"fengyuan"}


def _moved(records: list[dict], offset: int) -> list[dict]:
    """Gold records of the written content moved to the demo's calendar (mirror.years)."""
    return [
        {
            **r,
            "year": r["year"] + offset if r.get("year") else r.get("year"),
            "text": shift_text(r["text"], offset),
            "metric": shift_text(r["metric"], offset),
        }
        for r in records
    ]


def load_sample(db_url: str, year: int) -> None:
    """The sample for a newer plan year `year`: the gold of the written years, moved by year - BASE_YEAR."""
    offset = year - BASE_YEAR
    with session_scope(db_url) as session:
        for slug, zone in ZONES.items():
            site = repo.upsert_site(
                session, SiteConfig(name=slug, zone=zone, start_urls=[f"https://{slug}.example.cn/"])
            )
            for plan_year in (year - 2, year) if slug in GAP_ZONES else (year - 1, year):
                url = f"https://{slug}.example.cn/gzbg/{plan_year}.html"
                document, _ = repo.save_document(
                    session, repo.FetchedDocument(slug, url, f"{slug} {plan_year}".encode())
                )
                fields = {
                    "zone": zone,
                    "plan_year": plan_year,
                    "review_year": plan_year - 1,
                    "title": f"{zone}{plan_year}年工作报告",
                    "url": url,
                    "published": dt.date(plan_year, 1, 16),
                    "is_report": True,
                    "report_score": 1.0,
                    "extractor_version": "gold",
                    # The report read from a PDF attachment of the page, as many zones publish it.
                    "meta": {"source_url": url.replace(".html", ".pdf")} if slug == "yunxi" else {},
                }
                records = _moved(
                    json.loads((GOLD / f"{slug}_{plan_year - offset}.json").read_text("utf-8")), offset
                )
                repo.save_report(session, document, fields, records)
            run = repo.start_crawl_run(session, site)
            repo.finish_crawl_run(session, run, "ok", {})
        broken = repo.upsert_site(
            session, SiteConfig(name="qingchuan", zone="青川产业园", start_urls=["https://qc.example.cn/"])
        )
        run = repo.start_crawl_run(session, broken)
        repo.finish_crawl_run(session, run, "failed", {}, reason="列表页连续 3 次返回 HTTP 503")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "digest.png")
    parser.add_argument("--width", type=int, default=720)
    parser.add_argument("--height", type=int, default=2950)
    parser.add_argument(
        "--year",
        type=int,
        default=BASE_YEAR + demo_year_offset(beijing_today()),
        help="plan year of the newer reports (default: this year's, as the demo's)",
    )
    args = parser.parse_args()
    if chromium() is None:
        print("chromium is not installed (apt-get install chromium)", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="zonewatch-shot-") as tmp:
        db_url = f"sqlite:///{tmp}/sample.db"
        upgrade(db_url)
        load_sample(db_url, args.year)
        update_changes(db_url)
        page = Path(tmp) / "digest.html"
        result = deliver_digest(load_settings({"ZONEWATCH_DB_URL": db_url}), out=page)
        screenshot(
            page.as_uri(),
            args.out.resolve(),
            width=args.width,
            height=args.height,
            profile=Path(tmp) / "profile",
        )
    print(f"{args.out}: {result['changes']} changes in {result['zones']} zones")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
