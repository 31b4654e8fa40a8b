"""Indicator tables in a report's text: where they are, their header and their rows of cells.

Tables reach the text in two forms. The cleaners (HTML, DOCX, PDF) write each table row as one line
of cells joined by " | ", with merged cells repeated, and pages print tables that way too. Pages also
flatten a table to one cell per line ("序号 / 指标名称 / 2023年 / 建议目标 / … / 1 / 地区生产总值 /
确保5.0%， / 力争5.5%以上 / 8.0%"); its rows are found from the row numbers, or from the number of
columns its header announces. What the columns mean (year, target or actual, unit) is read in
table_records.py; this module only recovers rows × cells.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from parsers.records.context import PART_YEAR

CUES_FILE = Path(__file__).with_name("tables.yaml")
SEPARATOR = "|"
MAX_HEADER_ROWS = 3
# A cell of a flattened table is short; a longer line is prose and ends the table.
MAX_FLAT_CELL = 40
MAX_FLAT_HEADER = 16
YEAR = re.compile(r"(?:19|20)\d\d\s*年?度?")
CAPTION = re.compile(
    r"^(?:附表|附件|表)\s*[\d一二三四五六七八九十]*\s*[:：、.．]?|主要指标|指标(?:完成)?情况|情况表|一览表"
)
HEADING = re.compile(
    r"^(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|第[一二三四五六七八九十]+[章部分节])"
)
ROW_NUMBER = re.compile(r"^\d{1,3}[.、．]?$")


@cache
def table_cues() -> dict[str, Any]:
    """The cue words of tables.yaml, by key (row_number, label, unit, target, actual …)."""
    import yaml

    return yaml.safe_load(CUES_FILE.read_text(encoding="utf-8"))


@dataclass
class Row:
    cells: list[str]
    text: str  # the row as it stands in the text (a pipe line, or its cells' lines)
    first: int = -1  # index of the row's first and last line in the lines searched
    last: int = -1


@dataclass
class Table:
    start: int  # index of the table's first line (its header)
    end: int  # index of the line after its last row
    header: list[str]
    rows: list[Row]
    caption: str = ""
    flattened: bool = False
    unread: list[str] = field(default_factory=list)  # rows whose cells did not fit the header


def split_cells(line: str) -> list[str]:
    """A pipe row's cells, stripped; the outer bars of "| a | b |" do not make empty cells."""
    cells = [cell.strip() for cell in line.strip().split(SEPARATOR)]
    if line.strip().startswith(SEPARATOR):
        cells = cells[1:]
    return cells


def is_pipe_row(line: str) -> bool:
    return SEPARATOR in line and len(split_cells(line)) >= 2


def has_figure(cell: str) -> bool:
    """A cell holds a figure: a digit that is not a year ("2023年"), a part of one ("1-9月") nor a
    unit's "%" label."""
    bare = PART_YEAR.sub("", YEAR.sub("", cell))
    bare = re.sub(r"[(（]\s*%\s*[)）]|[(（][^()（）]*[)）]", "", bare)
    return bool(re.search(r"\d", bare))


def is_header_row(cells: list[str]) -> bool:
    return not any(has_figure(cell) for cell in cells) and any(cells)


def header_word(cell: str) -> bool:
    """A cell that opens a table's header: 序号, 指标, 指标名称, 项目 …"""
    cues = table_cues()
    bare = re.sub(r"\s", "", cell)
    return bare in cues["row_number"] or bare in cues["label"]


def column_cue(cell: str) -> bool:
    """A header cell that names a column: a year, a kind of figure, a unit or a note."""
    cues = table_cues()
    words = cues["target"] + cues["actual"] + cues["qualifiers"] + cues["unit"] + cues["note"]
    words = words + cues["label"] + cues["row_number"] + cues["previous_year"] + cues["this_year"]
    return bool(YEAR.search(cell)) or any(word in cell for word in words)


def caption_of(lines: list[str], start: int) -> str:
    """The caption just above a table ("表1 2024年全区经济社会发展主要指标完成情况"), or the line
    that introduces it ("2024年主要目标如下："), or ""."""
    for index in range(start - 1, max(-1, start - 3), -1):
        line = lines[index].strip()
        if line and len(line) <= 80 and (CAPTION.search(line) or line.endswith(("：", ":"))):
            return line
    return ""


def find_tables(lines: list[str]) -> list[Table]:
    """Every indicator table in `lines` (a text's lines, in order), pipe rows and flattened ones."""
    tables: list[Table] = []
    index = 0
    while index < len(lines):
        table = None
        if is_pipe_row(lines[index]):
            end = index
            while end < len(lines) and is_pipe_row(lines[end]):
                end += 1
            table = pipe_table(lines, index, end) if end - index >= 2 else None
            index = end
        elif header_word(lines[index]):
            table = flat_table(lines, index)
            index = table.end if table else index + 1
        else:
            index += 1
        if table is not None:
            table.caption = caption_of(lines, table.start)
            tables.append(table)
    return tables


def pipe_table(lines: list[str], start: int, end: int) -> Table:
    """Rows of " | " cells; the leading rows without figures are the header, merged column-wise."""
    rows = [split_cells(line) for line in lines[start:end]]
    count = 0
    while count < min(MAX_HEADER_ROWS, len(rows) - 1) and is_header_row(rows[count]):
        count += 1
    header = merge_header(rows[:count]) if count else []
    body = []
    for offset, cells in enumerate(rows[count:]):
        line = start + count + offset
        body.append(Row(cells, lines[line].strip(), line, line))
    return Table(start, end, header, body)


def merge_header(rows: list[list[str]]) -> list[str]:
    """One header from stacked header rows ("2023年" over "目标", "2023年" over "完成")."""
    width = max(len(row) for row in rows)
    merged = []
    for column in range(width):
        parts: list[str] = []
        for row in rows:
            cell = row[column] if column < len(row) else ""
            if cell and cell not in parts:
                parts.append(cell)
        merged.append("".join(parts))
    while merged and not merged[-1]:
        merged.pop()
    return merged


def _flat_header(lines: list[str], start: int) -> tuple[list[str], int]:
    """The header cells of a flattened table from `start`, and the index of its first row line.

    A year on a line of its own joins the words below it ("2023年" + "建议目标"); a unit in brackets on
    a line of its own joins the cell above it ("同比增长" + "（%）").
    """
    cells: list[str] = []
    index = start
    while index < len(lines):
        line = lines[index].strip()
        if not line or len(line) > MAX_FLAT_HEADER or has_figure(line) or re.search(r"[。，,；;]", line):
            break
        if index > start and not column_cue(line) and not re.fullmatch(r"[(（].{1,8}[)）]", line):
            break
        unit_below = re.fullmatch(r"[(（].{1,8}[)）]", line) is not None
        if cells and (unit_below or (YEAR.fullmatch(cells[-1]) and not YEAR.search(line))):
            cells[-1] += line
        else:
            cells.append(line)
        index += 1
    return cells, index


def _is_row_number(line: str, expected: int) -> bool:
    return bool(ROW_NUMBER.match(line.strip())) and int(re.sub(r"\D", "", line)) == expected


def _ends_table(line: str) -> bool:
    stripped = line.strip()
    return (
        not stripped
        or len(stripped) > MAX_FLAT_CELL
        or "。" in stripped
        or bool(HEADING.match(stripped))
        or bool(CAPTION.match(stripped) and stripped.startswith(("表", "附表")))
    )


def join_cells(parts: list[str], wanted: int, label: bool = False) -> list[str]:
    """Lines of one flattened row as cells: a line ending in a comma goes on in the next one, and a
    second tier of one target ("确保5.0%" / "力争5.5%以上") joins the first when the row has a line too many.
    Where the row starts with its label (`label`), label lines before the first value are one label
    ("规上工业增加值" / "增速") when the row has lines too many."""
    cells: list[str] = []
    for part in parts:
        if cells and cells[-1].endswith(("，", ",", "、", "；", ";")):
            cells[-1] += part
        else:
            cells.append(part)
    while label and len(cells) > wanted and not value_like(cells[0]) and not value_like(cells[1]):
        cells[0:2] = [cells[0] + cells[1]]
    tiers = tuple(table_cues()["tiers"])
    index = 1
    while len(cells) > wanted and index < len(cells):
        if cells[index].startswith(tiers) and cells[index - 1].startswith(tiers):
            cells[index - 1 : index + 1] = [cells[index - 1] + "，" + cells[index]]
        else:
            index += 1
    return cells


def flat_table(lines: list[str], start: int) -> Table | None:
    """A table flattened to one cell per line, from its header at `start`; None if it is not one."""
    header, index = _flat_header(lines, start)
    numbered = bool(header) and re.sub(r"\s", "", header[0]) in table_cues()["row_number"]
    width = len(header) - (1 if numbered else 0)  # cells per row after the row number
    if width < 2 or not any(YEAR.search(cell) or column_cue(cell) for cell in header[1:]):
        return None
    if not any(has_value_cue(cell) for cell in header):
        return None
    rows: list[Row] = []
    unread: list[str] = []
    expected = 1
    while index < len(lines):
        if numbered:
            if not _is_row_number(lines[index], expected):
                # A row that lost its number: a label and its cells, then the next row's number.
                unnumbered = _row_without_number(lines, index, width, expected)
                if unnumbered is None:
                    break
                rows.append(unnumbered)
                expected += 1
                index += width
                continue
            stop = index + 1
            while (
                stop < len(lines)
                and not _is_row_number(lines[stop], expected + 1)
                and not _ends_table(lines[stop])
                and stop - index <= 2 * width + 1
            ):
                stop += 1
            parts = [line.strip() for line in lines[index + 1 : stop]]
            cells = join_cells(parts, width, label=True)
            # The last row has no next number to stop it: it ends with its cells.
            last = stop >= len(lines) or not _is_row_number(lines[stop], expected + 1)
            if len(cells) > width and last:
                count = _lines_for(parts, width)
                stop = index + 1 + count
                cells = join_cells(parts[:count], width, label=True)
            text = "\n".join(line.strip() for line in lines[index + 1 : stop])
            if len(cells) == width:
                rows.append(Row([lines[index].strip(), *cells], text, index + 1, stop - 1))
            else:
                unread.append(text)
            expected += 1
            index = stop
        else:
            row = _unnumbered_row(lines, index, header)
            if row is None:
                break
            rows.append(row[0])
            index = row[1]
    if not rows:
        return None
    return Table(start, index, header, rows, flattened=True, unread=unread)


def _row_without_number(lines: list[str], index: int, width: int, expected: int) -> Row | None:
    """The row at `index` whose number (`expected`) the page lost, where the row after it has its
    number or the table ends there; None where the lines are no such row."""
    stop = index + width
    cells = [line.strip() for line in lines[index:stop]]
    if len(cells) < width or value_like(cells[0]) or any(_ends_table(cell) for cell in cells):
        return None
    if not all(value_like(cell) for cell in cells[1:]):
        return None
    if stop < len(lines) and not (_is_row_number(lines[stop], expected + 1) or _ends_table(lines[stop])):
        return None
    return Row([str(expected), *cells], "\n".join(cells), index, stop - 1)


def _lines_for(parts: list[str], width: int) -> int:
    """How many of a row's lines make its first `width` cells."""
    for count in range(1, len(parts) + 1):
        if len(join_cells(parts[:count], width)) == width and not parts[count - 1].endswith(("，", ",")):
            return count
    return len(parts)


def has_value_cue(cell: str) -> bool:
    cues = table_cues()
    words = cues["target"] + cues["actual"] + cues["qualifiers"] + cues["previous_year"] + cues["this_year"]
    return bool(YEAR.search(cell)) or any(word in cell for word in words)


def value_like(cell: str) -> bool:
    """A cell that can stand in a value column: a figure, an empty mark or a worded value."""
    cues = table_cues()
    stripped = cell.strip()
    return (
        bool(re.search(r"\d", stripped))
        or stripped in cues["empty_cells"]
        or any(word in stripped for word in cues["worded_values"])
    )


def _unnumbered_row(lines: list[str], index: int, header: list[str]) -> tuple[Row, int] | None:
    """One row of a flattened table without row numbers: a label line, then one line per column."""
    label = lines[index].strip()
    if _ends_table(label) or value_like(label) and re.match(r"[\d\-—−]", label):
        return None
    width = len(header)
    parts: list[str] = []
    stop = index + 1
    units = width > 1 and "单位" in header[1]
    while stop + 1 < len(lines) and _wraps(lines[stop].strip(), lines[stop + 1].strip(), units):
        label += lines[stop].strip()  # "规模以上工业" / "增加值增速": a label wrapped over two lines
        stop += 1
    while stop < len(lines) and len(join_cells(parts, width - 1)) < width - 1:
        line = lines[stop].strip()
        if _ends_table(line):
            return None
        parts.append(line)
        stop += 1
    cells = join_cells(parts, width - 1)
    if len(cells) != width - 1 or not all(value_like(cell) or _is_unit_cell(cell) for cell in cells):
        return None
    if parts and parts[-1].endswith(("，", ",")):
        return None
    text = "\n".join(line.strip() for line in lines[index:stop])
    return Row([label, *cells], text, index, stop - 1), stop


def _wraps(line: str, after: str, units: bool) -> bool:
    """`line` goes on with the row's label: it is no value, and no unit where the table has a unit
    column (a short unit-like word counts as the label's only when a unit cell follows it)."""
    if not line or _ends_table(line) or value_like(line):
        return False
    if not units:
        return True
    return not _short_unit(line) or (_short_unit(after) and not value_like(after))


def _short_unit(cell: str) -> bool:
    return bool(re.fullmatch(r"[万亿千百]?[\u4e00-\u9fff%‰A-Za-z²³·]{1,4}|\S*/\S*", cell))


def _is_unit_cell(cell: str) -> bool:
    return bool(re.fullmatch(r"[万亿千百]?[\u4e00-\u9fff%‰/A-Za-z²³·]{1,8}", cell.strip()))
