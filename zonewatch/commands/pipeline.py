"""`zonewatch run` and `zonewatch demo`: the whole nightly job, and the bundled two-night demo."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from zonewatch import output
from zonewatch.cli_common import (
    check_db_url,
    db_option,
    one_run_at_a_time,
    read_sites,
    settings_for,
    sites_option,
    user_errors,
    wait_option,
    writable_out,
)
from zonewatch.failures import CliError, ExitCode, sigterm_stops_like_ctrl_c

if TYPE_CHECKING:
    from zonewatch.pipeline import NightResult


@click.command()
@sites_option
@db_option
# A folder as --out is a file that cannot be written (exit 5, writable_out), not a usage error.
@click.option("--out", type=click.Path(path_type=Path), help="Write the HTML digest here.")
@click.option("--send", is_flag=True, help="Deliver the digest by SMTP.")
@click.option("--json", "as_json", is_flag=True, help="Print the night as one JSON object.")
@wait_option
@user_errors
def run(
    sites_file: Path | None,
    db_url: str | None,
    out: Path | None,
    send: bool,
    as_json: bool,
    wait_seconds: float,
) -> None:
    """Crawl, parse, diff and digest in one go (what the nightly DAG does).

    Shows pages crawled and documents parsed on a terminal (elsewhere a line per site), then each
    stage's outcome as tables; with --json the night as one JSON line. Exits 3 when a site failed,
    6 when --send could not deliver, 130 / 143 on Ctrl-C / SIGTERM (the crawl records its
    unfinished sites and what they owe first).
    """
    from zonewatch.database import require_db
    from zonewatch.pipeline import StageError, run_night
    from zonewatch.progress import StageProgress

    settings = settings_for(db_url)
    read_sites(settings, sites_file)  # refuse a bad file before anything runs
    from monitor.delivery.outbox import audiences

    audiences(settings)  # and a bad subscriptions file too
    path = sites_file or settings.sites_file
    assert path is not None
    require_db(settings, create=True)  # a database folder that is not there, before --out's is made
    writable_out(out)  # before the night's work, not after it
    try:
        # The crawl child is stopped through its parent (zonewatch.pipeline); the other stages stop
        # on SIGTERM as on Ctrl-C.
        with (
            sigterm_stops_like_ctrl_c(),
            one_run_at_a_time(settings, "run", wait_seconds, create=True),
            StageProgress() as progress,
        ):
            night = run_night(settings, path, out=out, send=send, progress=progress)
    except StageError as exc:
        raise CliError(str(exc), exc.exit_code or ExitCode.INTERNAL) from None
    if as_json:
        output.print_json(night.as_dict(), ensure_ascii=False, default=str)
    else:
        print_night(night)
    if send and night.digest.get("error"):
        raise CliError(f"digest not delivered: {night.digest['error']} (it stays queued)", ExitCode.MAIL)
    if night.crawl.get("failed") or night.crawl.get("partial"):
        raise SystemExit(ExitCode.SITE_FAILED)


def print_night(night: NightResult) -> None:
    """The night for people: the crawl's sites, the parse counts, the changes and the digest."""
    from zonewatch.commands.crawl import print_sites_table
    from zonewatch.commands.monitor import print_diff_counts, print_digest_summary
    from zonewatch.commands.parse import print_parse_summary

    output.echo(f"夜间运行 · 开始于 {night.started_at:%Y-%m-%d %H:%M:%S}（UTC）")
    output.echo()
    print_sites_table(night.crawl.get("sites", []))
    output.echo()
    print_parse_summary(night.parse)
    output.echo()
    print_diff_counts(night.diff)
    output.echo()
    print_digest_summary(night.digest)


@click.command()
@db_option
@user_errors
def demo(db_url: str | None) -> None:
    """Run two nights against the bundled demo mirror and write the digest."""
    from zonewatch.database import require_db
    from zonewatch.demo import run_demo

    settings = settings_for()
    workdir = settings.home / "demo"
    if db_url is not None:  # the demo's own database below is made in the folder it makes
        check_db_url(db_url)
        require_db(settings.with_overrides(db_url=db_url), create=True)
    else:
        # The demo starts from an empty database each time so its two nights tell the same story.
        demo_db = workdir / "zonewatch.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{demo_db}{suffix}").unlink(missing_ok=True)
        db_url = f"sqlite:///{demo_db.resolve()}"
    settings = settings.with_overrides(db_url=db_url)
    result = run_demo(settings, workdir, echo=click.echo)
    click.echo(f"digest of night 2: {result.digest_path.resolve()}")
    click.echo(f"database: {settings.db_url}")
