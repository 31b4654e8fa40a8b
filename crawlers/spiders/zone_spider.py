"""One spider for every zone site, configured by its SiteConfig.

It reads the start page, recognises the list mechanism (TRS script pager, Hanweb jpage proxy,
intertid JSON API, plain next-page links), walks the list newest first and fetches each article it
does not already have unchanged, then the article's attachments. Paging stops at the first list
page that holds only known entries, unless tonight is a full sweep. Walls and script-only lists
fail the site with a specific reason instead of passing as "0 new documents".
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.http import FormRequest, Request, Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from config.sites import SiteConfig
from crawlers import walls
from crawlers.detail import is_soft_404, read_detail
from crawlers.encoding import Decoded, decode_page
from crawlers.items import DocumentItem, FetchFailed, FetchSettled
from crawlers.middlewares import SiteUnreachable
from crawlers.platforms import generic, hanweb, intertid, trs
from crawlers.platforms.base import Entry, ListPage, NextPage
from storage.pending import OwedFetch
from storage.repository import DocumentValidators

NEVER_FOLLOW = re.compile(r"login|logout|admin|signin|signout|passport|/manage", re.I)
LIST_STATUSES = [403, 404, 412, 521, 202]


class ZoneSpider(scrapy.Spider):
    name = "zone"

    def __init__(
        self,
        site: SiteConfig,
        db_url: str,
        known: dict[str, DocumentValidators],
        full_sweep: bool = False,
        resume: bool = False,
        owed: list[OwedFetch] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(name=f"zone-{site.name}", **kwargs)
        self.site = site
        self.db_url = db_url
        self.known = known
        self.full_sweep = full_sweep
        self.resume = resume
        self.owed = owed or []
        self.given_up: list[dict[str, str]] = []
        self.allowed_domains = site.domains()
        self.download_maxsize = site.max_bytes
        self.counts: Counter[str] = Counter()
        self.errors: Counter[str] = Counter()
        self.failure: str | None = None
        self.entries_seen = 0
        self.platform: str | None = None

    # --- start and failure ------------------------------------------------------------------------

    async def start(self) -> AsyncIterator[Request]:
        for url in self.site.start_urls:
            yield Request(
                url,
                callback=self.parse_start,
                errback=self.start_failed,
                dont_filter=True,
                meta={"handle_httpstatus_list": LIST_STATUSES},
            )
        # What earlier runs left owed (killed mid-crawl, or failed and now due), whatever the
        # pages that link them answer tonight.
        for owed in self.owed:
            self.counts["owed"] += 1
            yield self._attachment_request(owed.url, owed.parent_url, owed.name, self.known.get(owed.url))

    def fail(self, reason: str) -> None:
        if self.failure is None:
            self.failure = reason
            self.logger.warning("site %s failed: %s", self.site.name, reason)

    def start_failed(self, failure: Failure) -> None:
        self.fail(error_kind(failure))

    def request_failed(self, failure: Failure) -> None:
        kind = error_kind(failure)
        self.errors[kind] += 1
        self.logger.info("request failed (%s): %s", kind, getattr(failure.request, "url", "?"))

    # --- lists -----------------------------------------------------------------------------------

    def _decode(self, response: Response) -> Decoded:
        content_type = response.headers.get("Content-Type", b"").decode("latin-1")
        return decode_page(response.body, content_type, self.site.encoding)

    def _text(self, response: Response) -> str:
        return self._decode(response).text

    def parse_start(self, response: Response) -> Iterator[Any]:
        self.counts["list_pages"] += 1
        reason = walls.wall_reason(response.status, response.body)
        if reason:
            self.fail(reason)
            return
        if response.status >= 400:
            self.fail(f"start page http {response.status}")
            return
        text = self._text(response)
        selectors = self.site.selectors
        if selectors.get("link"):
            page = generic.parse(text, response.url, selectors)
        elif hanweb.detect(text):
            page, _ = hanweb.parse_column(text, response.url)
        elif intertid.detect(text):
            first = intertid.first_request(text, response.url)
            page = ListPage("intertid", [], first)
        elif trs.detect(text):
            page = trs.parse(text, response.url)
        else:
            page = generic.parse(text, response.url)
        self.platform = page.platform
        if not page.entries and page.next_page is None:
            self.fail(
                "list empty: JS-rendered" if walls.is_script_shell(text) else "list empty: no article links"
            )
            return
        yield from self._follow(page, response.url, first=True)

    def parse_more(self, response: Response) -> Iterator[Any]:
        self.counts["list_pages"] += 1
        if response.status >= 400:
            # A missing page inside a list (江阴's index_1.shtml) is recorded, not fatal.
            self.errors[f"http {response.status}"] += 1
            return
        meta = response.meta
        text = response.body.decode("utf-8", "replace") if meta.get("api") else self._text(response)
        if meta.get("jpage"):
            page = hanweb.parse_proxy(text, response.url, meta["jpage"], meta["start"])
        elif meta.get("api"):
            page = intertid.parse_api(text, response.url, meta["api"], meta["page_url"])
        elif self.platform == "trs":
            page = trs.parse(text, response.url, self.site.selectors)
        else:
            page = generic.parse(text, response.url, self.site.selectors)
        yield from self._follow(page, response.url, first=False)

    def _follow(self, page: ListPage, list_url: str, first: bool) -> Iterator[Any]:
        fresh = 0
        for entry in page.entries:
            request = self._article_request(entry)
            if request is not None:
                fresh += 1
                yield request
        self.entries_seen += len(page.entries)
        nxt = page.next_page
        if nxt is None:
            return
        if self.counts["list_pages"] >= self.site.max_pages:
            self.errors["max pages reached"] += 1
            return
        if page.entries and fresh == 0 and not (self.full_sweep or self.resume):
            self.counts["stopped_early"] += 1
            return  # a whole page of known items: what lies further back is known too
        yield self._list_request(nxt, list_url)

    def _list_request(self, nxt: NextPage, referer: str) -> Request:
        meta = {**nxt.meta, "handle_httpstatus_list": [404]}
        if nxt.method == "POST":
            return FormRequest(
                nxt.url,
                formdata=nxt.form or {},
                callback=self.parse_more,
                errback=self.request_failed,
                meta=meta,
                headers={"Referer": referer},
                dont_filter=True,
            )
        return Request(
            nxt.url,
            callback=self.parse_more,
            errback=self.request_failed,
            meta=meta,
            headers={"Referer": referer},
        )

    def _wanted(self, entry: Entry) -> bool:
        host = urlsplit(entry.url).hostname or ""
        if host not in self.allowed_domains:
            self.counts["offsite"] += 1
            return False
        if NEVER_FOLLOW.search(entry.url):
            return False
        title = entry.title or ""
        if self.site.include and not any(word in title for word in self.site.include):
            self.counts["excluded"] += 1
            return False
        if self.site.exclude and any(word in title for word in self.site.exclude):
            self.counts["excluded"] += 1
            return False
        return True

    def _article_request(self, entry: Entry) -> Request | None:
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
        return Request(
            entry.url,
            callback=self.parse_article,
            errback=self.request_failed,
            meta={"entry": entry, "known": known, "handle_httpstatus_list": [304, 404]},
        )

    # --- articles and attachments ----------------------------------------------------------------

    def _not_modified(self, response: Response) -> bool:
        if response.status == 304:
            self.counts["not_modified"] += 1
            return True
        if response.status == 404:
            self.errors["http 404"] += 1
            return True
        return False

    def parse_article(self, response: Response) -> Iterator[Any]:
        self.counts["pages"] += 1
        if self._not_modified(response):
            return
        decoded = self._decode(response)
        text = decoded.text
        if is_soft_404(response.body, text):
            self.counts["soft_404"] += 1
            return
        entry: Entry = response.meta["entry"]
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
            title=detail.title or entry.title,
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

    def _attachment_request(
        self, url: str, parent: str | None, name: str | None, known: DocumentValidators | None
    ) -> Request:
        return Request(
            url,
            callback=self.parse_attachment,
            errback=self.attachment_failed,
            meta={
                "parent": parent,
                "name": name or url.rsplit("/", 1)[-1],
                "known": known,
                "handle_httpstatus_list": [304, 404, 410],
            },
        )

    def attachment_failed(self, failure: Failure) -> Iterator[FetchFailed]:
        """A failed attachment is counted and owed: retried on later runs, then given up.

        When the whole site is unreachable the failure is the site's, reported as such; the
        attachment stays owed without using up one of its tries.
        """
        reason = fetch_reason(failure)
        self.errors[reason] += 1
        if failure.check(SiteUnreachable):
            return
        self.counts["retry_later"] += 1
        request = failure.request  # type: ignore[attr-defined]
        self.logger.info("attachment failed (%s): %s", reason, request.url)
        yield FetchFailed(_asked_url(request), reason, request.meta.get("parent"), request.meta.get("name"))

    def parse_attachment(self, response: Response) -> Iterator[Any]:
        self.counts["attachments"] += 1
        if response.status in (404, 410):
            self.errors[f"http {response.status}"] += 1
            self.counts["retry_later"] += 1
            meta = response.meta
            yield FetchFailed(
                _asked_url(response.request), f"http {response.status}", meta["parent"], meta["name"]
            )
            return
        if self._not_modified(response):
            yield FetchSettled(_asked_url(response.request))
            return
        from parsers.document import sniff

        yield DocumentItem(
            url=response.request.url,
            final_url=response.url,
            body=response.body,
            kind="attachment",
            parent_url=response.meta["parent"],
            title=response.meta["name"],
            file_type=sniff(response.body, response.meta["name"] + " " + response.url),
            filename=response.meta["name"],
            content_type=response.headers.get("Content-Type", b"").decode("latin-1") or None,
            http_status=response.status,
            etag=_header(response, "ETag"),
            last_modified=_header(response, "Last-Modified"),
            asked_url=_asked_url(response.request),
        )


def _asked_url(request: Request) -> str:
    """The URL the spider asked for, before redirects (downfile.jsp?… rather than the file): what
    a page owes is keyed by it."""
    return (request.meta.get("redirect_urls") or [request.url])[0]


def _header(response: Response, name: str) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


ERROR_KINDS = (
    ("DNSLookup", "dns"),
    ("Timeout", "timeout"),
    ("TimedOut", "timeout"),
    ("ConnectionRefused", "connection refused"),
    ("ConnectionLost", "connection lost"),
    ("ConnectionDone", "connection lost"),
    ("IgnoreRequest", "robots or filtered"),
    ("SSL", "tls"),
    ("TLS", "tls"),
)


def fetch_reason(failure: Failure) -> str:
    """error_kind, with an HTTP error named by its status (HttpError is an IgnoreRequest too)."""
    if failure.check(HttpError):
        return f"http {failure.value.response.status}"
    return error_kind(failure)


def error_kind(failure: Failure) -> str:
    """A short, specific reason for a failed request (Scrapy wraps Twisted's errors in its own)."""
    if isinstance(failure.value, SiteUnreachable):
        return failure.value.kind
    names = " ".join(cls.__name__ for cls in failure.type.__mro__)
    message = failure.getErrorMessage()
    for marker, kind in ERROR_KINDS:
        if marker in names:
            return kind
    if "certificate" in message or "SSL" in message:
        return "tls"
    if "maxsize" in message.lower() or "larger than" in message or "Cancelled" in names:
        return "oversize"
    if "HttpError" in names:
        status = re.search(r"(\d{3})", message)
        return f"http {status.group(1)}" if status else "http error"
    return f"{failure.type.__name__}: {message}"[:80]
