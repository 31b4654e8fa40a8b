"""A measured 3,000-site night: crawl throughput per worker process, CPU, memory, database size.

Run by hand (not a test; about 10 minutes at the defaults on a 2-core machine):

    .venv/bin/python benchmarks/bench_night.py [--sites 3000] [--workers 2] [--pg-url URL]

Serves `--sites` small loopback sites from one process (benchmarks/many_sites.py), shards them
exactly as the nightly DAG does (zonewatch.orchestration.crawl_shards), and runs the shards as the
DAG's crawl tasks run them (zonewatch.pipeline's `zonewatch crawl` child, `--workers` at a time, as
worker slots would) into a fresh PostgreSQL database, delays off. Night 2 follows with a new report
on every 20th site. Prints, per night: pages, time, pages/s per worker process, CPU seconds per
1,000 pages, the largest child's peak memory, and the database size; then projects the measured cost
to real politeness (1 request per second per site) and a 4-hour window.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import secrets
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.many_sites import ManySites, SiteShape  # noqa: E402

WINDOW_S = 4 * 3600
POLITE_DELAY_S = 1.0


def write_sites(server: ManySites, path: Path) -> Path:
    sites = [
        {
            "name": f"zone-{i:04d}",
            "zone": f"第{i}园区",
            "start_urls": [server.start_url(i)],
            "max_pages": 1000,
        }
        for i in range(server.sites)
    ]
    path.write_text(yaml.safe_dump({"sites": sites}, allow_unicode=True), encoding="utf-8")
    return path


def crawl_shard(sites_file: Path, db_url: str, shard: list[str]) -> dict[str, Any]:
    """One crawl task's child process, as the DAG runs it: its stats and wall time."""
    command = [sys.executable, "-m", "zonewatch", "crawl", "--sites", str(sites_file), "--db", db_url]
    command += ["--delay", "0"]
    for name in shard:
        command += ["--site", name]
    started = time.monotonic()
    from zonewatch.runlock import child_env

    # As the DAG's crawl tasks do: the shards of one night share the database's run lock.
    env = child_env(db_url)
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT, env=env)
    out, err = process.communicate()
    wall = time.monotonic() - started
    lines = [line for line in out.decode().splitlines() if line.startswith("{")]
    if not lines:
        raise SystemExit(
            f"crawl of {shard[0]}… printed no stats ({process.returncode}): {err.decode()[-2000:]}"
        )
    stats = json.loads(lines[-1])
    return {"stats": stats, "wall_s": wall, "returncode": process.returncode}


def run_night(sites_file: Path, db_url: str, shards: list[list[str]], workers: int) -> dict[str, Any]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(lambda shard: crawl_shard(sites_file, db_url, shard), shards))
    wall = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    sites = [s for r in results for s in r["stats"]["sites"]]
    pages = sum(int(s.get("pages") or 0) for s in sites)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    per_process = [
        sum(int(s.get("pages") or 0) for s in r["stats"]["sites"]) / r["wall_s"]
        for r in results
        if r["wall_s"]
    ]
    return {
        "shards": len(shards),
        "sites": len(sites),
        "not_ok": sum(1 for s in sites if s.get("status") != "ok"),
        "new": sum(int(s.get("new") or 0) for s in sites),
        "pages": pages,
        "wall_s": wall,
        "pages_per_s": pages / wall if wall else 0.0,
        "pages_per_s_per_process": sum(per_process) / len(per_process) if per_process else 0.0,
        "cpu_s": cpu,
        "cpu_s_per_1000_pages": 1000 * cpu / pages if pages else 0.0,
        "peak_rss_mb": after.ru_maxrss / 1024,
    }


def database_size_mb(db_url: str) -> float:
    from sqlalchemy import create_engine, text

    engine = create_engine(db_url)
    with engine.connect() as connection:
        size = connection.execute(text("SELECT pg_database_size(current_database())")).scalar_one()
    engine.dispose()
    return int(size) / 1e6


def projection(night: dict[str, Any], sites: int) -> dict[str, float]:
    """Worker slots a 4-hour window needs at 1 request per second per site, from the measured night.

    A slot (one crawl process) is bound by politeness — at most CONCURRENT_REQUESTS (32) sites in
    flight, each at 1 request/s — or by CPU at the measured CPU cost per page, whichever is slower.
    """
    per_site = night["pages"] / sites
    polite_rate = 32 / POLITE_DELAY_S
    cpu_rate = 1000 / night["cpu_s_per_1000_pages"] if night["cpu_s_per_1000_pages"] else math.inf
    slot_rate = min(polite_rate, cpu_rate)
    slots = math.ceil(night["pages"] / (slot_rate * WINDOW_S))
    return {
        "requests_per_site": per_site,
        "slot_rate_pages_per_s": slot_rate,
        "slots_for_4h": slots,
        "hours_with_one_slot": night["pages"] / slot_rate / 3600,
        "cpu_cores_busy": night["pages"] * night["cpu_s_per_1000_pages"] / 1000 / WINDOW_S,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sites", type=int, default=3000)
    parser.add_argument("--lists", type=int, default=2, help="list pages per site")
    parser.add_argument("--per-page", type=int, default=5, help="articles per list page")
    parser.add_argument("--workers", type=int, default=2, help="crawl processes at once (worker slots)")
    parser.add_argument(
        "--pg-url",
        default=os.environ.get(
            "ZONEWATCH_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
        ),
    )
    args = parser.parse_args()
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from zonewatch.orchestration import crawl_shards

    name = f"zw_bench_night_{secrets.token_hex(4)}"
    admin = create_engine(args.pg_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    db_url = make_url(args.pg_url).set(database=name).render_as_string(hide_password=False)
    shape = SiteShape(lists=args.lists, per_page=args.per_page)
    try:
        subprocess.run(
            [sys.executable, "-m", "zonewatch", "db", "upgrade", "--db", db_url], check=True, cwd=ROOT
        )
        with ManySites(args.sites, shape) as server, tempfile.TemporaryDirectory() as tmp:
            sites_file = write_sites(server, Path(tmp) / "sites.yaml")
            shards = crawl_shards(sites_file)
            print(
                f"{args.sites} sites, {len(shards)} shards of up to {max(map(len, shards))} (as the DAG maps them), "
                f"{args.workers} worker processes at once; night 1 fetches {shape.requests_night1(args.sites)} pages"
            )
            nights = {}
            for night in (1, 2):
                server.night.value = night
                nights[night] = result = run_night(sites_file, db_url, shards, args.workers)
                result["db_mb"] = database_size_mb(db_url)
                print(f"night {night}: " + json.dumps({k: round(v, 2) for k, v in result.items()}))
            for night in (1, 2):
                plan = projection(nights[night], args.sites)
                print(
                    f"projection from night {night}: " + json.dumps({k: round(v, 2) for k, v in plan.items()})
                )
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    main()
