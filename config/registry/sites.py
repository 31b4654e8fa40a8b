"""A sites file's zones against the registry: each site's zone is stored under its registered name,
and a zone the registry does not know is accepted with a warning (it then has no province, level or
type to filter on)."""

from __future__ import annotations

from dataclasses import replace

from config.registry.resolve import Registry, by_default
from config.sites import SiteConfig


def registered_sites(
    sites: list[SiteConfig], registry: Registry | None = None
) -> tuple[list[SiteConfig], list[str]]:
    """(sites with their zone's registered name, one warning or note per zone not taken as written).

    江阴高新技术产业开发区 becomes 江阴高新区, so two sites of one zone are one zone however the file
    writes it; a name two zones share, or one the registry lacks, stays as written with a warning.
    """
    registry = registry or by_default()
    messages: dict[str, str] = {}
    result = []
    for site in sites:
        found = registry.resolve(site.zone)
        if found.zone is not None:
            if found.zone.name != site.zone:
                messages.setdefault(
                    site.zone,
                    f"note: zone {site.zone!r} is registered as {found.zone.name!r}; stored under that name",
                )
                site = replace(site, zone=found.zone.name)
        elif found.how == "ambiguous":
            messages.setdefault(
                site.zone,
                f"warning: zone {site.zone!r} could be {' or '.join(found.candidates)}; kept as written "
                "(write its full name, or add an alias in ZONEWATCH_ZONES)",
            )
        else:
            messages.setdefault(
                site.zone,
                f"warning: zone {site.zone!r} (site {site.name}) is not in the zone registry: accepted, "
                "without province, level or type (add it in a file named by ZONEWATCH_ZONES)",
            )
        result.append(site)
    return result, list(messages.values())
