"""Stores each fetched document as it arrives, in its own transaction, so a killed crawl loses nothing."""

from __future__ import annotations

import dataclasses
from typing import Any

from crawlers.items import DocumentItem
from storage import repository as repo
from storage.db import session_scope


class StoragePipeline:
    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Any) -> StoragePipeline:
        return cls(crawler)

    def process_item(self, item: DocumentItem) -> DocumentItem:
        spider = self.crawler.spider
        # The item carries exactly the storage record's fields; only the site comes from the spider.
        fields = {field.name: getattr(item, field.name) for field in dataclasses.fields(item)}
        fetched = repo.FetchedDocument(site_name=spider.site.name, **fields)
        with session_scope(spider.db_url) as session:
            _, outcome = repo.save_document(session, fetched)
        spider.counts[outcome] += 1
        spider.counts["bytes_stored"] += len(item.body)
        return item
