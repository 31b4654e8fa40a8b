"""Fixture columns for what real list pages do to a crawler besides their pager (issue 20, 6–7).

Other variants of the platforms the crawler knows, each with one fault:
- `trsbox`: TRS printing `var createPageHTML = function(…){ var html = "共" + … }` inside the list
  box, on `.htm` pages; a sidebar (unnamed box) and a footer of article-like links; list titles cut
  with "..." and detail pages with no meta tags, the title in `div.article_title` between a menu's
  `<h2>政务公开</h2>` and a footer's `<h2>友情链接</h2>`.
- `trsholes`: the same template declaring 共24条 while one row is missing from page 1, with the
  sidebar's links there to make up the number: `partial`, never `ok`.
- `trs500`: the definition after the call inside the pager box; `index_2.html` answers 500 on the
  first night only. The walk reads index_3 and index_4 anyway; the next night reads index_2.
- `jpage500`: Hanweb jpage (groupSize 1): the proxy window of records 21–30 answers 500 on the first
  night; the windows after it answer.
- `intertid500`: an intertid shell whose JSON rows carry only `writeTime` (epoch milliseconds) and
  whose detail URLs and pages carry no date; API page 2 answers 500 on the first night.
- `plain500`: `list_N.html` pages with numbers and 尾页; list_3 answers 500 on the first night.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from html import escape

from mirror.platforms.list_variants import JpageNextgroupSite
from mirror.platforms.variant_base import Row, VariantSite, article_page
from mirror.site import Reply, Request, html, not_found

SIDEBAR_PATH = "/xxgk/zcjd/202401/t20240105_{n}.htm"  # another column's articles, linked beside the list


def _server_error() -> Reply:
    return html("<html><body><h1>500 Internal Server Error</h1></body></html>", status=500)


def _epoch_ms(day: dt.date) -> int:
    moment = dt.datetime(day.year, day.month, day.day, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    return int(moment.timestamp() * 1000)


class ColumnFaultSite(VariantSite):
    """A fixture column with `count` rows, `per_page` a page; `missing` rows are never listed and
    `failing_page` (1-based) answers 500 while `night` is 1."""

    per_page = 6
    missing: tuple[int, ...] = ()
    failing_page: int | None = None
    sidebar = 0  # article-like links beside the list, to another column

    @property
    def pages(self) -> int:
        return math.ceil(self.count / self.per_page)

    def listed(self, page: int) -> list[Row]:
        """Rows shown on list page `page` (1-based)."""
        chosen = self.rows[(page - 1) * self.per_page : page * self.per_page]
        return [row for row in chosen if self.rows.index(row) not in self.missing]

    def failing(self, page: int) -> bool:
        return page == self.failing_page and self.night == 1

    def expected_articles(self, night: int = 1) -> frozenset[str]:
        """What a crawler can store that night: the listed rows of every page that answers."""
        pages = [p for p in range(1, self.pages + 1) if not (p == self.failing_page and night == 1)]
        return frozenset(self.article_path(row) for page in pages for row in self.listed(page))

    def expected_partial(self, night: int = 1) -> str | None:
        return None

    def sidebar_paths(self) -> list[str]:
        return [SIDEBAR_PATH.format(n=n) for n in range(1, self.sidebar + 1)]

    def sidebar_box(self) -> str:
        links = "".join(
            f'<li><a href="{path}" target="_blank">园区政策解读第{n}期：加快培育新质生产力</a><span>2024-01-0{n}</span></li>'
            for n, path in enumerate(self.sidebar_paths(), start=1)
        )
        return f'<div class="r_box"><h3>热点信息</h3><ul>{links}</ul></div>' if links else ""

    def route(self, request: Request) -> Reply:
        if request.path in self.sidebar_paths():
            number = self.sidebar_paths().index(request.path) + 1
            row = Row(900000 + number, f"园区政策解读第{number}期：加快培育新质生产力", dt.date(2024, 1, 5))
            return article_page(self.zone_name, row)
        return super().route(request)


# --- TRS -------------------------------------------------------------------------------------------

# Printed inside the list box. Its body builds a string in a variable named like the call's
# extension: a reader that resolves "html" as a variable reads the extension as 共.
TRS_FUNCTION_VAR = """<script type="text/javascript">
var createPageHTML = function(_nPageCount, _nCurrIndex, _sPageName, _sPageExt) {
  var html = "共" + _nPageCount + "页 ";
  var index = _nCurrIndex || 0;
  if (_nPageCount <= 1) { return; }
  if (index + 1 < _nPageCount) {
    html += "<a href=\\"" + _sPageName + "_" + (index + 1) + "." + _sPageExt + "\\">下一页</a>";
  }
  document.write(html);
};
</script>"""


class TrsBoxSite(ColumnFaultSite):
    key = "trsbox"
    zone_name = "青岚示例高新区"
    count, report_at, per_page = 24, 17, 6
    column, extension = "/xxgk/tzgg/", "htm"
    sidebar = 5

    def start_path(self) -> str:
        return self.column + f"index.{self.extension}"

    def article_path(self, row: Row) -> str:
        return f"{self.column}{row.date:%Y%m}/t{row.date:%Y%m%d}_{row.number}.{self.extension}"

    def pager(self, index: int) -> str:
        call = f'<script type="text/javascript">createPageHTML({self.pages}, {index}, "index", "{self.extension}");</script>'
        return f'<div class="page_box">共{self.count}条 {TRS_FUNCTION_VAR}{call}</div>'

    def list_page(self, index: int) -> Reply:
        # Long titles cut with "...", no title attribute: the list does not name the article whole.
        rows = "".join(
            f'<li><a href=".{self.article_path(r)[len(self.column) - 1 :]}">'
            f"{escape(r.title if len(r.title) <= 14 else r.title[:12] + '...')}</a><span>{r.date.isoformat()}</span></li>"
            for r in self.listed(index + 1)
        )
        footer = (
            '<div class="footer"><h2>友情链接</h2><ul><li><a href="http://www.gov.cn/">中国政府网</a></li>'
            f'<li><a href="{SIDEBAR_PATH.format(n=1)}">政策解读：园区第1期政策问答</a></li></ul></div>'
        )
        return html(
            f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>通知公告_{escape(self.zone_name)}</title></head>'
            f'<body><div class="nav"><a href="/">首页</a></div><div class="main"><div class="list_box">'
            f'<ul class="news_list">{rows}</ul>{self.pager(index)}</div>{self.sidebar_box()}</div>{footer}</body></html>'
        )

    def list_route(self, request: Request) -> Reply | None:
        path = request.path
        if path in (self.column, self.start_path()):
            return self.list_page(0)
        prefix, suffix = self.column + "index_", "." + self.extension
        if path.startswith(prefix) and path.endswith(suffix):
            number = path[len(prefix) : -len(suffix)]
            if number.isdigit() and 0 < int(number) < self.pages:
                return _server_error() if self.failing(int(number) + 1) else self.list_page(int(number))
            return not_found()
        return None

    def route(self, request: Request) -> Reply:
        for row in self.rows:
            if request.path == self.article_path(row):
                return self.bare_article(row)
        return super().route(request)

    def bare_article(self, row: Row) -> Reply:
        """A TRS detail page without meta tags: the title in a div, a footer h2 before nothing else."""
        body = f"<p>\u3000\u3000{escape(row.title)}。各相关部门负责同志参加会议。</p>"
        if row.is_report:
            body = (
                f"<p>\u3000\u3000{row.date.year - 1}年，园区实现地区生产总值286.4亿元，同比增长6.8%。</p>"
                f"<p>\u3000\u3000{row.date.year}年，园区力争地区生产总值增长7%，新增高新技术企业55家。</p>"
            )
        page = (
            f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{escape(row.title)}_{escape(self.zone_name)}</title>'
            f'</head><body><div class="nav"><h2>政务公开</h2></div><div class="article">'
            f'<div class="article_title">{escape(row.title)}</div><div class="info">发布时间：{row.date.isoformat()}</div>'
            f'<div class="TRS_Editor">{body}</div></div>{self.sidebar_box()}'
            '<div class="footer"><h2>友情链接</h2><a href="http://www.gov.cn/">中国政府网</a></div></body></html>'
        )
        reply = html(page)
        reply.cacheable, reply.modified = True, row.date
        return reply


class TrsHolesSite(TrsBoxSite):
    """Declares 共24条 but never lists row 3: a crawler that counts the sidebar reads 24 "rows"."""

    key = "trsholes"
    zone_name = "石湾示例经开区"
    report_at = 2
    missing = (3,)

    def expected_partial(self, night: int = 1) -> str | None:
        return f"列表声明{self.count}条，读到{self.count - len(self.missing)}条"


class Trs500Site(TrsBoxSite):
    key = "trs500"
    zone_name = "鹤鸣示例产业园"
    count, report_at, per_page = 25, 17, 5
    column, extension = "/zwgk/gzdt/", "html"
    sidebar = 0
    failing_page = 3  # index_2.html

    def pager(self, index: int) -> str:
        # The call first, the definition after it, both inside the pager box.
        call = f'<script>createPageHTML({self.pages}, {index}, "index", "html");</script>'
        definition = TRS_FUNCTION_VAR.replace("var createPageHTML = function(", "function createPageHTML(")
        return f'<div class="pagination">共{self.count}条 {call}{definition}</div>'

    def expected_partial(self, night: int = 1) -> str | None:
        if night != 1:
            return None
        return f"列表声明{self.count}条，读到{self.count - self.per_page}条：index_2.html 返回500"


# --- Hanweb, intertid, plain -----------------------------------------------------------------------


class Jpage500Site(JpageNextgroupSite):
    key = "jpage500"
    zone_name = "柳塘示例开发区"
    count, report_at, per_page = 50, 36, 10
    column, unit, webid = "8120", "91300", "5"

    def column_script(self) -> str:
        return (
            f"$('#{self.unit}').jpage({{ proxyUrl:'{self.proxy}', perPage:{self.per_page}, groupSize:1,"
            f" totalRecord:{self.count}, ajaxParam:{{ col:1, appid:1, webid:{self.webid},"
            f" columnid:{self.column}, unitid:{self.unit} }} }});"
        )

    def proxy_reply(self, request: Request) -> Reply:
        if self.night == 1 and request.arg("startrecord") == "21":
            return _server_error()
        return super().proxy_reply(request)

    def expected_articles(self, night: int = 1) -> frozenset[str]:
        lost = range(20, 30) if night == 1 else range(0)
        return frozenset(self.article_path(r) for i, r in enumerate(self.rows) if i not in lost)

    def expected_partial(self, night: int = 1) -> str | None:
        return (
            f"列表声明{self.count}条，读到{self.count - 10}条：dataproxy.jsp 返回500" if night == 1 else None
        )


class Intertid500Site(ColumnFaultSite):
    key = "intertid500"
    zone_name = "桐溪示例高新区"
    count, report_at, per_page = 40, 27, 10
    failing_page = 2
    site_id, channel = "305", "51007"

    def start_path(self) -> str:
        return "/xxgk/gxqdt/index.shtml"

    def article_path(self, row: Row) -> str:
        return f"/xxgk/gxqdt/content_{row.number}.shtml"  # no date in the URL

    def route(self, request: Request) -> Reply:
        if request.path == self.start_path():
            return html(
                '<!DOCTYPE html><html><head><meta charset="utf-8"><title>园区动态</title></head><body>'
                '<ul id="list"></ul><div id="pager"></div><script>'
                f'getSearchList(1, {self.per_page}, "{self.site_id}", "{self.channel}", 1, "writeTime", "list", "pager");'
                "</script></body></html>"
            )
        if request.path == "/info_open/search" and request.method == "POST":
            return self.search(request)
        for row in self.rows:
            if request.path == self.article_path(row):
                # No meta and no date on the page: the list row's writeTime is the only date.
                return html(
                    f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{escape(row.title)}</title></head>'
                    f'<body><h1>{escape(row.title)}</h1><div class="artcont"><p>\u3000\u3000{escape(row.title)}。'
                    "园区各部门负责同志参加会议，会议对下一阶段工作作出部署。</p></div></body></html>"
                )
        return not_found()

    def search(self, request: Request) -> Reply:
        form = request.form()
        page = int(form.get("pageIndex") or 1)
        if form.get("siteId") != self.site_id or self.failing(page):
            return _server_error()
        rows = [
            {"title": r.title, "writeTime": _epoch_ms(r.date), "url": self.article_path(r)}
            for r in self.listed(page)
        ]
        data = {"totalElements": self.count, "totalPages": self.pages, "page": page, "data": rows}
        return Reply(200, json.dumps({"status": 0, "data": data}, ensure_ascii=False).encode(), {})

    def expected_partial(self, night: int = 1) -> str | None:
        if night != 1:
            return None
        return f"列表声明{self.count}条，读到{self.count - self.per_page}条：search（第2页） 返回500"


class Plain500Site(ColumnFaultSite):
    key = "plain500"
    zone_name = "枫港示例科技园"
    count, report_at, per_page = 30, 22, 5
    failing_page = 3

    def start_path(self) -> str:
        return "/news/list_1.html"

    def article_path(self, row: Row) -> str:
        return f"/news/{row.date:%Y%m}/{row.number}.html"

    def list_route(self, request: Request) -> Reply | None:
        if not (request.path.startswith("/news/list_") and request.path.endswith(".html")):
            return None
        number = request.path[len("/news/list_") : -5]
        if not number.isdigit() or not 1 <= int(number) <= self.pages:
            return not_found()
        index = int(number)
        if self.failing(index):
            return _server_error()
        rows = "".join(
            f'<li><a href="{self.article_path(r)}">{escape(r.title)}</a><span>{r.date.isoformat()}</span></li>'
            for r in self.listed(index)
        )
        numbers = "".join(
            f"<span>{n}</span>" if n == index else f'<a href="list_{n}.html">{n}</a>'
            for n in range(1, self.pages + 1)
        )
        nxt = f'<a href="list_{index + 1}.html">下一页</a>' if index < self.pages else ""
        pager = f'<div class="pages">共{self.count}条 {numbers} {nxt} <a href="list_{self.pages}.html">尾页</a></div>'
        return html(
            f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>新闻动态</title></head><body>'
            f'<ul class="news">{rows}</ul>{pager}</body></html>'
        )

    def expected_partial(self, night: int = 1) -> str | None:
        if night != 1:
            return None
        return f"列表声明{self.count}条，读到{self.count - self.per_page}条：list_3.html 返回500"


SITES: tuple[type[ColumnFaultSite] | type[Jpage500Site], ...] = (
    TrsBoxSite,
    TrsHolesSite,
    Trs500Site,
    Jpage500Site,
    Intertid500Site,
    Plain500Site,
)
