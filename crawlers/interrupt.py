"""Ctrl-C and SIGTERM during a crawl: stop within seconds, lose nothing, and say so.

Scrapy's own first-signal stop waits for every request in the downloader (up to the download
timeout and its retries) and then closes the spiders as if they had finished, so a site whose
detail pages were never fetched passed as `ok`. Here the first SIGINT or SIGTERM (SIGTERM is what
an Airflow timeout or a worker shutdown sends) makes the runner, for each site still crawling,
record every detail page and attachment it asked for and did not receive as owed
(`pending_fetches`), commit what was fetched, close the site's run as `partial` with the reason
`interrupted`, record the sites that had not started the same way, and stop the reactor without
waiting for the downloads in flight. The crawl then exits 130 (SIGINT) or 143 (SIGTERM).

A second signal exits at once with the same code: what was committed stays, and the next run treats
the runs left open as killed (`interrupted`, lists walked whole again).
"""

from __future__ import annotations

import os
import signal
from collections import defaultdict
from collections.abc import Callable
from types import FrameType
from typing import Any

from crawlers.owed import OpenRequest
from storage.writer import CrawlWriter

SIGNALS = (signal.SIGINT, signal.SIGTERM)
# The reason a crawl run carries when the crawl was stopped before the site was done.
INTERRUPTED = "interrupted"


def exit_code(signum: int) -> int:
    """The shell's exit status for a process ended by this signal: 130 for SIGINT, 143 for SIGTERM."""
    return 128 + signum


class Interruption:
    """The first SIGINT/SIGTERM while installed, and the stop it sets off in the reactor thread."""

    def __init__(self) -> None:
        self.signum: int | None = None
        self._previous: dict[int, Any] = {}
        self._on_signal: Callable[[], None] | None = None

    @property
    def name(self) -> str | None:
        """ "SIGINT" or "SIGTERM", None while no signal came."""
        return signal.Signals(self.signum).name if self.signum is not None else None

    def install(self, on_signal: Callable[[], None]) -> None:
        """Handle SIGINT and SIGTERM from now on: the first calls on_signal() in the reactor thread
        (also when the reactor has not started yet: it runs first thing); a second exits at once."""
        self._on_signal = on_signal
        for signum in SIGNALS:
            self._previous[signum] = signal.signal(signum, self._handle)

    def restore(self) -> None:
        """Put back the handlers found at install()."""
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)
        self._previous.clear()

    def _handle(self, signum: int, _frame: FrameType | None) -> None:
        if self.signum is not None:
            # Only async-signal-safe calls here: the first stop may be in the middle of a write.
            os.write(2, f"forced stop ({signal.Signals(signum).name}): exiting now\n".encode())
            os._exit(exit_code(self.signum))
        self.signum = signum
        from twisted.internet import reactor

        if self._on_signal is not None:
            reactor.callFromThread(self._on_signal)  # type: ignore[attr-defined]


def record_owed(
    writer: CrawlWriter, site_name: str, pages: list[OpenRequest], files: list[OpenRequest]
) -> None:
    """Queue the detail pages and attachments an interrupted site still owes, by the page or list
    that linked them; the caller flushes the writer."""
    for kind, requests in (("page", pages), ("attachment", files)):
        by_parent: dict[str | None, dict[str, str]] = defaultdict(dict)
        for request in requests:
            by_parent[request.parent_url].setdefault(request.url, request.name or "")
        for parent, fetches in by_parent.items():
            writer.owe(site_name, kind, parent, list(fetches.items()))
