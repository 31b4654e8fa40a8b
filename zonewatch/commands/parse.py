"""`zonewatch parse` and `zonewatch extract`: documents into reports and target records."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import click

from zonewatch import output
from zonewatch.cli_common import (
    INPUT_FILE,
    UserError,
    db_option,
    one_run_at_a_time,
    ready_db,
    settings_for,
    user_errors,
    wait_option,
)
from zonewatch.failures import reading


@click.command()
@db_option
@click.option(
    "--all",
    "reparse_all",
    is_flag=True,
    help="Re-parse every stored document (after the extractor improved).",
)
@click.option("--zone", default=None, help="Only the documents of this zone's sites.")
@click.option("--json", "as_json", is_flag=True, help="Print the counts as one JSON object.")
@wait_option
@user_errors
def parse(
    db_url: str | None, reparse_all: bool, zone: str | None, as_json: bool, wait_seconds: float
) -> None:
    """Parse new or changed fetched documents into reports and records.

    Shows documents parsed of total on a terminal (a line every 50 elsewhere), then the counts
    (work reports, failed, need OCR …); with --json one JSON object of counts, for Airflow.
    """
    from parsers.stage import parse_documents
    from zonewatch.pipeline import parse_progress
    from zonewatch.progress import StageProgress

    settings = settings_for(db_url)
    with one_run_at_a_time(settings, "parse", wait_seconds), StageProgress() as progress:
        url = ready_db(settings)
        progress.stage("parse", None, "documents")
        stats = parse_documents(url, reparse_all=reparse_all, zone=zone, on_document=parse_progress(progress))
    if not as_json:
        print_parse_summary(stats)
        return
    click.echo(
        f"parsed {stats['parsed']} documents: {stats['work_reports']} work reports, {stats['reports']} texts, "
        f"{stats['failed']} failed, {stats['needs_ocr']} need OCR, {stats['unsupported']} unsupported",
        err=True,
    )
    output.print_json(stats)


def print_parse_summary(stats: dict[str, Any]) -> None:
    """The parse stage's counts for people."""
    output.summary(
        f"解析结果：{stats['parsed']} 份文档（抽取器 {stats.get('extractor_version') or '-'}）",
        [
            ("工作报告", stats["work_reports"]),
            ("有文本的文档", stats["reports"]),
            ("解析失败", stats["failed"]),
            ("需要 OCR", stats["needs_ocr"]),
            ("不支持的格式", stats["unsupported"]),
        ],
    )


def _published(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UserError(f"--published must be YYYY-MM-DD, not {value!r}") from None


NO_TEXT_EXIT = 2  # the file gave no text (scan, unmapped text layer, corrupt, unsupported)
NO_TITLE = "（无标题）"
KINDS = {"target": "目标", "actual": "实际"}
# The outcome of reading a file, in the words of the parse summary; why it failed goes to stderr.
STATUSES = {"ok": "已读取", "failed": "解析失败", "needs-ocr": "需要 OCR", "unsupported": "不支持的格式"}


def print_document(path: Path, parsed: Any) -> None:
    """What `extract` found in one file, for people: its metadata as a table (标题, 园区, 发布日期,
    回顾年, 计划年, 是否工作报告, 状态), then its target and actual records as another."""
    output.table(
        f"文档：{path}",
        ["项目", "内容"],
        [
            ["标题", parsed.title or NO_TITLE],
            ["园区", parsed.zone],
            ["发布日期", parsed.published],
            ["回顾年", parsed.review_year],
            ["计划年", parsed.plan_year],
            ["是否工作报告", f"{'是' if parsed.is_report else '否'}（得分 {parsed.report_score}）"],
            ["状态", STATUSES.get(parsed.status, parsed.status)],
        ],
    )
    output.echo()
    if not parsed.records:
        output.echo("目标与实绩：无")
        return
    output.table(
        f"目标与实绩：{len(parsed.records)} 条",
        ["类型", "年份", "指标", "比较", "数值", "单位"],
        [
            [
                KINDS.get(record["kind"], record["kind"]),
                record["year"],
                record["metric"],
                record["comparator"],
                "x" if record["value"] is None else record["value"],  # x: masked in the text
                record["unit"],
            ]
            for record in parsed.records
        ],
    )


@click.command()
@click.argument("path", type=INPUT_FILE)  # missing, a folder, unreadable: exit 1 below, as for --sites
@click.option("--published", metavar="YYYY-MM-DD", help="Publish date hint for texts that omit the year.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@db_option
@user_errors
def extract(path: Path, published: str | None, as_json: bool, db_url: str | None) -> None:
    """Extract the report metadata and target records of one .txt/.html/.pdf/.docx file.

    Stateless: the database is not touched (--db is accepted for symmetry and ignored). A file that
    gives no text (scanned, unmapped text layer, corrupt, unsupported) still prints its outcome on
    stdout, says why in one line on stderr, and exits with status 2. Warnings (pages not read) go
    to stderr too; the exit status is then 0.
    """
    from parsers.document import parse_path

    with reading(path):  # permissions, a file vanishing, an I/O error: the user's to fix (exit 1)
        parsed = parse_path(path, published=_published(published))
    if as_json:
        output.print_json(parsed.to_json(), ensure_ascii=False, indent=1)
    else:
        print_document(path, parsed)
    for warning in parsed.warnings:
        click.echo(f"zonewatch extract: {path}: warning: {warning}", err=True)
    if parsed.status != "ok":
        reason = " ".join((parsed.error or "no text").split())
        click.echo(f"zonewatch extract: {path}: {parsed.status}: {reason}", err=True)
        raise SystemExit(NO_TEXT_EXIT)
