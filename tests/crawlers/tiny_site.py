"""A small plain-CMS site on loopback whose every path the test controls: bodies, statuses, delays.

Lists with 下一页 links, articles with one PDF attachment each, ETag/304 on articles and
attachments, a request log; a test turns an attachment into a 503 or slows it down between nights,
or holds a path (`hold`) so that a request is in flight exactly when the test acts.
"""

from __future__ import annotations

import contextlib
import hashlib
import random
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n" + b"0" * 3000 + b"\n%%EOF\n"


@dataclass
class Route:
    body: bytes
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    delay_s: float = 0.0
    # Answer only once this is set (or after a minute): the request stays in flight until then.
    hold: threading.Event | None = None


@dataclass
class Hit:
    path: str
    status: int
    started: float = field(default_factory=time.monotonic)


class TinySite:
    """`TinySite(lists=3, per_list=4)`: /list_1.html … with articles /art/N.html and /files/N.pdf."""

    def __init__(self, lists: int = 2, per_list: int = 3, attachment_size: int = 0) -> None:
        """attachment_size > 0: attachments of that many incompressible bytes (to fill a disk)."""
        self.routes: dict[str, Route] = {"/robots.txt": Route(b"User-agent: *\n", content_type="text/plain")}
        self.log: list[Hit] = []
        self.started: list[str] = []  # paths in the order their requests arrived (before any hold)
        self._lock = threading.Lock()
        number = 0
        for page in range(1, lists + 1):
            items = []
            for _ in range(per_list):
                number += 1
                title = f"园区第{number}号公告"
                items.append(
                    f'<li><a href="/art/{number}.html">{title}</a><span>2025-01-{number:02d}</span></li>'
                )
                self.routes[f"/art/{number}.html"] = Route(_article(number, title))
                pdf = PDF + str(number).encode() + random.Random(number).randbytes(attachment_size)
                self.routes[f"/files/{number}.pdf"] = Route(pdf, content_type="application/pdf")
            pager = f'<a href="/list_{page + 1}.html">下一页</a>' if page < lists else ""
            self.routes[f"/list_{page}.html"] = Route(
                f'<html><body><ul class="news">{"".join(items)}</ul>{pager}</body></html>'.encode()
            )
        self.articles = number
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def hold(self, path: str) -> threading.Event:
        """Keep requests for path in flight until the returned event is set."""
        event = self.routes[path].hold = threading.Event()
        return event

    def release(self) -> None:
        """Let every held request answer, and answer at once from now on."""
        for route in self.routes.values():
            if route.hold is not None:
                route.hold.set()
                route.hold = None

    def has_started(self, path: str) -> bool:
        with self._lock:
            return path in self.started

    def hits(self, path: str, status: int | None = None) -> int:
        with self._lock:
            return sum(1 for hit in self.log if hit.path == path and (status is None or hit.status == status))

    def __enter__(self) -> TinySite:
        threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.release()
        self._server.shutdown()
        self._server.server_close()


def _article(number: int, title: str) -> bytes:
    body = "".join(
        f"<p>{title}：园区全年实现地区生产总值{100 + number}亿元，同比增长{number % 9}%。</p>"
        for _ in range(8)
    )
    return (
        f'<html><head><meta name="ArticleTitle" content="{title}"><meta name="PubDate" content="2025-01-{number:02d}">'
        f'</head><body><h1>{title}</h1>{body}<p>附件：<a href="/files/{number}.pdf">{title}.pdf</a></p></body></html>'
    ).encode()


def _handler(site: TinySite) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
            return

        def do_GET(self) -> None:  # noqa: N802 - stdlib name
            route = site.routes.get(self.path.split("?")[0])
            if route is None:
                route = Route(b"<html><body>404 Not Found</body></html>", status=404)
            with site._lock:
                site.started.append(self.path)
            if route.hold is not None:
                route.hold.wait(60)
            if route.delay_s:
                time.sleep(route.delay_s)
            status, body = route.status, route.body
            etag = '"' + hashlib.sha1(body).hexdigest()[:12] + '"'
            if status == 200 and self.headers.get("If-None-Match") == etag:
                status, body = 304, b""
            with site._lock:
                site.log.append(Hit(self.path, status))
            self.send_response(status)
            self.send_header("Content-Type", route.content_type)
            if route.status == 200:
                self.send_header("ETag", etag)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # a killed crawler hangs up
                self.wfile.write(body)

    return Handler
