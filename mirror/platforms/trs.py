"""TRS WCM: static pages, a pager printed only by createPageHTML(), ./YYYYMM/tYYYYMMDD_id.html links."""

from __future__ import annotations

import re
from html import escape

from mirror.content import ContentItem
from mirror.pages import ArticleStyle, article_html
from mirror.site import PAGE_SIZE, Reply, Request, Site, html, not_found

COLUMN = "/xxgk/gzbg/"


def article_path(item: ContentItem) -> str:
    return f"{COLUMN}{item.date:%Y%m}/t{item.date:%Y%m%d}_{item.numeric_id}.html"


def attachment_name(item: ContentItem) -> str:
    return f"P0{item.date:%Y%m%d}{item.numeric_id}.{item.format}"


class TrsSite(Site):
    key = "trs"

    def start_path(self) -> str:
        return COLUMN + "index.html"

    def _page(self, index: int) -> Reply:
        items = self.visible()
        pages = max(1, -(-len(items) // PAGE_SIZE))
        if index >= pages:
            return not_found()
        rows = []
        for item in items[index * PAGE_SIZE : (index + 1) * PAGE_SIZE]:
            shown = item.list_title or item.title
            href = "./" + article_path(item)[len(COLUMN) :]
            rows.append(
                f'<li><a href="{href}" target="_blank" title="{escape(item.title)}">{escape(shown)}</a>'
                f"<span>{item.date.isoformat()}</span></li>"
            )
        body = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>工作报告_{escape(self.zone.name)}</title></head>
<body><div class="nav"><a href="/">首页</a> <a href="/xxgk/">信息公开</a> <a href="/xwzx/">新闻中心</a></div>
<div class="list-box"><h2>工作报告与园区动态</h2><ul class="news-list">{"".join(rows)}</ul>
<div class="page"><script type="text/javascript">
var countPage = {pages}; var currentPage = {index};
createPageHTML(countPage, currentPage, "index", "html");
</script></div></div><div class="footer">版权所有：{escape(self.zone.full_name)}管理委员会</div></body></html>"""
        return html(body)

    def _article(self, item: ContentItem) -> Reply:
        links = ""
        if item.format == "pdf":
            links = f'<p>附件：<a href="./{attachment_name(item)}">{escape(item.title)}.pdf</a></p>'
        elif item.format in ("docx", "doc", "wps"):
            # Some TRS templates write attachment links from a script string only.
            links = (
                f'<script>if("附件1" != ""){{document.write(\'<a href="./{attachment_name(item)}">'
                f"附件1：{escape(item.title)}.{item.format}</a>');}}</script>"
            )
        style = ArticleStyle(
            container_open='<div class="view TRS_UEDITOR trs_paper_default">', meta_tags=True
        )
        page = article_html(
            self.zone, item, style, "工作报告", links, edited=article_path(item) in self.edited
        )
        reply = html(page)
        reply.cacheable, reply.modified = True, item.date
        return reply

    def route(self, request: Request) -> Reply:
        path = request.path
        if path in (COLUMN, COLUMN + "index.html"):
            return self._page(0)
        match = re.fullmatch(re.escape(COLUMN) + r"index_(\d+)\.html", path)
        if match:
            return self._page(int(match.group(1)))
        for item in self.visible():
            if path == article_path(item):
                return self._article(item)
            if path == COLUMN + f"{item.date:%Y%m}/" + attachment_name(item):
                return self.attachment_reply(item, path)
        return not_found()
