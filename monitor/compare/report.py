"""A work report as the diff sees it, detached from the database: its plan and review years, its
records read the way the comparison needs them (targets it sets, targets it quotes about the year
it reviews, that year's actuals), and its text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from monitor.compare.matching import CLAUSE_BREAK, MIN_SCORE, debris, find_number, part_year, similarity
from monitor.compare.quoted import quoted_targets, quotes_a_target
from monitor.compare.tiers import merge_tiers
from monitor.compare.units import to_base
from monitor.compare.verdicts import is_estimate


def _same_fact(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return (
        to_base(float(a["value"]), a.get("unit")) == to_base(float(b["value"]), b.get("unit"))
        and (a.get("comparator") or "=") == (b.get("comparator") or "=")
        and a.get("year") == b.get("year")
        and similarity(a, b) >= MIN_SCORE
    )


def distinct(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Drop restatements within one report (a headline and its body, a summary and its detail
    section say the same number of one indicator, perhaps in other words), which would otherwise
    leave an unmatched twin that shows as new or dropped."""
    kept: list[dict[str, Any]] = []
    for record in records:
        twin = next((i for i, other in enumerate(kept) if _same_fact(record, other)), None)
        if twin is None:
            kept.append(record)
        elif debris(record.get("metric") or "") < debris(kept[twin].get("metric") or ""):
            kept[twin] = record  # the restatement with the cleaner name ("地区生产总值", not "到GDP")
    return kept


def usable(record: dict[str, Any]) -> bool:
    """A record whose metric names something (not "|" or "2|" left from a table's cells) and whose
    value is known: the only kind the diff can match, judge or show."""
    return record.get("value") is not None and bool(NAMED.search(record.get("metric") or ""))


NAMED = re.compile(r"[A-Za-z\u4e00-\u9fff]")


def zone_names(zone: str | None) -> tuple[str, ...]:
    """The names a zone goes by in its own reports: "珠海经开区(金湾区)" → 珠海经开区, 金湾区."""
    parts = re.split(r"[()（）/、]", zone or "")
    return tuple(sorted({p.strip() for p in parts if len(p.strip()) >= 3}, key=len, reverse=True))


def _without_zone(record: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    """The record named without the zone's own name in front ("金湾区地区生产总值增长" is the zone's
    地区生产总值增长): the report is about the zone, so its name says nothing about the indicator."""
    metric = record.get("metric") or ""
    for name in names:
        if metric.startswith(name) and len(metric) > len(name) + 1:
            return {**record, "metric": metric[len(name) :]}
    return record


# From this day (month-day) of a year, a report's figures for that year are its year-end estimates.
YEAR_END = "12-01"
# A commitment before the number: "力争上半年完成全年目标的55%" is a target, even for part of a year.
COMMITMENT = re.compile(r"确保|力争|争取|目标|计划|要|将")


def _as_read(record: dict[str, Any], reviews: int) -> dict[str, Any]:
    """A part-year figure (1—11月…) stated as a fact is an actual of the year under review, whatever
    kind extraction gave it (../shared/spec/targets.md): never a target to list as new or changed."""
    if record.get("kind") != "target" or record.get("value") is None or not part_year(record):
        return record
    text = record.get("text") or ""
    at = find_number(text, record["value"])
    # Only a commitment in the figure's own clause counts: "争取政策支持，1-10月…增长8%" is a fact.
    if COMMITMENT.search(CLAUSE_BREAK.split(text[: at if at >= 0 else len(text)])[-1]):
        return record
    year = record.get("year")
    return {**record, "kind": "actual", "year": year if year is not None and year <= reviews else reviews}


@dataclass
class ReportView:
    """What the diff needs of a report.

    `plan_year` is the year the report plans; `review_year` the year it reviews (default: the one
    before; equal to plan_year for a mid-year article); `text` its clean text, when known (it tells
    a report without numeric targets from one whose targets extraction could not read).
    """

    id: int | None
    zone: str
    plan_year: int
    records: list[dict[str, Any]] = field(default_factory=list)
    title: str | None = None
    url: str | None = None
    published: str | None = None
    review_year: int | None = None
    text: str | None = None

    def __post_init__(self) -> None:
        names = zone_names(self.zone)
        self.records = [_as_read(_without_zone(r, names), self.reviews) for r in self.records if usable(r)]

    @property
    def reviews(self) -> int:
        return self.review_year if self.review_year is not None else self.plan_year - 1

    def all_targets(self) -> list[dict[str, Any]]:
        return distinct([r for r in self.records if r["kind"] == "target" and r.get("value") is not None])

    def targets(self) -> list[dict[str, Any]]:
        """The targets the report sets (plan year, later horizons, or no year), tiers folded."""
        quoted = self.quoted_targets()
        return merge_tiers([r for r in self.all_targets() if r not in quoted])

    def quoted_targets(self) -> list[dict[str, Any]]:
        """Targets of the review year that the report quotes while reviewing it (不是新目标): those
        extracted as targets of that year, and those read from the clauses of its actuals."""
        if self.reviews == self.plan_year:
            return []
        stated = [r for r in self.all_targets() if r.get("year") is not None and r["year"] <= self.reviews]
        return distinct(stated + quoted_targets(self._actual_records(self.reviews), self.reviews))

    def _actual_records(self, year: int) -> list[dict[str, Any]]:
        return [
            r
            for r in self.records
            if r["kind"] == "actual" and r.get("value") is not None and r.get("year") in (year, None)
        ]

    def actuals(self, year: int) -> list[dict[str, Any]]:
        """Actuals of `year`, full-year figures before part-year ones. A figure whose year is not
        stated is no evidence for a verdict, a number that quotes the year's target ("目标任务(450家)")
        is not an actual, and a figure of a year not over when the report came out is an estimate
        at best (`unfinished`)."""
        found = []
        for record in self._actual_records(year):
            if record.get("year") != year or quotes_a_target(record):
                continue
            state = self.unfinished(record)
            if state == "open":
                continue
            found.append({**record, "estimated": True} if state == "estimate" else record)
        return sorted(distinct(found), key=part_year)

    def unfinished(self, record: dict[str, Any]) -> str | None:
        """Whether `record` claims a whole year's result for a year that had not ended when the report
        was published: "estimate" in the year's last month (a year-end meeting's results, with or
        without 预计), "open" before it (a plan page's goals read as this year's actuals, a mid-year
        "so far": it settles nothing); None when the year was over, or the record says what it is
        (an estimate, part of the year)."""
        year = record.get("year")
        if not self.published or year is None or part_year(record) or is_estimate(record):
            return None
        published = self.published[:10]
        if published >= f"{int(year) + 1:04d}-01-01":
            return None
        return "estimate" if published >= f"{int(year):04d}-{YEAR_END}" else "open"
