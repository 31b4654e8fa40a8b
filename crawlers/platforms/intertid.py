"""The Wuxi-family "intertid" CMS: a script shell calling getSearchList(...) over POST /info_open/search.

The site and channel ids are read from the inline script (comments stripped, a channel variable and
the child channels appended to it resolved), then the JSON API is paged to its totalPages.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urljoin

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


def _declared(data: dict[str, object], keys: tuple[str, ...]) -> int | None:
    for key in keys:
        value = data.get(key)
        if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
            return int(value)
    return None


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
            parse_date(row.get("writeTimeString")),
        )
        for row in data.get("data", [])
        if row.get("url")
    ]
    page = int(params["pageIndex"])
    next_page = None
    if page < int(data.get("totalPages") or 0):
        following = {**params, "pageIndex": str(page + 1)}
        next_page = NextPage(url, "POST", following, {"api": following, "page_url": page_url})
    return ListPage(
        "intertid",
        entries,
        next_page,
        _declared(data, TOTAL_KEYS),
        _declared(data, ("totalPages", "pageCount", "totalPage")),
    )
