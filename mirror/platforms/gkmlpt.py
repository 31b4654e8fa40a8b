"""广东 gkmlpt fixture sites (site-patterns §0, §1.6): Vue shells whose lists and articles are JSON.

- `gkmlpt`: the column `/gkmlpt/index#721`, `window._CONFIG = {SID: '755099', …}` in single quotes;
  the API answers 10 rows a page with absolute `url`s carrying the `#721` fragment, `created_at`
  strings, `total` and `classify.post_count`. Detail pages set `window._CONFIG.DETAIL = {…}` with
  the body in `content`, an epoch `display_publish_time`, and the report's file in `attachments`.
- `gkmlptdept`: a department's gkmlpt under a path prefix (`/kjj/gkmlpt/index`, no fragment, so
  category 0), the config as JSON (`"SID":"440399"`), 15 rows a page with relative `post_url`s,
  epoch dates and only `classify.post_count`; details as `var _CONFIG = {"DETAIL": {…}}` with the
  date as a string and the file named in the body's link only.
- `gkmlptcut`: as `gkmlpt`, but page 2 of the API answers 404: the list is read in part.
A wrong sid or category gets an empty list, as the real API answers.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from html import escape
from typing import Any
from zoneinfo import ZoneInfo

from mirror.platforms.variant_base import REPORT_WORDS, Row, VariantSite
from mirror.site import Reply, Request, html, not_found

BEIJING = ZoneInfo("Asia/Shanghai")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _epoch(day: dt.date) -> int:
    return int(dt.datetime(day.year, day.month, day.day, 9, 30, tzinfo=BEIJING).timestamp())


def _report_paragraphs(row: Row) -> list[str]:
    words = {"year_before": row.date.year - 1, "year": row.date.year, "gdp": 301.2, "firms": 47, "more": 60}
    return [p.format(**words) for p in REPORT_WORDS]


def _docx(title: str, paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    document.add_heading(title, level=1)
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


class GkmlptSite(VariantSite):
    key = "gkmlpt"
    zone_name = "示例高新区"
    count = 25
    report_at = 21
    prefix = ""
    sid = "755099"
    category = "721"
    per_page = 10
    missing_pages: tuple[int, ...] = ()

    def start_path(self) -> str:
        return f"{self.prefix}/gkmlpt/index#{self.category}"

    def article_path(self, row: Row) -> str:
        return f"{self.prefix}/gkmlpt/content/0/{self.category}/post_{row.number}.html"

    def file_path(self, row: Row) -> str:
        return f"{self.prefix}/attachment/0/88/{row.number}/{row.number}.docx"

    # --- list ------------------------------------------------------------------------------------

    def index_page(self) -> str:
        config = (
            f"window._CONFIG = {{SID: '{self.sid}', SITE_NAME: '{self.zone_name}管委会', ROOT: '/gkmlpt/'}};"
        )
        return (
            f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>政府信息公开_{self.zone_name}</title>'
            f'<script>{config}</script><script src="{self.prefix}/gkmlpt/static/js/app.js"></script>'
            '</head><body><div id="app"></div></body></html>'
        )

    def row_json(self, row: Row, host: str) -> dict[str, Any]:
        return {
            "id": row.number,
            "title": row.title,
            "url": f"http://{host}{self.article_path(row)}#{self.category}",
            "created_at": f"{row.date.isoformat()} 09:30:00",
            "publisher": f"{self.zone_name}管委会",
        }

    def totals(self) -> dict[str, Any]:
        return {"total": self.count, "classify": {"id": int(self.category), "post_count": self.count}}

    def api(self, request: Request, category: str) -> Reply:
        page = int(request.arg("page", "1") or 1)
        if page in self.missing_pages:
            return not_found()
        rows: list[Row] = []
        if request.arg("sid") == self.sid and category == self.category:
            rows = self.rows[(page - 1) * self.per_page : page * self.per_page]
        host = request.headers.get("Host", "")
        body = {"articles": [self.row_json(row, host) for row in rows], **self.totals()}
        if not rows and category != self.category:
            body = {"articles": [], "total": 0}
        return Reply(200, json.dumps(body, ensure_ascii=False).encode(), {"Content-Type": "application/json"})

    def list_route(self, request: Request) -> Reply | None:
        if request.path == f"{self.prefix}/gkmlpt/index":
            return html(self.index_page())
        api = f"{self.prefix}/gkmlpt/api/all/"
        if request.path.startswith(api):
            return self.api(request, request.path[len(api) :])
        for row in self.rows:
            if row.is_report and request.path == self.file_path(row):
                reply = Reply(200, _docx(row.title, _report_paragraphs(row)), {"Content-Type": DOCX})
                reply.cacheable, reply.modified = True, row.date
                return reply
            if request.path == self.article_path(row):
                reply = html(self.detail_page(row))
                reply.cacheable, reply.modified = True, row.date
                return reply
        return None

    # --- detail ----------------------------------------------------------------------------------

    def content(self, row: Row) -> str:
        if row.is_report:
            return f"<p>现将《{escape(row.title)}》全文发布，详见附件。</p>"
        return f"<p>\u3000\u3000{escape(row.title)}。各相关部门负责同志参加，会议对下一阶段工作作出部署。</p>"

    def detail(self, row: Row) -> dict[str, Any]:
        record: dict[str, Any] = {
            "id": row.number,
            "title": row.title,
            "content": self.content(row),
            "display_publish_time": _epoch(row.date),
            "publisher": f"{self.zone_name}管委会",
        }
        if row.is_report:
            record["attachments"] = [{"name": f"{row.title}.docx", "url": self.file_path(row)}]
        return record

    def detail_page(self, row: Row) -> str:
        record = json.dumps(self.detail(row), ensure_ascii=False)
        script = (
            "window._CONFIG = window._CONFIG || {};"
            f"window._CONFIG.SID = '{self.sid}';window._CONFIG.DETAIL = {record};"
        )
        return (
            f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{escape(row.title)}</title>'
            f'<script>{script}</script></head><body><div id="app"></div>'
            f'<script src="{self.prefix}/gkmlpt/static/js/detail.js"></script></body></html>'
        )


class GkmlptDeptSite(GkmlptSite):
    key = "gkmlptdept"
    zone_name = "示例经开区"
    count = 32
    report_at = 28
    prefix = "/kjj"
    sid = "440399"
    category = "0"
    per_page = 15

    def start_path(self) -> str:
        return f"{self.prefix}/gkmlpt/index"

    def article_path(self, row: Row) -> str:
        return f"{self.prefix}/gkmlpt/content/1/2/post_{row.number}.html"

    def index_page(self) -> str:
        config = json.dumps({"SID": self.sid, "SITE_NAME": f"{self.zone_name}科技局"}, ensure_ascii=False)
        return (
            f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{self.zone_name}科技局</title>'
            f'<script>var _CONFIG = {config};</script></head><body><div id="app"></div>'
            f'<script src="{self.prefix}/gkmlpt/static/js/app.js"></script></body></html>'
        )

    def row_json(self, row: Row, host: str) -> dict[str, Any]:
        return {"id": row.number, "title": row.title, "post_url": self.article_path(row),
                "display_publish_time": _epoch(row.date)}  # fmt: skip

    def totals(self) -> dict[str, Any]:
        return {"classify": {"id": 0, "name": "全部", "post_count": self.count}}

    def detail(self, row: Row) -> dict[str, Any]:
        content = self.content(row)
        if row.is_report:
            content += f'<p>附件：<a href="{self.file_path(row)}">{escape(row.title)}</a></p>'
        return {"id": row.number, "title": row.title, "content": content, "date": row.date.isoformat()}

    def detail_page(self, row: Row) -> str:
        config = json.dumps({"SID": self.sid, "DETAIL": self.detail(row)}, ensure_ascii=False)
        return (
            f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{escape(row.title)}</title></head>'
            f'<body><div id="app"></div><script>var _CONFIG = {config};</script></body></html>'
        )


class GkmlptCutSite(GkmlptSite):
    key = "gkmlptcut"
    missing_pages = (2,)


SITES: tuple[type[GkmlptSite], ...] = (GkmlptSite, GkmlptDeptSite, GkmlptCutSite)
