"""The Wuxi-family "intertid" CMS as 江阴 runs it: page 1 is a script shell over POST /info_open/search,
index_1.shtml is missing, index_2… are static; articles are GBK behind a header that says UTF-8."""

from __future__ import annotations

import json
import math
import re
from html import escape

from mirror.content import ContentItem
from mirror.pages import ArticleStyle, article_html
from mirror.site import PAGE_SIZE, Reply, Request, Site, html, not_found

COLUMN = "/xxgk/gzbg/"
SITE_ID, CHANNEL, CHILD = "211", "41002", "41003"


def article_path(item: ContentItem) -> str:
    return f"/doc/{item.date:%Y/%m/%d}/{item.numeric_id}.shtml"


def attachment_path(item: ContentItem) -> str:
    return f"/uploadfiles/{item.date:%Y%m}/{item.date:%d}/{item.numeric_id}.{item.format}"


class IntertidSite(Site):
    key = "intertid"
    offsite_url = "http://www.example.invalid/doc/2024/01/05/1.shtml"

    def start_path(self) -> str:
        return COLUMN + "index.shtml"

    def _shell(self) -> Reply:
        body = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>工作报告</title>
<script src="/js/info_open.js"></script></head><body><div class="nav"><a href="/">首页</a></div>
<ul id="list"></ul><div id="pager"></div>
<script>
  // var chan = "99999";  (old channel, kept in a comment by the CMS)
  var chan = "{CHANNEL}"; chan = chan + "," + {CHILD};
  getSearchList(1, {PAGE_SIZE}, "{SITE_ID}", chan, 1, "writeTime", "list", "pager");
</script></body></html>"""
        return html(body)

    def _search(self, request: Request) -> Reply:
        form = request.form()
        if form.get("siteId") != SITE_ID or form.get("channelIds") != f"{CHANNEL},{CHILD}":
            return Reply(
                200,
                json.dumps({"status": 1, "message": "参数错误"}).encode(),
                {"Content-Type": "application/json"},
            )
        items = self.visible()
        size = int(form.get("pageSize") or PAGE_SIZE)
        page = int(form.get("pageIndex") or 1)
        rows = [
            {"title": i.title, "writeTimeString": i.date.isoformat(), "url": article_path(i)}
            for i in items[(page - 1) * size : page * size]
        ]
        if page == 1:
            rows.append(
                {"title": "市政府工作报告（转载）", "writeTimeString": "2024-01-05", "url": self.offsite_url}
            )
        data = {
            "status": 0,
            "data": {
                "totalElements": len(items),
                "totalPages": math.ceil(len(items) / size),
                "page": page,
                "size": size,
                "data": rows,
            },
        }
        return Reply(200, json.dumps(data, ensure_ascii=False).encode(), {"Content-Type": "application/json"})

    def _static(self, index: int) -> Reply:
        items = self.visible()
        pages = max(1, math.ceil(len(items) / PAGE_SIZE))
        if index < 2 or index > pages:
            return not_found()
        rows = "".join(
            f'<li><a href="{article_path(i)}" title="{escape(i.title)}">{escape(i.title)}</a>'
            f"<span>{i.date.isoformat()}</span></li>"
            for i in items[(index - 1) * PAGE_SIZE : index * PAGE_SIZE]
        )
        return html(
            f'<html><head><meta charset="utf-8"></head><body><ul class="list">{rows}</ul></body></html>'
        )

    def _article(self, item: ContentItem) -> Reply:
        links = ""
        if item.format in ("pdf", "docx", "doc", "wps"):
            links = f'<p>附件：<a href="{attachment_path(item)}">{escape(item.title)}.{item.format}</a></p>'
        style = ArticleStyle(container_open='<div class="artcont">', table="art_xxgktab", charset="gb18030")
        page = article_html(
            self.zone, item, style, "工作报告", links, edited=article_path(item) in self.edited
        )
        # A misconfigured server: the header claims UTF-8 over GBK bytes with a gb2312 meta.
        reply = Reply(
            200,
            page.encode("gb18030"),
            {"Content-Type": "text/html; charset=UTF-8"},
            cacheable=True,
            modified=item.date,
        )
        return reply

    def route(self, request: Request) -> Reply:
        path = request.path
        if path in (COLUMN, self.start_path()):
            return self._shell()
        if path == "/info_open/search" and request.method == "POST":
            return self._search(request)
        match = re.fullmatch(re.escape(COLUMN) + r"index_(\d+)\.shtml", path)
        if match:
            return self._static(int(match.group(1)))
        for item in self.visible():
            if path == article_path(item):
                return self._article(item)
            if path == attachment_path(item):
                return self.attachment_reply(item, path)
        return not_found()
