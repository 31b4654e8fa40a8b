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

from html import escape
from urllib.parse import quote

from mirror.platforms.variant_base import Row, VariantSite
from mirror.site import Reply, Request, html, not_found

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
