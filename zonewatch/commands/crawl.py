"""`zonewatch crawl`: fetch the configured zone sites and store new and changed documents."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from zonewatch import output
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
from zonewatch.pipeline import CRAWL_FAILED_EXIT, PAGE_EVENT
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
@click.option("--json", "as_json", is_flag=True, help="Print the per-site stats as one JSON line.")
# For `zonewatch run`: one "@page SITE" stderr line per response, so its bar moves within seconds.
@click.option("--page-events", is_flag=True, hidden=True)
@wait_option
@user_errors
def crawl(
    sites_file: Path | None,
    site_names: tuple[str, ...],
    db_url: str | None,
    full_sweep: bool | None,
    delay: float | None,
    as_json: bool,
    page_events: bool,
    wait_seconds: float,
) -> None:
    """Crawl the configured sites and store new and changed documents.

    On a terminal, a progress bar (pages fetched, sites done of total, elapsed); elsewhere one
    stderr line per site as it finishes ("[3/40] name ok new …"). Then a table of the sites
    (状态, 新增, 变更 …) on stdout, or with --json one JSON line of per-site stats (for Airflow).
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
        # The bar counts pages (a site takes a minute; a page, a fraction of a second); how many
        # sites are done is its note.
        progress.stage("crawl", None, "pages")
        progress.note("crawl", f"· 0/{len(sites)} sites")
        finished = 0

        def site_done(stats: dict[str, Any]) -> None:
            nonlocal finished
            finished += 1
            progress.note("crawl", f"· {finished}/{len(sites)} sites")
            if not progress.live:
                progress.log(f"[{finished}/{len(sites)}] {site_line(stats)}  {progress.elapsed()}")

        def page_done(site: str, _url: str) -> None:
            progress.advance("crawl")
            if page_events:
                click.echo(f"{PAGE_EVENT}{site}", err=True)

        results = crawl_sites(
            url,
            sites,
            full_sweep=full_sweep,
            user_agent=settings.user_agent,
            settings_overrides=overrides,
            on_site_done=site_done,
            interruption=interruption,
            on_page=page_done,
        )
        progress.total("crawl", progress.done("crawl"))
        if progress.live and as_json:
            # On a terminal the bar showed progress; without the table on stdout, say how each went.
            for stats in results:
                progress.log(site_line(stats))
    failed = [s["site"] for s in results if s["status"] not in ("ok", "partial")]
    partial = [s["site"] for s in results if s["status"] == "partial"]
    night = {"sites": results, "failed": failed, "partial": partial, "interrupted": interruption.name}
    if as_json:
        output.print_json(night, ensure_ascii=False)
    else:
        print_sites_table(results)
    if interruption.signum is not None:
        click.echo(f"Error: {interrupted_line(interruption.name or '', results)}", err=True)
        raise SystemExit(exit_code(interruption.signum))
    if failed or partial:
        raise SystemExit(CRAWL_FAILED_EXIT)


STATES = {"ok": "正常", "partial": "部分", "failed": "失败"}


def print_sites_table(results: list[dict[str, Any]]) -> None:
    """The crawl's outcome for people: one row per site, then how many went how."""
    rows = [
        [
            s["site"],
            s.get("zone"),
            STATES.get(s["status"], s["status"]),
            s.get("new", 0),
            s.get("changed", 0),
            s.get("unchanged", 0),
            s.get("not_modified", 0),
            s.get("pages", 0),
            s.get("reason"),
        ]
        for s in results
    ]
    counts = {state: sum(1 for s in results if s["status"] == state) for state in STATES}
    output.table(
        f"抓取结果：{len(results)} 个站点，正常 {counts['ok']}，部分 {counts['partial']}，失败 {counts['failed']}",
        ["站点", "园区", "状态", "新增", "变更", "未变", "未修改(304)", "请求", "原因"],
        rows,
    )


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
