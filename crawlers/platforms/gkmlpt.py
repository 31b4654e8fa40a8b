"""广东 gkmlpt (政府信息公开目录平台, site-patterns §0 and §1.6): a Vue app, its list one GET away.

The column page (`…/gkmlpt/index#721`, `/gkmlpt/policy`) renders nothing itself; its config names
the site (`SID: '755031'`) and the URL's fragment the category (no fragment: 0, every item). The
list is `GET …/gkmlpt/api/all/<catId>?page=N&sid=<SID>` from page 1, answering JSON:
`{"articles": [{"title", "url"|"post_url", "display_publish_time"|"created_at"…}], "total": N,
"classify": {"post_count": N}}`. Pages are asked until the declared total is read or a page comes
back empty. Detail pages embed their record as JSON (parsers.embedded_record).
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit

from crawlers.platforms.base import Entry, ListPage, NextPage, date_from_url
from parsers.embedded_record import plain_title, record_date

SID = re.compile(r"""["']?\bSID["']?\s*[:=]\s*["']?([\w-]+)""")
CATEGORY_KEYS = re.compile(r"""["']?\b(?:CAT_ID|CATEGORY_ID|catId|classify_id)["']?\s*[:=]\s*["']?(\d+)""")
TOTAL_KEYS = ("total", "count", "total_count", "totalCount")


def detect(text: str, url: str = "") -> bool:
    """A gkmlpt page: its URL is under /gkmlpt/, or its config names a SID beside gkmlpt paths."""
    return "/gkmlpt/" in urlsplit(url).path or ("gkmlpt" in text and SID.search(text) is not None)


def _category(text: str, start_url: str) -> str:
    fragment = urlsplit(start_url).fragment.strip("/")
    if fragment.isdigit():
        return fragment
    found = CATEGORY_KEYS.search(text)
    return found.group(1) if found else "0"


def _api_base(url: str) -> str:
    """Where the site's gkmlpt lives: the part of the page URL up to /gkmlpt/ (sites are often
    under a department prefix, `/lhqkjhgyxxhj/gkmlpt/…`), else the host's root."""
    page = urldefrag(url)[0]
    path = urlsplit(page).path
    prefix = path[: path.index("/gkmlpt/")] if "/gkmlpt/" in path else ""
    return urljoin(page, f"{prefix}/gkmlpt/")


def _request(state: dict[str, Any], page: int) -> NextPage:
    url = urljoin(state["base"], f"api/all/{state['category']}?page={page}&sid={state['sid']}")
    return NextPage(url, meta={"gkmlpt": {**state, "page": page}})


def first_request(text: str, page_url: str, start_url: str | None = None) -> NextPage | None:
    """The API request for the column's first page, or None when the page names no SID.

    start_url is the configured address (its fragment names the category; a response URL may
    have lost it).
    """
    sid = SID.search(text)
    if sid is None:
        return None
    state = {
        "sid": sid.group(1),
        "category": _category(text, start_url or page_url),
        "base": _api_base(page_url),
        "page_url": page_url,
        "read": 0,
    }
    return _request(state, 1)


def _declared(data: dict[str, Any]) -> int | None:
    for value in [data.get(key) for key in TOTAL_KEYS] + [(data.get("classify") or {}).get("post_count")]:
        if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
            return int(value)
    return None


def _entry(row: dict[str, Any], page_url: str) -> Entry | None:
    link = row.get("post_url") or row.get("url")
    if not link:
        return None
    url = urldefrag(urljoin(page_url, str(link)))[0]  # `…/post_963149.html#721`: one article
    return Entry(url, plain_title(row.get("title")), record_date(row) or date_from_url(url))


def parse_api(text: str, state: dict[str, Any]) -> ListPage:
    """One JSON answer: its articles, the next page while the declared total is not read, and
    the declared size. An answer that is not the list is an error (a gap), not an empty list."""
    try:
        data = json.loads(text)
        rows = data["articles"]
        if not isinstance(rows, list):
            raise TypeError("articles is not a list")
    except (ValueError, KeyError, TypeError):
        return ListPage("gkmlpt", [], None, error="返回的不是列表数据")
    entries = [e for e in (_entry(r, state["page_url"]) for r in rows if isinstance(r, dict)) if e]
    total = _declared(data)
    read = int(state.get("read", 0)) + len(entries)
    next_page = None
    if entries and (total is None or read < total):
        next_page = _request({**state, "read": read}, int(state["page"]) + 1)
    return ListPage("gkmlpt", entries, next_page, total)
