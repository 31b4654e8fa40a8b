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

from config.yaml_file import ConfigError, load_yaml, read_text

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
    entry = f"site #{index + 1}"
    if not isinstance(raw, Mapping):
        raise _fail(source, entry, "each site must be a mapping of keys to values")
    if isinstance(raw.get("name"), str) and raw["name"].strip():
        entry = f"site #{index + 1} ({raw['name'].strip()})"
    unknown = sorted(set(raw) - set(REQUIRED_KEYS) - set(OPTIONAL_KEYS))
    if unknown:
        allowed = ", ".join(REQUIRED_KEYS + OPTIONAL_KEYS)
        raise _fail(source, entry, f"unknown key {unknown[0]!r} (allowed: {allowed})")
    for key in REQUIRED_KEYS:
        if key not in raw or raw[key] in (None, "", []):
            raise _fail(source, entry, f"missing required key {key!r}")
    for key in ("name", "zone"):
        if not isinstance(raw[key], str):
            raise _fail(source, entry, f"'{key}' must be a string")
    start_urls = _string_list(raw["start_urls"], source, entry, "start_urls")
    for url in start_urls:
        _check_url(url, source, entry)
    selectors = raw.get("selectors") or {}
    if not isinstance(selectors, Mapping):
        raise _fail(source, entry, "'selectors' must be a mapping")
    bad_selector = sorted(set(selectors) - set(SELECTOR_KEYS))
    if bad_selector:
        raise _fail(
            source, entry, f"unknown selector {bad_selector[0]!r} (allowed: {', '.join(SELECTOR_KEYS)})"
        )
    for key, selector in selectors.items():
        if not isinstance(selector, str) or not selector.strip():
            raise _fail(source, entry, f"selector {key!r} must be a non-empty string")
        _check_selector(key, selector, source, entry)
    values: dict[str, Any] = {
        "name": raw["name"].strip(),
        "zone": raw["zone"].strip(),
        "start_urls": start_urls,
        "selectors": {str(k): str(v) for k, v in selectors.items()},
    }
    for key in ("allowed_domains", "include", "exclude"):
        if key in raw and raw[key] is not None:
            values[key] = _string_list(raw[key], source, entry, key)
    if "download_delay" in raw:
        values["download_delay"] = _number(raw["download_delay"], source, entry, "download_delay", float)
    if "download_timeout" in raw:
        values["download_timeout"] = _number(
            raw["download_timeout"], source, entry, "download_timeout", float
        )
        if values["download_timeout"] <= 0:
            raise _fail(source, entry, "'download_timeout' must be more than 0 seconds")
    for key in ("max_pages", "max_bytes", "full_sweep_days"):
        if key in raw:
            values[key] = _number(raw[key], source, entry, key, int)
    if "encoding" in raw:
        if not isinstance(raw["encoding"], str):
            raise _fail(source, entry, "'encoding' must be a string such as 'gb18030'")
        import codecs

        try:
            codecs.lookup(raw["encoding"])
        except LookupError:
            raise _fail(source, entry, f"unknown encoding {raw['encoding']!r}") from None
        values["encoding"] = raw["encoding"]
    for key in ("verify_tls", "enabled"):
        if key in raw:
            if not isinstance(raw[key], bool):
                raise _fail(source, entry, f"'{key}' must be true or false")
            values[key] = raw[key]
    return SiteConfig(**values)


def parse_sites(text: str, source: str = "<sites>") -> list[SiteConfig]:
    data = load_yaml(text, source, "sites", "site", "name")
    if not isinstance(data, Mapping) or "sites" not in data:
        raise ConfigError(f"{source}: top level: expected a mapping with a 'sites' list")
    extra = sorted(set(data) - {"sites"})
    if extra:
        raise ConfigError(f"{source}: top level: unknown key {extra[0]!r} (only 'sites' is allowed)")
    raw_sites = data["sites"]
    if raw_sites is None or raw_sites == []:
        raise ConfigError(
            f"{source}: top level: 'sites' is empty, nothing to crawl ('sites' must be a non-empty list)"
        )
    if not isinstance(raw_sites, list):
        raise ConfigError(f"{source}: top level: 'sites' must be a non-empty list")
    sites = [parse_site(raw, source, index) for index, raw in enumerate(raw_sites)]
    seen: dict[str, int] = {}
    for index, site in enumerate(sites):
        if site.name in seen:
            raise ConfigError(
                f"{source}: site #{index + 1} ({site.name}): duplicate name (also site #{seen[site.name] + 1})"
            )
        seen[site.name] = index
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
