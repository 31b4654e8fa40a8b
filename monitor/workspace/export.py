"""A workspace table as CSV (UTF-8 with a BOM, so Excel and WPS read the Chinese) or XLSX (openpyxl).

Both carry the same headers and rows as the page; the XLSX keeps numbers as numbers, links as
text, the header row frozen and bold, and one sheet per table.
"""

from __future__ import annotations

import csv
import io
import re

from monitor.workspace.tables import Table

FORMATS = ("csv", "xlsx")
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# Characters a sheet title may not hold (Excel's rule; openpyxl refuses them).
SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
# A cell that starts with these is a formula to a spreadsheet: written as text, with a leading '.
FORMULA = ("=", "+", "-", "@")


def _safe(cell: object) -> object:
    """Report text is not ours: a clause that starts like a formula stays text in the spreadsheet."""
    if isinstance(cell, str) and cell.startswith(FORMULA) and not _number_like(cell):
        return "'" + cell
    return cell


def _number_like(text: str) -> bool:
    return bool(re.fullmatch(r"[+-]?\d+(\.\d+)?(%|个百分点)?", text))


def to_csv(*tables: Table) -> bytes:
    """UTF-8 with a BOM; several tables one after another, separated by an empty line."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for index, table in enumerate(tables):
        if index:
            writer.writerow([])
        writer.writerow(table.headers)
        for row in table.rows:
            writer.writerow(["" if cell is None else _safe(cell) for cell in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(*tables: Table) -> bytes:
    """One sheet per table: bold, frozen header row; widths from the contents."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    for table in tables:
        sheet = book.create_sheet(SHEET_FORBIDDEN.sub("_", table.name)[:31] or "sheet")
        sheet.append(table.headers)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append([_safe(cell) for cell in row])
        sheet.freeze_panes = "A2"
        for index, header in enumerate(table.headers, start=1):
            longest = max([len(str(header))] + [len(str(r[index - 1] or "")) for r in table.rows[:500]])
            sheet.column_dimensions[sheet.cell(1, index).column_letter].width = min(60, 4 + longest * 1.6)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def render(format: str, *tables: Table) -> bytes:
    """The tables in `format` ("csv" or "xlsx"); ValueError for another format."""
    if format == "csv":
        return to_csv(*tables)
    if format == "xlsx":
        return to_xlsx(*tables)
    raise ValueError(f"unknown export format {format!r} (csv or xlsx)")
