"""How a zone spider fetches attachments: the files (often the report itself) that pages link.

A mixin of ZoneSpider, kept apart so the list walking and the file fetching each stay readable.
An attachment that fails is owed (FetchFailed): retried on later runs with backoff, then given up
with a reason the digest shows; one that answers 304 is settled (FetchSettled).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scrapy.http import Request, Response
from twisted.python.failure import Failure

from crawlers.errors import error_kind
from crawlers.items import DocumentItem, FetchFailed, FetchSettled
from crawlers.middlewares import SiteUnreachable
from crawlers.owed import Ledger, OpenRequest
from storage.repository import DocumentValidators


class AttachmentFetching:
    """Requests and callbacks for attachments; uses the spider's counts, errors, logger and
    _not_modified (ZoneSpider's)."""

    counts: Any
    errors: Any
    logger: Any
    ledger: Ledger

    def _attachment_request(
        self, url: str, parent: str | None, name: str | None, known: DocumentValidators | None
    ) -> Request:
        return Request(
            url,
            callback=self.parse_attachment,
            errback=self.attachment_failed,
            meta={
                "parent": parent,
                "name": name or url.rsplit("/", 1)[-1],
                "known": known,
                "handle_httpstatus_list": [304, 404, 410],
                **self.ledger.open(OpenRequest("attachment", url, parent, name)),
            },
        )

    def attachment_failed(self, failure: Failure) -> Iterator[FetchFailed]:
        """A failed attachment is counted and owed: retried on later runs, then given up.

        When the whole site is unreachable the failure is the site's, reported as such; the
        attachment stays owed without using up one of its tries.
        """
        self.ledger.close(failure.request.meta)  # type: ignore[attr-defined]
        reason = error_kind(failure)
        self.errors[reason] += 1
        if failure.check(SiteUnreachable):
            return
        self.counts["retry_later"] += 1
        request = failure.request  # type: ignore[attr-defined]
        self.logger.info("attachment failed (%s): %s", reason, request.url)
        yield FetchFailed(asked_url(request), reason, request.meta.get("parent"), request.meta.get("name"))

    def parse_attachment(self, response: Response) -> Iterator[Any]:
        self.ledger.close(response.meta)
        self.counts["attachments"] += 1
        if response.status in (404, 410):
            self.errors[f"http {response.status}"] += 1
            self.counts["retry_later"] += 1
            meta = response.meta
            yield FetchFailed(
                asked_url(response.request), f"http {response.status}", meta["parent"], meta["name"]
            )
            return
        if self._not_modified(response):
            yield FetchSettled(asked_url(response.request))
            return
        from parsers.document import sniff

        yield DocumentItem(
            url=response.request.url,
            final_url=response.url,
            body=response.body,
            kind="attachment",
            parent_url=response.meta["parent"],
            title=response.meta["name"],
            file_type=sniff(response.body, response.meta["name"] + " " + response.url),
            filename=response.meta["name"],
            content_type=response.headers.get("Content-Type", b"").decode("latin-1") or None,
            http_status=response.status,
            etag=response_header(response, "ETag"),
            last_modified=response_header(response, "Last-Modified"),
            asked_url=asked_url(response.request),
        )


def asked_url(request: Request) -> str:
    """The URL the spider asked for, before redirects (downfile.jsp?… rather than the file): what
    a page owes is keyed by it."""
    return (request.meta.get("redirect_urls") or [request.url])[0]


def response_header(response: Response, name: str) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None
