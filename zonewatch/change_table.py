"""The human output of `zonewatch diff --zone Z` and `zonewatch compare`: for each pair of reports,
which two reports were compared and their changes, as tables aligned by display width."""

from __future__ import annotations

from typing import Any

from monitor.compare.present import NO_CHANGES, TABLE_COLUMNS, table_rows
from monitor.compare.report import ReportView
from zonewatch import output

NO_TITLE = "（无标题）"


def print_pair(older: ReportView, newer: ReportView, items: list[Any]) -> None:
    """The two reports (旧, 新) under a heading naming the pair, then the table of their changes.

    A blank line ends each table, so several pairs (`diff --zone` over many years) read apart.
    """
    output.table(
        f"{newer.zone}：{older.plan_year}年报告 → {newer.plan_year}年报告（回顾{newer.reviews}年）",
        ["报告", "计划年", "发布日期", "标题"],
        [
            [side, report.plan_year, report.published, report.title or NO_TITLE]
            for side, report in (("旧", older), ("新", newer))
        ],
    )
    output.echo()
    rows = table_rows(items)
    if rows:
        output.table(f"变化：{len(rows)} 项", TABLE_COLUMNS, rows)
    else:
        output.echo(f"变化：{NO_CHANGES}")
    output.echo()
