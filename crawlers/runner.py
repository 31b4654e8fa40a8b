"""Run the spider for a set of sites in this process and record each site's crawl run.

Scrapy's reactor starts once per process: callers that crawl more than once (the demo, Airflow)
run `zonewatch crawl` in a child process, which calls this.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Any

from sqlalchemy import select, update

from config.sites import SiteConfig
from crawlers.settings import build_settings
from storage import repository as repo
from storage.db import session_scope
from storage.models import CrawlRun, Site, utcnow


def _due_for_full_sweep(site: Site, config: SiteConfig) -> bool:
    last = site.last_full_sweep_at
    return last is None or utcnow() - last >= dt.timedelta(days=config.full_sweep_days)


def _prepare(db_url: str, sites: list[SiteConfig], full_sweep: bool | None) -> list[dict[str, Any]]:
    plans = []
    with session_scope(db_url) as session:
        for config in sites:
            site = repo.upsert_site(session, config)
            # A run left "running" was killed; say so instead of leaving it open forever.
            session.execute(
                update(CrawlRun)
                .where(CrawlRun.site_id == site.id, CrawlRun.status == "running")
                .values(status="failed", reason="interrupted", finished_at=utcnow())
            )
            sweep = _due_for_full_sweep(site, config) if full_sweep is None else full_sweep
            run = repo.start_crawl_run(session, site, full_sweep=sweep)
            plans.append(
                {
                    "config": config,
                    "run_id": run.id,
                    "full_sweep": sweep,
                    "known": repo.document_validators(session, config.name),
                }
            )
    return plans


def summarise(spider: Any, scrapy_stats: dict[str, Any], duration: float) -> dict[str, Any]:
    counts = spider.counts
    status, reason = "ok", None
    if spider.failure:
        status, reason = "failed", spider.failure
    elif spider.entries_seen == 0:
        status, reason = "failed", "list empty: no article links"
    return {
        "site": spider.site.name,
        "zone": spider.site.zone,
        "status": status,
        "reason": reason,
        "platform": spider.platform,
        "pages": counts["pages"] + counts["attachments"] + counts["list_pages"],
        "list_pages": counts["list_pages"],
        "new": counts["new"],
        "changed": counts["changed"],
        "unchanged": counts["unchanged"] + counts["skipped_known"],
        "not_modified": counts["not_modified"],
        "skipped_known": counts["skipped_known"],
        "soft_404": counts["soft_404"],
        "offsite": counts["offsite"],
        "errors": dict(spider.errors),
        "bytes": int(scrapy_stats.get("downloader/response_bytes", 0)),
        "robots_status": {
            k.rsplit("/", 1)[-1]: v
            for k, v in scrapy_stats.items()
            if k.startswith("robotstxt/response_status_count/")
        },
        "duration_s": round(duration, 2),
        "full_sweep": spider.full_sweep,
    }


def _spider_for(config: SiteConfig, overrides: dict[str, Any]) -> type:
    """ZoneSpider with this site's own delay as its crawler's floor.

    AutoThrottle never goes below DOWNLOAD_DELAY, but that floor is one per crawler: under the
    process-wide floor (the most permissive site's) it would talk a slow site's slot down to the
    fastest site's delay. Each site has its own crawler, so each gets its own floor.
    """
    from crawlers.spiders.zone_spider import ZoneSpider

    own = {
        "DOWNLOAD_DELAY": config.download_delay,
        "AUTOTHROTTLE_START_DELAY": max(config.download_delay, 0.01),
    }
    own = {key: value for key, value in own.items() if key not in overrides}
    return type(f"ZoneSpider_{config.name}", (ZoneSpider,), {"custom_settings": own})


def crawl_sites(
    db_url: str,
    sites: list[SiteConfig],
    *,
    full_sweep: bool | None = None,
    user_agent: str | None = None,
    jobdir: Path | None = None,
    settings_overrides: dict[str, Any] | None = None,
) -> list[dict[str, Any]]:
    from scrapy.crawler import CrawlerProcess

    plans = _prepare(db_url, sites, full_sweep)
    overrides = dict(settings_overrides or {})
    if jobdir is not None:
        overrides["JOBDIR"] = str(jobdir)
    process = CrawlerProcess(build_settings(sites, user_agent, overrides))
    crawlers = []
    for plan in plans:
        crawler = process.create_crawler(_spider_for(plan["config"], overrides))
        process.crawl(
            crawler, site=plan["config"], db_url=db_url, known=plan["known"], full_sweep=plan["full_sweep"]
        )
        crawlers.append((plan, crawler))
    started = time.monotonic()
    process.start()
    duration = time.monotonic() - started
    results = []
    with session_scope(db_url) as session:
        for plan, crawler in crawlers:
            stats = summarise(crawler.spider, crawler.stats.get_stats(), duration)
            stats["run_id"] = plan["run_id"]
            run = session.scalar(select(CrawlRun).where(CrawlRun.id == plan["run_id"]))
            if run is not None:
                repo.finish_crawl_run(session, run, stats["status"], stats, stats["reason"])
            results.append(stats)
    return results
