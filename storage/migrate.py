"""Alembic, driven from code: the schema is created and upgraded only by migrations."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from storage.db import create_sqlite, get_engine

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    # Percent signs in passwords would be read as interpolation by ConfigParser.
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    config.attributes["db_url"] = url
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Migrate the database to `revision`; a missing SQLite file is created, in an existing folder
    only (storage.db.create_sqlite): upgrading is what makes a database (`zonewatch db upgrade`)."""
    create_sqlite(url)
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str, revision: str = "base") -> None:
    command.downgrade(alembic_config(url), revision)


def current_revision(url: str) -> str | None:
    with get_engine(url).connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


def is_current(url: str) -> bool:
    return current_revision(url) == head_revision()
