"""One fixture site holding the detail-page, encoding and error cases of site-patterns.md §6 that
the demo zones do not already show: TRS pager variants, the four 信息公开 table layouts, body
containers, encodings, soft 404s, a slow page, an oversize attachment and offsite links.

Its robots.txt answers 403 with an HTML page (Scrapy then allows everything; fixture 22).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from dataclasses import dataclass
from html import escape

from mirror.site import EDIT_NOTE, STATIC, Reply, Request, Site, html, not_found

ZONE_NAME = "杂项示例高新区"
TRS_COLUMN = "/tzgg/"  # 6-argument createPageHTML on .shtml
COUNT_COLUMN = "/zcwj/"  # `var countPage = 3` form on .htm
QUERY_LIST = "/list.jsp"  # ?page=N list of the special pages
PAGES = 3
PER_PAGE = 4
STUB = "/content/stub.html"  # 200 with 16 bytes
GONE = "/content/gone.html"  # 200 with 页面不存在
SLOW = "/content/slow.html"
MISSING = "/content/missing.html"
HUGE = "/files/huge.pdf"
HUGE_SIZE = 30 * 1024 * 1024
OFFSITE = "http://www.example.invalid/art/2024/1/9/art_1_1.html"
GBK_TEXT = "朱镕基同志视察园区时指出：要以创新引领发展——张堃·李明两位同志作了汇报。"


@dataclass(frozen=True)
class Special:
    path: str
    title: str
    date: dt.date
    kind: str  # what a test or a crawler checks about it


def _trs_paths(column: str, ext: str) -> list[str]:
    paths = []
    for page in range(PAGES):
        for row in range(PER_PAGE):
            day = dt.date(2024, 12, 20) - dt.timedelta(days=page * 30 + row * 5)
            paths.append(f"{column}{day:%Y%m}/t{day:%Y%m%d}_{900100 + page * 10 + row}.{ext}")
    return paths


TRS_ARTICLES = _trs_paths(TRS_COLUMN, "shtml")
COUNT_ARTICLES = _trs_paths(COUNT_COLUMN, "htm")

# The pages the ?page=N list links to: each shows one case.
SPECIALS: tuple[Special, ...] = (
    Special(
        "/xxgk/art/table-a.html", "关于印发杂项示例高新区2024年工作要点的通知", dt.date(2024, 3, 1), "table:a"
    ),
    Special(
        "/xxgk/art/table-comment.html",
        "杂项示例高新区2024年度政府信息公开工作年度报告",
        dt.date(2024, 3, 2),
        "table:comment",
    ),
    Special(
        "/xxgk/art/table-xxgktab.html",
        "杂项示例高新区关于2023年度预算执行情况的报告",
        dt.date(2024, 3, 3),
        "table:art_xxgktab",
    ),
    Special("/xxgk/art/table-dl.html", "杂项示例高新区优化营商环境若干措施", dt.date(2024, 3, 4), "table:dl"),
    Special(
        "/content/pages-content.html",
        "杂项示例高新区召开经济运行分析会",
        dt.date(2024, 3, 5),
        "container:.pages_content",
    ),
    Special(
        "/content/no-container.html",
        "杂项示例高新区举办科技成果对接会",
        dt.date(2024, 3, 6),
        "container:none",
    ),
    Special(
        "/content/gb2312-meta.html",
        "杂项示例高新区召开创新发展座谈会",
        dt.date(2024, 3, 7),
        "encoding:gb2312-meta",
    ),
    Special(
        "/content/header-utf8.html",
        "杂项示例高新区人才工作推进会召开",
        dt.date(2024, 3, 8),
        "encoding:header-conflict",
    ),
    Special(
        "/content/undeclared.html",
        "杂项示例高新区开展安全生产大检查",
        dt.date(2024, 3, 9),
        "encoding:undeclared",
    ),
    Special(
        "/content/bom.html", "杂项示例高新区召开重点项目推进会", dt.date(2024, 3, 10), "encoding:utf8-bom"
    ),
    Special(
        "/content/cover-note.html",
        "杂项示例高新区管委会2024年工作报告",
        dt.date(2024, 3, 11),
        "attachment-only",
    ),
    Special("/content/attachments.html", "杂项示例高新区文件汇编", dt.date(2024, 3, 12), "attachments"),
    Special(STUB, "杂项示例高新区2021年度统计公报", dt.date(2024, 3, 13), "soft-404:stub"),
    Special(GONE, "杂项示例高新区2021年度表彰名单", dt.date(2024, 3, 14), "soft-404:gone"),
    Special(SLOW, "杂项示例高新区招商引资推介会", dt.date(2024, 3, 15), "slow"),
    Special(MISSING, "杂项示例高新区企业服务指南", dt.date(2024, 3, 16), "404"),
)
QUERY_PER_PAGE = 6
QUERY_PAGES = -(-len(SPECIALS) // QUERY_PER_PAGE)
COVER_NOTE = (
    "各园区、各部门：《杂项示例高新区管委会2024年工作报告》已经管委会主任办公会审议通过，现予公开。"
    "报告回顾了2023年园区经济运行、科技创新、项目建设和营商环境等方面的工作，部署了2024年的目标任务和重点工作。"
    "请各单位结合实际，认真抓好贯彻落实。全文见附件。"
)
ATTACHMENTS = {
    "/files/P020240311_report.pdf": ("qingchuan-report-2025.pdf", "application/pdf"),
    "/files/scan.pdf": ("scan.pdf", "application/pdf"),
    "/files/P020240312_plan.ofd": (None, "application/ofd"),
}

TABLES = {
    "table:a": (
        '<table class="xxgk"><tr><td><b>索\u3000引\u3000号</b></td><td>000014349/2024-00012</td>'
        "<td><b>主题分类</b></td><td>综合政务</td></tr><tr><td><b>发文机关</b></td><td>杂项示例高新区管委会</td>"
        "<td><b>成文日期</b></td><td>2024年02月26日</td></tr><tr><td><b>文\u3000\u3000号</b></td>"
        "<td>杂高管发〔2024〕3号</td><td><b>发布日期</b></td><td>2024年03月01日</td></tr></table>"
    ),
    "table:comment": (
        '<table class="xxgk-meta"><tr><td>索 引 号</td><td><!--<$[SYH]>begin-->MB1234X/2024-00021<!--<$[SYH]>end--></td>'
        "<td>发布机构</td><td><!--<$[FBJG]>begin-->杂项示例高新区党政办<!--<$[FBJG]>end--></td></tr>"
        "<tr><td>文\u3000\u3000号</td><td><!--<$[WJBH]>begin-->—&nbsp;&nbsp;—<!--<$[WJBH]>end--></td>"
        "<td>生成日期</td><td>2024-03-02</td></tr></table>"
    ),
    "table:art_xxgktab": (
        '<table class="art_xxgktab"><tr><td class="title">信息索引号</td><td>014049001/2024-00033</td>'
        '<td class="title">生成日期</td><td>2024-03-03</td></tr><tr><td class="title">文件编号</td>'
        '<td>杂高管〔2024〕5号</td><td class="title">发布机构</td><td>杂项示例高新区财政局</td></tr></table>'
    ),
    "table:dl": (
        '<div class="xxgk-info"><dl><dt>索引号：</dt><dd>11320000MB0012/2024-00044</dd></dl>'
        "<dl><dt>发布机构：</dt><dd>杂项示例高新区经济发展局</dd></dl><dl><dt>发文字号：</dt>"
        "<dd>杂高管规〔2024〕1号</dd></dl><dl><dt>成文日期：</dt><dd>2024-02-28</dd></dl>"
        "<dl><dt>发布日期：</dt><dd>2024-03-04</dd></dl></div>"
    ),
}


def _paragraphs(title: str) -> list[str]:
    return [
        f"{title}。会议指出，今年以来园区经济运行总体平稳、稳中有进，主要指标完成情况好于预期。",
        "会议强调，要坚持项目为王，全力推动重点项目早开工、早投产、早见效，持续优化营商环境。",
        "会议要求，各部门要压实责任、加强协同，确保全年目标任务圆满完成。",
    ]


def _page(title: str, body: str, charset: str = "utf-8", head: str = "") -> str:
    meta = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">' if charset else ""
    return (
        f"<!DOCTYPE html><html><head>{meta}<title>{escape(title)}_{ZONE_NAME}</title>{head}</head><body>"
        '<div class="header"><a href="/">首页</a> <a href="/xxgk/">信息公开</a></div>'
        f'<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="{QUERY_LIST}">通知公告</a> &gt; 正文</div>'
        f"{body}"
        '<div class="tools">【<a href="javascript:window.print()">打印</a>】【<a href="javascript:window.close()">关闭</a>】'
        '<img src="/images/qrcode.png" alt="扫一扫在手机打开当前页"></div>'
        f'<div class="footer">版权所有：{ZONE_NAME}管理委员会</div></body></html>'
    )


def _article_body(special: Special, container: str = "TRS_Editor", extra: str = "") -> str:
    paragraphs = "".join(f"<p>\u3000\u3000{escape(p)}</p>" for p in _paragraphs(special.title))
    info = f'<div class="info">发布时间：{special.date.isoformat()} 来源：{ZONE_NAME}党政办</div>'
    title = f"<h1>{escape(special.title)}</h1>"
    if container == "none":
        return f"{title}{info}<div class='a1'><div class='a2'>{paragraphs}{extra}</div></div>"
    return f'{title}{info}<div class="{container}">{paragraphs}{extra}</div>'


def _stream(size: int) -> Iterator[bytes]:
    chunk = b"%PDF-1.4\n" + b"0" * (1024 * 1024 - 9)
    sent = 0
    while sent < size:
        piece = chunk[: size - sent]
        sent += len(piece)
        yield piece
        chunk = b"0" * len(chunk)


class OdditiesSite(Site):
    key = "oddities"

    def __init__(self, slow_seconds: float = 3.0) -> None:
        super().__init__(None)
        self.slow_seconds = slow_seconds
        self.peer_url = "http://127.0.0.1:9/"  # the server points this at another mirror site

    def start_path(self) -> str:
        return TRS_COLUMN + "index.shtml"

    def robots(self) -> Reply:
        return html(
            "<html><head><title>403 Forbidden</title></head><body><h1>403 Forbidden</h1></body></html>",
            status=403,
        )

    # --- lists -------------------------------------------------------------------------------------

    def _trs_list(self, column: str, index: int, ext: str) -> Reply:
        if index >= PAGES:
            return not_found()
        paths = (TRS_ARTICLES if column == TRS_COLUMN else COUNT_ARTICLES)[
            index * PER_PAGE : (index + 1) * PER_PAGE
        ]
        rows = "".join(
            f'<li><a href=".{p[len(column) - 1 :]}" target="_blank">{ZONE_NAME}第{index + 1}页通知（{n + 1}）</a>'
            f"<span>{p.rsplit('/t', 1)[1][:8]}</span></li>"
            for n, p in enumerate(paths)
        )
        if column == TRS_COLUMN:
            pager = f"createPageHTML('page_div',{PAGES},{index},'index','{ext}',{PAGES * PER_PAGE});"
        else:
            pager = f'var countPage = {PAGES};//共多少页\nvar currentPage = {index};\ncreatePageHTML(countPage, currentPage, "index", "{ext}");'
        if index == 0 and column == TRS_COLUMN:
            rows += (
                f'<li><a href="{self.peer_url}">兄弟园区工作报告（转载）</a><span>2024-01-05</span></li>'
                f'<li><a href="{OFFSITE}">市政府工作报告（外链）</a><span>2024-01-06</span></li>'
            )
        body = f'<ul class="list">{rows}</ul><div id="page_div"></div><script type="text/javascript">{pager}</script>'
        return html(_page("通知公告", body))

    def _query_list(self, request: Request) -> Reply:
        try:
            page = int(request.arg("page", "1"))
        except ValueError:
            page = 1
        # Past the end the CMS repeats the last page instead of a 404, as many do.
        page = min(max(page, 1), QUERY_PAGES)
        chosen = SPECIALS[(page - 1) * QUERY_PER_PAGE : page * QUERY_PER_PAGE]
        rows = "".join(
            f'<li><a href="{s.path}" title="{escape(s.title)}">{escape(s.title)}</a><span>[{s.date:%m-%d}]</span></li>'
            for s in chosen
        )
        pager = f'<a href="{QUERY_LIST}?page={page + 1}">下一页</a>' if page < QUERY_PAGES else ""
        return html(_page("通知公告", f'<ul class="list">{rows}</ul><div class="pager">{pager}</div>'))

    # --- detail pages ------------------------------------------------------------------------------

    def _trs_article(self, path: str) -> Reply:
        number = path.rsplit("_", 1)[1].split(".")[0]
        day = dt.datetime.strptime(path.rsplit("/t", 1)[1][:8], "%Y%m%d").date()
        special = Special(path, f"{ZONE_NAME}通知（{number}）", day, "trs")
        container = "TRS_Editor" if path.startswith(TRS_COLUMN) else "TRS_UEDITOR"
        return self._cacheable(html(_page(special.title, _article_body(special, container))), day)

    @staticmethod
    def _cacheable(reply: Reply, day: dt.date) -> Reply:
        reply.cacheable, reply.modified = True, day
        return reply

    def _special(self, special: Special) -> Reply:
        kind = special.kind
        if kind.startswith("table:"):
            head = (
                f'<meta name="ArticleTitle" content="{escape(special.title)}">'
                f'<meta name="PubDate" content="{special.date.isoformat()} 10:00">'
                f'<meta name="ContentSource" content="{ZONE_NAME}党政办">'
            )
            # The visible heading drops 关于 and gains a trailing space: the meta tag is the real title.
            shown = Special(special.path, special.title.replace("关于", "", 1) + " ", special.date, kind)
            body = TABLES[kind] + _article_body(shown, "TRS_Editor")
            return self._cacheable(html(_page(special.title, body, head=head)), special.date)
        if kind.startswith("container:"):
            body = _article_body(special, "pages_content" if kind.endswith("pages_content") else "none")
            return self._cacheable(html(_page(special.title, body)), special.date)
        if kind.startswith("encoding:"):
            return self._encoded(special)
        if kind == "attachment-only":
            link = '<p>附件：<a href="/files/P020240311_report.pdf">杂项示例高新区管委会2024年工作报告.pdf</a></p>'
            body = f'<h1>{escape(special.title)}</h1><div class="TRS_Editor"><p>{escape(COVER_NOTE)}</p>{link}</div>'
            return self._cacheable(html(_page(special.title, body)), special.date)
        if kind == "attachments":
            links = (
                '<p><a href="/files/scan.pdf">扫描件.pdf</a></p>'
                '<p><a href="/files/P020240312_plan.ofd">园区发展规划.ofd</a></p>'
                f'<p><a href="{HUGE}">园区规划图册（高清）.pdf</a></p>'
            )
            return self._cacheable(
                html(_page(special.title, _article_body(special, extra=links))), special.date
            )
        if kind == "soft-404:stub":
            return Reply(200, b"<html></html>\r\n\r\n"[:16], {"Content-Type": "text/html"})
        if kind == "soft-404:gone":
            return html(
                "<html><head><title>提示</title></head><body><p>对不起，页面不存在或已被删除！</p></body></html>"
            )
        if kind == "slow":
            time.sleep(self.slow_seconds)
            return self._cacheable(html(_page(special.title, _article_body(special))), special.date)
        return not_found()

    def _encoded(self, special: Special) -> Reply:
        extra = f"<p>\u3000\u3000{GBK_TEXT}</p>"
        body = _article_body(special, extra=extra)
        kind = special.kind
        if kind == "encoding:gb2312-meta":
            reply = Reply(
                200, _page(special.title, body, "gb2312").encode("gb18030"), {"Content-Type": "text/html"}
            )
        elif kind == "encoding:header-conflict":
            reply = Reply(
                200,
                _page(special.title, body, "gb2312").encode("gb18030"),
                {"Content-Type": "text/html; charset=UTF-8"},
            )
        elif kind == "encoding:undeclared":
            reply = Reply(
                200, _page(special.title, body, "").encode("gb18030"), {"Content-Type": "text/html"}
            )
        else:
            reply = Reply(
                200,
                b"\xef\xbb\xbf" + _page(special.title, body, "").encode("utf-8"),
                {"Content-Type": "text/html"},
            )
        return self._cacheable(reply, special.date)

    def _attachment(self, path: str) -> Reply:
        if path == HUGE:
            return Reply(
                200, b"", {"Content-Type": "application/pdf"}, stream=_stream(HUGE_SIZE), length=HUGE_SIZE
            )
        name, kind = ATTACHMENTS[path]
        body = (STATIC / name).read_bytes() if name else b"PK\x03\x04OFD.xml stand-in of an OFD package"
        if path in self.edited:
            body += b"\n%edited\n"
        return self._cacheable(Reply(200, body, {"Content-Type": kind}), dt.date(2024, 3, 11))

    def route(self, request: Request) -> Reply:
        reply = self._route(request)
        if (
            request.path in self.edited
            and reply.cacheable
            and reply.headers["Content-Type"].startswith("text/html")
        ):
            # An edited page gains a correction line inside its body (fixture 27).
            charset = "gb18030" if "utf-8" not in reply.headers["Content-Type"].lower() else "utf-8"
            note = f"<p>\u3000\u3000{EDIT_NOTE}</p>".encode(charset)
            reply.body = reply.body.replace(b'<div class="tools">', note + b'<div class="tools">', 1)
        return reply

    def _route(self, request: Request) -> Reply:
        path = request.path
        for column, ext in ((TRS_COLUMN, "shtml"), (COUNT_COLUMN, "htm")):
            if path in (column, f"{column}index.{ext}"):
                return self._trs_list(column, 0, ext)
            if path.startswith(column + "index_") and path.endswith("." + ext):
                number = path[len(column) + 6 : -len(ext) - 1]
                return self._trs_list(column, int(number), ext) if number.isdigit() else not_found()
        if path in TRS_ARTICLES or path in COUNT_ARTICLES:
            return self._trs_article(path)
        if path == QUERY_LIST:
            return self._query_list(request)
        if path in ATTACHMENTS or path == HUGE:
            return self._attachment(path)
        for special in SPECIALS:
            if special.path == path:
                return self._special(special)
        return not_found()
