"""Hanweb 大汉 jcms: records as CDATA in a <datastore> script, the rest from the jpage POST proxy."""

from __future__ import annotations

import hashlib
import re
from html import escape

from mirror.content import ContentItem
from mirror.pages import ArticleStyle, article_html
from mirror.site import Reply, Request, Site, html, not_found

COLUMN_ID, UNIT_ID, WEB_ID = "4021", "8812", "3"
FIRST = 15
PROXY = "/module/web/jpage/dataproxy.jsp"
FORM = {
    "col": "1",
    "appid": "1",
    "webid": WEB_ID,
    "path": "/",
    "columnid": COLUMN_ID,
    "sourceContentType": "1",
    "unitid": UNIT_ID,
    "permissiontype": "0",
}


def article_path(item: ContentItem) -> str:
    return f"/art/{item.date.year}/{item.date.month}/{item.date.day}/art_{COLUMN_ID}_{item.numeric_id}.html"


def file_hex(item: ContentItem) -> str:
    return hashlib.md5(item.key.encode()).hexdigest()


def _record(item: ContentItem) -> str:
    shown = item.list_title or (item.title if len(item.title) <= 22 else item.title[:20] + "...")
    return (
        f'<record><![CDATA[<li><a href="{article_path(item)}" title="{escape(item.title)}" target="_blank">'
        f"{escape(shown)}</a><span>{item.date.isoformat()}</span></li>]]></record>"
    )


def datastore(items: list[ContentItem], total: int, next_page: int) -> str:
    nextgroup = (
        f'<nextgroup><![CDATA[<a href="{PROXY}?page={next_page}&appid=1&webid={WEB_ID}&path=/'
        f'&columnid={COLUMN_ID}&unitid={UNIT_ID}&permissiontype=0"></a>]]></nextgroup>'
    )
    return (
        f"<datastore>{nextgroup}<totalrecord>{total}</totalrecord><totalpage>{-(-total // FIRST)}</totalpage>"
        f"<recordset>{''.join(_record(i) for i in items)}</recordset></datastore>"
    )


class HanwebSite(Site):
    key = "hanweb"

    def start_path(self) -> str:
        return f"/col/col{COLUMN_ID}/index.html"

    def _column(self) -> Reply:
        items = self.visible()
        webname = escape(self.zone.full_name)
        body = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{webname} 通知公告</title></head>
<body><div class="top"><a href="/">首页</a> <a href="/col/col4000/index.html">政务公开</a></div>
<div class="main"><div class="lm_name">通知公告</div>
<div id="{UNIT_ID}"><script type="text/xml">{datastore(items[:FIRST], len(items), 1)}</script></div>
<script src="/module/web/jpage/jpage.js"></script>
<script>$('#{UNIT_ID}').jpage({{ proxyUrl:'{PROXY}', perPage:{FIRST}, groupSize:3, totalRecord:{len(items)},
  ajaxParam:{{ col:1, appid:1, webid:{WEB_ID}, path:'/', columnid:{COLUMN_ID}, sourceContentType:1, unitid:{UNIT_ID},
  webname:'{webname}', permissiontype:0 }} }});</script></div></body></html>"""
        return html(body)

    def _proxy(self, request: Request) -> Reply:
        items = self.visible()
        if request.method == "POST":
            form = request.form()
            if any(form.get(key) != value for key, value in FORM.items()):
                return Reply(400, b"bad request", {"Content-Type": "text/plain"})
            start = int(request.arg("startrecord", "1"))
            end = min(int(request.arg("endrecord", str(FIRST))), len(items))
        else:
            page = int(request.arg("page", "1"))
            start, end = (page - 1) * FIRST + 1, min(page * FIRST, len(items))
        chosen = items[start - 1 : end] if start >= 1 else []
        # Real proxies answer with no charset, and the GET variant labels its XML as HTML.
        kind = "text/xml" if request.method == "POST" else "text/html"
        return Reply(
            200, datastore(chosen, len(items), end // FIRST + 1).encode("utf-8"), {"Content-Type": kind}
        )

    def _article(self, item: ContentItem) -> Reply:
        links = ""
        if item.format in ("pdf", "docx", "doc", "wps"):
            links = (
                f'<p>附件：<a href="/module/download/downfile.jsp?classid=0&filename={file_hex(item)}.{item.format}">'
                f"{escape(item.title)}</a></p>"
            )
        style = ArticleStyle(
            container_open='<div id="zoom"><!--ZJEG_RSS.content.begin--><meta name="ContentStart">',
            container_close='<meta name="ContentEnd"><!--ZJEG_RSS.content.end--></div>',
            meta_tags=True,
            table="xxgk",
        )
        reply = html(
            article_html(self.zone, item, style, "通知公告", links, edited=article_path(item) in self.edited)
        )
        reply.cacheable, reply.modified = True, item.date
        return reply

    def route(self, request: Request) -> Reply:
        path = request.path
        if path == self.start_path():
            return self._column()
        if path == PROXY:
            return self._proxy(request)
        if path == "/module/download/downfile.jsp":
            name = request.arg("filename")
            return Reply(302, b"", {"Location": f"/attach/0/{name}"})
        match = re.fullmatch(r"/attach/0/([0-9a-f]{32})\.(\w+)", path)
        for item in self.visible():
            if path == article_path(item):
                return self._article(item)
            if match and match.group(1) == file_hex(item):
                return self.attachment_reply(item, path)
        return not_found()
