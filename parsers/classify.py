"""Is a document a zone's annual work report? Decided from the content, not the title.

Slogan titles hide real reports and many news items mention 工作会议, so the score weighs the
review-and-plan structure, the density of targets and actuals, and the meeting genre, and takes
away for notices and single-topic meetings. The score is kept so the threshold can be tuned.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

THRESHOLD = 0.5
GENRE = re.compile(
    r"工作会议上的讲话|同志们|工作报告|工作会议|冬训大会|动员部署会|工作部署大会|工作部署会|动员大会|工作总结|务虚会|扩大会议|总结大会"
)
REVIEW = re.compile(
    r"20\d\d\s*年是[^，。]{0,12}的一年|回顾\s*20\d\d|过去(的)?一年|一年来|总结\s*20\d\d\s*年|20\d\d\s*年[,，]\s*[^，。]{0,6}?(实现|完成|预计)"
)
PLAN = re.compile(
    r"展望|新的一年|新一年|部署\s*20\d\d|20\d\d\s*年[,，]?\s*[^，。]{0,6}?(将|要|力争|确保)|目标任务|工作安排|主要目标|重点做好|工作思路"
)
SINGLE_TOPIC = re.compile(
    r"安全生产|招商(引资)?工作会议|党风廉政|防汛|消防|疫情防控|信访|统战|宣传思想|组织工作会议"
)
# Mid-year and quarterly meetings review part of a year: their "全年" targets are not next year's plan.
PART_YEAR = re.compile(r"上半年|下半年|半年工作|年中|[一二三四1-4]季度|前三季度|季度工作")
NOTICE = re.compile(r"关于召开|的通知|通知如下|报名|请各单位|参会人员")


# A combined meeting ("经济工作暨党风廉政建设工作会议", "2023年度总结表彰暨安全生产工作会议") is the
# year's report even though one of its parts is a single topic: the broad part decides.
COMBINED = re.compile(
    r"(经济(社会发展)?工作|年度工作|工作总结|总结表彰|高质量发展|全区工作|全面工作|全年工作|冬训)[^，。\n]{0,30}?暨"
    r"|暨[^，。\n]{0,30}?(经济(社会发展)?工作会议|年度工作会议|工作总结|高质量发展(推进|动员|大)会|冬训大会)"
)
BROAD = re.compile(r"高质量发展|经济社会发展|全区工作|园区工作")


def score_parts(text: str, title: str | None, records: Sequence[dict[str, Any]]) -> list[tuple[str, float]]:
    """Why a document is (not) a work report: (reason in Chinese, points) for each rule that fired.

    The points add up to the score before it is clipped to 0..1; `zonewatch reports --all` shows them.
    """
    head = (title or "") + "\n" + text[:1500]
    parts: list[tuple[str, float]] = []
    if GENRE.search(head):
        parts.append(("会议/报告文体", 0.25))
    if REVIEW.search(text):
        parts.append(("回顾上年", 0.2))
    if PLAN.search(text):
        parts.append(("部署新年", 0.2))
    targets = sum(1 for r in records if r.get("kind") == "target" and r.get("value") is not None)
    actuals = sum(1 for r in records if r.get("kind") == "actual" and r.get("value") is not None)
    if targets:
        parts.append((f"目标数字{targets}条", min(targets, 4) * 0.05))
    if actuals:
        parts.append((f"实绩数字{actuals}条", min(actuals, 4) * 0.03))
    if len(text) >= 1500:
        parts.append(("篇幅长", 0.1))
    structured = bool(REVIEW.search(text) and PLAN.search(text) and targets >= 2)
    if len(text) < 400:
        # Short texts are usually news; a short one that reviews, plans and sets targets is a summary.
        parts.append(("篇幅短", -0.1 if structured else -0.3))
    if PART_YEAR.search((title or "") + "\n" + text[:200]):
        parts.append(("半年/季度", -0.4))
    if NOTICE.search(head):
        parts.append(("会议通知", -0.4))
    if SINGLE_TOPIC.search(head) and not BROAD.search(head):
        if COMBINED.search(head):
            parts.append(("合并会议（含综合工作）", 0.0))
        else:
            parts.append(("专项会议", -0.35))
    return parts


def report_score(text: str, title: str | None, records: Sequence[dict[str, Any]]) -> float:
    """0..1: how much the document reads like a zone's annual work report (THRESHOLD decides)."""
    score = sum(points for _, points in score_parts(text, title, records))
    return round(max(0.0, min(1.0, score)), 3)


def is_work_report(score: float) -> bool:
    return score >= THRESHOLD
