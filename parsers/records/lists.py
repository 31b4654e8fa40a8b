"""The lists pass: coordinated forms read before the generic pass, their spans kept away from it.

"A、B和C实现3个10%的增长", "A、B、C分别增长x%、y%、z%", "…均占全市的四分之一".
"""

from __future__ import annotations

import re

from parsers.records.names import COMPARATOR_TAIL, SUBJECT_SPLIT, clean_metric, left_context
from parsers.records.numbers import FRACTION, fraction_percent, to_number
from parsers.records.quantities import NUM, QUANTITY, UNIT_RE, Found, comparator


def coordinated(sentence: str) -> tuple[list[Found], list[tuple[int, int]]]:
    """Expand "A、B和C实现N个M%的增长" and "A、B、C分别增长x%、y%、z%"."""
    found: list[Found] = []
    spans: list[tuple[int, int]] = []
    for match in re.finditer(
        rf"(?P<subjects>[^，,；;。]*?)实现(?:{NUM})个(?P<pct>\d+(?:\.\d+)?)%的?增长", sentence
    ):
        subjects = [clean_metric(s) for s in SUBJECT_SPLIT.split(match.group("subjects"))]
        for subject in filter(None, subjects):
            found.append(
                Found(match.start(), match.end(), to_number(match.group("pct")), "%", "=", subject + "增长")
            )
        spans.append(match.span())
    pattern = rf"(?P<subjects>[^，,；;。]*?)分别(?P<verb>[^\d，,；;。]{{0,4}}?)(?P<values>(?:(?:{NUM})\s*(?:{UNIT_RE})[、和及，,]?\s*)+)"
    last: list[str] = []
    for match in re.finditer(pattern, sentence):
        subjects = [s for s in (clean_metric(s) for s in SUBJECT_SPLIT.split(match.group("subjects"))) if s]
        values = list(QUANTITY.finditer(match.group("values")))
        relative = re.fullmatch(r"(?:同比|[比较](?:上年|去年))?", "".join(subjects))
        if relative and len(last) == len(values):
            # "A、B分别为x、y，同比分别增长m%、n%": the second 分别 is about the same subjects.
            subjects = [subject + relative.group(0) for subject in last]
        if len(subjects) != len(values) or len(values) < 2:
            continue
        last = subjects
        for index, subject in enumerate(subjects[:-1]):
            # "国家级和省级孵化器": the modifiers share the last subject's head noun.
            if subject.endswith("级") and "级" in subjects[-1]:
                subjects[index] = subject + subjects[-1].split("级", 1)[1]
        before = sentence[: match.start("values")]
        verb = COMPARATOR_TAIL.sub("", match.group("verb").strip())
        verb = "" if verb in ("达到", "达", "为", "是", "实现", "完成", "有") else verb
        for subject, value in zip(subjects, values, strict=True):
            found.append(
                Found(
                    match.start(),
                    match.end(),
                    to_number(value.group("num")),
                    value.group("unit"),
                    comparator(before, value),
                    subject + verb,
                )
            )
        spans.append(match.span())
    return found, spans


def fractions(sentence: str, earlier: list[Found]) -> list[Found]:
    """ "…37家，均占全市的四分之一": a share in words, for the counts it follows."""
    out: list[Found] = []
    for match in FRACTION.finditer(sentence):
        # 四分之一: the denominator is written first.
        value = fraction_percent(match.group(2), match.group(1))
        if value is None:
            continue
        before = sentence[max(0, match.start() - 12) : match.start()]
        share = re.search(r"占([^，,；;。]*?)的?$", before)
        suffix = "占" + share.group(1) if share else ""
        owners = [f for f in earlier if f.end <= match.start() and f.unit != "%"]
        if "均" not in before:
            owners = owners[-1:]
        names = [owner.metric + suffix for owner in owners]
        if not names:
            # "外资项目占全区的三分之一": the share's own subject.
            names = [clean_metric(left_context(sentence, match.start(), 0))]
        for name in filter(None, names):
            out.append(Found(match.start(), match.end(), value, "%", "=", name))
    return out
