"""Subscriptions: who gets a digest, and which changes each of them wants.

The file (`ZONEWATCH_SUBSCRIPTIONS`) is YAML:

    subscriptions:
      - email: analyst@example.cn      # required, unique
        name: 招商分析组                # optional, for logs
        zones: [云溪高新区]              # optional: only these zones
        metrics: [高新技术企业, 营业收入] # optional: only metrics containing one of these words
        changes: [new, changed]         # optional: new changed dropped met missed … (or 新增 调整 未再提及 完成 未完成 …)
        min_change: 10%                 # optional: a `changed` target must move at least this much:
                                        # 10 % of an amount, 10 points of a percentage (rate, share)

Every filter is optional and they combine with AND; a subscription without filters gets everything.
A wrong file is refused before anything runs, with the file, the entry and the problem in one line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from config.yaml_file import ConfigError, Problems, load_yaml, meant, read_text, unknown_key
from monitor.compare.present import LABELS, SHOWN

# The kinds a reader may ask for, with the labels the digest prints (monitor/compare/present.py).
KINDS = {kind: LABELS[kind] for kind in SHOWN}
# Older files said 取消 for what the digest calls 未再提及 (a target no longer mentioned, not cancelled).
LEGACY_LABELS = {"取消": "dropped"}
KEYS = ("email", "name", "zones", "metrics", "changes", "min_change")
# Units of percentage metrics; their moves are measured in points, not relative to the old value.
PERCENT_UNITS = {"%", "％", "个百分点", "百分点", "percent"}
# A metric without a unit that names a share or a growth rate is a percentage too.
SHARE_WORDS = re.compile(r"比重|占比|增速|增长率|增幅")
# Deliberately loose: one @, no spaces, a dot in the domain. The SMTP server has the last word.
EMAIL = re.compile(r"^[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>]+$")


@dataclass(frozen=True)
class Subscription:
    """One recipient and the filters of their digest; empty filters let everything through."""

    email: str
    name: str | None = None
    zones: frozenset[str] = field(default_factory=frozenset)
    metrics: tuple[str, ...] = ()
    changes: frozenset[str] = field(default_factory=frozenset)
    # A fraction: 0.1 is 10 % of an amount's old value, or 10 points of a percentage (move_size).
    min_change: float | None = None

    def wants_zone(self, zone: str) -> bool:
        """Whether this recipient follows the zone (also decides which failed sites they hear of)."""
        return not self.zones or zone in self.zones

    def wants(self, item: dict[str, Any]) -> bool:
        """Whether a digest item (monitor.delivery.digest's view of a change) passes every filter.

        item: {"zone", "change", "metric", "relative", …}; relative is |new − old| / |old| of a
        `changed` item, None when it cannot be computed (a masked or zero old value).
        """
        if not self.wants_zone(item["zone"]):
            return False
        if self.changes and item["change"] not in self.changes:
            return False
        if self.metrics and not any(word in (item.get("metric") or "") for word in self.metrics):
            return False
        if self.min_change is not None and item["change"] == "changed":
            size = move_size(item)
            # A move whose size is unknown is shown: hiding it would hide a change nobody can measure.
            return size is None or size + 1e-9 >= self.min_change
        return True


def is_percentage(item: dict[str, Any]) -> bool:
    """Whether a change's metric is a percentage (a rate, share or growth), whose moves are points."""
    unit = (item.get("unit") or "").strip()
    if unit in PERCENT_UNITS:
        return True
    return not unit and bool(SHARE_WORDS.search(item.get("metric") or ""))


def move_size(item: dict[str, Any]) -> float | None:
    """How far a `changed` item moved, on min_change's scale (0.01 is "1%"): percentage points of a
    percentage metric (8 % → 7.5 % is 0.005, half a point: a relative 6 % would overstate it), the
    relative move |new − old| / |old| of an amount; None when a value is masked or missing."""
    if not is_percentage(item):
        return item.get("relative")
    before = (item.get("previous") or {}).get("value")
    after = (item.get("current") or {}).get("value")
    if not isinstance(before, (int, float)) or not isinstance(after, (int, float)):
        return None
    return abs(after - before) / 100


def _fail(source: str, entry: str, problem: str) -> ConfigError:
    return ConfigError(f"{source}: {entry}: {problem}")


def _words(raw: Any, source: str, entry: str, key: str) -> list[str]:
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list) or not raw or not all(isinstance(w, str) and w.strip() for w in raw):
        raise _fail(source, entry, f"'{key}' must be a non-empty list of non-empty strings")
    return [w.strip() for w in raw]


def _fraction(raw: Any, source: str, entry: str) -> float:
    """10%, '10 %', 0.1 → 0.1. A bare number above 1 is refused: 10 could mean 10 % or 1000 %."""
    if isinstance(raw, bool):
        raise _fail(
            source, entry, f"'min_change' must be a percentage such as 10% or a fraction, not {raw!r}"
        )
    if isinstance(raw, str):
        match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*[%％]\s*", raw)
        if not match:
            raise _fail(source, entry, f"'min_change' must look like 10% or 0.1, not {raw!r}")
        value = float(match.group(1)) / 100
    elif isinstance(raw, (int, float)):
        if raw > 1:
            raise _fail(source, entry, f"'min_change' {raw!r} is ambiguous: write {raw}% or {raw / 100:g}")
        value = float(raw)
    else:
        raise _fail(
            source, entry, f"'min_change' must be a percentage such as 10% or a fraction, not {raw!r}"
        )
    if value < 0:
        raise _fail(source, entry, "'min_change' must not be negative")
    return value


def _kinds(raw: Any, source: str, entry: str) -> frozenset[str]:
    by_label = {label: kind for kind, label in KINDS.items()} | LEGACY_LABELS
    kinds = set()
    for word in _words(raw, source, entry, "changes"):
        kind = word if word in KINDS else by_label.get(word)
        if kind is None:
            close = meant(word, [*KINDS, *by_label])
            allowed = ", ".join(f"{k} ({label})" for k, label in KINDS.items())
            hint = f"did you mean {close!r}?" if close else f"allowed: {allowed}"
            raise _fail(source, entry, f"unknown change kind {word!r} ({hint})")
        kinds.add(kind)
    return frozenset(kinds)


def parse_subscription(raw: Any, source: str, index: int) -> Subscription:
    """One entry of the file; raises ConfigError naming the file, the entry and the problem."""
    entry = f"subscription #{index + 1}"
    if not isinstance(raw, Mapping):
        raise _fail(source, entry, "each subscription must be a mapping of keys to values")
    if isinstance(raw.get("email"), str) and raw["email"].strip():
        entry = f"subscription #{index + 1} ({raw['email'].strip()})"
    problems = Problems()
    unknown = sorted(set(map(str, raw)) - set(KEYS))
    for key in unknown:
        problems.found.append(f"{source}: {entry}: {unknown_key(key, KEYS)}")
    email = raw.get("email")
    if not isinstance(email, str) or not email.strip():
        if "email" not in {meant(key, KEYS) for key in unknown}:  # a mistyped key is said once
            problems.found.append(f"{source}: {entry}: missing required key 'email'")
    elif not EMAIL.match(email.strip()):
        problems.found.append(f"{source}: {entry}: 'email' {email!r} is not one address like name@example.cn")
    name = raw.get("name")
    if name is not None and not isinstance(name, str):
        problems.found.append(f"{source}: {entry}: 'name' must be a string")
    filters: dict[str, Any] = {}
    checks = {
        "zones": lambda value: frozenset(_words(value, source, entry, "zones")),
        "metrics": lambda value: tuple(_words(value, source, entry, "metrics")),
        "changes": lambda value: _kinds(value, source, entry),
        "min_change": lambda value: _fraction(value, source, entry),
    }
    for key, check in checks.items():
        if key in raw:
            with problems.collect():
                filters[key] = check(raw[key])
    problems.raise_any()
    assert isinstance(email, str)
    return Subscription(
        email=email.strip(),
        name=name.strip() if isinstance(name, str) and name.strip() else None,
        **filters,
    )


def parse_subscriptions(text: str, source: str = "<subscriptions>") -> list[Subscription]:
    """The subscriptions of a YAML text, validated whole (see the module docstring for the format)."""
    data = load_yaml(text, source, "subscriptions", "subscription", "email")
    if not isinstance(data, Mapping) or "subscriptions" not in data:
        raise ConfigError(f"{source}: top level: expected a mapping with a 'subscriptions' list")
    extra = sorted(set(map(str, data)) - {"subscriptions"})
    if extra:
        raise ConfigError(*(f"{source}: top level: {unknown_key(key, ['subscriptions'])}" for key in extra))
    entries = data["subscriptions"]
    if not isinstance(entries, list) or not entries:
        raise ConfigError(f"{source}: top level: 'subscriptions' must be a non-empty list")
    problems = Problems()
    subscriptions: list[Subscription] = []
    for index, raw in enumerate(entries):
        with problems.collect():
            subscriptions.append(parse_subscription(raw, source, index))
    seen: dict[str, int] = {}
    for index, raw in enumerate(entries):
        email = raw.get("email") if isinstance(raw, Mapping) else None
        if not isinstance(email, str) or not email.strip():
            continue
        key = email.strip().lower()
        if key in seen:
            problems.found.append(
                f"{source}: subscription #{index + 1} ({email.strip()}): duplicate email "
                f"(also subscription #{seen[key] + 1})"
            )
        else:
            seen[key] = index
    problems.raise_any()
    return subscriptions


def load_subscriptions(path: str | Path) -> list[Subscription]:
    """The subscriptions file at path; ConfigError when it is missing, unreadable or wrong."""
    return parse_subscriptions(read_text(path), str(path))
