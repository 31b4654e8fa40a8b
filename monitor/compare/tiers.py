"""Two tiers of one target: "确保增长9%、力争增长12%" is one target with a floor and a stretch goal.

Extraction gives one record per number; the diff must not take them for two targets (one would
always be unmatched and show as new or dropped), nor show one tier as a change of the other.
"""

from __future__ import annotations

import re
from typing import Any

from monitor.compare.matching import find_number, indicator_key
from monitor.compare.units import to_base

# The commitment a number is given under, nearest before it in its clause; the floor tier first.
TIER_CUES = re.compile(r"确保|保底|力争|争取|努力|冲刺")
FLOOR_TIERS = ("确保", "保底")


def tier_of(record: dict[str, Any]) -> str | None:
    """The nearest tier cue before the record's number in its clause, or None."""
    text = record.get("text") or ""
    if record.get("value") is None:
        return None
    at = find_number(text, record["value"])
    head = text[:at] if at >= 0 else text
    cues = TIER_CUES.findall(head)
    return cues[-1] if cues else None


def merge_tiers(targets: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Fold records that are tiers of one target (same indicator and year, each under its own cue) into one record.

    The merged record is the floor tier's (确保) with `tiers`: [{"label": "确保", "value": 9},
    {"label": "力争", "value": 12}], lowest first; records without a sibling come back unchanged.
    """
    groups: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    order: list[tuple[Any, ...]] = []
    for index, record in enumerate(targets):
        tier = tier_of(record)
        if tier is None:
            key: tuple[Any, ...] = ("single", index)
        else:
            key = (indicator_key(record["metric"], record.get("unit") or ""), record.get("year"))
        if key not in groups:
            order.append(key)
        groups.setdefault(key, []).append(record)
    merged = []
    for key in order:
        group = groups[key]
        tiers = {tier_of(r): r for r in group}
        if len(group) < 2 or len(tiers) < 2:
            merged.extend(group)
            continue
        ranked = sorted(group, key=lambda r: to_base(float(r["value"]), r.get("unit")))
        floor = next((r for r in ranked if tier_of(r) in FLOOR_TIERS), ranked[0])
        merged.append(
            {
                **floor,
                "tiers": [{"label": tier_of(r), "value": r["value"], "unit": r.get("unit")} for r in ranked],
            }
        )
    return merged
