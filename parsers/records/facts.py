"""The one-record-per-fact pass: a figure restated in a headline, a lead and the body is one record.

A headline (a short paragraph without a full stop, such as a title or a breadcrumb) that restates a
figure the body gives too loses its copy; the body clause is the record. Records identical in every
field are one record.
"""

from __future__ import annotations

from typing import Any

from parsers.records.chunks import short_forms

# Two metrics name the same thing when this share of the shorter one's characters is in the other.
SAME_METRIC = 0.5


def _chars(metric: str) -> set[str]:
    for short, full in short_forms().items():
        metric = metric.replace(short, full)
    return {char for char in metric if not char.isspace()}


def same_metric(a: str, b: str) -> bool:
    """Whether two metrics plausibly name one indicator (character overlap of the shorter one)."""
    left, right = _chars(a), _chars(b)
    if not left or not right:
        return False
    return len(left & right) / min(len(left), len(right)) >= SAME_METRIC


def one_per_fact(records: list[dict[str, Any]], headline: list[bool]) -> list[dict[str, Any]]:
    """`records` in order without restatements; `headline[i]` says record i came from a headline.

    A headline or lead that states the same figures as a later clause, in the same order (two at
    least: "确保9%，力争12%" over the body's "确保增长9%，力争增长12%"), is dropped for the later
    one; of two records of one figure whose names are one inside the other, the fuller name stays.
    """
    restated_clauses = _restated_clauses(records)
    keep: list[dict[str, Any]] = []
    seen: dict[tuple[Any, ...], dict[str, Any]] = {}
    # Where each (value, unit) stands in `keep` and later in `records`: restatements share both.
    kept_at: dict[tuple[Any, Any], list[int]] = {}
    body_at: dict[tuple[Any, Any], list[int]] = {}
    for index, record in enumerate(records):
        if not headline[index]:
            body_at.setdefault((record["value"], record["unit"]), []).append(index)
    for index, record in enumerate(records):
        if record["text"] in restated_clauses:
            continue
        figure = (record["value"], record["unit"])
        key = (record["metric"], record["value"], record["unit"], record["kind"], record["year"])
        if key in seen:
            if record["value"] is not None and not headline[index]:
                seen[key]["text"] = record["text"]  # a lead, then the body: the body's clause
            continue
        if headline[index] and record["value"] is not None:
            later = [records[i] for i in body_at.get(figure, []) if i > index]
            if any(same_metric(other["metric"], record["metric"]) for other in later):
                continue
            if _rounded(record, [r for i, r in enumerate(records) if i > index and not headline[i]]):
                continue
        candidates = kept_at.get(figure, []) if record["value"] is not None else []
        restated = next((i for i in candidates if _restates(record, keep[i])), None)
        if restated is not None:
            if len(record["metric"]) > len(keep[restated]["metric"]):
                # "增长预计超20%" then "地区生产总值同比增长预计超20%": the fuller name, in its clause.
                keep[restated] = record
                seen[key] = record
            continue
        seen[key] = record
        kept_at.setdefault(figure, []).append(len(keep))
        keep.append(record)
    return keep


# How far a headline's round figure may stand from the exact body figure it restates.
ROUNDING = 0.15


def _rounded(record: dict[str, Any], body: list[dict[str, Any]]) -> bool:
    """A headline's floor or approximation ("超300亿元", "近200亿") that a body figure of the same
    measure states exactly (312亿元, 196.5亿元): the body's is the record (targets.md, one record
    per fact)."""
    value = record["value"]
    if record["comparator"] not in (">=", "~") or not isinstance(value, int | float) or value <= 0:
        return False
    unit = record["unit"].removesuffix("元")
    for other in body:
        exact = other["value"]
        if not isinstance(exact, int | float) or other["unit"].removesuffix("元") != unit:
            continue
        if not same_metric(other["metric"], record["metric"]) or other["kind"] != record["kind"]:
            continue
        near = abs(exact - value) <= ROUNDING * value
        if near and (record["comparator"] == "~" or exact >= value):
            return True
    return False


def _restates(record: dict[str, Any], earlier: dict[str, Any]) -> bool:
    """The same figure again with one name inside the other ("共落地项目247个" after "长沙经开区共落地项目247个")."""
    if record["value"] is None or (record["value"], record["unit"]) != (earlier["value"], earlier["unit"]):
        return False
    if (record["kind"], record["year"]) != (earlier["kind"], earlier["year"]) or record["text"] == earlier[
        "text"
    ]:
        return False
    a, b = record["metric"], earlier["metric"]
    return bool(a and b) and (a in b or b in a)


def _figures(records: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [(r["value"], r["unit"], r["kind"], r["year"]) for r in records if r["value"] is not None]


def _restated_clauses(records: list[dict[str, Any]]) -> set[str]:
    """Clauses whose figures (two or more) a later clause states again, in the same order."""
    clauses: dict[str, list[dict[str, Any]]] = {}
    for record in records:
        clauses.setdefault(record["text"], []).append(record)
    order = list(clauses)
    restated = set()
    for position, text in enumerate(order):
        figures = _figures(clauses[text])
        if len(figures) < 2:
            continue
        for later in order[position + 1 :]:
            if _in_order(figures, _figures(clauses[later])):
                restated.add(text)
                break
    return restated


def _in_order(figures: list[tuple[Any, ...]], others: list[tuple[Any, ...]]) -> bool:
    """Every figure of `figures` appears in `others`, in the same order."""
    rest = iter(others)
    return all(any(figure == other for other in rest) for figure in figures)
