"""Reading commands never create a database (issue 22, point 1).

A mistyped `--db` used to create an empty SQLite file (and its folders), and `reports` then printed
nothing, `diff` zeros and `health` "无未解决的问题", all with exit 0. Now only `db upgrade`, `crawl`,
`run` and `demo` create one (a SQLite file only in a folder that exists); everything else is exit 4
with the database named in one line, and nothing is left behind.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from zonewatch.cli import main
from zonewatch.failures import ExitCode

READING = [
    ["reports"],
    ["reports", "--all"],
    ["diff"],
    ["diff", "--zone", "示例高新区"],
    ["digest"],
    ["digest", "--out", "OUT/digest.html"],
    ["parse"],
    ["health"],
    ["history", "--zone", "示例高新区"],
    ["export", "zones", "--out", "OUT/zones.csv"],
    ["db", "current"],
    ["db", "downgrade"],
]


def invoke(args: list[str], tmp_path: Path) -> Result:
    args = [arg.replace("OUT", str(tmp_path / "out")) for arg in args]
    return CliRunner().invoke(main, args)


def assert_exit_4(result: Result, *phrases: str) -> str:
    """Exit 4 in exactly one error line on stderr naming `phrases`, and no traceback (warnings about
    the sites file may come before it)."""
    assert result.exit_code == ExitCode.DATABASE, (result.exit_code, result.output)
    lines = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.output
    for phrase in phrases:
        assert phrase in lines[0], (phrase, lines[0])
    return lines[0]


@pytest.mark.parametrize("command", READING, ids=" ".join)
def test_reading_command_on_a_mistyped_sqlite_path_exits_4_and_creates_nothing(
    command: list[str], tmp_path: Path
) -> None:
    missing = tmp_path / "nope" / "x.db"
    result = invoke([*command, "--db", f"sqlite:///{missing}"], tmp_path)
    assert_exit_4(result, f"no zonewatch database at {missing}", "zonewatch db upgrade")
    assert list(tmp_path.iterdir()) == [], "no database, lock file or folder was created"


@pytest.mark.parametrize("command", [["reports"], ["health"], ["diff"]], ids=" ".join)
def test_reading_command_on_a_file_without_schema_exits_4(command: list[str], tmp_path: Path) -> None:
    empty = tmp_path / "empty.db"
    empty.touch()
    result = invoke([*command, "--db", f"sqlite:///{empty}"], tmp_path)
    assert_exit_4(result, str(empty), "no zonewatch schema")
    assert empty.stat().st_size == 0, "the file was left as it was, not given a schema"


def test_a_file_that_is_no_database_exits_4(tmp_path: Path) -> None:
    other = tmp_path / "notes.txt"
    other.write_text("not a database\n" * 100, encoding="utf-8")
    assert_exit_4(invoke(["reports", "--db", f"sqlite:///{other}"], tmp_path), str(other), "not a database")


@pytest.mark.parametrize(
    "command",
    [
        ["db", "upgrade"],
        ["crawl", "--sites", "SITES"],
        ["run", "--sites", "SITES", "--out", "OUT/digest.html"],
        ["demo"],
    ],
    ids=" ".join,
)
def test_writing_command_refuses_a_folder_that_does_not_exist(command: list[str], tmp_path: Path) -> None:
    sites = tmp_path / "sites.yaml"
    sites.write_text(
        "sites:\n  - {name: a, zone: 甲园区, start_urls: ['http://127.0.0.1:9/']}\n", encoding="utf-8"
    )
    missing = tmp_path / "nope" / "x.db"
    args = [arg.replace("SITES", str(sites)).replace("OUT", str(tmp_path / "out")) for arg in command]
    result = CliRunner().invoke(main, [*args, "--db", f"sqlite:///{missing}"])
    assert_exit_4(result, f"folder {missing.parent} does not exist")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sites.yaml"]


def test_db_upgrade_creates_a_database_in_an_existing_folder_and_reading_then_works(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'z.db'}"
    assert CliRunner().invoke(main, ["db", "upgrade", "--db", url]).exit_code == 0
    result = CliRunner().invoke(main, ["reports", "--db", url, "--json"])
    assert result.exit_code == 0 and result.stdout.strip() == "[]", result.output


# --- PostgreSQL ------------------------------------------------------------------------------------


@pytest.fixture
def missing_pg_url(pg_server_url: str) -> Iterator[str]:
    """A database name on the real server that does not exist, with a password to be masked."""
    from sqlalchemy.engine import make_url

    url = make_url(pg_server_url).set(database=f"zonewatch_absent_{uuid.uuid4().hex[:10]}", password="s3cret")
    yield url.render_as_string(hide_password=False)


def _pg_database_exists(admin_url: str, name: str) -> bool:
    from sqlalchemy import create_engine, text

    engine = create_engine(admin_url)
    try:
        with engine.connect() as connection:
            return bool(connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}))
    finally:
        engine.dispose()


@pytest.mark.postgres
@pytest.mark.parametrize("command", [["reports"], ["health"], ["db", "upgrade"]], ids=" ".join)
def test_postgres_database_that_does_not_exist_exits_4_with_the_url_masked(
    command: list[str], missing_pg_url: str, tmp_path: Path
) -> None:
    from sqlalchemy.engine import make_url

    line = assert_exit_4(invoke([*command, "--db", missing_pg_url], tmp_path), "does not exist", "***")
    assert "s3cret" not in line
    name = make_url(missing_pg_url).database
    assert not _pg_database_exists(os.environ["ZONEWATCH_TEST_PG_URL"], str(name))


@pytest.mark.postgres
@pytest.mark.parametrize("command", [["reports"], ["diff"]], ids=" ".join)
def test_postgres_database_without_schema_exits_4_and_stays_empty(
    command: list[str], pg_server_url: str, tmp_path: Path
) -> None:
    from sqlalchemy import inspect

    from storage.db import get_engine
    from tests.conftest import _reset_pg

    _reset_pg(pg_server_url)
    assert_exit_4(invoke([*command, "--db", pg_server_url], tmp_path), "no zonewatch schema", "db upgrade")
    with get_engine(pg_server_url).connect() as connection:
        assert inspect(connection).get_table_names() == []


@pytest.mark.postgres
def test_postgres_db_upgrade_creates_the_schema_in_an_existing_database(pg_server_url: str) -> None:
    from tests.conftest import _reset_pg

    _reset_pg(pg_server_url)
    assert CliRunner().invoke(main, ["db", "upgrade", "--db", pg_server_url]).exit_code == 0
    result = CliRunner().invoke(main, ["reports", "--db", pg_server_url, "--json"])
    assert result.exit_code == 0 and result.stdout.strip() == "[]", result.output
