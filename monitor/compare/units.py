"""Units of one quantity (个亿 = 亿 = 亿元, 万元 ↔ 亿元, 万平方米 ↔ 平方米), read from units.yaml.

Records keep their unit as written; these helpers only say whether two units measure the same
quantity and convert amounts to the quantity's base unit for comparing them.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

UNITS_FILE = Path(__file__).with_name("units.yaml")


@cache
def _table() -> dict[str, tuple[str, float]]:
    """unit as written → (quantity, factor to the quantity's base unit)."""
    table: dict[str, tuple[str, float]] = {}
    for quantity, units in yaml.safe_load(UNITS_FILE.read_text(encoding="utf-8")).items():
        for unit, factor in units.items():
            table[str(unit)] = (str(quantity), float(factor))
    return table


def quantity(unit: str | None) -> str:
    """The quantity a unit measures ('人民币' for 亿元 and 个亿); an unlisted unit is its own quantity."""
    unit = (unit or "").strip()
    return _table().get(unit, (unit, 1.0))[0]


def to_base(value: float, unit: str | None) -> float:
    """`value` in its quantity's base unit (6亿元 → 6e8); unlisted units are returned unchanged."""
    unit = (unit or "").strip()
    return float(value) * _table().get(unit, (unit, 1.0))[1]


def is_percent(unit: str | None) -> bool:
    """True for % and 个百分点: their changes are told in points, not in per cent of per cent."""
    return quantity(unit) in ("百分比", "百分点")
