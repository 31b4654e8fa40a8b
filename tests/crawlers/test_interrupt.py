"""Ctrl-C and SIGTERM lose and hide nothing: the real `zonewatch crawl` (and `zonewatch run`) in a
child process against a real site on loopback, signalled while a chosen request is in flight.

Each case holds one request open on the server (a list page, a detail page, an attachment), sends
the signal while it waits, and checks that the crawl stops within seconds with 130/143, says
`partial` (interrupted) for the site, records what it still owed, and that the next night — an
incremental one, whose first list page is all known — leaves exactly the documents one clean
night leaves.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import select

from storage.db import session_scope
from storage.migrate import upgrade
from storage.models import CrawlRun, Document, PendingFetch
from tests.crawlers.conftest import run_crawl
from tests.crawlers.tiny_site import TinySite
from zonewatch.pipeline import crawl_command

LISTS, PER_LIST = 3, 3
# Seconds from the signal to the exit. A graceful Scrapy stop waits for the held request (a minute).
QUICK_S = 12.0
POINTS = {
    "list walk": "/list_2.html",
    "between detail pages": "/art/5.html",
    "attachment": "/files/2.pdf",
}
CODES = {signal.SIGINT: 130, signal.SIGTERM: 143}


def _sites_file(tmp_path: Path, site: TinySite, name: str = "tiny") -> Path:
    # No delay in the file itself: `zonewatch run` has no --delay.
    entry = {"name": name, "zone": "小微园区", "start_urls": [site.url + "/list_1.html"], "download_delay": 0}
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump({"sites": [entry]}, allow_unicode=True), encoding="utf-8")
    return path


def _documents(db_url: str, site: TinySite) -> set[tuple[Any, ...]]:
    """Every stored document as (path, kind, content hash, title, published): comparable across
    sites served on different ports."""
    with session_scope(db_url) as session:
        rows = session.execute(
            select(Document.url, Document.kind, Document.content_hash, Document.title, Document.published)
        )
        return {(url.removeprefix(site.url), *rest) for url, *rest in rows}


def _owed(db_url: str) -> dict[str, str]:
    with session_scope(db_url) as session:
        return {row.url: row.kind for row in session.scalars(select(PendingFetch))}


def _runs(db_url: str) -> list[tuple[str, str, str | None]]:
    with session_scope(db_url) as session:
        return [
            (r.site.name, r.status, r.reason) for r in session.scalars(select(CrawlRun).order_by(CrawlRun.id))
        ]


@pytest.fixture(scope="module")
def clean_night(tmp_path_factory: pytest.TempPathFactory) -> set[tuple[Any, ...]]:
    """The documents one uninterrupted night stores."""
    tmp = tmp_path_factory.mktemp("clean")
    db_url = f"sqlite:///{tmp / 'clean.db'}"
    with TinySite(lists=LISTS, per_list=PER_LIST) as site:
        result = run_crawl(_sites_file(tmp, site), db_url)
        assert result.code == 0, result.stderr[-2000:]
        documents = _documents(db_url, site)
    assert len(documents) == 2 * LISTS * PER_LIST
    return documents


def _signal_when_started(
    process: subprocess.Popen[str], site: TinySite, path: str, signum: int
) -> tuple[float, str, str]:
    """Send signum once the request for path is in flight; (seconds to exit, stdout, stderr)."""
    deadline = time.monotonic() + 120
    while not site.has_started(path):
        assert process.poll() is None, (
            "the crawl ended before the request: " + process.communicate()[1][-2000:]
        )
        assert time.monotonic() < deadline, "the held request never came"
        time.sleep(0.05)
    time.sleep(0.3)  # let the crawl settle on the held request
    sent = time.monotonic()
    process.send_signal(signum)
    out, err = process.communicate(timeout=90)
    return time.monotonic() - sent, out, err


def _crawl(sites: Path, db_url: str, *extra: str) -> subprocess.Popen[str]:
    command = [*crawl_command(sites, db_url), "--delay", "0"]
    return subprocess.Popen([*command, *extra], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
@pytest.mark.parametrize("point", list(POINTS))
def test_an_interrupted_night_and_the_next_give_what_one_clean_night_gives(
    tmp_path: Path, sqlite_db_url: str, clean_night: set[tuple[Any, ...]], point: str, signum: int
) -> None:
    held = POINTS[point]
    with TinySite(lists=LISTS, per_list=PER_LIST) as site:
        site.hold(held)
        sites = _sites_file(tmp_path, site)
        took, out, err = _signal_when_started(_crawl(sites, sqlite_db_url), site, held, signum)
        site.release()

        assert took < QUICK_S, f"{took:.1f} s to stop"
        (stats,) = json.loads(out.strip().splitlines()[-1])["sites"]
        assert (stats["status"], stats["reason"]) == ("partial", "interrupted"), stats
        assert stats["interrupted"] == signal.Signals(signum).name
        assert "Traceback" not in err, err[-3000:]
        assert f"interrupted ({signal.Signals(signum).name})" in err
        assert _runs(sqlite_db_url) == [("tiny", "partial", "interrupted")], "the crawl table says so too"
        owed = _owed(sqlite_db_url)
        stored = {path for path, *_ in _documents(sqlite_db_url, site)}
        if point == "between detail pages":
            assert owed.get(site.url + held) == "page", owed
        if point == "attachment":
            assert owed.get(site.url + held) == "attachment", owed
        assert not {url.removeprefix(site.url) for url in owed} & stored, "owed means not stored"
        assert stats["owed_pages"] == sum(kind == "page" for kind in owed.values())

        # The next night is incremental: its first list page holds only known articles tonight.
        log_before = len(site.log)
        again = run_crawl(sites, sqlite_db_url, "--incremental")
        assert again.code == 0, again.stderr[-2000:]
        assert again.stats["tiny"]["status"] == "ok" and again.stats["tiny"]["resumed"] is True
        assert _documents(sqlite_db_url, site) == clean_night
        assert not _owed(sqlite_db_url)
        refetched = [h.path for h in site.log[log_before:] if h.status == 200 and h.path in stored]
        assert refetched == [], "what the interrupted night stored is not fetched again"


def test_sites_not_finished_or_not_started_are_partial_and_finished_ones_stay_ok(
    tmp_path: Path, sqlite_db_url: str
) -> None:
    """One site at a time: the first finished, the second is crawling, the third never started."""
    upgrade(sqlite_db_url)
    with TinySite(lists=1, per_list=2) as first, TinySite(lists=2, per_list=2) as second, TinySite() as third:
        second.hold("/art/3.html")
        entries = [
            {
                "name": name,
                "zone": f"{name}园区",
                "start_urls": [site.url + "/list_1.html"],
                "download_delay": 0,
            }
            for name, site in (("first", first), ("second", second), ("third", third))
        ]
        script = (
            "import json, sys\n"
            "from config.sites import load_sites\n"
            "from crawlers.interrupt import Interruption, exit_code\n"
            "from crawlers.runner import crawl_sites\n"
            "interruption = Interruption()\n"
            "results = crawl_sites(sys.argv[2], load_sites(sys.argv[1]), parallel_sites=1,"
            " settings_overrides={'AUTOTHROTTLE_ENABLED': False}, interruption=interruption)\n"
            "print(json.dumps(results, ensure_ascii=False))\n"
            "sys.exit(exit_code(interruption.signum) if interruption.signum else 0)\n"
        )
        sites = tmp_path / "three.yaml"
        sites.write_text(yaml.safe_dump({"sites": entries}, allow_unicode=True), encoding="utf-8")
        process = subprocess.Popen(
            [sys.executable, "-c", script, str(sites), sqlite_db_url],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        took, out, err = _signal_when_started(process, second, "/art/3.html", signal.SIGTERM)
        assert process.returncode == 143, err[-2000:]
        assert took < QUICK_S
        assert third.log == [], "the third site never started"
        first_url, second_url = first.url, second.url
    results = {stats["site"]: stats for stats in json.loads(out.strip().splitlines()[-1])}
    assert [(results[n]["status"], results[n]["reason"]) for n in ("first", "second", "third")] == [
        ("ok", None),
        ("partial", "interrupted"),
        ("partial", "interrupted"),
    ]
    assert _runs(sqlite_db_url) == [
        ("first", "ok", None),
        ("second", "partial", "interrupted"),
        ("third", "partial", "interrupted"),
    ]
    owed = _owed(sqlite_db_url)
    assert owed.get(second_url + "/art/3.html") == "page", owed
    assert not any(url.startswith(first_url) for url in owed)


@pytest.fixture
def run_home(tmp_path: Path) -> Iterator[dict[str, str]]:
    home = tmp_path / "home"
    home.mkdir()
    yield {**os.environ, "ZONEWATCH_HOME": str(home), "ZONEWATCH_PROGRESS": "0"}


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with open(task / "children", encoding="ascii") as listing:
            found += [int(child) for child in listing.read().split()]
    return found


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_zonewatch_run_passes_the_signal_to_its_crawl(
    tmp_path: Path,
    sqlite_db_url: str,
    run_home: dict[str, str],
    clean_night: set[tuple[Any, ...]],
    signum: int,
) -> None:
    held = "/files/4.pdf"
    with TinySite(lists=LISTS, per_list=PER_LIST) as site:
        site.hold(held)
        sites = _sites_file(tmp_path, site)
        command = [sys.executable, "-m", "zonewatch", "run", "--sites", str(sites), "--db", sqlite_db_url]
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=run_home
        )
        deadline = time.monotonic() + 120
        while not site.has_started(held) and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.05)
        crawl = _children(process.pid)
        assert crawl, "the crawl child runs"
        took, _, err = _signal_when_started(process, site, held, signum)
        site.release()
        assert process.returncode == CODES[signum], err[-2000:]
        assert took < QUICK_S, f"{took:.1f} s to stop"
        assert "Traceback" not in err and f"crawl interrupted ({signal.Signals(signum).name})" in err, err[
            -2000:
        ]
        assert not any(Path(f"/proc/{pid}").exists() for pid in crawl), "no crawl left behind"
        assert _runs(sqlite_db_url) == [("tiny", "partial", "interrupted")]
        assert _owed(sqlite_db_url).get(site.url + held) == "attachment"

        again = subprocess.run(
            command, capture_output=True, text=True, env=run_home, timeout=300, check=False
        )
        assert again.returncode == 0, again.stderr[-2000:]
        assert _documents(sqlite_db_url, site) == clean_night
