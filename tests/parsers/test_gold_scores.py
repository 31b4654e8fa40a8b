"""The real `zonewatch extract --json` on the gold seeds, scored by ../shared/eval/score.py.

The floors are what the extractor reaches now; raise them as it improves, never lower them.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import shared_path
from zonewatch.cli import main

F1_FLOOR = 0.99
KIND_FLOOR = 0.99
YEAR_FLOOR = 0.99
NAME_FLOOR = 0.90  # names clean both ways (score.py's name=)


def _extract_all(gold_dir: Path, seeds: Path, out: Path) -> None:
    runner = CliRunner()
    for gold in sorted(gold_dir.glob("*.json")):
        result = runner.invoke(main, ["extract", str(seeds / f"{gold.stem}.txt"), "--json"])
        assert result.exit_code == 0, result.output
        data = json.loads(result.output)
        assert set(data) >= {
            "title",
            "zone",
            "published",
            "review_year",
            "plan_year",
            "is_report",
            "report_score",
            "records",
        }
        (out / gold.name).write_text(result.output, encoding="utf-8")


def test_gold_seed_scores(tmp_path: Path) -> None:
    gold_dir = shared_path("eval", "gold")
    seeds = shared_path("seeds")
    _extract_all(gold_dir, seeds, tmp_path)
    scorer = shared_path("eval", "score.py")
    output = subprocess.run(
        [sys.executable, str(scorer), str(gold_dir), str(tmp_path)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = output.strip().splitlines()[-1]
    figures = dict(re.findall(r"(\w+)=([\d.]+)", line))
    print(output)
    assert float(figures["F1"]) >= F1_FLOOR, line
    assert float(figures["kind"]) >= KIND_FLOOR, line
    assert float(figures["year"]) >= YEAR_FLOOR, line
    assert float(figures["name"]) >= NAME_FLOOR, line


@pytest.mark.parametrize("seed", ["000", "001", "002", "003", "004"])
def test_every_seed_is_recognised_as_a_work_report(seed: str) -> None:
    (path,) = shared_path("seeds").glob(f"{seed}_*.txt")
    result = CliRunner().invoke(main, ["extract", str(path), "--json"])
    data = json.loads(result.output)
    assert data["is_report"], (seed, data["report_score"])
    assert data["plan_year"] == data["review_year"] + 1
