"""Reading one saved page right, on inputs of our own for each kind of fault: the column's rows and
not its sidebar, the TRS pager call and not its definition, the page after a failed one, the date of
an intertid row, the article's own title."""

from __future__ import annotations

import datetime as dt

import pytest

from crawlers.detail import page_title, read_detail
from crawlers.platforms import generic, hanweb, intertid, trs
from crawlers.platforms.rows import in_boilerplate

ROW = '<li><a href="./202401/t202401{n:02d}_{n}.html">园区第{n}号通知公告标题</a><span>2024-01-{n:02d}</span></li>'
SIDE = '<li><a href="/xxgk/zcjd/202312/t202312{n:02d}_9{n}.html">热点：园区重点项目第{n}期</a><span>2023-12-{n:02d}</span></li>'
CALL = '<script>createPageHTML(10, {cur}, "index", "html");</script>'


def _rows(count: int, start: int = 1) -> str:
    return "".join(ROW.format(n=n) for n in range(start, start + count))


def _side(count: int) -> str:
    return "".join(SIDE.format(n=n) for n in range(1, count + 1))


LAYOUTS = {
    # The list beside the pager, a named sidebar and a footer of links.
    "named sidebar": (
        f'<div class="list"><ul>{_rows(20)}</ul><div class="page">{CALL}</div></div>'
        f'<div class="sidebar"><ul>{_side(5)}</ul></div><div class="footer"><ul>{_side(3)}</ul></div>',
        20,
    ),
    # A sidebar box with no telling name: the pager says which box is the column.
    "unnamed box, pager decides": (
        f'<div class="l"><ul>{_rows(20)}</ul><div class="fy">{CALL}</div></div><div class="r"><ul>{_side(8)}</ul></div>',
        20,
    ),
    # The last page: fewer rows than the sidebar has links.
    "last page shorter than the sidebar": (
        f'<div class="col"><ul class="lb">{_rows(3)}</ul><div class="pagination">{CALL.format(cur=9)}</div></div>'
        f'<div class="rbox"><ul>{_side(6)}</ul></div>',
        3,
    ),
    # One list cut into blocks of five `ul`s (TRS templates print a rule between them).
    "list split in blocks": (
        '<div class="box">'
        + "".join(f'<ul class="lst">{_rows(5, k)}</ul><hr/>' for k in (1, 6, 11, 16))
        + f'<div class="page">{CALL}</div></div><div class="r"><ul>{_side(5)}</ul></div>',
        20,
    ),
    # Blocks each in their own div, beside a sidebar in a div of another shape.
    "blocks in divs": (
        '<div class="box">'
        + "".join(f'<div class="blk"><ul>{_rows(5, k)}</ul></div>' for k in (1, 6, 11))
        + f'<div class="page">{CALL}</div></div><div class="r"><div class="blk2"><ul>{_side(5)}</ul></div></div>',
        15,
    ),
    # A table layout, and an aside element.
    "table rows and an aside": (
        '<table class="tb">'
        + "".join(
            f'<tr><td><a href="./202401/t202401{n:02d}_{n}.html">园区第{n}号通知公告标题</a></td><td>2024-01-{n:02d}</td></tr>'
            for n in range(1, 16)
        )
        + f'</table><div class="pages">{CALL}</div><aside><ul>{_side(4)}</ul></aside>',
        15,
    ),
    # No pager, one list: every link is a row.
    "single box": (f"<ul>{_rows(7)}</ul>", 7),
}


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_only_the_columns_own_rows_are_entries(layout: str) -> None:
    body, rows = LAYOUTS[layout]
    page = trs.parse(
        f"<html><body>{body.replace('{cur}', '0')}</body></html>", "http://zone.example/xxgk/tzgg/index.html"
    )
    assert len(page.entries) == rows
    assert all("/zcjd/" not in entry.url for entry in page.entries)


def test_a_link_in_both_the_sidebar_and_the_list_is_the_lists_row() -> None:
    body = f'<div class="hot"><ul>{ROW.format(n=1)}</ul></div><ul class="list">{_rows(6)}</ul><div class="page">{CALL.format(cur=0)}</div>'
    page = generic.parse(f"<html><body>{body}</body></html>", "http://zone.example/xxgk/tzgg/index.html")
    assert [e.url.rsplit("_", 1)[1] for e in page.entries] == [f"{n}.html" for n in range(1, 7)]


def test_boilerplate_names_are_words_not_substrings() -> None:
    from lxml import html as lxml_html

    page = lxml_html.fromstring(
        '<div><div class="inside"><p id="a">x</p></div><div class="footer_box"><p id="b">y</p></div>'
        '<div class="photo-list"><p id="c">z</p></div><nav><p id="d">w</p></nav></div>'
    )
    found = {p.get("id"): in_boilerplate(p) for p in page.iter("p")}
    assert found == {"a": False, "b": True, "c": False, "d": True}


PAGER_CALL = '<script>createPageHTML(6, 1, "index", "html");</script>'
DEFINITIONS = {
    "in head, function statement": (
        '<head><script>function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt){ var html = "共"'
        "+_nPageCount+\"页\"; document.write(html); }</script></head><body><ul class='list'>ROWS</ul>"
        f'<div class="page">{PAGER_CALL}</div></body>'
    ),
    "inside the list box, before the call": (
        "<body><div class='list_box'><ul class='list'>ROWS</ul><div class=\"page\">共60条<script>function "
        'createPageHTML(a, b, c, d) { var html = "共" + a; var index = b; document.write(html); }</script>'
        f"{PAGER_CALL}</div></div></body>"
    ),
    "function expression after the call": (
        f"<body><ul class='list'>ROWS</ul><div class=\"page\">{PAGER_CALL}<script>var createPageHTML = "
        'function(n, i, name, ext) { var html = "共"; if (n > 1) { document.write(html); } };</script></div></body>'
    ),
    "assigned without var, nested braces, one script": (
        "<body><ul class='list'>ROWS</ul><div class=\"pager\"><script>createPageHTML = function(n,i,s,e){ "
        'if(n){ var html="共"; } else { html="无"; } }; createPageHTML(6, 1, "index", "html");</script></div></body>'
    ),
}


@pytest.mark.parametrize("where", list(DEFINITIONS))
def test_a_trs_pager_definition_is_never_read_as_its_call(where: str) -> None:
    text = "<html>" + DEFINITIONS[where].replace("ROWS", _rows(10)) + "</html>"
    assert trs.pager_call(text) == (6, 1, "index", "html", None)
    page = trs.parse(text, "http://zone.example/xxgk/tzgg/index_1.html")
    assert page.next_page is not None and page.next_page.url == "http://zone.example/xxgk/tzgg/index_2.html"
    assert len(page.entries) == 10


@pytest.mark.parametrize(
    "script, expected",
    [
        (
            'var countPage = 4//共多少页\nvar currentPage = 2;//当前页\ncreatePageHTML(countPage, currentPage, "index", "shtml");',
            (4, 2, "index", "shtml", None),
        ),
        ('var _sPageExt = "htm"; createPageHTML(3, 0, "index", _sPageExt);', (3, 0, "index", "htm", None)),
        ("var n = 3; n = 5; createPageHTML(n, 0, 'index', 'html');", (5, 0, "index", "html", None)),
        ('createPageHTML("page_div", 3, 0, "index", "html", 57);', (3, 0, "index", "html", 57)),
        ('createPageHTML(3, 0, "index", "共");', None),  # not a file extension: not a pager
        ('createPageHTML(3, 5, "index", "html");', None),  # the current page past the count
    ],
)
def test_trs_call_arguments(script: str, expected: tuple[object, ...] | None) -> None:
    assert trs.pager_call(f"<script>{script}</script>") == expected


def test_pages_after_a_failed_one_are_reachable_on_every_platform() -> None:
    page = trs.parse(f"<ul>{_rows(3)}</ul>{CALL.format(cur=3)}", "http://zone.example/c/index_3.html")
    assert page.next_page is not None and page.next_page.skip is not None
    after = page.next_page.skip()
    assert after is not None and after.url == "http://zone.example/c/index_5.html"
    last = trs.parse(f"<ul>{_rows(3)}</ul>{CALL.format(cur=8)}", "http://zone.example/c/index_8.html")
    assert last.next_page is not None and last.next_page.skip is not None and last.next_page.skip() is None

    config = {
        "proxy": "/module/web/jpage/dataproxy.jsp",
        "per_page": 10,
        "group": 1,
        "total": 35,
        "form": {},
        "method": "POST",
    }
    window = hanweb.proxy_request("http://zone.example/col/col1/index.html", config, 11)
    assert window.skip is not None and "startrecord=21&endrecord=30" in window.skip().url  # type: ignore[union-attr]
    final = hanweb.proxy_request("http://zone.example/col/col1/index.html", config, 31)
    assert final.skip is None

    params = {
        "pageIndex": "1",
        "pageSize": "10",
        "siteId": "1",
        "channelIds": "2",
        "searchType": "1",
        "order": "writeTime",
    }
    answer = '{"data":{"totalPages":4,"totalElements":40,"data":[]}}'
    listing = intertid.parse_api(
        answer, "http://zone.example/info_open/search", params, "http://zone.example/x/"
    )
    assert listing.next_page is not None and listing.next_page.skip is not None
    assert listing.next_page.skip().form["pageIndex"] == "3"  # type: ignore[union-attr, index]


@pytest.mark.parametrize(
    "current, pager, after",
    [
        (
            "http://z.example/news/list_2.html",
            '<a href="list_3.html">下一页</a><a href="list_7.html">尾页</a>',
            "http://z.example/news/list_4.html",
        ),
        (
            "http://z.example/news/index.html",
            '<a href="index_1.html">下一页</a><a href="index_2.html">3</a><a href="index_5.html">末页</a>',
            "http://z.example/news/index_2.html",
        ),
        (
            "http://z.example/news?page=2",
            '<a href="?page=3">下一页</a><a href="?page=9">9</a>',
            "http://z.example/news?page=4",
        ),
        (
            "http://z.example/news/list_2.html",
            '<a href="list_3.html">下一页</a>',
            None,
        ),  # no page beyond is linked
        (
            "http://z.example/news/list_2.html",
            '<a href="more.html">下一页</a><a href="list_9.html">尾页</a>',
            None,
        ),
    ],
)
def test_plain_lists_skip_a_failed_page_only_as_far_as_the_pager_links(
    current: str, pager: str, after: str | None
) -> None:
    page = generic.parse(f'<ul class="news">{_rows(5)}</ul><div class="pages">{pager}</div>', current)
    assert page.next_page is not None
    skipped = page.next_page.skip() if page.next_page.skip else None
    assert (skipped.url if skipped else None) == after


@pytest.mark.parametrize(
    "row, day",
    [
        ({"writeTimeString": "2024-01-12"}, dt.date(2024, 1, 12)),
        ({"writeTime": 1704988800000}, dt.date(2024, 1, 12)),  # epoch ms: 2024-01-11 16:00 UTC
        ({"writeTime": "1704988800000"}, dt.date(2024, 1, 12)),
        ({"writeTime": 1704988800}, dt.date(2024, 1, 12)),  # epoch seconds
        ({"writeTime": "2024-01-12 09:30:00"}, dt.date(2024, 1, 12)),
        ({"writeTime": "2024-01-11T17:00:00.000+0000"}, dt.date(2024, 1, 12)),
        ({"publishTime": "2023/12/30"}, dt.date(2023, 12, 30)),
        ({"title": "无日期"}, None),
    ],
)
def test_intertid_row_dates(row: dict[str, object], day: dt.date | None) -> None:
    assert intertid.row_date(row) == day


TITLED = {
    "footer h2 after a title div": (
        '<title>园区召开季度经济运行调度会_示范高新区</title><body><div class="nav"><h2>政务公开</h2></div>'
        '<div class="article_title">园区召开季度经济运行调度会</div><div class="footer"><h2>友情链接</h2></div>',
        "园区召开季度经济运行调度会",
    ),
    "box heading before the article's h2": (
        '<title>示范高新区2024年工作报告 - 示范高新区管委会</title><body><div class="l"><h2>相关链接</h2></div>'
        "<h2>示范高新区2024年工作报告</h2><p>正文</p>",
        "示范高新区2024年工作报告",
    ),
    "only the title tag names it": (
        "<title>关于印发园区发展规划的通知__2024年第3号_示范园区</title><body><h3>分享到</h3><p>正文</p>",
        "关于印发园区发展规划的通知",
    ),
    "an h1 though the title tag is the site's name": (
        '<title>示范高新区管委会</title><body><h1>园区举办人才招聘会</h1><div id="footer"><h2>联系我们</h2></div>',
        "园区举办人才招聘会",
    ),
    "the meta first": (
        '<title>x</title><meta name="ArticleTitle" content="园区2024年工作报告"><body><h1>园区2024年工作报告（全文）</h1>',
        "园区2024年工作报告",
    ),
}


@pytest.mark.parametrize("layout", list(TITLED))
def test_detail_titles_are_the_articles_own(layout: str) -> None:
    from lxml import html as lxml_html

    text, title = TITLED[layout]
    page = f"<html><head>{text.split('<body>')[0]}</head><body>{text.split('<body>')[1]}</body></html>"
    assert page_title(lxml_html.fromstring(page)) == title
    # A list title cut short does not replace it.
    assert read_detail(page, "http://zone.example/a/1.html", "园区...").title == title
