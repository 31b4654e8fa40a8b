"""Generate a zonewatch database the size of a real deployment, for the health and zone-page benchmark.

    .venv/bin/python benchmarks/generate_health_db.py --sites 3000 --nights 90 --out var/bench-health.db
    .venv/bin/python benchmarks/generate_health_db.py --db postgresql+psycopg://postgres@127.0.0.1/bench

Shape (per site, seeded, so every run builds the same database): one crawl run a night (about 3 %
of sites failing, some for weeks; a few lists gone empty), ~60 documents first seen over the
nights (no raw bytes: the pages never read them), and per zone (two sites each) three yearly work
reports of ~40 target records with the diff's changes. Written with bulk inserts through the
migrated schema.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from storage.db import get_engine
from storage.migrate import upgrade
from storage.models import Change, CrawlRun, Document, Report, Site, TargetRecord

METRICS = [
    ("地区生产总值", "亿元"),
    ("规上工业增加值增长", "%"),
    ("固定资产投资", "亿元"),
    ("新认定高新技术企业", "家"),
    ("研发投入强度", "%"),
    ("实际使用外资", "亿美元"),
    ("新建5G基站", "个"),
    ("新增市场主体", "户"),
    ("税收收入", "亿元"),
    ("进出口总额", "亿元"),
]


def _chunks(rows: list[dict[str, Any]], size: int = 5000) -> list[list[dict[str, Any]]]:
    return [rows[i : i + size] for i in range(0, len(rows), size)]


def generate(db_url: str, sites: int, nights: int, today: dt.date, seed: int = 13) -> dict[str, int]:
    """Fill an empty database; returns row counts per table."""
    rng = random.Random(seed)
    upgrade(db_url)
    engine = get_engine(db_url)
    counts: dict[str, int] = {}
    first_night = today - dt.timedelta(days=nights - 1)
    with engine.begin() as connection:
        site_rows = [
            {
                "id": i + 1,
                "name": f"site-{i:05d}",
                "zone": f"园区{i // 2:04d}",
                "config": {},
                "created_at": dt.datetime.combine(first_night, dt.time()),
                "updated_at": dt.datetime.combine(first_night, dt.time()),
            }
            for i in range(sites)
        ]
        connection.execute(insert(Site), site_rows)
        counts["sites"] = len(site_rows)

        runs: list[dict[str, Any]] = []
        for site in site_rows:
            # ~3 % fail from some night on (down, blocked or their list empties), the rest are fine.
            broken_from = nights - rng.randint(1, 30) if rng.random() < 0.03 else nights + 1
            reason = rng.choice(["connection refused", "blocked: waf", "list empty: no article links"])
            for night in range(nights):
                moment = dt.datetime.combine(
                    first_night + dt.timedelta(days=night), dt.time(18)
                ) - dt.timedelta(days=1)
                failed = night >= broken_from or rng.random() < 0.005
                runs.append(
                    {
                        "site_id": site["id"],
                        "started_at": moment,
                        "finished_at": moment + dt.timedelta(minutes=rng.randint(1, 20)),
                        "status": "failed" if failed else "ok",
                        "reason": (reason if night >= broken_from else "timeout") if failed else None,
                        "full_sweep": night % 7 == 0,
                        "stats": {"platform": "trs", "new": rng.randint(0, 3), "pages": rng.randint(5, 200)},
                    }
                )
        for chunk in _chunks(runs):
            connection.execute(insert(CrawlRun), chunk)
        counts["crawl_runs"] = len(runs)

        documents: list[dict[str, Any]] = []
        doc_id = 0
        for site in site_rows:
            for index in range(60):
                doc_id += 1
                seen = dt.datetime.combine(first_night, dt.time(18)) + dt.timedelta(
                    days=int(index * nights / 60) + rng.randint(0, 2)
                )
                documents.append(
                    {
                        "id": doc_id,
                        "site_id": site["id"],
                        "url": f"http://{site['name']}.example.cn/art/{index}.html",
                        "kind": "page",
                        "title": f"新闻 {index}",
                        "meta": {},
                        "first_seen_at": seen,
                        "fetched_at": seen,
                        "changed_at": seen,
                        "parse_status": "parsed",
                    }
                )
        for chunk in _chunks(documents):
            connection.execute(insert(Document), chunk)
        counts["documents"] = len(documents)

        reports, records, changes = [], [], []
        report_id = record_id = 0
        for zone_index in range(sites // 2):
            zone = f"园区{zone_index:04d}"
            site = site_rows[zone_index * 2]
            base = {name: rng.uniform(10, 500) for name, _ in METRICS}
            previous: int | None = None
            # About one zone in ten has no report for the current year yet.
            years = range(today.year - 2, today.year + (0 if rng.random() < 0.1 else 1))
            for year in years:
                report_id += 1
                published = dt.date(year, 1, 1) + dt.timedelta(days=rng.randint(5, 60))
                reports.append(
                    {
                        "id": report_id,
                        "document_id": site["id"] * 60 - 59 + (year - today.year + 2),
                        "zone": zone,
                        "plan_year": year,
                        "review_year": year - 1,
                        "title": f"{zone}{year}年工作报告",
                        "published": published,
                        "url": f"http://{site['name']}.example.cn/art/report-{year}.html",
                        "is_report": True,
                        "report_score": 0.9,
                        "clean_text": "",
                        "meta": {},
                        "extractor_version": "bench",
                        "parsed_at": dt.datetime.combine(published, dt.time()),
                    }
                )
                for seq in range(40):
                    name, unit = METRICS[seq % len(METRICS)]
                    metric = name if seq < len(METRICS) else f"{name}{seq // len(METRICS)}"
                    value = round(base[name] * (1 + 0.08 * (year - today.year)) * rng.uniform(0.9, 1.1), 1)
                    kind = "target" if seq % 2 else "actual"
                    record_id += 1
                    records.append(
                        {
                            "id": record_id,
                            "report_id": report_id,
                            "seq": seq,
                            "metric": metric,
                            "value": value,
                            "unit": unit,
                            "year": year if kind == "target" else year - 1,
                            "kind": kind,
                            "comparator": "=",
                            "text": f"{metric}{value}{unit}",
                        }
                    )
                if previous is not None:
                    for seq in range(30):
                        name, unit = METRICS[seq % len(METRICS)]
                        changes.append(
                            {
                                "key": f"{report_id}-{seq}",
                                "zone": zone,
                                "year": year,
                                "metric": name,
                                "unit": unit,
                                "change": rng.choice(
                                    ["new", "changed", "dropped", "met", "missed", "unchanged"]
                                ),
                                "direction": rng.choice(["up", "down", None]),
                                "report_id": report_id,
                                "previous_report_id": previous,
                                "previous": {"value": 1.0, "text": f"{name}目标", "year": year - 1},
                                "current": {"value": 2.0, "text": f"{name}实际", "year": year - 1},
                                "created_at": dt.datetime.combine(dt.date(year, 2, 1), dt.time()),
                            }
                        )
                previous = report_id
        for table, rows in ((Report, reports), (TargetRecord, records), (Change, changes)):
            for chunk in _chunks(rows):
                connection.execute(insert(table), chunk)
        counts.update(reports=len(reports), target_records=len(records), changes=len(changes))
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=3000)
    parser.add_argument("--nights", type=int, default=90)
    parser.add_argument(
        "--out", type=Path, default=Path("var/bench-health.db"), help="SQLite file (replaced)"
    )
    parser.add_argument("--db", default=None, help="Database URL instead of --out (must be empty)")
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date(2026, 4, 1))
    args = parser.parse_args()
    if args.db:
        url = args.db
    else:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.unlink(missing_ok=True)
        url = f"sqlite:///{args.out}"
    started = time.perf_counter()
    counts = generate(url, args.sites, args.nights, args.today)
    print(f"{url}: {counts} in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
