"""The wall, encoding and oddity fixtures (site-patterns.md §6) as bytes on the wire."""

from __future__ import annotations

import io
import re
import socket
import urllib.error
import urllib.request
from collections.abc import Callable
from urllib.parse import urljoin

import pypdf
import pytest

from mirror.expectations import FIXTURES, ODDITIES_SPECIALS
from mirror.platforms import oddities
from mirror.server import MirrorServer


def test_ruishu_challenge_with_412_and_with_200(mirror: MirrorServer, get: Callable) -> None:
    first = get(mirror.url("ruishu", FIXTURES["ruishu"].start_path))
    second = get(mirror.url("ruishu200", FIXTURES["ruishu200"].start_path))
    assert (first.status, second.status) == (412, 200)
    assert first.body == second.body
    assert "$_ts=window['$_ts']" in first.text() and "r='m'>" in first.text()


def test_waf_answers_every_path_with_the_same_403(mirror: MirrorServer, get: Callable) -> None:
    answers = [get(mirror.url("waf", path)) for path in ("/robots.txt", "/", FIXTURES["waf"].start_path)]
    assert {a.status for a in answers} == {403}
    assert len({a.body for a in answers}) == 1
    assert 6000 < len(answers[0].body) < 9000 and "网站云防护系统" in answers[0].text()


def test_js_shell_list_has_no_article_links(mirror: MirrorServer, get: Callable, links: Callable) -> None:
    page = get(mirror.url("jsshell", FIXTURES["jsshell"].start_path))
    assert page.status == 200 and links(page.text()) == ["/"]


def test_oddities_trs_variants_list_every_article(
    mirror: MirrorServer, get: Callable, links: Callable
) -> None:
    facts = FIXTURES["oddities"]
    first = get(mirror.url("oddities", facts.start_path)).text()
    assert f"createPageHTML('page_div',{oddities.PAGES},0,'index','shtml'," in first
    counted = get(mirror.url("oddities", oddities.COUNT_COLUMN + "index.htm")).text()
    assert f"var countPage = {oddities.PAGES};" in counted and '"index", "htm")' in counted
    found: set[str] = set()
    for index in range(facts.list_pages):
        path = facts.start_path if index == 0 else f"{oddities.TRS_COLUMN}index_{index}.shtml"
        found |= {
            urljoin(path, h) for h in links(get(mirror.url("oddities", path)).text()) if h.startswith("./")
        }
    assert found == facts.articles
    for path in facts.not_found:
        assert get(mirror.url("oddities", path)).status == 404
    offsite = [h for h in links(first) if h.startswith("http")]
    assert oddities.OFFSITE in offsite
    assert any(h.startswith(url) for h in offsite for k, url in mirror.sites.items() if k != "oddities")
    for path in sorted(found)[:2]:
        assert get(mirror.url("oddities", path)).status == 200


def test_query_list_pages_and_repeats_its_last_page(
    mirror: MirrorServer, get: Callable, links: Callable
) -> None:
    pages = [get(mirror.url("oddities", f"{oddities.QUERY_LIST}?page={n}")).text() for n in (1, 2, 3, 9)]
    assert "下一页" in pages[0] and "下一页" not in pages[2]
    assert pages[3] == pages[2], "past the end the CMS repeats the last page"
    listed = {h for page in pages for h in links(page)}
    assert set(ODDITIES_SPECIALS.values()) <= listed


def test_robots_txt_is_a_403_html_page(mirror: MirrorServer, get: Callable) -> None:
    robots = get(mirror.url("oddities", "/robots.txt"))
    assert robots.status == 403 and "<html>" in robots.text()


def test_soft_404s_answer_200(mirror: MirrorServer, get: Callable) -> None:
    stub = get(mirror.url("oddities", ODDITIES_SPECIALS["soft-404:stub"]))
    gone = get(mirror.url("oddities", ODDITIES_SPECIALS["soft-404:gone"]))
    assert (stub.status, len(stub.body)) == (200, 16)
    assert gone.status == 200 and "页面不存在" in gone.text()
    assert get(mirror.url("oddities", ODDITIES_SPECIALS["404"])).status == 404


@pytest.mark.parametrize(
    ("kind", "header", "meta"),
    [
        ("encoding:gb2312-meta", "text/html", "gb2312"),
        ("encoding:header-conflict", "text/html; charset=UTF-8", "gb2312"),
        ("encoding:undeclared", "text/html", None),
    ],
)
def test_gbk_pages_are_what_they_claim(
    mirror: MirrorServer, get: Callable, kind: str, header: str, meta: str | None
) -> None:
    page = get(mirror.url("oddities", ODDITIES_SPECIALS[kind]))
    assert page.headers["Content-Type"] == header
    with pytest.raises(UnicodeDecodeError):
        page.body.decode("utf-8")
    text = page.body.decode("gbk")  # plain GBK, not only gb18030: what a gb2312 label means in practice
    assert oddities.GBK_TEXT in text and "镕" in text and "堃" in text
    declared = re.search(r"charset=([\w-]+)", text)
    assert (declared.group(1) if declared else None) == meta


def test_utf8_with_bom(mirror: MirrorServer, get: Callable) -> None:
    page = get(mirror.url("oddities", ODDITIES_SPECIALS["encoding:utf8-bom"]))
    assert page.body.startswith(b"\xef\xbb\xbf") and "charset" not in page.headers["Content-Type"]
    assert oddities.GBK_TEXT in page.body.decode("utf-8-sig")


def test_table_layouts_and_containers(mirror: MirrorServer, get: Callable) -> None:
    expected = {
        "table:a": "<td><b>索\u3000引\u3000号</b></td>",
        "table:comment": "<!--<$[WJBH]>begin-->—&nbsp;&nbsp;—",
        "table:art_xxgktab": '<td class="title">信息索引号</td>',
        "table:dl": "<dt>发文字号：</dt>",
        "container:.pages_content": '<div class="pages_content">',
    }
    for kind, needle in expected.items():
        page = get(mirror.url("oddities", ODDITIES_SPECIALS[kind])).text()
        assert needle in page, kind
    table_a = get(mirror.url("oddities", ODDITIES_SPECIALS["table:a"])).text()
    meta_title = re.search(r'<meta name="ArticleTitle" content="([^"]+)">', table_a).group(1)
    heading = re.search(r"<h1>([^<]+)</h1>", table_a).group(1)
    assert meta_title.startswith("关于") and heading.strip() == meta_title.removeprefix("关于")
    bare = get(mirror.url("oddities", ODDITIES_SPECIALS["container:none"])).text()
    assert not re.search(r"TRS_Editor|TRS_UEDITOR|id=\"zoom\"|pages_content|ZJEG_RSS", bare)
    assert "会议要求" in bare


def test_attachment_only_article_and_recorded_formats(mirror: MirrorServer, get: Callable) -> None:
    cover = get(mirror.url("oddities", ODDITIES_SPECIALS["attachment-only"])).text()
    note = re.sub(r"<[^>]+>", "", re.search(r'<div class="TRS_Editor"><p>(.*?)</p>', cover).group(1))
    assert 120 <= len(note) <= 180
    pdf = get(mirror.url("oddities", "/files/P020240311_report.pdf")).body
    assert pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text().strip()
    scan = get(mirror.url("oddities", "/files/scan.pdf")).body
    assert not "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(scan)).pages).strip()
    ofd = get(mirror.url("oddities", "/files/P020240312_plan.ofd"))
    assert ofd.headers["Content-Type"] == "application/ofd" and ofd.body.startswith(b"PK")


def test_oversize_attachment_is_streamed_with_its_length(mirror: MirrorServer) -> None:
    with urllib.request.urlopen(mirror.url("oddities", oddities.HUGE), timeout=10) as response:
        assert int(response.headers["Content-Length"]) == oddities.HUGE_SIZE
        assert response.read(8) == b"%PDF-1.4"
    # The server survives a client that hangs up mid-body.
    assert urllib.request.urlopen(mirror.url("oddities", oddities.QUERY_LIST)).status == 200


def test_slow_page_outlasts_a_short_timeout(mirror: MirrorServer, get: Callable) -> None:
    path = ODDITIES_SPECIALS["slow"]
    with pytest.raises((TimeoutError, socket.timeout, urllib.error.URLError)):
        get(mirror.url("oddities", path), timeout=0.2)
    assert get(mirror.url("oddities", path), timeout=10).status == 200
