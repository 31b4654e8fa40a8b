"""`zonewatch export` and `zonewatch zones`: the workspace views as files, and the zone registry."""

from __future__ import annotations

import json
from pathlib import Path

import click

from zonewatch import output
from zonewatch.cli_common import UserError, db_option, ready_db, settings_for, user_errors, writable_out
from zonewatch.failures import CliError, ExitCode


def _filter_options(func: click.decorators.FC) -> click.decorators.FC:
    for option in reversed(
        [
            click.option("--q", "q", default="", help="Zones whose name or alias contains these words."),
            click.option("--province", default="", help="Registry province (未登记: zones not registered)."),
            click.option("--level", default="", help="国家级 or 省级 (未登记 for unknown)."),
            click.option("--type", "zone_type", default="", help="高新区, 经开区, 新区 or 其他."),
            click.option(
                "--sort", default="", help="A column of the page: zone, published, targets, value, change …"
            ),
            click.option("--desc", is_flag=True, help="Sort descending."),
        ]
    ):
        func = option(func)
    return func


@click.command()
@click.argument("view", type=click.Choice(["zones", "indicator", "card"]))
@click.option("--metric", default=None, help="indicator: the indicator, as the matcher reads it.")
@click.option(
    "--year", type=int, default=None, help="indicator: the target year (default: each zone's latest)."
)
@click.option("--zone", default=None, help="card: the zone (any registered name or alias).")
@_filter_options
@click.option(
    "--format", "fmt", type=click.Choice(["csv", "xlsx"]), default=None, help="Default: from --out's suffix."
)
@click.option("--out", type=click.Path(path_type=Path), required=True, help="The file to write.")
@db_option
@user_errors
def export(
    view: str,
    metric: str | None,
    year: int | None,
    zone: str | None,
    q: str,
    province: str,
    level: str,
    zone_type: str,
    sort: str,
    desc: bool,
    fmt: str | None,
    out: Path,
    db_url: str | None,
) -> None:
    """Write a workspace view (all zones, one indicator across zones, a zone's report card) as CSV
    (UTF-8 with a BOM, for Excel and WPS) or XLSX, with the same columns and filters as its page.

    Exit 1 for a missing --metric/--zone, an unknown zone or a format the suffix does not name;
    exit 5 when --out cannot be written (checked before the work).
    """
    from config.registry import by_default
    from monitor.workspace.export import render
    from monitor.workspace.filters import Filters
    from monitor.workspace.tables import card_counts_table, card_table, indicator_table, zones_table
    from storage.db import session_scope

    fmt = fmt or out.suffix.lstrip(".").lower()
    if fmt not in ("csv", "xlsx"):
        raise UserError(f"--out {out}: say --format csv or xlsx (or name the file .csv / .xlsx)")
    filters = Filters(q, province, level, zone_type, sort, "desc" if desc else "asc")
    registry = by_default()
    url = ready_db(settings_for(db_url))
    writable_out(out)  # before the work, as digest and run do
    with session_scope(url) as session:
        if view == "zones":
            from monitor.workspace.overview import overview

            tables = [zones_table(overview(session, registry, filters))]
        elif view == "indicator":
            from monitor.workspace.indicator import indicator_view

            if not metric:
                raise UserError("export indicator needs --metric (e.g. --metric 新认定高新技术企业)")
            table = indicator_view(session, registry, metric, filters, year)
            if not table.rows:
                raise UserError(f"no zone has a value of an indicator matching {metric!r}")
            tables = [indicator_table(table)]
        else:
            tables = _card_tables(session, zone, card_table, card_counts_table)
    data = render(fmt, *tables)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
    except OSError as exc:
        raise CliError(f"cannot write {out}: {exc.strerror or exc}", ExitCode.STORAGE) from None
    click.echo(f"{out}: {sum(len(t.rows) for t in tables[:1])} rows ({fmt})", err=True)


def _card_tables(session: object, zone: str | None, card_table: object, counts_table: object) -> list[object]:
    from config.registry import by_default
    from monitor.workspace.card import report_card

    if not zone:
        raise UserError("export card needs --zone")
    try:
        card = report_card(session, by_default().canonical(zone))  # type: ignore[arg-type]
    except LookupError as exc:
        raise UserError(str(exc)) from None
    return [card_table(card), counts_table(card)]  # type: ignore[operator]


@click.command()
@click.argument("names", nargs=-1)
@click.option("--province", default="", help="Only zones of this province.")
@click.option("--level", default="", help="国家级 or 省级.")
@click.option("--type", "zone_type", default="", help="高新区, 经开区, 新区 or 其他.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@user_errors
def zones(names: tuple[str, ...], province: str, level: str, zone_type: str, as_json: bool) -> None:
    """The zone registry: with NAMES, which registered zone each written name is (江阴高新技术产业开发区
    → 江阴高新区); without, the registered zones (filters as on the pages). Exit 1 when a name
    resolves to no zone or to two."""
    from config.registry import by_default

    registry = by_default()
    if names:
        results = [registry.resolve(name) for name in names]
        if as_json:
            click.echo(
                json.dumps(
                    [
                        {
                            "written": r.written,
                            "zone": r.zone.as_json() if r.zone else None,
                            "how": r.how,
                            "candidates": list(r.candidates),
                        }
                        for r in results
                    ],
                    ensure_ascii=False,
                    indent=1,
                )
            )
        else:
            output.table(
                f"园区名称：{len(results)} 个",
                ["写法", "园区", "省份", "级别", "类型", "说明"],
                [
                    [r.written, z.name, z.province, z.level or "级别未知", z.type, None]
                    if (z := r.zone)
                    else [r.written, None, None, None, None, _unresolved(r.candidates)]
                    for r in results
                ],
            )
        if not all(r.zone for r in results):
            raise SystemExit(1)
        return
    chosen = [
        z
        for z in registry.zones.values()
        if (not province or z.province == province)
        and (not level or z.level == level)
        and (not zone_type or z.type == zone_type)
    ]
    if as_json:
        output.print_json([z.as_json() for z in chosen], ensure_ascii=False, indent=1)
        return
    output.table(
        f"登记的园区：{len(chosen)} 个",
        ["园区", "全称", "省份", "城市", "级别", "类型"],
        [[z.name, z.full_name, z.province, z.city, z.level or "级别未知", z.type] for z in chosen],
    )


def _unresolved(candidates: tuple[str, ...] | list[str]) -> str:
    return f"可能是 {'、'.join(candidates)}" if candidates else "未登记"
