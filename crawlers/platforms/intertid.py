"""The Wuxi-family "intertid" CMS: a script shell calling getSearchList(...) over POST /info_open/search.

The site and channel ids are read from the inline script (comments stripped, a channel variable and
the child channels appended to it resolved), then the JSON API is paged to its totalPages.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

from crawlers.platforms.base import Entry, ListPage, NextPage, parse_date

CALL = re.compile(r"getSearchList\s*\(([^)]*)\)")


def detect(text: str) -> bool:
    return "getSearchList(" in text


def _strip_comments(script: str) -> str:
    script = re.sub(r"/\*.*?\*/", "", script, flags=re.S)
    return re.sub(r"(?m)//.*$", "", script)


def _evaluate(expression: str, script: str) -> str:
    """The value of a string literal, or of a variable built by `var x = "1"; x = x + "," + 2`."""
    expression = expression.strip()
    literal = re.fullmatch(r"['\"]([^'\"]*)['\"]", expression)
    if literal:
        return literal.group(1)
    if not re.fullmatch(r"[A-Za-z_]\w*", expression):
        return expression
    value = ""
    for statement in re.finditer(rf"(?:var\s+)?\b{expression}\s*=\s*([^;\n]+)", script):
        parts = [part.strip() for part in statement.group(1).split("+")]
        pieces = []
        for part in parts:
            if part == expression:
                pieces.append(value)
            else:
                pieces.append(part.strip("'\""))
        value = "".join(pieces)
    return value


def api_params(text: str) -> dict[str, str] | None:
    script = _strip_comments(text)
    match = CALL.search(script)
    if not match:
        return None
    args = [arg.strip() for arg in match.group(1).split(",")]
    if len(args) < 6:
        return None
    return {
        "pageIndex": "1",
        "pageSize": _evaluate(args[1], script),
        "siteId": _evaluate(args[2], script),
        "channelIds": _evaluate(args[3], script),
        "searchType": _evaluate(args[4], script),
        "order": _evaluate(args[5], script),
    }


def first_request(text: str, url: str) -> NextPage | None:
    params = api_params(text)
    if params is None:
        return None
    return NextPage(urljoin(url, "/info_open/search"), "POST", params, {"api": params, "page_url": url})


TOTAL_KEYS = ("totalElements", "total", "totalCount", "totalRecord", "recordCount")
# Where a row carries its date, first found wins: a formatted string, or `writeTime` itself (epoch
# milliseconds or seconds, or a date-time string, in builds that send no writeTimeString).
DATE_KEYS = ("writeTimeString", "writeTime", "publishTimeString", "publishTime", "pubDate")
BEIJING = ZoneInfo("Asia/Shanghai")


def row_date(row: dict[str, object]) -> dt.date | None:
    """The publication date of one JSON row (Beijing calendar day for epoch times), or None."""
    for key in DATE_KEYS:
        value = row.get(key)
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value.strip())
        if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
            seconds = value / 1000 if value > 10**11 else value
            return dt.datetime.fromtimestamp(seconds, BEIJING).date()
        if isinstance(value, str) and value.strip():
            text = value.strip()
            try:
                moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
            except ValueError:
                moment = None
            if moment is not None and moment.tzinfo is not None:
                return moment.astimezone(BEIJING).date()
            found = parse_date(text)
            if found is not None:
                return found
    return None


def _declared(data: dict[str, object], keys: tuple[str, ...]) -> int | None:
    for key in keys:
        value = data.get(key)
        if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
            return int(value)
    return None


def api_page(url: str, params: dict[str, str], index: int, pages: int, page_url: str) -> NextPage | None:
    """The API request for page `index` (1-based) of `pages`, None past the end; it knows the page
    after it, for a walk whose page fails."""
    if index > pages:
        return None
    form = {**params, "pageIndex": str(index)}
    return NextPage(
        url,
        "POST",
        form,
        {"api": form, "page_url": page_url},
        skip=lambda: api_page(url, params, index + 1, pages, page_url),
    )


def parse_api(text: str, url: str, params: dict[str, str], page_url: str) -> ListPage:
    """One JSON answer: its rows, the next page while totalPages is not reached, and the declared size."""
    try:
        data = json.loads(text)["data"]
        if not isinstance(data, dict):
            raise TypeError("no data object")
    except (ValueError, KeyError, TypeError):
        return ListPage("intertid", [], None, error="返回的不是列表数据")
    entries = [
        Entry(
            urljoin(page_url, row.get("url", "")),
            row.get("title", ""),
            row_date(row),
        )
        for row in data.get("data", [])
        if row.get("url")
    ]
    page = int(params["pageIndex"])
    next_page = api_page(url, params, page + 1, int(data.get("totalPages") or 0), page_url)
    return ListPage(
        "intertid",
        entries,
        next_page,
        _declared(data, TOTAL_KEYS),
        _declared(data, ("totalPages", "pageCount", "totalPage")),
    )
