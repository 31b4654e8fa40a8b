"""`zonewatch reports`, `diff` and `digest`: what changed year over year, and the mail about it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from zonewatch import output
from zonewatch.cli_common import (
    UserError,
    db_option,
    one_run_at_a_time,
    ready_db,
    settings_for,
    user_errors,
    wait_option,
    writable_out,
)
from zonewatch.failures import CliError, ExitCode


def _print_json(data: Any) -> None:
    output.print_json(data, ensure_ascii=False, indent=1, default=str)


def print_diff_counts(counts: dict[str, Any]) -> None:
    """`diff` without --zone for people: how many items of each kind every zone's pairs gave."""
    from monitor.compare.present import LABELS

    rows = [[LABELS[kind], counts[kind]] for kind in LABELS if kind in counts]
    output.table(
        f"逐年变化：{counts.get('zones', 0)} 个园区，{counts.get('pairs', 0)} 对相邻年份报告",
        ["类别", "条数"],
        rows,
    )


def print_digest_summary(result: dict[str, Any]) -> None:
    """What `digest` did, for people: the changes it holds, where it went, and why not if it did not."""
    output.summary(
        f"摘要：{result['changes']} 条变化，{result['zones']} 个园区，{result['reports']} 份报告",
        [
            ("排队待发", result.get("queued", 0)),
            ("已发送", result.get("sent", 0)),
            ("重发", result.get("retried", 0)),
            ("篇幅所限未列出", result.get("omitted", 0)),
            ("提醒", result.get("alerts", 0)),
            ("HTML 文件", result.get("out")),
            ("未发送原因", result.get("error")),
        ],
    )


@click.command()
@click.option("--zone", default=None, help="Only this zone.")
@click.option(
    "--all",
    "show_all",
    is_flag=True,
    help="Every stored document, with its score and why it is or is not a report.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@db_option
@user_errors
def reports(zone: str | None, show_all: bool, as_json: bool, db_url: str | None) -> None:
    """List the recognised work reports (--all: every document, taken or not, and why)."""
    from storage import repository as repo
    from storage.db import session_scope

    url = ready_db(settings_for(db_url))
    with session_scope(url) as session:
        if show_all:
            from monitor.compare.report_list import list_documents

            rows = list_documents(session, zone)
        else:
            rows = [
                {
                    "zone": r.zone,
                    "year": r.plan_year,
                    "review_year": r.review_year,
                    "title": r.title,
                    "url": r.url,
                    "published": r.published.isoformat() if r.published else None,
                    "records": len(r.records),
                }
                for r in repo.work_reports(session, zone)
            ]
    if as_json:
        _print_json(rows)
        return
    if show_all:
        output.table(
            f"全部文档：{len(rows)} 份（✓ 认定为工作报告）",
            ["园区", "年份", "认定", "得分", "标题", "理由"],
            [
                [
                    row["zone"],
                    row["year"],
                    "✓" if row["taken"] else "✗",
                    None if row["score"] is None else f"{row['score']:.2f}",
                    row["title"] or row["url"],
                    row["why"],
                ]
                for row in rows
            ],
        )
    else:
        output.table(
            f"工作报告：{len(rows)} 份",
            ["园区", "计划年", "发布日期", "目标条数", "标题"],
            [[r["zone"], r["year"], r["published"], r["records"], r["title"]] for r in rows],
        )


@click.command()
@click.option("--zone", default=None, help="Only this zone (default: every zone, counts only).")
@click.option("--year", type=int, default=None, help="Plan year of the newer report (default: every pair).")
@click.option("--all", "show_all", is_flag=True, help="Include unchanged targets.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@db_option
@wait_option
@user_errors
def diff(
    zone: str | None, year: int | None, show_all: bool, as_json: bool, db_url: str | None, wait_seconds: float
) -> None:
    """Year-over-year changes of the zones' targets, stored for the next digest.

    This is the diff stage: what it lists is stored as unsent changes, so `crawl`, `parse`, `diff`
    and `digest` by hand give the same digest as `run`. Without --zone it stores every zone's
    changes and prints the counts.
    """
    from monitor.compare.changes import consecutive_pairs, update_changes
    from monitor.compare.diff import diff_reports
    from storage.db import session_scope

    if zone is None and year is not None:
        raise UserError("--year needs --zone")
    settings = settings_for(db_url)
    with one_run_at_a_time(settings, "diff", wait_seconds):  # it writes the changes
        url = ready_db(settings)
        counts = update_changes(url, zone=zone)
    if zone is None:
        if as_json:
            output.print_json(counts, ensure_ascii=False)
        else:
            print_diff_counts(counts)
        return
    with session_scope(url) as session:
        pairs = consecutive_pairs(session, zone)
    if not pairs:
        raise UserError(f"zone {zone!r} has fewer than two recognised work reports")
    if year is not None:
        pairs = [(a, b) for a, b in pairs if b.plan_year == year]
        if not pairs:
            raise UserError(f"zone {zone!r} has no work report for {year} with a previous one to compare")
    items = [i for a, b in pairs for i in diff_reports(a, b) if show_all or i.change != "unchanged"]
    if as_json:
        _print_json([item.as_json() for item in items])
        return
    from zonewatch.change_table import print_pair

    for older, newer in pairs:
        print_pair(
            older, newer, [i for i in diff_reports(older, newer) if show_all or i.change != "unchanged"]
        )


@click.command()
@db_option
# A folder as --out is a file that cannot be written (exit 5, writable_out), not a usage error.
@click.option("--out", type=click.Path(path_type=Path), help="Write the HTML digest here.")
@click.option("--send", is_flag=True, help="Queue the digest and deliver it by SMTP.")
@click.option("--to", "recipients", multiple=True, metavar="ADDR", help="Recipient (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object of what happened.")
@wait_option
@user_errors
def digest(
    db_url: str | None,
    out: Path | None,
    send: bool,
    recipients: tuple[str, ...],
    as_json: bool,
    wait_seconds: float,
) -> None:
    """Render (and optionally send) the digest of changes not yet sent.

    Prints what happened (changes, sent, queued, the file), with --json as one JSON object. With
    --send, a digest that was not delivered (no server, no recipients, SMTP refused) exits 6 and
    stays queued.
    """
    from monitor.compare.changes import update_changes
    from monitor.delivery.outbox import deliver_digest
    from zonewatch.database import require_db

    settings = settings_for(db_url)
    require_db(settings, create=False)  # before --out's folder is made for a database that is not there
    writable_out(out)
    # The diff is brought up to date first (idempotent), so a digest after `parse` mails what
    # `run` would; changes already mailed are never touched.
    with one_run_at_a_time(settings, "digest", wait_seconds):
        update_changes(ready_db(settings))
        result = deliver_digest(settings, out=out, send=send, recipients=list(recipients) or None)
    if as_json:
        output.print_json(result, ensure_ascii=False)
    else:
        print_digest_summary(result)
    if result["error"] and send:
        raise CliError(f"digest not delivered: {result['error']} (it stays queued)", ExitCode.MAIL)
