"""Records of an indicator table (../shared/spec/targets.md, "Indicator tables").

Each column's header says what its figures are: a year ("2023年", "上年"), a kind (目标 → target,
完成/实际/预计 → actual), a qualifier that stays in the metric (实际增长, 同比增长), a unit ("（亿元）",
"(%)") and a part of the year ("1—11月"). A column with a qualifier only ("同比增长（%）") is about
the figures of the column before it. Each figure of a value cell is one record: its row's indicator
(sub-labels such as 区内/全区 included), its column's year and kind, and the row as `text`.
A percentage of a level (地区生产总值 6%) is the level's growth; of a share or a rate it is the level.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from parsers.records.context import PART_YEAR
from parsers.records.facts import same_metric
from parsers.records.numbers import to_number
from parsers.records.quantities import QUANTITY, UNIT_RE, comparator, unit_of
from parsers.records.tables import ROW_NUMBER, YEAR, Row, Table, find_tables, split_cells, table_cues

PERCENT_UNITS = ("%", "个百分点", "百分点")
BRACKETED = re.compile(r"[(（]\s*(?:单位\s*[:：])?\s*([^()（）]{1,8}?)\s*[)）]")
UNIT_LABEL = re.compile(r"单位\s*[:：]\s*([^\s,，;；)）]{1,8})")
LEADING_NUMBER = re.compile(
    r"^\s*(?:\d{1,3}[.、．]|[(（]\d{1,3}[)）]|[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）])\s*"
)
DIRECTION = re.compile(r"(增长|增加|提高|提升|上升|下降|降低|减少|回落)\s*$")
SIGN = "-−－"
CELL_YEAR = re.compile(r"(?:到|至|截至)?((?:19|20)\d\d)\s*年(?:底|末)?")
YEAR_LABEL = re.compile(
    r"^\s*(?:19|20)\d\d\s*年?度?\s*(?:[(（][^()（）]{1,6}[)）]|目标|计划|预计|实际|完成)*\s*$"
)
YEAR_HEADERS = ("年份", "年度", "时间", "年")
NUMBER = re.compile(r"\d+(?:\.\d+)?")
UNIT_AFTER = re.compile(rf"\s*(?:[\d.]|[万亿千百]*(?:{UNIT_RE}))")


@dataclass(frozen=True)
class Column:
    role: str  # rownum | label | unit | note | value | other
    kind: str | None = None
    year: int | None = None
    qualifier: str = ""
    unit: str | None = None
    period: str = ""


def _unit_in(text: str) -> str | None:
    """A unit named in a header or label: "（亿元）", "(%)", "单位：万元"."""
    for pattern in (UNIT_LABEL, BRACKETED):
        match = pattern.search(text)
        if match and re.fullmatch(rf"[万亿千百]*(?:{UNIT_RE})|%|‰", match.group(1)):
            return match.group(1)
    return None


def _kind(text: str) -> str | None:
    cues = table_cues()
    if any(word in text for word in ("目标完成", "完成情况", "执行情况", "实际", "预计", "快报")):
        return "actual"
    if any(word in text for word in cues["target"]):
        return "target"
    if any(word in text for word in cues["actual"]):
        return "actual"
    return None


def _year(text: str, plan_year: int | None) -> int | None:
    match = YEAR.search(text)
    if match:
        return int(match.group(0)[:4])
    cues = table_cues()
    if plan_year is not None and any(word in text for word in cues["previous_year"]):
        return plan_year - 1
    if plan_year is not None and any(word in text for word in cues["this_year"]):
        return plan_year
    return None


def read_columns(
    header: list[str], caption: str, review_year: int | None, plan_year: int | None
) -> list[Column]:
    """What each header cell says about its column (see the module docstring)."""
    cues = table_cues()
    caption_year = _year(caption, None)
    columns: list[Column] = []
    previous: Column | None = None
    for cell in header:
        bare = re.sub(r"\s", "", cell)
        named = BRACKETED.sub("", bare)
        period_match = PART_YEAR.search(bare)
        kind, year = _kind(named), _year(named, plan_year)
        qualifier = next((word for word in cues["qualifiers"] if word in named), "")
        if named in cues["row_number"]:
            columns.append(Column("rownum"))
            continue
        if named in cues["unit"]:
            columns.append(Column("unit"))
            continue
        if any(named.startswith(word) for word in cues["note"]):
            columns.append(Column("note"))
            continue
        if kind is None and year is None and not qualifier and not period_match:
            role = "label" if previous is None else "other"
            columns.append(Column(role, unit=_unit_in(bare)))
            continue
        period = re.sub(r"\s+", "", period_match.group(0)) if period_match else ""
        if kind is None and previous is not None and year is None:
            # "同比增长（%）" after "2023年完成" (or "1-9月完成"): the growth of those figures
            kind, year, period = previous.kind, previous.year, period or previous.period
        if year is None:
            year = caption_year
        if kind is None:
            later = (
                year is not None and plan_year is not None and year >= plan_year and plan_year != review_year
            )
            kind = "target" if later else "actual"
        if period:
            kind = "actual"  # a part of the year is always what was done so far
        if year is None:
            year = plan_year if kind == "target" else review_year
        column = Column("value", kind, year, qualifier, _unit_in(bare), period)
        columns.append(column)
        previous = column
    return columns


def _align(
    cells: list[str], columns: list[Column], numbered: bool, table_numbered: bool
) -> list[tuple[Column, str]]:
    """Each cell with its column. A row as wide as the header is read in place; a wider one has
    more label cells (a header cell over two label columns), a narrower one lost its leading cells
    to the row above (merged cells): both are read from the right, where the figures are. A row
    without its number in a numbered table is such a continuation row too."""
    width = len(columns)
    while len(cells) > width and not cells[-1]:
        cells = cells[:-1]
    if len(cells) == width and (numbered or not table_numbered):
        return list(zip(columns, cells, strict=True))
    while cells and not cells[-1]:
        cells = cells[:-1]
    if len(cells) < width and numbered:
        return list(zip(columns, cells, strict=False))
    offset = width - len(cells)
    return [
        (columns[i + offset] if i + offset >= 0 else Column("label"), cell) for i, cell in enumerate(cells)
    ]


def clean_label(cell: str) -> tuple[str, str | None]:
    """A row label without its numbering and its unit in brackets, and that unit."""
    unit = _unit_in(cell)
    label = LEADING_NUMBER.sub("", cell)
    label = BRACKETED.sub(lambda m: "" if _unit_in(m.group(0)) else m.group(0), label)
    return re.sub(r"\s+", "", label).strip("：:，,"), unit


def compose(labels: list[str]) -> str:
    """The indicator of a row from its label cells: a scope stands in front ("区内固定资产投资"),
    other sub-labels after the main label."""
    scopes = table_cues()["scope_sublabels"]
    name = labels[0] if labels else ""
    for sub in labels[1:]:
        if sub in name:
            continue
        name = sub + name if sub in scopes or sub.rstrip("内外") in scopes else name + sub
    return name


def _is_share(label: str) -> bool:
    return any(word in label for word in table_cues()["share_words"])


def metric_of(label: str, column: Column, unit: str, direction: str) -> str:
    """The record's metric: the label, with a growth qualifier where the figure is a rate of a level."""
    metric = label
    if unit in PERCENT_UNITS:
        if direction and not label.endswith(direction):
            metric = label + direction
        elif not _is_share(label):
            metric = label + (column.qualifier or table_cues()["growth_word"])
    if column.period and column.period not in metric:
        metric = column.period + metric
    return metric


def cell_figures(cell: str, unit: str | None) -> list[tuple[float | int, str, str, str]]:
    """The figures of a value cell: (value, unit, comparator, direction word before it).

    A bare number takes `unit`; without one it is not read (a figure must say what it counts).
    "确保5.0%，力争5.5%以上" gives two figures; "8—10" its lower bound as a floor.
    """
    text = cell.strip()
    if not text or text in table_cues()["empty_cells"] or re.search(r"[xX*＊]", text):
        return []
    if unit:
        text = NUMBER.sub(lambda m: m.group(0) + ("" if UNIT_AFTER.match(text, m.end()) else unit), text)
    figures = []
    for match in QUANTITY.finditer(text):
        if match.group("ord"):
            continue
        value = to_number(match.group("num"))
        if value is None:
            continue
        before = text[: match.start()]
        sign = before.rstrip()[-1:]
        if sign and sign in SIGN and not re.search(r"[\d.]\s*[-−－]\s*$", before):
            value = -value
        compare = ">=" if match.group("upper") else comparator(before, match)
        direction = DIRECTION.search(before.rstrip(SIGN + " "))
        figures.append((value, unit_of(match), compare, direction.group(1) if direction else ""))
    return figures


def table_records(table: Table, review_year: int | None, plan_year: int | None) -> list[dict[str, Any]]:
    """The target and actual records of one table, row by row, in the contract's shape."""
    table = _by_year_rows(table)
    columns = read_columns(table.header, table.caption, review_year, plan_year)
    if not any(column.role == "value" for column in columns):
        return []
    table_unit = _unit_in(table.caption) or (
        UNIT_LABEL.search(table.caption).group(1) if UNIT_LABEL.search(table.caption) else None
    )
    has_numbers = bool(columns) and columns[0].role == "rownum"
    records: list[dict[str, Any]] = []
    previous_labels: list[str] = []
    subject = ""
    for row in table.rows:
        numbered = bool(row.cells) and bool(ROW_NUMBER.match(row.cells[0]))
        labels, row_unit, figures = _read_row(row, columns, numbered, has_numbers)
        if has_numbers and not numbered and len(labels) < len(previous_labels):
            labels = previous_labels[: len(previous_labels) - len(labels)] + labels  # merged label cells
        previous_labels = labels
        label = compose(labels)
        if not label:
            continue
        if label in table_cues()["qualifiers"] and subject:
            label = subject + label  # "增长" under "地区生产总值": the growth of the row above
        else:
            subject = label
        for column, cell in figures:
            unit = column.unit or row_unit or table_unit
            stated = CELL_YEAR.search(cell)  # "到2025年达到500亿元": the cell's own horizon
            for value, written, compare, direction in cell_figures(CELL_YEAR.sub("", cell), unit):
                record = {
                    "metric": metric_of(label, column, written, direction),
                    "value": value,
                    "unit": written,
                    "year": int(stated.group(1)) if stated else column.year,
                    "kind": column.kind,
                    "comparator": compare,
                    "text": row.text,
                }
                if record not in records:
                    records.append(record)
    return records


def _read_row(
    row: Row, columns: list[Column], numbered: bool, table_numbered: bool
) -> tuple[list[str], str | None, list[tuple[Column, str]]]:
    """A row's label cells (in order, repeats of a merged cell once), its unit and its value cells."""
    labels: list[str] = []
    unit: str | None = None
    figures: list[tuple[Column, str]] = []
    for column, cell in _align(row.cells, columns, numbered, table_numbered):
        if column.role == "value":
            figures.append((column, cell))
        elif column.role == "unit":
            unit = cell.strip() or unit
        elif column.role in ("label", "rownum", "other") and cell and not ROW_NUMBER.match(cell):
            if figures:
                continue  # text after the figures is a note, not the indicator
            label, label_unit = clean_label(cell)
            unit = unit or label_unit
            if label and label not in labels:
                labels.append(label)
    return labels, unit, figures


def split_tables(
    text: str, review_year: int | None, plan_year: int | None, warnings: list[str] | None = None
) -> tuple[str, list[dict[str, Any]]]:
    """The text without its indicator tables, and the tables' records.

    A table read by its columns leaves blank lines behind, so the prose passes never re-read its
    cells as sentences. A pipe table whose header names no figures (a list of projects) stays in
    the prose with its cells as clauses. Blank lines between a flattened table's cells are skipped;
    each record's `text` is its row as it stands, blank lines included. Rows that did not fit
    their table's header are named in `warnings`, never silently dropped.
    """
    lines = text.split("\n")
    filled = [index for index, line in enumerate(lines) if line.strip()]
    compact = [lines[index] for index in filled]
    records: list[dict[str, Any]] = []
    for table in find_tables(compact):
        for row in table.rows:
            if row.first >= 0:
                row.text = "\n".join(lines[filled[row.first] : filled[row.last] + 1]).strip()
        found = table_records(table, review_year, plan_year)
        start, end = filled[table.start], filled[table.end - 1] + 1
        if table.unread and warnings is not None:
            rows = len(table.rows) + len(table.unread)
            warnings.append(
                f"a table of {rows} rows at line {start + 1}: {len(table.unread)} rows did not fit its header "
                f"and were not read ({table.unread[0].splitlines()[0][:20]}…)"
            )
        if found:
            records.extend(found)
            lines[start:end] = [""] * (end - start)
        elif not table.flattened:
            for index in range(start, end):
                lines[index] = "，".join(cell for cell in split_cells(lines[index]) if cell)
    return "\n".join(lines), records


def _canonical(metric: str) -> str:
    for names in table_cues()["same_indicator"]:
        for name in names[1:]:
            metric = metric.replace(name, names[0])
    return metric


def _specific(value: float | int, unit: str) -> bool:
    """An amount precise enough that the same figure twice in one report is one fact (414.8亿元)."""
    if unit in PERCENT_UNITS:
        return False
    digits = re.sub(r"\D", "", f"{abs(value):g}").strip("0")
    return len(digits) >= 3


def restated_in(record: dict[str, Any], prose: list[dict[str, Any]]) -> bool:
    """A table figure the prose already gives (one record per fact: the prose clause is kept)."""
    for other in prose:
        if (other["value"], other["unit"], other["kind"], other["year"]) != (
            record["value"],
            record["unit"],
            record["kind"],
            record["year"],
        ):
            continue
        if _specific(record["value"], record["unit"]) or same_metric(
            _canonical(record["metric"]), _canonical(other["metric"])
        ):
            return True
    return False


def _by_year_rows(table: Table) -> Table:
    """A table with a row per year ("年份 | 地区生产总值（亿元） | 增长（%）" over "2023年 | 312.5 | 7.1")
    turned to a row per indicator, so that its years become column headers like any other table's."""
    header, rows = table.header, table.rows
    if len(header) < 2 or len(rows) < 1 or re.sub(r"\s", "", header[0]) not in YEAR_HEADERS:
        return table
    if not all(row.cells and YEAR_LABEL.match(row.cells[0]) for row in rows):
        return table
    turned = []
    for column in range(1, len(header)):
        cells = [header[column]] + [row.cells[column] if column < len(row.cells) else "" for row in rows]
        turned.append(Row(cells, " | ".join(cells)))
    return Table(table.start, table.end, ["指标"] + [row.cells[0] for row in rows], turned, table.caption)
