"""Progress of long work (crawl, parse, run): a live bar on a terminal, plain lines elsewhere.

On a terminal (stderr is a TTY) `rich` draws one bar per stage: items done of total and elapsed
time. Anywhere else — a pipe, cron, a file, an Airflow task (AIRFLOW_CTX_DAG_ID is set) — there is
no bar and no escape codes: only the lines a stage chooses to log (one per site for a crawl), so a
log reads as a story, not as redrawn frames.
"""

from __future__ import annotations

import os
import sys
import time
from types import TracebackType
from typing import IO, Any

import click


def interactive(stream: IO[str] | None = None) -> bool:
    """Whether to draw live progress: stderr is a terminal, not under Airflow, not TERM=dumb.

    ZONEWATCH_PROGRESS=0 turns the bar off on a terminal too.
    """
    stream = stream or sys.stderr
    if os.environ.get("ZONEWATCH_PROGRESS", "").lower() in {"0", "no", "off", "false"}:
        return False
    if os.environ.get("AIRFLOW_CTX_DAG_ID") or os.environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class StageProgress:
    """Progress of one or more stages of a command, as a context manager.

    `stage(name, total, unit)` starts a stage (total None: not known yet); `advance(name, line)`
    counts one item done and, when not on a terminal, prints `line` if one is given; `note(name,
    text)` shows text after the count ("· 1/4 sites" beside a crawl's pages); `log(line)` prints a
    line above the bar (or plainly). Elapsed time is from the start of the command.
    """

    def __init__(self, stream: IO[str] | None = None) -> None:
        self.stream = stream or sys.stderr
        self.live = interactive(self.stream)
        self.started = time.monotonic()
        self._tasks: dict[str, Any] = {}
        self._done: dict[str, int] = {}
        self._progress: Any = None

    def __enter__(self) -> StageProgress:
        if self.live:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
            )

            self._progress = Progress(
                TextColumn("[bold]{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[unit]}"),
                TextColumn("{task.fields[note]}"),
                TimeElapsedColumn(),
                console=Console(file=self.stream, stderr=True),
                transient=False,
            )
            self._progress.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._progress is not None:
            self._progress.stop()

    def elapsed(self) -> str:
        seconds = int(time.monotonic() - self.started)
        return f"{seconds // 60}:{seconds % 60:02d}"

    def stage(self, name: str, total: int | None, unit: str) -> None:
        self._done[name] = 0
        if self._progress is not None:
            self._tasks[name] = self._progress.add_task(name, total=total, unit=unit, note="")

    def note(self, name: str, text: str) -> None:
        """Text shown after stage `name`'s count on the bar (nothing off a terminal)."""
        if self._progress is not None and name in self._tasks:
            self._progress.update(self._tasks[name], note=text)

    def total(self, name: str, total: int) -> None:
        if self._progress is not None and name in self._tasks:
            self._progress.update(self._tasks[name], total=total)

    def done(self, name: str) -> int:
        """How many items of stage `name` are done so far."""
        return self._done.get(name, 0)

    def advance(self, name: str, line: str | None = None) -> int:
        """One more item of stage `name` done; returns how many are done."""
        self._done[name] = self._done.get(name, 0) + 1
        if self._progress is not None and name in self._tasks:
            self._progress.advance(self._tasks[name])
        elif line:
            self.log(line)
        return self._done[name]

    def log(self, line: str) -> None:
        if self._progress is not None:
            self._progress.console.print(line, markup=False, highlight=False)
        else:
            click.echo(line, file=self.stream)
