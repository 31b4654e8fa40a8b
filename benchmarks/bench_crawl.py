"""Speed of `zonewatch crawl` against a bare Scrapy spider doing the same fetches, whole process.

Run by hand (not a test):

    .venv/bin/python benchmarks/bench_crawl.py [--sites 20] [--pages 10] [--repeat 3]

Both crawls run in their own child process (Scrapy's reactor starts once per process) against the
same large generated mirror (benchmarks/large_mirror.py: many sites, each on its own loopback
address), delays and AutoThrottle off, robots.txt obeyed, one request at a time per domain and 32 in
all, as in production. Ours decodes, recognises the list, reads each article's details and stores
every document in a fresh SQLite database (migrations included); the bare spider only follows links.

The ratio is the bare command's wall time over ours, start-up included (1.0 = as fast as bare
Scrapy). Both run in the same round, in alternating order, so a loaded machine slows both; the
median of the rounds is the figure to quote. The engine-only rates are printed too, and each
child's CPU seconds (user + system): their ratio swings far less with the neighbours' load.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.large_mirror import LargeMirror  # noqa: E402


def bare_crawl(start_urls: list[str]) -> dict[str, Any]:
    """The same fetches with nothing but Scrapy: follow list, next-page and attachment links."""
    import scrapy
    from scrapy.crawler import CrawlerProcess

    counts = {"responses": 0}

    class BareSpider(scrapy.Spider):
        name = "bare"

        async def start(self):  # type: ignore[no-untyped-def]
            for url in start_urls:
                yield scrapy.Request(url, callback=self.parse_list)

        def parse_list(self, response):  # type: ignore[no-untyped-def]
            counts["responses"] += 1
            for href in response.css("ul.news li a::attr(href)").getall():
                yield response.follow(href, callback=self.parse_article)
            nxt = response.xpath('//a[text()="下一页"]/@href').get()
            if nxt:
                yield response.follow(nxt, callback=self.parse_list)

        def parse_article(self, response):  # type: ignore[no-untyped-def]
            counts["responses"] += 1
            for href in response.css('a[href$=".pdf"]::attr(href)').getall():
                yield response.follow(href, callback=self.parse_file)

        def parse_file(self, response):  # type: ignore[no-untyped-def]
            counts["responses"] += 1

    process = CrawlerProcess(
        {
            "ROBOTSTXT_OBEY": True,
            "USER_AGENT": "zonewatch-bench-bare",
            "CONCURRENT_REQUESTS": 32,
            "CONCURRENT_REQUESTS_PER_DOMAIN": 1,
            "DOWNLOAD_DELAY": 0,
            "AUTOTHROTTLE_ENABLED": False,
            "TELNETCONSOLE_ENABLED": False,
            "LOG_LEVEL": "WARNING",
        }
    )
    process.crawl(BareSpider)
    started = time.monotonic()
    process.start()
    return {"pages": counts["responses"], "duration_s": time.monotonic() - started}


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_ours(mirror: LargeMirror, workdir: Path) -> dict[str, Any]:
    sites = [
        {"name": f"bench-{i}", "zone": f"第{i}园区", "start_urls": [mirror.start_url(i)], "max_pages": 10_000}
        for i in range(mirror.sites)
    ]
    sites_file = workdir / "sites.yaml"
    sites_file.write_text(yaml.safe_dump({"sites": sites}, allow_unicode=True), encoding="utf-8")
    db = workdir / f"bench-{time.monotonic_ns()}.db"
    command = [sys.executable, "-m", "zonewatch", "crawl", "--sites", str(sites_file), "--db"]
    command += [f"sqlite:///{db}", "--delay", "0"]
    started, cpu = time.monotonic(), _children_cpu()
    done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT)
    wall, cpu = time.monotonic() - started, _children_cpu() - cpu
    if done.returncode != 0:
        raise SystemExit(f"zonewatch crawl failed ({done.returncode}):\n{done.stderr[-3000:]}")
    stats = json.loads(done.stdout.strip().splitlines()[-1])["sites"]
    return {
        "pages": sum(s["pages"] for s in stats),
        "new": sum(s["new"] for s in stats),
        "duration_s": max(s["duration_s"] for s in stats),  # sites run in parallel: the longest
        "wall_s": wall,
        "cpu_s": cpu,
    }


def run_bare(mirror: LargeMirror) -> dict[str, Any]:
    urls = [mirror.start_url(i) for i in range(mirror.sites)]
    started, cpu = time.monotonic(), _children_cpu()
    command = [sys.executable, str(Path(__file__).resolve()), "--bare-child", json.dumps(urls)]
    done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT)
    wall, cpu = time.monotonic() - started, _children_cpu() - cpu
    if done.returncode != 0:
        raise SystemExit(f"bare crawl failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1]) | {"wall_s": wall, "cpu_s": cpu}


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sites", type=int, default=20)
    parser.add_argument("--pages", type=int, default=10, help="list pages per site (20 articles each)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--bare-child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bare_child:
        print(json.dumps(bare_crawl(json.loads(args.bare_child))))
        return
    with LargeMirror(sites=args.sites, pages=args.pages) as mirror, tempfile.TemporaryDirectory() as tmp:
        expected = mirror.expected_requests()
        print(f"mirror: {args.sites} sites, {expected} pages to fetch (lists, articles, attachments)")
        ratios: list[float] = []
        cpu_ratios: list[float] = []
        for round_ in range(1, args.repeat + 1):
            load = os.getloadavg()[0]
            if round_ % 2:
                bare, ours = run_bare(mirror), run_ours(mirror, Path(tmp))
            else:
                ours, bare = run_ours(mirror, Path(tmp)), run_bare(mirror)
            for name, result in (("bare scrapy", bare), ("zonewatch crawl", ours)):
                if result["pages"] != expected:
                    raise SystemExit(f"{name} fetched {result['pages']} pages, expected {expected}")
            ratio = bare["wall_s"] / ours["wall_s"]
            ratios.append(ratio)
            cpu_ratios.append(bare["cpu_s"] / ours["cpu_s"])
            print(
                f"round {round_} (load {load:.1f}): bare scrapy {bare['wall_s']:.1f} s "
                f"(engine {bare['pages'] / bare['duration_s']:.0f} pages/s), zonewatch crawl "
                f"{ours['wall_s']:.1f} s, {ours['new']} stored (engine {ours['pages'] / ours['duration_s']:.0f} "
                f"pages/s); whole-process ratio {ratio:.2f}; CPU {bare['cpu_s']:.1f} s / {ours['cpu_s']:.1f} s"
                f" = {cpu_ratios[-1]:.2f}",
                flush=True,
            )
        print(
            f"{args.repeat} rounds: whole-process ratio median {statistics.median(ratios):.2f}, "
            f"best {max(ratios):.2f}, worst {min(ratios):.2f}; CPU ratio median "
            f"{statistics.median(cpu_ratios):.2f} (target >= 0.85)"
        )


if __name__ == "__main__":
    main()
