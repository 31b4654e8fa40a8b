"""`zonewatch sites`: check a sites file without crawling."""

from __future__ import annotations

from pathlib import Path

import click

from zonewatch.cli_common import read_sites, settings_for, sites_option, user_errors


@click.command()
@sites_option
@user_errors
def sites(sites_file: Path | None) -> None:
    """Validate the sites YAML and list its sites."""
    configs = read_sites(settings_for(), sites_file)
    for site in configs:
        flag = "" if site.enabled else "  (disabled)"
        click.echo(f"{site.name}\t{site.zone}\t{', '.join(site.start_urls)}{flag}")
