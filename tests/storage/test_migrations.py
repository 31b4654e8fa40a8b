"""The schema exists only through migrations: up to head and back down, on both databases."""

from __future__ import annotations

from sqlalchemy import inspect

from storage import migrate
from storage.db import DatabaseMissing, get_engine
from storage.models import Base


def _tables(url: str) -> set[str]:
    try:
        return set(inspect(get_engine(url)).get_table_names()) - {"alembic_version"}
    except DatabaseMissing:  # no SQLite file yet (opening it no longer creates it): no table either
        return set()


def test_upgrade_to_head_then_downgrade_to_empty(empty_db_url: str) -> None:
    assert _tables(empty_db_url) == set()
    migrate.upgrade(empty_db_url)
    assert migrate.is_current(empty_db_url)
    assert _tables(empty_db_url) == set(Base.metadata.tables)
    migrate.downgrade(empty_db_url, "base")
    assert _tables(empty_db_url) == set()
    assert migrate.current_revision(empty_db_url) is None


def test_upgrade_is_idempotent(empty_db_url: str) -> None:
    migrate.upgrade(empty_db_url)
    migrate.upgrade(empty_db_url)
    assert migrate.is_current(empty_db_url)


def test_migrations_match_the_models(db_url: str) -> None:
    """Autogenerate against a migrated database finds nothing to add: models and migrations agree."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    with get_engine(db_url).connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": False})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []
