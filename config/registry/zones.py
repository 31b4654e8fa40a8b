"""The zone registry: which zones exist, where they are, their level and type.

Data files (YAML) hold blocks of zones, each block naming the published source its rows were
checked against: the bundled files beside this module (national zones of GB/T 37028-2018, the
provincial zones of the evaluation set, names seen in documents, the fictional demo zones) and,
after them, the files of `ZONEWATCH_ZONES` (paths separated by the OS path separator). A block
with `amends: true` adds aliases, a district or notes to zones listed before it.

A wrong file is refused with one line naming the file, the block or zone, and the problem.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

from config.yaml_file import ConfigError, Problems, load_yaml, meant, read_text, unknown_key

BUNDLED = ("national.yaml", "provincial.yaml", "documents.yaml", "demo.yaml")
LEVELS = ("国家级", "省级")
TYPES = ("高新区", "经开区", "新区", "其他")
ZONE_KEYS = ("name", "full_name", "aliases", "province", "city", "level", "type", "district", "code", "notes")
AMEND_KEYS = ("name", "aliases", "district", "notes", "city")
BLOCK_KEYS = ("source", "as_of", "defaults", "amends", "zones")


@dataclass(frozen=True)
class Zone:
    """One registered zone. `name` is the short name the project uses (江阴高新区), unique;
    `district` the administrative district run as one with the zone (杭州高新区 and 滨江区);
    `source` the block's source, `as_of` the year its level and type were read."""

    name: str
    full_name: str | None = None
    aliases: tuple[str, ...] = ()
    province: str | None = None
    city: str | None = None
    level: str | None = None  # 国家级 | 省级 | None (not known)
    type: str | None = None  # 高新区 | 经开区 | 新区 | 其他
    district: str | None = None
    code: str | None = None  # GB/T 37028-2018 code, where the zone is listed there
    notes: str = ""
    source: str = ""
    as_of: str | None = None
    sources: tuple[str, ...] = field(default=(), compare=False)

    @property
    def names(self) -> tuple[str, ...]:
        """Every name the zone is registered under: its name, full name and aliases."""
        found = [self.name, *([self.full_name] if self.full_name else []), *self.aliases]
        return tuple(dict.fromkeys(found))

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "full_name": self.full_name,
            "aliases": list(self.aliases),
            "province": self.province,
            "city": self.city,
            "level": self.level,
            "type": self.type,
            "district": self.district,
            "code": self.code,
            "notes": self.notes,
            "source": self.source,
            "as_of": self.as_of,
        }


def _text(value: Any, where: str, key: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, (str, int)) or isinstance(value, bool) or not str(value).strip():
        raise ConfigError(f"{where}: '{key}' must be a non-empty string")
    return str(value).strip()


def _zone(raw: Any, defaults: Mapping[str, Any], where: str, keys: tuple[str, ...]) -> dict[str, Any]:
    if not isinstance(raw, Mapping):
        raise ConfigError(f"{where}: each zone must be a mapping")
    if isinstance(raw.get("name"), str):
        where = f"{where} ({raw['name']})"
    problems = Problems()
    unknown = sorted(set(map(str, raw)) - set(keys))
    problems.found += [f"{where}: {unknown_key(key, keys)}" for key in unknown]
    values = {**defaults, **raw}
    name = None
    with problems.collect():
        name = _text(values.get("name"), where, "name")
        if name is None and "name" not in {meant(key, keys) for key in unknown}:
            raise ConfigError(f"{where}: missing required key 'name'")
    zone: dict[str, Any] = {"name": name}
    for key in keys:
        if key in ("name", "aliases") or key not in values:
            continue
        with problems.collect():
            zone[key] = _text(values[key], where, key)
    aliases = values.get("aliases") or []
    if isinstance(aliases, str):
        aliases = [aliases]
    with problems.collect():
        if not isinstance(aliases, list):
            raise ConfigError(f"{where}: 'aliases' must be a list of names")
        zone["aliases"] = tuple(str(_text(alias, where, "aliases")) for alias in aliases)
    if zone.get("level") not in (None, *LEVELS):
        problems.found.append(f"{where}: level {zone['level']!r} is not one of {', '.join(LEVELS)}")
    if zone.get("type") not in (None, *TYPES):
        problems.found.append(f"{where}: type {zone['type']!r} is not one of {', '.join(TYPES)}")
    problems.raise_any()
    return zone


def parse_registry(text: str, source: str, known: dict[str, Zone] | None = None) -> dict[str, Zone]:
    """The zones of one registry file, added to `known` (name → Zone, in file order).

    ConfigError for a wrong file: unknown keys, a missing source, a zone listed twice, an amendment
    of a zone nobody listed, a level or type outside the vocabulary.
    """
    zones = dict(known or {})
    data = load_yaml(text, source, "blocks", "block", "source")
    if not isinstance(data, Mapping) or not isinstance(data.get("blocks"), list):
        raise ConfigError(f"{source}: top level: expected a mapping with a 'blocks' list")
    problems = Problems()
    for index, block in enumerate(data["blocks"]):
        with problems.collect():
            _block(block, f"{source}: block #{index + 1}", zones, problems)
    problems.raise_any()
    return zones


def _block(block: Any, where: str, zones: dict[str, Zone], problems: Problems) -> None:
    """Add one block's zones to `zones`; a wrong zone is noted in problems and the next one read."""
    if not isinstance(block, Mapping):
        raise ConfigError(f"{where}: each block must be a mapping")
    unknown = sorted(set(map(str, block)) - set(BLOCK_KEYS))
    if unknown:
        raise ConfigError(*(f"{where}: {unknown_key(key, BLOCK_KEYS)}" for key in unknown))
    block_source = _text(block.get("source"), where, "source")
    if block_source is None:
        raise ConfigError(f"{where}: every block names the source its rows were checked against")
    amends = block.get("amends") is True
    defaults = block.get("defaults") or {}
    if not isinstance(defaults, Mapping) or (amends and defaults):
        raise ConfigError(f"{where}: 'defaults' must be a mapping (and is not allowed in an amendment)")
    as_of = _text(block.get("as_of"), where, "as_of")
    for number, raw in enumerate(block.get("zones") or []):
        place = f"{where}: zone #{number + 1}"
        with problems.collect():
            _add_zone(raw, defaults, place, amends, block_source, as_of, zones)


def _add_zone(
    raw: Any,
    defaults: Mapping[str, Any],
    place: str,
    amends: bool,
    block_source: str,
    as_of: str | None,
    zones: dict[str, Zone],
) -> None:
    values = _zone(raw, defaults, place, AMEND_KEYS if amends else ZONE_KEYS)
    name = values.pop("name")
    if amends:
        if name not in zones:
            raise ConfigError(f"{place} ({name}): amends a zone that no earlier block lists")
        zones[name] = _amend(zones[name], values, block_source, place)
    else:
        if name in zones:
            raise ConfigError(f"{place} ({name}): listed twice (also from {zones[name].source})")
        zones[name] = Zone(name=name, source=block_source, as_of=as_of, sources=(block_source,), **values)


def _amend(zone: Zone, values: dict[str, Any], source: str, where: str) -> Zone:
    for key in ("district", "city"):
        if values.get(key) and getattr(zone, key) not in (None, values[key]):
            raise ConfigError(
                f"{where} ({zone.name}): {key} {values[key]!r} contradicts {getattr(zone, key)!r}"
            )
    aliases = tuple(dict.fromkeys(zone.aliases + tuple(values.get("aliases") or ())))
    notes = "；".join(part for part in (zone.notes, values.get("notes") or "") if part)
    return replace(
        zone,
        aliases=aliases,
        district=values.get("district") or zone.district,
        city=values.get("city") or zone.city,
        notes=notes,
        sources=(*zone.sources, source),
    )


def registry_files(environ: Mapping[str, str] | None = None) -> list[Path]:
    """The bundled files, then those named by ZONEWATCH_ZONES."""
    env = os.environ if environ is None else environ
    here = Path(__file__).parent
    extra = [Path(p) for p in (env.get("ZONEWATCH_ZONES") or "").split(os.pathsep) if p.strip()]
    return [here / name for name in BUNDLED] + extra


def load_zones(paths: Iterable[Path]) -> dict[str, Zone]:
    """Every zone of the files, in order (name → Zone); ConfigError for a wrong or missing file."""
    zones: dict[str, Zone] = {}
    for path in paths:
        zones = parse_registry(read_text(path), str(path), zones)
    return zones


@cache
def _cached(paths: tuple[Path, ...]) -> dict[str, Zone]:
    return load_zones(paths)


def registered_zones(environ: Mapping[str, str] | None = None) -> dict[str, Zone]:
    """The registry in force (bundled files plus ZONEWATCH_ZONES), read once per process."""
    return _cached(tuple(registry_files(environ)))
