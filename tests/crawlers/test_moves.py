"""Sites that moved: followed on the same registered domain, failed `moved to <url>` elsewhere, a
frameset read through its frames; never `ok` with nothing read. Pages of our own, and the real
spider against the mirror's moved sites."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from crawlers import moves
from mirror.demo_sites import write_sites_file
from mirror.expectations import FIXTURES
from mirror.server import MirrorServer
from storage.db import session_scope
from storage.models import Document
from tests.crawlers.conftest import run_crawl

OLD = "http://www.zone.gov.cn/index.html"


@pytest.mark.parametrize(
    ("new", "same"),
    [
        ("http://xxgk.zone.gov.cn/list.html", True),  # another host of the same registered domain
        ("https://zone.gov.cn:8443/", True),  # scheme and port do not make another site
        ("http://WWW.ZONE.GOV.CN./a", True),
        ("http://www.other.gov.cn/", False),  # gov.cn is a public suffix: other.gov.cn is another site
        ("http://zone.gov.cn.evil.example/", False),
        ("http://www.zone.com.cn/", False),
        ("http://127.0.0.1/", False),
    ],
)
def test_same_site_is_the_registered_domain(new: str, same: bool) -> None:
    assert moves.same_site(OLD, new) is same


def test_addresses_and_private_suffixes() -> None:
    assert moves.same_site("http://127.0.0.5:8080/a", "http://127.0.0.5:9090/b")
    assert not moves.same_site("http://127.0.0.5/a", "http://127.0.0.6/a")
    assert not moves.same_site("http://zonea.github.io/", "http://zoneb.github.io/"), "a private suffix"
    assert moves.registered_domain("gxq.sz.gov.cn") == "sz.gov.cn"


@pytest.mark.parametrize(
    "page",
    [
        '<meta http-equiv="refresh" content="0; url=http://new.zone.gov.cn/xxgk/">',
        "<META HTTP-EQUIV=Refresh CONTENT=\"5;URL='http://new.zone.gov.cn/xxgk/'\">",
        "<meta http-equiv='refresh' content='0;url=//new.zone.gov.cn/xxgk/'>",
    ],
)
def test_meta_refresh_variants(page: str) -> None:
    move = moves.page_move(f"<html><head>{page}</head><body></body></html>", OLD, shows_list=True)
    assert move == moves.PageMove("meta refresh", ("http://new.zone.gov.cn/xxgk/",))


def test_a_refresh_that_reloads_or_hides_in_noscript_is_no_move() -> None:
    assert moves.page_move('<meta http-equiv="refresh" content="1800">', OLD, shows_list=False) is None
    hidden = '<noscript><meta http-equiv="refresh" content="0;url=/nojs.html"></noscript>'
    assert moves.page_move(hidden, OLD, shows_list=False) is None
    slow = '<meta http-equiv="refresh" content="600;url=/other.html">'
    assert moves.page_move(slow, OLD, shows_list=False) is None


@pytest.mark.parametrize(
    "script",
    [
        'window.location.href = "http://new.zone.gov.cn/";',
        "location='http://new.zone.gov.cn/'",
        "top.location.replace('http://new.zone.gov.cn/');",
        'self.location.assign("http://new.zone.gov.cn/")',
        'document.location.href="http://new.zone.gov.cn/"\n',
    ],
)
def test_location_script_variants(script: str) -> None:
    page = f"<html><head><script>{script}</script></head><body>跳转中</body></html>"
    assert moves.page_move(page, OLD, shows_list=False) == moves.PageMove(
        "script", ("http://new.zone.gov.cn/",)
    )
    assert moves.page_move(page, OLD, shows_list=True) is None, (
        "a list page with a redirect script is the list"
    )


def test_an_onload_handler_and_an_iframe_shell() -> None:
    onload = "<html><body onload=\"window.location.href='http://new.zone.gov.cn/'\"></body></html>"
    assert moves.page_move(onload, OLD, shows_list=False) == moves.PageMove(
        "script", ("http://new.zone.gov.cn/",)
    )
    shell = '<html><body><iframe src="/xxgk/list.html" width="100%" height="2000"></iframe></body></html>'
    move = moves.page_move(shell, OLD, shows_list=False)
    assert move == moves.PageMove("frameset", ("http://www.zone.gov.cn/xxgk/list.html",))
    assert moves.page_move(shell, OLD, shows_list=True) is None, "a list page's iframes are not the site"


def test_scripts_that_only_compare_or_build_addresses_are_no_move() -> None:
    for script in (
        'if (location.href == "http://www.zone.gov.cn/") { show(); }',
        'var u = "http://m.zone.gov.cn/"; location.href = u + path;',
        '// location.href = "http://old.zone.gov.cn/";',
        "location.href = 'javascript:void(0)';",
    ):
        assert moves.page_move(f"<script>{script}</script>", OLD, shows_list=False) is None, script


def test_frameset_frames_in_order() -> None:
    page = (
        '<html><frameset rows="80,*"><frame src="top.html"><frame name="main" src="/xxgk/index.html">'
        '<frame src="javascript:void(0)"></frameset></html>'
    )
    move = moves.page_move(page, OLD, shows_list=False)
    assert move == moves.PageMove(
        "frameset", ("http://www.zone.gov.cn/top.html", "http://www.zone.gov.cn/xxgk/index.html")
    )


def test_moved_sites_are_followed_on_their_site_and_failed_elsewhere(tmp_path: Path) -> None:
    here, away = ("refreshhere", "jshere", "frameset"), ("refreshaway", "jsaway")
    db_url = f"sqlite:///{tmp_path / 'zonewatch.db'}"
    with MirrorServer(fixtures=True, demo=False) as mirror:
        result = run_crawl(write_sites_file(mirror, tmp_path / "sites.yaml", here + away), db_url)
        new_home = mirror.apps["refreshaway"].target()  # type: ignore[attr-defined]
        urls = {key: {mirror.url(key, path) for path in FIXTURES[key].articles} for key in here}
    assert result.code == 3 and sorted(result.failed) == sorted(f"demo-{key}" for key in away)
    with session_scope(db_url) as session:
        stored = set(session.scalars(select(Document.url).where(Document.kind == "page")))
    for key in here:
        stats = result.stats[f"demo-{key}"]
        assert (stats["status"], stats["reason"], stats["new"]) == ("ok", None, len(urls[key])), stats
        assert urls[key] <= stored
    for key in away:
        stats = result.stats[f"demo-{key}"]
        assert (stats["status"], stats["reason"]) == ("failed", f"moved to {new_home}"), stats
        assert stats["new"] == 0 and stats["offsite"] == 0
    assert len(stored) == sum(len(u) for u in urls.values()), "nothing from the other host"
