"""`zonewatch crawl`: fetch the configured zone sites (issue: crawlers)."""

from __future__ import annotations

from pathlib import Path

import click

from zonewatch.cli_common import UserError, db_option, sites_option, user_errors


@click.command()
@sites_option
@click.option(
    "--site", "site_names", multiple=True, metavar="NAME", help="Crawl only this site (repeatable)."
)
@db_option
@user_errors
def crawl(sites_file: Path | None, site_names: tuple[str, ...], db_url: str | None) -> None:
    """Crawl the configured sites and store new and changed documents."""
    raise UserError("crawl is not built yet")
