"""Table rows of a PDF page, read from where pypdf places its text (layout mode).

pypdf's plain text gives a table row as its cells run together with single spaces
("地区生产总值 亿元 312.5 7.1 340"), the same spaces it puts inside justified sentences, so the
cells are lost once the text is cleaned. Its layout mode keeps the columns apart by wide gaps; a
run of such lines, some of them with figures, is a table. Layout mode costs a second pass over a
page, so it is run only on pages whose plain text has lines of several figures.
"""

from __future__ import annotations

import re
from typing import Any

from parsers.table_text import SEPARATOR, cell_text

CELL_GAP = re.compile(r"\s{2,}")
FIGURE = re.compile(r"(?:^|(?<=\s))[-−]?\d[\d.,]*%?(?=\s|$)")
MIN_CELLS = 3
MIN_FIGURE_ROWS = 2


def may_hold_table(text: str) -> bool:
    """Plain page text with two or more lines of at least two separate figures."""
    return sum(1 for line in text.split("\n") if len(FIGURE.findall(line)) >= 2) >= MIN_FIGURE_ROWS


def _key(text: str) -> str:
    return re.sub(r"\s+", "", text)


def layout_rows(page: Any) -> dict[str, str]:
    """Table rows of a page: the row's text without whitespace → the row as a pipe line.

    A table is a run of layout lines of at least three cells (blank lines inside it allowed),
    with figures in at least two of them; cells are split at gaps of two spaces or more.
    """
    try:
        text = page.extract_text(extraction_mode="layout")
    except Exception:  # a page that layout mode cannot place keeps its plain text
        return {}
    rows: dict[str, str] = {}
    block: list[list[str]] = []
    for line in [*text.split("\n"), ""]:
        cells = [cell_text(cell) for cell in CELL_GAP.split(line.strip()) if cell.strip()]
        if len(cells) >= MIN_CELLS:
            block.append(cells)
            continue
        if not line.strip() and block:
            continue  # layout mode spaces rows apart with blank lines
        _keep(block, rows)
        block = []
    _keep(block, rows)
    return rows


def _keep(block: list[list[str]], rows: dict[str, str]) -> None:
    if sum(1 for cells in block if len(FIGURE.findall(" ".join(cells))) >= 2) < MIN_FIGURE_ROWS:
        return
    for cells in block:
        rows[_key("".join(cells))] = SEPARATOR.join(cells)


def with_table_rows(plain: str, page: Any) -> str:
    """The page's plain text with each line that is a table row written as a pipe line."""
    if not may_hold_table(plain):
        return plain
    rows = layout_rows(page)
    if not rows:
        return plain
    return "\n".join(rows.get(_key(line), line) for line in plain.split("\n"))
