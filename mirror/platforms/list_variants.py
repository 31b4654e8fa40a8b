"""Fixture sites for the list mechanisms' variants (site-patterns.md §1.1, §1.2, §1.5), whole and cut.

Whole lists a crawler must read to the last record:
- `jpagenext`: a Hanweb column whose jpage() call holds only totalRecord/perPage/groupSize; the
  proxy's parameters are split between the `<nextgroup>` link's query and a `var param_<unitid>`
  object. The proxy answers a POST form and, without columnid/unitid/webid, an empty datastore.
- `jpageget`: an older Hanweb build: the proxy at /module/jslib/jquery/jpage/dataproxy.jsp, named by
  proxyUrl, `ajaxParam: param_<unitid>` naming the object, `type:'get'`; the proxy refuses POST (405),
  wants the form in the query and pages by `page=N` alone; dates in `<b readlabel>`, no CDATA.
- `trsinline`: a TRS column that prints createPageHTML's definition in its <head> and calls it with
  variables on .shtml pages, declaring the record total in a "共N条" line.
- `plainnum`: 成都-style column-index-N.shtml pages whose pager is page numbers only (no 下一页,
  no total): a crawler that only follows 下一页 stops at page 1 and calls it whole.

Lists a crawler must report as read in part (`partial`), never `ok`:
- `jpagegone`: the proxy answers 404 to everything; the page promised more records.
- `trsgap`: the pager promises 3 pages; index_2.shtml answers 503 every time.
- `plaincut`: "共N条 第1/3页" and 下一页 links, but page 2's template lost its 下一页 link.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from html import escape
from urllib.parse import quote

from mirror.site import Reply, Request, Site, html, not_found

TOPICS = (
    "召开季度经济运行调度会",
    "举办科技型中小企业政策宣讲会",
    "开展安全生产隐患排查",
    "组织重点项目集中开工活动",
    "召开优化营商环境推进会",
    "举办高校毕业生专场招聘会",
    "开展防汛应急演练",
    "召开招商引资工作例会",
)
REPORT_WORDS = (
    "{year_before}年，园区实现地区生产总值{gdp}亿元，同比增长6.8%；新增高新技术企业{firms}家。",
    "{year}年，园区力争地区生产总值增长7%，新增高新技术企业{more}家，完成固定资产投资120亿元。",
)


@dataclass(frozen=True)
class Row:
    number: int
    title: str
    date: dt.date

    @property
    def is_report(self) -> bool:
        return "工作报告" in self.title


def rows(zone: str, count: int, report_at: int, newest: dt.date = dt.date(2025, 1, 20)) -> list[Row]:
    """count list rows, newest first; the one at report_at is the zone's previous work report."""
    made = []
    for index in range(count):
        day = newest - dt.timedelta(days=9 * index)
        if index == report_at:
            title = f"{zone}{day.year}年工作报告"
        else:
            title = f"{zone}{TOPICS[index % len(TOPICS)]}（{index + 1}）"
        made.append(Row(700100 + index, title, day))
    return made


def article_page(zone: str, row: Row) -> Reply:
    if row.is_report:
        words = {
            "year_before": row.date.year - 1,
            "year": row.date.year,
            "gdp": 286.4,
            "firms": 41,
            "more": 55,
        }
        paragraphs = [p.format(**words) for p in REPORT_WORDS]
    else:
        paragraphs = [f"{row.title}。各相关部门负责同志参加，会议对下一阶段工作作出部署。"]
    body = "".join(f"<p>\u3000\u3000{escape(p)}</p>" for p in paragraphs)
    page = (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{escape(row.title)}_{escape(zone)}</title>'
        f'<meta name="ArticleTitle" content="{escape(row.title)}">'
        f'<meta name="PubDate" content="{row.date.isoformat()} 09:00"></head><body>'
        f'<h1>{escape(row.title)}</h1><div id="zoom">{body}</div>'
        f'<div class="footer">{escape(zone)}管理委员会</div></body></html>'
    )
    reply = html(page)
    reply.cacheable, reply.modified = True, row.date
    return reply


class VariantSite(Site):
    """A fixture site with one list of `count` rows, its articles at article_path(row)."""

    zone_name = "示例园区"
    count = 40
    report_at = 30

    def __init__(self) -> None:
        super().__init__(None)
        self.rows = rows(self.zone_name, self.count, self.report_at)

    def article_path(self, row: Row) -> str:  # pragma: no cover - overridden
        raise NotImplementedError

    def route(self, request: Request) -> Reply:
        reply = self.list_route(request)
        if reply is not None:
            return reply
        for row in self.rows:
            if request.path == self.article_path(row):
                return article_page(self.zone_name, row)
        return not_found()

    def list_route(self, request: Request) -> Reply | None:  # pragma: no cover - overridden
        return None


# --- Hanweb jpage ----------------------------------------------------------------------------------


def _hanweb_record(row: Row, path: str, date_tag: str = "span", cdata: bool = True) -> str:
    link = (
        f'<li><a href="{path}" title="{escape(row.title)}" target="_blank">{escape(row.title[:18])}...</a>'
        f"<{date_tag}{' readlabel' if date_tag == 'b' else ''}>{row.date.isoformat()}</{date_tag}></li>"
    )
    return f"<record><![CDATA[{link}]]></record>" if cdata else f"<record>{link}</record>"


class JpageNextgroupSite(VariantSite):
    key = "jpagenext"
    zone_name = "云岭示例园区"
    count, report_at, per_page = 47, 40, 12
    column, unit, webid = "5107", "61420", "9"
    proxy = "/module/web/jpage/dataproxy.jsp"
    needed = ("columnid", "unitid", "webid")
    methods = ("POST",)
    cdata, date_tag = True, "span"

    def start_path(self) -> str:
        return f"/col/col{self.column}/index.html"

    def article_path(self, row: Row) -> str:
        return f"/art/{row.date.year}/{row.date.month}/{row.date.day}/art_{self.column}_{row.number}.html"

    def datastore(self, chosen: list[Row], nextgroup: str = "", total: int | None = None) -> str:
        records = "".join(_hanweb_record(r, self.article_path(r), self.date_tag, self.cdata) for r in chosen)
        total = self.count if total is None else total
        return f"<datastore>{nextgroup}<totalrecord>{total}</totalrecord><recordset>{records}</recordset></datastore>"

    def column_script(self) -> str:
        # Only the pager's look in the call; the parameters are split between the nextgroup link
        # (appid, webid, path, columnid) and the param object (unitid, permissiontype).
        return (
            f"var param_{self.unit} = {{unitid:'{self.unit}', permissiontype:0}};\n"
            f"$('#{self.unit}').jpage({{totalRecord:{self.count}, perPage:{self.per_page}, groupSize:2}});"
        )

    def nextgroup(self) -> str:
        webname = quote(quote(self.zone_name))  # double percent-encoded, as some builds print it
        return (
            f'<nextgroup><![CDATA[<a href="{self.proxy}?page=2&amp;appid=1&amp;webid={self.webid}&amp;path=/'
            f'&amp;columnid={self.column}&amp;webname={webname}"></a>]]></nextgroup>'
        )

    def column_page(self) -> Reply:
        store = self.datastore(self.rows[: self.per_page], self.nextgroup())
        return html(
            f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{escape(self.zone_name)} 园区动态</title></head>'
            f'<body><div class="top"><a href="/">首页</a></div><div class="lm_name">园区动态</div>'
            f'<div id="{self.unit}"><script type="text/xml">{store}</script></div>'
            f'<script src="/module/web/jpage/jpage.js"></script><script>{self.column_script()}</script>'
            "</body></html>"
        )

    def proxy_reply(self, request: Request) -> Reply:
        if request.method not in self.methods:
            return Reply(405, b"method not allowed", {"Content-Type": "text/plain"})
        params = {key: values[0] for key, values in request.query.items()}
        if request.method == "POST":
            params.update(request.form())
        if any(params.get(key) != value for key, value in self.wanted().items()):
            # What a real proxy answers when it cannot tell which column is meant.
            return Reply(200, self.datastore([], total=0).encode(), {"Content-Type": "text/xml"})
        start = int(params.get("startrecord") or 1)
        end = min(int(params.get("endrecord") or start + self.per_page - 1), self.count)
        return Reply(
            200, self.datastore(self.rows[start - 1 : end]).encode("utf-8"), {"Content-Type": "text/xml"}
        )

    def wanted(self) -> dict[str, str]:
        known = {"columnid": self.column, "unitid": self.unit, "webid": self.webid}
        return {key: known[key] for key in self.needed}

    def list_route(self, request: Request) -> Reply | None:
        if request.path == self.start_path():
            return self.column_page()
        if request.path == self.proxy:
            return self.proxy_reply(request)
        return None


class JpageGetSite(JpageNextgroupSite):
    key = "jpageget"
    zone_name = "松川示例开发区"
    count, report_at, per_page = 38, 33, 10
    column, unit, webid = "6032", "73310", "7"
    proxy = "/module/jslib/jquery/jpage/dataproxy.jsp"
    methods = ("GET",)
    cdata, date_tag = False, "b"

    def proxy_reply(self, request: Request) -> Reply:
        # This build's GET proxy pages by `page` alone (startrecord/endrecord mean nothing to it).
        if request.method != "GET":
            return Reply(405, b"method not allowed", {"Content-Type": "text/plain"})
        params = {key: values[0] for key, values in request.query.items()}
        if any(params.get(key) != value for key, value in self.wanted().items()):
            return Reply(200, self.datastore([], total=0).encode(), {"Content-Type": "text/xml"})
        page = int(params.get("page") or 1)
        chosen = self.rows[(page - 1) * self.per_page : page * self.per_page]
        return Reply(200, self.datastore(chosen).encode("utf-8"), {"Content-Type": "text/xml"})

    def column_script(self) -> str:
        return (
            f"var param_{self.unit}={{col:1,appid:1,webid:{self.webid},path:'/',columnid:{self.column},"
            f"unitid:'{self.unit}',permissiontype:0}};\n"
            f'$("#{self.unit}").jpage({{ proxyUrl:"{self.proxy}", type:"get", perPage:{self.per_page},'
            f" totalRecord:{self.count}, ajaxParam:param_{self.unit} }});"
        )

    def nextgroup(self) -> str:
        return ""


class JpageGoneSite(JpageNextgroupSite):
    """Its proxy answers 404 to everything: the rest of the list cannot be read."""

    key = "jpagegone"
    zone_name = "石桥示例产业园"
    count, report_at, per_page = 40, 2, 15
    column, unit, webid = "7210", "80150", "4"

    def column_script(self) -> str:
        return (
            f"$('#{self.unit}').jpage({{ proxyUrl:'{self.proxy}', perPage:{self.per_page}, totalRecord:{self.count},"
            f" ajaxParam:{{ col:1, appid:1, webid:{self.webid}, columnid:{self.column}, unitid:{self.unit} }} }});"
        )

    def proxy_reply(self, request: Request) -> Reply:
        return not_found()


# --- TRS and plain lists ---------------------------------------------------------------------------

TRS_DEFINITION = """<script type="text/javascript">
function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt){
  if(_nPageCount == null || _nPageCount<=1){ return; }
  var nCurrIndex = _nCurrIndex || 0;
  document.write("<a href=\\""+_sPageName+"_"+(nCurrIndex+1)+"."+_sPageExt+"\\">下一页</a>");
}
</script>"""


class TrsInlineSite(VariantSite):
    key = "trsinline"
    zone_name = "临溪示例高新区"
    count, report_at, per_page = 26, 23, 7
    column = "/zwgk/gzbg/"

    @property
    def pages(self) -> int:
        return -(-self.count // self.per_page)

    def start_path(self) -> str:
        return self.column + "index.shtml"

    def article_path(self, row: Row) -> str:
        return f"{self.column}{row.date:%Y%m}/t{row.date:%Y%m%d}_{row.number}.shtml"

    def list_page(self, index: int) -> Reply:
        chosen = self.rows[index * self.per_page : (index + 1) * self.per_page]
        items = "".join(
            f'<li><a href=".{self.article_path(r)[len(self.column) - 1 :]}" title="{escape(r.title)}">'
            f"{escape(r.title)}</a><span>{r.date.isoformat()}</span></li>"
            for r in chosen
        )
        pager = (
            f'<div class="page">共{self.count}条 <script type="text/javascript">\n'
            f"var countPage = {self.pages}; var currentPage = {index};\n"
            'createPageHTML(countPage, currentPage, "index", "shtml");\n</script></div>'
        )
        return html(
            f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>工作报告_{escape(self.zone_name)}</title>'
            f'{TRS_DEFINITION}</head><body><div class="nav"><a href="/">首页</a></div>'
            f'<ul class="list">{items}</ul>{pager}</body></html>'
        )

    def list_route(self, request: Request) -> Reply | None:
        path = request.path
        if path in (self.column, self.start_path()):
            return self.list_page(0)
        if path.startswith(self.column + "index_") and path.endswith(".shtml"):
            number = path[len(self.column) + 6 : -6]
            if number.isdigit() and 0 < int(number) < self.pages:
                return self.page_or_failure(int(number))
            return not_found()
        return None

    def page_or_failure(self, index: int) -> Reply:
        return self.list_page(index)


class TrsGapSite(TrsInlineSite):
    """Its pager promises 3 pages; the last one answers 503 every time."""

    key = "trsgap"
    zone_name = "北塘示例经开区"
    count, report_at, per_page = 21, 1, 7

    def page_or_failure(self, index: int) -> Reply:
        if index == self.pages - 1:
            return html("<html><body>Service Unavailable</body></html>", status=503)
        return self.list_page(index)


class PlainCutSite(VariantSite):
    """A 下一页 list that declares 共N条 and 3 pages, but page 2 lost its 下一页 link."""

    key = "plaincut"
    zone_name = "南湾示例科技园"
    count, report_at, per_page = 25, 22, 10

    def start_path(self) -> str:
        return "/news/list_1.html"

    def article_path(self, row: Row) -> str:
        return f"/news/content/{row.number}.html"

    def list_route(self, request: Request) -> Reply | None:
        if not (request.path.startswith("/news/list_") and request.path.endswith(".html")):
            return None
        number = request.path[len("/news/list_") : -5]
        pages = -(-self.count // self.per_page)
        if not number.isdigit() or not 1 <= int(number) <= pages:
            return not_found()
        index = int(number)
        chosen = self.rows[(index - 1) * self.per_page : index * self.per_page]
        items = "".join(
            f'<li><a href="{self.article_path(r)}">{escape(r.title)}</a><span>{r.date.isoformat()}</span></li>'
            for r in chosen
        )
        links = f'<a href="list_{index + 1}.html">下一页</a>' if index == 1 else ""
        pager = f'<div class="pagination"><span>共 {self.count} 条 第 {index}/{pages} 页</span>{links}</div>'
        return html(
            f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>新闻动态</title></head><body>'
            f'<ul class="news">{items}</ul>{pager}</body></html>'
        )


class PlainNumberedSite(VariantSite):
    """成都-style column-index-N.shtml pages whose pager is page numbers only: no 下一页, no total."""

    key = "plainnum"
    zone_name = "西岭示例经开区"
    count, report_at, per_page = 33, 31, 12

    def start_path(self) -> str:
        return "/xwzx/column-index-1.shtml"

    def article_path(self, row: Row) -> str:
        return f"/xwzx/{row.date:%Y%m}/{row.number}.shtml"

    def list_route(self, request: Request) -> Reply | None:
        prefix = "/xwzx/column-index-"
        if not (request.path.startswith(prefix) and request.path.endswith(".shtml")):
            return None
        number = request.path[len(prefix) : -6]
        pages = -(-self.count // self.per_page)
        if not number.isdigit() or not 1 <= int(number) <= pages:
            return not_found()
        index = int(number)
        chosen = self.rows[(index - 1) * self.per_page : index * self.per_page]
        items = "".join(
            f'<li><span class="time">{r.date.isoformat()}</span><a href="{self.article_path(r)}" '
            f'title="{escape(r.title)}">{escape(r.title)}</a></li>'
            for r in chosen
        )
        numbers = "".join(
            f'<li class="active"><span>{n}</span></li>'
            if n == index
            else f'<li><a href="column-index-{n}.shtml">{n}</a></li>'
            for n in range(1, pages + 1)
        )
        return html(
            f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>新闻中心</title></head><body>'
            f'<ul class="list">{items}</ul><ul class="pagination">{numbers}</ul></body></html>'
        )


SITES: tuple[type[VariantSite], ...] = (
    JpageNextgroupSite,
    JpageGetSite,
    TrsInlineSite,
    PlainNumberedSite,
    JpageGoneSite,
    TrsGapSite,
    PlainCutSite,
)
