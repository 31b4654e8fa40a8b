"""Is a list read whole? Each list the spider walks is checked against the size it declares.

A walk starts at one start URL and follows the list's pager or proxy. It is cut short when a
pager request fails (an HTTP error, a timeout, an empty proxy answer; every failed page is named,
and the walk goes on past it where it can), when the crawl is interrupted, or when fewer entries or
pages were read than the list declared (Hanweb totalRecord, TRS pager count, "共N条/共N页", a JSON total).
Stopping on purpose at a page of known entries (an incremental night) is not a gap; reaching the
site's `max_pages` is, since the rest of the list was never seen. The gap is said in Chinese, for
the crawl table, the stats JSON and the digest's 抓取异常 section:
"列表声明45条，读到15条：dataproxy.jsp 返回404".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from crawlers.platforms.base import ListPage

# error_kind() names (crawlers/spiders/zone_spider.py) as a reader of the digest says them.
FAILURE_WORDS = {
    "timeout": "超时",
    "connection refused": "连接被拒绝",
    "connection lost": "连接中断",
    "dns": "域名无法解析",
    "tls": "TLS握手失败",
    "robots": "被robots.txt禁止",
    "filtered": "被过滤",
    "oversize": "超过大小上限",
}


def request_name(url: str) -> str:
    """The last path segment of a URL ("dataproxy.jsp", "index_1.html"), or its path."""
    path = urlsplit(url).path
    return path.rstrip("/").rsplit("/", 1)[-1] or path or url


def failure_text(url: str, kind: str, page: str | int | None = None) -> str:
    """ "dataproxy.jsp 返回404" / "index_1.html 超时" for a failed pager request; an API asked for
    its pages by a form field names the page: "search（第2页） 返回500"."""
    name = request_name(url) + (f"（第{page}页）" if page else "")
    if kind.startswith("http "):
        return f"{name} 返回{kind[5:]}"
    return f"{name} {FAILURE_WORDS.get(kind, kind)}"


@dataclass
class ListWalk:
    """One list followed from a start URL: what it declared, what was read, how it ended."""

    start_url: str
    declared_records: int | None = None
    declared_pages: int | None = None
    records_read: int = 0
    pages_read: int = 0
    stopped_on_purpose: bool = False
    max_pages_reached: int | None = None
    failures: list[str] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)

    def unseen(self, page: ListPage) -> int:
        """How many of the page's entries this walk has not read before."""
        return len({entry.url for entry in page.entries} - self.seen)

    def read(self, page: ListPage) -> int:
        """Count one list page (or proxy/API answer); returns how many entries were new to the walk.

        Records are counted once per URL: a pinned item repeated on every page is one record, and
        a pager that keeps answering the same page adds nothing. The largest size declared so far
        is kept, because a proxy asked without the parameters it needs answers "0 records" while
        the page itself promised 45.
        """
        new = self.unseen(page)
        self.pages_read += 1
        self.seen.update(entry.url for entry in page.entries)
        self.records_read = len(self.seen)
        if page.declared_records:
            self.declared_records = max(self.declared_records or 0, page.declared_records)
        if page.declared_pages:
            self.declared_pages = max(self.declared_pages or 0, page.declared_pages)
        return new

    def failed(self, text: str) -> None:
        """A pager request failed (or the walk was interrupted); every failure is reported, in order."""
        if text not in self.failures:
            self.failures.append(text)

    @property
    def failure(self) -> str | None:
        """What cut the walk short, in Chinese ("index_2.html 返回500、index_5.html 超时"), or None."""
        return "、".join(self.failures) if self.failures else None

    def as_stats(self) -> dict[str, object]:
        """The walk for the stats JSON: what the list declared, what was read, and the gap if any."""
        return {
            "start_url": self.start_url,
            "declared_records": self.declared_records,
            "declared_pages": self.declared_pages,
            "records_read": self.records_read,
            "pages_read": self.pages_read,
            "stopped_on_purpose": self.stopped_on_purpose,
            "gap": self.gap(),
        }

    def gap(self) -> str | None:
        """Why this list was read only in part (Chinese, for readers), or None when it was read whole."""
        if self.stopped_on_purpose and self.failure is None:
            return None
        shortfall = None
        if self.declared_records and self.records_read < self.declared_records:
            shortfall = f"列表声明{self.declared_records}条，读到{self.records_read}条"
        elif self.declared_pages and self.pages_read < self.declared_pages:
            shortfall = f"列表声明{self.declared_pages}页，读到{self.pages_read}页"
        cause = self.failure
        if cause is None and self.max_pages_reached is not None:
            cause = f"翻页达到max_pages上限（{self.max_pages_reached}页）"
        if shortfall and cause:
            return f"{shortfall}：{cause}"
        if cause:
            return f"列表未读完：{cause}"
        return shortfall
