"""Shared fixtures: real databases (SQLite always, PostgreSQL when ZONEWATCH_TEST_PG_URL is set).

Airflow reads its configuration on first import, so its environment is set here, at import time,
before any test module can import it.
"""

from __future__ import annotations

import atexit
import os
import secrets
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"

_AIRFLOW_HOME = Path(tempfile.mkdtemp(prefix="zonewatch-airflow-"))
os.environ.setdefault("AIRFLOW_HOME", str(_AIRFLOW_HOME))
# Airflow generates a 24-byte secret, below what PyJWT accepts quietly for its SHA-512 tokens.
os.environ.setdefault("AIRFLOW__API_AUTH__JWT_SECRET", secrets.token_hex(32))
os.environ.setdefault("AIRFLOW__CORE__DAGS_FOLDER", str(REPO / "dags"))
os.environ.setdefault("AIRFLOW__CORE__LOAD_EXAMPLES", "False")
os.environ.setdefault("AIRFLOW__CORE__UNIT_TEST_MODE", "True")
# Tests must never read the developer's own data directory or sites file.
os.environ["ZONEWATCH_HOME"] = tempfile.mkdtemp(prefix="zonewatch-home-")
# Each test process (one per xdist worker) leaves no folders behind in /tmp.
for _made in (_AIRFLOW_HOME, Path(os.environ["ZONEWATCH_HOME"])):
    atexit.register(shutil.rmtree, _made, ignore_errors=True)
for _name in ("ZONEWATCH_DB_URL", "ZONEWATCH_SITES", "ZONEWATCH_SMTP_URL", "ZONEWATCH_MAIL_TO"):
    os.environ.pop(_name, None)


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or a skip with a message when this checkout has none."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: the shared reference material is not beside this checkout")
    return path


def _pg_admin_url() -> str | None:
    return os.environ.get("ZONEWATCH_TEST_PG_URL") or None


@pytest.fixture(scope="session")
def pg_server_url() -> Iterator[str]:
    """A throwaway PostgreSQL database for this test session, dropped at the end."""
    admin_url = _pg_admin_url()
    if not admin_url:
        pytest.skip("ZONEWATCH_TEST_PG_URL is not set: no PostgreSQL server to test against")
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"zonewatch_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        from storage.db import dispose_engines

        dispose_engines()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _reset_pg(url: str) -> None:
    from sqlalchemy import text

    from storage.db import get_engine

    with get_engine(url).begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database (no schema) on each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'zonewatch.db'}"
        return
    url = request.getfixturevalue("pg_server_url")
    _reset_pg(url)
    yield url


@pytest.fixture
def db_url(empty_db_url: str) -> str:
    """A database migrated to head, on each backend."""
    from storage.migrate import upgrade

    upgrade(empty_db_url)
    return empty_db_url


@pytest.fixture
def sqlite_db_url(tmp_path: Path) -> str:
    """A migrated SQLite database, for tests that need only the embedded default."""
    from storage.migrate import upgrade

    url = f"sqlite:///{tmp_path / 'zonewatch.db'}"
    upgrade(url)
    return url
