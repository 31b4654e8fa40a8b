"""Pages per second of `zonewatch crawl` (storage, incremental bookkeeping) against bare Scrapy doing
the same fetches without storage, on one generated site of thousands of pages, delays off.

Run: .venv/bin/python benchmarks/bench_crawl.py [ARTICLES]
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import big_mirror  # noqa: E402

BARE = '''
import sys, scrapy
from scrapy.crawler import CrawlerProcess
class Bare(scrapy.Spider):
    name = "bare"
    async def start(self):
        yield scrapy.Request(sys.argv[1] + "/list_1.html")
    def parse(self, response):
        for href in response.css("li a::attr(href)").getall():
            yield response.follow(href, self.article)
        nxt = response.xpath("//a[text()='下一页']/@href").get()
        if nxt:
            yield response.follow(nxt, self.parse)
    def article(self, response):
        yield {"url": response.url, "size": len(response.body)}
p = CrawlerProcess({"LOG_LEVEL": "ERROR", "CONCURRENT_REQUESTS": 32, "CONCURRENT_REQUESTS_PER_DOMAIN": 1,
                    "DOWNLOAD_DELAY": 0, "ROBOTSTXT_OBEY": True, "AUTOTHROTTLE_ENABLED": False})
p.crawl(Bare); p.start()
'''


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, text=True)
    return time.perf_counter() - started


def main() -> None:
    articles = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
    server, base = big_mirror.start(articles)
    pages = articles + -(-articles // 20) + 1  # articles, list pages, robots.txt
    work = Path(tempfile.mkdtemp(prefix="zonewatch-bench-"))
    sites = work / "sites.yaml"
    sites.write_text(yaml.safe_dump({"sites": [{"name": "big", "zone": "基准园区", "start_urls": [f"{base}/list_1.html"],
                                                "download_delay": 0, "max_pages": 10_000}]}, allow_unicode=True))
    ours = timed([sys.executable, "-m", "zonewatch", "crawl", "--sites", str(sites), "--db",
                  f"sqlite:///{work / 'bench.db'}", "--delay", "0", "--full-sweep"])
    bare = timed([sys.executable, "-c", BARE, base])
    server.shutdown()
    result = {"pages": pages, "zonewatch_pages_per_s": round(pages / ours, 1), "bare_scrapy_pages_per_s":
              round(pages / bare, 1), "ratio": round(bare / ours, 2), "zonewatch_s": round(ours, 1),
              "bare_s": round(bare, 1)}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
