"""Extraction scored against gold, in one process: per document P/R/F1 and the missed and extra records.

`make eval` runs this on ../shared/eval/real (57 real excerpts, scored per part a, b and c and in all)
and ../shared/eval/gold (the seeds).
The matching is ../shared/eval/score.py's own (imported from there, not copied), so the figures are
the ones `bash ../shared/eval/score_real.sh` prints; only the extraction runs in-process, which
takes seconds instead of a CLI start per document.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"


def load_scorer(shared: Path = SHARED) -> ModuleType:
    """The shared scorer module (score.py); FileNotFoundError when the shared folder is absent."""
    path = shared / "eval" / "score.py"
    if not path.exists():
        raise FileNotFoundError(f"{path} is absent")
    spec = importlib.util.spec_from_file_location("zonewatch_shared_score", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass
class DocumentScore:
    name: str
    counts: dict[str, int]
    missed: list[dict[str, Any]] = field(default_factory=list)
    extra: list[dict[str, Any]] = field(default_factory=list)
    wrong: list[tuple[dict[str, Any], dict[str, Any]]] = field(default_factory=list)


def _published(meta_path: Path) -> dt.date | None:
    """The score_real.sh rule: the page's date, else January 15 of the report year."""
    if not meta_path.exists():
        return None
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    if meta.get("published"):
        return dt.date.fromisoformat(meta["published"])
    return dt.date(int(meta["report_year"]), 1, 15)


def predict(path: Path, published: dt.date | None) -> list[dict[str, Any]]:
    """The records `zonewatch extract PATH --published DATE` gives, without starting a process."""
    from parsers.document import parse_path

    return parse_path(path, published=published).records


def score_set(gold_dir: Path, docs_dir: Path, scorer: ModuleType, prefix: str = "") -> list[DocumentScore]:
    """Every gold file N.json (N starting with `prefix`) against the extraction of docs_dir/N.txt."""
    scores = []
    for gold_path in sorted(gold_dir.glob(f"{prefix}*.json")):
        text_path = docs_dir / f"{gold_path.stem}.txt"
        published = _published(docs_dir / f"{gold_path.stem}.meta.json")
        gold = scorer.load_records(gold_path)
        pred = [r for r in predict(text_path, published) if isinstance(r.get("value"), int | float)]
        pairs = scorer.match(gold, pred)
        matched_gold = {id(g) for g, _ in pairs}
        matched_pred = {id(p) for _, p in pairs}
        scores.append(
            DocumentScore(
                gold_path.stem,
                scorer.score(gold, pred),
                missed=[g for g in gold if id(g) not in matched_gold],
                extra=[p for p in pred if id(p) not in matched_pred],
                wrong=[
                    (g, p)
                    for g, p in pairs
                    if g.get("kind") != p.get("kind")
                    or (g.get("year") is not None and g.get("year") != p.get("year"))
                ],
            )
        )
    return scores


def totals(scores: list[DocumentScore], scorer: ModuleType) -> dict[str, float]:
    """P, R, F1, kind, year, comparator and name over a whole set, as score.py computes them."""
    total = {key: 0 for key in ("gold", "pred", "tp", "kind", "year", "year_n", "comp", "name")}
    for document in scores:
        for key in total:
            total[key] += document.counts[key]
    p, r, f, k, y, c, n = scorer.fmt(total)
    return {**total, "P": p, "R": r, "F1": f, "kind": k, "year": y, "comparator": c, "name": n}


def _brief(record: dict[str, Any]) -> str:
    return (
        f"{record.get('metric')} {record.get('value')} {record.get('unit')} "
        f"{record.get('kind')} {record.get('year')} {record.get('comparator')}"
    )


def report(name: str, scores: list[DocumentScore], scorer: ModuleType, details: bool) -> str:
    """The per-document lines (with missed/extra/wrong records when `details`) and the totals line."""
    lines = [f"== {name}"]
    for document in scores:
        p, r, f, *_ = scorer.fmt(document.counts)
        lines.append(
            f"{document.name}: P={p:.3f} R={r:.3f} F1={f:.3f} "
            f"({document.counts['gold']} gold, {document.counts['pred']} predicted)"
        )
        if details:
            lines += [f"    missed  {_brief(g)}  | {g.get('text', '')[:60]}" for g in document.missed]
            lines += [f"    extra   {_brief(p)}  | {p.get('text', '')[:60]}" for p in document.extra]
            lines += [
                f"    wrong   {_brief(p)}  (gold {g.get('kind')} {g.get('year')})" for g, p in document.wrong
            ]
    t = totals(scores, scorer)
    lines.append(
        f"{name}: P={t['P']:.3f} R={t['R']:.3f} F1={t['F1']:.3f} kind={t['kind']:.3f} "
        f"year={t['year']:.3f} comparator={t['comparator']:.3f} name={t['name']:.3f} "
        f"({t['gold']} gold, {t['pred']} predicted)"
    )
    return "\n".join(lines)


# name: (gold folder, documents folder, prefix of the documents' names). The real set is scored per
# part too, since a change that lifts one part and lowers another is tuning, not a gain.
SETS = {
    "real-a": ("eval/real/gold", "eval/real/docs", "a"),
    "real-b": ("eval/real/gold", "eval/real/docs", "b"),
    "real-c": ("eval/real/gold", "eval/real/docs", "c"),
    "real": ("eval/real/gold", "eval/real/docs", ""),
    "seeds": ("eval/gold", "seeds", ""),
}
DEFAULT_SETS = ["real-a", "real-b", "real-c", "seeds"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "sets",
        nargs="*",
        choices=[*SETS, []],
        help="real-a, real-b, real-c, real, seeds (default: a, b, c, seeds)",
    )
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument("--brief", action="store_true", help="Only the per-document and total lines.")
    args = parser.parse_args(argv)
    try:
        scorer = load_scorer(args.shared)
    except FileNotFoundError as exc:
        print(f"eval: {exc}; the shared reference folder must sit beside the project", file=sys.stderr)
        return 2
    everything: list[DocumentScore] = []
    for name in args.sets or DEFAULT_SETS:
        gold, docs, prefix = SETS[name]
        scores = score_set(args.shared / gold, args.shared / docs, scorer, prefix)
        print(report(name, scores, scorer, details=not args.brief))
        if name.startswith("real-"):
            everything += scores
    if len({n for n in (args.sets or DEFAULT_SETS) if n.startswith("real-")}) > 1:
        t = totals(everything, scorer)
        print(
            f"real (all parts): P={t['P']:.3f} R={t['R']:.3f} F1={t['F1']:.3f} kind={t['kind']:.3f} "
            f"year={t['year']:.3f} comparator={t['comparator']:.3f} name={t['name']:.3f} ({t['gold']} gold)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
