"""Shared shapes of list discovery: an entry on a list, and a found list page."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

DATE = re.compile(r"(20\d\d)\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
URL_DATES = (
    re.compile(r"/t(20\d\d)(\d\d)(\d\d)_"),
    re.compile(r"/art/(20\d\d)/(\d{1,2})/(\d{1,2})/"),
    re.compile(r"/doc/(20\d\d)/(\d\d)/(\d\d)/"),
)


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


@dataclass
class ListPage:
    platform: str
    entries: list[Entry]
    next_page: NextPage | None = None


def parse_date(text: str | None) -> dt.date | None:
    match = DATE.search(text or "")
    if not match:
        return None
    try:
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def date_from_url(url: str) -> dt.date | None:
    for pattern in URL_DATES:
        match = pattern.search(url)
        if match:
            try:
                return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            except ValueError:
                return None
    return None
