"""What every mirrored site shares: requests and replies, the items visible tonight, attachments."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.utils import format_datetime
from functools import cache
from pathlib import Path
from urllib.parse import parse_qs

from mirror.content import ContentItem, Zone

STATIC = Path(__file__).with_name("static")
ATTACHMENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "doc": "application/msword",
    "wps": "application/kswps",
}
PAGE_SIZE = 20


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, list[str]]
    body: bytes
    headers: dict[str, str]

    def form(self) -> dict[str, str]:
        return {key: values[0] for key, values in parse_qs(self.body.decode("utf-8", "replace")).items()}

    def arg(self, name: str, default: str = "") -> str:
        return self.query.get(name, [default])[0]


@dataclass
class Reply:
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    cacheable: bool = False  # articles and attachments: ETag, Last-Modified, 304
    modified: dt.date | None = None
    # A generated body too large to hold (the oversize fixture): chunks and their total length.
    stream: Iterator[bytes] | None = None
    length: int | None = None


def html(text: str, charset: str = "utf-8", header_charset: str | None = "same", status: int = 200) -> Reply:
    declared = charset if header_charset == "same" else header_charset
    content_type = "text/html" + (f"; charset={declared}" if declared else "")
    return Reply(status, text.encode(charset), {"Content-Type": content_type})


def not_found() -> Reply:
    return html("<html><body><h1>404 Not Found</h1></body></html>", status=404)


def etag_for(body: bytes) -> str:
    return '"' + hashlib.sha1(body).hexdigest()[:16] + '"'


def http_date(day: dt.date) -> str:
    return format_datetime(dt.datetime(day.year, day.month, day.day, 9, 30, tzinfo=dt.UTC), usegmt=True)


@cache
def attachment_bytes(item: ContentItem) -> bytes:
    """The committed PDF or a DOCX built from the text; legacy formats get a stand-in of their kind."""
    if item.format == "docx":
        from mirror.build_attachments import docx_bytes

        return docx_bytes(item)
    path = STATIC / f"{item.key}.{item.format}"
    if path.exists():
        if item.format == "pdf" and item.year_offset:
            from mirror.years import shift_pdf

            return shift_pdf(path.read_bytes(), item.year_offset)
        return path.read_bytes()
    if item.format == "pdf":
        # A report not yet built into mirror/static: build it now (needs the CJK font) rather
        # than serve something that is not a PDF; a missing font surfaces as a 500 naming it.
        from mirror.build_attachments import pdf_bytes

        return pdf_bytes(item)
    if item.format == "doc":
        return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "".join(item.paragraphs).encode("utf-16-le")
    return b"WPS Office document\x00" + "".join(item.paragraphs).encode("utf-8")


def edited_attachment(item: ContentItem, body: bytes) -> bytes:
    """A replaced attachment (fixture 27): DOCX rebuilt with a correction, other kinds with a trailer
    that keeps PDFs valid but changes the bytes and so the ETag."""
    if item.format == "docx":
        from mirror.build_attachments import docx_bytes

        return docx_bytes(item, extra=EDIT_NOTE)
    return body + b"\n%edited\n"


EDIT_NOTE = "（本文内容已于发布后更正。）"


class Site:
    """One fictional zone site; subclasses render their CMS platform's lists and articles."""

    key = "site"

    def __init__(self, zone: Zone | None = None) -> None:
        self.zone = zone
        self.night = 1
        self.edited: set[str] = set()

    def visible(self) -> list[ContentItem]:
        assert self.zone is not None
        return [item for item in self.zone.items if item.night <= self.night]

    def robots(self) -> Reply:
        return Reply(200, b"User-agent: *\nDisallow: /admin/\n", {"Content-Type": "text/plain"})

    def start_path(self) -> str:
        return "/"

    def handle(self, request: Request) -> Reply:
        if request.path == "/robots.txt":
            return self.robots()
        return self.route(request)

    def route(self, request: Request) -> Reply:  # pragma: no cover - overridden
        return not_found()

    def attachment_reply(self, item: ContentItem, path: str | None = None) -> Reply:
        body = attachment_bytes(item)
        if path is not None and path in self.edited:
            body = edited_attachment(item, body)
        return Reply(
            200,
            body,
            {"Content-Type": ATTACHMENT_TYPES.get(item.format, "application/octet-stream")},
            cacheable=True,
            modified=item.date,
        )
