"""The filters every workspace view shares, read from a page's query string or the CLI's options, and
written back into links so that a filtered, sorted view is one URL to share."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, replace
from urllib.parse import urlencode

from config.registry import Registry, Zone

UNREGISTERED = "未登记"  # the filter value of zones the registry does not know
ORDERS = ("asc", "desc")


@dataclass(frozen=True)
class Filters:
    """q: words of a zone's name or alias; province, level, type: registry values (UNREGISTERED for
    zones without an entry, or without that field); sort and order: a column and its direction."""

    q: str = ""
    province: str = ""
    level: str = ""
    type: str = ""
    sort: str = ""
    order: str = "asc"

    @classmethod
    def from_query(cls, query: Mapping[str, str], sort: str = "", order: str = "asc") -> Filters:
        """From a query string; unknown keys are ignored, an unknown order is ascending."""
        values = {name: (query.get(name) or "").strip()[:100] for name in ("q", "province", "level", "type")}
        chosen = (query.get("order") or order).strip()
        return cls(
            **values, sort=(query.get("sort") or sort).strip(), order=chosen if chosen in ORDERS else "asc"
        )

    def zone_test(self, registry: Registry) -> Callable[[str, Zone | None], bool]:
        """A test of (zone as stored, its registry entry) against these filters."""
        hits = registry.search(self.q) if self.q else None
        words = self.q.strip()

        def field_ok(entry: Zone | None, name: str) -> bool:
            wanted = getattr(self, name)
            if not wanted:
                return True
            value = getattr(entry, name) if entry else None
            return value == wanted or (wanted == UNREGISTERED and value is None)

        def test(zone: str, entry: Zone | None) -> bool:
            if hits is not None and not ((entry and entry.name in hits) or words in zone):
                return False
            return all(field_ok(entry, name) for name in ("province", "level", "type"))

        return test

    def query(self, **changes: str) -> str:
        """The query string of these filters with `changes` applied (empty values left out)."""
        values = asdict(replace(self, **changes))
        if values.get("order") == "asc":
            values.pop("order")
        return urlencode({k: v for k, v in values.items() if v})

    def sorted_by(self, column: str, default_order: str = "asc") -> str:
        """The query string that sorts by `column`: the other direction when already sorted by it."""
        if self.sort == column:
            return self.query(sort=column, order="asc" if self.order == "desc" else "desc")
        return self.query(sort=column, order=default_order)
