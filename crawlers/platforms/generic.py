"""Lists without a known CMS: dated article links in repeated items, and 下一页/尾页/?page= pagers."""

from __future__ import annotations

import re
from urllib.parse import urljoin

from lxml import html as lxml_html

from crawlers.platforms.base import Entry, ListPage, NextPage, date_from_url, parse_date
from crawlers.platforms.declared import declared_size

SKIP_TEXT = re.compile(
    r"登录|注册|退出|后台|管理|login|logout|admin|首页|上一页|下一页|尾页|更多|English", re.I
)
SKIP_HREF = re.compile(r"login|logout|admin|javascript:|mailto:|#$|\.(css|js|jpg|png|gif)$", re.I)
ARTICLE_HREF = re.compile(
    r"/t\d{8}_\d+|/art/\d{4}/|/doc/\d{4}/|/content/|/\d{4,}\.s?html?$|detail|article|info", re.I
)
NEXT_TEXT = re.compile(r"^\s*(下一页|下页|后一页|>|›|»)\s*$")


def _entry_from_anchor(anchor: lxml_html.HtmlElement, base_url: str) -> Entry | None:
    href = (anchor.get("href") or "").strip()
    if not href or SKIP_HREF.search(href):
        return None
    text = " ".join(anchor.text_content().split())
    title = (anchor.get("title") or "").strip() or text
    if len(title) < 5 or SKIP_TEXT.search(text or ""):
        return None
    url = urljoin(base_url, href)
    parent = anchor.getparent()
    context = " ".join(parent.text_content().split()) if parent is not None else ""
    published = parse_date(context) or date_from_url(url)
    return Entry(url=url, title=title, published=published)


def article_entries(
    document: lxml_html.HtmlElement, base_url: str, selector: str | None = None
) -> list[Entry]:
    """Links inside repeated list items that carry a date or an article-shaped URL."""
    anchors = document.cssselect(selector) if selector else document.iter("a")
    entries: list[Entry] = []
    seen: set[str] = set()
    for anchor in anchors:
        if anchor.tag != "a":
            continue
        entry = _entry_from_anchor(anchor, base_url)
        if entry is None or entry.url in seen:
            continue
        parent = anchor.getparent()
        in_list = parent is not None and parent.tag in ("li", "td", "dd", "p", "div", "span")
        dated = entry.published is not None or bool(
            re.search(r"\[\d{2}-\d{2}\]", parent.text_content() if parent is not None else "")
        )
        if selector or (in_list and (dated or ARTICLE_HREF.search(entry.url))):
            entries.append(entry)
            seen.add(entry.url)
    return entries


def next_link(document: lxml_html.HtmlElement, base_url: str, selector: str | None = None) -> str | None:
    if selector:
        found = document.cssselect(selector)
        return urljoin(base_url, found[0].get("href")) if found and found[0].get("href") else None
    for anchor in document.iter("a"):
        if (
            NEXT_TEXT.match(anchor.text_content() or "")
            and anchor.get("href")
            and "javascript" not in anchor.get("href")
        ):
            return urljoin(base_url, anchor.get("href"))
    return None


def parse(text: str, base_url: str, selectors: dict[str, str] | None = None) -> ListPage:
    """A list page's dated article links, its next-page link and the list size it declares."""
    selectors = selectors or {}
    document = lxml_html.fromstring(text or "<html/>")
    entries = article_entries(document, base_url, selectors.get("link"))
    nxt = next_link(document, base_url, selectors.get("next"))
    records, pages = declared_size(text or "", document)
    return ListPage("generic", entries, NextPage(nxt) if nxt else None, records, pages)
