"""Fixture sites whose bytes are not what they declare (issue 20, site-patterns §3.1).

- `big5gate`: a gate/big5 gateway: every page converted to traditional characters and Big5 bytes,
  still declaring the original `<meta charset=gb2312>`; the header names no charset.
- `big5site`: pages in Big5 that say so (header and meta), with ETEN/HKSCS characters (碁 堃).
- `latin1gbk`: GBK pages served as `text/html; charset=ISO-8859-1`, no meta.
- `garbled`: UTF-8 pages, one of which is double-encoded (its GBK bytes read as Latin-1 and saved
  as UTF-8): no reading of its bytes gives Chinese, and the crawl must say so.
"""

from __future__ import annotations

from html import escape

from mirror.platforms.variant_base import REPORT_WORDS, Row, VariantSite
from mirror.site import Reply, Request

COLUMN = "/xxgk/gzdt/"


class EncodedSite(VariantSite):
    key = "big5gate"
    zone_name = "示例港区"
    count = 10
    report_at = 6
    codec = "big5hkscs"
    meta_charset: str | None = "gb2312"
    header_charset: str | None = None
    traditional = True

    def start_path(self) -> str:
        return f"{COLUMN}index.html"

    def article_path(self, row: Row) -> str:
        return f"{COLUMN}{row.date:%Y%m}/t{row.date:%Y%m%d}_{row.number}.html"

    def words(self, text: str) -> str:
        if not self.traditional:
            return text
        from opencc import OpenCC

        return OpenCC("s2t").convert(text)

    def encode(self, page: str, row: Row | None = None) -> bytes:
        return self.words(page).encode(self.codec)

    def reply(self, page: str, row: Row | None = None) -> Reply:
        head = f'<meta http-equiv="Content-Type" content="text/html; charset={self.meta_charset}">'
        page = page.replace("<head>", "<head>" + head if self.meta_charset else "<head>")
        content_type = "text/html" + (f"; charset={self.header_charset}" if self.header_charset else "")
        reply = Reply(200, self.encode(page, row), {"Content-Type": content_type})
        if row is not None:
            reply.cacheable, reply.modified = True, row.date
        return reply

    def article(self, row: Row) -> str:
        if row.is_report:
            words = {
                "year_before": row.date.year - 1,
                "year": row.date.year,
                "gdp": 156.3,
                "firms": 28,
                "more": 35,
            }
            body = "".join(f"<p>{escape(p.format(**words))}</p>" for p in REPORT_WORDS)
        else:
            body = f"<p>{escape(row.title)}。堃业园区负责同志参加会议，会议对下一阶段工作作出部署。</p>"
        return (
            f'<html><head><title>{escape(row.title)}</title><meta name="ArticleTitle" content="{escape(row.title)}">'
            f'<meta name="PubDate" content="{row.date.isoformat()}"></head><body><h1>{escape(row.title)}</h1>'
            f'<div id="zoom">{body}</div><div class="footer">{escape(self.zone_name)}管理委员会 版权所有</div></body></html>'
        )

    def list_route(self, request: Request) -> Reply | None:
        if request.path == self.start_path():
            items = "".join(
                f'<li><a href="{self.article_path(r)}">{escape(r.title)}</a><span>{r.date.isoformat()}</span></li>'
                for r in self.rows
            )
            return self.reply(
                f'<html><head><title>工作动态</title></head><body><ul class="list">{items}</ul></body></html>'
            )
        for row in self.rows:
            if request.path == self.article_path(row):
                return self.reply(self.article(row), row)
        return None


class Big5Site(EncodedSite):
    key = "big5site"
    zone_name = "示例碁石园区"
    meta_charset = "big5"
    header_charset = "big5"


class Latin1GbkSite(EncodedSite):
    key = "latin1gbk"
    zone_name = "示例临港园区"
    codec = "gbk"
    meta_charset = None
    header_charset = "ISO-8859-1"
    traditional = False


class GarbledSite(EncodedSite):
    key = "garbled"
    zone_name = "示例滨江园区"
    codec = "utf-8"
    meta_charset = "utf-8"
    header_charset = "utf-8"
    traditional = False
    garbled_at = 2  # the row whose page was double-encoded by a broken migration

    def encode(self, page: str, row: Row | None = None) -> bytes:
        if row is not None and row.number == self.rows[self.garbled_at].number:
            return page.encode("gbk").decode("latin-1").encode("utf-8")
        return page.encode("utf-8")


SITES: tuple[type[EncodedSite], ...] = (EncodedSite, Big5Site, Latin1GbkSite, GarbledSite)
