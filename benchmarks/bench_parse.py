"""Throughput of target-record extraction, side by side with bare jieba segmentation.

Run by hand: `.venv/bin/python benchmarks/bench_parse.py [--reports 300]`.

The corpus is the seed reports and the real excerpts (../shared/seeds and ../shared/eval/real/docs,
when present) and the demo mirror's annual reports,
replicated round-robin up to --reports texts. Report/plan years come from parsers.metadata once per
distinct text, outside the timed loop, so the figure is the extractor's own cost. jieba and the
extractor's tokenizer are both warmed before timing: their dictionary load (about a second) is a
one-off per process, not a per-report cost.

The two are timed report by report, one after the other (extract, then jieba.lcut on the same text),
in CPU time of this process, so that load from other processes on a shared machine falls on neither;
each of --rounds passes gives a ratio and the median is the figure. The extractor remembers words only within one document
(parsers.records.chunks.forget), so the repeated reports cost what they cost the first time.
"""

from __future__ import annotations

import argparse
import gc
import json
import resource
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from parsers.metadata import describe  # noqa: E402
from parsers.records import extract_records  # noqa: E402


def corpus() -> list[str]:
    texts: list[str] = []
    seeds = ROOT.parent / "shared" / "seeds"
    if seeds.is_dir():
        texts += [path.read_text(encoding="utf-8") for path in sorted(seeds.glob("*.txt"))]
    real = ROOT.parent / "shared" / "eval" / "real" / "docs"
    if real.is_dir():
        texts += [path.read_text(encoding="utf-8") for path in sorted(real.glob("*.txt"))]
    try:
        from mirror.content import load_zones

        for zone in load_zones():
            for item in zone.items:
                if item.kind == "report":
                    texts.append(item.title + "\n" + "\n".join(item.paragraphs))
    except ImportError:
        pass
    if not texts:
        sys.exit("no report texts found (../shared/seeds and mirror/ are both absent)")
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    distinct = corpus()
    years = {}
    for text in distinct:
        meta = describe(text)
        years[text] = (meta.review_year, meta.plan_year)
    texts = [distinct[i % len(distinct)] for i in range(args.reports)]
    chars = sum(len(t) for t in texts)

    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    extract_records(distinct[0], review_year=years[distinct[0]][0], plan_year=years[distinct[0]][1])

    print(f"{len(texts)} reports ({len(distinct)} distinct), {chars:,} characters")
    records = 0

    def run_extract(text: str) -> None:
        nonlocal records
        review, plan = years[text]
        records += len(extract_records(text, review_year=review, plan_year=plan))

    rounds = []
    for round_number in range(args.rounds):
        gc.collect()
        extract_s = jieba_s = 0.0
        for text in texts:
            start = time.process_time()
            run_extract(text)
            middle = time.process_time()
            jieba.lcut(text)
            extract_s += middle - start
            jieba_s += time.process_time() - middle
        rounds.append((extract_s / jieba_s, extract_s, jieba_s))
        print(
            f"  round {round_number + 1}: extract_records {extract_s:.2f} s, jieba.lcut {jieba_s:.2f} s (CPU)"
        )
    ratio, extract_s, jieba_s = sorted(rounds)[len(rounds) // 2]
    records //= args.rounds

    tracemalloc.start()
    for text in distinct:
        run_extract(text)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    max_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    figures = {
        "reports": len(texts),
        "characters": chars,
        "records_per_report": round(records / len(texts), 1),
        "extract_reports_per_s": round(len(texts) / extract_s, 1),
        "extract_chars_per_s": round(chars / extract_s),
        "jieba_reports_per_s": round(len(texts) / jieba_s, 1),
        "jieba_chars_per_s": round(chars / jieba_s),
        "extract_vs_jieba_time_ratio": round(ratio, 2),
        "ratio_per_round": [round(r, 2) for r, _, _ in rounds],
        "extract_peak_traced_mb": round(peak / 2**20, 2),
        "process_max_rss_mb": round(max_rss_mb, 1),
    }
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
