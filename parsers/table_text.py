"""Tables as text lines that keep their cells: one line per row, cells joined by " | ".

Every cleaner (HTML, DOCX, PDF) writes a data table this way, with merged cells repeated in each
row and column they cover, so that extraction (parsers/records/tables.py) reads rows × columns as
the document drew them instead of re-guessing them from cells run together. Layout tables (a page
or a letter laid out in a grid) are not data tables and keep being read as paragraphs.
"""

from __future__ import annotations

import re

SEPARATOR = " | "
MAX_CELL = 200  # characters; a longer cell is a paragraph, so the table lays out a page
MAX_MEAN_CELL = 40


def cell_text(text: str) -> str:
    """A cell's text on one line; a bar inside it becomes a full-width bar, never a cell boundary."""
    return re.sub(r"\s+", " ", text).strip().replace("|", "｜")


def is_data_table(rows: list[list[str]]) -> bool:
    """Rows of short cells, at least two rows of at least two cells: a table of figures or names."""
    if len(rows) < 2 or max((len(row) for row in rows), default=0) < 2:
        return False
    filled = [cell for row in rows for cell in row if cell]
    if not filled or any(len(cell) > MAX_CELL for cell in filled):
        return False
    return sum(len(cell) for cell in filled) / len(filled) <= MAX_MEAN_CELL


def row_lines(rows: list[list[str]]) -> list[str]:
    """The rows as pipe lines; rows that are empty throughout are dropped."""
    return [SEPARATOR.join(row) for row in rows if any(row)]


class Grid:
    """Cells placed by row and column, with merged cells (row and column spans) repeated."""

    def __init__(self) -> None:
        self.cells: dict[tuple[int, int], str] = {}
        self.rows = 0

    def add_row(self, cells: list[tuple[str, int, int]]) -> None:
        """One row's cells as (text, column span, row span), left to right."""
        column = 0
        for text, colspan, rowspan in cells:
            while (self.rows, column) in self.cells:
                column += 1  # a cell spanning down from a row above
            for down in range(max(1, rowspan)):
                for right in range(max(1, colspan)):
                    self.cells.setdefault((self.rows + down, column + right), text)
            column += max(1, colspan)
        self.rows += 1

    def table(self) -> list[list[str]]:
        width = max((column for _, column in self.cells), default=-1) + 1
        return [[self.cells.get((row, column), "") for column in range(width)] for row in range(self.rows)]


def is_pipe_line(line: str) -> bool:
    """A line written by row_lines (or printed that way by a page): two bars or more."""
    return line.count("|") >= 2
