"""A fetched document as the crawler hands it to storage, and how its body is stored.

A leaf module: the repository (queries and idempotent writes) and the crawl's batched writer both
build on it, so neither has to import the other for these.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import zlib
from dataclasses import dataclass, field
from typing import Any


def compress(raw: bytes) -> bytes:
    """The stored form of a body (zlib, level 6)."""
    return zlib.compress(raw, 6)


def decompress(stored: bytes | None) -> bytes:
    """The body of a stored form; b"" for none."""
    return zlib.decompress(stored) if stored else b""


def content_hash(raw: bytes) -> str:
    """SHA-256 of a body, hex: what tells a changed document from an unchanged one."""
    return hashlib.sha256(raw).hexdigest()


@dataclass
class FetchedDocument:
    """What the crawler hands to storage for one fetched URL."""

    site_name: str
    url: str
    body: bytes
    final_url: str | None = None
    kind: str = "page"
    parent_url: str | None = None
    title: str | None = None
    list_title: str | None = None
    published: dt.date | None = None
    file_type: str | None = None
    filename: str | None = None
    content_type: str | None = None
    encoding: str | None = None
    http_status: int | None = 200
    etag: str | None = None
    last_modified: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
