"""One run at a time per database, with real processes on SQLite and PostgreSQL (issue 15, point 2)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from tests.zonewatch.conftest import demo_sites_file, zonewatch
from zonewatch.failures import ExitCode

# A process that holds the run lock like `zonewatch run` does until its stdin closes, then ends normally.
HOLDER = """
import sys
from zonewatch.runlock import run_lock
with run_lock(sys.argv[1], "run"):
    print("held", flush=True)
    sys.stdin.read()
"""


def start_holder(db_url: str) -> subprocess.Popen:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, db_url], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    return holder


@pytest.fixture
def holders() -> Iterator[list[subprocess.Popen]]:
    started: list[subprocess.Popen] = []
    yield started
    for process in started:
        if process.poll() is None:
            process.kill()
        process.wait()


@pytest.mark.parametrize("command", ["parse", "digest"])
def test_a_second_run_exits_at_once_naming_the_first(db_url: str, holders: list, command: str) -> None:
    holders.append(holder := start_holder(db_url))
    result = zonewatch(command, "--db", db_url)
    assert result.returncode == ExitCode.BUSY, result.stderr
    assert f"another run is in progress (pid {holder.pid}, started at " in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_a_second_run_with_wait_runs_after_the_first(db_url: str, holders: list) -> None:
    holders.append(holder := start_holder(db_url))
    second = subprocess.Popen(
        [sys.executable, "-m", "zonewatch", "parse", "--db", db_url, "--wait", "300"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert second.stderr is not None
    waiting = second.stderr.readline()
    assert waiting.startswith(f"waiting for another run to finish (pid {holder.pid}, "), waiting
    assert second.poll() is None, "it waits"
    assert holder.stdin is not None
    holder.stdin.close()  # the first run ends
    assert holder.wait(60) == 0
    assert second.wait(300) == 0, second.stderr.read()


def test_the_lock_of_a_killed_run_is_taken_over(db_url: str, holders: list) -> None:
    holders.append(holder := start_holder(db_url))
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    result = zonewatch("parse", "--db", db_url)
    assert result.returncode == 0, result.stderr
    if db_url.startswith("sqlite"):
        # The lock file still names the dead run: the new one says it took over.
        assert (
            f"took over the lock of a run that ended without releasing it (pid {holder.pid}" in result.stderr
        )


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except FileNotFoundError:
        return []
    return [int(child) for child in text.split()]


def _wait_for(predicate, seconds: float) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.slow
def test_kill_of_run_stops_its_crawl_and_frees_the_database(
    db_url: str, tmp_path: Path, mirror_server: object
) -> None:
    if not Path("/proc/self/task").exists():
        pytest.skip("needs /proc to find the run's children")
    sites = demo_sites_file(mirror_server, tmp_path / "sites.yaml", ["fengyuan"])
    data = yaml.safe_load(sites.read_text(encoding="utf-8"))
    data["sites"][0]["download_delay"] = 2  # slow enough to still be crawling when killed
    sites.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")

    run = subprocess.Popen(
        [sys.executable, "-m", "zonewatch", "run", "--sites", str(sites), "--db", db_url],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=dict(os.environ),
    )
    try:
        assert _wait_for(lambda: _children(run.pid), 120), "run started no crawl child"
        (crawl_child,) = _children(run.pid)
        # The crawl child works under the run's lock; a second run on the database is refused.
        second = zonewatch("crawl", "--sites", str(sites), "--db", db_url)
        assert second.returncode == ExitCode.BUSY, second.stderr
        assert f"(pid {run.pid}, started at " in second.stderr and "zonewatch run" in second.stderr
        assert run.poll() is None, "the first run must still be working"

        run.send_signal(signal.SIGKILL)
        run.wait()
        assert _wait_for(lambda: not Path(f"/proc/{crawl_child}").exists() or _zombie(crawl_child), 20), (
            "the crawl child outlived its run"
        )
    finally:
        if run.poll() is None:
            run.kill()
        run.wait()
    after = zonewatch("parse", "--db", db_url)
    assert after.returncode == 0, after.stderr


def _zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1].startswith("Z")
    except (FileNotFoundError, IndexError):
        return True
