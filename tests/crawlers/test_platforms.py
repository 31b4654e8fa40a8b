"""List adapters on small saved pages: each pager and API variant read without a server."""

from __future__ import annotations

from lxml import html as lxml_html

from crawlers.detail import attachment_name, attachments, read_detail
from crawlers.platforms import hanweb, intertid, trs
from crawlers.walls import is_script_shell, wall_reason


def test_trs_pager_variants() -> None:
    assert trs.pager('createPageHTML(7, 0, "index", "html");') == (7, 0, "index", "html")
    assert trs.pager("createPageHTML('page_div',3,0,'index','shtml',57);") == (3, 0, "index", "shtml")
    assert trs.pager('var countPage = 3; var cur = 1; createPageHTML(countPage, cur, "index", "htm");') == (
        3,
        1,
        "index",
        "htm",
    )
    page = trs.parse(
        '<ul><li><a href="./202001/t20200103_5561.html">园区2020年工作报告全文</a><span>2020-01-03</span>'
        '</li></ul><script>createPageHTML(7, 6, "index", "html");</script>',
        "http://zone.example/xxgk/gzbg/index_6.html",
    )
    assert page.entries[0].url == "http://zone.example/xxgk/gzbg/202001/t20200103_5561.html"
    assert page.next_page is None, "the last page has no next page: never index_7.html"


def test_hanweb_records_and_form_from_the_page() -> None:
    page = """<div id="8812"><script type="text/xml"><datastore>
<nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&appid=1"></a>]]></nextgroup><recordset>
<record><![CDATA[<li><a href="/art/2024/1/9/art_4021_301551.html" title="示范园区2024年工作报告">示范园区2024年工作报...</a><span>2024-01-09</span></li>]]></record>
</recordset></datastore></script></div>
<script>$('#8812').jpage({ proxyUrl:'/module/web/jpage/dataproxy.jsp', perPage:15, groupSize:3, totalRecord:97,
  ajaxParam:{ col:1, appid:1, webid:3, path:'/', columnid:4021, sourceContentType:1, unitid:8812,
  webname:'示范园区', permissiontype:0 } });</script>"""
    listing, config = hanweb.parse_column(page, "http://zone.example/col/col4021/index.html")
    assert [(e.title, e.url) for e in listing.entries] == [
        ("示范园区2024年工作报告", "http://zone.example/art/2024/1/9/art_4021_301551.html")
    ]
    assert (
        config is not None and config["form"]["webname"] == "示范园区" and config["form"]["unitid"] == "8812"
    )
    assert listing.next_page is not None and listing.next_page.method == "POST"
    assert "startrecord=2&endrecord=46&perpage=15" in listing.next_page.url


def test_intertid_params_from_the_inline_script() -> None:
    shell = """<script>
  // var chan = "99999";
  var chan = "41002"; chan = chan + "," + 41003;
  getSearchList(1, 20, "211", chan, 1, "writeTime", "list", "pager");</script>"""
    params = intertid.api_params(shell)
    assert params == {
        "pageIndex": "1",
        "pageSize": "20",
        "siteId": "211",
        "channelIds": "41002,41003",
        "searchType": "1",
        "order": "writeTime",
    }
    answer = (
        '{"data":{"totalPages":3,"data":[{"title":"示范高新区2024年工作报告","writeTimeString":"2024-01-12",'
        '"url":"/doc/2024/01/12/4410931.shtml"}]}}'
    )
    listing = intertid.parse_api(
        answer, "http://zone.example/info_open/search", params, "http://zone.example/xxgk/index.shtml"
    )
    assert listing.entries[0].url == "http://zone.example/doc/2024/01/12/4410931.shtml"
    assert str(listing.entries[0].published) == "2024-01-12"
    assert listing.next_page is not None and listing.next_page.form["pageIndex"] == "2"


def test_meta_tags_first_and_attachments_from_scripts() -> None:
    page = """<html><head><meta name="ArticleTitle" content="示范高新区2024年工作报告"><meta name="PubDate" content="2024-01-10 09:00">
<meta name="ContentSource" content="管委会办公室"></head><body><h1>示范高新区2024年工作报告（全文）</h1>
<a href="./P020240110123.pdf">附件1</a>
<script>document.write('<a href="./P020240110456.docx">附件2：工作任务分解表.docx</a>');</script>
<a href="/module/download/downfile.jsp?classid=0&filename=abc.pdf">全文下载</a></body></html>"""
    detail = read_detail(page, "http://zone.example/xxgk/202401/t20240110_1.html")
    assert detail.title == "示范高新区2024年工作报告" and str(detail.published) == "2024-01-10"
    assert detail.source == "管委会办公室"
    names = dict(
        attachments(lxml_html.fromstring(page), page, "http://zone.example/xxgk/202401/t20240110_1.html")
    )
    assert names["http://zone.example/xxgk/202401/P020240110456.docx"] == "附件2：工作任务分解表.docx"
    assert (
        names["http://zone.example/module/download/downfile.jsp?classid=0&filename=abc.pdf"] == "全文下载.pdf"
    )
    assert attachment_name("http://x/a/b.pdf", "附件1") == "附件1.pdf"


def test_walls() -> None:
    assert wall_reason(412, b"<script>$_ts=window['$_ts'];</script>") == "blocked: js-challenge"
    assert (
        wall_reason(200, b"<meta content='x' r='m'><script>$_ts=window['$_ts'];</script>")
        == "blocked: js-challenge"
    )
    assert wall_reason(403, "拒绝执行 | 网站云防护系统".encode()) == "blocked: waf"
    assert wall_reason(200, b"<html>ok</html>") is None
    assert is_script_shell("<div id='app'></div><script>load()</script>")
