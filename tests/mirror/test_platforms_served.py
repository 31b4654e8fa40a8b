"""Each demo platform as served: pagers, the jpage and intertid APIs, list completeness, attachments."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from urllib.parse import urljoin

import docx
import pypdf

from mirror.content import zone
from mirror.expectations import DEMO_SITES
from mirror.platforms import hanweb, intertid, plain, trs
from mirror.server import MirrorServer

HANWEB_FORM = {**hanweb.FORM, "webname": "x"}


def test_every_site_is_its_own_loopback_host(mirror: MirrorServer) -> None:
    hosts = [url.split("//")[1].split(":")[0] for url in mirror.sites.values()]
    assert len(set(hosts)) == len(hosts) == len(mirror.apps)
    assert all(h.startswith("127.0.0.") and int(h.rsplit(".", 1)[1]) >= 10 for h in hosts)


def test_trs_lists_only_through_the_script_pager(
    mirror: MirrorServer, get: Callable, links: Callable
) -> None:
    facts = DEMO_SITES["yunxi"]
    pages = facts.list_pages[1]
    first = get(mirror.url("yunxi", facts.start_path)).text()
    assert 'createPageHTML(countPage, currentPage, "index", "html")' in first
    assert f"var countPage = {pages};" in first
    assert "index_1.html" not in first, "no <a> to page 2: only the script knows the pager"
    found = set()
    for index in range(pages):
        path = facts.start_path if index == 0 else f"{trs.COLUMN}index_{index}.html"
        page = get(mirror.url("yunxi", path))
        assert page.status == 200
        for href in links(page.text()):
            if href.startswith("./"):
                found.add(urljoin(trs.COLUMN + "index.html", href))
    assert get(mirror.url("yunxi", f"{trs.COLUMN}index_{pages}.html")).status == 404
    assert found == facts.articles[1]
    for path in sorted(found)[:3]:
        assert get(mirror.url("yunxi", path)).status == 200


def test_hanweb_jpage_answers_the_form_from_the_page(mirror: MirrorServer, get: Callable) -> None:
    facts = DEMO_SITES["chenghu"]
    column = get(mirror.url("chenghu", facts.start_path)).text()
    embedded = re.findall(r'href="(/art/[^"]+)"', column)
    assert len(embedded) == hanweb.FIRST and '<script type="text/xml"><datastore>' in column
    total = int(re.search(r"totalRecord:(\d+)", column).group(1))
    assert total == len(facts.articles[1])
    assert "ajaxParam:{ col:1, appid:1, webid:3" in column
    seen = set(embedded)
    for start in range(hanweb.FIRST + 1, total + 1, 45):
        query = f"?startrecord={start}&endrecord={start + 44}&perpage={hanweb.FIRST}"
        answer = get(mirror.url("chenghu", hanweb.PROXY + query), data=HANWEB_FORM)
        assert answer.status == 200 and "charset" not in answer.headers["Content-Type"]
        records = re.findall(r'<record><!\[CDATA\[<li><a href="(/art/[^"]+)"', answer.text())
        assert records and records[0] not in seen
        seen.update(records)
    assert seen == facts.articles[1]
    # The <nextgroup> href is the proxy, never an article.
    assert '<nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=' in column
    wrong = get(
        mirror.url("chenghu", hanweb.PROXY + "?startrecord=16&endrecord=30&perpage=15"), data={"col": "1"}
    )
    assert wrong.status == 400
    by_get = get(mirror.url("chenghu", hanweb.PROXY + f"?page=2&columnid={hanweb.COLUMN_ID}"))
    assert by_get.headers["Content-Type"] == "text/html"
    assert len(re.findall(r"<record>", by_get.text())) == hanweb.FIRST
    assert get(mirror.url("chenghu", "/module/jpage/dataproxy.jsp"), data=HANWEB_FORM).status == 404


def test_hanweb_truncated_titles_keep_the_full_title(mirror: MirrorServer, get: Callable) -> None:
    column = get(mirror.url("chenghu", DEMO_SITES["chenghu"].start_path)).text()
    pairs = re.findall(r'title="([^"]+)" target="_blank">([^<]+)</a>', column)
    cut = [(full, shown) for full, shown in pairs if shown.endswith("...")]
    assert cut and all(full.startswith(shown[:-3]) and len(full) > len(shown) - 3 for full, shown in cut)
    art = re.search(r'href="(/art/(\d{4})/(\d{1,2})/(\d{1,2})/art_4021_\d+\.html)"', column)
    assert art and not art.group(3).startswith("0"), "month in /art/ paths is not zero-padded"


def test_hanweb_downfile_redirects_to_a_docx_that_reads_back(mirror: MirrorServer, get: Callable) -> None:
    item = next(i for i in zone("chenghu").items if i.format == "docx")
    link = f"/module/download/downfile.jsp?classid=0&filename={hanweb.file_hex(item)}.docx"
    article = get(mirror.url("chenghu", hanweb.article_path(item))).text()
    assert link.replace("&", "&amp;") in article or link in article
    redirect = get(mirror.url("chenghu", link))
    assert redirect.status == 302 and redirect.headers["Location"].startswith("/attach/0/")
    body = get(mirror.url("chenghu", link), follow=True).body
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(body)).paragraphs)
    assert item.paragraphs[0] in text and item.paragraphs[-1] in text


def test_intertid_shell_api_and_static_pages(mirror: MirrorServer, get: Callable) -> None:
    facts = DEMO_SITES["qingchuan"]
    shell = get(mirror.url("qingchuan", facts.start_path)).text()
    assert f'var chan = "{intertid.CHANNEL}"; chan = chan + "," + {intertid.CHILD};' in shell
    assert f'getSearchList(1, 20, "{intertid.SITE_ID}", chan' in shell
    form = {
        "siteId": intertid.SITE_ID,
        "channelIds": f"{intertid.CHANNEL},{intertid.CHILD}",
        "pageSize": "20",
    }
    first = json.loads(
        get(mirror.url("qingchuan", "/info_open/search"), data={**form, "pageIndex": "1"}).body
    )
    pages = first["data"]["totalPages"]
    assert pages == facts.list_pages[1]
    urls = set()
    for page in range(1, pages + 1):
        answer = json.loads(
            get(mirror.url("qingchuan", "/info_open/search"), data={**form, "pageIndex": str(page)}).body
        )
        urls.update(row["url"] for row in answer["data"]["data"])
    assert intertid.IntertidSite.offsite_url in urls, "one cross-site row"
    assert urls - {intertid.IntertidSite.offsite_url} == facts.articles[1]
    bad = json.loads(get(mirror.url("qingchuan", "/info_open/search"), data={"siteId": "1"}).body)
    assert bad["status"] == 1
    assert get(mirror.url("qingchuan", intertid.COLUMN + "index_1.shtml")).status == 404
    assert get(mirror.url("qingchuan", intertid.COLUMN + "index_2.shtml")).status == 200


def test_intertid_article_is_gbk_behind_a_utf8_header(mirror: MirrorServer, get: Callable) -> None:
    item = next(i for i in zone("qingchuan").items if i.format == "html" and i.night == 1)
    page = get(mirror.url("qingchuan", intertid.article_path(item)))
    assert page.headers["Content-Type"] == "text/html; charset=UTF-8"
    try:
        page.body.decode("utf-8")
        raise AssertionError("the body must not be valid UTF-8")
    except UnicodeDecodeError:
        pass
    text = page.body.decode("gb18030")
    assert "charset=gb2312" in text and item.paragraphs[0][:20] in text


def test_plain_list_pager_robots_and_failures(get: Callable, links: Callable) -> None:
    with MirrorServer(fixtures=False) as mirror:
        facts = DEMO_SITES["fengyuan"]
        first = get(mirror.url("fengyuan", facts.start_path))
        assert first.headers["Content-Type"] == "text/html", "no charset in the header"
        text = first.body.decode("gb18030")
        assert 'charset=gb2312"' in text and '<a href="list_2.shtml">下一页</a>' in text
        assert (
            get(mirror.url("fengyuan", "/robots.txt")).text() == "User-agent: *\nDisallow: /xxgk/internal/\n"
        )
        assert plain.PRIVATE in links(text)
        assert get(mirror.url("fengyuan", plain.BROKEN)).status == 404
        soft = get(mirror.url("fengyuan", plain.SOFT_404))
        assert soft.status == 200 and "页面不存在" in soft.text()
        flaky = mirror.apps["fengyuan"].flaky_path()  # type: ignore[attr-defined]
        assert [get(mirror.url("fengyuan", flaky)).status for _ in range(3)] == [500, 200, 200]
        pages = facts.list_pages[1]
        last = get(mirror.url("fengyuan", f"/news/list_{pages}.shtml")).body.decode("gb18030")
        assert "下一页" not in last
        assert get(mirror.url("fengyuan", f"/news/list_{pages + 1}.shtml")).status == 404


def test_pdf_attachment_reads_back_in_chinese(mirror: MirrorServer, get: Callable) -> None:
    item = next(i for i in zone("yunxi").items if i.format == "pdf")
    article = get(mirror.url("yunxi", trs.article_path(item))).text()
    (href,) = [h for h in re.findall(r'href="(\./P0[^"]+\.pdf)"', article)]
    body = get(mirror.url("yunxi", urljoin(trs.article_path(item), href))).body
    assert body.startswith(b"%PDF-")
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(body)).pages)
    squeezed = re.sub(r"\s+", "", text)
    for paragraph in (item.paragraphs[0], item.paragraphs[-1]):
        assert re.sub(r"\s+", "", paragraph)[:30] in squeezed


def test_script_only_attachment_link_and_legacy_formats(mirror: MirrorServer, get: Callable) -> None:
    item = next(i for i in zone("yunxi").items if i.format == "doc")
    article = get(mirror.url("yunxi", trs.article_path(item))).text()
    written = re.search(r"document\.write\('<a href=\"(\./P0[^\"]+\.doc)\">", article)
    assert written, "the .doc link exists only inside a document.write string"
    assert not re.search(r'<a href="\./P0[^"]+\.doc"', article.replace(written.group(0), ""))
    body = get(mirror.url("yunxi", urljoin(trs.article_path(item), written.group(1)))).body
    assert body.startswith(b"\xd0\xcf\x11\xe0"), "an OLE compound file, as .doc is"


def test_detail_page_carries_meta_tags_container_and_boilerplate(mirror: MirrorServer, get: Callable) -> None:
    item = next(i for i in zone("yunxi").items if i.format == "html" and i.night == 1)
    page = get(mirror.url("yunxi", trs.article_path(item))).text()
    for needle in (
        '<meta name="ArticleTitle"',
        f'<meta name="PubDate" content="{item.date.isoformat()}',
        '<meta name="ContentSource"',
        'class="view TRS_UEDITOR',
        "您当前的位置",
        "window.print()",
        "window.close()",
    ):
        assert needle in page
    hanweb_item = next(i for i in zone("chenghu").items if i.format == "html" and i.night == 1)
    hanweb_page = get(mirror.url("chenghu", hanweb.article_path(hanweb_item))).text()
    assert '<div id="zoom"><!--ZJEG_RSS.content.begin-->' in hanweb_page and "索 引 号" in hanweb_page
