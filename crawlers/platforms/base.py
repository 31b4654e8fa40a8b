"""Shared shapes of list discovery: an entry on a list, and a found list page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# One reading of dates for the whole project: the list side uses the parser's own functions.
from parsers.metadata import date_from_url, parse_date

__all__ = ["Entry", "ListPage", "NextPage", "date_from_url", "parse_date"]


@dataclass
class Entry:
    url: str
    title: str
    published: dt.date | None = None


@dataclass
class NextPage:
    """How to fetch the following list page: a URL, and for APIs a method and form."""

    url: str
    method: str = "GET"
    form: dict[str, str] | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    # The page after this one, reached without reading this one (a numbered pager, a proxy's next
    # record window): what the walk asks for when this page fails. None: only this page leads on.
    skip: Callable[[], NextPage | None] | None = field(default=None, compare=False, repr=False)


@dataclass
class ListPage:
    """One list page read: its entries, the way on, and the list's size when the page declares it.

    declared_records / declared_pages are the whole list's size as the page states it (Hanweb
    totalRecord, TRS pager count, "共N条 / 共N页", a JSON total), None when it says nothing; the
    spider checks what it read against them.
    """

    platform: str
    entries: list[Entry]
    next_page: NextPage | None = None
    declared_records: int | None = None
    declared_pages: int | None = None
    # The answer could not be read as a list (an API's error object, not JSON): a gap, said in Chinese.
    error: str | None = None
