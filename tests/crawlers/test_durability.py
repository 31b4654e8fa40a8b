"""Nothing lost: kill -9 mid-crawl, an attachment that fails one night, a disk that fills up.

The real `zonewatch crawl` in a child process against a small real site on loopback whose paths the
test slows down or breaks between nights.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import resource
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import select, update

from storage.db import session_scope
from storage.models import CrawlRun, Document, PendingFetch
from storage.pending import MAX_ATTEMPTS
from tests.crawlers.conftest import run_crawl
from tests.crawlers.tiny_site import TinySite
from zonewatch.pipeline import crawl_command


def _sites_file(tmp_path: Path, site: TinySite, **extra: object) -> Path:
    entry = {"name": "tiny", "zone": "小微园区", "start_urls": [site.url + "/list_1.html"], **extra}
    path = tmp_path / "sites.yaml"
    path.write_text(yaml.safe_dump({"sites": [entry]}, allow_unicode=True), encoding="utf-8")
    return path


def _stored(db_url: str) -> dict[str, str]:
    """URL -> kind of every stored document."""
    with session_scope(db_url) as session:
        return {url: kind for url, kind in session.execute(select(Document.url, Document.kind))}


def _owed(db_url: str) -> list[PendingFetch]:
    with session_scope(db_url) as session:
        return list(session.scalars(select(PendingFetch)))


def _a_night_passes(db_url: str) -> None:
    """What the backoff waits for: move every owed fetch's next attempt into the past."""
    with session_scope(db_url) as session:
        past = dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(minutes=1)
        session.execute(update(PendingFetch).values(next_attempt_at=past))


def test_kill_during_attachment_downloads_loses_and_refetches_nothing(
    tmp_path: Path, sqlite_db_url: str
) -> None:
    with TinySite(lists=2, per_list=4) as site:
        for number in range(1, site.articles + 1):
            site.routes[f"/files/{number}.pdf"].delay_s = 1.5  # a window of ~10 s to kill in
        sites = _sites_file(tmp_path, site)
        command = [sys.executable, "-m", "zonewatch", "crawl", "--sites", str(sites), "--db", sqlite_db_url]
        process = subprocess.Popen(
            [*command, "--delay", "0"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        deadline = time.monotonic() + 120
        # Kill once pages are stored that still owe their attachments and an attachment was served.
        while time.monotonic() < deadline and process.poll() is None:
            owed = {row.url for row in _owed(sqlite_db_url)}
            served = sum(site.hits(f"/files/{n}.pdf", 200) for n in range(1, site.articles + 1))
            if owed and served:
                break
            time.sleep(0.05)
        assert process.poll() is None, (
            "the crawl finished before the kill: " + process.stderr.read().decode()[-2000:]
        )
        process.kill()
        process.wait()
        process.stderr.close()
        before = _stored(sqlite_db_url)
        owed_before = {row.url for row in _owed(sqlite_db_url)}
        assert owed_before, "the stored pages owe attachments"
        assert all(url not in before for url in owed_before)
        # The server still finishes the killed crawler's slow downloads (it sleeps before logging):
        # count the next night's hits only after every request it received has been answered.
        log_before = _settled_log_length(site)

        result = run_crawl(sites, sqlite_db_url)
        assert result.code == 0, result.stderr[-2000:]
        stored = _stored(sqlite_db_url)
        pages = [url for url, kind in stored.items() if kind == "page"]
        attachments = [url for url, kind in stored.items() if kind == "attachment"]
        assert len(pages) == len(attachments) == site.articles
        assert not _owed(sqlite_db_url)
        # Everything complete before the kill is not fetched again (200); what was owed is fetched once.
        again = [hit for hit in site.log[log_before:] if hit.status == 200 and site.url + hit.path in before]
        assert again == [], [hit.path for hit in again]
        # What was owed is fetched once more (one served just before the kill may have been in the
        # uncommitted batch: that is the allowed cost of a kill).
        after = [hit.path for hit in site.log[log_before:] if hit.status == 200]
        for url in owed_before:
            assert after.count(url.removeprefix(site.url)) == 1, url
        assert result.stats["tiny"]["resumed"] is True
    with session_scope(sqlite_db_url) as session:
        reasons = [run.reason for run in session.scalars(select(CrawlRun).order_by(CrawlRun.id))]
    assert reasons[0] == "interrupted"


def _settled_log_length(site: TinySite, timeout_s: float = 10.0) -> int:
    """The length of the site's log once every request it has received is answered (or timeout)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline and len(site.log) < len(site.started):
        time.sleep(0.05)
    return len(site.log)


def test_after_a_kill_the_list_pages_not_yet_read_are_read(tmp_path: Path, sqlite_db_url: str) -> None:
    """A kill after list page 1 leaves its articles stored and page 2 unread; the stop-at-known-page
    rule must not stop the next run at page 1."""
    with TinySite(lists=3, per_list=3) as site:
        # The state a kill after the first list page leaves: page 1's articles stored, run "running".
        run_crawl(_sites_file(tmp_path, site, max_pages=1), sqlite_db_url)
        assert len([k for k in _stored(sqlite_db_url).values() if k == "page"]) == 3
        with session_scope(sqlite_db_url) as session:
            session.execute(update(CrawlRun).values(status="running", reason=None, finished_at=None))
        result = run_crawl(_sites_file(tmp_path, site), sqlite_db_url, "--incremental")
        assert result.code == 0, result.stderr[-2000:]
        assert len([k for k in _stored(sqlite_db_url).values() if k == "page"]) == site.articles
        assert site.hits("/art/1.html", 200) == 1, "known articles are still not fetched again"
        # The night after a good run is incremental again: one list page, no articles.
        log_before = len(site.log)
        run_crawl(_sites_file(tmp_path, site), sqlite_db_url, "--incremental")
        assert [hit.path for hit in site.log[log_before:] if hit.path != "/robots.txt"] == ["/list_1.html"]


@pytest.mark.parametrize("mode", ["--incremental", "--full-sweep"])
def test_attachment_503_one_night_is_fetched_on_a_later_night(
    tmp_path: Path, sqlite_db_url: str, mode: str
) -> None:
    with TinySite(lists=1, per_list=3) as site:
        site.routes["/files/2.pdf"].status = 503
        sites = _sites_file(tmp_path, site)
        first = run_crawl(sites, sqlite_db_url)
        stats = first.stats["tiny"]
        assert stats["errors"].get("http 503") == 1 and stats["retry_later"] == 1, stats
        (owed,) = _owed(sqlite_db_url)
        assert (owed.url, owed.status, owed.attempts, owed.last_error) == (
            site.url + "/files/2.pdf",
            "pending",
            1,
            "http 503",
        )
        assert owed.next_attempt_at is not None and owed.next_attempt_at > dt.datetime.now(dt.UTC).replace(
            tzinfo=None
        )

        # The same night again: the backoff holds, nothing is asked for.
        asked = site.hits("/files/2.pdf")
        run_crawl(sites, sqlite_db_url, "--incremental")
        assert site.hits("/files/2.pdf") == asked

        _a_night_passes(sqlite_db_url)
        site.routes["/files/2.pdf"].status = 200
        later = run_crawl(sites, sqlite_db_url, mode)
        assert later.code == 0, later.stderr[-2000:]
        assert site.url + "/files/2.pdf" in _stored(sqlite_db_url)
        assert not _owed(sqlite_db_url)
        assert site.hits("/files/2.pdf", 200) == 1
        if mode == "--full-sweep":
            assert site.hits("/art/2.html", 304) == 1, "the cover page answered 304 and the PDF came anyway"
        else:
            assert site.hits("/art/2.html") == 1, "the cover page was skipped as known"


def test_attachment_that_keeps_failing_is_given_up_with_its_reason(
    tmp_path: Path, sqlite_db_url: str
) -> None:
    with TinySite(lists=1, per_list=2) as site:
        site.routes["/files/1.pdf"].status = 503
        sites = _sites_file(tmp_path, site)
        run_crawl(sites, sqlite_db_url)
        for _ in range(MAX_ATTEMPTS - 1):
            _a_night_passes(sqlite_db_url)
            result = run_crawl(sites, sqlite_db_url)
        assert result.stats["tiny"]["given_up"] == [{"url": site.url + "/files/1.pdf", "reason": "http 503"}]
        (row,) = _owed(sqlite_db_url)
        assert (row.status, row.attempts, row.last_error) == ("given_up", MAX_ATTEMPTS, "http 503")
        _a_night_passes(sqlite_db_url)
        asked = site.hits("/files/1.pdf")
        run_crawl(sites, sqlite_db_url)
        assert site.hits("/files/1.pdf") == asked, "a given-up fetch is not asked again"
    # The digest's 抓取异常 names the lost attachment and why.
    from monitor.delivery.digest import collect

    with session_scope(sqlite_db_url) as session:
        lines = [f["reason"] for f in collect(session).failures if f["site"] == "tiny"]
    assert any("已放弃" in line and "园区第1号公告.pdf" in line and "http 503" in line for line in lines), (
        lines
    )


@pytest.fixture(params=["tmpfs", "file-size-limit"])
def full_disk(
    request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[tuple[Path, Callable[[], None] | None]]:
    """A home that fills up: a real 1 MB tmpfs (needs root), or RLIMIT_FSIZE on the crawl process."""
    home = tmp_path / "home"
    home.mkdir()
    if request.param == "tmpfs":
        if os.geteuid() != 0:
            pytest.skip("mounting a tmpfs needs root")
        mounted = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(home)], capture_output=True
        )
        if mounted.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
        try:
            yield home, None
        finally:
            subprocess.run(["umount", "-l", str(home)], check=False)
        return

    def limit() -> None:
        database = home / "zonewatch.db"
        ceiling = database.stat().st_size + 256 * 1024
        resource.setrlimit(resource.RLIMIT_FSIZE, (ceiling, ceiling))

    yield home, limit


def test_a_full_disk_fails_the_site_and_the_run(tmp_path: Path, full_disk: tuple[Path, Any]) -> None:
    from storage.migrate import upgrade

    home, limit = full_disk
    db_url = f"sqlite:///{home / 'zonewatch.db'}"
    upgrade(db_url)
    with TinySite(lists=1, per_list=8, attachment_size=300_000) as site:
        sites = _sites_file(tmp_path, site)
        command = [*crawl_command(sites, db_url), "--delay", "0"]
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=300, preexec_fn=limit, check=False
        )
    assert done.returncode == 3, done.stderr[-2000:]
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    (stats,) = json.loads(done.stdout.strip().splitlines()[-1])["sites"]
    assert stats["status"] == "failed" and stats["reason"].startswith("storage: "), stats
    assert "\n" not in stats["reason"]


def test_a_site_that_never_answers_costs_its_own_timeout_once(tmp_path: Path, sqlite_db_url: str) -> None:
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(16)  # the kernel accepts connections; nobody ever reads or answers
    nobody = socket.socket()
    nobody.bind(("127.0.0.1", 0))
    refused_port = nobody.getsockname()[1]
    nobody.close()  # nothing listens there any more
    try:
        with TinySite(lists=1, per_list=2) as site:
            entries = [
                {"name": "tiny", "zone": "小微园区", "start_urls": [site.url + "/list_1.html"]},
                {
                    "name": "silent",
                    "zone": "沉默园区",
                    "start_urls": [f"http://127.0.0.1:{silent.getsockname()[1]}/list.html"],
                    "download_timeout": 3,
                },
                {"name": "refused", "zone": "停机园区", "start_urls": [f"http://127.0.0.1:{refused_port}/"]},
            ]
            sites = tmp_path / "sites.yaml"
            sites.write_text(yaml.safe_dump({"sites": entries}, allow_unicode=True), encoding="utf-8")
            result = run_crawl(sites, sqlite_db_url)
    finally:
        silent.close()
    assert result.code == 3
    assert result.stats["tiny"]["status"] == "ok"
    assert result.stats["silent"]["reason"] == "timeout"
    assert result.stats["refused"]["reason"] == "connection refused"
    # One timeout (robots.txt's), not one per request and retry; each site's own time.
    assert 3 <= result.stats["silent"]["duration_s"] < 2 * 3, result.stats["silent"]
    assert result.stats["refused"]["duration_s"] < 3, result.stats["refused"]


def test_a_night_the_site_is_down_uses_up_no_try_of_an_owed_attachment(
    tmp_path: Path, sqlite_db_url: str
) -> None:
    with TinySite(lists=1, per_list=1) as site:
        site.routes["/files/1.pdf"].status = 503
        sites = _sites_file(tmp_path, site)
        run_crawl(sites, sqlite_db_url)
    # The server is gone: nothing listens on its port any more.
    _a_night_passes(sqlite_db_url)
    down = run_crawl(sites, sqlite_db_url)
    assert down.stats["tiny"]["reason"] == "connection refused"
    (row,) = _owed(sqlite_db_url)
    assert (row.status, row.attempts) == ("pending", 1), "the site's outage is not the attachment's failure"
