"""How a zone spider follows a site that moved: an HTTP redirect of its start page, a meta refresh,
a location script, a frameset. A mixin of ZoneSpider, kept apart so the list walking stays readable.

The new address is followed when it is the same site (crawlers.moves.same_site: same registered
domain), its host then joining the site's allowed hosts; anywhere else the site fails with
`moved to …`, never "ok, 0 new documents".
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from scrapy.http import Request, Response

from crawlers import moves
from crawlers.owed import Ledger, OpenRequest
from crawlers.spiders.attachments import response_header

MAX_HOPS = 5  # redirects and refreshes in a row before the start page is given up


class SiteMoves:
    """Callbacks' helpers for moved start pages; uses the spider's allowed_domains, counts and fail."""

    allowed_domains: list[str]
    counts: Any
    ledger: Ledger

    def fail(self, reason: str) -> None:  # pragma: no cover - ZoneSpider's
        raise NotImplementedError

    def _restart(self, response: Response, url: str, **meta: Any) -> Iterator[Request]:
        """The start page again, at its new address on the same site."""
        hops = response.meta.get("start_redirects", 0) + 1
        if hops > MAX_HOPS:
            self.fail("too many redirects")
            return
        host = urlsplit(url).hostname or ""
        if host and host not in self.allowed_domains:
            # Scrapy's offsite filter reads allowed_domains again when it changes.
            self.allowed_domains.append(host)
        # Tracked like every list request, so an interrupted crawl knows it was never answered.
        ticket = self.ledger.open(OpenRequest("list", url, walk=response.meta.get("walk", 0)))
        yield response.request.replace(
            url=url, meta={**response.meta, "start_redirects": hops, **meta, **ticket}, dont_filter=True
        )

    def _start_redirect(self, response: Response) -> Iterator[Request]:
        """Follow a start page's HTTP redirect on the same site; another site fails the site."""
        location = response_header(response, "Location")
        if not location:
            self.fail(f"start page http {response.status} without Location")
            return
        target = response.urljoin(location)
        if not moves.same_site(response.url, target):
            moved = response.status in (301, 308)
            self.fail(f"{'moved' if moved else 'redirected'} to {urlsplit(target).netloc}")
            return
        yield from self._restart(response, target)

    def _page_moved(self, response: Response, move: moves.PageMove) -> Iterator[Request]:
        """Follow a meta refresh or location script, or read a frameset through its frames."""
        self.counts[f"moved_by_{move.how.replace(' ', '_')}"] += 1
        inside = [url for url in move.targets if moves.same_site(response.url, url)]
        if not inside:
            self.fail(f"moved to {move.targets[0]}")
            return
        if move.how != "frameset":
            yield from self._restart(response, inside[0])
            return
        for url in inside:  # the list is in one of the frames; the others are chrome
            yield from self._restart(response, url, frame=True)
