"""A completion table's row as evidence that a target and an actual are one indicator.

Plan-execution reports give the year's targets as a table (指标 | 2024年建议目标 | 2024年实际完成情况),
and the review paragraph above it reports the same results in words. One fact is one record
(../shared/spec/targets.md), so the completion figure of a row is often recorded only once, from the
paragraph, under the paragraph's name: the row "全区 | 350亿元以上 | 414.8亿元" and the sentence
"实现含特别合作区(园)投资414.8亿元". Their names share nothing, but the row itself states the figure:
an actual reported with exactly that number and unit, of a compatible indicator, is the row's
completion. Such a verdict is a judgment, and the item says so (`row` in its match basis).
"""

from __future__ import annotations

import re
from typing import Any

from monitor.compare.matching import find_number, indicator_key

CELL = re.compile(r"[|｜]")


def is_row(text: str | None) -> bool:
    """Whether a record's text is a table row (cells joined by |, as flattened tables are stored)."""
    return bool(text) and bool(CELL.search(text or ""))


def states_completion(row: str, target: dict[str, Any], actual: dict[str, Any]) -> bool:
    """Whether `row` holds the target's number and, in a cell after it, the actual's figure as written
    (its number followed by its unit): "350亿元以上 | 414.8亿元" for 350 and 414.8亿元.

    A figure in a cell before the target's is another column (last year's completion), not this one.
    """
    unit = (actual.get("unit") or "").strip()
    if not is_row(row) or not unit or actual.get("value") is None:
        return False
    at = find_number(row, target.get("value"))
    if at < 0:
        return False
    cell = CELL.search(row, at)
    if cell is None:
        return False
    later = row[cell.end() :]
    where = find_number(later, actual["value"])
    if where < 0:
        return False
    written = f"{float(actual['value']):g}"
    return later[where + len(written) :].lstrip().startswith(unit)


def row_tie(target: dict[str, Any], actual: dict[str, Any], rows: list[str]) -> str | None:
    """The row (one of `rows`: the target's own text, or that of its quoted twin in the newer report)
    that states `actual` as the target's completion, when the two are compatible indicators (same
    quantity, scope, growth/share/stock qualifiers); else None."""
    key_t = indicator_key(target.get("metric") or "", target.get("unit") or "")
    key_a = indicator_key(actual.get("metric") or "", actual.get("unit") or "")
    if not key_t.compatible(key_a):
        return None
    return next((row for row in rows if states_completion(row, target, actual)), None)
