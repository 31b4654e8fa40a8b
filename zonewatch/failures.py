"""Exit codes and the one-line message for every failure a user can meet.

Every command goes through `explain`, so a mistake or an environment failure is one line on stderr
and a documented exit code (README, "Exit codes"), never a traceback. Only a bug reaches
`INTERNAL`, and even that is one line unless ZONEWATCH_DEBUG asks for the traceback.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import re
import signal
import sys
import traceback
from collections.abc import Iterator
from enum import IntEnum
from typing import Any

import click


class ExitCode(IntEnum):
    """The process exit status of `zonewatch`; the README's table lists the same."""

    OK = 0
    USER_ERROR = 1  # a mistake the user can fix: sites file, --db URL, option value
    USAGE = 2  # click's own: unknown option, missing argument (and `extract`: the file gave no text)
    SITE_FAILED = 3  # the work ran, but a site failed (blocked, unreachable, empty list)
    DATABASE = 4  # the database cannot be reached or opened
    STORAGE = 5  # cannot write: read-only or full file system (home, database file, --out)
    MAIL = 6  # the digest was not delivered (it stays queued and is retried)
    BUSY = 7  # another run holds this database
    INTERNAL = 70  # a bug (EX_SOFTWARE)
    INTERRUPTED = 130  # Ctrl-C / SIGINT
    TERMINATED = 143  # SIGTERM (an Airflow timeout, a service stop)


class Terminated(BaseException):  # noqa: N818 - named like KeyboardInterrupt, its SIGTERM twin
    """SIGTERM arrived: the command stops as on Ctrl-C (one line, exit 143), not killed silently."""


@contextlib.contextmanager
def sigterm_stops_like_ctrl_c() -> Iterator[None]:
    """Within the block, SIGTERM raises Terminated in the main thread (Python's default would end the
    process without a word or any cleanup); the previous handler is put back after."""

    def stop(_signum: int, _frame: Any) -> None:
        raise Terminated()

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


class CliError(click.ClickException):
    """A failure shown to the user as one line, with its own exit code."""

    def __init__(self, message: str, exit_code: int = ExitCode.USER_ERROR) -> None:
        super().__init__(one_line(message))
        self.exit_code = int(exit_code)


# SQLite says these when the file system, not the database, is the problem.
_SQLITE_STORAGE = re.compile(
    r"readonly database|read-only|disk is full|disk I/O error|unable to open database file|"
    r"no space left|could not extend file|could not write",
    re.IGNORECASE,
)
_WRITE_ERRNOS = {errno.EROFS, errno.EACCES, errno.EPERM, errno.ENOSPC, errno.EDQUOT, errno.EISDIR}


def one_line(message: object) -> str:
    """A message with its line breaks and runs of blanks folded into single spaces."""
    return re.sub(r"\s+", " ", str(message)).strip()


def read_failure(exc: OSError, exit_code: int = ExitCode.USER_ERROR, path: object = None) -> CliError:
    """The one line for a file that could not be read: 'cannot read FILE: reason' (FILE: the
    error's own, else `path`: a failing read() names no file, unlike a failing open())."""
    where = exc.filename or path or ""
    reason = exc.strerror or str(exc)
    return CliError(f"cannot read {where}: {reason}" if where else f"cannot read: {reason}", exit_code)


@contextlib.contextmanager
def reading(path: object = None, exit_code: int = ExitCode.USER_ERROR) -> Iterator[None]:
    """Within the block an OSError is a failure to *read* (default exit 1, the user's file to fix;
    the database check passes exit 4), not to write; `path` names the file when the error does not.

    An OSError says nothing of whether it came from a read or a write, and one that reaches
    `explain` is taken for a write (exit 5: read-only or full file system). So the code that only
    reads says so here, and this is where read and write part ways.
    """
    try:
        yield
    except FileNotFoundError:
        raise  # explain's "FILE: file not found", exit 1, for reads and writes alike
    except OSError as exc:
        raise read_failure(exc, exit_code, path) from None


def _os_error(exc: OSError) -> CliError:
    # Reads are wrapped in `reading`: what is left failed while writing (home, database, --out).
    where = exc.filename or ""
    reason = exc.strerror or str(exc)
    if exc.errno in _WRITE_ERRNOS:
        return CliError(
            f"cannot write {where}: {reason}" if where else f"cannot write: {reason}", ExitCode.STORAGE
        )
    return CliError(f"{where}: {reason}" if where else reason, ExitCode.STORAGE)


def _database_error(exc: Exception) -> CliError:
    reason = one_line(getattr(exc, "orig", None) or exc)
    if _SQLITE_STORAGE.search(reason):
        return CliError(f"cannot write the database: {reason}", ExitCode.STORAGE)
    return CliError(f"cannot use the database: {reason}", ExitCode.DATABASE)


def explain(exc: BaseException) -> click.ClickException:
    """The user-facing one-line error (with exit code) for an exception that escaped a command."""
    from sqlalchemy import exc as sa

    from storage.db import DatabaseMissing
    from zonewatch.runlock import RunBusy
    from zonewatch.sites import ConfigError

    if isinstance(exc, click.ClickException):
        return exc
    if isinstance(exc, DatabaseMissing):
        return CliError(str(exc), ExitCode.DATABASE)
    if isinstance(exc, RunBusy):
        return CliError(str(exc), ExitCode.BUSY)
    if isinstance(exc, ConfigError):
        return CliError(str(exc), ExitCode.USER_ERROR)
    if isinstance(exc, FileNotFoundError):
        return CliError(f"{exc.filename}: file not found", ExitCode.USER_ERROR)
    if isinstance(exc, sa.ArgumentError | sa.NoSuchModuleError):
        return CliError(f"bad database URL: {exc}", ExitCode.USER_ERROR)
    if isinstance(exc, sa.DBAPIError):
        return _database_error(exc)
    if isinstance(exc, OSError):
        return _os_error(exc)
    if isinstance(exc, KeyboardInterrupt):
        return CliError("interrupted", ExitCode.INTERRUPTED)
    if isinstance(exc, Terminated):
        return CliError("interrupted (SIGTERM)", ExitCode.TERMINATED)
    hint = "" if debugging() else " (set ZONEWATCH_DEBUG=1 for the traceback)"
    return CliError(f"internal error: {type(exc).__name__}: {exc}{hint}", ExitCode.INTERNAL)


def debugging() -> bool:
    """ZONEWATCH_DEBUG=1 lets unexpected exceptions through with their traceback, for developers."""
    return os.environ.get("ZONEWATCH_DEBUG", "").lower() in {"1", "true", "yes"}


class OneLineLogHandler(logging.Handler):
    """Warnings and errors logged by the libraries (Scrapy, the parse stage) as one stderr line each.

    Without a handler Python prints a logged exception with its whole traceback; a user gets
    `warning: <logger>: <message> (<Exception>: <reason>)` instead. ZONEWATCH_DEBUG keeps tracebacks.
    """

    def emit(self, record: logging.LogRecord) -> None:
        try:
            message = one_line(record.getMessage())
            if record.exc_info and record.exc_info[1] is not None:
                error = record.exc_info[1]
                message += f" ({type(error).__name__}: {one_line(error)})"
                if debugging():
                    message += "\n" + "".join(traceback.format_exception(*record.exc_info)).rstrip()
            level = record.levelname.lower()
            sys.stderr.write(f"{level}: {record.name}: {message}\n")
        except Exception:  # logging must never take the command down
            self.handleError(record)


def log_to_stderr_in_one_line() -> None:
    """Route WARNING and above of every logger through OneLineLogHandler (once per process)."""
    root = logging.getLogger()
    if not any(isinstance(handler, OneLineLogHandler) for handler in root.handlers):
        root.addHandler(OneLineLogHandler(logging.WARNING))
