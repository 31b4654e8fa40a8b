"""The sites YAML for a running mirror: what `zonewatch demo`, `make airflow` and the tests crawl."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from mirror.content import load_zones
from mirror.platforms.charsets import SITES as CHARSETS
from mirror.platforms.column_faults import SITES as COLUMN_FAULTS
from mirror.platforms.gkmlpt import SITES as GKMLPT
from mirror.platforms.list_variants import SITES as LIST_VARIANTS
from mirror.platforms.moves import SITES as MOVES
from mirror.platforms.office_reports import SITES as OFFICE
from mirror.server import MirrorServer

FIXTURE_ZONES = {
    "ruishu": "瑞数示例开发区",
    "ruishu200": "瑞数示例经开区",
    "waf": "云防护示例园区",
    "jsshell": "脚本列表示例园区",
    "oddities": "杂项示例高新区",
    **{cls.key: cls.zone_name for cls in LIST_VARIANTS},
    "moved": "迁址示例园区",
    "unavailable": "停服示例园区",
    **{cls.key: cls.zone_name for cls in (*GKMLPT, *MOVES, *OFFICE, *CHARSETS)},
    **{cls.key: cls.zone_name for cls in COLUMN_FAULTS},
}


def site_entries(server: MirrorServer, keys: Iterable[str] | None = None) -> list[dict[str, Any]]:
    names = {zone.key: zone.name for zone in load_zones()} | FIXTURE_ZONES
    wanted = list(keys) if keys is not None else [k for k in server.apps if k not in FIXTURE_ZONES]
    # A typical zone site needs nothing but its name, zone and start URL.
    return [
        {"name": f"demo-{key}", "zone": names[key], "start_urls": [server.start_url(key)]} for key in wanted
    ]


def sites_yaml(server: MirrorServer, keys: Iterable[str] | None = None) -> str:
    return yaml.safe_dump({"sites": site_entries(server, keys)}, allow_unicode=True, sort_keys=False)


def write_sites_file(server: MirrorServer, path: Path, keys: Iterable[str] | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(sites_yaml(server, keys), encoding="utf-8")
    return path
