"""Fetches a site is owed: attachments of stored pages not fetched yet, detail pages and attachments
an interrupted crawl did not get to, and fetches that failed.

A page's attachments are owed from the moment the page is stored (same transaction) until each is
stored or given up; an interrupted crawl records every detail page and attachment it had asked for
and not received (kind "page" or "attachment"). Every crawl of the site asks for the owed URLs that are due, whatever the page
answers tonight (304, skipped as known, full sweep), so neither a kill -9 nor a 503 loses a report.
A failure waits RETRY_AFTER_NIGHTS before the next try; after the last, the fetch is given up with
its reason, which the digest shows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import bindparam, delete, insert, select, update

from storage.models import PendingFetch, Site, utcnow

if TYPE_CHECKING:
    from sqlalchemy import Connection
    from sqlalchemy.orm import Session

# Nights to wait after the 1st, 2nd, … failure; one more failure after the last gives the fetch up.
RETRY_AFTER_NIGHTS = (1, 2, 4, 8)
MAX_ATTEMPTS = len(RETRY_AFTER_NIGHTS) + 1
# A "night" is a little under a day, so a nightly run that starts a bit early still finds it due.
NIGHT = dt.timedelta(hours=20)


@dataclass(frozen=True)
class OwedFetch:
    """One URL a crawl should ask for: an attachment (parent: the page that links it, name: its
    file name) or a detail page (parent: the list page that linked it, name: its list title)."""

    url: str
    parent_url: str | None
    name: str | None
    attempts: int
    kind: str = "attachment"


# Built once: constructing a statement costs more than running it on SQLite (one per stored page).
_OWED_ALREADY = select(PendingFetch.url).where(PendingFetch.url.in_(bindparam("urls", expanding=True)))
_INSERT_OWED = insert(PendingFetch)


def owe(
    db: Connection | Session,
    site_id: int,
    parent_url: str | None,
    attachments: list[tuple[str, str]],
    now: dt.datetime,
    kind: str = "attachment",
) -> None:
    """Record the fetches (url, name) still owed (a stored page's attachments, or what an interrupted
    crawl had asked for: kind "page" or "attachment"); URLs already owed keep their state."""
    urls = [url for url, _ in attachments]
    known = set(db.scalars(_OWED_ALREADY, {"urls": urls}))
    rows = [
        {
            "site_id": site_id,
            "url": url,
            "parent_url": parent_url,
            "name": name,
            "kind": kind,
            "status": "pending",
            "attempts": 0,
            "created_at": now,
            "updated_at": now,
        }
        for url, name in dict(attachments).items()
        if url not in known
    ]
    if rows:
        db.execute(_INSERT_OWED, rows)


_SETTLE = delete(PendingFetch).where(PendingFetch.url == bindparam("url"))  # built once: run per document


def settle(db: Connection | Session, url: str) -> str:
    """The URL was stored or confirmed unchanged: nothing is owed any more."""
    db.execute(_SETTLE, {"url": url})
    return "settled"


def fetch_failed(
    db: Connection | Session,
    site_id: int,
    url: str,
    reason: str,
    parent_url: str | None,
    name: str | None,
    now: dt.datetime,
    kind: str = "attachment",
) -> str:
    """Count one failed attempt; returns 'pending' (retry after the backoff) or 'given_up'."""
    row = db.execute(select(PendingFetch.id, PendingFetch.attempts).where(PendingFetch.url == url)).first()
    attempts = (row.attempts if row else 0) + 1
    status = "given_up" if attempts >= MAX_ATTEMPTS else "pending"
    wait = NIGHT * RETRY_AFTER_NIGHTS[min(attempts, len(RETRY_AFTER_NIGHTS)) - 1]
    values = {
        "attempts": attempts,
        "status": status,
        "last_error": reason,
        "next_attempt_at": None if status == "given_up" else now + wait,
        "updated_at": now,
    }
    if row is None:
        db.execute(
            insert(PendingFetch).values(
                site_id=site_id,
                url=url,
                parent_url=parent_url,
                name=name,
                kind=kind,
                created_at=now,
                **values,
            )
        )
    else:
        db.execute(update(PendingFetch).where(PendingFetch.id == row.id).values(**values))
    return status


def due(session: Session, site_name: str, now: dt.datetime | None = None) -> list[OwedFetch]:
    """The owed fetches of a site to ask for in this crawl: pending and past their backoff."""
    now = now or utcnow()
    rows = session.execute(
        select(
            PendingFetch.url,
            PendingFetch.parent_url,
            PendingFetch.name,
            PendingFetch.attempts,
            PendingFetch.kind,
        )
        .join(Site, Site.id == PendingFetch.site_id)
        .where(
            Site.name == site_name,
            PendingFetch.status == "pending",
            (PendingFetch.next_attempt_at.is_(None)) | (PendingFetch.next_attempt_at <= now),
        )
        .order_by(PendingFetch.id)
    )
    return [OwedFetch(*row) for row in rows]


def outstanding(session: Session, site_names: list[str] | None = None) -> list[PendingFetch]:
    """Every owed or given-up fetch (optionally of some sites), given-up first: what the digest lists."""
    query = select(PendingFetch).join(Site, Site.id == PendingFetch.site_id)
    if site_names is not None:
        query = query.where(Site.name.in_(site_names))
    query = query.order_by(PendingFetch.status, PendingFetch.updated_at.desc())  # given_up < pending
    return list(session.scalars(query))
