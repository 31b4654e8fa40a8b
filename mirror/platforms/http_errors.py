"""Fixture sites whose failure is HTTP itself (issue 15): a site that moved to another host, and a
site whose server answers 503 to everything. Neither may pass as "ok, 0 new" or "robots or filtered"."""

from __future__ import annotations

from mirror.site import Reply, Request, Site, html


class MovedSite(Site):
    """Every path answers 301 to the same path on another host (the mirror points peer_url there)."""

    key = "moved"

    def __init__(self) -> None:
        super().__init__(None)
        self.peer_url = "http://127.0.0.1:9"  # the server sets the new host once it is bound

    def start_path(self) -> str:
        return "/xxgk/tzgg/index.html"

    def handle(self, request: Request) -> Reply:
        return Reply(
            301, b"", {"Location": self.peer_url.rstrip("/") + request.path, "Content-Type": "text/html"}
        )


class UnavailableSite(Site):
    """A server that answers 503 to every request, robots.txt included."""

    key = "unavailable"

    def start_path(self) -> str:
        return "/xxgk/index.html"

    def handle(self, request: Request) -> Reply:
        return html("<html><body><h1>503 Service Unavailable</h1></body></html>", status=503)
