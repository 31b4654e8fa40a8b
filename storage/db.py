"""Engines and sessions for the embedded SQLite default and PostgreSQL in production.

Opening a SQLite database never creates it: SQLite's own default would make an empty file (and
this module used to make its folders) at a mistyped path, and every reader (the zone pages, the
DAG's helpers) would then show "nothing" as if all were well. Only `create_sqlite`, called by the
migrations (`db upgrade` and the commands the CLI lets create a database), makes the file.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

_ENGINES: dict[str, Engine] = {}


class DatabaseMissing(RuntimeError):
    """A SQLite database file that is not there, met by code that must not create it."""

    def __init__(self, path: Path, message: str | None = None) -> None:
        super().__init__(message or f"no zonewatch database at {path}")
        self.path = path


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL; None for a server database or one in memory (nothing on disk)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    database = parsed.database
    if not database or database == ":memory:" or parsed.query.get("mode") == "memory":
        return None
    if database.startswith("file:"):  # a SQLite URI (`?uri=true`): its own options decide
        return None
    return Path(database)


def require_sqlite(url: str) -> None:
    """Raise DatabaseMissing when the URL names a SQLite file that does not exist."""
    path = sqlite_path(url)
    if path is not None and not path.exists():
        raise DatabaseMissing(path)


def create_sqlite(url: str) -> None:
    """Create the URL's SQLite file, empty, when it is missing; its folder must exist.

    No folders are made: a folder that is not there is most likely a typo (the CLI makes the
    default home folder itself, zonewatch.database). Raises DatabaseMissing naming the folder.
    """
    path = sqlite_path(url)
    if path is None or path.exists():
        return
    if not path.parent.is_dir():
        raise DatabaseMissing(path, f"cannot create database {path}: folder {path.parent} does not exist")
    # An empty file is an empty SQLite database; a read-only or full file system is then the
    # OSError the CLI reports as "cannot write PATH" (exit 5).
    path.touch(exist_ok=True)


def _refuse_missing_file(_dialect, _record, cargs, cparams) -> None:  # type: ignore[no-untyped-def]
    # Checked at every new connection, not once per engine: engines are cached per URL, and a file
    # made later (`db upgrade`) or gone since must be seen. SQLite's "rw" mode closes the gap
    # between the check and the open: it opens an existing file only, never creates one.
    path = Path(cargs[0])
    try:
        missing = not path.exists()
    except OSError:  # a folder this user may not enter: SQLite's own error says it cannot open it
        missing = False
    if missing:
        raise DatabaseMissing(path)
    cargs[0] = f"{path.resolve().as_uri()}?mode=rw"
    cparams["uri"] = True


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    # WAL lets the parallel crawl processes of one night write while others read; the busy timeout
    # makes a writer wait for the lock instead of failing a document.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def get_engine(url: str) -> Engine:
    """One engine per URL per process; engines pool connections and are costly to build."""
    engine = _ENGINES.get(url)
    if engine is None:
        if url.startswith("sqlite"):
            engine = create_engine(url, connect_args={"timeout": 30})
            if sqlite_path(url) is not None:
                event.listen(engine, "do_connect", _refuse_missing_file)
            event.listen(engine, "connect", _sqlite_pragmas)
        else:
            engine = create_engine(url, pool_pre_ping=True)
        _ENGINES[url] = engine
    return engine


def dispose_engines() -> None:
    for engine in _ENGINES.values():
        engine.dispose()
    _ENGINES.clear()


def session_factory(url: str) -> sessionmaker[Session]:
    return sessionmaker(get_engine(url), expire_on_commit=False)


@contextmanager
def session_scope(url: str) -> Iterator[Session]:
    """A session that commits on success and rolls back on error."""
    session = session_factory(url)()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
