"""`zonewatch run`, `demo` and `mirror`: the whole nightly job, and the bundled demo."""

from __future__ import annotations

from pathlib import Path

import click

from zonewatch.cli_common import UserError, db_option, sites_option, user_errors


@click.command()
@sites_option
@db_option
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write the HTML digest here.")
@click.option("--send", is_flag=True, help="Deliver the digest by SMTP.")
@user_errors
def run(sites_file: Path | None, db_url: str | None, out: Path | None, send: bool) -> None:
    """Crawl, parse, diff and digest in one go (what the nightly DAG does)."""
    raise UserError("run is not built yet")


@click.command()
@db_option
@user_errors
def demo(db_url: str | None) -> None:
    """Run two nights against the bundled demo mirror and write the digest."""
    raise UserError("demo is not built yet")
