"""`zonewatch reports`, `diff` and `digest`: what changed year over year, and the mail about it."""

from __future__ import annotations

from pathlib import Path

import click

from zonewatch.cli_common import UserError, db_option, user_errors


@click.command()
@click.option("--zone", default=None, help="Only this zone.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@db_option
@user_errors
def reports(zone: str | None, as_json: bool, db_url: str | None) -> None:
    """List the recognised work reports."""
    raise UserError("reports is not built yet")


@click.command()
@click.option("--zone", required=True, help="The zone to diff.")
@click.option("--year", type=int, default=None, help="Plan year of the newer report.")
@click.option("--all", "show_all", is_flag=True, help="Include unchanged targets.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@db_option
@user_errors
def diff(zone: str, year: int | None, show_all: bool, as_json: bool, db_url: str | None) -> None:
    """Year-over-year changes of a zone's targets."""
    raise UserError("diff is not built yet")


@click.command()
@db_option
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write the HTML digest here.")
@click.option("--send", is_flag=True, help="Queue the digest and deliver it by SMTP.")
@click.option("--to", "recipients", multiple=True, metavar="ADDR", help="Recipient (repeatable).")
@user_errors
def digest(db_url: str | None, out: Path | None, send: bool, recipients: tuple[str, ...]) -> None:
    """Render (and optionally send) the digest of changes not yet sent."""
    raise UserError("digest is not built yet")
