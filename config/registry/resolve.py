"""Which registered zone a written name means: 江阴高新区, 江阴高新技术产业开发区 and 江阴国家高新区
are one entry; a name two zones could both be called names neither.

Order of trust: a registered name or alias (after cleaning and stripping, names.key); then the
short forms of both sides (names.short_form), only when exactly one zone has it; then a registered
name without its city (小蓝经开区 for 南昌小蓝经开区), or the written one without a leading city name
("无锡市江阴高新区"); then the parenthesised parts of the name
("天津滨海高新区(天津高新区)").
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from config.registry.names import generic, inner_names, key, short_form
from config.registry.zones import Zone, registered_zones


@dataclass(frozen=True)
class Resolution:
    """The outcome for one written name: the zone, or None with the zones it could be (ambiguous)."""

    written: str
    zone: Zone | None
    how: str  # name | abbreviation | city | inner | ambiguous | unknown
    candidates: tuple[str, ...] = ()

    @property
    def found(self) -> bool:
        return self.zone is not None


class Registry:
    """The zones with an index of their names. Build once (by_default() caches the one in force)."""

    def __init__(self, zones: Iterable[Zone]) -> None:
        self.zones: dict[str, Zone] = {zone.name: zone for zone in zones}
        self._exact: dict[str, set[str]] = defaultdict(set)
        self._short: dict[str, set[str]] = defaultdict(set)
        # Names are often written without their city (小蓝经开区 for 南昌小蓝经济技术开发区).
        self._no_city: dict[str, set[str]] = defaultdict(set)
        for zone in self.zones.values():
            for name in zone.names:
                exact = key(name)
                if generic(exact):
                    continue
                self._exact[exact].add(zone.name)
                self._short[short_form(exact)].add(zone.name)
                rest = exact[len(zone.city) :] if zone.city and exact.startswith(zone.city) else ""
                if rest and not generic(rest):
                    self._no_city[short_form(rest)].add(zone.name)
        self._resolved: dict[str, Resolution] = {}
        self._keys = {
            zone.name: [(key(n), n) for n in zone.names] for zone in self.zones.values()
        }  # pages resolve the same stored names each request
        cities = {zone.city for zone in self.zones.values() if zone.city}
        self._cities = sorted({f"{c}市" for c in cities} | cities, key=len, reverse=True)

    def __contains__(self, name: str) -> bool:
        return name in self.zones

    def __len__(self) -> int:
        return len(self.zones)

    def get(self, name: str) -> Zone | None:
        """The zone registered under exactly this name (no resolution)."""
        return self.zones.get(name)

    def _lookup(self, text: str) -> tuple[set[str], str]:
        exact = key(text)
        if generic(exact):
            return set(), "unknown"
        if self._exact.get(exact):
            return self._exact[exact], "name"
        short = self._short.get(short_form(exact))
        if short:
            return set(short), "abbreviation"
        no_city = self._no_city.get(short_form(exact))
        return (set(no_city), "city") if no_city else (set(), "unknown")

    def resolve(self, written: str) -> Resolution:
        """The registered zone `written` names; never a guess between two zones."""
        if written not in self._resolved:
            self._resolved[written] = self._resolve(written)
        return self._resolved[written]

    def _resolve(self, written: str) -> Resolution:
        found, how = self._lookup(written)
        if not found:
            stripped = key(written)
            for city in self._cities:
                rest = stripped[len(city) :]
                if stripped.startswith(city) and not generic(rest):
                    found, _ = self._lookup(rest)
                    how = "city"
                    break
        if not found:
            for inner in inner_names(written):
                found, _ = self._lookup(inner)
                if found:
                    how = "inner"
                    break
        if len(found) == 1:
            return Resolution(written, self.zones[next(iter(found))], how)
        if found:
            return Resolution(written, None, "ambiguous", tuple(sorted(found)))
        return Resolution(written, None, "unknown")

    def canonical(self, written: str) -> str:
        """The registered name of `written` when it resolves, else `written` itself."""
        resolved = self.resolve(written)
        return resolved.zone.name if resolved.zone else written

    def search(self, words: str) -> set[str]:
        """Names of the zones whose name, full name or an alias contains `words` (cleaned), or that
        `words` resolves to: the search box of the pages."""
        wanted = key(words) if words.strip() else ""
        if not wanted:
            return set(self.zones)
        hits = {name for name, keys in self._keys.items() if any(wanted in k or wanted in n for k, n in keys)}
        resolved = self.resolve(words)
        if resolved.zone:
            hits.add(resolved.zone.name)
        return hits


@cache
def _default(paths_key: tuple[str, ...]) -> Registry:
    return Registry(registered_zones().values())


def by_default() -> Registry:
    """The registry in force (bundled files plus ZONEWATCH_ZONES), built once per process."""
    import os

    return _default((os.environ.get("ZONEWATCH_ZONES") or "",))
