"""Hanweb 大汉 jpage: records as CDATA in <datastore>, the rest from the dataproxy.jsp proxy.

The proxy's form comes from wherever the page gives it, never from a hard-coded guess
(site-patterns.md §1.2): the query of the `<nextgroup>` link, a `var param_<unitid> = {…}` object,
and the `ajaxParam` of the jpage() call (also when that names the param object), later sources
winning. The proxy path comes from `proxyUrl` or the nextgroup link. It is sent as a POST form, as
jpage.js does, unless the page's jpage() call asks for GET; a proxy that refuses the one method is
asked once with the other. The `<nextgroup>` href is pagination, not an article.
"""

from __future__ import annotations

import html
import re
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from lxml import html as lxml_html

from crawlers.platforms.base import Entry, ListPage, NextPage, date_from_url, parse_date

RECORD = re.compile(r"<record>\s*(?:<!\[CDATA\[(.*?)\]\]>|(.*?))\s*</record>", re.S | re.I)
TOTAL = re.compile(r"<totalrecord>\s*(\d+)\s*</totalrecord>", re.I)
JPAGE = re.compile(r"""(?:\(\s*['"]#([\w-]+)['"]\s*\))?\s*\.jpage\(\s*\{(.*?)\}\s*\)""", re.S)
NEXTGROUP = re.compile(r"<nextgroup>\s*(?:<!\[CDATA\[)?(.*?)(?:\]\]>)?\s*</nextgroup>", re.S | re.I)
HREF = re.compile(r"""href\s*=\s*['"]([^'"]+)['"]""", re.I)
UNIT_DIV = re.compile(
    r"""<div[^>]*\bid\s*=\s*['"]?([\w-]+)['"]?[^>]*>\s*<script[^>]*text/xml[^>]*>\s*<datastore>""", re.I
)
PAIR = re.compile(r"""['"]?(\w+)['"]?\s*:\s*(?:'([^']*)'|"([^"]*)"|([^,\s}]+))""")
DEFAULT_PROXY = "/module/web/jpage/dataproxy.jsp"
PAGING_KEYS = {"page", "startrecord", "endrecord", "perpage"}
GROUP = 3  # jpage's default groupSize: pages fetched per proxy request


def detect(text: str) -> bool:
    return "<datastore>" in text or "jpage(" in text


def records(text: str, base_url: str) -> list[Entry]:
    """The list entries in a datastore's <record>s (CDATA or plain); never the nextgroup link."""
    entries = []
    for cdata, plain in RECORD.findall(text):
        fragment = lxml_html.fromstring(f"<div>{cdata or plain}</div>")
        for anchor in fragment.iter("a"):
            href = anchor.get("href")
            if not href:
                continue
            url = urljoin(base_url, href)
            title = (anchor.get("title") or "").strip() or " ".join(anchor.text_content().split())
            entries.append(Entry(url, title, parse_date(fragment.text_content()) or date_from_url(url)))
    return entries


def _pairs(raw: str) -> dict[str, str]:
    """`{col:1, path:'/', "webname":"示范"}` → its keys and values as strings."""
    return {key: single or double or bare for key, single, double, bare in PAIR.findall(raw)}


def _option(body: str, name: str, text: str = "") -> str | None:
    """A jpage() option's value; a variable (`totalRecord: total`) is looked up in the page's text."""
    match = re.search(rf"""\b{name}\s*:\s*(['"]?)([^,'"}}\s]+)['"]?""", body, re.I)
    if not match:
        return None
    value = match.group(2).strip()
    if not match.group(1) and text and re.fullmatch(r"[A-Za-z_$][\w$]*", value):
        assigned = re.search(rf"""\b{re.escape(value)}\s*=\s*['"]?([^;'"\s]+)""", text)
        return assigned.group(1) if assigned else None
    return value


def _number(value: str | None, default: int) -> int:
    return int(value) if value and value.isdigit() else default


def _object(text: str, name: str) -> dict[str, str]:
    """The literal object assigned to a JavaScript variable (`var name = {…}`), or {}."""
    match = re.search(rf"\b{re.escape(name)}\s*=\s*\{{(.*?)\}}", text, re.S)
    return _pairs(match.group(1)) if match else {}


def _nextgroup(text: str) -> tuple[str | None, dict[str, str]]:
    """The proxy path and the form pairs of the datastore's <nextgroup> link (paging keys dropped)."""
    match = NEXTGROUP.search(text)
    href = HREF.search(match.group(1)) if match else None
    if href is None:
        return None, {}
    link = urlsplit(html.unescape(href.group(1)))
    pairs = {k: v for k, v in parse_qsl(link.query, keep_blank_values=True) if k.lower() not in PAGING_KEYS}
    return link.path or None, pairs


def jpage_config(text: str, url: str = "") -> dict[str, Any] | None:
    """Where and how to ask the proxy for the rest of the column, from everything the page gives.

    Returns {"proxy", "per_page", "total", "form", "method", "unit"} or None when the page has
    neither a jpage() call nor a datastore with a nextgroup link.
    """
    call = JPAGE.search(text)
    body = call.group(2) if call else ""
    params = re.search(r"ajaxParam\s*:\s*(\{.*?\}|[A-Za-z_$][\w$]*)", body, re.S)
    options = body.replace(params.group(0), "") if params else body  # jpage's own options only
    unit_div = UNIT_DIV.search(text)
    unit = (call.group(1) if call and call.group(1) else None) or (unit_div.group(1) if unit_div else None)
    proxy_path, form = _nextgroup(text)
    if call is None and proxy_path is None:
        return None
    if unit:
        form.update(_object(text, f"param_{unit}"))
    if params:
        value = params.group(1)
        form.update(_pairs(value[1:-1]) if value.startswith("{") else _object(text, value))
    # What the real proxy needs to find the column, when only the page's structure says it.
    column = re.search(r"/col/col(\d+)/", url)
    if "columnid" not in form and column:
        form["columnid"] = column.group(1)
    if "unitid" not in form and unit and unit.isdigit():
        form["unitid"] = unit
    embedded = TOTAL.search(text)
    method = _option(options, "type") or _option(options, "method") or _option(options, "ajaxType")
    return {
        "proxy": _option(options, "proxyUrl", text) or proxy_path or DEFAULT_PROXY,
        "per_page": _number(_option(options, "perPage", text), 15),
        "group": _number(_option(options, "groupSize", text), GROUP),
        "total": _number(_option(options, "totalRecord", text), int(embedded.group(1)) if embedded else 0),
        "form": form,
        "method": "GET" if (method or "").upper() == "GET" else "POST",
        "unit": unit,
    }


def proxy_request(base_url: str, config: dict[str, Any], start: int, method: str | None = None) -> NextPage:
    """The proxy request for the records from `start` (1-based), jpage.js's way.

    POST asks for a group of pages by startrecord/endrecord with the form as its body. GET asks
    for one page, by startrecord/endrecord and by `page` too (the GET proxies of site-patterns §1.2
    read `page=N`), with the form in the query.
    """
    per_page = int(config["per_page"])
    method = method or str(config["method"])
    group = 1 if method == "GET" else int(config.get("group") or GROUP)
    end = start + per_page * group - 1
    total = int(config["total"])
    if total:
        end = min(end, total)
    paging = {"startrecord": start, "endrecord": end, "perpage": per_page}
    form = dict(config["form"])
    # A window that fails is skipped to the next one, while the declared total says there is more.
    skip = (lambda: proxy_request(base_url, config, end + 1, method)) if total and end < total else None
    if method == "GET":
        query = {**paging, "page": (start - 1) // per_page + 1, **form}
        url = urljoin(base_url, f"{config['proxy']}?{urlencode(query)}")
        return NextPage(url, "GET", None, {"jpage": config, "start": end + 1, "first": start}, skip)
    url = urljoin(base_url, f"{config['proxy']}?{urlencode(paging)}")
    return NextPage(url, "POST", form, {"jpage": config, "start": end + 1, "first": start}, skip)


def other_method(nxt: NextPage) -> NextPage | None:
    """The same proxy request with the other method, for a proxy that refused this one; None after
    the second try."""
    if nxt.meta.get("retried_method"):
        return None
    config = nxt.meta["jpage"]
    base = str(config.get("page_url") or nxt.url)
    again = proxy_request(base, config, int(nxt.meta["first"]), "GET" if nxt.method == "POST" else "POST")
    again.meta["retried_method"] = True
    return again


def parse_column(text: str, url: str) -> tuple[ListPage, dict[str, Any] | None]:
    """The column page's embedded records, and the first proxy request when the list goes on."""
    entries = records(text, url)
    config = jpage_config(text, url)
    if config is not None:
        config["page_url"] = url
    next_page = None
    total = int(config["total"]) if config else 0
    # With no declared total, ask the proxy once: it answers with the total or with nothing.
    if config and (total > len(entries) or not total):
        next_page = proxy_request(url, config, len(entries) + 1)
    return ListPage("hanweb", entries, next_page, total or None), config


def parse_proxy(
    text: str, url: str, config: dict[str, Any], start: int, first: int | None = None
) -> ListPage:
    """One proxy answer to the request for records first..start-1: its records, and the next
    request while the total is not reached. A proxy that answered fewer records than asked (one
    page where a group was asked) is asked next from the record after the last one it gave."""
    entries = records(text, str(config.get("page_url") or url))
    if first is not None and 0 < len(entries) < start - first:
        start = first + len(entries)
    total_match = TOTAL.search(text)
    answered = int(total_match.group(1)) if total_match else 0
    # A proxy asked without the parameters it needs answers "0 records": the page's figure stands.
    total = max(answered, int(config["total"]))
    config = {**config, "total": total}
    next_page = None
    if entries and (start <= total or (not total and len(entries) >= int(config["per_page"]))):
        next_page = proxy_request(str(config.get("page_url") or url), config, start)
    return ListPage("hanweb", entries, next_page, total or None)
