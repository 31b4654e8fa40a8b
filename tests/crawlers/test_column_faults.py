"""Real list pages beyond their pager: a failed page in the middle, sidebars and footers, a TRS pager
definition inside the list box, rows dated only by writeTime, detail pages titled by their own
heading. Real spider, real mirror (mirror/platforms/column_faults.py), real SQLite, two nights."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select

from mirror.demo_sites import write_sites_file
from mirror.expectations import FIXTURES
from mirror.platforms.column_faults import SITES
from mirror.server import MirrorServer
from storage.db import session_scope
from storage.models import CrawlRun, Document
from tests.crawlers.conftest import CrawlResult, run_crawl

KEYS = [cls.key for cls in SITES]
FAILING = ("trs500", "jpage500", "intertid500", "plain500")


@dataclass
class Night:
    mirror: MirrorServer
    db_url: str
    sites: Path
    first: CrawlResult
    second: CrawlResult
    first_log: list[tuple[str, str, int]]


def _pages(db_url: str, site: str) -> dict[str, Document]:
    with session_scope(db_url) as session:
        query = select(Document).where(Document.site.has(name=site), Document.kind == "page")
        documents = list(session.scalars(query))
        session.expunge_all()
    return {document.url: document for document in documents}


@pytest.fixture(scope="module")
def nights(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Night]:
    tmp = tmp_path_factory.mktemp("faults")
    with MirrorServer(fixtures=True, demo=False) as server:
        sites = write_sites_file(server, tmp / "sites.yaml", KEYS)
        db_url = f"sqlite:///{tmp / 'zonewatch.db'}"
        first = run_crawl(sites, db_url)
        first_log = [(entry.site_key, entry.path, entry.status) for entry in server.log]
        first_pages = {key: set(_pages(db_url, f"demo-{key}")) for key in KEYS}
        server.publish_next_year()  # the failing pages answer again
        second = run_crawl(sites, db_url, "--incremental", *[f"--site=demo-{key}" for key in FAILING])
        night = Night(server, db_url, sites, first, second, first_log)
        night.first_pages = first_pages  # type: ignore[attr-defined]
        yield night


@pytest.mark.parametrize("key", KEYS)
def test_each_column_is_read_as_far_as_it_answers_and_said_so(nights: Night, key: str) -> None:
    facts, stats = FIXTURES[key], nights.first.stats[f"demo-{key}"]
    expected = ("partial", facts.partial) if facts.partial else ("ok", None)
    assert (stats["status"], stats["reason"]) == expected, stats
    stored = nights.first_pages[key]  # type: ignore[attr-defined]
    assert stored == {nights.mirror.url(key, path) for path in facts.articles}, "rows only, every row read"


@pytest.mark.parametrize("key", FAILING)
def test_a_failed_list_page_does_not_end_the_walk_and_is_read_the_next_night(nights: Night, key: str) -> None:
    site = nights.mirror.apps[key]
    every = {nights.mirror.url(key, site.article_path(row)) for row in site.rows}  # type: ignore[attr-defined]
    assert len(nights.first_pages[key]) < len(every)  # type: ignore[attr-defined]
    # Rows after the failed page were read the first night: the report sits after it.
    assert nights.mirror.url(key, FIXTURES[key].report or "") in nights.first_pages[key]  # type: ignore[attr-defined]
    stats = nights.second.stats[f"demo-{key}"]
    assert (stats["status"], stats["reason"]) == ("ok", None), stats
    assert stats["resumed"] is True, "a partial night makes the next one walk the list whole"
    assert set(_pages(nights.db_url, f"demo-{key}")) == every


def test_the_failed_pages_were_asked_for_again(nights: Night) -> None:
    log = nights.mirror.log
    assert ("trs500", "/zwgk/gzdt/index_2.html", 500) in nights.first_log
    assert any(
        e.site_key == "trs500" and e.path == "/zwgk/gzdt/index_2.html" and e.status == 200 for e in log
    )
    assert any(e.site_key == "plain500" and e.path == "/news/list_3.html" and e.status == 200 for e in log)
    first_after = [p for k, p, s in nights.first_log if k == "plain500" and s == 200 and "list_" in p]
    assert first_after == [f"/news/list_{n}.html" for n in (1, 2, 4, 5, 6)]


def test_a_pager_definition_in_the_list_box_is_not_its_call(nights: Night) -> None:
    asked = [path for key, path, _ in nights.first_log if key == "trsbox"]
    lists = sorted(path for path in asked if "/index" in path)
    assert lists == [
        "/xxgk/tzgg/index.htm",
        "/xxgk/tzgg/index_1.htm",
        "/xxgk/tzgg/index_2.htm",
        "/xxgk/tzgg/index_3.htm",
    ]
    assert not any("共" in path or "%E5%85%B1" in path for path in asked)


def test_sidebar_and_footer_links_are_not_rows(nights: Night) -> None:
    for key in ("trsbox", "trsholes"):
        (walk,) = nights.first.stats[f"demo-{key}"]["lists"]
        assert walk["records_read"] == len(FIXTURES[key].articles) and walk["declared_records"] == 24
        asked = {path for k, path, _ in nights.first_log if k == key}
        assert not {p for p in asked if p.startswith("/xxgk/zcjd/")}, "another column's articles"


def test_detail_titles_come_from_the_article_not_a_menu_or_footer(nights: Night) -> None:
    site = nights.mirror.apps["trsbox"]
    titles = {d.url: d.title for d in _pages(nights.db_url, "demo-trsbox").values()}
    for row in site.rows:  # type: ignore[attr-defined]
        assert titles[nights.mirror.url("trsbox", site.article_path(row))] == row.title  # type: ignore[attr-defined]


def test_intertid_rows_dated_by_write_time(nights: Night) -> None:
    site = nights.mirror.apps["intertid500"]
    dates = {d.url: d.published for d in _pages(nights.db_url, "demo-intertid500").values()}
    for row in site.rows:  # type: ignore[attr-defined]
        url = nights.mirror.url("intertid500", site.article_path(row))  # type: ignore[attr-defined]
        assert dates[url] == row.date and isinstance(dates[url], dt.date)


def test_the_crawl_table_names_the_failed_page(nights: Night) -> None:
    with session_scope(nights.db_url) as session:
        runs = {(r.site.name, r.status, r.reason) for r in session.scalars(select(CrawlRun))}
    for key in FAILING:
        assert (f"demo-{key}", "partial", FIXTURES[key].partial) in runs
        assert (f"demo-{key}", "ok", None) in runs
