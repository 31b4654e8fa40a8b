"""What a big night costs the digest: collecting, narrowing per subscriber and cutting to the size cap.

Run by hand: `.venv/bin/python benchmarks/bench_digest.py [--changes 5000] [--failures 3000] [--subscribers 20]`.

Builds a throwaway SQLite database with that many unsent changes (over 300 zones) and that many
failed sites, then times, in one process: collect (one night's digest), the size cap on the whole
night (bisection: about log2(n) renderings), and narrowing + capping for each subscriber (each
follows 15 zones). Prints one JSON object with seconds, the HTML sizes and peak traced memory; the
baseline is one rendering of the whole night, measured in the same run (cap_vs_full_render).
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
import tracemalloc
from pathlib import Path


def build(db_url: str, changes: int, failures: int) -> None:
    from storage.db import session_scope
    from storage.migrate import upgrade
    from storage.models import Change, CrawlRun, Site, utcnow

    upgrade(db_url)
    now = utcnow()
    with session_scope(db_url) as session:
        for i in range(changes):
            before = 100.0
            session.add(
                Change(
                    key=f"k{i}",
                    zone=f"园区{i % 300:03d}",
                    year=2025,
                    metric=f"指标{i:05d}",
                    unit="亿元",
                    change=("changed", "new", "dropped", "met", "missed")[i % 5],
                    direction="up",
                    previous={"value": before, "kind": "target", "year": 2024, "text": "去年目标" * 5},
                    current={
                        "value": before + i % 97,
                        "kind": "target",
                        "year": 2025,
                        "text": "今年目标" * 5,
                    },
                )
            )
        sites = [Site(name=f"s{i:05d}", zone=f"园区{i % 300:03d}", config={}) for i in range(failures)]
        session.add_all(sites)
        session.flush()
        session.add_all(
            CrawlRun(site_id=s.id, started_at=now, status="failed", reason="connection refused", stats={})
            for s in sites
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=5000)
    parser.add_argument("--failures", type=int, default=3000)
    parser.add_argument("--subscribers", type=int, default=20)
    args = parser.parse_args()

    from monitor.delivery.digest import collect, narrowed
    from monitor.delivery.digest_size import fit, mailed_size
    from monitor.delivery.render import render_html
    from monitor.delivery.subscriptions import Subscription
    from storage.db import session_scope

    with tempfile.TemporaryDirectory() as tmp:
        db_url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        build(db_url, args.changes, args.failures)
        tracemalloc.start()
        with session_scope(db_url) as session:
            start = time.perf_counter()
            digest = collect(session)
            collected = time.perf_counter()
        start_render = time.perf_counter()
        full_size = mailed_size(render_html(digest))  # the baseline: one rendering of the whole night
        start_fit = time.perf_counter()
        page = fit(digest, 90_000, render_html)
        fitted = time.perf_counter()
        subs = [
            Subscription(
                email=f"r{i}@example.cn", zones=frozenset(f"园区{(i * 15 + z) % 300:03d}" for z in range(15))
            )
            for i in range(args.subscribers)
        ]
        for sub in subs:
            fit(narrowed(digest, sub.wants, sub.wants_zone), 90_000, render_html)
        done = time.perf_counter()
        peak = tracemalloc.get_traced_memory()[1]
    print(
        json.dumps(
            {
                "changes": args.changes,
                "failed_sites": args.failures,
                "collect_s": round(collected - start, 2),
                "uncapped_html_kb": round(full_size / 1024, 1),
                "full_render_s": round(start_fit - start_render, 2),
                "cap_vs_full_render": round((fitted - start_fit) / max(1e-9, start_fit - start_render), 2),
                "cap_s": round(fitted - start_fit, 2),
                "capped_html_kb": round(mailed_size(render_html(page)) / 1024, 1),
                "items_shown": args.changes - page.omitted,
                "subscribers": args.subscribers,
                "per_subscriber_s": round((done - fitted) / max(1, args.subscribers), 3),
                "peak_traced_mb": round(peak / 2**20, 1),
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
