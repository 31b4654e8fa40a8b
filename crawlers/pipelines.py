"""Stores each fetched document as it arrives, in its own transaction, so a killed crawl loses nothing."""

from __future__ import annotations

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
        fetched = repo.FetchedDocument(
            site_name=spider.site.name,
            url=item.url,
            body=item.body,
            final_url=item.final_url,
            kind=item.kind,
            parent_url=item.parent_url,
            title=item.title,
            list_title=item.list_title,
            published=item.published,
            file_type=item.file_type,
            filename=item.filename,
            content_type=item.content_type,
            encoding=item.encoding,
            http_status=item.http_status,
            etag=item.etag,
            last_modified=item.last_modified,
            meta=item.meta,
        )
        with session_scope(spider.db_url) as session:
            _, outcome = repo.save_document(session, fetched)
        spider.counts[outcome] += 1
        spider.counts["bytes_stored"] += len(item.body)
        return item
