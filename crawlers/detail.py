"""What the crawler needs from an article page: title, date, source, metadata table, attachments.

Standard meta tags first (ArticleTitle, PubDate, ContentSource), then the 信息公开 table, the
visible heading and the URL; attachments from hrefs and from document.write strings in scripts.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, unquote, urljoin, urlsplit

from lxml import html as lxml_html

from crawlers.platforms.base import date_from_url, parse_date
from parsers.clean_html import META_LABELS
from parsers.embedded_record import detail_record, plain_title, record_date, record_files

ATTACHMENT_EXT = re.compile(r"\.(pdf|docx?|wps|ofd|xlsx?|et|pptx?|dps|rtf|odt|zip|rar)(?:$|[?#])", re.I)
SCRIPT_LINK = re.compile(r"""<a\s[^>]*href\s*=\s*\\?["']([^"'\\]+)\\?["'][^>]*>(.*?)</a>""", re.I | re.S)
SOFT_404 = re.compile(r"页面不存在|页面未找到|找不到该页面|404\s*Not\s*Found|您访问的页面不存在", re.I)
MIN_BODY = 200


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
    title = _meta(document, "ArticleTitle")
    if not title:
        heading = next((h for h in document.iter("h1", "h2") if h.text_content().strip()), None)
        title = " ".join(heading.text_content().split()) if heading is not None else None
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
