"""One spider for every zone site, configured by its SiteConfig.

It reads the start page, recognises the list mechanism (TRS script pager, Hanweb jpage proxy,
intertid JSON API, plain next-page links), walks the list newest first and fetches each article it
does not already have unchanged, then the article's attachments. Paging stops at the first list
page that holds only known entries, unless tonight is a full sweep. Walls and script-only lists
fail the site with a specific reason instead of passing as "0 new documents". A list page that fails
does not end its walk where the page after it can be reached without it (a numbered pager, a proxy's
record window). Every request is kept in a ledger until answered, so an interrupted crawl knows
exactly what it still owes (`interrupt`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from scrapy.http import FormRequest, Request, Response
from twisted.python.failure import Failure

from config.sites import SiteConfig
from crawlers import moves, walls
from crawlers.encoding import Decoded, decode_page
from crawlers.errors import error_kind
from crawlers.list_check import ListWalk, failure_text, request_name
from crawlers.middlewares import SiteUnreachable
from crawlers.owed import Ledger, OpenRequest
from crawlers.platforms import generic, gkmlpt, hanweb, intertid, trs
from crawlers.platforms.base import Entry, ListPage, NextPage
from crawlers.spiders.articles import ArticleFetching
from crawlers.spiders.attachments import AttachmentFetching
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


class ZoneSpider(SiteMoves, ArticleFetching, AttachmentFetching, scrapy.Spider):
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
        self.owed = [fetch for fetch in owed or [] if fetch.kind != "page"]
        self.owed_pages = [fetch for fetch in owed or [] if fetch.kind == "page"]
        self.owed_page_urls = {fetch.url for fetch in self.owed_pages}
        self.asked_pages: set[str] = set()
        self.ledger = Ledger()
        self.interrupted: str | None = None  # the signal that stopped the crawl
        self.given_up: list[dict[str, str]] = []
        self.allowed_domains = site.domains()
        self.counts: Counter[str] = Counter()
        self.errors: Counter[str] = Counter()
        self.failure: str | None = None
        self.entries_seen = 0
        self.platform: str | None = None
        self.walks: list[ListWalk] = []

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> ZoneSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider._dropped, signal=signals.request_dropped)
        crawler.signals.connect(spider._idle, signal=signals.spider_idle)
        return spider

    # --- start, interruption and failure ----------------------------------------------------------

    async def start(self) -> AsyncIterator[Request]:
        for url in self.site.start_urls:
            self.walks.append(ListWalk(url))
            walk = len(self.walks) - 1
            yield Request(
                url,
                callback=self.parse_start,
                errback=self.start_failed,
                dont_filter=True,
                # dont_redirect: a start page's refresh is the spider's to judge (crawlers.moves).
                meta={
                    "handle_httpstatus_list": LIST_STATUSES,
                    "walk": walk,
                    "dont_redirect": True,
                    **self.ledger.open(OpenRequest("list", url, walk=walk)),
                },
            )
        # What earlier runs left owed (killed mid-crawl, or failed and now due), whatever the
        # pages that link them answer tonight.
        for owed in self.owed:
            self.counts["owed"] += 1
            yield self._attachment_request(owed.url, owed.parent_url, owed.name, self.known.get(owed.url))

    def _dropped(self, request: Request) -> None:
        """Scrapy dropped a request as a duplicate: the one it kept answers for that URL."""
        self.ledger.close(request.meta)

    def _idle(self) -> None:
        """The walks are done: ask for the owed pages they did not lead to, then close."""
        requests = self.request_owed_pages()
        if requests:
            for request in requests:
                self.crawler.engine.crawl(request)
            raise DontCloseSpider

    def interrupt(self, signal_name: str) -> tuple[list[OpenRequest], list[OpenRequest]]:
        """The crawl is being stopped (SIGINT/SIGTERM): the site is read in part. Returns the detail
        pages and attachments asked for and not received, for the runner to record as owed; a walk
        whose list request is still open is cut short."""
        self.interrupted = signal_name
        for request in self.ledger.still_open("list"):
            self.walks[request.walk or 0].failed("抓取被中断")
        return self.ledger.still_open("page"), self.ledger.still_open("attachment")

    def fail(self, reason: str) -> None:
        if self.failure is None:
            self.failure = reason
            self.logger.warning("site %s failed: %s", self.site.name, reason)

    def start_failed(self, failure: Failure) -> None:
        self.ledger.close(failure.request.meta)  # type: ignore[attr-defined]
        self.fail(error_kind(failure))

    def request_failed(self, failure: Failure) -> None:
        kind = error_kind(failure)
        self.errors[kind] += 1
        self.logger.info("request failed (%s): %s", kind, getattr(failure.request, "url", "?"))

    def list_request_failed(self, failure: Failure) -> list[Request]:
        """A pager request failed after retries: the list is read only in part, and the walk goes
        on to the page after it when that page can be reached without this one."""
        request = failure.request  # type: ignore[attr-defined]
        self.ledger.close(request.meta)
        self.request_failed(failure)
        self._walk(request.meta).failed(
            failure_text(request.url, error_kind(failure), _page_of(request.meta))
        )
        if failure.check(SiteUnreachable):
            return []  # the host is down: every later page would fail the same way
        return self._skip_failed(request.url, request.meta)

    def _skip_failed(self, url: str, meta: dict[str, Any]) -> list[Request]:
        """The request for the page after a failed list page, when the pager says how to reach it."""
        failed: NextPage | None = meta.get("next_page")
        after = failed.skip() if failed is not None and failed.skip is not None else None
        if after is None:
            return []
        self.counts["list_pages_failed"] += 1
        if self.counts["list_pages"] + self.counts["list_pages_failed"] >= self.site.max_pages:
            self.errors["max pages reached"] += 1
            self._walk(meta).max_pages_reached = self.site.max_pages
            return []
        return [self._list_request(after, url, meta)]

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

    def parse_start(self, response: Response) -> list[Any]:
        self.ledger.close(response.meta)
        return list(self._read_start(response))

    def _read_start(self, response: Response) -> Iterator[Any]:
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

    def parse_more(self, response: Response) -> list[Any]:
        self.ledger.close(response.meta)
        return list(self._read_more(response))

    def _read_more(self, response: Response) -> Iterator[Any]:
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
            walk.failed(failure_text(response.url, f"http {response.status}", _page_of(meta)))
            yield from self._skip_failed(response.url, meta)
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
            request = self._article_request(entry, list_url)
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
        walk = meta.get("walk", 0)
        meta = {
            **nxt.meta,
            "handle_httpstatus_list": PAGER_STATUSES,
            "walk": walk,
            "next_page": nxt,
            **self.ledger.open(OpenRequest("list", nxt.url, walk=walk)),
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


def _page_of(meta: dict[str, Any]) -> str | None:
    """The page number an API list request asked for in its form (intertid's pageIndex), if any."""
    return (meta.get("api") or {}).get("pageIndex")
