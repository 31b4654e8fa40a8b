"""`zonewatch sites`: check a sites file without crawling."""

from __future__ import annotations

from pathlib import Path

import click

from zonewatch import output
from zonewatch.cli_common import read_sites, settings_for, sites_option, user_errors


@click.command()
@sites_option
@click.option("--json", "as_json", is_flag=True, help="Print the sites as JSON.")
@user_errors
def sites(sites_file: Path | None, as_json: bool) -> None:
    """Validate the sites YAML and list its sites."""
    configs = read_sites(settings_for(), sites_file)
    if as_json:
        output.print_json(
            [
                {"name": s.name, "zone": s.zone, "start_urls": list(s.start_urls), "enabled": s.enabled}
                for s in configs
            ],
            ensure_ascii=False,
            indent=1,
        )
        return
    enabled = sum(1 for site in configs if site.enabled)
    output.table(
        f"站点：{len(configs)} 个（启用 {enabled}）",
        ["站点", "园区", "状态", "起始网址"],
        [
            [site.name, site.zone, "启用" if site.enabled else "停用", "、".join(site.start_urls)]
            for site in configs
        ],
    )
