"""What the spider hands to the storage pipeline: one fetched page or attachment."""

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
