"""Conditional requests from the validators stored in the database (not Scrapy's file cache, which
guesses freshness from Last-Modified and serves stale pages without asking)."""

from __future__ import annotations

from scrapy import Request


class ConditionalRequestMiddleware:
    def process_request(self, request: Request) -> None:
        known = request.meta.get("known")
        if known is None:
            return None
        if known.etag:
            request.headers.setdefault(b"If-None-Match", known.etag.encode())
        if known.last_modified:
            request.headers.setdefault(b"If-Modified-Since", known.last_modified.encode())
        return None
