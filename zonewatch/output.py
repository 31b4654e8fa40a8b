"""What the commands print for people: aligned Chinese tables and summaries (and JSON for --json).

Every command prints through this module so that
- columns line up by display width (a Chinese character takes two terminal cells; `str.ljust`
  counts it as one, which is what broke the old tab- and `:<24`-padded lines);
- a pipe, a file or a log gets plain aligned text: no colour, no escape codes, no box drawing,
  no trailing blanks, no wrapping at 80 columns;
- a reader that closes the pipe early (`zonewatch reports | head -1`) ends the command quietly:
  no "Broken pipe", no traceback, and the command keeps its own exit status.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Iterable, Sequence
from typing import Any

import click

# Nothing is wrapped or cut (see render_table): a line as long as its longest cells beats a cut date.
PLAIN_WIDTH = 10_000
# The status a command ends with when its reader went away before anything else decided one
# (a shell reports a process killed by SIGPIPE as 128 + 13).
CLOSED_PIPE_EXIT = 141
MISSING = "-"


def stdout_gone() -> None:
    """Point stdout at /dev/null once its reader has gone, so no later write or the interpreter's
    final flush reports the closed pipe."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def echo(text: str = "") -> None:
    """One line (or several) on stdout; a closed pipe is not an error."""
    try:
        click.echo(text)
    except BrokenPipeError:
        stdout_gone()


def print_json(data: Any, **dumps: Any) -> None:
    """`data` as JSON on stdout, with the command's own json.dumps options (its shape unchanged)."""
    echo(json.dumps(data, **dumps))


def _terminal() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def _cell(value: Any) -> str:
    if value is None or value == "":
        return MISSING
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _numeric(values: list[Any]) -> bool:
    present = [v for v in values if v is not None]
    return bool(present) and all(isinstance(v, int | float) and not isinstance(v, bool) for v in present)


def render_table(
    columns: Sequence[str], rows: Iterable[Sequence[Any]], *, terminal: bool = False
) -> list[str]:
    """The table's lines: header, then one line per row, columns aligned by display width.

    Numbers are right-aligned, None and "" shown as "-". On a terminal the header is bold and
    underlined by a rule; elsewhere the lines are plain text. Nothing is wrapped or cut, on a
    terminal either: rich fitting a wide table to 80 columns cuts dates to "2026-03-…" and drops
    columns; a long line the terminal wraps loses nothing.
    """
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    rows = [list(row) for row in rows]
    table = Table(
        box=box.SIMPLE_HEAD if terminal else None,
        show_edge=False,
        pad_edge=False,
        padding=(0, 1) if terminal else (0, 2, 0, 0),
        header_style="bold" if terminal else None,
    )
    for index, name in enumerate(columns):
        numbers = _numeric([row[index] for row in rows])
        table.add_column(name, justify="right" if numbers else "left", no_wrap=True)
    for row in rows:
        # Text, not str: a cell holding "[…]" (a site's reason, a title) is not rich markup.
        table.add_row(*(Text(_cell(value)) for value in row))
    console = Console(
        width=PLAIN_WIDTH,
        color_system="auto" if terminal else None,
        force_terminal=terminal,
        no_color=True if not terminal else None,  # None: NO_COLOR in the environment still counts
        highlight=False,
        emoji=False,
        legacy_windows=False,
    )
    with console.capture() as captured:
        console.print(table)
    return [line.rstrip() for line in captured.get().splitlines()]


def table(title: str | None, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Print a titled table on stdout for people: aligned by display width, plain off a terminal."""
    terminal = _terminal()
    if title:
        echo(title)
    for line in render_table(columns, rows, terminal=terminal):
        echo(line)


def summary(title: str, pairs: Iterable[tuple[str, Any]]) -> None:
    """A titled list of figures (项目 · 数量) as a two-column table."""
    table(title, ["项目", "数量"], list(pairs))
