"""The real spider against the real mirror: every platform, two nights, politeness and failures."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from sqlalchemy import func, select

from mirror.content import zone
from mirror.demo_sites import write_sites_file
from mirror.platforms import hanweb, plain, trs
from mirror.server import MirrorServer
from parsers.decode import decode_html
from storage import repository as repo
from storage.db import session_scope
from storage.models import CrawlRun, Document
from tests.crawlers.conftest import CrawlResult, run_crawl


def _documents(db_url: str, site: str | None = None) -> list[Document]:
    with session_scope(db_url) as session:
        query = select(Document)
        if site:
            query = query.join(Document.site).where(Document.site.has(name=site))
        return list(session.scalars(query))


def _articles(zone_key: str, night: int = 1) -> int:
    return sum(1 for item in zone(zone_key).items if item.night <= night)


@dataclass
class Night:
    mirror: MirrorServer
    db_url: str
    result: CrawlResult


@pytest.fixture(scope="module")
def first_night(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Night]:
    """One crawl of the four demo sites, shared by the checks that only read what it did."""
    tmp = tmp_path_factory.mktemp("first-night")
    with MirrorServer(fixtures=True) as server:
        sites = write_sites_file(server, tmp / "sites.yaml", ["yunxi", "chenghu", "qingchuan", "fengyuan"])
        db_url = f"sqlite:///{tmp / 'zonewatch.db'}"
        yield Night(server, db_url, run_crawl(sites, db_url))


def test_every_platform_crawled_completely(first_night: Night) -> None:
    mirror, sqlite_db_url, result = first_night.mirror, first_night.db_url, first_night.result
    assert result.code == 0, result.stderr[-2000:]
    platforms = {name: stats["platform"] for name, stats in result.stats.items()}
    assert platforms == {
        "demo-yunxi": "trs",
        "demo-chenghu": "hanweb",
        "demo-qingchuan": "intertid",
        "demo-fengyuan": "generic",
    }
    for key in ("yunxi", "chenghu", "qingchuan"):
        pages = [d for d in _documents(sqlite_db_url, f"demo-{key}") if d.kind == "page"]
        assert len(pages) == _articles(key), key
    # fengyuan: every article, minus nothing — the 404 and the soft 404 are not documents.
    fengyuan = [d for d in _documents(sqlite_db_url, "demo-fengyuan") if d.kind == "page"]
    assert len(fengyuan) == _articles("fengyuan")
    # TRS: all list pages via the script pager, and never one past the end.
    pages = -(-_articles("yunxi") // 20)
    assert mirror.hits("yunxi", prefix=f"{trs.COLUMN}index_{pages - 1}.html", status=200) == 1
    assert mirror.hits("yunxi", prefix=f"{trs.COLUMN}index_{pages}.html") == 0
    # Hanweb: the rest of the column came from the POST proxy with the page's own form.
    assert mirror.hits("chenghu", prefix=hanweb.PROXY, method="POST", status=200) >= 1
    assert mirror.hits("chenghu", prefix="/module/jpage/") == 0
    # intertid: the JSON API, read from the inline script, paged to the end.
    assert mirror.hits("qingchuan", prefix="/info_open/search", method="POST", status=200) == -(
        -_articles("qingchuan") // 20
    )


def test_details_titles_dates_and_attachments(first_night: Night) -> None:
    mirror, sqlite_db_url = first_night.mirror, first_night.db_url
    documents = {d.url: d for d in _documents(sqlite_db_url)}
    report = next(i for i in zone("yunxi").items if i.key == "yunxi-report-2024")
    article = documents[mirror.url("yunxi", trs.article_path(report))]
    assert article.title == report.title, "the full title, not the list's truncated one"
    assert article.published == report.date
    (pdf,) = [d for d in documents.values() if d.parent_id == article.id]
    assert pdf.file_type == "pdf" and pdf.kind == "attachment"
    # Hanweb downfile.jsp redirects; the attachment keeps its name and links to its article.
    docx_item = next(i for i in zone("chenghu").items if i.format == "docx")
    hanweb_article = documents[mirror.url("chenghu", hanweb.article_path(docx_item))]
    (docx,) = [d for d in documents.values() if d.parent_id == hanweb_article.id]
    assert (
        docx.file_type == "docx"
        and docx.final_url.endswith(".docx")
        and docx.filename == docx_item.title + ".docx"
    )
    assert hanweb_article.meta["table"]["发布机构"].endswith("管委会")
    # Script-only (document.write) attachment on TRS, recorded as .doc even though not converted.
    doc_item = next(i for i in zone("yunxi").items if i.format == "doc")
    doc_article = documents[mirror.url("yunxi", trs.article_path(doc_item))]
    assert [d.file_type for d in documents.values() if d.parent_id == doc_article.id] == ["doc"]


def test_encodings_decode_without_mojibake(first_night: Night) -> None:
    sqlite_db_url = first_night.db_url
    for site in ("demo-fengyuan", "demo-qingchuan"):  # GBK undeclared in the header; GBK under a UTF-8 header
        for document in [d for d in _documents(sqlite_db_url, site) if d.kind == "page"][:10]:
            text, _ = decode_html(repo.document_body(document), document.content_type)
            assert "\ufffd" not in text and "管理委员会" in text, document.url


def test_walls_and_script_shells_fail_with_a_reason(
    mirror: MirrorServer, tmp_path: Path, sqlite_db_url: str
) -> None:
    sites = write_sites_file(mirror, tmp_path / "walls.yaml", ["ruishu", "waf", "jsshell", "fengyuan"])
    data = yaml.safe_load(sites.read_text())
    down = {"name": "down", "zone": "停机园区", "start_urls": ["http://127.0.0.1:9/index.html"]}
    sites.write_text(yaml.safe_dump({"sites": [*data["sites"], down]}, allow_unicode=True))
    result = run_crawl(sites, sqlite_db_url)
    assert result.code == 3
    assert result.stats["demo-ruishu"]["reason"] == "blocked: js-challenge"
    assert result.stats["demo-waf"]["reason"] == "blocked: waf"
    assert result.stats["demo-jsshell"]["reason"] == "list empty: JS-rendered"
    assert result.stats["demo-fengyuan"]["status"] == "ok", "the other sites go on"
    assert mirror.hits("ruishu") <= 3, "no endless retry against a challenge"
    with session_scope(sqlite_db_url) as session:
        runs = {run.site.name: (run.status, run.reason) for run in session.scalars(select(CrawlRun))}
    assert runs["demo-waf"] == ("failed", "blocked: waf")
    assert result.stats["down"]["reason"] == "connection refused", "unreachable: a reason, not 0 documents"
    assert runs["down"] == ("failed", "connection refused")


def test_politeness_robots_404_soft404_offsite_and_500_once(first_night: Night) -> None:
    mirror, sqlite_db_url, result = first_night.mirror, first_night.db_url, first_night.result
    fengyuan = result.stats["demo-fengyuan"]
    assert mirror.hits("fengyuan", prefix="/robots.txt") == 1
    assert mirror.hits("fengyuan", prefix=plain.PRIVATE) == 0, "robots.txt Disallow obeyed"
    assert fengyuan["errors"].get("http 404") == 1 and fengyuan["soft_404"] == 1
    urls = {d.url for d in _documents(sqlite_db_url)}
    assert (
        mirror.url("fengyuan", plain.BROKEN) not in urls
        and mirror.url("fengyuan", plain.SOFT_404) not in urls
    )
    flaky = mirror.apps["fengyuan"].flaky_path()  # type: ignore[attr-defined]
    assert mirror.hits("fengyuan", prefix=flaky, status=500) == 1 and mirror.url("fengyuan", flaky) in urls
    assert result.stats["demo-qingchuan"]["offsite"] >= 1
    assert not any("example.invalid" in url for url in urls)
    user_agents = {entry.headers.get("User-Agent", "") for entry in mirror.log}
    assert all(agent.startswith("zonewatch/") for agent in user_agents)


def test_two_nights_fetch_only_the_new_report(mirror: MirrorServer, demo_sites: Path, db_url: str) -> None:
    run_crawl(demo_sites, db_url)
    mirror.reset_log()
    again = run_crawl(demo_sites, db_url, "--incremental")
    assert sum(s["new"] + s["changed"] for s in again.stats.values()) == 0
    # Lists are re-read; the soft 404 (never stored) is asked again; no article or attachment is.
    article_like = [
        e
        for e in mirror.log
        if e.status == 200
        and e.method == "GET"
        and e.path != plain.SOFT_404
        and not any(p in e.path for p in ("index", "list", "robots", "/col/", "dataproxy"))
    ]
    assert article_like == [], [e.path for e in article_like]
    assert mirror.hits(status=200) <= 12, "an unchanged site costs a handful of list requests"
    mirror.publish_next_year()
    mirror.reset_log()
    third = run_crawl(demo_sites, db_url, "--incremental")
    new = {name: s["new"] for name, s in third.stats.items()}
    # One new report per zone (qingchuan's comes with its PDF), nothing re-fetched from shifted pages.
    assert new == {"demo-yunxi": 1, "demo-chenghu": 1, "demo-qingchuan": 2, "demo-fengyuan": 1}
    with session_scope(db_url) as session:
        assert session.scalar(
            select(func.count()).select_from(Document).where(Document.parse_status == "pending")
        )


def test_validators_answer_304_and_edits_are_changes(
    mirror: MirrorServer, demo_sites: Path, sqlite_db_url: str
) -> None:
    run_crawl(demo_sites, sqlite_db_url)
    item = next(i for i in zone("yunxi").items if i.key == "yunxi-report-2023")
    mirror.edit("yunxi", trs.article_path(item))
    before = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    sweep = run_crawl(demo_sites, sqlite_db_url, "--full-sweep", "--site", "demo-yunxi")
    stats = sweep.stats["demo-yunxi"]
    assert stats["changed"] == 1 and stats["not_modified"] >= _articles("yunxi") - 1
    assert mirror.hits("yunxi", status=304) >= _articles("yunxi") - 1
    (edited,) = [d for d in _documents(sqlite_db_url) if d.url == mirror.url("yunxi", trs.article_path(item))]
    assert edited.changed_at >= before and edited.parse_status == "pending"


def test_oversize_response_refused(mirror: MirrorServer, tmp_path: Path, sqlite_db_url: str) -> None:
    data = yaml.safe_load(write_sites_file(mirror, tmp_path / "s.yaml", ["yunxi"]).read_text())
    data["sites"][0]["max_bytes"] = 20_000  # the PDF attachment is bigger than this
    sites = tmp_path / "small.yaml"
    sites.write_text(yaml.safe_dump(data, allow_unicode=True))
    result = run_crawl(sites, sqlite_db_url)
    assert result.stats["demo-yunxi"]["errors"].get("oversize", 0) >= 1
    assert not [d for d in _documents(sqlite_db_url) if d.file_type == "pdf"]


@pytest.mark.parametrize("signal_after", [40])
def test_kill_and_resume_loses_and_duplicates_nothing(
    mirror: MirrorServer, demo_sites: Path, sqlite_db_url: str, signal_after: int
) -> None:
    import subprocess
    import sys
    import time

    command = [
        sys.executable,
        "-m",
        "zonewatch",
        "crawl",
        "--sites",
        str(demo_sites),
        "--db",
        sqlite_db_url,
        "--delay",
        "0.02",
    ]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(_documents(sqlite_db_url)) < signal_after:
        time.sleep(0.05)
    process.kill()
    process.wait()
    stored = len(_documents(sqlite_db_url))
    assert 0 < stored < sum(_articles(k) for k in ("yunxi", "chenghu", "qingchuan", "fengyuan")), stored
    result = run_crawl(demo_sites, sqlite_db_url)
    assert result.code == 0
    documents = _documents(sqlite_db_url)
    assert len({d.url for d in documents}) == len(documents)
    pages = [d for d in documents if d.kind == "page"]
    assert len(pages) == sum(_articles(k) for k in ("yunxi", "chenghu", "qingchuan", "fengyuan"))
    with session_scope(sqlite_db_url) as session:
        statuses = [run.status for run in session.scalars(select(CrawlRun).order_by(CrawlRun.id))]
        reasons = [run.reason for run in session.scalars(select(CrawlRun).order_by(CrawlRun.id))]
    assert "interrupted" in reasons and statuses[-1] == "ok"
