"""Code that opens the database directly never creates it either (issue 22, point 1, leftover).

The CLI refused a mistyped `--db`, but storage.db and the run lock still made the folders and an
empty SQLite file for whoever opened the database without the CLI: the zone pages served by the
Airflow plugin and the DAG's helpers in zonewatch.orchestration then showed an empty listing or
"nothing to do" as if all were well. Now they refuse, naming the file, and leave nothing behind.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from storage.db import DatabaseMissing, session_scope
from zonewatch import orchestration
from zonewatch.database import NoDatabase
from zonewatch.runlock import run_lock
from zonewatch_ui.app import create_app

PAGES = [
    "/",
    "/export.csv",
    "/indicators",
    "/indicators?metric=" + quote("新认定高新技术企业"),
    "/zones/" + quote("云溪高新区"),
    "/zones/" + quote("云溪高新区") + "/card.xlsx",
    "/digests/1",
]


@pytest.mark.parametrize("page", PAGES)
def test_zone_pages_on_a_mistyped_database_say_it_is_missing_and_create_nothing(
    page: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    missing = tmp_path / "nope" / "zonewatch.db"
    # As the Airflow plugin serves them: the database from the environment at each request.
    monkeypatch.setenv("ZONEWATCH_DB_URL", f"sqlite:///{missing}")
    response = TestClient(create_app()).get(page)
    assert response.status_code == 503, response.text[:300]
    # The pages are public: the path is for the operator's log, never for the page.
    assert "数据库不存在" in response.text and str(missing) not in response.text
    assert str(missing) in caplog.text
    assert "Traceback" not in response.text
    assert list(tmp_path.iterdir()) == [], "no database file or folder was created"


def test_a_missing_file_in_an_existing_folder_is_not_created_either(tmp_path: Path) -> None:
    missing = tmp_path / "zonewatch.db"
    response = TestClient(create_app(f"sqlite:///{missing}")).get("/")
    assert response.status_code == 503 and "数据库不存在" in response.text
    assert list(tmp_path.iterdir()) == []


def test_a_session_on_a_missing_sqlite_file_raises_naming_it(tmp_path: Path) -> None:
    missing = tmp_path / "a" / "b.db"
    with (
        pytest.raises(DatabaseMissing, match=f"no zonewatch database at {missing}$"),
        session_scope(f"sqlite:///{missing}") as session,
    ):
        session.connection()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "helper",
    [
        lambda url: orchestration.parse_stage(db_url=url),
        lambda url: orchestration.diff_stage(db_url=url),
    ],
    ids=["parse_stage", "diff_stage"],
)
def test_dag_helpers_on_a_mistyped_database_raise_naming_it(helper, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    missing = tmp_path / "nope" / "zonewatch.db"
    with pytest.raises(DatabaseMissing, match=f"no zonewatch database at {missing}$"):
        helper(f"sqlite:///{missing}")
    assert list(tmp_path.iterdir()) == [], "no database, lock file or folder was created"


def test_night_check_on_a_mistyped_database_raises_instead_of_calling_every_site_uncrawled(
    tmp_path: Path,
) -> None:
    sites = tmp_path / "sites.yaml"
    sites.write_text(
        "sites:\n  - {name: a, zone: 甲园区, start_urls: ['http://127.0.0.1:9/']}\n", encoding="utf-8"
    )
    missing = tmp_path / "nope" / "zonewatch.db"
    with pytest.raises(DatabaseMissing, match=str(missing)):
        orchestration.night_problems(None, sites_file=sites, db_url=f"sqlite:///{missing}")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sites.yaml"]


def test_the_run_lock_of_a_missing_database_makes_no_lock_file_or_folder(tmp_path: Path) -> None:
    missing = tmp_path / "nope" / "zonewatch.db"
    with pytest.raises(DatabaseMissing), run_lock(f"sqlite:///{missing}", "parse"):
        pass
    assert list(tmp_path.iterdir()) == []


def test_the_dag_migration_creates_only_in_an_existing_folder_like_the_cli(tmp_path: Path) -> None:
    missing = tmp_path / "nope" / "zonewatch.db"
    with pytest.raises(NoDatabase, match=f"folder {missing.parent} does not exist"):
        orchestration.migrate_db(f"sqlite:///{missing}")
    assert list(tmp_path.iterdir()) == []
    made = tmp_path / "zonewatch.db"
    assert orchestration.migrate_db(f"sqlite:///{made}")  # the nightly run may create, like `run`
    assert made.is_file()


def test_the_default_database_still_gets_its_home_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from zonewatch.cli import main

    home = tmp_path / "fresh-home"
    monkeypatch.setenv("ZONEWATCH_HOME", str(home))
    result = CliRunner().invoke(main, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert (home / "zonewatch.db").is_file()


def test_the_dag_migration_makes_the_default_database_home_like_the_cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "fresh-home"
    monkeypatch.setenv("ZONEWATCH_HOME", str(home))
    assert orchestration.migrate_db()
    assert (home / "zonewatch.db").is_file()
