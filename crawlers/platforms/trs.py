"""TRS WCM: the pager exists only as createPageHTML(pageCount, currentIndex, "index", "html").

The call comes in several shapes (4 arguments, 5 with a trailing extra, 6 with the pager's div
name first and the record total last, counts in variables), and some templates print the function's
own definition inline before calling it: the definition is never read as the call.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from crawlers.platforms import generic
from crawlers.platforms.base import ListPage, NextPage

CALL = re.compile(r"(\bfunction\s+)?createPageHTML\s*\(([^)]*)\)")


def _resolve(token: str, script: str) -> str:
    token = token.strip().strip("'\"")
    if re.fullmatch(r"[A-Za-z_]\w*", token):
        match = re.search(rf"\b{token}\s*=\s*['\"]?(\w+)['\"]?", script)
        return match.group(1) if match else token
    return token


def _call(args: list[str]) -> tuple[int, int, str, str, int | None] | None:
    """(page count, current index, name, extension, record total or None) of one call's arguments."""
    total = None
    if args and not args[0].isdigit():
        # The 6-argument form starts with the pager's div name and ends with the record total; the
        # 5-argument form's trailing extra is something else.
        args = args[1:]
        total = int(args[4]) if len(args) >= 5 and args[4].isdigit() else None
    if len(args) < 4 or not args[0].isdigit() or not args[1].isdigit():
        return None
    return int(args[0]), int(args[1]), args[2], args[3], total


def pager_call(text: str) -> tuple[int, int, str, str, int | None] | None:
    """The first createPageHTML call whose arguments resolve, skipping the function's definition."""
    for match in CALL.finditer(text):
        if match.group(1):
            continue  # `function createPageHTML(_nPageCount, …)`: the definition, not a call
        found = _call([_resolve(arg, text) for arg in match.group(2).split(",")])
        if found is not None:
            return found
    return None


def pager(text: str) -> tuple[int, int, str, str] | None:
    """(page count, current index, page name, extension) from any of the call's variants."""
    found = pager_call(text)
    return found[:4] if found else None


def detect(text: str) -> bool:
    return "createPageHTML" in text


def parse(text: str, url: str, selectors: dict[str, str] | None = None) -> ListPage:
    """Entries as a generic list; the next page and the list's size from the pager call."""
    page = generic.parse(text, url, selectors)
    found = pager_call(text)
    next_page = None
    records, pages = page.declared_records, page.declared_pages
    if found:
        count, current, name, ext, total = found
        pages, records = count, total if total is not None else records
        if current + 1 < count:
            next_page = NextPage(urljoin(url, f"{name}_{current + 1}.{ext}"))
    return ListPage("trs", page.entries, next_page, records, pages)
