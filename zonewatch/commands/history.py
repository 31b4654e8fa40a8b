"""`zonewatch history`: every value of an indicator across a zone's reports."""

from __future__ import annotations

import csv
import sys

import click

from zonewatch import output
from zonewatch.cli_common import UserError, db_option, ready_db, settings_for, user_errors


@click.command()
@click.option("--zone", required=True, help="The zone.")
@click.option(
    "--metric", default=None, help="Only indicators whose name contains these words (synonyms unified)."
)
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV (UTF-8, header row) instead of a table.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option(
    "--card",
    is_flag=True,
    help="The zone's report card: every target, its year and how it ended (完成 / 未完成 / …).",
)
@db_option
@user_errors
def history(
    zone: str, metric: str | None, as_csv: bool, as_json: bool, card: bool, db_url: str | None
) -> None:
    """Every value of a zone's indicators across its reports: kind, year, report year, source link.
    With --card, the zone's report card instead (the page's 目标兑现记录 and `zonewatch export card`).

    Exit 1 when the zone has no work report or no value matches --metric.
    """
    from config.registry import by_default
    from monitor.compare.history import COLUMNS, values
    from storage.db import session_scope

    zone = by_default().canonical(zone)
    url = ready_db(settings_for(db_url))
    if card:
        _print_card(url, zone, as_csv, as_json)
        return
    with session_scope(url) as session:
        try:
            rows = values(session, zone, metric)
        except LookupError as exc:
            raise UserError(str(exc)) from None
    if not rows:
        raise UserError(f"zone {zone!r} has no value of an indicator matching {metric!r}")
    if as_json:
        output.print_json([r.as_json() for r in rows], ensure_ascii=False, indent=1)
    elif as_csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(COLUMNS)
        for row in rows:
            data = row.as_json()
            writer.writerow(["" if data[c] is None else data[c] for c in COLUMNS])
    else:
        from monitor.delivery.render import amount

        output.table(
            f"{zone}：{len(rows)} 个数值",
            ["报告年份", "类型", "年份", "指标", "数值", "来源"],
            [
                [
                    row.report_year,
                    "目标" if row.kind == "target" else "实际",
                    row.year,
                    row.metric,
                    amount({"value": row.value, "comparator": row.comparator}, row.unit),
                    row.url,
                ]
                for row in rows
            ],
        )


def _print_card(url: str, zone: str, as_csv: bool, as_json: bool) -> None:
    """The report card as the export's columns (CSV, JSON) or one line per target."""
    from monitor.workspace.card import report_card
    from monitor.workspace.tables import card_counts_table, card_table
    from storage.db import session_scope

    with session_scope(url) as session:
        try:
            found = report_card(session, zone)
        except LookupError as exc:
            raise UserError(str(exc)) from None
    table, counts = card_table(found), card_counts_table(found)
    if as_json:
        lines = [dict(zip(table.headers, row, strict=True)) for row in table.rows]
        years = [dict(zip(counts.headers, row, strict=True)) for row in counts.rows]
        output.print_json({"zone": zone, "targets": lines, "years": years}, ensure_ascii=False, indent=1)
    elif as_csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(table.headers)
        writer.writerows([["" if c is None else c for c in row] for row in table.rows])
    else:
        from monitor.compare.present import amount

        output.table(
            f"{zone} 目标兑现记录：{len(found.lines)} 个目标",
            ["目标年份", "结果", "指标", "目标", "实际", "提出于", "说明"],
            [
                [
                    line.horizon,
                    line.label,
                    line.metric,
                    amount(line.target, line.unit),
                    amount(line.actual, line.unit) if line.actual else None,
                    f"{line.set_in}年报告",
                    line.note,
                ]
                for line in found.lines
            ],
        )
        output.echo()
        output.table(counts.name, counts.headers, counts.rows)
