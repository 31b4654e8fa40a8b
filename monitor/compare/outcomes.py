"""A zone's stored change items as its page tells them: verdicts (完成, 未完成, 无法判断, 进度) dated
by the year they judge, each carrying the re-set of its target when the newer report set it again
(one story per target), and the other changes apart. The labels are the digest's
(monitor/compare/present.py): nothing here says 取消 where a report only stopped mentioning a target.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from monitor.compare.present import LABELS, VERDICTS, item_year, match_note, reason, reset_text, stories


def change_view(change: Any, url: str | None = None) -> dict[str, Any]:
    """One stored change (storage.models.Change) as a plain dict, with its label, the year it is
    about (a verdict: the year judged) and a one-line `note` (why no verdict, what was judged)."""
    view = {
        "id": change.id,
        "zone": change.zone,
        "year": change.year,
        "metric": change.metric,
        "unit": change.unit,
        "change": change.change,
        "label": LABELS.get(change.change, change.change),
        "direction": change.direction,
        "previous": change.previous or {},
        "current": change.current or {},
        "url": url,
    }
    if change.change in VERDICTS or change.change in ("dropped", "possible"):
        view["year"] = item_year(view) or change.year
    return view


def _note(view: dict[str, Any]) -> str | None:
    parts = [reset_text(view) if view.get("reset") else None, reason(view), match_note(view)]
    return "；".join(part for part in parts if part) or None


def zone_story(changes: Sequence[Any], urls: dict[int, str] | None = None) -> tuple[list[dict], list[dict]]:
    """(verdicts, other changes) of a zone's stored changes, newest first; `unchanged` left out.

    A verdict whose target the newer report set again carries that item as `reset`, and it is not
    listed among the other changes. Each view has `note`: the re-set, the reason a verdict could not
    be given, or the judgment a match took, in Chinese (None when there is nothing to say).
    """
    urls = urls or {}
    views = [change_view(c, urls.get(c.report_id)) for c in changes if c.change != "unchanged"]
    resets = stories(
        [change_view(c, urls.get(c.report_id)) for c in changes if c.change == "unchanged"] + views
    )
    told = [v for v in resets if v["change"] != "unchanged"]
    for view in told:
        view["note"] = _note(view)
    verdicts = [v for v in told if v["change"] in VERDICTS]
    others = [v for v in told if v["change"] not in VERDICTS]
    return verdicts, others
