"""Hands every fetched document and failed fetch to the process's one storage writer.

The writer (storage.writer.CrawlWriter) commits small batches: every 50 writes, every second, and
when a spider closes, so a kill -9 costs at most the batch in flight, which the next run fetches
again. A write the database refuses (disk full, read-only) fails the site with that reason and
stops its crawl; every other site of the process fails the same way, since their writes go to the
same database.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from crawlers.items import DocumentItem, FetchFailed, FetchSettled
from storage import repository as repo
from storage.writer import CrawlWriter, StorageError

FLUSH_EVERY_S = 0.5

_writers: dict[str, CrawlWriter] = {}
_open_pipelines: set[StoragePipeline] = set()
_clock: Any = None  # a twisted LoopingCall while any pipeline is open


def shared_writer(db_url: str) -> CrawlWriter:
    """The one writer of this process for a database."""
    writer = _writers.get(db_url)
    if writer is None:
        writer = _writers[db_url] = CrawlWriter(db_url)
    return writer


def _tick() -> None:
    for pipeline in list(_open_pipelines):
        if pipeline.writer.due():
            pipeline.flush()


class StoragePipeline:
    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.writer = CrawlWriter("")  # replaced by the shared writer when the spider opens
        self.broken: str | None = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> StoragePipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        global _clock
        self.writer = shared_writer(self.crawler.spider.db_url)
        _open_pipelines.add(self)
        if _clock is None:
            from twisted.internet import task

            _clock = task.LoopingCall(_tick)
            _clock.start(FLUSH_EVERY_S, now=False)

    def close_spider(self) -> None:
        global _clock
        self.flush()
        _open_pipelines.discard(self)
        if not _open_pipelines and _clock is not None:
            _clock.stop()
            _clock = None

    def process_item(self, item: Any) -> Any:
        spider = self.crawler.spider
        if self.broken or self.writer.broken:
            self._fail(self.broken or self.writer.broken)
            return item
        site = spider.site.name
        if isinstance(item, DocumentItem):
            fields = {
                f.name: getattr(item, f.name)
                for f in dataclasses.fields(item)
                if f.name not in ("owed", "asked_url")
            }
            fetched = repo.FetchedDocument(site_name=site, **fields)
            size = len(item.body)

            def stored(outcome: str) -> None:
                spider.counts[outcome] += 1
                spider.counts["bytes_stored"] += size

            self._write(self.writer.save, site, fetched, item.owed, stored, item.asked_url)
        elif isinstance(item, FetchFailed):

            def counted(status: str) -> None:
                if status == "given_up":
                    lost = {"url": item.url, "reason": item.reason}
                    spider.given_up.append(lost if item.kind == "attachment" else {**lost, "kind": item.kind})

            self._write(
                self.writer.failed,
                site,
                item.url,
                item.reason,
                item.parent_url,
                item.name,
                counted,
                item.kind,
            )
        elif isinstance(item, FetchSettled):
            self._write(self.writer.settled, site, item.url)
        return item

    def _write(self, method: Any, *args: Any) -> None:
        try:
            method(*args)
        except StorageError as exc:
            self._fail(str(exc))

    def flush(self) -> None:
        try:
            self.writer.flush()
        except StorageError as exc:
            self._fail(str(exc))

    def _fail(self, reason: str | None) -> None:
        """Fail this site with the storage reason and stop its crawl: nothing more can be kept."""
        if self.broken:
            return
        self.broken = reason or "storage: write failed"
        spider = self.crawler.spider
        spider.fail(self.broken)
        from scrapy.utils.defer import deferred_from_coro

        engine = self.crawler.engine
        if engine is not None and engine.spider is not None:
            deferred_from_coro(engine.close_spider_async(reason="storage failed"))
