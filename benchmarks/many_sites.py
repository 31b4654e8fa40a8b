"""Thousands of small zone sites served from one process, for the 3,000-site night benchmark.

Each site listens on its own loopback address (127.4.x.y), so Scrapy's per-domain politeness treats
it as its own domain, as real sites are; one asyncio loop serves them all, so the server costs one
process however many sites there are. A site has `lists` list pages of `per_page` articles (the
plain CMS of benchmarks/large_mirror.py, whose page builders it reuses) and a PDF on every tenth
article. From night 2 on, every `new_every`-th site has published one new report at the top of its
list. Lists and articles carry an ETag, and a matching If-None-Match gets a 304, as on real sites.
"""

from __future__ import annotations

import asyncio
import hashlib
import multiprocessing
import resource
from dataclasses import dataclass

from benchmarks.large_mirror import PDF, _article

NEW_REPORT_NUMBER = 99_999
PORT = 18_080


def site_host(site: int) -> str:
    """The loopback address of site number `site` (0-based; up to 62,500 sites)."""
    return f"127.4.{site // 250}.{site % 250 + 1}"


@dataclass(frozen=True)
class SiteShape:
    lists: int = 2
    per_page: int = 5
    new_every: int = 20

    def requests_night1(self, sites: int) -> int:
        """Lists, articles and attachments a full crawl fetches (robots.txt not counted)."""
        articles = self.lists * self.per_page
        return sites * (self.lists + articles + len(range(0, articles, 10)))


def _list(site: int, index: int, shape: SiteShape, night: int) -> bytes:
    numbers = list(range((index - 1) * shape.per_page, index * shape.per_page))
    if night >= 2 and index == 1 and site % shape.new_every == 0:
        numbers = [NEW_REPORT_NUMBER, *numbers]
    rows = "".join(
        f'<li><span class="date">[12-{1 + n % 28:02d}]</span>'
        f'<a href="/news/content/{n + 1000}.html" title="第{site}园区通报{n}">第{site}园区通报{n}</a></li>'
        for n in numbers
    )
    pager = f"<span>第 {index}/{shape.lists} 页</span>"
    if index < shape.lists:
        pager += f'<a href="list_{index + 1}.shtml">下一页</a><a href="list_{shape.lists}.shtml">尾页</a>'
    page = (
        '<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
        f'<title>园区动态</title></head><body><div class="list"><ul class="news">{rows}</ul>'
        f'<div class="pagination">{pager}</div></div></body></html>'
    )
    return page.encode("gb18030")


def route(site: int, path: str, shape: SiteShape, night: int) -> tuple[int, bytes, str]:
    """(status, body, content type) of one request to one site."""
    if path == "/robots.txt":
        return 200, b"User-agent: *\nDisallow: /admin/\n", "text/plain"
    if path == "/news/list.shtml":
        return 200, _list(site, 1, shape, night), "text/html"
    if path.startswith("/news/list_") and path.endswith(".shtml"):
        index = int(path[len("/news/list_") : -len(".shtml")])
        if 1 <= index <= shape.lists:
            return 200, _list(site, index, shape, night), "text/html"
    if path.startswith("/news/content/") and path.endswith(".html"):
        return 200, _article(site, int(path.rsplit("/", 1)[1][:-5]) - 1000), "text/html"
    if path.startswith("/news/files/"):
        return 200, PDF, "application/pdf"
    return 404, b"<html><body>404</body></html>", "text/html"


async def _serve_connection(
    site: int, shape: SiteShape, night, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
) -> None:  # type: ignore[no-untyped-def]
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            path = lines[0].split(" ")[1]
            headers = {
                k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])
            }
            status, body, kind = route(site, path, shape, night.value)
            etag = '"' + hashlib.blake2b(body, digest_size=8).hexdigest() + '"'
            if status == 200 and headers.get("if-none-match") == etag:
                status, body = 304, b""
            reason = {200: "OK", 304: "Not Modified", 404: "Not Found"}[status]
            writer.write(
                f"HTTP/1.1 {status} {reason}\r\nContent-Type: {kind}\r\nContent-Length: {len(body)}\r\n"
                f"ETag: {etag}\r\n\r\n".encode("latin-1")
                + body
            )
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError, IndexError):
        pass
    finally:
        writer.close()


async def _serve(sites: int, shape: SiteShape, night, ready) -> None:  # type: ignore[no-untyped-def]
    servers = []
    for site in range(sites):

        async def handle(reader, writer, site=site):  # type: ignore[no-untyped-def]
            await _serve_connection(site, shape, night, reader, writer)

        servers.append(await asyncio.start_server(handle, site_host(site), PORT, backlog=16))
    ready.set()
    await asyncio.Event().wait()


def _run(sites: int, shape: SiteShape, night, ready) -> None:  # type: ignore[no-untyped-def]
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    asyncio.run(_serve(sites, shape, night, ready))


class ManySites:
    """`sites` sites in a child process; `night` (1, 2, …) switches what they publish."""

    def __init__(self, sites: int, shape: SiteShape) -> None:
        self.sites, self.shape = sites, shape
        self.night = multiprocessing.Value("i", 1)
        self._ready = multiprocessing.Event()
        self._process = multiprocessing.Process(
            target=_run, args=(sites, shape, self.night, self._ready), daemon=True
        )

    def start_url(self, site: int) -> str:
        return f"http://{site_host(site)}:{PORT}/news/list.shtml"

    def __enter__(self) -> ManySites:
        self._process.start()
        if not self._ready.wait(120):
            raise RuntimeError("the many-sites server did not start in 120 s")
        return self

    def __exit__(self, *exc: object) -> None:
        self._process.terminate()
        self._process.join(10)
