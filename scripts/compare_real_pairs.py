"""Run `zonewatch compare`'s diff on the same-zone pairs of ../shared/eval/real, twice: on the records
the extractor gets from the texts, and on the gold records, so extraction errors and comparison
errors can be told apart. Usage: .venv/bin/python scripts/compare_real_pairs.py [--shared ../shared]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from monitor.compare.diff import ReportView, diff_reports  # noqa: E402
from monitor.compare.files import compare_files  # noqa: E402
from monitor.compare.present import item_text  # noqa: E402


def published(meta: dict) -> dt.date:
    """The page's date, else January 15 of the report year (as ../shared/eval/score_real.sh does)."""
    return dt.date.fromisoformat(meta["published"] or f"{meta['report_year']}-01-15")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    args = parser.parse_args()
    real = args.shared / "eval" / "real"
    if not real.is_dir():
        print(f"{real} is absent", file=sys.stderr)
        return 1
    metas = {
        p.name.split(".")[0]: json.loads(p.read_text("utf-8")) for p in sorted(real.glob("docs/*.meta.json"))
    }
    series: dict[str, list[str]] = {}
    for name, meta in metas.items():
        if meta["pair"]:
            series.setdefault(meta["pair"], []).append(name)
    for key, names in series.items():
        for old, new in zip(names, names[1:], strict=False):
            zone = metas[new]["zone"]
            print(f"\n=== {key}: {old} ({metas[old]['report_year']}) → {new} ({metas[new]['report_year']})")
            views = []
            for name in (old, new):
                meta = metas[name]
                gold = json.loads((real / "gold" / f"{name}.json").read_text("utf-8"))
                views.append(
                    ReportView(None, zone, meta["report_year"], gold, review_year=meta["review_year"])
                )
            gold_items = [i for i in diff_reports(*views) if i.change != "unchanged"]
            result = compare_files(
                real / "docs" / f"{old}.txt",
                real / "docs" / f"{new}.txt",
                old_published=published(metas[old]),
                new_published=published(metas[new]),
                zone=zone,
            )
            extracted = [i for i in result.items if i.change != "unchanged"]
            for label, items in (("gold records", gold_items), ("extracted records", extracted)):
                print(f"--- {label}: {len(items)} items")
                for item in items:
                    print("  " + item_text(item.as_json()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
