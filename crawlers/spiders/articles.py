"""How a zone spider fetches detail pages: the articles its lists link, and the pages it is owed.

A mixin of ZoneSpider, kept apart so the list walking stays readable. A detail page that cannot be
fetched tonight (a 5xx after retries, a timeout) is owed like an attachment (`pending_fetches`,
kind "page"): retried on later nights with backoff, then given up with its reason. Pages an
interrupted crawl had asked for are owed the same way; a later crawl asks for those its lists did
not lead to once its walks are done (`request_owed_pages`, on spider_idle).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlsplit

from scrapy.http import Request, Response
from twisted.python.failure import Failure

from crawlers.detail import is_soft_404, read_detail
from crawlers.encoding import Decoded
from crawlers.errors import error_kind
from crawlers.items import DocumentItem, FetchFailed, FetchSettled
from crawlers.middlewares import SiteUnreachable
from crawlers.owed import Ledger, OpenRequest
from crawlers.platforms.base import Entry
from storage.pending import OwedFetch
from storage.repository import DocumentValidators

# Failures that another night cannot cure: the page is not ours to fetch, gone, or too big to keep.
NOT_OWED = ("robots", "filtered", "oversize", "http 410")


class ArticleFetching:
    """Requests and callbacks for detail pages; uses ZoneSpider's counts, errors, known URLs,
    ledger, allowed domains, decoding and attachment requests."""

    counts: Any
    errors: Any
    logger: Any
    known: dict[str, DocumentValidators]
    full_sweep: bool
    ledger: Ledger
    allowed_domains: list[str]
    platform: str | None
    owed_pages: list[OwedFetch]
    owed_page_urls: set[str]
    asked_pages: set[str]
    interrupted: str | None
    failure: str | None
    # ZoneSpider's and AttachmentFetching's (declared, not defined: a definition here would shadow them).
    _wanted: Callable[..., bool]
    _decode: Callable[[Response], Decoded]
    _attachment_request: Callable[..., Request]

    def _article_request(self, entry: Entry, list_url: str | None) -> Request | None:
        """The request for a list entry, or None when it is not wanted or known unchanged."""
        if not self._wanted(entry):
            return None
        known = self.known.get(entry.url)
        if (
            known is not None
            and not self.full_sweep
            and known.content_hash
            and (known.list_title or "") == entry.title
        ):
            self.counts["skipped_known"] += 1
            return None
        return self._page_request(entry, list_url, known)

    def _page_request(self, entry: Entry, list_url: str | None, known: DocumentValidators | None) -> Request:
        self.asked_pages.add(entry.url)
        ticket = self.ledger.open(OpenRequest("page", entry.url, list_url, entry.title))
        return Request(
            entry.url,
            callback=self.parse_article,
            errback=self.article_failed,
            meta={
                "entry": entry,
                "known": known,
                "list_url": list_url,
                "handle_httpstatus_list": [304, 404],
                **ticket,
            },
        )

    def request_owed_pages(self) -> list[Request]:
        """The owed detail pages tonight's walks did not lead to (asked once, when the walks end)."""
        if self.interrupted or self.failure:
            return []
        owed, self.owed_pages = self.owed_pages, []
        requests = []
        for page in owed:
            if page.url in self.asked_pages:
                continue
            self.counts["owed"] += 1
            entry = Entry(page.url, page.name or "")
            requests.append(self._page_request(entry, page.parent_url, self.known.get(page.url)))
        return requests

    def _settle_if_owed(self, url: str) -> Iterator[FetchSettled]:
        if url in self.owed_page_urls:
            yield FetchSettled(url)

    def _not_modified(self, response: Response) -> bool:
        if response.status == 304:
            self.counts["not_modified"] += 1
            return True
        if response.status == 404:
            self.errors["http 404"] += 1
            return True
        return False

    def article_failed(self, failure: Failure) -> Iterator[FetchFailed | FetchSettled]:
        """A detail page that failed after retries is owed: retried on later nights, then given up.

        A robots refusal, an offsite or oversize page is not (another night changes nothing); when
        the whole site is unreachable the failure is the site's, and the page stays unasked.
        """
        request = failure.request  # type: ignore[attr-defined]
        self.ledger.close(request.meta)
        kind = error_kind(failure)
        self.errors[kind] += 1
        self.logger.info("request failed (%s): %s", kind, request.url)
        entry: Entry = request.meta["entry"]
        if failure.check(SiteUnreachable):
            return
        if kind in NOT_OWED:
            yield from self._settle_if_owed(entry.url)
            return
        self.counts["retry_later"] += 1
        self.counts["pages_failed"] += 1
        yield FetchFailed(entry.url, kind, request.meta.get("list_url"), entry.title, kind="page")

    def parse_article(self, response: Response) -> Iterator[Any]:
        self.ledger.close(response.meta)
        self.counts["pages"] += 1
        entry: Entry = response.meta["entry"]
        if self._not_modified(response):
            yield from self._settle_if_owed(entry.url)  # a 404: nothing there to owe any more
            return
        decoded = self._decode(response)
        text = decoded.text
        if is_soft_404(response.body, text):
            self.counts["soft_404"] += 1
            yield from self._settle_if_owed(entry.url)
            return
        detail = read_detail(text, response.url, entry.title)
        wanted = []
        for url, name in detail.attachments:
            if (urlsplit(url).hostname or "") not in self.allowed_domains:
                self.counts["offsite"] += 1
                continue
            known = self.known.get(url)
            if known is not None and known.content_hash and not self.full_sweep:
                self.counts["skipped_known"] += 1
                continue
            wanted.append((url, name, known))
        yield DocumentItem(
            url=entry.url,
            final_url=response.url,
            body=response.body,
            # A page that decodes to no Chinese text has no title to trust: the list's stands.
            title=(None if decoded.charset.get("unclean") else detail.title) or entry.title,
            list_title=entry.title,
            published=detail.published or entry.published,
            file_type="html",
            content_type=response.headers.get("Content-Type", b"").decode("latin-1") or None,
            encoding=decoded.encoding,
            http_status=response.status,
            etag=_header(response, "ETag"),
            last_modified=_header(response, "Last-Modified"),
            meta={
                "source": detail.source,
                "table": detail.table,
                "platform": self.platform,
                "charset": decoded.charset,
                "attachments": [url for url, _ in detail.attachments],
            },
            # Stored with the page: owed until each is stored, so a kill cannot lose them.
            owed=[(url, name) for url, name, known in wanted if known is None or not known.content_hash],
        )
        for url, name, known in wanted:
            yield self._attachment_request(url, entry.url, name, known)


def _header(response: Response, name: str) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None
