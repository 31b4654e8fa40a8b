"""Extraction's cost against bare jieba segmentation of the same text (issue 18 point 8).

Times are CPU time of this process (time.process_time), so load from other processes on a shared
machine falls on neither side; each comparison takes the best of a few rounds on both sides.
"""

from __future__ import annotations

import importlib.util
import logging
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import jieba

from parsers.metadata import describe
from parsers.records import extract_records
from parsers.records.finder import find_quantities
from parsers.records.lists import coordinated

jieba.setLogLevel(logging.WARNING)
BENCH = Path(__file__).resolve().parents[3] / "benchmarks" / "bench_parse.py"

CITIES = [
    "苏州",
    "广州",
    "天津",
    "北京",
    "昆山",
    "江宁",
    "青岛",
    "烟台",
    "南京",
    "杭州",
    "合肥",
    "芜湖",
    "武汉",
    "西安",
    "长沙",
    "成都",
    "沈阳",
    "大连",
    "宁波",
    "哈尔滨",
    "徐州",
    "长春",
    "郑州",
    "北辰",
    "嘉兴",
    "廊坊",
    "石家庄",
    "太原",
    "南昌",
    "贵阳",
    "昆明",
    "兰州",
    "银川",
    "西宁",
    "福州",
    "厦门",
    "济南",
    "南宁",
    "海口",
    "重庆",
]


def best_cpu(function: Callable[[], object], rounds: int = 5) -> float:
    """The least CPU time of `rounds` calls of `function`."""
    best = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        function()
        best = min(best, time.process_time() - start)
    return best


def test_a_long_list_of_places_is_read_in_about_the_time_jieba_takes() -> None:
    # A ranking page lists dozens of zones in one clause; 都 of 成都 looks like the distributive 均/都
    # after a list, and the list pattern used to re-split the clause at every 、 from every start.
    sentence = "综合发展水平前40名名单依次为" + "、".join(f"{city}经济技术开发区" for city in CITIES * 2)
    assert "成都" in sentence and len(sentence) > 600
    jieba.lcut(sentence)
    found, _, _ = coordinated(sentence)
    assert found == []
    ours = best_cpu(lambda: coordinated(sentence))
    baseline = best_cpu(lambda: jieba.lcut(sentence))
    assert ours < baseline, f"coordinated {ours * 1000:.1f} ms, jieba.lcut {baseline * 1000:.1f} ms"


def test_a_count_after_a_long_clause_is_read_in_about_the_time_jieba_takes() -> None:
    # Whether a count counts the items listed right before it ("A、B、C三大产业") was a search for a
    # list anchored at the clause's end, retried from every start of a clause without one.
    sentence = "园区" + "围绕主导产业持续推进产业链招商和创新平台建设" * 40 + "新增企业3家"
    jieba.lcut(sentence)
    assert [value for _, value in find_quantities(sentence, [])] == [3]
    ours = best_cpu(lambda: find_quantities(sentence, []))
    baseline = best_cpu(lambda: jieba.lcut(sentence))
    assert ours < baseline, f"find_quantities {ours * 1000:.1f} ms, jieba.lcut {baseline * 1000:.1f} ms"


def _bench() -> ModuleType:
    """benchmarks/bench_parse.py as a module, for its corpus (seeds, real excerpts, mirror reports)."""
    spec = importlib.util.spec_from_file_location("zonewatch_bench_parse", BENCH)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_extraction_costs_no_more_cpu_than_bare_jieba_over_the_same_reports() -> None:
    # Issue 18 point 8, measured as benchmarks/bench_parse.py does: the same texts, report by report,
    # whole extraction (normalising, tables, posseg, names, kinds) against jieba.lcut of the text,
    # both warm. Each side's best of three passes, so a pause on a loaded machine counts for neither.
    texts = _bench().corpus()
    years = {}
    for text in texts:
        meta = describe(text)
        years[text] = (meta.review_year, meta.plan_year)
    jieba.initialize()
    for text in texts:
        extract_records(text, review_year=years[text][0], plan_year=years[text][1])
        jieba.lcut(text)
    ours = baseline = float("inf")
    for _ in range(3):
        extract_s = jieba_s = 0.0
        for text in texts:
            start = time.process_time()
            extract_records(text, review_year=years[text][0], plan_year=years[text][1])
            middle = time.process_time()
            jieba.lcut(text)
            extract_s += middle - start
            jieba_s += time.process_time() - middle
        ours, baseline = min(ours, extract_s), min(baseline, jieba_s)
    assert ours <= baseline, (
        f"extract_records {ours:.3f} s, jieba.lcut {baseline:.3f} s (CPU), ratio {ours / baseline:.2f}"
    )
