"""No silent gaps: the list variants crawl whole, a list cut short is `partial` wherever a crawl is
reported, and HTTP failures are named for what they are. Real spider, real mirror, real SQLite."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select

from mirror.demo_sites import write_sites_file
from mirror.expectations import FIXTURES
from mirror.server import MirrorServer
from storage.db import session_scope
from storage.models import CrawlRun, Document
from tests.crawlers.conftest import CrawlResult, run_crawl

WHOLE = ("jpagenext", "jpageget", "trsinline", "plainnum", "gkmlpt", "gkmlptdept")
CUT = ("jpagegone", "trsgap", "plaincut", "gkmlptcut")
HTTP = ("moved", "unavailable")


@dataclass
class Crawled:
    mirror: MirrorServer
    db_url: str
    sites: Path
    result: CrawlResult


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawled]:
    tmp = tmp_path_factory.mktemp("variants")
    with MirrorServer(fixtures=True) as server:
        sites = write_sites_file(server, tmp / "sites.yaml", [*WHOLE, *CUT, *HTTP])
        db_url = f"sqlite:///{tmp / 'zonewatch.db'}"
        yield Crawled(server, db_url, sites, run_crawl(sites, db_url))


def _stored(db_url: str, site: str) -> set[str]:
    with session_scope(db_url) as session:
        query = select(Document.url).where(Document.site.has(name=site), Document.kind == "page")
        return set(session.scalars(query))


def _runs(db_url: str) -> dict[str, tuple[str, str | None]]:
    with session_scope(db_url) as session:
        return {run.site.name: (run.status, run.reason) for run in session.scalars(select(CrawlRun))}


@pytest.mark.parametrize("key", WHOLE)
def test_list_variants_crawl_every_record(crawled: Crawled, key: str) -> None:
    facts, stats = FIXTURES[key], crawled.result.stats[f"demo-{key}"]
    assert (stats["status"], stats["reason"]) == ("ok", None), stats
    (walk,) = stats["lists"]
    assert walk["gap"] is None and walk["records_read"] == len(facts.articles)
    stored = _stored(crawled.db_url, f"demo-{key}")
    assert stored == {crawled.mirror.url(key, path) for path in facts.articles}
    assert crawled.mirror.url(key, facts.report or "") in stored, "the report deep in the list"


def test_jpage_form_comes_from_the_page_and_its_method(crawled: Crawled) -> None:
    mirror = crawled.mirror
    # nextgroup + param_<unitid>: POSTed to the proxy the nextgroup link names, never a 404 path.
    assert mirror.hits("jpagenext", prefix="/module/web/jpage/dataproxy.jsp", method="POST", status=200) == 2
    assert mirror.hits("jpagenext", status=404) == 0
    # proxyUrl + type:'get' + ajaxParam naming the param object: GET with the form in the query.
    gets = [e for e in mirror.log if e.site_key == "jpageget" and "dataproxy" in e.path]
    assert [(e.method, e.status) for e in gets] == [("GET", 200)] * 3, "pages 2-4, one at a time"
    assert gets[0].path.startswith("/module/jslib/jquery/jpage/dataproxy.jsp?startrecord=11&endrecord=20")
    assert all("columnid=6032" in e.path and "unitid=73310" in e.path for e in gets)
    # The inline pager definition is not the call: every page, and never one past the end.
    assert mirror.hits("trsinline", prefix="/zwgk/gzbg/index_3.shtml", status=200) == 1
    assert mirror.hits("trsinline", prefix="/zwgk/gzbg/index_4.shtml") == 0


def test_a_list_cut_short_is_partial_with_its_reason(crawled: Crawled) -> None:
    result = crawled.result
    assert result.code == 3, "a site read in part is not a clean run"
    runs = _runs(crawled.db_url)
    for key in CUT:
        name, facts = f"demo-{key}", FIXTURES[key]
        stats = result.stats[name]
        assert (stats["status"], stats["reason"]) == ("partial", facts.partial)
        assert runs[name] == ("partial", facts.partial), "the crawl table says so too"
        assert _stored(crawled.db_url, name) == {crawled.mirror.url(key, p) for p in facts.articles}
        assert f"PARTIAL ({facts.partial})" in result.stderr, "the crawl table on stderr"
        (walk,) = stats["lists"]
        assert walk["gap"] == facts.partial and walk["records_read"] == len(facts.articles)
    assert sorted(result.partial) == sorted(f"demo-{key}" for key in CUT)
    assert not set(result.failed) & set(result.partial)


def test_moved_site_names_its_new_host_and_http_errors_are_what_they_are(crawled: Crawled) -> None:
    stats, mirror = crawled.result.stats, crawled.mirror
    moved = stats["demo-moved"]
    new_host = mirror.apps["moved"].peer_url.split("//", 1)[1]  # type: ignore[attr-defined]
    assert (moved["status"], moved["reason"]) == ("failed", f"moved to {new_host}")
    assert moved["offsite"] == 0 and moved["new"] == 0
    unavailable = stats["demo-unavailable"]
    assert (unavailable["status"], unavailable["reason"]) == ("failed", "http 503")
    assert "robots or filtered" not in crawled.result.stderr
    assert stats["demo-trsgap"]["errors"] == {"http 503": 1}
    assert set(crawled.result.failed) == {"demo-moved", "demo-unavailable"}


def test_the_digest_names_partial_sites_under_crawl_problems(crawled: Crawled, tmp_path: Path) -> None:
    out = tmp_path / "digest.html"
    command = [sys.executable, "-m", "zonewatch", "digest", "--db", crawled.db_url, "--out", str(out)]
    completed = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert completed.returncode == 0, completed.stderr[-2000:]
    page = out.read_text(encoding="utf-8")
    section = page[page.index("抓取异常") :]
    for key in CUT:
        assert FIXTURES[key].partial in section, key


def test_an_incremental_night_stopping_at_known_items_is_not_partial(crawled: Crawled) -> None:
    crawled.mirror.reset_log()
    whole = ["--site", "demo-jpagenext", "--site", "demo-trsinline"]
    again = run_crawl(crawled.sites, crawled.db_url, "--incremental", *whole)
    assert again.code == 0, again.stderr[-2000:]
    for key in ("jpagenext", "trsinline"):
        stats = again.stats[f"demo-{key}"]
        assert (stats["status"], stats["new"], stats["list_pages"]) == ("ok", 0, 1), stats
    assert crawled.mirror.hits("jpagenext", prefix="/module/") == 0, "paging stopped on purpose"


def test_a_night_after_a_partial_full_sweep_sweeps_again(crawled: Crawled) -> None:
    """A partial full sweep does not count as one, so the next night re-reads the whole list instead
    of stopping at the known first page and calling the site ok."""
    again = run_crawl(crawled.sites, crawled.db_url, "--site", "demo-jpagegone")
    stats = again.stats["demo-jpagegone"]
    assert (stats["status"], stats["reason"]) == ("partial", FIXTURES["jpagegone"].partial)
    assert stats["full_sweep"] is True
