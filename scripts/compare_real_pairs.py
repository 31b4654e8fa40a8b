"""Score the year-over-year diff on the 23 same-zone pairs of ../shared/eval/real twice: on the records
the extractor gets from the texts (what `zonewatch compare` prints, run in-process) and on the gold
records, each scored exactly as ../shared/eval/diff_real.py scores the command. A pair right on gold
and wrong on extracted records is an extraction (or metadata) fault; wrong on gold, a comparison fault.

Usage: .venv/bin/python scripts/compare_real_pairs.py [--shared ../shared] [--pair TEXT] [--quiet]
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from monitor.compare.diff import ReportView, diff_reports  # noqa: E402
from monitor.compare.files import CompareError, compare_files  # noqa: E402
from monitor.compare.present import item_text  # noqa: E402


def judge(shared: Path) -> ModuleType:
    """../shared/eval/diff_real.py as a module: its matching rules are the score's definition."""
    spec = importlib.util.spec_from_file_location("diff_real", shared / "eval" / "diff_real.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def score_pair(dr: ModuleType, pair: dict[str, Any], items: list[dict[str, Any]]) -> dict[str, Any]:
    """expected found (by kind), printed, allowed, forbidden and extra items, as diff_real counts them."""
    expect = pair.get("expect", [])
    live = [i for i in items if i.get("change") != "unchanged"]
    hit = dr.one_to_one(expect, live)
    rest = [it for ii, it in enumerate(live) if ii not in set(hit.values())]
    allowed = dr.one_to_one(pair.get("allow", []), rest)
    left = [it for ii, it in enumerate(rest) if ii not in set(allowed.values())]
    bad = [it for it in left if any(dr.forbidden(r, it) for r in pair.get("forbid", []))]
    return {
        "expected": {k: sum(1 for e in expect if dr.kind_of(e["change"]) == k) for k in dr.KINDS},
        "found": {k: sum(1 for p in hit if dr.kind_of(expect[p]["change"]) == k) for k in dr.KINDS},
        "printed": len(live) - len(allowed),
        "missing": [dr.want_str(e) for p, e in enumerate(expect) if p not in hit],
        "allowed": [dr.short(rest[i]) for i in allowed.values()],
        "forbidden": [dr.short(it) for it in bad],
        "extra": [dr.short(it) for it in left if it not in bad],
    }


def gold_items(real: Path, pair: dict[str, Any]) -> list[dict[str, Any]]:
    """The diff of the pair's gold records, with the report and review years of their metadata."""
    views = []
    for key in ("old", "new"):
        name = Path(pair[key]).stem
        meta = json.loads((real / "docs" / f"{name}.meta.json").read_text("utf-8"))
        gold = json.loads((real / "gold" / f"{name}.json").read_text("utf-8"))
        text = (real / "docs" / f"{name}.txt").read_text("utf-8")
        views.append(
            ReportView(
                None,
                pair.get("zone") or "",
                meta["report_year"],
                gold,
                review_year=meta["review_year"],
                text=text,
            )
        )
    return [i.as_json() for i in diff_reports(*views)]


def extracted_items(shared: Path, pair: dict[str, Any]) -> list[dict[str, Any]] | str:
    """What `zonewatch compare OLD NEW --json` prints for the pair, or the error it exits with."""

    def date(key: str) -> dt.date | None:
        return dt.date.fromisoformat(pair[key]) if pair.get(key) else None

    try:
        result = compare_files(
            shared.parent / pair["old"],
            shared.parent / pair["new"],
            old_published=date("old_published"),
            new_published=date("new_published"),
            zone=pair.get("zone"),
        )
    except CompareError as exc:
        return str(exc)
    return [i.as_json() for i in result.items]


def new_total(dr: ModuleType) -> dict[str, Any]:
    return {
        "expected": dict.fromkeys(dr.KINDS, 0),
        "found": dict.fromkeys(dr.KINDS, 0),
        "printed": 0,
        "forbidden": 0,
        "refused": 0,
    }


def figures(total: dict[str, Any]) -> dict[str, float]:
    """recall, precision (as diff_real.py computes them), forbidden and refused of a total."""
    found, wanted = sum(total["found"].values()), sum(total["expected"].values())
    return {
        "recall": found / wanted if wanted else 1.0,
        "precision": found / total["printed"] if total["printed"] else 1.0,
        "forbidden": total["forbidden"],
        "refused": total["refused"],
        "verdicts": total["found"]["verdict"],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--pair", help="only pairs whose name contains this text")
    parser.add_argument("--quiet", action="store_true", help="totals only")
    args = parser.parse_args()
    shared = args.shared.resolve()
    real = shared / "eval" / "real"
    if not (real / "expected_diff.json").is_file():
        print(f"{real / 'expected_diff.json'} is absent", file=sys.stderr)
        return 1
    dr = judge(shared)
    pairs = json.loads((real / "expected_diff.json").read_text("utf-8"))["pairs"]
    totals: dict[str, dict[str, Any]] = {}
    for pair in pairs:
        if args.pair and args.pair not in pair["name"]:
            continue
        runs = {"gold": gold_items(real, pair), "extracted": extracted_items(shared, pair)}
        if not args.quiet:
            print(f"\n=== {pair['name']}")
        for mode, items in runs.items():
            total = totals.setdefault(mode, new_total(dr))
            for kind in dr.KINDS:
                total["expected"][kind] += sum(
                    1 for e in pair.get("expect", []) if dr.kind_of(e["change"]) == kind
                )
            if isinstance(items, str):
                total["refused"] += 1
                if not args.quiet:
                    print(f"--- {mode}: REFUSED: {items}")
                continue
            scored = score_pair(dr, pair, items)
            for kind in dr.KINDS:
                total["found"][kind] += scored["found"][kind]
            total["printed"] += scored["printed"]
            total["forbidden"] += len(scored["forbidden"])
            if args.quiet:
                continue
            found, wanted = sum(scored["found"].values()), sum(scored["expected"].values())
            print(f"--- {mode}: expected {found}/{wanted}, printed {scored['printed']}")
            for label in ("missing", "forbidden", "extra", "allowed"):
                for line in scored[label]:
                    print(f"  {label:9} {line}")
            for item in items:
                if item["change"] != "unchanged":
                    print("    " + item_text(item))
    print()
    for mode, total in totals.items():
        got = figures(total)
        kinds = ", ".join(f"{k} {total['found'][k]}/{total['expected'][k]}" for k in dr.KINDS)
        print(
            f"{mode:9}: recall={got['recall']:.3f} precision={got['precision']:.3f} "
            f"forbidden={got['forbidden']} refused={got['refused']} ({kinds})"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
