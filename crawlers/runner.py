"""Run the spider for a set of sites in this process and record each site's crawl run.

Scrapy's reactor starts once per process: callers that crawl more than once (the demo, Airflow)
run `zonewatch crawl` in a child process, which calls this.

Sites run PARALLEL_SITES at a time, each in its own crawler: a site is prepared (its run row, what
is known, what it is owed) when its turn comes and finished (run row, stats) the moment its crawler
closes, so memory stays bounded by the sites in flight and the cost of a night is linear in the
number of sites; `duration_s` is that site's own time.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import SQLAlchemyError

from config.sites import SiteConfig
from crawlers.settings import ProcessSettings, build_settings, site_settings
from storage import pending
from storage import repository as repo
from storage.db import get_engine, session_scope
from storage.models import CrawlRun, Site, utcnow
from storage.writer import storage_reason

# Sites crawled at once in one process. Each costs a crawler (~1 MB) while it runs; politeness is
# per site, so this bounds memory and sockets, not any site's speed.
PARALLEL_SITES = 64


def _due_for_full_sweep(site: Site, config: SiteConfig) -> bool:
    last = site.last_full_sweep_at
    return last is None or utcnow() - last >= dt.timedelta(days=config.full_sweep_days)


@dataclass
class SitePlan:
    """What one site's crawl starts from."""

    config: SiteConfig
    run_id: int
    full_sweep: bool
    # The last run did not finish well (killed, failed): walk every list page again this time,
    # since the pages it never read may hold entries that are not known yet.
    resume: bool
    known: dict[str, repo.DocumentValidators] = field(default_factory=dict)
    owed: list[pending.OwedFetch] = field(default_factory=list)


def prepare_site(db_url: str, config: SiteConfig, full_sweep: bool | None) -> SitePlan:
    """Upsert the site, close a run a kill left open, start tonight's run, load known and owed URLs."""
    with session_scope(db_url) as session:
        site = repo.upsert_site(session, config)
        last = session.execute(
            select(CrawlRun.status).where(CrawlRun.site_id == site.id).order_by(CrawlRun.id.desc()).limit(1)
        ).scalar()
        # A run left "running" was killed; say so instead of leaving it open forever.
        session.execute(
            update(CrawlRun)
            .where(CrawlRun.site_id == site.id, CrawlRun.status == "running")
            .values(status="failed", reason="interrupted", finished_at=utcnow())
        )
        sweep = _due_for_full_sweep(site, config) if full_sweep is None else full_sweep
        run = repo.start_crawl_run(session, site, full_sweep=sweep)
        return SitePlan(
            config=config,
            run_id=run.id,
            full_sweep=sweep,
            resume=last is not None and last != "ok",
            known=repo.document_validators(session, config.name),
            owed=pending.due(session, config.name),
        )


def summarise(spider: Any, scrapy_stats: dict[str, Any], duration: float) -> dict[str, Any]:
    counts = spider.counts
    status, reason = "ok", None
    if spider.failure:
        status, reason = "failed", spider.failure
    elif spider.entries_seen == 0:
        status, reason = "failed", "list empty: no article links"
    elif spider.list_gaps():
        status, reason = "partial", spider.list_gaps()  # a list read only in part is not ok
    elif counts["garbled_pages"]:
        status, reason = (
            "partial",
            f"{counts['garbled_pages']} 个页面无法正确解码（声明的编码与内容不符，读出乱码）",
        )
    elif counts["retry_later"] or spider.given_up:
        # An attachment (often the report itself) could not be fetched tonight: read in part.
        missing = counts["retry_later"] + len(spider.given_up)
        status, reason = "partial", f"{missing} 个附件未能下载（将在之后的夜里重试或已放弃）"
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
        "garbled_pages": counts["garbled_pages"],
        "offsite": counts["offsite"],
        "errors": dict(spider.errors),
        "owed": counts["owed"],
        "retry_later": counts["retry_later"],
        "given_up": list(spider.given_up),
        "resumed": spider.resume,
        "bytes": int(scrapy_stats.get("downloader/response_bytes", 0)),
        "robots_status": {
            k.rsplit("/", 1)[-1]: v
            for k, v in scrapy_stats.items()
            if k.startswith("robotstxt/response_status_count/")
        },
        "duration_s": round(duration, 2),
        "full_sweep": spider.full_sweep,
        "lists": [walk.as_stats() for walk in spider.walks],
    }


def failed_stats(config: SiteConfig, reason: str, duration: float) -> dict[str, Any]:
    """The stats of a site that could not be crawled at all (its plan could not be written)."""
    return {
        "site": config.name,
        "zone": config.zone,
        "status": "failed",
        "reason": reason,
        "platform": None,
        "pages": 0,
        "new": 0,
        "changed": 0,
        "unchanged": 0,
        "not_modified": 0,
        "errors": {},
        "duration_s": round(duration, 2),
    }


def finish_site(db_url: str, run_id: int, stats: dict[str, Any]) -> dict[str, Any]:
    """Record the site's run; a database that refuses fails the site with that reason."""
    try:
        with get_engine(db_url).begin() as connection:
            repo.close_crawl_run(connection, run_id, stats["status"], stats, stats["reason"])
    except SQLAlchemyError as exc:
        stats.update(status="failed", reason=stats["reason"] or storage_reason(exc))
    return stats


def _spider_for(config: SiteConfig, overrides: dict[str, Any]) -> type:
    """ZoneSpider with this site's own settings (delay floor, slots) as its crawler's."""
    from crawlers.spiders.zone_spider import ZoneSpider

    own = site_settings(config, overrides)
    return type(f"ZoneSpider_{config.name}", (ZoneSpider,), {"custom_settings": own})


def crawl_sites(
    db_url: str,
    sites: list[SiteConfig],
    *,
    full_sweep: bool | None = None,
    user_agent: str | None = None,
    jobdir: Path | None = None,
    settings_overrides: dict[str, Any] | None = None,
    parallel_sites: int = PARALLEL_SITES,
    on_site_done: Callable[[dict[str, Any]], None] | None = None,
) -> list[dict[str, Any]]:
    """Crawl the sites, PARALLEL_SITES at a time; returns one stats dict per site, in input order.

    A site whose plan or result cannot be written (disk full, read-only database) is `failed` with
    a 'storage: …' reason; nothing here raises for one site's failure. on_site_done(stats) is called
    as each site ends, with its stats (progress for the CLI).
    """
    from scrapy.crawler import CrawlerProcess
    from twisted.internet.defer import DeferredSemaphore, succeed

    overrides = dict(settings_overrides or {})
    if jobdir is not None:
        overrides["JOBDIR"] = str(jobdir)
    process = CrawlerProcess(ProcessSettings(build_settings(sites, user_agent, overrides)))
    results: dict[str, dict[str, Any]] = {}

    def crawl_one(config: SiteConfig) -> Any:
        started = time.monotonic()
        try:
            plan = prepare_site(db_url, config, full_sweep)
        except SQLAlchemyError as exc:
            results[config.name] = failed_stats(config, storage_reason(exc), time.monotonic() - started)
            if on_site_done is not None:
                on_site_done(results[config.name])
            return succeed(None)
        crawler = process.create_crawler(_spider_for(config, overrides))

        def finished(outcome: Any) -> None:
            duration = time.monotonic() - started
            spider = getattr(crawler, "spider", None)
            if spider is None:  # the crawler never started its spider
                stats = failed_stats(config, f"crawler error: {getattr(outcome, 'value', outcome)}", duration)
            else:
                stats = summarise(spider, crawler.stats.get_stats(), duration)
            stats["run_id"] = plan.run_id
            results[config.name] = finish_site(db_url, plan.run_id, stats)
            if on_site_done is not None:
                on_site_done(results[config.name])

        deferred = process.crawl(
            crawler,
            site=config,
            db_url=db_url,
            known=plan.known,
            full_sweep=plan.full_sweep,
            resume=plan.resume,
            owed=plan.owed,
        )
        return deferred.addBoth(finished)

    semaphore = DeferredSemaphore(max(1, parallel_sites))
    for config in sites:
        semaphore.run(crawl_one, config)
    process.start()
    return [
        results.get(c.name) or failed_stats(c, "not crawled: the crawl process stopped", 0.0) for c in sites
    ]
