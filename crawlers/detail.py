"""What the crawler needs from an article page: title, date, source, metadata table, attachments.

Standard meta tags first (ArticleTitle, PubDate, ContentSource), then the 信息公开 table, the
article's own heading and the URL; attachments from hrefs and from document.write strings in
scripts. The heading is the one the page's <title> names, never a footer's or sidebar's (友情链接).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, unquote, urljoin, urlsplit

from lxml import html as lxml_html

from crawlers.platforms.base import date_from_url, parse_date
from crawlers.platforms.rows import box_heading_words, in_boilerplate
from parsers.clean_html import META_LABELS
from parsers.embedded_record import detail_record, plain_title, record_date, record_files

ATTACHMENT_EXT = re.compile(r"\.(pdf|docx?|wps|ofd|xlsx?|et|pptx?|dps|rtf|odt|zip|rar)(?:$|[?#])", re.I)
SCRIPT_LINK = re.compile(r"""<a\s[^>]*href\s*=\s*\\?["']([^"'\\]+)\\?["'][^>]*>(.*?)</a>""", re.I | re.S)
SOFT_404 = re.compile(r"页面不存在|页面未找到|找不到该页面|404\s*Not\s*Found|您访问的页面不存在", re.I)
MIN_BODY = 200
TITLE_NAME = re.compile(r"(?<![a-z])(?:title|tit|bt|biaoti|headline)", re.I)
# The site's name after the article's in <title>: "标题_某某园区管委会", "标题 - 网站", "标题｜网站".
TITLE_SEPARATOR = re.compile(r"\s*(?:_{1,2}|\s[-—|｜]\s|｜|\|)\s*")


@dataclass
class Detail:
    title: str | None = None
    published: dt.date | None = None
    source: str | None = None
    table: dict[str, str] = field(default_factory=dict)
    attachments: list[tuple[str, str]] = field(default_factory=list)


def _meta(document: lxml_html.HtmlElement, name: str) -> str | None:
    for element in document.iter("meta"):
        if (element.get("name") or "").lower() == name.lower() and element.get("content"):
            return element.get("content").strip()
    return None


def attachment_name(url: str, text: str) -> str:
    """The file's name: link text when it names a file, else the query's filename, else the path."""
    text = " ".join(text.split())
    query = parse_qs(urlsplit(url).query)
    from_url = next(
        (unquote(query[key][0]) for key in ("filename", "fileName", "name") if key in query),
        unquote(urlsplit(url).path.rsplit("/", 1)[-1]),
    )
    if not text:
        return from_url
    if ATTACHMENT_EXT.search(text):
        return text
    extension = ATTACHMENT_EXT.search(from_url)
    return text + (f".{extension.group(1).lower()}" if extension else "")


def attachments(document: lxml_html.HtmlElement, raw_text: str, base_url: str) -> list[tuple[str, str]]:
    found: dict[str, str] = {}
    for anchor in document.iter("a"):
        href = (anchor.get("href") or "").strip()
        if href and (ATTACHMENT_EXT.search(href) or "downfile" in href or "download" in href.lower()):
            url = urljoin(base_url, href)
            found.setdefault(url, attachment_name(url, anchor.text_content()))
    for script in re.findall(r"<script[^>]*>(.*?)</script>", raw_text, re.S | re.I):
        for href, text in SCRIPT_LINK.findall(script):
            if ATTACHMENT_EXT.search(href) or "downfile" in href:
                url = urljoin(base_url, href)
                found.setdefault(url, attachment_name(url, re.sub(r"<[^>]+>", "", text)))
    return list(found.items())


def metadata_table(document: lxml_html.HtmlElement) -> dict[str, str]:
    """The 信息公开 label/value pairs, with the labels the parser knows (one list for both)."""
    labels = META_LABELS
    table: dict[str, str] = {}
    for cell in document.iter("td", "th", "dt"):
        label = re.sub(r"[\s\u3000:：]", "", cell.text_content())
        if label in labels and label not in table:
            sibling = cell.getnext()
            if sibling is not None:
                value = " ".join(sibling.text_content().split())
                table[label] = "" if re.fullmatch(r"[—\-\s]*", value) else value
    return table


def _embedded(record: dict[str, Any], url: str) -> Detail:
    """A detail page whose record is JSON in a script (gkmlpt): title, date, files from it, and
    the links inside its body."""
    detail = Detail(title=plain_title(record.get("title")) or None, published=record_date(record))
    files = {urljoin(url, link): name for link, name in record_files(record)}
    content = record.get("content")
    if isinstance(content, str) and content.strip():
        body = lxml_html.fromstring(f"<div>{content}</div>")
        files.update({u: n for u, n in attachments(body, content, url) if u not in files})
    detail.attachments = [(u, attachment_name(u, n)) for u, n in files.items()]
    detail.source = str(record.get("publisher") or record.get("source") or "") or None
    return detail


def _squeezed(text: str) -> str:
    return re.sub(r"[\s\u3000]+", "", text)


def page_title(document: lxml_html.HtmlElement) -> str | None:
    """The article's own title: the ArticleTitle meta, else the heading (h1–h3 or an element named
    like a title) that the page's <title> names, else the first h1, else the <title>'s first part.
    Headings in footers, sidebars and menus, and box headings (友情链接 …), are never taken."""
    title = _meta(document, "ArticleTitle")
    if title:
        return title
    tag = document.find(".//title")
    shown = " ".join(tag.text_content().split()) if tag is not None else ""
    boxes = box_heading_words()
    headings = []
    for element in document.iter("h1", "h2", "h3", "div", "p", "span", "td", "strong"):
        if element.tag not in ("h1", "h2", "h3") and not TITLE_NAME.search(
            f"{element.get('class') or ''} {element.get('id') or ''}"
        ):
            continue
        text = " ".join(element.text_content().split())
        if 4 <= len(text) <= 200 and _squeezed(text) not in boxes and not in_boilerplate(element):
            headings.append((element.tag, text))
    named = [text for _, text in headings if _squeezed(text) in _squeezed(shown)]
    if named:
        return max(named, key=len)
    first_h1 = next((text for tag_name, text in headings if tag_name == "h1"), None)
    if first_h1:
        return first_h1
    parts = [part for part in TITLE_SEPARATOR.split(shown) if part]
    if parts and len(parts[0]) >= 4 and _squeezed(parts[0]) not in boxes:
        return parts[0]
    return headings[0][1] if headings else None


def read_detail(text: str, url: str, list_title: str | None = None) -> Detail:
    """Title, date, source, 信息公开 table and attachments of an article page (shapes in Detail).

    A page that embeds its record as JSON (gkmlpt's DETAIL) is read from that record.
    """
    record = detail_record(text)
    if record is not None:
        detail = _embedded(record, url)
        detail.title = detail.title or list_title
        return detail
    document = lxml_html.fromstring(text or "<html/>")
    detail = Detail()
    detail.table = metadata_table(document)
    title = page_title(document)
    if list_title and (not title or (len(list_title) > len(title) and not list_title.endswith(("…", "...")))):
        title = list_title
    detail.title = title
    detail.published = (
        parse_date(_meta(document, "PubDate"))
        or parse_date(detail.table.get("公开日期") or detail.table.get("发布日期"))
        or date_from_url(url)
        or parse_date(
            re.search(r"发布(?:时间|日期)[:：]\s*([\d\-/年月日 ]+)", text).group(1)
            if re.search(r"发布(?:时间|日期)[:：]\s*([\d\-/年月日 ]+)", text)
            else None
        )
    )
    detail.source = _meta(document, "ContentSource") or detail.table.get("发布机构")
    detail.attachments = attachments(document, text, url)
    return detail


def is_soft_404(body: bytes, text: str) -> bool:
    return len(body) < MIN_BODY or (len(body) < 3000 and bool(SOFT_404.search(text)))
