"""`zonewatch history`: every value of an indicator across a zone's reports."""

from __future__ import annotations

import csv
import json
import sys

import click

from zonewatch.cli_common import UserError, db_option, ready_db, settings_for, user_errors


@click.command()
@click.option("--zone", required=True, help="The zone.")
@click.option(
    "--metric", default=None, help="Only indicators whose name contains these words (synonyms unified)."
)
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV (UTF-8, header row) instead of a table.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@db_option
@user_errors
def history(zone: str, metric: str | None, as_csv: bool, as_json: bool, db_url: str | None) -> None:
    """Every value of a zone's indicators across its reports: kind, year, report year, source link.

    Exit 1 when the zone has no work report or no value matches --metric.
    """
    from monitor.compare.history import COLUMNS, values
    from storage.db import session_scope

    url = ready_db(settings_for(db_url))
    with session_scope(url) as session:
        try:
            rows = values(session, zone, metric)
        except LookupError as exc:
            raise UserError(str(exc)) from None
    if not rows:
        raise UserError(f"zone {zone!r} has no value of an indicator matching {metric!r}")
    if as_json:
        click.echo(json.dumps([r.as_json() for r in rows], ensure_ascii=False, indent=1))
    elif as_csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(COLUMNS)
        for row in rows:
            data = row.as_json()
            writer.writerow(["" if data[c] is None else data[c] for c in COLUMNS])
    else:
        from monitor.delivery.render import amount

        for row in rows:
            side = {"value": row.value, "comparator": row.comparator}
            click.echo(
                f"{row.report_year}  {'目标' if row.kind == 'target' else '实际'}  {row.year or '-'}  "
                f"{row.metric}  {amount(side, row.unit)}  {row.url or ''}"
            )
