"""Run the spider for a set of sites in this process and record each site's crawl run.

Scrapy's reactor starts once per process: callers that crawl more than once (the demo, Airflow)
run `zonewatch crawl` in a child process, which calls this.

Sites run PARALLEL_SITES at a time, each in its own crawler: a site is prepared (its run row, what
is known, what it is owed) when its turn comes and finished (run row, stats) the moment its crawler
closes, so memory stays bounded by the sites in flight and the cost of a night is linear in the
number of sites; `duration_s` is that site's own time.

A SIGINT or SIGTERM stops the night within seconds and loses nothing (crawlers.interrupt): every
site not finished is `partial` (reason `interrupted`) and what it was owed is recorded.
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
from crawlers.interrupt import INTERRUPTED, Interruption, record_owed
from crawlers.settings import ProcessSettings, build_settings, site_settings
from storage import pending
from storage import repository as repo
from storage.db import get_engine, session_scope
from storage.models import CrawlRun, Site, utcnow
from storage.writer import StorageError, storage_reason

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


def _missing(counts: Any, given_up: list[dict[str, str]]) -> str:
    """ "2 个页面、1 个附件未能下载（…）": what tonight could not fetch, owed to later nights."""
    pages = counts["pages_failed"] + sum(1 for lost in given_up if lost.get("kind") == "page")
    files = counts["retry_later"] - counts["pages_failed"] + sum(1 for lost in given_up if "kind" not in lost)
    parts = [f"{pages} 个页面" if pages else "", f"{files} 个附件" if files else ""]
    return "、".join(part for part in parts if part) + "未能下载（将在之后的夜里重试或已放弃）"


def summarise(spider: Any, scrapy_stats: dict[str, Any], duration: float) -> dict[str, Any]:
    counts = spider.counts
    status, reason = "ok", None
    if spider.failure:
        status, reason = "failed", spider.failure
    elif spider.interrupted:
        status, reason = "partial", INTERRUPTED  # what it still owed is recorded for the next run
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
        # A page or an attachment (often the report itself) could not be fetched tonight.
        status, reason = "partial", _missing(counts, spider.given_up)
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
        "interrupted": spider.interrupted,
        "owed_pages": counts["owed_pages"],
        "owed_attachments": counts["owed_attachments"],
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


def record_not_started(db_url: str, configs: list[SiteConfig], reason: str) -> list[dict[str, Any]]:
    """Record sites an interrupted night never started as `partial` runs (so the next night walks
    their lists whole), in one transaction; returns their stats."""
    stats = []
    try:
        with session_scope(db_url) as session:
            for config in configs:
                site = repo.upsert_site(session, config)
                run = repo.start_crawl_run(session, site)
                entry = {**failed_stats(config, reason, 0.0), "status": "partial", "run_id": run.id}
                repo.close_crawl_run(session, run.id, "partial", entry, reason)
                stats.append(entry)
    except SQLAlchemyError as exc:
        return [failed_stats(config, storage_reason(exc), 0.0) for config in configs]
    return stats


def _interruptible_process(settings: ProcessSettings) -> Any:
    """A CrawlerProcess whose reactor, once `stop_now` is set, stops without waiting for the
    crawlers' graceful close (which waits for every download in flight)."""
    from scrapy.crawler import CrawlerProcess
    from twisted.internet.defer import succeed

    class InterruptibleProcess(CrawlerProcess):
        stop_now = False

        def _stop_dfd(self) -> Any:
            return succeed(None) if self.stop_now else super()._stop_dfd()

    return InterruptibleProcess(settings)


def _report_pages(crawler: Any, site: str, on_page: Callable[[str, str], None]) -> None:
    """Call on_page(site, url) for every response the site's crawler receives."""
    from scrapy import signals

    def received(response: Any) -> None:
        on_page(site, response.url)

    # Held strongly: signals keep only weak references by default, and nothing else holds this closure.
    crawler.signals.connect(received, signal=signals.response_received, weak=False)


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
    interruption: Interruption | None = None,
    on_page: Callable[[str, str], None] | None = None,
) -> list[dict[str, Any]]:
    """Crawl the sites, PARALLEL_SITES at a time; returns one stats dict per site, in input order.

    A site whose plan or result cannot be written (disk full, read-only database) is `failed` with
    a 'storage: …' reason; nothing here raises for one site's failure. on_site_done(stats) is called
    as each site ends, with its stats (progress for the CLI); on_page(site, url) as each response
    (list page, detail page, attachment, robots.txt) arrives, so progress moves within seconds
    even while no site has finished yet. SIGINT/SIGTERM are handled while it
    runs (crawlers.interrupt); `interruption.signum` then says which came, for the exit status.
    """
    from twisted.internet.defer import DeferredSemaphore, succeed

    overrides = dict(settings_overrides or {})
    if jobdir is not None:
        overrides["JOBDIR"] = str(jobdir)
    process = _interruptible_process(ProcessSettings(build_settings(sites, user_agent, overrides)))
    interruption = interruption or Interruption()
    results: dict[str, dict[str, Any]] = {}
    # Sites crawling now: their plan, crawler and start time.
    running: dict[str, tuple[SitePlan, Any, float]] = {}

    def done(name: str, stats: dict[str, Any]) -> None:
        results[name] = stats
        if on_site_done is not None:
            on_site_done(stats)

    def crawl_one(config: SiteConfig) -> Any:
        if interruption.signum is not None:
            return succeed(None)  # recorded by stop_now
        started = time.monotonic()
        try:
            plan = prepare_site(db_url, config, full_sweep)
        except SQLAlchemyError as exc:
            done(config.name, failed_stats(config, storage_reason(exc), time.monotonic() - started))
            return succeed(None)
        crawler = process.create_crawler(_spider_for(config, overrides))
        if on_page is not None:
            _report_pages(crawler, config.name, on_page)
        running[config.name] = (plan, crawler, started)

        def finished(outcome: Any) -> None:
            if running.pop(config.name, None) is None:
                return  # already recorded as interrupted
            duration = time.monotonic() - started
            spider = getattr(crawler, "spider", None)
            if spider is None:  # the crawler never started its spider
                stats = failed_stats(config, f"crawler error: {getattr(outcome, 'value', outcome)}", duration)
            else:
                stats = summarise(spider, crawler.stats.get_stats(), duration)
            stats["run_id"] = plan.run_id
            done(config.name, finish_site(db_url, plan.run_id, stats))

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

    def stop_now() -> None:
        """Record every unfinished site as interrupted with what it owes, then stop at once."""
        from crawlers.pipelines import shared_writer

        signal_name = interruption.name or "signal"
        writer = shared_writer(db_url)
        spiders = {name: getattr(crawler, "spider", None) for name, (_, crawler, _) in running.items()}
        for name, spider in spiders.items():
            if spider is not None:
                pages, files = spider.interrupt(signal_name)
                spider.counts["owed_pages"], spider.counts["owed_attachments"] = len(pages), len(files)
                record_owed(writer, name, pages, files)
        try:
            writer.flush()
        except StorageError as exc:
            for spider in spiders.values():
                if spider is not None:
                    spider.fail(str(exc))
        for name, (plan, crawler, started) in list(running.items()):
            spider = spiders[name]
            duration = time.monotonic() - started
            if spider is None:
                stats = {**failed_stats(plan.config, INTERRUPTED, duration), "status": "partial"}
            else:
                stats = summarise(spider, crawler.stats.get_stats(), duration)
            stats["run_id"] = plan.run_id
            running.pop(name)
            done(name, finish_site(db_url, plan.run_id, stats))
        waiting = [config for config in sites if config.name not in results]
        for stats in record_not_started(db_url, waiting, INTERRUPTED):
            done(stats["site"], stats)
        process.stop_now = True
        from twisted.internet import reactor

        if reactor.running:  # type: ignore[attr-defined]
            reactor.stop()  # type: ignore[attr-defined]

    interruption.install(stop_now)
    try:
        semaphore = DeferredSemaphore(max(1, parallel_sites))
        for config in sites:
            semaphore.run(crawl_one, config)
        process.start(install_signal_handlers=False)
    finally:
        interruption.restore()
    return [
        results.get(c.name) or failed_stats(c, "not crawled: the crawl process stopped", 0.0) for c in sites
    ]
