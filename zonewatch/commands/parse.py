"""`zonewatch parse` and `zonewatch extract`: documents into reports and target records."""

from __future__ import annotations

from pathlib import Path

import click

from zonewatch.cli_common import UserError, db_option, user_errors


@click.command()
@db_option
@click.option("--all", "reparse_all", is_flag=True, help="Re-parse every stored document.")
@user_errors
def parse(db_url: str | None, reparse_all: bool) -> None:
    """Parse new or changed fetched documents into reports and records."""
    raise UserError("parse is not built yet")


@click.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--published", metavar="YYYY-MM-DD", help="Publish date hint for texts that omit the year.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@db_option
@user_errors
def extract(path: Path, published: str | None, as_json: bool, db_url: str | None) -> None:
    """Extract the report metadata and target records of one .txt/.html/.pdf/.docx file."""
    raise UserError("extract is not built yet")
