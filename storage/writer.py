"""The crawl's one writer: documents and owed fetches in small batches, one transaction each.

A crawl hands every fetched document here as it arrives; the writer commits them together every
`batch_size` documents or `max_age_s` seconds, whichever comes first, with Core statements and the
site ids cached. A kill -9 therefore loses at most the batch in flight, and nothing in it is
recorded as known, so the next run fetches it again. A page and the attachments it still owes
(`storage.pending`) are written in the same transaction, so a stored page never hides a missing
attachment.

A write that fails (disk full, read-only file, lost database) raises `StorageError` with a one-line
reason; nothing of the failed batch is committed.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.exc import SQLAlchemyError

from storage import pending
from storage.db import DatabaseMissing, get_engine
from storage.documents import FetchedDocument, compress, content_hash
from storage.models import Document, Site, utcnow

if TYPE_CHECKING:
    from sqlalchemy import Connection
    from sqlalchemy.orm import Session


# Fields copied from the fetch when it has them (a 304-less refetch never blanks a known value).
COPIED = (
    "title",
    "list_title",
    "published",
    "file_type",
    "filename",
    "content_type",
    "encoding",
    "http_status",
    "etag",
    "last_modified",
)


# Built once: constructing a statement costs more than running it on SQLite.
_FIND_DOCUMENT = select(Document.id, Document.content_hash, Document.meta).where(
    Document.url == bindparam("url")
)
_FIND_ID = select(Document.id).where(Document.url == bindparam("url"))
_UPDATE_DOCUMENT = update(Document).where(Document.id == bindparam("document_id"))
# Values go in as parameters, not .values(): building the statement per document cost more than the
# insert (SQLAlchemy caches the compiled form for each set of columns given).
_INSERT_DOCUMENT = insert(Document).returning(Document.id)


class StorageError(RuntimeError):
    """A write the database refused (disk full, read-only, gone); the message is one line for users."""


def storage_reason(exc: BaseException) -> str:
    """One line naming what the database said, e.g. 'storage: database or disk is full'."""
    original = getattr(exc, "orig", None) or exc
    text = " ".join(str(original).split()) or type(original).__name__
    return f"storage: {text}"[:200]


def write_document(
    db: Connection | Session, site_id: int, fetched: FetchedDocument, now: dt.datetime | None = None
) -> tuple[int, str]:
    """Insert or update one document by URL; returns its id and 'new', 'changed' or 'unchanged'.

    A changed body resets the parse status so the parse stage takes this version; an unchanged one
    only refreshes fetched_at and the validators, so re-ingesting never duplicates or re-parses.
    The caller owns the transaction.
    """
    now = now or utcnow()
    digest = content_hash(fetched.body)
    row = db.execute(_FIND_DOCUMENT, {"url": fetched.url}).first()
    values: dict[str, Any] = {
        "site_id": site_id,
        "fetched_at": now,
        "final_url": fetched.final_url or fetched.url,
        "kind": fetched.kind,
    }
    if fetched.parent_url:
        parent_id = db.execute(_FIND_ID, {"url": fetched.parent_url}).scalar()
        if parent_id is not None:
            values["parent_id"] = parent_id
    values.update({name: getattr(fetched, name) for name in COPIED if getattr(fetched, name) is not None})
    outcome = "new" if row is None else ("changed" if row.content_hash != digest else "unchanged")
    if outcome != "unchanged":
        values.update(
            raw=compress(fetched.body),
            content_hash=digest,
            size=len(fetched.body),
            parse_status="pending",
            parse_error=None,
            changed_at=now,
        )
    if row is None:
        values.update(url=fetched.url, first_seen_at=now, meta=dict(fetched.meta or {}))
        document_id = db.execute(_INSERT_DOCUMENT, values).scalar_one()
    else:
        if fetched.meta:
            values["meta"] = {**(row.meta or {}), **fetched.meta}
        db.execute(_UPDATE_DOCUMENT, {**values, "document_id": row.id})
        document_id = row.id
    return document_id, outcome


@dataclass
class _Write:
    """One queued operation and who to tell its outcome."""

    site_name: str
    apply: Callable[[Connection, int, dt.datetime], str]
    done: Callable[[str], None] | None = None


@dataclass
class CrawlWriter:
    """Queues a crawl's writes and commits them in small batches (see the module docstring)."""

    db_url: str
    batch_size: int = 50
    max_age_s: float = 1.0
    _queue: list[_Write] = field(default_factory=list)
    _oldest: float = 0.0
    _site_ids: dict[str, int] = field(default_factory=dict)
    # Set by the first failed commit: the database refused a write, so every later one is refused too.
    broken: str | None = None

    def save(
        self,
        site_name: str,
        fetched: FetchedDocument,
        owed: list[tuple[str, str]] | None = None,
        done: Callable[[str], None] | None = None,
        asked_url: str | None = None,
    ) -> None:
        """Queue a fetched document (and the attachments its page still owes); `done(outcome)` is
        called after the commit with 'new', 'changed' or 'unchanged'. `asked_url` is the URL that
        redirected here, settled with it."""

        def apply(connection: Connection, site_id: int, now: dt.datetime) -> str:
            _, outcome = write_document(connection, site_id, fetched, now)
            pending.settle(connection, fetched.url)
            if asked_url and asked_url != fetched.url:
                pending.settle(connection, asked_url)
            if owed:
                pending.owe(connection, site_id, fetched.url, owed, now)
            return outcome

        self._add(_Write(site_name, apply, done))

    def failed(
        self,
        site_name: str,
        url: str,
        reason: str,
        parent_url: str | None = None,
        name: str | None = None,
        done: Callable[[str], None] | None = None,
        kind: str = "attachment",
    ) -> None:
        """Queue a failed fetch: retried on later runs with backoff, or given up (`done('given_up')`)."""

        def apply(connection: Connection, site_id: int, now: dt.datetime) -> str:
            return pending.fetch_failed(connection, site_id, url, reason, parent_url, name, now, kind)

        self._add(_Write(site_name, apply, done))

    def owe(self, site_name: str, kind: str, parent_url: str | None, fetches: list[tuple[str, str]]) -> None:
        """Queue fetches (url, name) a crawl asked for and did not receive (it was interrupted): the
        next run asks for them, whatever its lists say."""

        def apply(connection: Connection, site_id: int, now: dt.datetime) -> str:
            pending.owe(connection, site_id, parent_url, fetches, now, kind)
            return "owed"

        self._add(_Write(site_name, apply))

    def settled(self, site_name: str, url: str) -> None:
        """Queue 'this URL is complete' (a 304 for an owed attachment)."""
        self._add(_Write(site_name, lambda connection, _site, _now: pending.settle(connection, url)))

    def _add(self, write: _Write) -> None:
        if self.broken:
            raise StorageError(self.broken)
        if not self._queue:
            self._oldest = time.monotonic()
        self._queue.append(write)
        if len(self._queue) >= self.batch_size:
            self.flush()

    def due(self) -> bool:
        return bool(self._queue) and time.monotonic() - self._oldest >= self.max_age_s

    def flush(self) -> int:
        """Commit everything queued in one transaction; returns how many writes it held.

        Raises StorageError (one-line reason) when the database refuses; the batch is then dropped,
        uncommitted, so nothing in it is recorded as fetched.
        """
        if self.broken:
            raise StorageError(self.broken)
        batch, self._queue = self._queue, []
        if not batch:
            return 0
        outcomes: list[str] = []
        now = utcnow()
        try:
            with get_engine(self.db_url).begin() as connection:
                for write in batch:
                    outcomes.append(write.apply(connection, self._site_id(connection, write.site_name), now))
        except SQLAlchemyError as exc:
            self.broken = storage_reason(exc)
            raise StorageError(self.broken) from exc
        except DatabaseMissing as exc:  # the SQLite file vanished under us: opening never recreates it
            self.broken = f"storage: {exc}"
            raise StorageError(self.broken) from exc
        except OSError as exc:  # the SQLite file's folder vanished or turned read-only under us
            self.broken = f"storage: {exc.strerror or exc}"
            raise StorageError(self.broken) from exc
        for write, outcome in zip(batch, outcomes, strict=True):
            if write.done is not None:
                write.done(outcome)
        return len(batch)

    def _site_id(self, connection: Connection, name: str) -> int:
        site_id = self._site_ids.get(name)
        if site_id is None:
            site_id = connection.scalar(select(Site.id).where(Site.name == name))
            if site_id is None:
                raise LookupError(f"site {name!r} is not in the database; upsert the sites first")
            self._site_ids[name] = site_id
        return site_id
