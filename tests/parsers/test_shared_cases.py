"""The input cases of ../shared/cases (numerals, PDF, DOCX) through `zonewatch extract --json`.

Skipped with a message when ../shared is absent. The expectations (shared_cases.yaml) are the
records each case's expected.md lists: all of them, and nothing else; a metric matches as the scorer
matches it (at least half of the expected metric's characters).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from tests.conftest import shared_path
from zonewatch.cli import main

CASES: dict[str, dict[str, Any]] = yaml.safe_load(
    Path(__file__).with_name("shared_cases.yaml").read_text(encoding="utf-8")
)


@pytest.mark.parametrize("name", list(CASES))
def test_shared_case(name: str) -> None:
    case = CASES[name]
    path = shared_path("cases", case.get("case", name), case["file"])
    args = ["extract", str(path), "--json"]
    if case.get("published"):
        args += ["--published", case["published"]]
    result = CliRunner().invoke(main, args)
    data = json.loads(result.stdout)
    status = case.get("status", "ok")
    assert data["status"] == status, data["error"]
    assert result.exit_code == (0 if status == "ok" else 2)
    if "title" in case:
        assert data["title"] == case["title"]
    got = [
        (r["metric"], r["value"], r["unit"], r["year"], r["kind"], r["comparator"]) for r in data["records"]
    ]
    missing = []
    for want in case["records"]:
        match = next((record for record in got if _same(record, tuple(want))), None)
        if match is None:
            missing.append(want)
        else:
            got.remove(match)
    assert not missing and not got, {"missing": missing, "extra": got}


def _same(record: tuple, want: tuple) -> bool:
    """The scorer's rule (../shared/spec/targets.md), plus year, kind and comparator."""
    metric, wanted = record[0], want[0]
    named = sum(char in metric for char in wanted) * 2 >= len(wanted)
    return named and record[1:] == want[1:]
