"""A running mirror and plain urllib access to it: no redirects followed unless asked, HTTP errors
returned not raised, so each test sees exactly what the server sent."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from email.message import Message
from urllib.parse import urlencode

import pytest

from mirror.server import MirrorServer


@dataclass
class Fetched:
    status: int
    body: bytes
    headers: Message

    def text(self, charset: str = "utf-8") -> str:
        return self.body.decode(charset)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


_plain = urllib.request.build_opener(_NoRedirect)
_follow = urllib.request.build_opener()


def fetch(
    url: str,
    *,
    data: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
    method: str | None = None,
    follow: bool = False,
    timeout: float = 10,
) -> Fetched:
    body = urlencode(data).encode() if data is not None else None
    request = urllib.request.Request(url, data=body, headers=headers or {}, method=method)
    opener = _follow if follow else _plain
    try:
        with opener.open(request, timeout=timeout) as response:
            return Fetched(response.status, response.read(), response.headers)
    except urllib.error.HTTPError as error:
        return Fetched(error.code, error.read(), error.headers)


def hrefs(page: str) -> list[str]:
    return re.findall(r'<a href="([^"]+)"', page)


@pytest.fixture(scope="session")
def mirror() -> Iterator[MirrorServer]:
    # One server for the whole directory: tests that change state (next year, edits) restore or
    # use their own server.
    with MirrorServer(slow_seconds=1.0) as server:
        yield server


@pytest.fixture(scope="session")
def get() -> Callable[..., Fetched]:
    return fetch


@pytest.fixture(scope="session")
def links() -> Callable[[str], list[str]]:
    return hrefs
