"""Hanweb 大汉 jpage: records as CDATA in <datastore>, the rest from POST dataproxy.jsp.

The form comes from the page's jpage({... ajaxParam: {...}}) call, never from a hard-coded guess;
the <nextgroup> href is pagination, not an article.
"""

from __future__ import annotations

import re
from urllib.parse import urlencode, urljoin

from lxml import html as lxml_html

from crawlers.platforms.base import Entry, ListPage, NextPage, date_from_url, parse_date

RECORD = re.compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.S)
TOTAL = re.compile(r"<totalrecord>\s*(\d+)\s*</totalrecord>")
JPAGE = re.compile(r"\.jpage\(\s*\{(.*?)\}\s*\)", re.S)
GROUP = 3


def detect(text: str) -> bool:
    return "<datastore>" in text or "jpage(" in text


def records(text: str, base_url: str) -> list[Entry]:
    entries = []
    for cdata in RECORD.findall(text):
        fragment = lxml_html.fromstring(f"<div>{cdata}</div>")
        for anchor in fragment.iter("a"):
            href = anchor.get("href")
            if not href:
                continue
            url = urljoin(base_url, href)
            title = (anchor.get("title") or "").strip() or " ".join(anchor.text_content().split())
            entries.append(Entry(url, title, parse_date(fragment.text_content()) or date_from_url(url)))
    return entries


def _option(body: str, name: str) -> str | None:
    match = re.search(rf"\b{name}\s*:\s*['\"]?([^,'\"}}]+)['\"]?", body)
    return match.group(1).strip() if match else None


def jpage_config(text: str) -> dict[str, object] | None:
    match = JPAGE.search(text)
    if not match:
        return None
    body = match.group(1)
    params = re.search(r"ajaxParam\s*:\s*\{(.*?)\}", body, re.S)
    form = _form_pairs(params.group(1)) if params else {}
    return {
        "proxy": _option(body, "proxyUrl") or "/module/web/jpage/dataproxy.jsp",
        "per_page": int(_option(body, "perPage") or 15),
        "total": int(_option(body, "totalRecord") or 0),
        "form": form,
    }


def _form_pairs(raw: str) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for key, single, double, bare in re.findall(r"(\w+)\s*:\s*(?:'([^']*)'|\"([^\"]*)\"|([^,\s}]+))", raw):
        pairs[key] = single or double or bare
    return pairs


def proxy_request(base_url: str, config: dict[str, object], start: int) -> NextPage:
    per_page = int(config["per_page"])  # type: ignore[arg-type]
    end = start + per_page * GROUP - 1
    total = int(config["total"])  # type: ignore[arg-type]
    if total:
        end = min(end, total)
    query = urlencode({"startrecord": start, "endrecord": end, "perpage": per_page})
    url = urljoin(base_url, f"{config['proxy']}?{query}")
    return NextPage(url, "POST", dict(config["form"]), {"jpage": config, "start": end + 1})  # type: ignore[arg-type]


def parse_column(text: str, url: str) -> tuple[ListPage, dict[str, object] | None]:
    entries = records(text, url)
    config = jpage_config(text)
    if config is not None:
        config["page_url"] = url
    next_page = None
    if config and int(config["total"]) > len(entries):  # type: ignore[arg-type]
        next_page = proxy_request(url, config, len(entries) + 1)
    return ListPage("hanweb", entries, next_page), config


def parse_proxy(text: str, url: str, config: dict[str, object], start: int) -> ListPage:
    entries = records(text, str(config.get("page_url") or url))
    total_match = TOTAL.search(text)
    total = int(total_match.group(1)) if total_match else int(config["total"])  # type: ignore[arg-type]
    config = {**config, "total": total}
    next_page = proxy_request(url, config, start) if entries and start <= total else None
    return ListPage("hanweb", entries, next_page)
