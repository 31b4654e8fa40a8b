"""TRS WCM: the pager exists only as createPageHTML(pageCount, currentIndex, "index", "html")."""

from __future__ import annotations

import re
from urllib.parse import urljoin

from crawlers.platforms import generic
from crawlers.platforms.base import ListPage, NextPage

CALL = re.compile(r"createPageHTML\s*\(([^)]*)\)")


def _resolve(token: str, script: str) -> str:
    token = token.strip().strip("'\"")
    if re.fullmatch(r"[A-Za-z_]\w*", token):
        match = re.search(rf"\b{token}\s*=\s*['\"]?(\w+)['\"]?", script)
        return match.group(1) if match else token
    return token


def pager(text: str) -> tuple[int, int, str, str] | None:
    """(page count, current index, page name, extension) from any of the call's variants."""
    match = CALL.search(text)
    if not match:
        return None
    args = [_resolve(arg, text) for arg in match.group(1).split(",")]
    if args and not args[0].isdigit():
        args = args[1:]  # the 6-argument form starts with the pager's div name
    if len(args) < 4 or not args[0].isdigit() or not args[1].isdigit():
        return None
    return int(args[0]), int(args[1]), args[2], args[3]


def detect(text: str) -> bool:
    return "createPageHTML" in text


def parse(text: str, url: str, selectors: dict[str, str] | None = None) -> ListPage:
    page = generic.parse(text, url, selectors)
    found = pager(text)
    next_page = None
    if found:
        count, current, name, ext = found
        if current + 1 < count:
            next_page = NextPage(urljoin(url, f"{name}_{current + 1}.{ext}"))
    return ListPage("trs", page.entries, next_page)
