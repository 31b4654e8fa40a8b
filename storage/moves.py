"""A site is its name in the sites file, not its address: when a configured site's address changes
(a new host, scheme or port — a restarted demo mirror, a zone site moved to a new domain), the
documents stored under the old address are re-keyed to the new one instead of being fetched and
stored a second time.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from urllib.parse import urlsplit

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from storage.models import Document, PendingFetch, Report, Site

log = logging.getLogger(__name__)


def origin(url: str) -> str:
    """scheme://host[:port] of a URL, lower-cased: what a move changes."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def moved_origins(old_urls: Sequence[str], new_urls: Sequence[str]) -> dict[str, str]:
    """{old origin: new origin} for start URLs that kept their path and changed their address.

    URLs are paired by position; a pair whose path or query changed too is a different list, not a
    move, and an old origin that would map to two new ones is ambiguous and left alone.
    """
    pairs: dict[str, set[str]] = {}
    for old, new in zip(old_urls, new_urls, strict=False):
        a, b = urlsplit(old), urlsplit(new)
        if (a.path or "/", a.query) != (b.path or "/", b.query):
            continue
        if origin(old) != origin(new):
            pairs.setdefault(origin(old), set()).add(origin(new))
    return {old: next(iter(new)) for old, new in pairs.items() if len(new) == 1}


def rekey_documents(session: Session, site: Site, moves: dict[str, str]) -> int:
    """Re-key every stored URL under a moved origin (documents, their reports, owed fetches).

    Documents of other sites under the old origin move too (a list may link another site's
    article), unless another configured site still starts at that origin. A document whose new URL
    is already stored (fetched at the new address before the move was seen) keeps its old URL.
    Returns the number of documents re-keyed.
    """
    moved = 0
    for old, new in moves.items():
        others = [
            config
            for (config,) in session.execute(select(Site.config).where(Site.id != site.id))
            if any(origin(url) == old for url in (config or {}).get("start_urls", []))
        ]
        scope = select(Document.id, Document.url, Document.final_url).where(
            func.lower(func.substr(Document.url, 1, len(old) + 1)) == old + "/"
        )
        if others:
            scope = scope.where(Document.site_id == site.id)
        taken = set()
        for document_id, url, final_url in session.execute(scope).all():
            target = new + url[len(old) :]
            if target in taken or session.scalar(select(Document.id).where(Document.url == target)):
                continue
            taken.add(target)
            final = (
                new + final_url[len(old) :] if final_url and final_url.lower().startswith(old) else final_url
            )
            session.execute(
                update(Document).where(Document.id == document_id).values(url=target, final_url=final)
            )
            session.execute(update(Report).where(Report.document_id == document_id).values(url=target))
            moved += 1
        for fetch_id, url, parent in session.execute(
            select(PendingFetch.id, PendingFetch.url, PendingFetch.parent_url).where(
                PendingFetch.site_id == site.id
            )
        ).all():
            values = {}
            if url.lower().startswith(old + "/"):
                values["url"] = new + url[len(old) :]
            if parent and parent.lower().startswith(old + "/"):
                values["parent_url"] = new + parent[len(old) :]
            if values and not session.scalar(
                select(PendingFetch.id)
                .where(PendingFetch.url == values.get("url", url))
                .where(PendingFetch.id != fetch_id)
            ):
                session.execute(update(PendingFetch).where(PendingFetch.id == fetch_id).values(**values))
    if moved:
        log.info("site %s moved (%s): %d stored documents re-keyed", site.name, moves, moved)
    return moved
