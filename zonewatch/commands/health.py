"""`zonewatch health`: which sites fail or changed, which zones' reports are overdue, from stored history."""

from __future__ import annotations

import datetime as dt
import json

import click

from zonewatch.cli_common import UserError, db_option, ready_db, settings_for, user_errors


def _moment(day: dt.date | None) -> dt.datetime | None:
    """The end of a Beijing day as naive UTC: health "as of that night"."""
    if day is None:
        return None
    return dt.datetime.combine(day, dt.time(23, 59)) - dt.timedelta(hours=8)


@click.command()
@click.option("--zone", default=None, help="Only this zone.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON: {night, problems, zones}.")
@click.option(
    "--at",
    "at_day",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="Assess as of this Beijing date (default: now).",
)
@db_option
@user_errors
def health(zone: str | None, as_json: bool, at_day: dt.datetime | None, db_url: str | None) -> None:
    """Source health: failing and changed sites, overdue reports, first-seen and last-new dates.

    Reads only; exit status 0 whatever the health (the digest is what alerts).
    """
    from monitor.health.sources import assess
    from storage.db import session_scope

    url = ready_db(settings_for(db_url))
    with session_scope(url) as session:
        report = assess(session, _moment(at_day.date() if at_day else None), zone=zone)
    if zone is not None and zone not in report.zones:
        raise UserError(f"zone {zone!r} has no configured site")
    if as_json:
        click.echo(json.dumps(report.as_json(), ensure_ascii=False, indent=1))
        return
    click.echo(f"健康状况 · {report.night.isoformat()}（北京时间）")
    if not report.problems:
        click.echo("无未解决的问题。")
    for problem in report.problems:
        where = problem.zone if problem.subject == problem.zone else f"{problem.zone}（{problem.subject}）"
        click.echo(f"! {where} · {problem.label}：{problem.summary}")
    for zone_health in report.zones.values():
        state = "逾期" if zone_health.overdue else ("已发布" if zone_health.has_current_report else "未到期")
        state = "已发布，未能解析" if zone_health.unread else state
        click.echo(
            f"\n{zone_health.zone}  {zone_health.year} 年报告：{state}（期限 {zone_health.due.isoformat()}）"
        )
        for site in zone_health.sites:
            days = "-" if site.days_since_new_document is None else f"{site.days_since_new_document} 天"
            click.echo(
                f"  {site.site:<24} {site.label:<6} 首次 {site.first_seen or '-'}  "
                f"最近新文档 {site.last_new_document or '-'}（{days}）"
                + (f"  {site.last_reason}" if site.last_reason else "")
            )
