"""Floors on the 57 real report excerpts of ../shared/eval/real, per part, scored by ../shared/eval/score.py.

The floors are what the extractor reaches now; raise them as it improves, never lower them. Part c
came later than a and b (and was not developed on), so its floors start lower.
`make eval` prints the per-document figures and the missed and extra records behind them.
"""

from __future__ import annotations

import pytest

from parsers.records.evaluate import load_scorer, report, score_set, totals
from tests.conftest import shared_path

FLOORS = {
    "a": {"F1": 0.971, "kind": 0.999, "year": 0.999, "name": 0.885},
    "b": {"F1": 0.974, "kind": 0.999, "year": 0.999, "name": 0.867},
    "c": {"F1": 0.965, "kind": 0.999, "year": 0.986, "name": 0.905},
}
# Documents that must give no record at all (every figure masked).
EMPTY = ("b17",)


@pytest.fixture(scope="module")
def real_scores():  # type: ignore[no-untyped-def]
    gold = shared_path("eval", "real", "gold")
    docs = shared_path("eval", "real", "docs")
    scorer = load_scorer(shared_path())
    return scorer, score_set(gold, docs, scorer)


@pytest.mark.parametrize("part", sorted(FLOORS))
def test_real_report_floors(real_scores, part: str) -> None:  # type: ignore[no-untyped-def]
    scorer, scores = real_scores
    mine = [document for document in scores if document.name.startswith(part)]
    figures = totals(mine, scorer)
    print(report(f"real-{part}", mine, scorer, details=False))
    for name, floor in FLOORS[part].items():
        assert figures[name] >= floor, (part, name, round(figures[name], 3), floor)


def test_masked_documents_give_no_records(real_scores) -> None:  # type: ignore[no-untyped-def]
    _, scores = real_scores
    for document in scores:
        if document.name in EMPTY:
            assert document.counts["pred"] == 0, document.extra
