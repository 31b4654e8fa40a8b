"""Targets a report quotes while reviewing the year ("完成全年目标任务(450家)的62%",
"比省定目标(-3%)低4.1个百分点"): the year's targets, stated inside the review.

Extraction may give such a number as an actual, or not give the quoted target at all; the diff
reads them from the clauses here, so the number is judged as a target and never taken for what
the zone achieved.
"""

from __future__ import annotations

import re
from typing import Any

from monitor.compare.matching import find_number

# The number sits right after 目标/任务 (and an opening bracket): "目标任务(450家)", "年度目标为450家".
TARGET_BEFORE = re.compile(r"(目标|任务)(任务)?(为|是)?\s*[（(]?\s*$")
# An actual told against a quoted target in per cent: "单位GDP能耗增长比省定目标(-3%)低4.1个百分点".
RELATIVE = re.compile(
    r"(?P<metric>[^，。；,;]{2,24}?)比(?P<whose>[^，。；,;（(]{0,8})目标\s*[（(]\s*"
    r"(?P<value>[-+−]?\d+(?:\.\d+)?)\s*(?P<unit>%|％)\s*[）)]\s*(?P<side>高|低)"
)


def quotes_a_target(record: dict[str, Any]) -> bool:
    """Whether a record's number is a target quoted in its clause ("目标任务(450家)"), not an actual."""
    text = record.get("text") or ""
    at = find_number(text, record.get("value"))
    return at >= 0 and bool(TARGET_BEFORE.search(text[:at]))


def quoted_targets(records: list[dict[str, Any]], year: int) -> list[dict[str, Any]]:
    """Targets of `year` read from the clauses of its actuals: numbers quoted as the target, and the
    target of an actual told relative to it (比…目标(-3%)低…), each a target record of `year`."""
    found: list[dict[str, Any]] = []
    seen_texts: set[str] = set()
    for record in records:
        if record.get("kind") != "actual" or record.get("value") is None:
            continue
        if quotes_a_target(record):
            found.append(
                {**record, "kind": "target", "year": year, "comparator": record.get("comparator") or "="}
            )
        text = record.get("text") or ""
        relative = RELATIVE.search(text)
        if relative and text not in seen_texts:
            seen_texts.add(text)
            found.append(
                {
                    "metric": relative.group("metric").strip(),
                    "value": float(relative.group("value").replace("−", "-")),
                    "unit": relative.group("unit"),
                    "year": year,
                    "kind": "target",
                    "comparator": "=",
                    "text": text,
                }
            )
    return found
