"""What source health, the digest's 健康状况, the workspace pages and exports cost at 3,000 sites.

    .venv/bin/python benchmarks/bench_health_ui.py [--sites 3000] [--nights 90] [--repeat 3] [--db URL]

Builds (or reuses) the generated database of benchmarks/generate_health_db.py, then times each step
in-process (median of --repeat, after one warm-up) and counts its SQL statements. The generated
zones (园区0000 …) are registered in a generated registry file (provinces, levels and types spread
over them, ZONEWATCH_ZONES) so the filters have something to filter. Page times are
the FastAPI app's full response through TestClient (query + render), without network. The first
line is a baseline measured in the same run (one plain read of every crawl run): on a shared,
loaded machine compare the ratios, not the milliseconds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_health_db import generate  # noqa: E402
from sqlalchemy import event, func, select  # noqa: E402

from storage.db import get_engine, session_scope  # noqa: E402
from storage.models import CrawlRun, Site  # noqa: E402

NOW = dt.datetime(2026, 3, 31, 22, 0)  # 1 April 2026 06:00 Beijing


def measure(db_url: str, step: Callable[[], Any], repeat: int) -> tuple[float, int, Any]:
    """(median seconds, SQL statements per call, last result)."""
    statements = [0]

    def count(*_args: Any) -> None:
        statements[0] += 1

    engine = get_engine(db_url)
    result = step()  # warm-up: imports, jieba, caches
    event.listen(engine, "before_cursor_execute", count)
    times = []
    try:
        for _ in range(repeat):
            statements[0] = 0
            started = time.perf_counter()
            result = step()
            times.append(time.perf_counter() - started)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return statistics.median(times), statements[0], result


def bench_registry(path: Path, zones: int) -> Path:
    """A registry of the generated zones: provinces, levels and types spread evenly over them."""
    provinces = ["江苏", "浙江", "山东", "广东", "湖南", "四川", "河南", "江西", "辽宁", "福建"]
    lines = ["blocks:", '  - source: "benchmarks/bench_health_ui.py (generated zones)"', "    zones:"]
    for i in range(zones):
        level = "国家级" if i % 3 == 0 else "省级"
        kind = ("高新区", "经开区", "新区", "其他")[i % 4]
        lines.append(
            f"      - {{name: 园区{i:04d}, province: {provinces[i % 10]}, level: {level}, type: {kind}}}"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=3000)
    parser.add_argument("--nights", type=int, default=90)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--db", default=None, help="an already generated database")
    args = parser.parse_args()
    url = args.db
    if url is None:
        path = Path(f"var/bench-health-{args.sites}x{args.nights}.db")
        url = f"sqlite:///{path}"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            started = time.perf_counter()
            counts = generate(url, args.sites, args.nights, NOW.date() + dt.timedelta(days=1))
            print(f"generated {path}: {counts} in {time.perf_counter() - started:.0f} s")

    import os

    from fastapi.testclient import TestClient

    os.environ["ZONEWATCH_ZONES"] = str(bench_registry(Path("var/bench-zones.yaml"), args.sites // 2))

    from monitor.compare.history import values
    from monitor.health.alerts import tonight
    from monitor.health.sources import assess
    from zonewatch_ui.app import create_app

    with session_scope(url) as session:
        sites = session.scalar(select(func.count()).select_from(Site))
    client = TestClient(create_app(url, NOW))
    zone = "园区0007"

    def run_assess() -> Any:
        with session_scope(url) as session:
            return assess(session, NOW)

    def run_tonight() -> Any:
        with session_scope(url) as session:
            return tonight(session, NOW)

    def run_history() -> Any:
        with session_scope(url) as session:
            return values(session, zone)

    def baseline() -> Any:
        # One plain read of every crawl run's (site, status): what any per-site health costs at least.
        with session_scope(url) as session:
            return session.execute(select(CrawlRun.site_id, CrawlRun.status)).all()

    steps = [
        ("baseline: read every crawl run (site, status)", baseline, lambda r: f"{len(r)} rows"),
        ("health: assess every site and zone", run_assess, lambda r: f"{len(r.problems)} problems"),
        ("digest 健康状况 (assess + alert state)", run_tonight, lambda r: f"{r.count} items"),
        (
            "page: all zones",
            lambda: client.get("/"),
            lambda r: f"{r.status_code}, {len(r.content) // 1024} KB",
        ),
        (
            "page: one zone",
            lambda: client.get("/zones/" + quote(zone)),
            lambda r: f"{r.status_code}, {len(r.content) // 1024} KB",
        ),
        ("history: one zone, every value", run_history, lambda r: f"{len(r)} values"),
        (
            "page: all zones, 江苏 · 国家级, by missed",
            lambda: client.get(
                "/?" + urlencode({"province": "江苏", "level": "国家级", "sort": "missed", "order": "desc"})
            ),
            lambda r: f"{r.status_code}, {len(r.content) // 1024} KB",
        ),
        (
            "page: all zones, search 园区07",
            lambda: client.get("/?q=" + quote("园区07")),
            lambda r: f"{r.status_code}, {len(r.content) // 1024} KB",
        ),
        (
            "page: indicator 新认定高新技术企业, by change",
            lambda: client.get(
                "/indicators?" + urlencode({"metric": "新认定高新技术企业", "sort": "change"})
            ),
            lambda r: f"{r.status_code}, {len(r.content) // 1024} KB",
        ),
        (
            "page: indicator list (no metric)",
            lambda: client.get("/indicators"),
            lambda r: f"{r.status_code}, {len(r.content) // 1024} KB",
        ),
        (
            "export: all zones, XLSX",
            lambda: client.get("/export.xlsx"),
            lambda r: f"{r.status_code}, {len(r.content) // 1024} KB",
        ),
        (
            "export: indicator, CSV",
            lambda: client.get("/indicators/export.csv?metric=" + quote("地区生产总值")),
            lambda r: f"{r.status_code}, {len(r.content) // 1024} KB",
        ),
        (
            "export: one zone's report card, XLSX",
            lambda: client.get("/zones/" + quote(zone) + "/card.xlsx"),
            lambda r: f"{r.status_code}, {len(r.content) // 1024} KB",
        ),
    ]
    print(f"database: {url} · {sites} sites · {args.nights} nights · median of {args.repeat}")
    base = None
    for name, step, describe in steps:
        seconds, statements, result = measure(url, step, args.repeat)
        base = base or seconds
        print(
            f"{name:<46} {seconds * 1000:8.0f} ms  ×{seconds / base:5.2f} baseline  "
            f"{statements:3d} SQL statements  ({describe(result)})"
        )


if __name__ == "__main__":
    main()
