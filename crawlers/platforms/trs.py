"""TRS WCM: the pager exists only as createPageHTML(pageCount, currentIndex, "index", "html").

The call comes in several shapes (4 arguments, 5 with a trailing extra, 6 with the pager's div
name first and the record total last, counts in variables), and some templates print the function's
own definition inline — in the head, inside the list box, before or after the call. The definition
is cut out before anything is read, so neither its parameters nor its body (`var html = "共" + …`)
are ever taken for the call's arguments; a quoted argument is a string, never a variable name, and a
variable takes the last literal assigned to it before the call. A call whose page name or extension
does not look like a file name is not a pager.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from crawlers.platforms import generic
from crawlers.platforms.base import ListPage, NextPage

CALL = re.compile(r"\bcreatePageHTML\s*\(")
# `function createPageHTML(…) {`, `createPageHTML = function (…) {`, `var createPageHTML = function(…){`
DEFINITION = re.compile(
    r"\bfunction\s+createPageHTML\s*\([^)]*\)\s*\{|\bcreatePageHTML\s*=\s*function\b[^{]*\{"
)
NUMBER = re.compile(r"[+-]?\d+")
QUOTED = re.compile(r"""^(['"])(.*)\1$""", re.S)
IDENTIFIER = re.compile(r"[A-Za-z_$][\w$]*")
PAGE_NAME = re.compile(r"[A-Za-z0-9_\-]+")
EXTENSION = re.compile(r"[A-Za-z]{2,6}")


def _without_definitions(text: str) -> str:
    """The text with every definition of createPageHTML blanked out (same length, braces matched)."""
    pieces, position = [], 0
    for match in DEFINITION.finditer(text):
        if match.start() < position:
            continue
        depth, end = 1, match.end()
        while end < len(text) and depth:
            depth += {"{": 1, "}": -1}.get(text[end], 0)
            end += 1
        pieces.append(text[position : match.start()])
        pieces.append(" " * (end - match.start()))
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def _arguments(text: str, start: int) -> tuple[list[str], int] | None:
    """The comma-separated arguments of the call whose "(" ends at `start`, and where it closes."""
    args, depth, current, quote = [], 0, [], ""
    for index in range(start, min(len(text), start + 500)):
        char = text[index]
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "(":
            depth += 1
        elif char == ")":
            if depth == 0:
                args.append("".join(current).strip())
                return args, index
            depth -= 1
        elif char == "," and depth == 0:
            args.append("".join(current).strip())
            current = []
            continue
        current.append(char)
    return None


def _literal(token: str) -> int | str | None:
    token = token.strip()
    quoted = QUOTED.match(token)
    if quoted:
        return quoted.group(2)
    return int(token) if NUMBER.fullmatch(token) else None


def _value(token: str, before: str) -> int | str | None:
    """A number or a string literal as written; a variable by the last literal assigned to it in
    `before` (the text up to the call); None for anything else."""
    value = _literal(token)
    if value is not None or not IDENTIFIER.fullmatch(token.strip()):
        return value
    name = re.escape(token.strip())
    assigned = re.findall(rf"(?<![\w$.]){name}\s*=(?!=)\s*([^;,\n)]+)", before)
    for expression in reversed(assigned):
        value = _literal(expression if QUOTED.match(expression.strip()) else expression.split("//")[0])
        if value is not None:
            return value
    return None


def _as_int(value: int | str | None) -> int | None:
    if isinstance(value, int):
        return value
    return int(value) if isinstance(value, str) and value.strip().isdigit() else None


def _call(values: list[int | str | None]) -> tuple[int, int, str, str, int | None] | None:
    """(page count, current index, name, extension, record total or None) of one call's values."""
    total = None
    if len(values) >= 5 and isinstance(values[0], str) and _as_int(values[0]) is None:
        # The 6-argument form starts with the pager's div name and ends with the record total; the
        # 5-argument form's trailing extra is something else.
        values = values[1:]
        total = _as_int(values[4]) if len(values) >= 5 else None
    if len(values) < 4:
        return None
    count, current = _as_int(values[0]), _as_int(values[1])
    name, extension = values[2], values[3]
    if count is None or current is None or not isinstance(name, str) or not isinstance(extension, str):
        return None
    if (
        not PAGE_NAME.fullmatch(name)
        or not EXTENSION.fullmatch(extension)
        or not 0 <= current < max(count, 1)
    ):
        return None
    return count, current, name, extension, total


def pager_call(text: str) -> tuple[int, int, str, str, int | None] | None:
    """The first createPageHTML call whose arguments resolve to a pager, definitions ignored."""
    code = _without_definitions(text)
    for match in CALL.finditer(code):
        parsed = _arguments(code, match.end())
        if parsed is None:
            continue
        args, _ = parsed
        before = code[: match.start()]
        found = _call([_value(arg, before) for arg in args])
        if found is not None:
            return found
    return None


def pager(text: str) -> tuple[int, int, str, str] | None:
    """(page count, current index, page name, extension) from any of the call's variants."""
    found = pager_call(text)
    return found[:4] if found else None


def detect(text: str) -> bool:
    return "createPageHTML" in text


def page_request(url: str, name: str, extension: str, index: int, count: int) -> NextPage | None:
    """List page `index` (0-based: index_1.html is the second page) next to url, None past the end;
    it knows the page after it, for a walk whose page fails."""
    if not 0 < index < count:
        return None
    return NextPage(
        urljoin(url, f"{name}_{index}.{extension}"),
        skip=lambda: page_request(url, name, extension, index + 1, count),
    )


def parse(text: str, url: str, selectors: dict[str, str] | None = None) -> ListPage:
    """Entries as a generic list; the next page and the list's size from the pager call."""
    page = generic.parse(text, url, selectors)
    found = pager_call(text)
    next_page = None
    records, pages = page.declared_records, page.declared_pages
    if found:
        count, current, name, ext, total = found
        pages, records = count, total if total is not None else records
        next_page = page_request(url, name, ext, current + 1, count)
    return ListPage("trs", page.entries, next_page, records, pages)
