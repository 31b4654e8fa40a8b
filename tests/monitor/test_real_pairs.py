"""Floors of the year-over-year diff on the 23 same-zone real pairs of ../shared/eval/real, scored
as ../shared/eval/diff_real.py scores `zonewatch compare` (its own matching rules, imported).

Two floors: on the gold records (the comparison alone: what this package owes) and on the records
the extractor gets today (the whole chain, as `python3 ../shared/eval/diff_real.py` measures it).
Raise them as either improves; never lower them. Skipped without ../shared.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.conftest import shared_path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "compare_real_pairs.py"
# What the comparison reaches on gold records: every expected item (c05's 全区 investment by its table
# row's completion figure), nothing printed that is not expected.
GOLD_FLOOR = {"recall": 1.0, "precision": 1.0, "forbidden": 0, "refused": 0, "verdicts": 8}
# The whole chain with the merged extractor (c18's cut name "有重大影" is the one expected item missed).
EXTRACTED_FLOOR = {"recall": 0.98, "precision": 0.98, "forbidden": 0, "refused": 0, "verdicts": 8}


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("compare_real_pairs", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _scores(mode: str) -> dict[str, float]:
    real = shared_path("eval", "real", "expected_diff.json").parent
    shared = real.parent.parent
    script = _script()
    judge = script.judge(shared)
    total = script.new_total(judge)
    for pair in json.loads((real / "expected_diff.json").read_text("utf-8"))["pairs"]:
        for e in pair.get("expect", []):
            total["expected"][judge.kind_of(e["change"])] += 1
        items: list[dict[str, Any]] | str = (
            script.gold_items(real, pair) if mode == "gold" else script.extracted_items(shared, pair)
        )
        if isinstance(items, str):
            total["refused"] += 1
            continue
        scored = script.score_pair(judge, pair, items)
        for kind in judge.KINDS:
            total["found"][kind] += scored["found"][kind]
        total["printed"] += scored["printed"]
        total["forbidden"] += len(scored["forbidden"])
    return script.figures(total)


@pytest.mark.parametrize("mode,floor", [("gold", GOLD_FLOOR), ("extracted", EXTRACTED_FLOOR)])
def test_real_pairs_hold_their_floor(mode: str, floor: dict[str, float]) -> None:
    got = _scores(mode)
    assert got["recall"] >= floor["recall"] and got["precision"] >= floor["precision"], got
    assert got["forbidden"] <= floor["forbidden"] and got["refused"] <= floor["refused"], got
    assert got["verdicts"] >= floor["verdicts"], got
