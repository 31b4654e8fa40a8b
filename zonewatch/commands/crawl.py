"""`zonewatch crawl`: fetch the configured zone sites and store new and changed documents."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from zonewatch.cli_common import (
    db_option,
    one_run_at_a_time,
    read_sites,
    ready_db,
    settings_for,
    sites_option,
    user_errors,
    wait_option,
)
from zonewatch.failures import sigterm_stops_like_ctrl_c
from zonewatch.pipeline import CRAWL_FAILED_EXIT
from zonewatch.progress import StageProgress
from zonewatch.sites import select_sites


@click.command()
@sites_option
@click.option(
    "--site", "site_names", multiple=True, metavar="NAME", help="Crawl only this site (repeatable)."
)
@db_option
@click.option(
    "--full-sweep/--incremental",
    default=None,
    help="Re-read every list page (default: when the site's full_sweep_days have passed).",
)
@click.option("--delay", type=float, default=None, help="Override every site's download_delay (seconds).")
@wait_option
@user_errors
def crawl(
    sites_file: Path | None,
    site_names: tuple[str, ...],
    db_url: str | None,
    full_sweep: bool | None,
    delay: float | None,
    wait_seconds: float,
) -> None:
    """Crawl the configured sites and store new and changed documents.

    On a terminal, a progress bar (sites done of total, elapsed) and then a table on stderr;
    elsewhere one stderr line per site as it finishes ("[3/40] name ok new …"). Last on stdout,
    one JSON line of per-site stats (for Airflow).
    Exits 3 when any site failed (blocked, unreachable, empty list) or was read only in part
    (`partial`: a list shorter than it declared, a pager request that failed), 7 when another run
    holds the database, 0 otherwise. Ctrl-C or SIGTERM stops it within seconds: the sites not
    finished are `partial` (reason `interrupted`), what they were owed is recorded for the next run,
    and it exits 130 (SIGINT) or 143 (SIGTERM).
    """
    from dataclasses import replace

    from crawlers.interrupt import Interruption, exit_code
    from crawlers.runner import crawl_sites

    settings = settings_for(db_url)
    sites = select_sites(read_sites(settings, sites_file), site_names)
    if delay is not None:
        sites = [replace(site, download_delay=delay) for site in sites]
    overrides = {"AUTOTHROTTLE_ENABLED": False} if delay == 0 else {}
    interruption = Interruption()
    with (
        sigterm_stops_like_ctrl_c(),  # before and after the crawl itself, which handles both signals
        one_run_at_a_time(settings, "crawl", wait_seconds, create=True),
        StageProgress() as progress,
    ):
        url = ready_db(settings, create=True)
        progress.stage("crawl", len(sites), "sites")

        def site_done(stats: dict[str, Any]) -> None:
            done = progress.done("crawl") + 1
            progress.advance("crawl", f"[{done}/{len(sites)}] {site_line(stats)}  {progress.elapsed()}")

        results = crawl_sites(
            url,
            sites,
            full_sweep=full_sweep,
            user_agent=settings.user_agent,
            settings_overrides=overrides,
            on_site_done=site_done,
            interruption=interruption,
        )
        if progress.live:
            # On a terminal the bar showed progress; the table says how each site went.
            for stats in results:
                progress.log(site_line(stats))
    failed = [s["site"] for s in results if s["status"] not in ("ok", "partial")]
    partial = [s["site"] for s in results if s["status"] == "partial"]
    night = {"sites": results, "failed": failed, "partial": partial, "interrupted": interruption.name}
    click.echo(json.dumps(night, ensure_ascii=False))
    if interruption.signum is not None:
        click.echo(f"Error: {interrupted_line(interruption.name or '', results)}", err=True)
        raise SystemExit(exit_code(interruption.signum))
    if failed or partial:
        raise SystemExit(CRAWL_FAILED_EXIT)


def interrupted_line(signal_name: str, results: list[dict[str, Any]]) -> str:
    """ "interrupted (SIGTERM): 2 of 5 sites not finished (partial); 7 pages and 3 attachments owed
    to the next run" """
    stopped = [s for s in results if s.get("reason") == "interrupted"]
    pages = sum(s.get("owed_pages", 0) for s in stopped)
    files = sum(s.get("owed_attachments", 0) for s in stopped)
    return (
        f"interrupted ({signal_name}): {len(stopped)} of {len(results)} sites not finished (partial); "
        f"{pages} pages and {files} attachments owed to the next run"
    )


def site_line(stats: dict[str, Any]) -> str:
    """One site's outcome as one line of the crawl table."""
    state = {"ok": "ok", "partial": f"PARTIAL ({stats['reason']})"}.get(
        stats["status"], f"FAILED ({stats['reason']})"
    )
    return (
        f"{stats['site']:<24} {state:<32} new {stats['new']:>4}  changed {stats['changed']:>3}  "
        f"unchanged {stats['unchanged']:>4}  304 {stats['not_modified']:>3}  requests {stats['pages']:>4}"
    )
