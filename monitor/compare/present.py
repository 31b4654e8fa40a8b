"""How a change item reads: Chinese labels, amounts as written, the change in % or points, and the
clause a figure came from with the number picked out. Shared by the digest templates, the zone page
and the `diff` / `compare` tables, so an item reads the same everywhere: one vocabulary (LABELS),
nothing called 取消 (cancelled) that a report only stopped mentioning, a verdict and the re-set of
the same target told as one story, and a judged match saying what it judged.
"""

from __future__ import annotations

import re
from typing import Any

from monitor.compare.matching import find_number
from monitor.compare.units import is_percent, quantity, to_base
from monitor.compare.verdicts import reason_text

LABELS = {
    "new": "新增",
    "changed": "调整",
    "unchanged": "未变",
    "dropped": "未再提及",
    "met": "完成",
    "missed": "未完成",
    "unclear": "无法判断",
    "progress": "进度",
    "possible": "可能对应",
    "gap": "缺年",
    "no_targets": "无量化目标",
    "unread_targets": "未能识别目标",
}
NOTES = ("gap", "no_targets", "unread_targets")
# Every kind a reader is told of, in reading order (notes first); `unchanged` is never shown.
SHOWN = (*NOTES, "new", "changed", "dropped", "met", "missed", "unclear", "progress", "possible")
VERDICTS = ("met", "missed", "unclear", "progress")
# The side of an item that dates it: the year a verdict judges, the year a new target is set for.
JUDGED = ("dropped", "met", "missed", "unclear", "progress", "possible")
ARROWS = {"up": " ↑", "down": " ↓"}
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
    """The one line of a note about a pair of reports (gap, no_targets, unread_targets)."""
    if item["change"] == "gap":
        years = "、".join(str(y) for y in missing_years(item))
        first = (item.get("previous") or {}).get("report_year")
        last = (item.get("current") or {}).get("report_year")
        return f"缺少{years}年的工作报告：本次比较{first}年与{last}年的报告，不判断目标完成情况。"
    unrepeated = (item.get("previous") or {}).get("value")
    if item["change"] == "unread_targets":
        passage = (item.get("current") or {}).get("text") or ""
        line = f"新报告有目标表述（“{passage}”），但未能识别出量化目标，请查看原文"
        return line + (f"；上一份报告的{unrepeated}项目标暂不逐条列为未再提及。" if unrepeated else "。")
    if unrepeated:
        return f"新报告未提出量化目标，上一份报告的{unrepeated}项目标不逐条列为未再提及。"
    return "新报告未提出量化目标。"


def match_note(item: dict[str, Any]) -> str | None:
    """What judgment pairing the two sides took, in Chinese ("按同一指标比较：研发经费投入强度 ≈
    研发投入占GDP比重"; a table row's completion figure; "单位换算：万人 → 人"); for 可能对应, why it is
    not judged. None when the two sides name the indicator alike."""
    from monitor.compare.diff import match_basis

    before, after = item.get("previous") or {}, item.get("current") or {}
    if item["change"] == "possible":
        return f"名称不完全一致（{before.get('metric')} ／ {after.get('metric')}），可能是同一指标，未作比较"
    found = item.get("match") if "match" in item else match_basis(before, after)
    if not found:
        return None
    notes = []
    if {"synonym", "renamed"} & set(found["basis"]):
        notes.append(f"按同一指标比较：{before.get('metric')} ≈ {after.get('metric')}")
    if "row" in found["basis"]:
        notes.append(
            f"按同一指标比较：{before.get('metric')} ≈ {after.get('metric')}"
            f"（名称不同：表中该行的完成数同为 {amount(after)}）"
        )
    if "unit" in found["basis"]:
        notes.append(f"单位换算：{before.get('unit')} → {after.get('unit')}")
    return "；".join(notes) or None


def reason(item: dict[str, Any]) -> str | None:
    """Why an `unclear` item gives no verdict, in Chinese."""
    if item["change"] != "unclear":
        return None
    return reason_text(item.get("previous"), item.get("current")) or "实际数无法判断是否达到目标"


def _identity(side: dict[str, Any] | None) -> tuple[Any, ...] | None:
    if not side:
        return None
    return tuple(
        side.get(k) for k in ("metric", "value", "unit", "year", "comparator", "text", "report_year")
    )


def stories(views: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One item per target: a verdict on a target that the newer report also sets again carries
    that `changed`/`unchanged` item as its `reset` (shown on one line: "2023年目标 8%，实际 7.6%，
    未完成；2024年目标下调为 6%"), and the re-set is not listed apart. Other items pass unchanged."""
    resets = {}
    for view in views:
        if view["change"] in ("changed", "unchanged") and _identity(view.get("previous")):
            resets.setdefault((view.get("zone"), _identity(view.get("previous"))), view)
    used: set[int] = set()
    told = []
    for view in views:
        key = (view.get("zone"), _identity(view.get("previous")))
        reset = resets.get(key) if view["change"] in VERDICTS else None
        if reset is not None and id(reset) not in used:
            used.add(id(reset))
            view = {**view, "reset": reset}
        told.append(view)
    return [view for view in told if id(view) not in used]


def reset_text(item: dict[str, Any]) -> str:
    """The re-set half of a story: "2024年目标下调为 6%（-2个百分点）", "2024年目标仍为 7%"."""
    reset = item["reset"]
    after = reset.get("current") or {}
    year = after.get("year") or reset.get("year")
    when = f"{year}年" if year else "新"
    if reset["change"] == "unchanged":
        return f"{when}目标仍为 {amount(after, reset.get('unit') or '')}"
    verb = {"up": "上调为", "down": "下调为"}.get(reset.get("direction") or "", "调整为")
    moved = delta(reset.get("previous"), after)
    return f"{when}目标{verb} {amount(after, reset.get('unit') or '')}" + (f"（{moved}）" if moved else "")


def item_year(item: dict[str, Any]) -> int | None:
    """The year an item is about: the year a verdict judges (or a dropped target was set for), the
    year a new or changed target is set for."""
    side = (item.get("previous") if item["change"] in JUDGED else item.get("current")) or {}
    return side.get("year")


def item_text(item: dict[str, Any]) -> str:
    """One item as a line of plain text: "调整 GDP增长：7% → 7.5%（+0.5个百分点）"."""
    change = item["change"]
    label = LABELS.get(change, change)
    if change in NOTES:
        return f"{label}：{note_text(item)}"
    before, after = item.get("previous"), item.get("current")
    unit = item.get("unit") or ""
    year = item_year(item)
    when = f"（{year}年）" if year else ""
    if change in ("changed", "unchanged"):
        arrow = ARROWS.get(item.get("direction") or "", "")
        body = f"{amount(before, unit)} → {amount(after, unit)}{arrow}"
        moved = delta(before, after)
        body += f"（{moved}）" if moved and change == "changed" else ""
    elif change == "new":
        body = amount(after, unit)
    elif change == "dropped":
        body = f"原目标 {amount(before, unit)}"
    elif change == "possible":
        body = f"{amount(before, unit)} ／ {amount(after, unit)}"
    else:
        body = f"目标 {amount(before, unit)}，实际 {amount(after, unit)}"
        gap = delta(before, after)
        body += f"（{gap}）" if gap else ""
        if item.get("reset"):
            body = f"{year}年{body}，{label}；{reset_text(item)}" if year else f"{body}；{reset_text(item)}"
            when = ""
    line = f"{label} {item['metric']}：{body}{when}"
    extra = [text for text in (reason(item), match_note(item)) if text]
    return line + "".join(f"〔{text}〕" for text in extra)


TABLE_COLUMNS = ("类别", "指标", "年份", "旧", "新", "变化", "说明")
NO_CHANGES = "（没有变化）"


def table_row(item: dict[str, Any]) -> list[str | int | None]:
    """One item as a row of TABLE_COLUMNS, what item_text says in one line spread over columns:
    a verdict's 旧/新 are its target and actual, a note has only its 说明. None is an empty cell."""
    change = item["change"]
    label = LABELS.get(change, change)
    if change in NOTES:
        return [label, None, None, None, None, None, note_text(item)]
    before, after = item.get("previous"), item.get("current")
    unit = item.get("unit") or ""
    old: str | None = amount(before, unit)
    new: str | None = amount(after, unit)
    moved = delta(before, after)
    notes = []
    if change in ("changed", "unchanged"):
        new = f"{new}{ARROWS.get(item.get('direction') or '', '')}"
        moved = moved if change == "changed" else None
    elif change == "new":
        old = None
    elif change == "dropped":
        new, moved = None, None
    elif change == "possible":
        moved = None
    else:  # a verdict: the older target against the year's actual, and the re-set of the target
        old, new = f"目标 {old}", f"实际 {new}"
        if item.get("reset"):
            notes.append(reset_text(item))
    notes += [text for text in (reason(item), match_note(item)) if text]
    return [label, item["metric"], item_year(item), old, new, moved, "；".join(notes) or None]


def table_rows(items: list[Any]) -> list[list[str | int | None]]:
    """The rows (TABLE_COLUMNS) of `zonewatch diff --zone` and `zonewatch compare`: notes first,
    then by kind, a verdict and the re-set of its target on one row."""
    order = {kind: index for index, kind in enumerate(LABELS)}
    views = stories([item.as_json() if hasattr(item, "as_json") else item for item in items])
    views.sort(key=lambda v: (v["change"] not in NOTES, order.get(v["change"], 99)))
    return [table_row(view) for view in views]
