"""`zonewatch health`: which sites fail or changed, which zones' reports are overdue, from stored history."""

from __future__ import annotations

import datetime as dt

import click

from zonewatch import output
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
        output.print_json(report.as_json(), ensure_ascii=False, indent=1)
        return
    output.echo(f"健康状况 · {report.night.isoformat()}（北京时间）")
    if report.problems:
        output.table(
            f"未解决的问题：{len(report.problems)} 个",
            ["园区", "对象", "问题", "说明"],
            [[p.zone, "" if p.subject == p.zone else p.subject, p.label, p.summary] for p in report.problems],
        )
    else:
        output.echo("无未解决的问题。")
    rows = []
    for zone_health in report.zones.values():
        state = "逾期" if zone_health.overdue else ("已发布" if zone_health.has_current_report else "未到期")
        state = "已发布，未能解析" if zone_health.unread else state
        for site in zone_health.sites or [None]:
            rows.append(
                [
                    zone_health.zone,
                    f"{zone_health.year} 年：{state}",
                    zone_health.due.isoformat(),
                    site and site.site,
                    site and site.label,
                    site and site.first_seen,
                    site and site.last_new_document,
                    site and site.days_since_new_document,
                    site and site.last_reason,
                ]
            )
    output.echo()
    output.table(
        f"园区与站点：{len(report.zones)} 个园区",
        ["园区", "年度报告", "期限", "站点", "状态", "首次抓取", "最近新文档", "距今天数", "最近原因"],
        rows,
    )
