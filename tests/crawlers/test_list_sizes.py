"""List adapters read the proxy form and the list's declared size from wherever the page gives them;
a walk says in Chinese why it is incomplete; a failed request is named for what it is."""

from __future__ import annotations

import pytest
from scrapy.http import Request, Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from crawlers.errors import error_kind
from crawlers.list_check import ListWalk, failure_text
from crawlers.platforms import generic, hanweb, intertid, trs
from crawlers.platforms.base import Entry, ListPage
from crawlers.platforms.declared import declared_size

COLUMN = "http://zone.example/col/col3301/index.html"


def _column(datastore_extra: str, script: str, record: str | None = None) -> str:
    record = record or (
        '<record><![CDATA[<li><a href="/art/2024/3/5/art_3301_1.html" title="某园区2024年工作报告">某园区2024年工作'
        "...</a><span>2024-03-05</span></li>]]></record>"
    )
    return (
        f'<div id="5501"><script type="text/xml"><datastore>{datastore_extra}<recordset>{record}'
        f"</recordset></datastore></script></div><script>{script}</script>"
    )


def test_jpage_form_from_the_nextgroup_link_when_the_call_has_none() -> None:
    nextgroup = (
        '<nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=2&amp;appid=1&amp;webid=6'
        '&amp;path=/&amp;columnid=3301&amp;unitid=5501&amp;permissiontype=0"></a>]]></nextgroup>'
    )
    page, config = hanweb.parse_column(
        _column(nextgroup, "$('#5501').jpage({totalRecord:30,perPage:10});"), COLUMN
    )
    assert config is not None and page.declared_records == 30
    assert config["form"] == {
        "appid": "1",
        "webid": "6",
        "path": "/",
        "columnid": "3301",
        "unitid": "5501",
        "permissiontype": "0",
    }, "paging keys (page) are not part of the form"
    nxt = page.next_page
    assert nxt is not None and nxt.method == "POST" and nxt.form == config["form"]
    assert (
        nxt.url == "http://zone.example/module/web/jpage/dataproxy.jsp?startrecord=2&endrecord=30&perpage=10"
    )


def test_jpage_form_merges_the_param_object_and_ajaxparam_naming_it() -> None:
    script = (
        "var param_5501 = {col:1, webid:'6', columnid:3301, unitid:'5501', \"webname\":\"某园区\"};\n"
        '$("#5501").jpage({ proxyUrl:"/module/jslib/jquery/jpage/dataproxy.jsp", type:"get", perPage:10,'
        " groupSize:2, totalRecord:25, ajaxParam:param_5501 });"
    )
    page, config = hanweb.parse_column(_column("", script), COLUMN)
    assert config is not None and config["form"]["webname"] == "某园区" and config["form"]["col"] == "1"
    nxt = page.next_page
    assert nxt is not None and nxt.method == "GET" and nxt.form is None
    # GET asks one page at a time, by record range and by page number.
    assert nxt.url.startswith(
        "http://zone.example/module/jslib/jquery/jpage/dataproxy.jsp?startrecord=2&endrecord=11&perpage=10&page=1&"
    )
    assert "columnid=3301" in nxt.url and "unitid=5501" in nxt.url
    again = hanweb.other_method(nxt)
    assert again is not None and again.method == "POST" and again.form == config["form"]
    assert hanweb.other_method(again) is None, "the other method is tried once"


def test_jpage_without_any_parameters_still_names_the_column_from_the_page() -> None:
    page, config = hanweb.parse_column(_column("<totalrecord>12</totalrecord>", ""), COLUMN)
    assert config is None and page.next_page is None, "no jpage call and no nextgroup: nothing to ask"
    page, config = hanweb.parse_column(
        _column("<totalrecord>12</totalrecord>", "$('#5501').jpage({});"), COLUMN
    )
    assert config is not None and config["form"] == {"columnid": "3301", "unitid": "5501"}
    assert page.declared_records == 12


def test_a_proxy_answering_one_page_is_asked_from_where_it_stopped() -> None:
    config = {
        "proxy": "/p.jsp",
        "per_page": 5,
        "group": 3,
        "total": 40,
        "form": {"columnid": "1"},
        "method": "POST",
    }
    rows = "".join(
        f'<record><![CDATA[<li><a href="/art/2024/1/{n}/art_1_{n}.html">某园区工作动态第{n}期</a></li>]]></record>'
        for n in range(6, 11)
    )
    page = hanweb.parse_proxy(
        f"<datastore><recordset>{rows}</recordset></datastore>", "http://z.example/p.jsp", config, 21, 6
    )
    assert len(page.entries) == 5 and page.next_page is not None
    assert "startrecord=11&endrecord=25" in page.next_page.url, "not 21: records 11-20 were never given"


def test_jpage_options_held_in_variables_are_looked_up() -> None:
    script = (
        "var proxy = '/module/web/jpage/dataproxy.jsp'; var total = 64; var per = 16;\n"
        "$('#5501').jpage({ proxyUrl: proxy, totalRecord: total, perPage: per, ajaxParam: {columnid: 3301} });"
    )
    page, config = hanweb.parse_column(_column("", script), COLUMN)
    assert config is not None and (config["proxy"], config["total"], config["per_page"]) == (
        "/module/web/jpage/dataproxy.jsp",
        64,
        16,
    )
    assert page.next_page is not None and "startrecord=2&endrecord=49&perpage=16" in page.next_page.url


def test_jpage_records_without_cdata_and_an_empty_proxy_answer() -> None:
    answer = (
        "<datastore><totalrecord>0</totalrecord><recordset>"
        '<record><li><a href="/art/2023/1/9/art_3301_2.html" title="某园区2023年工作报告">某园区…</a>'
        "<b readlabel>2023-01-09</b></li></record></recordset></datastore>"
    )
    config = {"proxy": "/p.jsp", "per_page": 10, "group": 3, "total": 25, "form": {}, "method": "POST"}
    page = hanweb.parse_proxy(answer, "http://zone.example/p.jsp", config, 12)
    assert [(e.title, str(e.published)) for e in page.entries] == [("某园区2023年工作报告", "2023-01-09")]
    assert page.declared_records == 25, "a proxy's 0 never lowers what the page declared"


def test_trs_inline_definition_is_skipped_for_the_call() -> None:
    page = (
        "<script>function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt){"
        "if(_nPageCount == null){return;} document.write(_sPageName+'_'+(_nCurrIndex+1));}</script>"
        '<ul><li><a href="./202402/t20240201_7.shtml">某高新区召开经济运行分析会</a><span>2024-02-01</span></li></ul>'
        '<div class="page"><script>var countPage = 4; var currentPage = 1;'
        'createPageHTML(countPage, currentPage, "index", "shtml");</script></div>'
    )
    assert trs.pager(page) == (4, 1, "index", "shtml")
    listing = trs.parse(page, "http://zone.example/xxgk/index_1.shtml")
    assert listing.next_page is not None and listing.next_page.url.endswith("/xxgk/index_2.shtml")
    assert listing.declared_pages == 4
    six = trs.parse(
        "<script>createPageHTML('page_div',3,2,'index','htm',57);</script>", "http://z.example/a/"
    )
    assert (six.declared_pages, six.declared_records, six.next_page) == (3, 57, None)


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (
            '<div class="pagination"><span>共 43 条 第 1/3 页</span><a href="l2.html">下一页</a></div>',
            (43, 3),
        ),
        ('<div><span>共5页</span> <a href="?page=2">下一页</a> <a href="?page=5">尾页</a></div>', (None, 5)),
        ('<div class="fenye">页次：2/7 每页20条</div>', (None, 7)),
        ("<script>var totalRecord = 88; var pageCount = 5;</script>", (88, 5)),
        # A title that counts things, and a sidebar's statistics, are not the list's size.
        (
            '<ul><li><a href="/a.html">园区出台共10条措施</a></li></ul><div class="side">本站共1234条信息</div>',
            (None, None),
        ),
        ('<div class="page"><a href="/x.html">共99条</a><span>共 2 页</span></div>', (None, 2)),
    ],
)
def test_declared_size_is_read_only_from_the_pager(
    html: str, expected: tuple[int | None, int | None]
) -> None:
    assert declared_size(html) == expected


def test_generic_and_json_lists_carry_their_declared_size() -> None:
    page = generic.parse(
        '<ul><li><a href="/news/1.html">某园区召开安全生产工作会议</a><span>2024-05-06</span></li></ul>'
        '<div class="pages">共 21 条 <a href="list_2.html">下一页</a></div>',
        "http://zone.example/news/list_1.html",
    )
    assert (page.declared_records, page.next_page is not None) == (21, True)
    params = {"pageIndex": "1", "pageSize": "20"}
    answer = '{"data":{"total":41,"totalPages":3,"data":[]}}'
    listing = intertid.parse_api(answer, "http://z.example/info_open/search", params, "http://z.example/")
    assert (listing.declared_records, listing.declared_pages) == (41, 3)
    broken = intertid.parse_api(
        '{"status":1,"message":"参数错误"}', "http://z.example/s", params, "http://z.example/"
    )
    assert broken.error and not broken.entries


def _page(n: int, records: int | None = None, pages: int | None = None, first: int = 0) -> ListPage:
    entries = [Entry(f"http://z.example/{i}.html", "t") for i in range(first, first + n)]
    return ListPage("x", entries, None, records, pages)


def test_walk_gap_says_what_was_declared_read_and_what_failed() -> None:
    walk = ListWalk("http://z.example/")
    walk.read(_page(15, records=45))
    walk.read(_page(0, records=0))
    assert walk.gap() == "列表声明45条，读到15条"
    walk.failed(failure_text("http://z.example/module/web/jpage/dataproxy.jsp?startrecord=16", "http 404"))
    assert walk.gap() == "列表声明45条，读到15条：dataproxy.jsp 返回404"
    pages = ListWalk("http://z.example/")
    pages.read(_page(20, pages=3))
    pages.failed(failure_text("http://z.example/xxgk/index_1.html", "timeout"))
    assert pages.gap() == "列表声明3页，读到1页：index_1.html 超时"
    whole = ListWalk("http://z.example/")
    for index in range(3):
        assert whole.read(_page(20, records=60, pages=3, first=20 * index)) == 20
    assert whole.gap() is None
    assert whole.read(_page(20, records=60, pages=3, first=40)) == 0, "a repeated page adds nothing"
    repeated = ListWalk("http://z.example/")
    for _ in range(3):
        repeated.read(_page(20, records=60))
    assert repeated.gap() == "列表声明60条，读到20条", "the same page three times is one page of records"
    undeclared = ListWalk("http://z.example/")
    undeclared.read(_page(20))
    undeclared.failed(failure_text("http://z.example/list_2.shtml", "http 500"))
    assert undeclared.gap() == "列表未读完：list_2.shtml 返回500"


def test_walk_stopped_on_purpose_is_whole_but_max_pages_is_not() -> None:
    incremental = ListWalk("http://z.example/")
    incremental.read(_page(15, records=45))
    incremental.stopped_on_purpose = True
    assert incremental.gap() is None
    capped = ListWalk("http://z.example/")
    capped.read(_page(20, pages=9))
    capped.max_pages_reached = 1
    assert capped.gap() == "列表声明9页，读到1页：翻页达到max_pages上限（1页）"


def test_http_errors_are_their_status_not_robots() -> None:
    request = Request("http://z.example/module/web/jpage/dataproxy.jsp")
    response = Response(request.url, status=503, request=request)
    failure = Failure(HttpError(response, "Ignoring non-200 response"))
    assert error_kind(failure) == "http 503"
    from scrapy.exceptions import IgnoreRequest

    assert error_kind(Failure(IgnoreRequest("Forbidden by robots.txt"))) == "robots"
    assert error_kind(Failure(IgnoreRequest("Filtered offsite request"))) == "filtered"


@pytest.mark.parametrize(
    ("pager", "expected"),
    [
        (
            '<div class="pages"><span class="current">1</span><a href="column-index-2.shtml">2</a></div>',
            "column-index-2.shtml",
        ),
        (
            '<ul class="pagination"><li><a href="p1">1</a></li><li class="active"><span>2</span></li><li><a href="p3">3</a></li></ul>',
            "p3",
        ),
        (
            '<div><a href="i.html">首页</a><a href="i_1.html">1</a><b>2</b><a href="i_3.html">3</a><a href="i_9.html">尾页</a></div>',
            "i_3.html",
        ),
        ('<div class="pages"><a href="c1">1</a><a href="c2">2</a><b>3</b></div>', None),  # the last page
        (
            '<table><tr><td>14</td><td><a href="d15">15</a></td><td><a href="d16">16</a></td></tr></table>',
            None,
        ),  # a calendar
    ],
)
def test_a_numbers_only_pager_is_followed(pager: str, expected: str | None) -> None:
    page = generic.parse(
        f'<ul><li><a href="/n/1.html">某园区举办人才招聘会</a><span>2024-04-02</span></li></ul>{pager}',
        "http://zone.example/n/",
    )
    assert (page.next_page.url if page.next_page else None) == (
        f"http://zone.example/n/{expected}" if expected else None
    )
