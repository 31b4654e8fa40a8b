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


PAGER_NAME = re.compile(r"pag|fenye|fy_|pager", re.I)
CURRENT_NAME = re.compile(r"\b(on|cur|current|active|sel|selected|hover)\b", re.I)


def _number(element: lxml_html.HtmlElement) -> int | None:
    text = (element.text_content() or "").strip().strip("[]")
    return int(text) if text.isdigit() and len(text) < 5 else None


def _pager_items(block: lxml_html.HtmlElement) -> list[tuple[int, lxml_html.HtmlElement | None, bool]]:
    """(number, its link or None, marked current) for each numbered child (or <li>) of a block."""
    items = []
    for child in block:
        if not isinstance(child.tag, str):
            continue
        number = _number(child)
        if number is None:
            continue
        link = child if child.tag == "a" else child.find(".//a")
        if link is not None and not link.get("href"):
            link = None
        names = f"{child.get('class') or ''} {link.get('class') or '' if link is not None else ''}"
        items.append((number, link, bool(CURRENT_NAME.search(names))))
    return items


def numbered_next(document: lxml_html.HtmlElement, base_url: str) -> str | None:
    """The link to page current+1 of a pager made only of page numbers ("1 2 3", no 下一页).

    The current page is the number that is not a link (or is marked on/current/active); the pager
    is a block named like one (or inside one), or holding numbered links beside the word 页.
    """
    for block in document.iter():
        if not isinstance(block.tag, str):
            continue
        items = _pager_items(block)
        linked = [item for item in items if item[1] is not None]
        if not linked:
            continue
        parent = block.getparent()
        names = " ".join(
            f"{node.get('class') or ''} {node.get('id') or ''}"
            for node in (block, parent)
            if node is not None
        )
        # Named like a pager, or saying 页 (首页/尾页/共3页): not a calendar's day links.
        if not (PAGER_NAME.search(names) or (len(linked) >= 2 and "页" in block.text_content())):
            continue
        current = next((number for number, link, marked in items if link is None or marked), None)
        if current is None:
            continue
        for number, link, _ in linked:
            href = link.get("href") or ""  # type: ignore[union-attr]
            if number == current + 1 and "javascript" not in href:
                return urljoin(base_url, href)
        return None
    return None


def parse(text: str, base_url: str, selectors: dict[str, str] | None = None) -> ListPage:
    """A list page's dated article links, its next-page link and the list size it declares."""
    selectors = selectors or {}
    document = lxml_html.fromstring(text or "<html/>")
    entries = article_entries(document, base_url, selectors.get("link"))
    nxt = next_link(document, base_url, selectors.get("next"))
    if nxt is None and not selectors.get("next"):
        nxt = numbered_next(document, base_url)
    records, pages = declared_size(text or "", document)
    return ListPage("generic", entries, NextPage(nxt) if nxt else None, records, pages)
