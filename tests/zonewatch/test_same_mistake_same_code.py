"""The same mistake gets the same exit code and one line everywhere (issue 22, point 4; README,
"One run at a time, exit codes").

Before, an unreadable sites file was click's usage block and exit 2 while a missing one was exit 1,
and an unknown option printed three lines of usage. An unreadable file is real here: as root,
chmod 000 does not stop a read, so the child runs without CAP_DAC_OVERRIDE (setpriv).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from zonewatch.cli import main
from zonewatch.failures import ExitCode

GOOD_SITES = "sites:\n  - {name: a, zone: 甲园区, start_urls: ['http://127.0.0.1:9/']}\n"
SITES_COMMANDS = [["sites"], ["crawl"], ["run"]]
DB_COMMANDS = [
    ["reports"],
    ["diff"],
    ["digest"],
    ["parse"],
    ["health"],
    ["history", "--zone", "甲园区"],
    ["export", "zones", "--out", "OUT"],
    ["db", "current"],
]


def error_line(stderr: str, code: int, returncode: int) -> str:
    """The one `Error:` line of stderr (warnings may precede it); no usage block, no traceback."""
    assert returncode == code, (returncode, stderr)
    assert "Traceback" not in stderr and "Usage:" not in stderr, stderr
    errors = [line for line in stderr.splitlines() if line.strip() and not line.startswith("warning")]
    errors = [line for line in errors if ": warning: " not in line]
    assert len(errors) == 1 and errors[0].startswith("Error: "), stderr
    return errors[0]


def sites_file(tmp_path: Path, mistake: str) -> Path:
    path = tmp_path / "sites.yaml"
    if mistake == "missing":
        return path
    if mistake == "directory":
        path.mkdir()
        return path
    path.write_text("sites: [\n" if mistake == "bad YAML" else GOOD_SITES, encoding="utf-8")
    if mistake == "unreadable":
        path.chmod(0)
    return path


@pytest.mark.parametrize("mistake", ["missing", "directory", "bad YAML"])
@pytest.mark.parametrize("command", SITES_COMMANDS, ids=" ".join)
def test_a_wrong_sites_file_is_exit_1_naming_it(command: list[str], mistake: str, tmp_path: Path) -> None:
    path = sites_file(tmp_path, mistake)
    result = CliRunner().invoke(main, [*command, "--sites", str(path)])
    line = error_line(result.stderr, ExitCode.USER_ERROR, result.exit_code)
    assert str(path) in line


def _without_root_powers() -> list[str]:
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: cannot make a file unreadable for real")
    return ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]


@pytest.mark.parametrize("command", [*SITES_COMMANDS, ["extract"], ["compare", "OTHER"]], ids=" ".join)
def test_an_unreadable_input_file_is_exit_1_naming_it(command: list[str], tmp_path: Path) -> None:
    path = sites_file(tmp_path, "unreadable")
    other = tmp_path / "other.txt"
    other.write_text("2024年工作报告", encoding="utf-8")
    if command[0] in ("extract", "compare"):
        args = [command[0], str(path), *(str(other) for _ in command[1:])]
    else:
        args = [*command, "--sites", str(path)]
    result = subprocess.run(
        [*_without_root_powers(), sys.executable, "-m", "zonewatch", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    line = error_line(result.stderr, ExitCode.USER_ERROR, result.returncode)
    assert str(path) in line and "ermission denied" in line


@pytest.mark.parametrize("command", [["extract"], ["compare", "OTHER"]], ids=" ".join)
@pytest.mark.parametrize("mistake", ["missing", "directory"])
def test_a_missing_or_folder_input_file_is_exit_1_naming_it(
    command: list[str], mistake: str, tmp_path: Path
) -> None:
    path = sites_file(tmp_path, mistake)
    other = tmp_path / "other.txt"
    other.write_text("2024年工作报告", encoding="utf-8")
    args = [command[0], str(path), *(str(other) for _ in command[1:])]
    result = CliRunner().invoke(main, args)
    assert str(path) in error_line(result.stderr, ExitCode.USER_ERROR, result.exit_code)


@pytest.mark.parametrize(
    ("url", "code", "phrase"),
    [
        ("not a url", ExitCode.USER_ERROR, "bad database URL"),
        ("mysql://zw@127.0.0.1/zw", ExitCode.USER_ERROR, "driver is not installed"),
        ("sqlite:///TMP/nope/zonewatch.db", ExitCode.DATABASE, "no zonewatch database at TMP/nope"),
    ],
    ids=["bad URL", "no driver", "missing database"],
)
@pytest.mark.parametrize("command", DB_COMMANDS, ids=" ".join)
def test_a_wrong_db_is_the_same_code_for_every_command(
    command: list[str], url: str, code: int, phrase: str, tmp_path: Path
) -> None:
    args = [arg.replace("OUT", str(tmp_path / "out.csv")) for arg in command]
    result = CliRunner().invoke(main, [*args, "--db", url.replace("TMP", str(tmp_path))])
    line = error_line(result.stderr, code, result.exit_code)
    assert phrase.replace("TMP", str(tmp_path)) in line


@pytest.mark.parametrize(
    "command",
    [[], *SITES_COMMANDS, *DB_COMMANDS, ["db", "upgrade"], ["extract", "x.txt"], ["demo"]],
    ids=lambda command: " ".join(command) or "zonewatch",
)
def test_an_unknown_option_is_exit_2_in_one_line(command: list[str], tmp_path: Path) -> None:
    result = CliRunner().invoke(main, [*command, "--bogus"])
    line = error_line(result.stderr, ExitCode.USAGE, result.exit_code)
    assert "--bogus" in line and "--help" in line


@pytest.mark.parametrize("where", ["a folder", "under a file"])
@pytest.mark.parametrize(
    "command",
    [
        ["digest", "--out", "OUT"],
        ["export", "zones", "--out", "OUT"],
        ["run", "--sites", "SITES", "--out", "OUT"],
    ],
    ids=lambda command: command[0],
)
def test_an_out_that_cannot_be_written_is_exit_5_before_any_work(
    command: list[str], where: str, tmp_path: Path
) -> None:
    """Before, a folder as --out was a usage error (exit 2) for digest and run and exit 1 for export,
    and export found an unwritable --out only after its work."""
    db = f"sqlite:///{tmp_path / 'zw.db'}"
    assert CliRunner().invoke(main, ["db", "upgrade", "--db", db]).exit_code == 0
    if where == "a folder":
        out = tmp_path / "digests.csv"
        out.mkdir()
    else:
        (tmp_path / "plain-file").write_text("x", encoding="utf-8")
        out = tmp_path / "plain-file" / "digest.csv"
    sites = tmp_path / "sites.yaml"
    sites.write_text(GOOD_SITES, encoding="utf-8")
    args = [arg.replace("OUT", str(out)).replace("SITES", str(sites)) for arg in command]
    result = CliRunner().invoke(main, [*args, "--db", db])
    line = error_line(result.stderr, ExitCode.STORAGE, result.exit_code)
    assert line.startswith(f"Error: cannot write {out}")
