"""Downloader middlewares: conditional requests from stored validators, and unreachable hosts
given up after one connection failure."""

from __future__ import annotations

from urllib.parse import urlsplit

from scrapy import Request, exceptions
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from twisted.internet import error


class ConditionalRequestMiddleware:
    """If-None-Match/If-Modified-Since from the validators stored in the database (not Scrapy's file
    cache, which guesses freshness from Last-Modified and serves stale pages without asking)."""

    def process_request(self, request: Request) -> None:
        known = request.meta.get("known")
        if known is None:
            return None
        if known.etag:
            request.headers.setdefault(b"If-None-Match", known.etag.encode())
        if known.last_modified:
            request.headers.setdefault(b"If-Modified-Since", known.last_modified.encode())
        return None


class SiteUnreachable(IgnoreRequest):
    """A request not sent because its host already failed to answer at all in this crawl."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


# Connection-level failures: the host never produced a response.
_UNREACHABLE = (
    (exceptions.CannotResolveHostError, "dns"),
    (exceptions.DownloadConnectionRefusedError, "connection refused"),
    (exceptions.DownloadTimeoutError, "timeout"),
    (exceptions.DownloadFailedError, "connection lost"),
    (error.DNSLookupError, "dns"),
    (error.ConnectionRefusedError, "connection refused"),
    (error.TCPTimedOutError, "timeout"),
    (error.TimeoutError, "timeout"),
    (error.NoRouteError, "no route to host"),
    (error.ConnectError, "connection failed"),
    (error.ConnectionLost, "connection lost"),
    (error.ConnectionDone, "connection lost"),
)


class UnreachableHostMiddleware:
    """A host that has not answered once in this crawl and fails at the connection level is down.

    Its failed request is not retried, and every later request to it fails at once with the same
    reason, so a site that accepts connections and never answers costs its own timeout once (the
    robots.txt request's), not three timeouts per request. A host that has answered before keeps
    Scrapy's normal retries: one lost connection mid-crawl is not an outage.
    """

    def __init__(self) -> None:
        self.answered: set[str] = set()
        self.down: dict[str, str] = {}

    def process_request(self, request: Request) -> None:
        reason = self.down.get(_host(request))
        if reason is not None:
            raise SiteUnreachable(reason)

    def process_response(self, request: Request, response: Response) -> Response:
        self.answered.add(_host(request))
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        host = _host(request)
        if host in self.answered or isinstance(exception, SiteUnreachable):
            return None
        kind = next((kind for cls, kind in _UNREACHABLE if isinstance(exception, cls)), None)
        if kind is not None:
            self.down[host] = kind
            request.meta["dont_retry"] = True  # RetryMiddleware runs after us on the way back
        return None


def _host(request: Request) -> str:
    parts = urlsplit(request.url)
    return f"{parts.hostname}:{parts.port}"
