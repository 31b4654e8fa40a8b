"""Floors on the 33 real report excerpts of ../shared/eval/real, scored by ../shared/eval/score.py.

The floors are what the extractor reaches now; raise them as it improves, never lower them.
`make eval` prints the per-document figures and the missed and extra records behind them.
"""

from __future__ import annotations

import pytest

from parsers.records.evaluate import load_scorer, report, score_set, totals
from tests.conftest import shared_path

FLOORS = {"F1": 0.95, "kind": 0.98, "year": 0.98}
# Documents that must give no record at all (every figure masked).
EMPTY = ("b17",)


@pytest.fixture(scope="module")
def real_scores():  # type: ignore[no-untyped-def]
    gold = shared_path("eval", "real", "gold")
    docs = shared_path("eval", "real", "docs")
    scorer = load_scorer(shared_path())
    return scorer, score_set(gold, docs, scorer)


def test_real_report_floors(real_scores) -> None:  # type: ignore[no-untyped-def]
    scorer, scores = real_scores
    figures = totals(scores, scorer)
    print(report("real", scores, scorer, details=False))
    for name, floor in FLOORS.items():
        assert figures[name] >= floor, (name, round(figures[name], 3), floor)


def test_masked_documents_give_no_records(real_scores) -> None:  # type: ignore[no-untyped-def]
    _, scores = real_scores
    for document in scores:
        if document.name in EMPTY:
            assert document.counts["pred"] == 0, document.extra
