"""`zonewatch mirror`: serve the bundled demo mirror of fictional zone sites."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from zonewatch import output
from zonewatch.cli_common import user_errors


@click.command()
@click.option(
    "--host-prefix",
    default="127.0.0",
    show_default=True,
    help="Each site binds <prefix>.N (N from 10); a full address (0.0.0.0) puts all sites on one host.",
)
@click.option(
    "--port",
    default=0,
    show_default=True,
    type=int,
    help="Port for every site (0: a free one each); on one shared host, site i gets PORT+i.",
)
@click.option(
    "--public-host",
    default=None,
    help="Host name to write into URLs when clients reach the mirror by another name (a container's).",
)
@click.option(
    "--print-sites",
    "sites_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("var/demo-sites.yaml"),
    show_default=True,
    help="Write the sites YAML here.",
)
@click.option(
    "--fixtures/--no-fixtures",
    default=False,
    show_default=True,
    help="Also serve the wall, encoding and oddity fixture sites (listed in the sites file too).",
)
@click.option("--next-year", is_flag=True, help="Start with next year's reports already published (night 2).")
@click.option(
    "--as-written",
    is_flag=True,
    help="Serve the content's own years (newest report 2025) instead of moving them so the newest is this year's.",
)
@click.option(
    "--slow-seconds", default=3.0, show_default=True, type=float, help="Delay of the slow-page fixture."
)
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help='Print {"sites_file", "sites"} as one JSON line once the mirror serves (the line to wait for).',
)
@user_errors
def mirror(
    host_prefix: str,
    port: int,
    public_host: str | None,
    sites_file: Path,
    fixtures: bool,
    next_year: bool,
    slow_seconds: float,
    as_written: bool,
    as_json: bool,
) -> None:
    """Serve the bundled demo mirror of fictional zone sites until interrupted."""
    from mirror.demo_sites import site_entries, write_sites_file
    from mirror.server import MirrorServer
    from mirror.years import demo_year_offset
    from zonewatch.demo import beijing_today

    server = MirrorServer(
        year_offset=0 if as_written else demo_year_offset(beijing_today()),
        fixtures=fixtures,
        host_prefix=host_prefix,
        port=port,
        public_host=public_host,
        slow_seconds=slow_seconds,
    ).start()
    # Ctrl-C at any moment once the sites serve stops them cleanly (exit 0), also right after the
    # ready line, which a supervisor may answer at once.
    try:
        if next_year:
            server.publish_next_year()
        keys = list(server.apps)
        write_sites_file(server, sites_file, keys)
        sites = site_entries(server, keys)
        if as_json:
            output.print_json({"sites_file": str(sites_file), "sites": sites}, ensure_ascii=False)
        else:
            output.table(
                f"演示镜像：{len(sites)} 个站点",
                ["站点", "园区", "起始网址"],
                [[site["name"], site["zone"], site["start_urls"][0]] for site in sites],
            )
            output.echo()
            output.echo(f"站点文件：{sites_file}（按 Ctrl-C 停止）")
        sys.stdout.flush()  # a supervising process (tests, compose) waits for this last line
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        server.stop()
