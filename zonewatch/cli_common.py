"""Options and error handling shared by every zonewatch command."""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import click

from zonewatch.failures import CliError, ExitCode, debugging, explain, log_to_stderr_in_one_line
from zonewatch.settings import Settings, load_settings
from zonewatch.sites import SiteConfig, load_sites

F = TypeVar("F", bound=Callable[..., Any])


class UserError(CliError):
    """A mistake the user can fix: printed as one line, exit status 1, no traceback."""


class ZonewatchGroup(click.Group):
    """The command group: whatever escapes a subcommand becomes one line and its exit code."""

    def make_context(
        self, info_name: str | None, args: list[str], parent: click.Context | None = None, **extra: Any
    ) -> click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.UsageError as exc:  # `zonewatch --bogus`
            raise one_line_usage(exc) from None

    def invoke(self, ctx: click.Context) -> Any:
        log_to_stderr_in_one_line()
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:  # a subcommand's unknown option, missing argument, bad value
            raise one_line_usage(exc) from None
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException, SystemExit):
            raise
        except BrokenPipeError:
            raise _closed_pipe() from None
        except BaseException as exc:
            raise _explained(exc) from None


def one_line_usage(exc: click.UsageError) -> click.ClickException:
    """A usage error as one `Error:` line (exit 2) like every other error, pointing at --help,
    instead of click's usage block; a bare group (`zonewatch db`) still shows its help."""
    if isinstance(exc, click.exceptions.NoArgsIsHelpError):
        return exc
    where = exc.ctx.command_path if exc.ctx is not None else "zonewatch"
    return CliError(f"{exc.format_message()} (see: {where} --help)", ExitCode.USAGE)


def _closed_pipe() -> SystemExit:
    """The reader of stdout went away mid-command (`… | head -1`): end quietly, as a process killed
    by SIGPIPE would (zonewatch.output swallows the closed pipe where the output is the last thing)."""
    from zonewatch.output import CLOSED_PIPE_EXIT, stdout_gone

    stdout_gone()
    return SystemExit(CLOSED_PIPE_EXIT)


def _explained(exc: BaseException) -> click.ClickException:
    explained = explain(exc)
    if debugging() and getattr(explained, "exit_code", None) == ExitCode.INTERNAL:
        raise exc
    return explained


def db_option(func: F) -> F:
    return click.option(
        "--db",
        "db_url",
        metavar="URL",
        default=None,
        help="SQLAlchemy database URL (default: $ZONEWATCH_DB_URL, else SQLite under $ZONEWATCH_HOME).",
    )(func)


def wait_option(func: F) -> F:
    return click.option(
        "--wait",
        "wait_seconds",
        type=click.FloatRange(min=0),
        default=0,
        metavar="SECONDS",
        help="When another run holds the database, wait this long for it (default: exit 7 at once).",
    )(func)


@contextlib.contextmanager
def one_run_at_a_time(
    settings: Settings, command: str, wait_seconds: float, *, create: bool = False
) -> Iterator[None]:
    """Hold the database's run lock (zonewatch.runlock) for the block; busy is exit 7, one line.

    The database is checked first (zonewatch.database.require_db): the lock file would otherwise
    create the folder of a mistyped SQLite path before the command could refuse it."""
    from zonewatch.database import require_db
    from zonewatch.runlock import RunBusy, run_lock

    require_db(settings, create=create)

    def tell(message: str) -> None:
        click.echo(message, err=True)

    try:
        with run_lock(settings.db_url, command, wait=wait_seconds, on_wait=tell, create=create) as holding:
            if holding.took_over:
                tell(
                    f"note: took over the lock of a run that ended without releasing it ({holding.took_over})"
                )
            yield
    except RunBusy as exc:
        hint = "" if wait_seconds else "; pass --wait SECONDS to wait for it"
        raise CliError(f"{exc}{hint}", ExitCode.BUSY) from None


# click.Path checks an existing file's readability itself and calls an unreadable one a usage error
# (exit 2, three lines), while a missing one reached the loader (exit 1): with readable=False every
# problem of a file to read is the loader's one line and exit 1.
INPUT_FILE = click.Path(path_type=Path, readable=False)


def sites_option(func: F) -> F:
    return click.option(
        "--sites",
        "sites_file",
        type=INPUT_FILE,
        default=None,
        help="Sites YAML file (default: $ZONEWATCH_SITES).",
    )(func)


def user_errors(func: F) -> F:
    """Turn every failure into one clear line and its exit code instead of a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException, SystemExit):
            raise
        except BrokenPipeError:
            raise _closed_pipe() from None
        except BaseException as exc:
            raise _explained(exc) from None

    return wrapper  # type: ignore[return-value]


def settings_for(db_url: str | None = None, **overrides: Any) -> Settings:
    """The environment's settings with the command's flags on top; a database URL that cannot
    work (unparsable, unknown dialect, driver not installed) is refused here, before any work."""
    settings = load_settings().with_overrides(db_url=db_url, **overrides)
    check_db_url(settings.db_url)
    return settings


def check_db_url(url: str) -> None:
    """Raise UserError unless SQLAlchemy can parse the URL and load its dialect and driver."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    try:
        parsed = make_url(url)
        dialect = parsed.get_dialect()
    except (ArgumentError, NoSuchModuleError, ValueError) as exc:
        raise UserError(f"bad database URL {url!r}: {exc}") from None
    try:
        dialect.import_dbapi()
    except ImportError as exc:
        shown = parsed.render_as_string(hide_password=True)
        raise UserError(
            f"bad database URL {shown}: its driver is not installed ({exc.name}); "
            "use sqlite:///PATH or postgresql+psycopg://…"
        ) from None


def writable_out(out: Path | None) -> Path | None:
    """Fail before any work when the digest could not be written to `out` (one line, exit 5)."""
    if out is None:
        return None
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        # Opening for append creates nothing new when it exists and proves the write would work.
        existed = out.exists()
        with out.open("a", encoding="utf-8"):
            pass
        if not existed:
            out.unlink()
    except OSError as exc:
        raise CliError(f"cannot write {out}: {exc.strerror or exc}", ExitCode.STORAGE) from None
    return out


def read_sites(settings: Settings, sites_file: Path | None) -> list[SiteConfig]:
    """The sites of the file, each zone under its registered name; zones the registry does not know
    are accepted with a warning on stderr."""
    from config.registry.sites import registered_sites

    path = sites_file or settings.sites_file
    if path is None:
        raise UserError("no sites file: pass --sites FILE or set ZONEWATCH_SITES")
    sites, messages = registered_sites(load_sites(path))
    for message in messages:
        click.echo(f"{path}: {message}", err=True)
    return sites


def ready_db(settings: Settings, *, create: bool = False) -> str:
    """The database checked (only writing commands pass create=True) and migrated; its URL.
    See zonewatch.database for the rule."""
    from zonewatch.database import ready_db as ready

    return ready(settings, create=create)


def explain_database(url: str, exc: Exception) -> click.ClickException:
    """The one-line error for a database that cannot be opened, naming it without its password."""
    from zonewatch.database import explain_database as explained

    return explained(url, exc)
