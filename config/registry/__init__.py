"""The zone registry (zones.py: the data files) and the names that resolve to its zones (resolve.py)."""

from config.registry.resolve import Registry, Resolution, by_default
from config.registry.zones import LEVELS, TYPES, Zone, load_zones, registered_zones, registry_files

__all__ = [
    "LEVELS",
    "TYPES",
    "Registry",
    "Resolution",
    "Zone",
    "by_default",
    "load_zones",
    "registered_zones",
    "registry_files",
]
