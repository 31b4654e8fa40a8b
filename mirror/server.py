"""The demo mirror: fictional zone sites on real CMS patterns, each on its own loopback address.

Each site binds 127.0.0.N so that it is its own domain for a crawler's offsite and robots.txt
logic. Articles and attachments carry ETag and Last-Modified and answer conditional requests with
304; every request is logged so tests can count what a crawl really fetched.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from urllib.parse import parse_qs, urlsplit

from mirror.content import load_zones
from mirror.platforms.charsets import SITES as CHARSETS
from mirror.platforms.column_faults import SITES as COLUMN_FAULTS
from mirror.platforms.gkmlpt import SITES as GKMLPT
from mirror.platforms.hanweb import HanwebSite
from mirror.platforms.http_errors import MovedSite, UnavailableSite
from mirror.platforms.intertid import IntertidSite
from mirror.platforms.list_variants import SITES as LIST_VARIANTS
from mirror.platforms.moves import SITES as MOVES
from mirror.platforms.oddities import OdditiesSite
from mirror.platforms.office_reports import SITES as OFFICE
from mirror.platforms.plain import PlainSite
from mirror.platforms.trs import TrsSite
from mirror.platforms.walls import JsShellSite, Ruishu200Site, RuishuSite, WafSite
from mirror.site import Reply, Request, Site, etag_for, http_date

PLATFORMS: dict[str, type[Site]] = {
    "trs": TrsSite,
    "hanweb": HanwebSite,
    "intertid": IntertidSite,
    "plain": PlainSite,
}
FIXTURES: dict[str, type[Site]] = {
    "ruishu": RuishuSite,
    "ruishu200": Ruishu200Site,
    "waf": WafSite,
    "jsshell": JsShellSite,
    "oddities": OdditiesSite,
    **{cls.key: cls for cls in LIST_VARIANTS},
    "moved": MovedSite,
    "unavailable": UnavailableSite,
    **{cls.key: cls for cls in (*GKMLPT, *MOVES, *OFFICE, *CHARSETS)},
    **{cls.key: cls for cls in COLUMN_FAULTS},
}


@dataclass(frozen=True)
class LoggedRequest:
    site_key: str
    method: str
    path: str
    status: int
    headers: dict[str, str]
    when: float = field(default_factory=time.time)


class _Handler(BaseHTTPRequestHandler):
    server: _SiteServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        return  # the mirror keeps its own log

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        parts = urlsplit(self.path)
        request = Request(self.command, parts.path, parse_qs(parts.query), body, dict(self.headers.items()))
        reply = self.server.mirror.dispatch(self.server.site_key, request)
        self.send_response(reply.status)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        length = reply.length if reply.stream is not None else len(reply.body)
        self.send_header("Content-Length", str(length))
        self.end_headers()
        if self.command == "HEAD":
            return
        if reply.stream is None:
            self.wfile.write(reply.body)
            return
        try:
            for chunk in reply.stream:
                self.wfile.write(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass  # a client refusing an oversize body hangs up mid-stream; that is the point

    do_GET = do_POST = do_HEAD = _serve


class _SiteServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], mirror: MirrorServer, site_key: str) -> None:
        super().__init__(address, _Handler)
        self.mirror = mirror
        self.site_key = site_key


class MirrorServer:
    def __init__(
        self,
        *,
        fixtures: bool = True,
        demo: bool = True,
        host_prefix: str = "127.0.0",
        port: int = 0,
        slow_seconds: float = 3.0,
        public_host: str | None = None,
        year_offset: int = 0,
    ) -> None:
        self.host_prefix = host_prefix
        # The host that clients use in URLs when it is not the bound address (a container's name).
        self.public_host = public_host
        self.port = port
        self.apps: dict[str, Site] = {}
        # Tests keep the content's own years (0); the demo and `zonewatch mirror` move them to today's.
        self.year_offset = year_offset
        if demo:
            for zone in load_zones(year_offset):
                self.apps[zone.key] = PLATFORMS[zone.platform](zone)
        if fixtures:
            for key, cls in FIXTURES.items():
                self.apps[key] = OdditiesSite(slow_seconds) if cls is OdditiesSite else cls()
        self.sites: dict[str, str] = {}
        self.log: list[LoggedRequest] = []
        self._lock = threading.Lock()
        self._servers: list[_SiteServer] = []

    # --- lifecycle -------------------------------------------------------------------------------

    def start(self) -> MirrorServer:
        shared_host = self.host_prefix.count(".") != 2
        for offset, key in enumerate(self.apps):
            host = self.host_prefix if shared_host else f"{self.host_prefix}.{10 + offset}"
            port = self.port + offset if (shared_host and self.port) else self.port
            server = _SiteServer((host, port), self, key)
            threading.Thread(
                target=server.serve_forever, kwargs={"poll_interval": 0.05}, name=f"mirror-{key}", daemon=True
            ).start()  # a short poll so stop() of a dozen sites is quick
            self._servers.append(server)
            self.sites[key] = f"http://{self.public_host or host}:{server.server_address[1]}"
        for key, app in self.apps.items():
            if hasattr(app, "peer_url") and len(self.sites) > 1:
                # A cross-site link (oddities) or a move (moved) to another mirror site: another
                # host for a crawler of this one.
                peer = next(other for other in self.sites if other != key)
                app.peer_url = self.start_url(peer) if isinstance(app, OdditiesSite) else self.sites[peer]
        return self

    def stop(self) -> None:
        for server in self._servers:
            server.shutdown()
            server.server_close()
        self._servers.clear()

    def __enter__(self) -> MirrorServer:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    # --- what tests and the demo steer -----------------------------------------------------------

    def url(self, site_key: str, path: str = "/") -> str:
        return self.sites[site_key] + path

    def start_url(self, site_key: str) -> str:
        return self.url(site_key, self.apps[site_key].start_path())

    def publish_next_year(self) -> None:
        for app in self.apps.values():
            app.night = 2

    def take_down(self, site_key: str) -> None:
        """An outage: the site's socket closes, so a crawler gets "connection refused"."""
        index = list(self.apps).index(site_key)
        self._servers[index].shutdown()
        self._servers[index].server_close()

    def bring_up(self, site_key: str) -> None:
        """The site answers again, on the same address and port as before its outage."""
        index = list(self.apps).index(site_key)
        host, port = self._servers[index].server_address[:2]
        server = _SiteServer((str(host), int(port)), self, site_key)
        threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"mirror-{site_key}",
            daemon=True,
        ).start()
        self._servers[index] = server

    def empty_lists(self, site_key: str) -> None:
        """A redesign the crawler cannot read: pages still answer 200, but no list shows an entry."""
        self.apps[site_key].night = 0

    def edit(self, site_key: str, path: str) -> None:
        """Change a document in place: an article gains a correction, an attachment is replaced;
        its ETag changes and its Last-Modified moves to today."""
        self.apps[site_key].edited.add(path)

    def hits(
        self,
        site_key: str | None = None,
        *,
        status: int | None = None,
        prefix: str | None = None,
        method: str | None = None,
    ) -> int:
        with self._lock:
            return sum(
                1
                for entry in self.log
                if (site_key is None or entry.site_key == site_key)
                and (status is None or entry.status == status)
                and (prefix is None or entry.path.startswith(prefix))
                and (method is None or entry.method == method)
            )

    def reset_log(self) -> None:
        with self._lock:
            self.log.clear()

    # --- serving ---------------------------------------------------------------------------------

    def dispatch(self, site_key: str, request: Request) -> Reply:
        try:
            reply = self.apps[site_key].handle(request)
        except Exception as exc:  # a bug in a fixture should read as a server error, not hang a crawl
            reply = Reply(500, f"mirror error: {exc}".encode(), {"Content-Type": "text/plain"})
        if reply.cacheable and reply.status == 200:
            if request.path in self.apps[site_key].edited:
                reply.modified = dt.datetime.now(dt.UTC).date()
            reply = self._conditional(request, reply)
        query = "&".join(f"{k}={v[0]}" for k, v in request.query.items())
        with self._lock:
            self.log.append(
                LoggedRequest(
                    site_key,
                    request.method,
                    request.path + (f"?{query}" if query else ""),
                    reply.status,
                    request.headers,
                )
            )
        return reply

    @staticmethod
    def _conditional(request: Request, reply: Reply) -> Reply:
        etag = etag_for(reply.body)
        modified = http_date(reply.modified or dt.date(2020, 1, 1))
        reply.headers.update({"ETag": etag, "Last-Modified": modified})
        if request.headers.get("If-None-Match") == etag or (
            "If-None-Match" not in request.headers and request.headers.get("If-Modified-Since") == modified
        ):
            return Reply(304, b"", {"ETag": etag, "Last-Modified": modified})
        return reply
