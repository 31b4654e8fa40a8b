"""`zonewatch mirror`: serve the bundled demo mirror of fictional zone sites."""

from __future__ import annotations

import click

from zonewatch.cli_common import UserError, user_errors


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@user_errors
def mirror(host: str, port: int) -> None:
    """Serve the bundled demo mirror of fictional zone sites."""
    raise UserError("mirror is not built yet")
