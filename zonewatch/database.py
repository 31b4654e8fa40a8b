"""Which commands may create a database, and the one-line refusal when a `--db` names none.

Only the commands that write a night's work (`crawl`, `run`, `demo`) and `db upgrade` create a
database, and a SQLite file only in a folder that exists: a mistyped path must not leave an empty
database (and its folders) behind, nor make `reports`, `diff` or `health` answer "nothing" with
exit 0. Every other command refuses, exit 4, when the database or its schema is not there.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from config.settings import Settings, default_db_url
from zonewatch.failures import CliError, ExitCode, one_line, reading

if TYPE_CHECKING:  # SQLAlchemy is imported when used, so `zonewatch --help` stays instant
    from sqlalchemy.engine import URL

# The table Alembic keeps the schema's revision in: no such table, no zonewatch schema.
VERSION_TABLE = "alembic_version"


class NoDatabase(CliError):
    """The `--db` names no usable zonewatch database: one line, exit 4."""

    def __init__(self, message: str) -> None:
        super().__init__(message, ExitCode.DATABASE)


def shown(url: str | URL) -> str:
    """The URL as it may be printed: the password masked."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def _create_hint(url: str) -> str:
    return f"(create it with: zonewatch db upgrade --db {shown(url)})"


def require_db(settings: Settings, *, create: bool) -> None:
    """Raise NoDatabase unless the settings' database may be used as asked, touching nothing
    (but the home folder of the default database, when asked to create it).

    create=False (every reading command): the database must exist and hold the zonewatch schema.
    create=True (`db upgrade`, `crawl`, `run`, `demo`): a missing SQLite file is fine when its
    folder exists (the default database under ZONEWATCH_HOME may make its folder); a server
    database must exist and accept a connection, since zonewatch never creates server databases.
    """
    from sqlalchemy.engine import make_url

    url = make_url(settings.db_url)
    if url.get_backend_name() == "sqlite":
        if create:
            _require_sqlite(settings, url, create=True)
        else:
            # Only reading: a file or folder this user may not read is a database that cannot be
            # opened (exit 4, "cannot read PATH: Permission denied"), not a failed write (exit 5).
            with reading(url.database, ExitCode.DATABASE):
                _require_sqlite(settings, url, create=False)
    else:
        _require_server(url, create=create)


def _require_sqlite(settings: Settings, url: URL, *, create: bool) -> None:
    if not url.database or url.database == ":memory:" or url.query.get("mode") == "memory":
        return  # in-memory: nothing on disk to create by mistake
    path = Path(url.database)
    if path.is_dir():
        raise NoDatabase(f"{path} is a directory, not a zonewatch database")
    if not path.exists():
        if not create:
            raise NoDatabase(f"no zonewatch database at {path} {_create_hint(settings.db_url)}")
        is_default = settings.db_url == default_db_url(settings.home)
        if not path.parent.is_dir():
            if not is_default:
                raise NoDatabase(f"cannot create database {path}: folder {path.parent} does not exist")
            # The one folder zonewatch makes for a database: its own home, for the default one
            # (storage.db and the run lock make none).
            path.parent.mkdir(parents=True, exist_ok=True)
        return
    if create:
        return  # upgrading an existing file is what the command is for
    _require_sqlite_schema(path, settings.db_url)


def _require_sqlite_schema(path: Path, url: str) -> None:
    # SQLite says only "unable to open database file" for a file it may not read: name the reason.
    path.open("rb").close()
    # The stdlib driver, not the engine: the engine's pragmas would turn a stranger's file to WAL.
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            found = connection.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (VERSION_TABLE,)
            ).fetchone()
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:
        raise NoDatabase(f"cannot open database {path}: {one_line(exc)}") from None
    if found is None:
        raise NoDatabase(f"{path} holds no zonewatch schema {_create_hint(url)}")


def _require_server(url: URL, *, create: bool) -> None:
    from sqlalchemy import create_engine, inspect
    from sqlalchemy.exc import DBAPIError
    from sqlalchemy.pool import NullPool

    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            has_schema = inspect(connection).has_table(VERSION_TABLE)
    except DBAPIError as exc:
        reason = one_line(getattr(exc, "orig", None) or exc)
        raise NoDatabase(f"cannot open database {shown(url)}: {reason}") from None
    finally:
        engine.dispose()
    if not has_schema and not create:
        raise NoDatabase(f"database {shown(url)} holds no zonewatch schema {_create_hint(str(url))}")


def ready_db(settings: Settings, *, create: bool = False) -> str:
    """Check the database may be used (require_db), bring it to the current schema by migrations
    and return its URL; a database that fails while migrating is one line too."""
    from sqlalchemy.exc import OperationalError

    from storage.migrate import upgrade

    require_db(settings, create=create)
    try:
        upgrade(settings.db_url)
    except OperationalError as exc:
        raise explain_database(settings.db_url, exc) from None
    return settings.db_url


def explain_database(url: str, exc: Exception) -> CliError:
    """The one-line error for a database that cannot be opened, naming it without its password."""
    from zonewatch.failures import explain

    explained = explain(exc)
    if getattr(explained, "exit_code", None) == ExitCode.DATABASE:
        return CliError(
            f"cannot open database {shown(url)}: {one_line(getattr(exc, 'orig', exc))}", ExitCode.DATABASE
        )
    return explained  # type: ignore[return-value]
