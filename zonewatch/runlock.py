"""One run at a time per database, and children that die with the run that started them.

`crawl`, `parse` and `run` hold the run lock of their database while they work. The lock is one the
operating system or the database server drops by itself when its holder dies, so a killed run never
leaves a lock behind that someone must delete by hand:

- SQLite: `flock` on `<database file>.lock`, beside the database. The file also names the holder
  (pid, command, start time) for the "another run is in progress" message; the kernel releases the
  flock when the holder's process ends, however it ends, and the next run takes over.
- PostgreSQL: a session advisory lock, held on a connection of its own whose application_name names
  the holder; the server releases it when that connection closes (the process died).

`run` starts `zonewatch crawl` as a child. The child inherits the run's lock through
ZONEWATCH_PARENT_RUN (it must not wait for its own parent) and asks the kernel to kill it when its
parent dies (Linux PR_SET_PDEATHSIG), so `kill -9` of `run` stops its crawl too. A crawl started by
an orchestrator that holds no lock (Airflow's mapped crawl tasks, several at once) takes the lock
shared: crawls of one night run side by side, while a `zonewatch run` by hand waits for them or
refuses.
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import fcntl
import hashlib
import json
import os
import signal
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PARENT_ENV = "ZONEWATCH_PARENT_RUN"
# Two 32-bit keys for pg_try_advisory_lock(int, int): "zone", "run ". Advisory locks are per database.
PG_KEYS = (0x7A6F6E65, 0x72756E20)
POLL_SECONDS = 0.5
PR_SET_PDEATHSIG = 1


class RunBusy(RuntimeError):
    """Another run holds this database's lock; `holder` says who, as far as it is known."""

    def __init__(self, holder: str) -> None:
        super().__init__(f"another run is in progress ({holder})")
        self.holder = holder


@dataclass
class Holding:
    """What run_lock yields: how the lock is held, and the run it took over, if any."""

    mode: str  # "exclusive", "shared", "inherited" (the parent run holds it) or "none" (in-memory database)
    key: str
    took_over: str | None = None


_HELD: dict[str, str] = {}  # lock key → mode, for the locks this process holds


def _now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def _describe(info: dict[str, Any]) -> str:
    return f"pid {info.get('pid', '?')}, started at {info.get('started_at', '?')}, zonewatch {info.get('command', '?')}"


def lock_key(db_url: str) -> tuple[str, Path | None]:
    """A short key naming the database, and the SQLite lock file (None for a server database)."""
    from sqlalchemy.engine import make_url

    url = make_url(db_url)
    if url.get_backend_name() == "sqlite":
        if not url.database or url.database == ":memory:":
            return "", None
        path = Path(url.database).resolve()
        ident = str(path)
        return hashlib.sha1(ident.encode()).hexdigest()[:16], path.with_name(path.name + ".lock")
    ident = f"{url.get_backend_name()}://{url.host}:{url.port}/{url.database}"
    return hashlib.sha1(ident.encode()).hexdigest()[:16], None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextlib.contextmanager
def _sqlite_lock(
    path: Path, command: str, shared: bool, wait: float, on_wait: Callable[[str], None]
) -> Iterator[str | None]:
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + wait
        told = False
        while True:
            try:
                fcntl.flock(fd, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                holder = _describe(_read_info(fd))
                if time.monotonic() >= deadline:
                    raise RunBusy(holder) from None
                if not told:
                    on_wait(f"waiting for another run to finish ({holder})")
                    told = True
                time.sleep(POLL_SECONDS)
        previous = _read_info(fd)
        took_over = None
        if previous.get("pid") and not previous.get("shared") and not _alive(int(previous["pid"])):
            took_over = _describe(previous)
        info = {"pid": os.getpid(), "command": command, "started_at": _now(), "shared": shared}
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(info).encode(), 0)
        try:
            yield took_over
        finally:
            if not shared:
                os.ftruncate(fd, 0)  # released cleanly: nothing to take over
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _read_info(fd: int) -> dict[str, Any]:
    try:
        raw = os.pread(fd, 4096, 0)
        return json.loads(raw) if raw.strip() else {}
    except (OSError, ValueError):
        return {}


@contextlib.contextmanager
def _pg_lock(
    db_url: str, command: str, shared: bool, wait: float, on_wait: Callable[[str], None]
) -> Iterator[None]:
    from sqlalchemy import create_engine, text
    from sqlalchemy.pool import NullPool

    # application_name is how a waiting run learns who holds the lock (at most 63 bytes).
    name = f"zonewatch {command} pid={os.getpid()} at {_now()}"[:63]
    engine = create_engine(db_url, poolclass=NullPool, connect_args={"application_name": name})
    try:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            try_lock = "pg_try_advisory_lock_shared" if shared else "pg_try_advisory_lock"
            deadline = time.monotonic() + wait
            told = False
            while not connection.scalar(
                text(f"SELECT {try_lock}(:a, :b)"), {"a": PG_KEYS[0], "b": PG_KEYS[1]}
            ):
                holder = _pg_holder(connection)
                if time.monotonic() >= deadline:
                    raise RunBusy(holder)
                if not told:
                    on_wait(f"waiting for another run to finish ({holder})")
                    told = True
                time.sleep(POLL_SECONDS)
            try:
                yield
            finally:
                unlock = "pg_advisory_unlock_shared" if shared else "pg_advisory_unlock"
                with contextlib.suppress(Exception):  # the connection closing releases it anyway
                    connection.scalar(text(f"SELECT {unlock}(:a, :b)"), {"a": PG_KEYS[0], "b": PG_KEYS[1]})
    finally:
        engine.dispose()


def _pg_holder(connection: Any) -> str:
    from sqlalchemy import text

    row = connection.execute(
        text(
            "SELECT a.application_name, a.backend_start FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
            "WHERE l.locktype = 'advisory' AND l.granted AND l.classid = :a AND l.objid = :b AND l.objsubid = 2 "
            "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) LIMIT 1"
        ),
        {"a": PG_KEYS[0], "b": PG_KEYS[1]},
    ).first()
    if row is None:
        return "it has just finished"
    name = row[0] or ""
    if name.startswith("zonewatch ") and " pid=" in name and " at " in name:
        command, rest = name.removeprefix("zonewatch ").split(" pid=", 1)
        pid, started = rest.split(" at ", 1)
        return _describe({"pid": pid, "started_at": started, "command": command})
    return f"a session of {name or 'an unnamed client'}, connected since {row[1]:%Y-%m-%d %H:%M:%S %Z}"


def _inherited_mode(key: str) -> str | None:
    """The mode the parent run passed down for this database, if this process is its direct child."""
    value = os.environ.get(PARENT_ENV, "")
    try:
        pid, mode, parent_key = value.split(":", 2)
        if int(pid) != os.getppid():
            return None  # a stale variable inherited from further up: not our parent's lock
    except ValueError:
        return None
    die_with_parent(int(pid))
    if mode == "shared":
        return "shared"
    return "inherited" if parent_key == key else None


def die_with_parent(parent_pid: int) -> None:
    """Ask Linux to SIGKILL this process when its parent dies, so a killed run leaves no crawl behind.

    Each document is stored in its own transaction, so a crawl killed mid-way loses nothing; its
    crawl run is marked interrupted by the next crawl of the site.
    """
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent_pid:  # the parent died before the request above took effect
        os.kill(os.getpid(), signal.SIGKILL)


@contextlib.contextmanager
def run_lock(
    db_url: str,
    command: str,
    *,
    wait: float = 0.0,
    on_wait: Callable[[str], None] = lambda _: None,
    create: bool = False,
) -> Iterator[Holding]:
    """Hold the database's run lock for the block.

    The SQLite lock file lies next to the database and no folder is made for it. create=False
    (every caller that only works on an existing database) raises storage.db.DatabaseMissing when
    the database file is not there, so a mistyped path leaves no lock file behind; create=True is
    for the commands that may create the database (`crawl`, `run`, after zonewatch.database's check).

    wait: seconds to wait for another run (0: refuse at once). Raises RunBusy (naming the holder)
    when the lock is not free in time, OSError when the SQLite lock file cannot be written (read-only
    or full file system), sqlalchemy's OperationalError when the PostgreSQL server is unreachable.
    A child of a run (see child_env) holds its parent's lock without waiting for it.
    """
    key, path = lock_key(db_url)
    mode = _inherited_mode(key) or ("exclusive" if key not in _HELD else "inherited")
    if mode == "inherited" or not key:
        yield Holding("inherited" if key else "none", key)
        return
    if path is not None and not create:
        from storage.db import require_sqlite

        require_sqlite(db_url)
    shared = mode == "shared"
    if shared:
        wait = float("inf")  # one crawl of an orchestrated night waits for a run by hand to end
    _HELD[key] = mode
    try:
        if path is not None:
            with _sqlite_lock(path, command, shared, wait, on_wait) as took_over:
                yield Holding(mode, key, took_over)
        else:
            with _pg_lock(db_url, command, shared, wait, on_wait):
                yield Holding(mode, key)
    finally:
        _HELD.pop(key, None)


def child_env(db_url: str) -> dict[str, str]:
    """Environment for a `zonewatch` child working on db_url: it inherits this process's lock if
    it holds one, else it takes the lock shared (crawls of one orchestrated night side by side);
    either way it dies with this process."""
    key, _ = lock_key(db_url)
    mode = "held" if key in _HELD else "shared"
    return {**os.environ, PARENT_ENV: f"{os.getpid()}:{mode}:{key}"}
