"""The list-variant and HTTP-error fixture sites as bytes on the wire: each serves the variant it claims."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urlencode

from mirror.expectations import FIXTURES
from mirror.platforms import list_variants
from mirror.server import MirrorServer


def _records(text: str) -> list[str]:
    return re.findall(r"<record>", text)


def test_jpage_nextgroup_site_hides_its_parameters_from_the_call(mirror: MirrorServer, get: Callable) -> None:
    site = list_variants.JpageNextgroupSite
    column = get(mirror.url("jpagenext", FIXTURES["jpagenext"].start_path)).text()
    call = re.search(r"\.jpage\(\{(.*?)\}\)", column)
    assert call is not None and "ajaxParam" not in call.group(1) and "proxyUrl" not in call.group(1)
    assert f"columnid={site.column}" in column and f"var param_{site.unit}" in column
    assert len(_records(column)) == site.per_page
    proxy = mirror.url("jpagenext", site.proxy + "?startrecord=13&endrecord=36&perpage=12")
    bare = get(proxy, data={"appid": "1"})
    assert bare.status == 200 and "<totalrecord>0</totalrecord>" in bare.text() and not _records(bare.text())
    form = {"columnid": site.column, "unitid": site.unit, "webid": site.webid}
    assert len(_records(get(proxy, data=form).text())) == 24
    assert get(proxy + "&" + urlencode(form)).status == 405, "this proxy takes a POST form only"


def test_jpage_get_site_refuses_post_and_reads_its_query(mirror: MirrorServer, get: Callable) -> None:
    site = list_variants.JpageGetSite
    column = get(mirror.url("jpageget", FIXTURES["jpageget"].start_path)).text()
    assert 'type:"get"' in column and f"ajaxParam:param_{site.unit}" in column and "CDATA" not in column
    query = urlencode(
        {
            "startrecord": 11,
            "endrecord": 38,
            "page": 4,
            "columnid": site.column,
            "unitid": site.unit,
            "webid": site.webid,
        }
    )
    answer = get(mirror.url("jpageget", f"{site.proxy}?{query}")).text()
    assert len(_records(answer)) == 8 and "art_6032_700130" in answer, (
        "page 4 of 10 a page, whatever the range"
    )
    assert get(mirror.url("jpageget", f"{site.proxy}?{query}"), data={"x": "1"}).status == 405


def test_trs_sites_print_the_definition_and_declare_their_size(mirror: MirrorServer, get: Callable) -> None:
    first = get(mirror.url("trsinline", FIXTURES["trsinline"].start_path)).text()
    assert first.index("function createPageHTML(") < first.index(
        'createPageHTML(countPage, currentPage, "index", "shtml")'
    )
    assert "共26条" in first and get(mirror.url("trsinline", "/zwgk/gzbg/index_4.shtml")).status == 404
    assert get(mirror.url("trsgap", "/zwgk/gzbg/index_1.shtml")).status == 200
    assert get(mirror.url("trsgap", "/zwgk/gzbg/index_2.shtml")).status == 503


def test_cut_lists_break_where_they_say(mirror: MirrorServer, get: Callable, links: Callable) -> None:
    site = list_variants.JpageGoneSite
    assert (
        get(mirror.url("jpagegone", site.proxy + "?startrecord=16&endrecord=40&perpage=15"), data={}).status
        == 404
    )
    second = get(mirror.url("plaincut", "/news/list_2.html")).text()
    assert "第 2/3 页" in second and "下一页" not in second
    assert get(mirror.url("plaincut", "/news/list_3.html")).status == 200, "page 3 exists; no link reaches it"


def test_moved_site_redirects_permanently_to_another_host(mirror: MirrorServer, get: Callable) -> None:
    answer = get(mirror.url("moved", FIXTURES["moved"].start_path))
    location = answer.headers["Location"]
    assert answer.status == 301 and not location.startswith(mirror.sites["moved"])
    assert location.startswith(mirror.apps["moved"].peer_url)  # type: ignore[attr-defined]
    assert {get(mirror.url("unavailable", p)).status for p in ("/robots.txt", "/xxgk/index.html")} == {503}
