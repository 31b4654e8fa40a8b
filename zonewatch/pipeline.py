"""The nightly job end to end: crawl → parse → diff → digest, as `zonewatch run` and the demo use it.

The crawl always runs in a child process (`zonewatch crawl`), as under Airflow: Scrapy's reactor
starts once per process, and the demo crawls twice. SIGINT and SIGTERM reach that child only through
this process, exactly once (it runs in its own process group), so Ctrl-C or an Airflow timeout stops
the crawl the way it stops a crawl run by hand: within seconds, nothing lost, sites `partial`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import re
import signal
import subprocess
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zonewatch.progress import StageProgress
from zonewatch.settings import Settings

# `zonewatch crawl` prints this on stderr as each site finishes: "[3/40] name ok new …".
SITE_DONE = re.compile(r"^\[(\d+)/(\d+)\] ")
# `zonewatch crawl --page-events` prints this and the site's name on stderr for every page fetched.
PAGE_EVENT = "@page "
# Off a terminal, parse progress is a line every this many documents.
PARSE_LINE_EVERY = 50
# `zonewatch crawl` exits with this when a site failed (blocked, unreachable, empty list): the stats
# still say which and why. Any other non-zero exit is a crash.
CRAWL_FAILED_EXIT = 3
# A crawl child that stopped on SIGINT / SIGTERM exits with these (crawlers.interrupt).
INTERRUPTED_EXITS = {128 + signal.SIGINT: "SIGINT", 128 + signal.SIGTERM: "SIGTERM"}
# Seconds a crawl child gets to record what it owes after SIGTERM before it is killed.
STOP_GRACE_S = 20.0
log = logging.getLogger(__name__)


class StageError(RuntimeError):
    """A stage could not run at all (as opposed to some sites or documents failing inside it).

    exit_code is the child's documented exit code (zonewatch.failures.ExitCode) when it had one,
    so `run` exits as the stage did: 5 for a full disk, 7 for a busy database.
    """

    def __init__(self, message: str, exit_code: int | None = None) -> None:
        super().__init__(message)
        self.exit_code = exit_code


class CrawlInterrupted(StageError):
    """The crawl child was stopped by SIGINT or SIGTERM: what it fetched and owes is recorded and
    its unfinished sites are `partial`; exit_code is 130 or 143, stats its JSON (None if forced)."""

    def __init__(self, message: str, exit_code: int, stats: dict[str, Any] | None) -> None:
        super().__init__(message, exit_code)
        self.stats = stats


def stop_child(process: subprocess.Popen[str], grace_s: float = STOP_GRACE_S) -> None:
    """SIGTERM, so the crawl records what it owes, then SIGKILL if it has not exited in grace_s."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        process.terminate()
    try:
        process.wait(grace_s)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextlib.contextmanager
def forwarding_signals(process: subprocess.Popen[str]) -> Iterator[list[int]]:
    """Pass SIGINT and SIGTERM received by this process on to the child while the block runs (in the
    main thread only: Python handles signals there); yields the signals passed on."""
    passed: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield passed
        return

    def forward(signum: int, _frame: Any) -> None:
        passed.append(signum)
        with contextlib.suppress(ProcessLookupError):
            process.send_signal(signum)

    previous = {signum: signal.signal(signum, forward) for signum in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield passed
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


@dataclass
class NightResult:
    started_at: dt.datetime
    crawl: dict[str, Any] = field(default_factory=dict)
    parse: dict[str, Any] = field(default_factory=dict)
    diff: dict[str, Any] = field(default_factory=dict)
    digest: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "started_at": self.started_at.isoformat(),
            "crawl": self.crawl,
            "parse": self.parse,
            "diff": self.diff,
            "digest": self.digest,
        }


def last_json_line(output: str) -> dict[str, Any]:
    """The stats object a stage prints as its last stdout line."""
    for line in reversed(output.strip().splitlines()):
        line = line.strip()
        if line.startswith("{"):
            return json.loads(line)
    raise StageError("the stage printed no JSON stats line")


def child_failure(stage: str, returncode: int, output: str) -> StageError:
    """The StageError for a `zonewatch` child that exited with an error: its own one-line message."""
    from zonewatch.failures import ExitCode

    lines = [line.strip() for line in output.strip().splitlines() if line.strip()]
    errors = [line.removeprefix("Error: ") for line in lines if line.startswith("Error: ")]
    reason = errors[-1] if errors else " | ".join(lines[-3:]) or "no output"
    known = {int(code) for code in ExitCode} - {0, CRAWL_FAILED_EXIT}
    code = returncode if returncode in known else None
    return StageError(f"zonewatch {stage} exited {returncode}: {reason}", code)


def crawl_command(
    sites_file: Path, db_url: str, *, site_names: Iterable[str] = (), page_events: bool = False
) -> list[str]:
    """The argv of a crawl child: `zonewatch crawl --json` with this interpreter, for these sites
    (all of the file's when none are named); with page_events, a stderr line per page fetched."""
    command = [
        sys.executable,
        "-m",
        "zonewatch",
        "crawl",
        "--json",
        "--sites",
        str(sites_file),
        "--db",
        db_url,
    ]
    if page_events:
        command.append("--page-events")
    for name in site_names:
        command += ["--site", name]
    return command


def crawl_subprocess(
    sites_file: Path,
    db_url: str,
    site_names: list[str] | None = None,
    timeout: float | None = None,
    on_line: Callable[[str], None] | None = None,
    page_events: bool = False,
) -> dict[str, Any]:
    """Run `zonewatch crawl --json` in a child process; a failed site is in the stats, not an exception.

    The child's stderr is passed on line by line as it comes (one line per finished site, matched by
    SITE_DONE) to on_line, by default the log (under Airflow, the task log); with page_events,
    also a PAGE_EVENT line per page fetched (for a progress bar, not for a log). The child holds this
    process's run lock, or takes it shared, and dies with this process (zonewatch.runlock).
    SIGINT/SIGTERM sent to this process are passed on to the child, which stops and records its
    unfinished sites; then CrawlInterrupted is raised. After `timeout` s the child gets SIGTERM (then
    SIGKILL) and subprocess.TimeoutExpired is raised. Raises StageError when the child fails as a whole.
    """
    from zonewatch.runlock import child_env

    command = crawl_command(sites_file, db_url, site_names=site_names or (), page_events=page_events)
    tell = on_line or (lambda line: log.info("crawl: %s", line))
    # Its own process group: a terminal's Ctrl-C reaches it once, through forwarding_signals.
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=child_env(db_url),
        process_group=0,
    )
    assert process.stdout is not None and process.stderr is not None
    stdout: list[str] = []
    reader = threading.Thread(target=lambda: stdout.append(process.stdout.read()), daemon=True)  # type: ignore[union-attr]
    reader.start()
    expired = threading.Event()
    timer = threading.Timer(timeout, lambda: (expired.set(), stop_child(process))) if timeout else None
    if timer is not None:
        timer.start()
    tail: deque[str] = deque(maxlen=40)
    try:
        with forwarding_signals(process):
            for raw in process.stderr:
                line = raw.rstrip("\n")
                if not line.startswith(PAGE_EVENT):
                    tail.append(line)  # the tail explains a failure; page events say nothing there
                tell(line)
            returncode = process.wait()
    except BaseException:
        stop_child(process)  # an exception here (Airflow stopping the task): let the crawl record
        raise
    finally:
        if timer is not None:
            timer.cancel()
        reader.join()
    if expired.is_set():
        raise subprocess.TimeoutExpired(command, timeout or 0)
    if returncode in INTERRUPTED_EXITS:
        stats = _stats_or_none("".join(stdout))
        errors = [line.removeprefix("Error: ") for line in tail if line.startswith("Error: ")]
        reason = errors[-1] if errors else f"interrupted ({INTERRUPTED_EXITS[returncode]})"
        raise CrawlInterrupted(f"crawl {reason}", returncode, stats)
    if returncode not in (0, CRAWL_FAILED_EXIT):
        raise child_failure("crawl", returncode, "\n".join(tail) or "".join(stdout))
    return last_json_line("".join(stdout))


def _stats_or_none(output: str) -> dict[str, Any] | None:
    try:
        return last_json_line(output)
    except (StageError, ValueError):
        return None  # a second signal forced the child out before it printed its stats


def _count_sites(sites_file: Path) -> int | None:
    from zonewatch.sites import ConfigError, load_sites, select_sites

    try:
        return len(select_sites(load_sites(sites_file), []))
    except ConfigError:
        return None  # the child says what is wrong with it


def parse_progress(progress: StageProgress) -> Callable[[int, int], None]:
    """The on_document callback of parse_documents that drives `progress`'s "parse" stage."""

    def on_document(done: int, total: int) -> None:
        if done == 1:
            progress.total("parse", total)
        plain = done % PARSE_LINE_EVERY == 0 or done == total
        progress.advance("parse", f"parse: {done}/{total} documents  {progress.elapsed()}" if plain else None)

    return on_document


def run_night(
    settings: Settings,
    sites_file: Path,
    *,
    out: Path | None = None,
    send: bool = False,
    only_new_since_start: bool = False,
    progress: StageProgress | None = None,
) -> NightResult:
    """One night's work. With only_new_since_start the digest shows only this night's changes.

    progress, when given, shows sites crawled and documents parsed (a bar on a terminal, a line
    per site elsewhere).
    """
    from monitor.compare.changes import update_changes
    from monitor.delivery.outbox import deliver_digest
    from parsers.stage import parse_documents
    from storage.migrate import upgrade
    from storage.models import utcnow
    from zonewatch.sites import load_sites

    result = NightResult(started_at=utcnow())
    upgrade(settings.db_url)
    if progress is None:
        result.crawl = crawl_subprocess(sites_file, settings.db_url)
        result.parse = parse_documents(settings.db_url)
    else:
        # As in `zonewatch crawl`: the bar counts pages, its note the sites done.
        sites = _count_sites(sites_file)
        progress.stage("crawl", None, "pages")
        progress.note("crawl", f"· 0/{sites if sites is not None else '?'} sites")

        def crawl_line(line: str) -> None:
            if line.startswith(PAGE_EVENT):
                progress.advance("crawl")
            elif done := SITE_DONE.match(line):
                progress.note("crawl", f"· {done[1]}/{done[2]} sites")
                if not progress.live:
                    progress.log(line)
            else:
                log.info("crawl: %s", line)

        result.crawl = crawl_subprocess(
            sites_file, settings.db_url, on_line=crawl_line, page_events=progress.live
        )
        progress.total("crawl", progress.done("crawl"))
        progress.stage("parse", None, "documents")
        result.parse = parse_documents(settings.db_url, on_document=parse_progress(progress))
    result.diff = update_changes(settings.db_url)
    since = result.started_at if only_new_since_start else None
    # Sites taken out of this sites file are no longer reported in the digest.
    configured = {site.name for site in load_sites(sites_file) if site.enabled}
    result.digest = deliver_digest(settings, out=out, send=send, since=since, sites=configured)
    return result
