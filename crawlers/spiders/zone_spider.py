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
from twisted.python.failure import Failure

from config.sites import SiteConfig
from crawlers import moves, walls
from crawlers.detail import is_soft_404, read_detail
from crawlers.encoding import Decoded, decode_page
from crawlers.errors import error_kind
from crawlers.items import DocumentItem
from crawlers.list_check import ListWalk, failure_text, request_name
from crawlers.platforms import generic, gkmlpt, hanweb, intertid, trs
from crawlers.platforms.base import Entry, ListPage, NextPage
from crawlers.spiders.attachments import AttachmentFetching, response_header
from crawlers.spiders.site_moves import SiteMoves
from storage.pending import OwedFetch
from storage.repository import DocumentValidators

NEVER_FOLLOW = re.compile(r"login|logout|admin|signin|signout|passport|/manage", re.I)
# Answered to the start page's callback, not retried or followed: walls, errors, and redirects
# (a permanent one to another host means the site moved).
REDIRECTS = [301, 302, 303, 307, 308]
LIST_STATUSES = [403, 404, 412, 521, 202, *REDIRECTS]
# A pager request answered with these is a gap in the list (retryable 5xx reach the errback after
# Scrapy's retries).
PAGER_STATUSES = [400, 401, 403, 404, 405, 410, 501]
METHOD_REFUSED = (400, 405, 501)  # a Hanweb proxy that wants the other method answers these


class ZoneSpider(SiteMoves, AttachmentFetching, scrapy.Spider):
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
        self.walks: list[ListWalk] = []

    # --- start and failure ------------------------------------------------------------------------

    async def start(self) -> AsyncIterator[Request]:
        for url in self.site.start_urls:
            self.walks.append(ListWalk(url))
            yield Request(
                url,
                callback=self.parse_start,
                errback=self.start_failed,
                dont_filter=True,
                # dont_redirect: a start page's refresh is the spider's to judge (crawlers.moves).
                meta={
                    "handle_httpstatus_list": LIST_STATUSES,
                    "walk": len(self.walks) - 1,
                    "dont_redirect": True,
                },
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

    def list_request_failed(self, failure: Failure) -> None:
        """A pager request failed after retries: the list is read only in part."""
        self.request_failed(failure)
        request = failure.request  # type: ignore[attr-defined]
        self._walk(request.meta).failed(failure_text(request.url, error_kind(failure)))

    def list_gaps(self) -> str | None:
        """Why the site's lists were read only in part (Chinese), or None when every list was read
        whole; the runner reports a site with gaps as `partial`."""
        gaps = [gap for walk in self.walks if (gap := walk.gap())]
        return "；".join(gaps) if gaps else None

    def _walk(self, meta: dict[str, Any]) -> ListWalk:
        return self.walks[meta.get("walk", 0)]

    # --- lists -----------------------------------------------------------------------------------

    def _decode(self, response: Response) -> Decoded:
        content_type = response.headers.get("Content-Type", b"").decode("latin-1")
        decoded = decode_page(response.body, content_type, self.site.encoding)
        if decoded.charset.get("unclean"):
            self.counts["garbled_pages"] += 1  # the runner makes the site partial, naming them
        return decoded

    def _text(self, response: Response) -> str:
        return self._decode(response).text

    def parse_start(self, response: Response) -> Iterator[Any]:
        self.counts["list_pages"] += 1
        reason = walls.wall_reason(response.status, response.body)
        if reason:
            self.fail(reason)
            return
        if response.status in REDIRECTS:
            yield from self._start_redirect(response)
            return
        if response.status >= 400:
            self.fail(f"start page http {response.status}")
            return
        text = self._text(response)
        move = moves.page_move(text, response.url, shows_list=True)
        if move is not None:
            yield from self._page_moved(response, move)
            return
        page = self._start_list(text, response)
        self.platform = page.platform
        if not page.entries and page.next_page is None:
            move = moves.page_move(text, response.url, shows_list=False)
            if move is not None:
                yield from self._page_moved(response, move)
            elif response.meta.get("frame"):
                self.counts["frames_without_list"] += 1  # a frameset's banner or menu
            else:
                self.fail(
                    "list empty: JS-rendered"
                    if walls.is_script_shell(text)
                    else "list empty: no article links"
                )
            return
        yield from self._follow(page, response.url, response.meta)

    def _start_list(self, text: str, response: Response) -> ListPage:
        """The start page read by the list mechanism it shows."""
        selectors = self.site.selectors
        if selectors.get("link"):
            page = generic.parse(text, response.url, selectors)
        elif gkmlpt.detect(text, response.url):
            first = gkmlpt.first_request(text, response.url, self._walk(response.meta).start_url)
            page = ListPage("gkmlpt", [], first)
            self._walk(response.meta).pages_read -= 1  # the Vue shell is not a page of the list
        elif hanweb.detect(text):
            page, _ = hanweb.parse_column(text, response.url)
        elif intertid.detect(text):
            first = intertid.first_request(text, response.url)
            page = ListPage("intertid", [], first)
            self._walk(response.meta).pages_read -= 1  # the script shell is not a page of the list
        elif trs.detect(text):
            page = trs.parse(text, response.url)
        else:
            page = generic.parse(text, response.url)
        return page

    def parse_more(self, response: Response) -> Iterator[Any]:
        self.counts["list_pages"] += 1
        meta = response.meta
        walk = self._walk(meta)
        if response.status >= 400:
            self.errors[f"http {response.status}"] += 1
            refused = meta.get("jpage") and response.status in METHOD_REFUSED
            retry = hanweb.other_method(self._next_of(meta)) if refused else None
            if retry is not None:  # a proxy refusing POST (or GET) is asked the other way once
                yield self._list_request(retry, response.url, meta)
                return
            walk.failed(failure_text(response.url, f"http {response.status}"))
            return
        is_json = meta.get("api") or meta.get("gkmlpt")
        text = response.body.decode("utf-8", "replace") if is_json else self._text(response)
        if meta.get("jpage"):
            page = hanweb.parse_proxy(text, response.url, meta["jpage"], meta["start"], meta["first"])
            if not walk.unseen(page) and (page.declared_records or 0) >= meta["first"]:
                # Nothing new where records were promised (an empty answer, or the first page
                # again from a proxy that reads other parameters): try the other method once.
                retry = hanweb.other_method(self._next_of(meta))
                if retry is not None:
                    yield self._list_request(retry, response.url, meta)
                    return
                answer = "重复的记录" if page.entries else "空列表"
                walk.failed(f"{request_name(response.url)} 返回{answer}")
        elif meta.get("api"):
            page = intertid.parse_api(text, response.url, meta["api"], meta["page_url"])
        elif meta.get("gkmlpt"):
            page = gkmlpt.parse_api(text, meta["gkmlpt"])
        elif self.platform == "trs":
            page = trs.parse(text, response.url, self.site.selectors)
        else:
            page = generic.parse(text, response.url, self.site.selectors)
        yield from self._follow(page, response.url, meta)

    @staticmethod
    def _next_of(meta: dict[str, Any]) -> NextPage:
        """The NextPage a list response answered (kept in its meta by _list_request)."""
        return meta["next_page"]

    def _follow(self, page: ListPage, list_url: str, meta: dict[str, Any]) -> Iterator[Any]:
        walk = self._walk(meta)
        new = walk.read(page)
        if page.error:
            walk.failed(f"{request_name(list_url)} {page.error}")
        known = 0
        for entry in page.entries:
            request = self._article_request(entry)
            if request is not None:
                yield request
            elif entry.url in self.known and self._wanted(entry, count=False):
                known += 1  # skipped as known (an excluded entry says nothing about the list)
        self.entries_seen += len(page.entries)
        nxt = page.next_page
        if nxt is None:
            return
        if page.entries and not new:
            # The same entries again (a CMS that repeats its last page past the end): the list has
            # ended; whether it ended short is for the declared size to say.
            self.counts["repeated_page"] += 1
            return
        if self.counts["list_pages"] >= self.site.max_pages:
            self.errors["max pages reached"] += 1
            walk.max_pages_reached = self.site.max_pages
            return
        wanted = [e for e in page.entries if self._wanted(e, count=False)]
        if wanted and known == len(wanted) and not (self.full_sweep or self.resume):
            # A whole page of known items: what lies further back is known too. Entries the site's
            # include/exclude filters drop say nothing about that, so they neither stop nor go on.
            self.counts["stopped_early"] += 1
            walk.stopped_on_purpose = True
            return
        yield self._list_request(nxt, list_url, meta)

    def _list_request(self, nxt: NextPage, referer: str, meta: dict[str, Any]) -> Request:
        meta = {
            **nxt.meta,
            "handle_httpstatus_list": PAGER_STATUSES,
            "walk": meta.get("walk", 0),
            "next_page": nxt,
        }
        if nxt.method == "POST":
            return FormRequest(
                nxt.url,
                formdata=nxt.form or {},
                callback=self.parse_more,
                errback=self.list_request_failed,
                meta=meta,
                headers={"Referer": referer},
                dont_filter=True,
            )
        return Request(
            nxt.url,
            callback=self.parse_more,
            errback=self.list_request_failed,
            meta=meta,
            headers={"Referer": referer},
            dont_filter=bool(nxt.meta.get("retried_method")),
        )

    def _wanted(self, entry: Entry, count: bool = True) -> bool:
        """Whether an entry is the site's to fetch (on its hosts, not excluded); counted unless asked not."""
        host = urlsplit(entry.url).hostname or ""
        if host not in self.allowed_domains:
            self.counts["offsite"] += count
            return False
        if NEVER_FOLLOW.search(entry.url):
            return False
        title = entry.title or ""
        if self.site.include and not any(word in title for word in self.site.include):
            self.counts["excluded"] += count
            return False
        if self.site.exclude and any(word in title for word in self.site.exclude):
            self.counts["excluded"] += count
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
            # A page that decodes to no Chinese text has no title to trust: the list's stands.
            title=(None if decoded.charset.get("unclean") else detail.title) or entry.title,
            list_title=entry.title,
            published=detail.published or entry.published,
            file_type="html",
            content_type=response.headers.get("Content-Type", b"").decode("latin-1") or None,
            encoding=decoded.encoding,
            http_status=response.status,
            etag=response_header(response, "ETag"),
            last_modified=response_header(response, "Last-Modified"),
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
