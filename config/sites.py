"""The sites YAML: which zone sites to crawl and how.

A wrong file is refused before anything runs, with a message naming the file, the entry and the
problem, so a typo never turns into a silent night of "0 new documents".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from config.yaml_file import ConfigError, Problems, load_yaml, meant, read_text, unknown_key

SELECTOR_KEYS = ("list", "link", "next", "content", "title", "date")
REQUIRED_KEYS = ("name", "zone", "start_urls")
OPTIONAL_KEYS = (
    "allowed_domains",
    "download_delay",
    "download_timeout",
    "max_pages",
    "max_bytes",
    "encoding",
    "selectors",
    "include",
    "exclude",
    "verify_tls",
    "full_sweep_days",
    "enabled",
)


@dataclass(frozen=True)
class SiteConfig:
    name: str
    zone: str
    start_urls: list[str]
    allowed_domains: list[str] = field(default_factory=list)
    download_delay: float = 1.0
    # Seconds to wait for an answer; a site that never answers costs this once (then it is down).
    download_timeout: float = 30.0
    max_pages: int = 200
    max_bytes: int = 20 * 1024 * 1024
    encoding: str | None = None
    selectors: dict[str, str] = field(default_factory=dict)
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    verify_tls: bool = True
    full_sweep_days: int = 7
    enabled: bool = True

    def domains(self) -> list[str]:
        """The hosts the crawler may visit: the configured ones, else those of the start URLs."""
        if self.allowed_domains:
            return list(self.allowed_domains)
        hosts = {urlsplit(url).hostname or "" for url in self.start_urls}
        return sorted(host for host in hosts if host)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _fail(source: str, entry: str, problem: str) -> ConfigError:
    return ConfigError(f"{source}: {entry}: {problem}")


def _string_list(value: Any, source: str, entry: str, key: str) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
        raise _fail(source, entry, f"'{key}' must be a list of non-empty strings")
    return [item.strip() for item in value]


def _check_url(url: str, source: str, entry: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise _fail(source, entry, f"bad URL {url!r} in 'start_urls' (need http:// or https:// and a host)")
    try:
        port = parts.port  # urllib refuses non-numbers and ports above 65535 itself
    except ValueError:
        port = -1
    if port is not None and not 1 <= port <= 65535:
        raise _fail(source, entry, f"bad URL {url!r} in 'start_urls': port must be 1-65535")


def _check_selector(key: str, selector: str, source: str, entry: str) -> None:
    """Selectors are CSS, applied with lxml's cssselect: refuse one it cannot translate now,
    not at 2 a.m. on the first page of the site."""
    from cssselect import GenericTranslator, SelectorError

    try:
        GenericTranslator().css_to_xpath(selector)
    except SelectorError as exc:
        raise _fail(source, entry, f"selector {key!r} does not parse as CSS: {selector!r} ({exc})") from None


def _number(value: Any, source: str, entry: str, key: str, kind: type) -> Any:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise _fail(source, entry, f"'{key}' must be a non-negative number, not {value!r}")
    if kind is int and not float(value).is_integer():
        raise _fail(source, entry, f"'{key}' must be a whole number, not {value!r}")
    return kind(value)


def parse_site(raw: Any, source: str, index: int) -> SiteConfig:
    """One entry of the file; ConfigError naming the file, the entry and every problem of it."""
    entry = f"site #{index + 1}"
    if not isinstance(raw, Mapping):
        raise _fail(source, entry, "each site must be a mapping of keys to values")
    if isinstance(raw.get("name"), str) and raw["name"].strip():
        entry = f"site #{index + 1} ({raw['name'].strip()})"
    problems = Problems()
    allowed = REQUIRED_KEYS + OPTIONAL_KEYS
    unknown = sorted(set(map(str, raw)) - set(allowed))
    for key in unknown:
        problems.found.append(f"{source}: {entry}: {unknown_key(key, allowed)}")
    # A required key typed wrong is one mistake, said once (as the unknown key and its fix).
    typed_wrong = {meant(key, allowed) for key in unknown}
    for key in REQUIRED_KEYS:
        if (key not in raw or raw[key] in (None, "", [])) and key not in typed_wrong:
            problems.found.append(f"{source}: {entry}: missing required key {key!r}")
    for key in ("name", "zone"):
        if key in raw and raw[key] not in (None, "") and not isinstance(raw[key], str):
            problems.found.append(f"{source}: {entry}: '{key}' must be a string")
    values: dict[str, Any] = {}
    for key in ("name", "zone"):
        if isinstance(raw.get(key), str):
            values[key] = raw[key].strip()
    if raw.get("start_urls") not in (None, "", []):
        with problems.collect():
            values["start_urls"] = _string_list(raw["start_urls"], source, entry, "start_urls")
        for url in values.get("start_urls", []):
            with problems.collect():
                _check_url(url, source, entry)
    with problems.collect():
        values["selectors"] = _selectors(raw.get("selectors") or {}, source, entry)
    for key in ("allowed_domains", "include", "exclude"):
        if key in raw and raw[key] is not None:
            with problems.collect():
                values[key] = _string_list(raw[key], source, entry, key)
    for key, kind in NUMBERS.items():
        if key in raw:
            with problems.collect():
                values[key] = _number(raw[key], source, entry, key, kind)
    if values.get("download_timeout", 1) <= 0:
        problems.found.append(f"{source}: {entry}: 'download_timeout' must be more than 0 seconds")
    if "encoding" in raw:
        with problems.collect():
            values["encoding"] = _encoding(raw["encoding"], source, entry)
    for key in ("verify_tls", "enabled"):
        if key in raw:
            if isinstance(raw[key], bool):
                values[key] = raw[key]
            else:
                problems.found.append(f"{source}: {entry}: '{key}' must be true or false")
    problems.raise_any()
    return SiteConfig(**values)


NUMBERS: dict[str, type] = {
    "download_delay": float,
    "download_timeout": float,
    "max_pages": int,
    "max_bytes": int,
    "full_sweep_days": int,
}


def _selectors(selectors: Any, source: str, entry: str) -> dict[str, str]:
    if not isinstance(selectors, Mapping):
        raise _fail(source, entry, "'selectors' must be a mapping")
    problems = Problems()
    for key in sorted(set(map(str, selectors)) - set(SELECTOR_KEYS)):
        close = meant(key, SELECTOR_KEYS)
        hint = f"did you mean {close!r}?" if close else f"allowed: {', '.join(SELECTOR_KEYS)}"
        problems.found.append(f"{source}: {entry}: unknown selector {key!r} ({hint})")
    for key, selector in selectors.items():
        if key not in SELECTOR_KEYS:
            continue
        if not isinstance(selector, str) or not selector.strip():
            problems.found.append(f"{source}: {entry}: selector {key!r} must be a non-empty string")
            continue
        with problems.collect():
            _check_selector(key, selector, source, entry)
    problems.raise_any()
    return {str(k): str(v) for k, v in selectors.items()}


def _encoding(value: Any, source: str, entry: str) -> str:
    if not isinstance(value, str):
        raise _fail(source, entry, "'encoding' must be a string such as 'gb18030'")
    import codecs

    try:
        codecs.lookup(value)
    except LookupError:
        raise _fail(source, entry, f"unknown encoding {value!r}") from None
    return value


def parse_sites(text: str, source: str = "<sites>") -> list[SiteConfig]:
    data = load_yaml(text, source, "sites", "site", "name")
    if not isinstance(data, Mapping):
        raise ConfigError(f"{source}: top level: expected a mapping with a 'sites' list")
    if "sites" not in data:
        near = [key for key in map(str, data) if meant(key, ["sites"])]
        hint = f" ({unknown_key(near[0], ['sites'])})" if near else ""
        raise ConfigError(f"{source}: top level: expected a mapping with a 'sites' list{hint}")
    extra = sorted(set(map(str, data)) - {"sites"})
    if extra:
        raise ConfigError(*(f"{source}: top level: {unknown_key(key, ['sites'])}" for key in extra))
    raw_sites = data["sites"]
    if raw_sites is None or raw_sites == []:
        raise ConfigError(
            f"{source}: top level: 'sites' is empty, nothing to crawl ('sites' must be a non-empty list)"
        )
    if not isinstance(raw_sites, list):
        raise ConfigError(f"{source}: top level: 'sites' must be a non-empty list")
    problems = Problems()
    sites: list[SiteConfig] = []
    for index, raw in enumerate(raw_sites):
        with problems.collect():
            sites.append(parse_site(raw, source, index))
    seen: dict[str, int] = {}
    for index, raw in enumerate(raw_sites):
        name = raw.get("name") if isinstance(raw, Mapping) else None
        if not isinstance(name, str) or not name.strip():
            continue
        name = name.strip()
        if name in seen:
            problems.found.append(
                f"{source}: site #{index + 1} ({name}): duplicate name (also site #{seen[name] + 1})"
            )
        else:
            seen[name] = index
    problems.raise_any()
    return sites


def load_sites(path: str | Path) -> list[SiteConfig]:
    """The sites file at path; ConfigError (file, entry, problem) when it is missing or wrong."""
    return parse_sites(read_text(path), str(path))


def select_sites(sites: list[SiteConfig], names: list[str] | tuple[str, ...]) -> list[SiteConfig]:
    """The named sites in file order, or every enabled site when no name is given."""
    if not names:
        return [site for site in sites if site.enabled]
    known = {site.name for site in sites}
    missing = [name for name in names if name not in known]
    if missing:
        raise ConfigError(f"unknown site {missing[0]!r} (known: {', '.join(sorted(known))})")
    wanted = set(names)
    return [site for site in sites if site.name in wanted]
