"""What the spider hands to the storage pipeline: a fetched page or attachment, or a failed fetch."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


@dataclass
class DocumentItem:
    url: str
    body: bytes
    kind: str = "page"  # page | attachment
    final_url: str | None = None
    parent_url: str | None = None
    title: str | None = None
    list_title: str | None = None
    published: dt.date | None = None
    file_type: str | None = None
    filename: str | None = None
    content_type: str | None = None
    encoding: str | None = None
    http_status: int = 200
    etag: str | None = None
    last_modified: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    # Attachments (url, name) this page's crawl is about to fetch: owed until each is stored.
    owed: list[tuple[str, str]] = field(default_factory=list)
    # The URL the spider asked for when a redirect led here: it no longer owes that one either.
    asked_url: str | None = None


@dataclass
class FetchFailed:
    """An attachment or detail page (kind) that could not be fetched tonight: retried on later
    runs, then given up."""

    url: str
    reason: str
    parent_url: str | None = None
    name: str | None = None
    kind: str = "attachment"


@dataclass
class FetchSettled:
    """A URL confirmed complete without a new body (a 304 for an owed attachment)."""

    url: str
