"""`zonewatch db …`: schema migrations."""

from __future__ import annotations

import click

from zonewatch.cli_common import db_option, explain_database, settings_for, user_errors


@click.group()
def db() -> None:
    """Create and migrate the zonewatch database."""


@db.command()
@db_option
@click.option("--revision", default="head", show_default=True, help="Target Alembic revision.")
@user_errors
def upgrade(db_url: str | None, revision: str) -> None:
    """Create the schema or upgrade it to the newest migration."""
    from sqlalchemy.exc import OperationalError

    from storage import migrate
    from zonewatch.database import require_db

    settings = settings_for(db_url)
    require_db(settings, create=True)  # the one reading-free way to make a database
    try:
        migrate.upgrade(settings.db_url, revision)
        click.echo(f"database at revision {migrate.current_revision(settings.db_url)}: {settings.db_url}")
    except OperationalError as exc:
        raise explain_database(settings.db_url, exc) from None


@db.command()
@db_option
@click.option("--revision", default="base", show_default=True, help="Target Alembic revision.")
@user_errors
def downgrade(db_url: str | None, revision: str) -> None:
    """Downgrade the schema (to an empty database by default)."""
    from storage import migrate
    from zonewatch.database import require_db

    settings = settings_for(db_url)
    require_db(settings, create=False)
    migrate.downgrade(settings.db_url, revision)
    click.echo(f"database at revision {migrate.current_revision(settings.db_url)}: {settings.db_url}")


@db.command()
@db_option
@user_errors
def current(db_url: str | None) -> None:
    """Print the database's revision and the newest one."""
    from storage import migrate
    from zonewatch.database import require_db

    settings = settings_for(db_url)
    require_db(settings, create=False)
    click.echo(f"current: {migrate.current_revision(settings.db_url)}  head: {migrate.head_revision()}")
