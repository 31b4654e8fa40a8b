"""A plain CMS: list_N.shtml pages with 下一页/尾页 links, GBK pages declared gb2312 with no header
charset, a robots.txt rule, and the everyday failures: a 404 link, a soft 404, a page that fails once."""

from __future__ import annotations

import math
import re
from html import escape

from mirror.content import ContentItem
from mirror.pages import ArticleStyle, article_html
from mirror.site import PAGE_SIZE, Reply, Request, Site, html, not_found

LIST = "/news/"
BROKEN = "/news/content/404404.html"
SOFT_404 = "/news/content/000000.html"
PRIVATE = "/xxgk/internal/draft.html"


def article_path(item: ContentItem) -> str:
    return f"/news/content/{item.numeric_id}.html"


def attachment_path(item: ContentItem) -> str:
    return f"/news/files/{item.numeric_id}.{item.format}"


class PlainSite(Site):
    key = "plain"

    def __init__(self, zone=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(zone)
        self.failed_once: set[str] = set()

    def start_path(self) -> str:
        return LIST + "list.shtml"

    def robots(self) -> Reply:
        return Reply(200, b"User-agent: *\nDisallow: /xxgk/internal/\n", {"Content-Type": "text/plain"})

    def flaky_path(self) -> str:
        return article_path([i for i in self.visible() if i.kind == "news"][3])

    def _list(self, index: int) -> Reply:
        items = self.visible()
        pages = max(1, math.ceil(len(items) / PAGE_SIZE))
        if index > pages:
            return not_found()
        rows = [
            f'<li><span class="date">[{i.date:%m-%d}]</span><a href="{article_path(i)}" title="{escape(i.title)}">'
            f"{escape(i.title)}</a></li>"
            for i in items[(index - 1) * PAGE_SIZE : index * PAGE_SIZE]
        ]
        if index == 1:
            rows.append(
                f'<li><span class="date">[01-02]</span><a href="{BROKEN}">园区2021年度表彰名单</a></li>'
            )
            rows.append(
                f'<li><span class="date">[01-03]</span><a href="{SOFT_404}">园区2021年度统计公报</a></li>'
            )
            rows.append(f'<li><span class="date">[01-04]</span><a href="{PRIVATE}">内部征求意见稿</a></li>')
        pager = [f"<span>共 {len(items)} 条 第 {index}/{pages} 页</span>"]
        if index < pages:
            pager.append(f'<a href="list_{index + 1}.shtml">下一页</a><a href="list_{pages}.shtml">尾页</a>')
        body = f"""<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>园区动态-{escape(self.zone.name)}</title></head><body>
<div class="nav"><a href="/">首页</a> <a href="/admin/login.jsp">后台管理</a> <a href="/logout.jsp">退出</a></div>
<div class="list"><ul class="news">{"".join(rows)}</ul>
<div class="pagination">{"".join(pager)}</div></div></body></html>"""
        # GBK bytes, charset only in the meta: the HTTP header names none.
        return Reply(200, body.encode("gb18030"), {"Content-Type": "text/html"})

    def _article(self, item: ContentItem) -> Reply:
        links = ""
        if item.format in ("pdf", "docx", "doc", "wps"):
            links = f'<p>附件：<a href="{attachment_path(item)}">{escape(item.title)}</a></p>'
        style = ArticleStyle(
            container_open='<div class="content"><div class="nr">',
            container_close="</div></div>",
            charset="gb18030",
        )
        page = article_html(
            self.zone, item, style, "园区动态", links, edited=article_path(item) in self.edited
        )
        return Reply(
            200, page.encode("gb18030"), {"Content-Type": "text/html"}, cacheable=True, modified=item.date
        )

    def route(self, request: Request) -> Reply:
        path = request.path
        if path in (LIST, self.start_path()):
            return self._list(1)
        match = re.fullmatch(r"/news/list_(\d+)\.shtml", path)
        if match:
            return self._list(int(match.group(1)))
        if path == SOFT_404:
            return html("<html><body><p>页面不存在</p></body></html>")
        if path == PRIVATE:
            return html("<html><body><p>内部资料，不应被抓取。</p></body></html>")
        if path == self.flaky_path() and path not in self.failed_once:
            self.failed_once.add(path)
            return html("<html><body>Internal Server Error</body></html>", status=500)
        for item in self.visible():
            if path == article_path(item):
                return self._article(item)
            if path == attachment_path(item):
                return self.attachment_reply(item, path)
        return not_found()
