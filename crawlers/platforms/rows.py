"""Which of a list page's article links are the column's own rows.

A column page shows more than its list: a sidebar of hot or related items, a footer of links, a
menu — links that look like articles (dated, `t20240110_1.html`). Counted as rows they make a page of
20 rows read as 28 and can hide rows missing from a list that declares its size. Links are grouped
by the box that holds their row (the `ul`, `table` or `div` whose children repeat); boxes inside a
footer, sidebar or menu (tags and class/id words in `not_rows.yaml`) are left out; of the rest, the
column is the box nearest the pager (the page's own list is what its pager pages), else the one with
the most rows, together with the boxes shaped like it beside it (lists split into several `ul`s).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import TypeVar

import yaml
from lxml import html as lxml_html

CONFIG = Path(__file__).with_name("not_rows.yaml")
ROW_TAGS = ("li", "tr", "dd", "dt")
PAGER_NAME = re.compile(r"pag|fenye|fy_|pager", re.I)
# Not 首页: that is also the menu's link to the home page.
PAGER_TEXT = re.compile(r"^\s*(下一页|下页|上一页|上页|尾页|末页)\s*$")
PAGER_SCRIPT = re.compile(r"createPageHTML\s*\(|countPage|totalPage|pageCount", re.I)
T = TypeVar("T")


@cache
def _config() -> tuple[frozenset[str], re.Pattern[str], frozenset[str]]:
    raw = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    names = re.compile(r"(?<![a-z])(?:" + "|".join(raw["names"]) + ")", re.I)
    return frozenset(raw["tags"]), names, frozenset(raw["box_headings"])


def box_heading_words() -> frozenset[str]:
    """Headings of link boxes (友情链接, 相关链接 …): never an article's title."""
    return _config()[2]


def in_boilerplate(element: lxml_html.HtmlElement) -> bool:
    """Whether the element sits in a footer, sidebar, menu or link box (itself or an ancestor)."""
    tags, names, _ = _config()
    node: lxml_html.HtmlElement | None = element
    while node is not None and node.tag not in ("body", "html"):
        if node.tag in tags:
            return True
        if names.search(f"{node.get('class') or ''} {node.get('id') or ''}"):
            return True
        node = node.getparent()
    return False


def row_of(anchor: lxml_html.HtmlElement) -> lxml_html.HtmlElement:
    """The element that is one row for this link: its li/tr/dd within a few levels, else its parent."""
    node = anchor.getparent()
    for _ in range(4):
        if node is None:
            break
        if node.tag in ROW_TAGS:
            return node
        node = node.getparent()
    return anchor.getparent() if anchor.getparent() is not None else anchor


def _distance(a: lxml_html.HtmlElement, b: lxml_html.HtmlElement) -> int:
    """Steps through the tree from a to b."""
    # Kept in a list: lxml hands out one proxy per node only while it is referenced.
    ancestors = [a, *a.iterancestors()]
    for steps, node in enumerate([b, *b.iterancestors()]):
        for depth, other in enumerate(ancestors):
            if node is other:
                return steps + depth
    return 10**6


def _pagers(document: lxml_html.HtmlElement) -> list[lxml_html.HtmlElement]:
    found = []
    for element in document.iter():
        if not isinstance(element.tag, str) or element.tag in ("html", "body"):
            continue
        names = f"{element.get('class') or ''} {element.get('id') or ''}"
        if element.tag == "script" and PAGER_SCRIPT.search(element.text or ""):
            found.append(element)
        elif element.tag == "a" and PAGER_TEXT.match(element.text_content() or ""):
            if not in_boilerplate(element):
                found.append(element)
        elif PAGER_NAME.search(names) and not in_boilerplate(element):
            found.append(element)
    return found


def _shape(box: lxml_html.HtmlElement) -> tuple[str, str]:
    return box.tag, box.get("class") or ""


def column_rows(document: lxml_html.HtmlElement, links: Sequence[tuple[lxml_html.HtmlElement, T]]) -> list[T]:
    """The items of `links` ((anchor, item) pairs, in page order) that are rows of the column.

    All of them when the page shows one box of links; never none when there are links.
    """
    boxes: dict[int, tuple[lxml_html.HtmlElement, list[T]]] = {}
    for anchor, item in links:
        row = row_of(anchor)
        box = row.getparent() if row.getparent() is not None else row
        boxes.setdefault(id(box), (box, []))[1].append(item)
    if len(boxes) <= 1:
        return [item for _, item in links]
    content = {key: value for key, value in boxes.items() if not in_boilerplate(value[0])}
    candidates = content or boxes
    pagers = _pagers(document)
    main = _pick(list(candidates.values()), pagers)
    kept = {key for key, (box, _) in candidates.items() if key == id(main) or _near(box, main)}
    chosen = {id(item) for key in kept for item in boxes[key][1]}
    return [item for _, item in links if id(item) in chosen]


def _near(box: lxml_html.HtmlElement, main: lxml_html.HtmlElement) -> bool:
    """A part of the same list: shaped like it at every level up to the parent they share (blocks
    of five `ul`s, each maybe in its own `div.block`), within three levels. A sidebar's `ul` beside
    the list's sits in a box shaped otherwise (div.r against div.l)."""
    a, b = box, main
    for _ in range(3):
        if _shape(a) != _shape(b):
            return False
        a, b = a.getparent(), b.getparent()
        if a is None or b is None:
            return False
        if a is b:
            return True
    return False


def _pick(
    boxes: list[tuple[lxml_html.HtmlElement, list[T]]], pagers: list[lxml_html.HtmlElement]
) -> lxml_html.HtmlElement:
    """The column's box: nearest a pager (more rows break a tie), else the one with most rows."""
    key: Callable[[tuple[lxml_html.HtmlElement, list[T]]], tuple[int, int]]
    if pagers:

        def key(entry: tuple[lxml_html.HtmlElement, list[T]]) -> tuple[int, int]:
            return (min(_distance(entry[0], pager) for pager in pagers), -len(entry[1]))

    else:

        def key(entry: tuple[lxml_html.HtmlElement, list[T]]) -> tuple[int, int]:
            return (-len(entry[1]), 0)

    return min(boxes, key=key)[0]
