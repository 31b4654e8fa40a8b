"""A digest never too big to read: over the cap, the most important items stay and the rest are counted.

Importance: targets before actuals (new, raised, lowered, dropped targets before met/missed
reviews), then larger moves first. The left-out items are still claimed by the digest: the mail says
how many there are and links the zone page (ZONEWATCH_UI_URL) where they can be read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any
from urllib.parse import quote

from monitor.delivery.digest import Digest

TARGET_KINDS = ("new", "changed", "dropped")
SMALL = 256  # items a digest may have and still be tried whole first


def importance(item: dict[str, Any]) -> tuple[int, float, int]:
    """Sort key, most important first: (targets 0 / actuals 1, −size of the move, id).

    A new or dropped target counts as a whole move (1.0); a change of unknown size as half of one;
    met/missed are ranked by how far the actual landed from the target.
    """
    side = item.get("current") or item.get("previous") or {}
    actual = item["change"] not in TARGET_KINDS or side.get("kind") == "actual"
    if item["change"] in ("new", "dropped"):
        size = 1.0
    else:
        size = item.get("relative")
        if size is None:
            before = (item.get("previous") or {}).get("value")
            after = (item.get("current") or {}).get("value")
            numbers = isinstance(before, (int, float)) and isinstance(after, (int, float)) and before
            size = abs(after - before) / abs(before) if numbers else 0.5  # type: ignore[operator]
    return (1 if actual else 0, -float(size), int(item.get("id") or 0))


def zone_link(ui_url: str | None, zone: str) -> str | None:
    """A zone's page. ZONEWATCH_UI_URL is the zone pages' base (the Airflow plugin's, e.g.
    http://airflow:8080/zonewatch) whose zone pages are {base}/zones/{zone}; a URL with a literal
    {zone} in it is used as the pattern instead."""
    if not ui_url:
        return None
    if "{zone}" in ui_url:
        return ui_url.replace("{zone}", quote(zone, safe=""))
    return f"{ui_url.rstrip('/')}/zones/{quote(zone, safe='')}"


def zones_link(ui_url: str | None) -> str | None:
    """The page of all zones ({base}/), or None when only a per-zone pattern is known."""
    if not ui_url or "{zone}" in ui_url:
        return None
    return ui_url.rstrip("/") + "/"


def keep(digest: Digest, kept_ids: set[int], ui_url: str | None) -> Digest:
    """The digest with only the items in kept_ids; sections say how many of theirs were left out."""
    zones = []
    omitted = omitted_zones = 0
    for section in digest.zones:
        groups = [(k, label, [i for i in items if i["id"] in kept_ids]) for k, label, items in section.groups]
        total = sum(len(items) for _, _, items in section.groups)
        shown = sum(len(items) for _, _, items in groups)
        omitted += total - shown
        if not shown:
            omitted_zones += 1
            continue
        zones.append(
            replace(
                section,
                groups=[g for g in groups if g[2]],
                omitted=total - shown,
                link=zone_link(ui_url, section.zone) if total > shown else None,
            )
        )
    return replace(
        digest, zones=zones, omitted=omitted, omitted_zones=omitted_zones, ui_url=zones_link(ui_url)
    )


def mailed_size(html: str) -> int:
    """Bytes of the HTML part as mailed: UTF-8, and SMTP turns every line end into CRLF."""
    return len(html.encode("utf-8")) + html.count("\n")


def fit(digest: Digest, max_bytes: int, render: Callable[[Digest], str], ui_url: str | None = None) -> Digest:
    """The largest prefix (by importance) of the digest's items whose rendering is at most max_bytes.

    render: Digest → HTML; its size as mailed is what is measured. The count that fits is found by
    doubling from 16 and then bisecting, so every rendering is at most about twice the cap: a night
    of megabytes is never rendered whole. change_ids and counts stay whole: every item, shown or
    counted, belongs to this digest.
    """
    ranked = sorted(
        (item for section in digest.zones for _, _, items in section.groups for item in items), key=importance
    )

    def trimmed(count: int) -> Digest:
        return keep(digest, {item["id"] for item in ranked[:count]}, ui_url)

    def fits(candidate: Digest) -> bool:
        return mailed_size(render(candidate)) <= max_bytes

    if len(ranked) <= SMALL and fits(digest):
        return digest  # an ordinary night: one rendering
    low, best = 0, trimmed(0)  # with nothing shown the mail is as small as it gets: sent even if over
    high = 16
    while high < len(ranked):
        candidate = trimmed(high)
        if not fits(candidate):
            break
        low, best = high, candidate
        high *= 2
    else:
        if fits(digest):
            return digest
        high = len(ranked)
    high -= 1  # `high` items did not fit
    while low < high:
        middle = (low + high + 1) // 2
        candidate = trimmed(middle)
        if fits(candidate):
            low, best = middle, candidate
        else:
            high = middle - 1
    return best
