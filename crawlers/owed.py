"""What a crawl has asked for and not yet heard back from: what the site is owed if it stops now.

Every list, detail-page and attachment request the spider makes is opened here with a ticket kept
in its meta (Scrapy copies meta to retries and redirects, so they keep it); its callback or errback,
or Scrapy dropping it as a duplicate, closes it. When the crawl is interrupted, the requests still
open are the site's debt: detail pages and attachments are recorded in `pending_fetches` for the
next run, and a walk with an open list request was cut short.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

TICKET = "owed_ticket"


@dataclass(frozen=True)
class OpenRequest:
    """One request not answered yet.

    kind: "list", "page" or "attachment"; parent_url: the list page that linked a detail page, or
    the page that linked an attachment; name: the list title or the file name; walk: the index of
    the list walk a list request belongs to.
    """

    kind: str
    url: str
    parent_url: str | None = None
    name: str | None = None
    walk: int | None = None


class Ledger:
    """The open requests of one spider, by ticket."""

    def __init__(self) -> None:
        self._open: dict[int, OpenRequest] = {}
        self._next = 0

    def open(self, request: OpenRequest) -> dict[str, Any]:
        """Open a request; returns the meta entry to put in the Scrapy request that carries it."""
        self._next += 1
        self._open[self._next] = request
        return {TICKET: self._next}

    def close(self, meta: dict[str, Any]) -> None:
        """The request (or a retry or redirect of it) was answered, failed or dropped."""
        self._open.pop(meta.get(TICKET, 0), None)

    def still_open(self, kind: str | None = None) -> list[OpenRequest]:
        """The requests not answered yet (optionally of one kind), in the order they were made."""
        return [request for request in self._open.values() if kind is None or request.kind == kind]

    def __len__(self) -> int:
        return len(self._open)
