"""How a change item reads: Chinese labels, amounts as written, the change in % or points, and the
clause a figure came from with the number picked out. Shared by the digest templates and the
`diff` / `compare` tables, so an item reads the same everywhere.
"""

from __future__ import annotations

import re
from typing import Any

from monitor.compare.matching import find_number
from monitor.compare.units import is_percent, quantity, to_base

LABELS = {
    "new": "新增",
    "changed": "调整",
    "unchanged": "未变",
    "dropped": "未再提及",
    "met": "完成",
    "missed": "未完成",
    "unclear": "无法判断",
    "progress": "进度",
    "gap": "缺年",
    "no_targets": "无量化目标",
}
COMPARATORS = {"=": "", ">=": "≥", "<=": "≤", "~": "约"}
CLAUSE_BREAK = re.compile(r"[，,；;。：:！？\n]")


def number_text(value: float | int) -> str:
    """40.0 → "40", 59.1 → "59.1": the number as a report writes it."""
    return f"{float(value):g}"


def amount(side: dict[str, Any] | None, unit: str = "") -> str:
    """A side of an item as written: comparator, number and its own unit ("≥50%", "30个亿").

    Tiers of one target read "确保9%／力争12%". `unit` is the item's unit, used when the side has none.
    """
    if not side or side.get("value") is None:
        return "—"
    own = side.get("unit") or unit
    tiers = side.get("tiers")
    if tiers:
        return "／".join(f"{t['label']}{number_text(t['value'])}{t.get('unit') or own}" for t in tiers)
    sign = COMPARATORS.get(side.get("comparator") or "=", "")
    return f"{sign}{number_text(side['value'])}{own}"


def delta(previous: dict[str, Any] | None, current: dict[str, Any] | None) -> str | None:
    """The change from `previous` to `current`: points for rates and shares ("+0.5个百分点"), per cent
    of the earlier amount otherwise ("+12.5%"); None when either side has no value, the units
    measure different things, or the earlier amount is 0; "持平" when they are equal."""
    if not previous or not current or previous.get("value") is None or current.get("value") is None:
        return None
    old_unit, new_unit = previous.get("unit") or "", current.get("unit") or ""
    if quantity(old_unit) != quantity(new_unit):
        return None
    old, new = to_base(previous["value"], old_unit), to_base(current["value"], new_unit)
    if old == new and previous.get("tiers") and current.get("tiers"):
        # The floor tier held: the change is in the stretch tier (力争12% → 力争10%).
        old = to_base(previous["tiers"][-1]["value"], old_unit)
        new = to_base(current["tiers"][-1]["value"], new_unit)
    if abs(new - old) < 1e-9 * max(abs(old), 1.0):
        return "持平"
    if is_percent(new_unit):
        return f"{new - old:+.1f}个百分点".replace(".0个", "个")
    if old == 0:
        return None
    return f"{(new - old) / abs(old) * 100:+.1f}%"


def quote(text: str | None, value: float | int | None, limit: int = 60) -> dict[str, str] | None:
    """The clause of `text` that holds the number, split around it: {"before", "number", "after"}.

    Several records come from one long sentence; each item quotes only its own clause. A number not
    found in the text gives the text's start (at most `limit` characters) with no number.
    """
    if not text:
        return None
    number = number_text(value) if value is not None else ""
    at = find_number(text, value)
    if at < 0:
        short = text if len(text) <= limit else text[:limit] + "…"
        return {"before": short, "number": "", "after": ""}
    starts = [m.end() for m in CLAUSE_BREAK.finditer(text, 0, at)]
    start = starts[-1] if starts else 0
    end_match = CLAUSE_BREAK.search(text, at + len(number))
    end = end_match.start() if end_match else len(text)
    before = text[start:at]
    after = text[at + len(number) : end]
    # A list of figures ("企业40家、科技型中小企业130家") is cut at the 、 next to another number, so
    # each item quotes its own part; "瞪羚、雏鹰企业…67%" keeps its list of names whole.
    cut = max(
        (m.start() for m in re.finditer("、", before) if re.search(r"\d", before[: m.start()])), default=-1
    )
    before = before[cut + 1 :]
    cut_after = next(
        (m.start() for m in re.finditer("、", after) if re.search(r"\d", after[m.start() :])), None
    )
    after = after[:cut_after] if cut_after is not None else after
    if len(before) > limit:
        before = "…" + before[-limit:]
    if len(after) > limit:
        after = after[:limit] + "…"
    return {"before": before.lstrip(), "number": number, "after": after.rstrip()}


def missing_years(item: dict[str, Any]) -> list[int]:
    """The plan years with no report between the two reports of a `gap` note."""
    first = (item.get("previous") or {}).get("report_year")
    last = (item.get("current") or {}).get("report_year")
    if first is None or last is None:
        return []
    return list(range(int(first) + 1, int(last)))


def note_text(item: dict[str, Any]) -> str:
    """The one line of a note about a pair of reports (gap, no_targets)."""
    if item["change"] == "gap":
        years = "、".join(str(y) for y in missing_years(item))
        first = (item.get("previous") or {}).get("report_year")
        last = (item.get("current") or {}).get("report_year")
        return f"缺少{years}年的工作报告：本次比较{first}年与{last}年的报告，不判断目标完成情况。"
    unrepeated = (item.get("previous") or {}).get("value")
    if unrepeated:
        return f"新报告未提出量化目标，上一份报告的{unrepeated}项目标不逐条列为未再提及。"
    return "新报告未提出量化目标。"


def item_text(item: dict[str, Any]) -> str:
    """One item as a line of plain text: "调整 GDP增长：7% → 7.5%（+0.5个百分点）"."""
    change = item["change"]
    label = LABELS.get(change, change)
    if change in ("gap", "no_targets"):
        return f"{label}：{note_text(item)}"
    before, after = item.get("previous"), item.get("current")
    unit = item.get("unit") or ""
    if change in ("changed", "unchanged"):
        arrow = {"up": " ↑", "down": " ↓"}.get(item.get("direction") or "", "")
        body = f"{amount(before, unit)} → {amount(after, unit)}{arrow}"
        moved = delta(before, after)
        body += f"（{moved}）" if moved and change == "changed" else ""
    elif change == "new":
        body = amount(after, unit)
    elif change == "dropped":
        body = f"原目标 {amount(before, unit)}"
    else:
        body = f"目标 {amount(before, unit)}，实际 {amount(after, unit)}"
        gap = delta(before, after)
        body += f"（{gap}）" if gap else ""
    year = (after if change not in ("dropped", "met", "missed", "unclear", "progress") else before) or {}
    when = f"（{year['year']}年）" if year.get("year") else ""
    return f"{label} {item['metric']}：{body}{when}"


def table_lines(items: list[Any]) -> list[str]:
    """Plain-text lines for `zonewatch diff` and `zonewatch compare`, notes first, then by kind."""
    order = {kind: index for index, kind in enumerate(LABELS)}
    views = [item.as_json() if hasattr(item, "as_json") else item for item in items]
    views.sort(key=lambda v: (v["change"] not in ("gap", "no_targets"), order.get(v["change"], 99)))
    return [item_text(view) for view in views] or ["（没有变化）"]
