"""What a clause with no subject of its own is about: the project or industry named before it.

- "新材料产业园二期开工建设，该项目总投资6亿元": 该项目 is the project the clause before names
  (新材料产业园二期项目总投资);
- "加快建设智能装备产业园项目，投资15亿元，建设标准厂房8万平米": the clause naming a project has no
  figure; the clauses after it that start on what a project has (投资, 建设…, 占地) are about it.
- "省级重点项目，已储备项目35个": a heading noun phrase names the kind of the 项目 counted after it
  (储备省级重点项目).
"""

from __future__ import annotations

import re

from parsers.records.chunks import indicator, noun_phrase, words

DEMONSTRATIVE = re.compile(r"(?:该|此|这个|这一|这些)(项目|工程|企业|公司|产业|园区|基地|平台|集群|园)")
# What a project has, said with no subject ("投资15亿元", "建设标准厂房8万平米", "占地120亩").
PROJECT_ATTRIBUTE = re.compile(r"^(?:计划|总)?(?:投资|总投资|建设|新建|建筑面积|占地|用地|达产后|年产)")
PROJECT = ("项目", "工程")
NOUNISH = ("n", "nz", "nr", "ns", "nt", "b", "j", "eng", "m", "a", "vn")


def points_back(metric: str, left: str, first: bool) -> bool:
    """Whether a name may need what came before it: 该项目 in its words, a project's attribute, or
    a count of 项目 first in its sentence (a cheap test before the clauses are looked at)."""
    return bool(DEMONSTRATIVE.search(left) or PROJECT_ATTRIBUTE.match(metric)) or (
        first and metric.endswith(PROJECT)
    )


def _clauses(text: str) -> list[str]:
    return [part for part in re.split(r"[，,；;。：:！？!?]", text) if part.strip()]


def antecedent(before: str, noun: str) -> str:
    """The thing "该<noun>" points back to in `before`: the last noun phrase ending in <noun>, else, for
    a project, the subject of the clause just before ("新材料产业园二期开工建设" → 新材料产业园二期);
    "" if none."""
    for clause in reversed(_clauses(before)[-3:]):
        chunk = words(clause)
        for end in range(len(chunk) - 1, -1, -1):
            if chunk[end].text.endswith(noun) and chunk[end].tag.startswith("n"):
                start = end
                while start > 0 and chunk[start - 1].tag.startswith(NOUNISH) and not chunk[start - 1].role:
                    start -= 1
                phrase = "".join(w.text for w in chunk[start : end + 1])
                if len(phrase) > len(noun):
                    return indicator(phrase)
    if noun not in PROJECT:
        return ""
    # A project is often named without the word: "新材料产业园二期开工建设，该项目…".
    clauses = _clauses(before)
    subject = indicator(noun_phrase(clauses[-1])) if clauses else ""
    return subject if len(subject) >= 2 else ""


def with_referent(metric: str, left: str, before: str) -> str:
    """`metric` with "该项目" (in `left`, the words before the figure) replaced by what it points to."""
    pointer = DEMONSTRATIVE.search(left)
    if not pointer or not metric.startswith(pointer.group(1)):
        return metric
    noun = pointer.group(1)
    named = antecedent(before + left[: pointer.start()], noun)
    if not named:
        return metric
    return named + (noun if not named.endswith(noun) else "") + metric[len(noun) :]


def with_project(metric: str, before: str, previous: str = "") -> str:
    """A project's attribute with no subject, after a clause that names the project and no figure;
    past clauses with figures only where the record before (`previous`) is the project's too."""
    if not PROJECT_ATTRIBUTE.match(metric):
        return metric
    cut = max(previous.rfind(noun) + len(noun) if noun in previous else -1 for noun in PROJECT)
    if cut > 2 and PROJECT_ATTRIBUTE.match(previous[cut:]):
        # "该项目总投资12亿元，可实现年产值30亿元": one attribute of a project after another.
        return previous[:cut] + metric
    clauses = _clauses(before)
    while clauses and re.search(r"\d", clauses[-1]) and previous:
        clauses.pop()
    if not clauses or re.search(r"\d", clauses[-1]):
        return metric
    project = indicator(noun_phrase(clauses[-1]))  # "比亚迪电池基地三期项目顺利投产": its subject
    # "加快建设智能装备产业园项目", "推进新能源电池项目建设": the project is the object of the
    # clause's verb, which is no part of its name.
    chunk = words(project if project.endswith(PROJECT) else indicator(clauses[-1]))
    while chunk and chunk[0].tag.startswith("v"):
        chunk.pop(0)
    project = "".join(w.text for w in chunk)
    if not project.endswith(PROJECT) or len(project) <= 2 or project in metric:
        return metric
    if previous and not previous.startswith(project):
        return metric
    return project + metric


def with_heading(metric: str, before: str) -> str:
    """ "省级重点项目，已储备项目35个": the heading says which 项目 the count is of."""
    if not metric.endswith(PROJECT):
        return metric
    clauses = _clauses(before[-40:])
    if not clauses:
        return metric
    heading = clauses[-1].strip()
    chunk = words(heading)
    if not chunk or len(heading) <= 2 or not heading.endswith(PROJECT):
        return metric
    if any(w.tag.startswith("v") or w.role for w in chunk) or re.search(r"\d", heading):
        return metric  # a clause of its own, not a heading noun phrase
    noun = next(p for p in PROJECT if metric.endswith(p))
    return metric[: -len(noun)] + heading
