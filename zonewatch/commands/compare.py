"""`zonewatch compare OLD NEW`: the year-over-year diff of two report files, no database needed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from zonewatch import output
from zonewatch.cli_common import INPUT_FILE, UserError, user_errors
from zonewatch.failures import reading


def _date(option: str, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UserError(f"{option} must be YYYY-MM-DD, not {value!r}") from None


# Existence and readability are checked by compare_files, so a wrong path is one line like every
# other error.
FILE = INPUT_FILE


@click.command()
@click.argument("old", type=FILE)
@click.argument("new", type=FILE)
@click.option(
    "--old-published", metavar="YYYY-MM-DD", help="Publication date of OLD (for texts without one)."
)
@click.option("--new-published", metavar="YYYY-MM-DD", help="Publication date of NEW.")
@click.option("--zone", default=None, help="The zone both reports are of (default: as the texts name it).")
@click.option("--all", "show_all", is_flag=True, help="Include unchanged targets.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON, the shape of `zonewatch diff --json`.")
@user_errors
def compare(
    old: Path,
    new: Path,
    old_published: str | None,
    new_published: str | None,
    zone: str | None,
    show_all: bool,
    as_json: bool,
) -> None:
    """Compare two work reports of a zone (.txt/.html/.pdf/.docx), OLD the earlier one.

    The same diff as the nightly run: new, changed, dropped (未再提及) targets and the verdicts on
    the targets due in the year NEW reviews. Exit status 1 for a usage problem, 2 when a file gives
    no text (scanned, corrupt, unsupported).
    """
    from monitor.compare.files import CompareError, compare_files
    from zonewatch.change_table import print_pair

    try:
        with reading():  # unreadable input: the user's to fix (exit 1), not a file system failing to write
            result = compare_files(
                old,
                new,
                old_published=_date("--old-published", old_published),
                new_published=_date("--new-published", new_published),
                zone=zone,
            )
    except CompareError as exc:
        click.echo(f"Error: {exc}", err=True)
        raise SystemExit(exc.status) from None
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    items = [item for item in result.items if show_all or item.change != "unchanged"]
    if as_json:
        output.print_json([item.as_json() for item in items], ensure_ascii=False, indent=1)
        return
    print_pair(result.older, result.newer, items)
