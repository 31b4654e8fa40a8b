"""`zonewatch demo`: two nights against the bundled mirror of fictional zone sites.

Night 1 finds the zones' past reports; between the nights the mirror publishes next year's reports;
night 2 must fetch only those and its digest shows what changed. Nothing leaves the machine.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from zonewatch.pipeline import NightResult, run_night
from zonewatch.settings import Settings

# The mirror is on loopback: no need to wait between requests as on a real site.
DEMO_DOWNLOAD_DELAY = 0.0


@dataclass
class DemoResult:
    workdir: Path
    digest_path: Path
    nights: list[NightResult]


def beijing_today() -> dt.date:
    """Today in Beijing: the demo's newest report is the newest one published by then."""
    return dt.datetime.now(ZoneInfo("Asia/Shanghai")).date()


def write_demo_sites(server: Any, path: Path) -> Path:
    from mirror.demo_sites import sites_yaml

    data = yaml.safe_load(sites_yaml(server))
    for site in data["sites"]:
        site["download_delay"] = DEMO_DOWNLOAD_DELAY
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def run_demo(
    settings: Settings, workdir: Path, echo: Callable[[str], None] = print, today: dt.date | None = None
) -> DemoResult:
    """Two nights against the mirror, its calendar moved so the newest report is `today`'s year's
    (Beijing's today by default): the same story in any year."""
    from mirror.server import MirrorServer
    from mirror.years import demo_year_offset

    workdir.mkdir(parents=True, exist_ok=True)
    digest_path = workdir / "digest.html"
    nights: list[NightResult] = []
    with MirrorServer(
        fixtures=False, demo=True, year_offset=demo_year_offset(today or beijing_today())
    ) as server:
        sites_file = write_demo_sites(server, workdir / "demo-sites.yaml")
        echo(f"demo mirror: {len(server.sites)} fictional zone sites on loopback; sites file {sites_file}")
        echo("night 1: crawling the zones' past reports …")
        nights.append(run_night(settings, sites_file, out=workdir / "digest-night1.html"))
        echo(_night_line(nights[-1]))
        server.publish_next_year()
        echo("the mirror publishes next year's reports; night 2 …")
        nights.append(run_night(settings, sites_file, out=digest_path, only_new_since_start=True))
        echo(_night_line(nights[-1]))
    return DemoResult(workdir=workdir, digest_path=digest_path, nights=nights)


def _night_line(night: NightResult) -> str:
    sites = night.crawl.get("sites", [])
    fetched = sum(int(s.get("new", 0)) + int(s.get("changed", 0)) for s in sites)
    failed = night.crawl.get("failed", [])
    partial = night.crawl.get("partial", [])
    parse = night.parse
    diff = night.diff
    counts = ", ".join(f"{k} {diff.get(k, 0)}" for k in ("new", "changed", "dropped", "met", "missed"))
    digest = night.digest
    return (
        f"  crawl: {len(sites)} sites, {fetched} new/changed documents, {len(failed)} failed,"
        f" {len(partial)} read in part\n"
        f"  parse: {parse.get('parsed', 0)} documents, {parse.get('work_reports', 0)} work reports\n"
        f"  diff (all {diff.get('pairs', 0)} report pairs so far): {counts}\n"
        f"  digest: {digest.get('changes', 0)} changes from {digest.get('zones', 0)} zones' new reports"
    )
