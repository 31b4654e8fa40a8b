"""The extractor against the gold written with the demo mirror's reports (tests/data/demo_gold/)."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pytest

from mirror.content import load_zones
from parsers.document import parse_bytes

GOLD = Path(__file__).resolve().parents[1] / "data" / "demo_gold"
MIN_SCORED = 12  # four zones, three years each at least
F1_FLOOR = 0.99
KIND_YEAR_FLOOR = 0.99


def _scorer():  # type: ignore[no-untyped-def]
    """The shared scorer when present (same rules either way), else a copy of its matching rule."""
    path = Path(__file__).resolve().parents[3] / "shared" / "eval" / "score.py"
    if path.exists():
        spec = importlib.util.spec_from_file_location("shared_score", path)
        module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
        spec.loader.exec_module(module)  # type: ignore[union-attr]
        return module.score
    return None


def test_demo_reports_against_gold() -> None:
    score = _scorer()
    if score is None:
        pytest.skip("../shared/eval/score.py is absent; the demo gold is scored with the shared scorer")
    totals = {"gold": 0, "pred": 0, "tp": 0, "kind": 0, "year": 0, "year_n": 0}
    scored = 0
    for zone in load_zones():
        for item in (i for i in zone.items if i.kind == "report"):
            text = item.title + "\n" + "\n".join(item.paragraphs)
            parsed = parse_bytes(text.encode(), file_type="txt")
            assert parsed.is_report, item.key
            assert parsed.plan_year == int(re.search(r"report-(\d{4})", item.key).group(1))
            gold_file = GOLD / f"{zone.key}_{parsed.plan_year}.json"
            if not gold_file.exists():
                continue  # a report whose gold is still being written
            gold = json.loads(gold_file.read_text(encoding="utf-8"))
            result = score(gold, [r for r in parsed.records if r["value"] is not None])
            scored += 1
            for key in totals:
                totals[key] += result[key]
    assert scored >= MIN_SCORED
    precision, recall = totals["tp"] / totals["pred"], totals["tp"] / totals["gold"]
    f1 = 2 * precision * recall / (precision + recall)
    print(f"demo gold: P={precision:.3f} R={recall:.3f} F1={f1:.3f} ({totals['gold']} gold)")
    assert f1 >= F1_FLOOR
    assert (
        totals["kind"] / totals["tp"] >= KIND_YEAR_FLOOR
        and totals["year"] / totals["year_n"] >= KIND_YEAR_FLOOR
    )


def test_demo_news_and_reports_are_told_apart() -> None:
    """The mirror's news (safety meetings, notices, bulletins, signings, 台商 news in traditional script)
    mention meetings and numbers too; only the annual reports may pass the threshold."""
    wrong = []
    for zone in load_zones():
        for item in zone.items:
            parsed = parse_bytes((item.title + "\n" + "\n".join(item.paragraphs)).encode(), file_type="txt")
            if parsed.is_report != (item.kind == "report"):
                wrong.append((item.key, item.kind, parsed.report_score))
    assert wrong == []
