"""Cost of the damaged-text repair (parsers.records.normalise) next to bare jieba segmentation.

Run by hand: `.venv/bin/python benchmarks/bench_normalise.py [--reports 300]`.

Same corpus as bench_parse.py (seed reports and the demo mirror's reports, round-robin), plus a
damaged copy of each (pinyin ruby after every fifth character, split decimals, star masks) so the
repairs that do work are timed too. Both are measured in the same run, so the ratio holds on a
loaded machine even when the absolute figures do not.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.bench_parse import corpus  # noqa: E402
from parsers.records.normalise import normalise  # noqa: E402


def damaged(text: str) -> str:
    text = re.sub(r"(\d+)\.(\d)", r"\1. \2", text)
    text = re.sub(r"(\d+)(亿元)", r"**\2", text, count=3)
    return "".join(
        char + ("(qū)" if index % 5 == 0 and "\u4e00" <= char <= "\u9fff" else "")
        for index, char in enumerate(text)
    )


def timed(work, items: list[str]) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    for item in items:
        work(item)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=300)
    args = parser.parse_args()
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    distinct = corpus()
    clean = [distinct[i % len(distinct)] for i in range(args.reports)]
    broken = [damaged(text) for text in clean]
    normalise(broken[0])
    figures = {"reports": len(clean), "characters": sum(map(len, clean))}
    for label, texts in (("clean", clean), ("damaged", broken)):
        repair = timed(normalise, texts)
        segment = timed(jieba.lcut, texts)
        figures[f"{label}_normalise_s"] = round(repair, 3)
        figures[f"{label}_jieba_s"] = round(segment, 3)
        figures[f"{label}_normalise_vs_jieba_time_ratio"] = round(repair / segment, 3)
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
