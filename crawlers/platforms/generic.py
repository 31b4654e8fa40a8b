"""Lists without a known CMS: dated article links in repeated items, and 下一页/尾页/?page= pagers."""

from __future__ import annotations

import re
from urllib.parse import urljoin

from lxml import html as lxml_html

from crawlers.platforms.base import Entry, ListPage, NextPage, date_from_url, parse_date
from crawlers.platforms.declared import declared_size
from crawlers.platforms.rows import column_rows

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
    """The column's rows: links inside repeated list items that carry a date or an article-shaped
    URL, and of those only the ones in the column's own box (not a sidebar's or footer's, see
    crawlers.platforms.rows); with a configured selector, exactly what it selects."""
    anchors = document.cssselect(selector) if selector else document.iter("a")
    found: list[tuple[lxml_html.HtmlElement, Entry]] = []
    for anchor in anchors:
        if anchor.tag != "a":
            continue
        entry = _entry_from_anchor(anchor, base_url)
        if entry is None:
            continue
        parent = anchor.getparent()
        in_list = parent is not None and parent.tag in ("li", "td", "dd", "p", "div", "span")
        dated = entry.published is not None or bool(
            re.search(r"\[\d{2}-\d{2}\]", parent.text_content() if parent is not None else "")
        )
        if selector or (in_list and (dated or ARTICLE_HREF.search(entry.url))):
            found.append((anchor, entry))
    # Rows first, then duplicates: a link both in a sidebar and in the list is the list's row.
    rows = [entry for _, entry in found] if selector else column_rows(document, found)
    unique: dict[str, Entry] = {}
    for entry in rows:
        unique.setdefault(entry.url, entry)
    return list(unique.values())


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


SLOT = "\x00"  # where the page number goes in a numbered list URL


def numbering(current: str, nxt: str) -> tuple[str, int] | None:
    """(URL with SLOT for the page number, the number in nxt) when nxt is current's URL with its
    page number one up: list_1.html → list_2.html, ?page=2 → ?page=3, index.html → index_1.html."""
    for match in reversed(list(re.finditer(r"\d+", nxt))):
        number = int(match.group())
        template = nxt[: match.start()] + SLOT + nxt[match.end() :]
        if template.replace(SLOT, str(number - 1)) == current:
            return template, number
        # The first page often has no number at all: index.html, list.html, ?page absent.
        bare = re.sub(rf"[_\-]{SLOT}|[?&]\w+={SLOT}$", "", template)
        if number <= 2 and bare != template and bare.rstrip("?&") == current.rstrip("?&"):
            return template, number
    return None


def numbered_page(template: str, number: int, last: int) -> NextPage | None:
    """Page `number` of a numbered list whose pager links up to `last`; it knows the page after it."""
    if number > last:
        return None
    return NextPage(
        template.replace(SLOT, str(number)), skip=lambda: numbered_page(template, number + 1, last)
    )


def _with_skip(document: lxml_html.HtmlElement, base_url: str, nxt: str) -> NextPage:
    """The next page, able to skip past itself when it fails: only for numbered list URLs, and only
    as far as the pager's own links go (a 尾页 link, page numbers)."""
    found = numbering(base_url, nxt)
    if found is None:
        return NextPage(nxt)
    template, number = found
    pattern = re.compile(re.escape(template).replace(re.escape(SLOT), r"(\d+)") + "$")
    linked = [
        int(match.group(1))
        for anchor in document.iter("a")
        if (match := pattern.match(urljoin(base_url, anchor.get("href") or "")))
    ]
    last = max(linked, default=number)
    return NextPage(nxt, skip=lambda: numbered_page(template, number + 1, last))


def parse(text: str, base_url: str, selectors: dict[str, str] | None = None) -> ListPage:
    """A list page's dated article links, its next-page link and the list size it declares."""
    selectors = selectors or {}
    document = lxml_html.fromstring(text or "<html/>")
    entries = article_entries(document, base_url, selectors.get("link"))
    nxt = next_link(document, base_url, selectors.get("next"))
    if nxt is None and not selectors.get("next"):
        nxt = numbered_next(document, base_url)
    records, pages = declared_size(text or "", document)
    next_page = _with_skip(document, base_url, nxt) if nxt else None
    return ListPage("generic", entries, next_page, records, pages)
