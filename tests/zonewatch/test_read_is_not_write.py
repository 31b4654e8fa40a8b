"""A permission error while reading is not "cannot write" (issue 22, point 4, leftover).

Every OSError that reached failures.explain became exit 5 "cannot write …", so a reading command on
a database its user may not read (a folder without access, a file without read permission) said it
could not *write* it. Reads now go through failures.reading: the database is one that cannot be
opened (exit 4, "cannot read PATH: Permission denied"), an input file is exit 1; writes stay exit 5.
The files are made unreadable for real: the child runs without CAP_DAC_OVERRIDE (setpriv) as root.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.zonewatch.test_same_mistake_same_code import GOOD_SITES, _without_root_powers, error_line
from zonewatch.failures import ExitCode

READING = [
    ["reports"],
    ["export", "zones", "--out", "OUT"],
    ["health"],
    ["db", "current"],
]


def zonewatch(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*_without_root_powers(), sys.executable, "-m", "zonewatch", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, **(env or {})},
    )


def migrated(path: Path) -> str:
    url = f"sqlite:///{path}"
    assert zonewatch("db", "upgrade", "--db", url).returncode == 0
    return url


@pytest.fixture
def locked(tmp_path: Path) -> Iterator[Path]:
    """A folder nobody but root may enter; opened again after the test so pytest can clean up."""
    folder = tmp_path / "locked"
    folder.mkdir()
    yield folder
    folder.chmod(0o755)


@pytest.mark.parametrize("command", READING, ids=" ".join)
def test_a_database_in_a_folder_without_access_is_exit_4_cannot_read(
    command: list[str], tmp_path: Path, locked: Path
) -> None:
    url = migrated(locked / "zonewatch.db")
    locked.chmod(0)
    args = [arg.replace("OUT", str(tmp_path / "zones.csv")) for arg in command]
    result = zonewatch(*args, "--db", url)
    line = error_line(result.stderr, ExitCode.DATABASE, result.returncode)
    assert line == f"Error: cannot read {locked / 'zonewatch.db'}: Permission denied"


def test_an_unreadable_database_file_names_the_reason(tmp_path: Path) -> None:
    db = tmp_path / "zonewatch.db"
    url = migrated(db)
    db.chmod(0)
    result = zonewatch("export", "zones", "--out", str(tmp_path / "zones.csv"), "--db", url)
    line = error_line(result.stderr, ExitCode.DATABASE, result.returncode)
    assert line == f"Error: cannot read {db}: Permission denied", (
        "not SQLite's 'unable to open database file'"
    )
    assert not (tmp_path / "zones.csv").exists()


@pytest.mark.parametrize(
    ("variable", "command"),
    [("ZONEWATCH_SUBSCRIPTIONS", ["digest"]), ("ZONEWATCH_ZONES", ["export", "zones", "--out", "OUT"])],
)
def test_an_unreadable_subscriptions_or_registry_file_is_exit_1(
    variable: str, command: list[str], tmp_path: Path
) -> None:
    url = migrated(tmp_path / "zonewatch.db")
    unreadable = tmp_path / "input.yaml"
    unreadable.write_text(GOOD_SITES, encoding="utf-8")
    unreadable.chmod(0)
    args = [arg.replace("OUT", str(tmp_path / "zones.csv")) for arg in command]
    result = zonewatch(*args, "--db", url, env={variable: str(unreadable)})
    line = error_line(result.stderr, ExitCode.USER_ERROR, result.returncode)
    assert str(unreadable) in line and "Permission denied" in line


def test_an_output_in_a_folder_without_write_access_is_still_exit_5(tmp_path: Path) -> None:
    url = migrated(tmp_path / "zonewatch.db")
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    out = folder / "zones.csv"
    result = zonewatch("export", "zones", "--out", str(out), "--db", url)
    line = error_line(result.stderr, ExitCode.STORAGE, result.returncode)
    assert line == f"Error: cannot write {out}: Permission denied"


ZONE_PAGE = """
import sys
from fastapi.testclient import TestClient
from zonewatch_ui.app import create_app
response = TestClient(create_app(sys.argv[1])).get("/")
print(response.status_code, "数据库暂不可用" in response.text)
"""


def test_a_zone_page_on_a_database_it_may_not_read_is_a_503_not_a_crash(tmp_path: Path, locked: Path) -> None:
    url = migrated(locked / "zonewatch.db")
    locked.chmod(0)
    result = subprocess.run(
        [*_without_root_powers(), sys.executable, "-c", ZONE_PAGE, url],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.stdout.split() == ["503", "True"], result.stderr[-2000:]
