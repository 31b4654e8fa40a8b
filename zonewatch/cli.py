"""The `zonewatch` command line: one group, subcommands from zonewatch.commands.

Subcommand modules import their heavy dependencies (Scrapy, jieba, Airflow) inside the command
bodies so `zonewatch --help` stays instant.
"""

from __future__ import annotations

import click

from zonewatch.cli_common import ZonewatchGroup
from zonewatch.commands.compare import compare
from zonewatch.commands.crawl import crawl
from zonewatch.commands.db import db
from zonewatch.commands.export import export, zones
from zonewatch.commands.health import health
from zonewatch.commands.history import history
from zonewatch.commands.mirror import mirror
from zonewatch.commands.monitor import diff, digest, reports
from zonewatch.commands.parse import extract, parse
from zonewatch.commands.pipeline import demo, run
from zonewatch.commands.sites import sites


@click.group(
    cls=ZonewatchGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(package_name="zonewatch")
def main() -> None:
    """zonewatch: crawl development-zone sites, extract their work-report targets, mail what changed."""


for command in (
    db,
    sites,
    crawl,
    parse,
    extract,
    reports,
    diff,
    compare,
    digest,
    run,
    demo,
    mirror,
    health,
    history,
    export,
    zones,
):
    main.add_command(command)
