"""Options and error handling shared by every zonewatch command."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from zonewatch.settings import Settings, load_settings
from zonewatch.sites import ConfigError, SiteConfig, load_sites

F = TypeVar("F", bound=Callable[..., Any])


class UserError(click.ClickException):
    """A mistake the user can fix: printed as one line, exit status 1, no traceback."""


def db_option(func: F) -> F:
    return click.option(
        "--db",
        "db_url",
        metavar="URL",
        default=None,
        help="SQLAlchemy database URL (default: $ZONEWATCH_DB_URL, else SQLite under $ZONEWATCH_HOME).",
    )(func)


def sites_option(func: F) -> F:
    return click.option(
        "--sites",
        "sites_file",
        type=click.Path(path_type=Path),
        default=None,
        help="Sites YAML file (default: $ZONEWATCH_SITES).",
    )(func)


def user_errors(func: F) -> F:
    """Turn the project's expected failures into one clear line instead of a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ConfigError as exc:
            raise UserError(str(exc)) from None
        except FileNotFoundError as exc:
            raise UserError(f"{exc.filename}: file not found") from None

    return wrapper  # type: ignore[return-value]


def settings_for(db_url: str | None = None, **overrides: Any) -> Settings:
    return load_settings().with_overrides(db_url=db_url, **overrides)


def read_sites(settings: Settings, sites_file: Path | None) -> list[SiteConfig]:
    path = sites_file or settings.sites_file
    if path is None:
        raise UserError("no sites file: pass --sites FILE or set ZONEWATCH_SITES")
    return load_sites(path)


def ready_db(settings: Settings) -> str:
    """Bring the database to the current schema (by migrations) and return its URL."""
    from sqlalchemy.exc import OperationalError

    from storage.migrate import upgrade

    try:
        upgrade(settings.db_url)
    except OperationalError as exc:
        raise UserError(f"cannot open database {settings.db_url}: {exc.orig}") from None
    return settings.db_url
