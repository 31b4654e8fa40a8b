"""The size a list page declares for its whole list: "共N页", "共N条", `var countPage = N`, ….

The cue patterns are data (`declared_size.yaml`). Visible text is searched only inside the pager
(an element named like one, or around its 下一页/尾页 links) and without link texts, so neither a
title such as "出台10条措施" nor a sidebar's site statistics is read as the list's size; scripts
are searched only for the variables CMS pagers set.
"""

from __future__ import annotations

import copy
import re
from functools import cache
from pathlib import Path

import yaml
from lxml import etree
from lxml import html as lxml_html

CUES = Path(__file__).with_name("declared_size.yaml")
SCRIPT = re.compile(r"<script\b[^>]*>(.*?)</script>", re.S | re.I)
PAGER_NAME = re.compile(r"pag|fenye|fy_|pager", re.I)
PAGER_LINK = re.compile(r"^\s*(下一页|下页|上一页|尾页|末页|最后一页)\s*$")


@cache
def _patterns() -> dict[str, dict[str, list[re.Pattern[str]]]]:
    raw = yaml.safe_load(CUES.read_text(encoding="utf-8"))
    return {
        kind: {where: [re.compile(p) for p in patterns] for where, patterns in places.items()}
        for kind, places in raw.items()
    }


def _largest(patterns: list[re.Pattern[str]], text: str) -> int | None:
    found = [int(m.group(1)) for pattern in patterns for m in pattern.finditer(text)]
    found = [n for n in found if n > 0]
    return max(found) if found else None


def _pager_blocks(document: lxml_html.HtmlElement) -> list[lxml_html.HtmlElement]:
    """Elements that hold the pager: named like one (class/id), or around a 下一页/尾页 link.

    Looking only there keeps a sidebar's "本站共1234条信息" from being read as the list's size.
    """
    blocks: list[lxml_html.HtmlElement] = []
    for element in document.iter():
        if not isinstance(element.tag, str) or element.tag in ("html", "body"):
            continue
        names = f"{element.get('class') or ''} {element.get('id') or ''}"
        if PAGER_NAME.search(names):
            blocks.append(element)
        elif element.tag == "a" and PAGER_LINK.match(element.text_content() or ""):
            parent = element.getparent()
            if parent is not None and parent.tag not in ("html", "body"):
                blocks.append(parent)
    return blocks


def pager_text(document: lxml_html.HtmlElement) -> str:
    """The text of the page's pager blocks, without scripts, styles and link texts."""
    texts = []
    for block in _pager_blocks(document):
        pruned = copy.deepcopy(block)
        pruned.tail = None
        etree.strip_elements(pruned, "script", "style", "a", with_tail=False)
        texts.append(" ".join(pruned.text_content().split()))
    return "\n".join(texts)


def declared_size(text: str, document: lxml_html.HtmlElement | None = None) -> tuple[int | None, int | None]:
    """(records, pages) the page declares for its whole list; None for what it does not say.

    text is the page's HTML; document the same page already parsed (parsed here when None).
    """
    if document is None:
        document = lxml_html.fromstring(text or "<html/>")
    shown = pager_text(document)
    scripts = "\n".join(SCRIPT.findall(text))
    patterns = _patterns()
    sizes = []
    for kind in ("records", "pages"):
        candidates = [
            _largest(patterns[kind].get("text", []), shown),
            _largest(patterns[kind].get("script", []), scripts),
        ]
        values = [value for value in candidates if value is not None]
        sizes.append(max(values) if values else None)
    return sizes[0], sizes[1]
