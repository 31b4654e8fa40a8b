"""The CLI: every subcommand has help, settings come from the environment, flags override them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from zonewatch.cli import main
from zonewatch.settings import load_settings

SUBCOMMANDS = [
    "db",
    "crawl",
    "parse",
    "extract",
    "reports",
    "diff",
    "compare",
    "digest",
    "run",
    "demo",
    "mirror",
    "sites",
]


def test_help_lists_every_subcommand() -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    for name in SUBCOMMANDS:
        assert f"  {name} " in result.output, name


@pytest.mark.parametrize("name", SUBCOMMANDS)
def test_every_subcommand_has_help(name: str) -> None:
    result = CliRunner().invoke(main, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output
    command = main.commands[name]
    assert command.help or command.callback.__doc__, f"{name} has no help text"


def test_every_command_that_touches_data_takes_db() -> None:
    for name in ["crawl", "parse", "extract", "reports", "diff", "digest", "run", "demo"]:
        options = {opt for param in main.commands[name].params for opt in getattr(param, "opts", [])}
        assert "--db" in options, name
    upgrade = main.commands["db"].commands["upgrade"]  # type: ignore[attr-defined]
    assert "--db" in {opt for param in upgrade.params for opt in param.opts}


def test_settings_defaults_and_overrides(tmp_path: Path) -> None:
    settings = load_settings({"ZONEWATCH_HOME": str(tmp_path), "ZONEWATCH_MAIL_TO": "a@x.cn; b@x.cn"})
    assert settings.db_url == f"sqlite:///{(tmp_path / 'zonewatch.db').resolve()}"
    assert settings.mail_to == ["a@x.cn", "b@x.cn"]
    overridden = settings.with_overrides(db_url="postgresql+psycopg://db/zw", smtp_url=None)
    assert overridden.db_url == "postgresql+psycopg://db/zw" and overridden.smtp_url is None


def test_db_upgrade_and_current_on_sqlite(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    runner = CliRunner()
    result = runner.invoke(main, ["db", "upgrade", "--db", url])
    assert result.exit_code == 0, result.output
    current = json.loads(runner.invoke(main, ["db", "current", "--json", "--db", url]).stdout)
    assert current["revision"] == current["head"] is not None and current["url"] == url
    result = runner.invoke(main, ["db", "downgrade", "--json", "--db", url])
    assert result.exit_code == 0 and json.loads(result.stdout)["revision"] is None


def test_unreachable_database_is_one_clear_line() -> None:
    result = CliRunner().invoke(main, ["db", "upgrade", "--db", "postgresql+psycopg://nobody@127.0.0.1:1/zw"])
    assert result.exit_code != 0
    assert "cannot open database" in result.output and "Traceback" not in result.output
