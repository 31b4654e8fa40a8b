"""The nightly job end to end: crawl → parse → diff → digest, as `zonewatch run` and the demo use it.

The crawl always runs in a child process (`zonewatch crawl`), as under Airflow: Scrapy's reactor
starts once per process, and the demo crawls twice.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zonewatch.settings import Settings

# `zonewatch crawl` exits with this when a site failed (blocked, unreachable, empty list): the stats
# still say which and why. Any other non-zero exit is a crash.
CRAWL_FAILED_EXIT = 3
log = logging.getLogger(__name__)


class StageError(RuntimeError):
    """A stage could not run at all (as opposed to some sites or documents failing inside it).

    exit_code is the child's documented exit code (zonewatch.failures.ExitCode) when it had one,
    so `run` exits as the stage did: 5 for a full disk, 7 for a busy database.
    """

    def __init__(self, message: str, exit_code: int | None = None) -> None:
        super().__init__(message)
        self.exit_code = exit_code


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
    lines = [line.strip() for line in output.strip().splitlines() if line.strip()]
    errors = [line.removeprefix("Error: ") for line in lines if line.startswith("Error: ")]
    reason = errors[-1] if errors else " | ".join(lines[-3:]) or "no output"
    from zonewatch.failures import ExitCode

    known = {int(code) for code in ExitCode} - {0, CRAWL_FAILED_EXIT}
    code = returncode if returncode in known else None
    return StageError(
        f"{stage}: {reason}" if code else f"zonewatch {stage} exited {returncode}: {reason}", code
    )


def crawl_subprocess(
    sites_file: Path, db_url: str, site_names: list[str] | None = None, timeout: float | None = None
) -> dict[str, Any]:
    """Run `zonewatch crawl` in a child process; a failed site is in the stats, not an exception."""
    command = [sys.executable, "-m", "zonewatch", "crawl", "--sites", str(sites_file), "--db", db_url]
    for name in site_names or []:
        command += ["--site", name]
    from zonewatch.runlock import child_env

    # The child holds this run's lock (or a shared one under an orchestrator) and dies with us.
    completed = subprocess.run(
        command, capture_output=True, text=True, timeout=timeout, check=False, env=child_env(db_url)
    )
    # The child's per-site table goes to the caller's log (under Airflow, the task log).
    for line in completed.stderr.strip().splitlines()[-40:]:
        log.info("crawl: %s", line)
    if completed.returncode not in (0, CRAWL_FAILED_EXIT):
        raise child_failure("crawl", completed.returncode, completed.stderr or completed.stdout)
    return last_json_line(completed.stdout)


def run_night(
    settings: Settings,
    sites_file: Path,
    *,
    out: Path | None = None,
    send: bool = False,
    only_new_since_start: bool = False,
) -> NightResult:
    """One night's work. With only_new_since_start the digest shows only this night's changes."""
    from monitor.changes import update_changes
    from monitor.outbox import deliver_digest
    from parsers.stage import parse_documents
    from storage.migrate import upgrade
    from storage.models import utcnow

    result = NightResult(started_at=utcnow())
    upgrade(settings.db_url)
    result.crawl = crawl_subprocess(sites_file, settings.db_url)
    result.parse = parse_documents(settings.db_url)
    result.diff = update_changes(settings.db_url)
    since = result.started_at if only_new_since_start else None
    result.digest = deliver_digest(settings, out=out, send=send, since=since)
    return result
