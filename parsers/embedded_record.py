"""Articles whose record is embedded in the page as JSON, not written in its HTML.

广东's gkmlpt (site-patterns §0, §1.6) renders its detail pages with Vue from a config object in a
script: `window._CONFIG.DETAIL = {...}` or `var _CONFIG = {..., "DETAIL": {...}}`, holding the
title, the dates, the body (`content`, HTML) and the attachments. The crawler reads the title, date
and files from it, the parser the body, through the one reader here.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from typing import Any
from zoneinfo import ZoneInfo

from parsers.metadata import parse_date

BEIJING = ZoneInfo("Asia/Shanghai")
# `DETAIL = {`, `DETAIL: {`, `"DETAIL":{`: the record's object starts at the brace.
DETAIL = re.compile(r"""["']?\bDETAIL["']?\s*[:=]\s*(?=\{)""")
DATE_KEYS = (
    "display_publish_time",
    "publish_time",
    "publishTime",
    "first_publish_time",
    "date",
    "created_at",
    "create_time",
    "pub_date",
)
URL_KEYS = ("url", "link", "path", "file_url", "fileUrl", "href", "download_url")
NAME_KEYS = ("name", "title", "filename", "file_name", "fileName", "original_name")


def script_object(text: str, pattern: re.Pattern[str]) -> dict[str, Any] | None:
    """The JSON object that follows the first match of `pattern` in the page, or None.

    The object is read with a JSON decoder from its opening brace, so nested braces and strings
    holding HTML are read whole; an object that is not JSON (JavaScript-only syntax) gives None.
    """
    decoder = json.JSONDecoder()
    for match in pattern.finditer(text or ""):
        try:
            value, _ = decoder.raw_decode(text, match.end())
        except ValueError:
            continue
        if isinstance(value, dict):
            return value
    return None


def detail_record(text: str) -> dict[str, Any] | None:
    """The page's embedded DETAIL record (title, dates, content, attachments), or None."""
    return script_object(text, DETAIL)


def record_date(record: dict[str, Any], keys: tuple[str, ...] = DATE_KEYS) -> dt.date | None:
    """The first date the record gives: an epoch (seconds or milliseconds, read in Beijing time)
    or a date string."""
    for key in keys:
        value = record.get(key)
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value.strip())
        if isinstance(value, int | float) and value > 0:
            seconds = value / 1000 if value > 10**11 else value
            return dt.datetime.fromtimestamp(seconds, BEIJING).date()
        if isinstance(value, str):
            found = parse_date(value)
            if found:
                return found
    return None


def plain_title(value: Any) -> str:
    """A title without markup (some CMS titles carry <br/> or entities)."""
    text = re.sub(r"<[^>]+>", " ", str(value or ""))
    return " ".join(html.unescape(text).split())


def record_files(record: dict[str, Any]) -> list[tuple[str, str]]:
    """(url, name) of each attachment the record lists, as given (relative URLs stay relative)."""
    found: list[tuple[str, str]] = []
    for key in ("attachments", "attachment", "files", "appendix"):
        items = record.get(key)
        if isinstance(items, dict):
            items = list(items.values())
        if not isinstance(items, list):
            continue
        for item in items:
            if not isinstance(item, dict):
                continue
            url = next((str(item[k]) for k in URL_KEYS if item.get(k)), "")
            name = next((plain_title(item[k]) for k in NAME_KEYS if item.get(k)), "")
            if url:
                found.append((url, name))
    return found


def embedded_article(text: str) -> str | None:
    """The page rebuilt from its embedded record when that record holds the body, else None.

    The result is a plain article page (meta title and date, heading, body), so the HTML cleaner
    reads it like any other article.
    """
    record = detail_record(text)
    if not record or not isinstance(record.get("content"), str) or not record["content"].strip():
        return None
    title = html.escape(plain_title(record.get("title")))
    published = record_date(record)
    date_meta = f'<meta name="PubDate" content="{published.isoformat()}">' if published else ""
    return (
        f'<html><head><meta charset="utf-8"><title>{title}</title><meta name="ArticleTitle" '
        f'content="{title}">{date_meta}</head><body><h1>{title}</h1>'
        f'<div id="zoom">{record["content"]}</div></body></html>'
    )
