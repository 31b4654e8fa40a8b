"""The workspace pages as a FastAPI app: mounted by the Airflow plugin under /zonewatch, or run alone.

Pages: all zones (`/`, filters and sorting in the query string), one indicator across zones
(`/indicators?metric=…`), one zone with its report card (`/zones/<zone>`); each view also as CSV
(with a BOM) and XLSX with the same filters (`/export.csv`, `/indicators/export.xlsx`,
`/zones/<zone>/card.csv` …). Read-only and, inside Airflow, outside its login: every page shows only
what the digest mails. The database is the CLI's (`ZONEWATCH_DB_URL`, else SQLite under
`ZONEWATCH_HOME`), read at each request so a running API server follows the environment it was
started with.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape

log = logging.getLogger(__name__)

TEMPLATES = Path(__file__).with_name("templates")
PAGE_SIZE = 100  # rows of the all-zones page; the export has them all


@cache
def _environment() -> Environment:
    from monitor.compare.present import LABELS, amount
    from monitor.delivery.render import safe_url
    from zonewatch_ui.svg import bar_chart, indicator_chart
    from zonewatch_ui.timezone import beijing

    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html.j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["safe_url"] = safe_url
    env.filters["quote"] = lambda text: quote(str(text), safe="")
    env.filters["beijing"] = beijing
    env.globals.update(amount=amount, chart=indicator_chart, bar_chart=bar_chart, change_labels=LABELS)
    return env


def _page(template: str, status: int = 200, **context: object) -> HTMLResponse:
    html = _environment().get_template(template).render(**context)
    return HTMLResponse(html, status_code=status, headers={"Cache-Control": "no-store"})


def _download(data: bytes, format: str, name: str) -> Response:
    from monitor.workspace.export import MEDIA_TYPES

    filename = quote(f"{name}.{format}", safe="")
    return Response(
        data,
        media_type=MEDIA_TYPES[format],
        headers={
            "Content-Disposition": f"attachment; filename*=UTF-8''{filename}",
            "Cache-Control": "no-store",
        },
    )


@cache
def _facets() -> dict[str, list[str]]:
    """Filter values of the whole registry (the indicator page filters zones it has not listed yet)."""
    from config.registry import by_default

    zones = by_default().zones.values()
    return {
        name: sorted({getattr(z, name) for z in zones if getattr(z, name)})
        for name in ("province", "level", "type")
    }


def create_app(db_url: str | None = None, now: dt.datetime | None = None) -> FastAPI:
    """The app. db_url and now are fixed by tests; by default each request reads the settings and the clock."""
    app = FastAPI(title="zonewatch 园区监测", docs_url=None, redoc_url=None, openapi_url=None)

    def database() -> str:
        from zonewatch.settings import load_settings

        return db_url or load_settings().db_url

    def unavailable(exc: Exception) -> HTMLResponse:
        # One line, no traceback and no address: the page is public.
        return _page("error.html.j2", 503, message="数据库暂不可用，请稍后再试。", detail=type(exc).__name__)

    def missing(path: Path) -> HTMLResponse:
        # A mistyped ZONEWATCH_DB_URL: say so, rather than an empty listing as if all were well.
        # The page is public, so the path goes to the server's log, where the operator fixes it.
        log.error("zone pages: no zonewatch database at %s (check ZONEWATCH_DB_URL)", path)
        return _page("error.html.j2", 503, message="数据库不存在，请检查 ZONEWATCH_DB_URL。", detail="")

    def read(work: Callable[[Any], Any]) -> Any:
        """Run `work(session)`; a database error or a missing database becomes the 503 page."""
        from sqlalchemy.exc import SQLAlchemyError

        from storage.db import DatabaseMissing, session_scope

        try:
            with session_scope(database()) as session:
                return work(session)
        except DatabaseMissing as exc:
            return missing(exc.path)
        except SQLAlchemyError as exc:
            return unavailable(exc)

    def filters(request: Request, sort: str = "") -> Any:
        from monitor.workspace.filters import Filters

        return Filters.from_query(request.query_params, sort=sort)

    def overview(request: Request) -> Any:
        from config.registry import by_default
        from monitor.workspace.overview import overview as rows

        chosen = filters(request, "zone")
        return read(lambda session: (rows(session, by_default(), chosen, now), chosen))

    @app.get("/", response_class=HTMLResponse)
    def zones(request: Request) -> Response:
        result = overview(request)
        if isinstance(result, Response):
            return result
        view, chosen = result
        problems = sum(len(r.problems) for r in view.rows)
        pages = max(1, -(-len(view.rows) // PAGE_SIZE))
        raw = request.query_params.get("page") or "1"
        page = min(max(int(raw) if raw.isdigit() else 1, 1), pages)
        shown = view.rows[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
        return _page(
            "zones.html.j2", view=view, rows=shown, filters=chosen, problems=problems, page=page, pages=pages
        )

    @app.get("/export.{format}")
    def zones_export(request: Request, format: str) -> Response:
        from monitor.workspace.export import FORMATS, render
        from monitor.workspace.tables import zones_table

        if format not in FORMATS:
            return _page("error.html.j2", 404, message="只提供 CSV 与 XLSX 下载。", detail="")
        result = overview(request)
        if isinstance(result, Response):
            return result
        return _download(render(format, zones_table(result[0])), format, "全部园区")

    def indicator(request: Request) -> Any:
        from config.registry import by_default
        from monitor.workspace.indicator import indicator_view, popular_indicators

        chosen = filters(request)
        metric = (request.query_params.get("metric") or "").strip()[:60]
        raw_year = request.query_params.get("year") or ""
        year = int(raw_year) if raw_year.isdigit() and len(raw_year) == 4 else None

        def work(session: Any) -> Any:
            view = indicator_view(session, by_default(), metric, chosen, year) if metric else None
            popular = popular_indicators(session) if not metric or not (view and view.rows) else []
            return view, popular

        result = read(work)
        return result if isinstance(result, Response) else (*result, chosen, metric, year)

    @app.get("/indicators", response_class=HTMLResponse)
    def indicators(request: Request) -> Response:
        result = indicator(request)
        if isinstance(result, Response):
            return result
        from monitor.workspace.indicator import chart_rows

        view, popular, chosen, metric, year = result
        rows = view.rows if view else []
        pages = max(1, -(-len(rows) // PAGE_SIZE))
        raw = request.query_params.get("page") or "1"
        page = min(max(int(raw) if raw.isdigit() else 1, 1), pages)
        return _page(
            "indicator.html.j2",
            rows=rows[(page - 1) * PAGE_SIZE : page * PAGE_SIZE],
            page=page,
            pages=pages,
            view=view,
            popular=popular,
            filters=chosen,
            metric=metric,
            year=year,
            facets=_facets(),
            chart_bars=chart_rows(view) if view else [],
        )

    @app.get("/indicators/export.{format}")
    def indicators_export(request: Request, format: str) -> Response:
        from monitor.workspace.export import FORMATS, render
        from monitor.workspace.tables import indicator_table

        result = indicator(request)
        if isinstance(result, Response):
            return result
        view = result[0]
        if format not in FORMATS or view is None:
            return _page("error.html.j2", 404, message="请先选择指标；只提供 CSV 与 XLSX 下载。", detail="")
        return _download(render(format, indicator_table(view)), format, f"指标-{view.metric}")

    def zone_data(zone: str) -> Any:
        from zonewatch_ui.data import zone_page

        def work(session: Any) -> Any:
            try:
                return zone_page(session, zone, now)
            except LookupError:
                return _page("error.html.j2", 404, message=f"没有名为“{zone}”的园区。", detail="", root="../")

        return read(work)

    @app.get("/zones/{zone}", response_class=HTMLResponse)
    def zone(zone: str) -> Response:
        page = zone_data(zone)
        return page if isinstance(page, Response) else _page("zone.html.j2", page=page)

    @app.get("/zones/{zone}/card.{format}")
    def card_export(zone: str, format: str) -> Response:
        from monitor.workspace.export import FORMATS, render
        from monitor.workspace.tables import card_counts_table, card_table

        page = zone_data(zone)
        if isinstance(page, Response):
            return page
        if format not in FORMATS or page.card is None:
            return _page(
                "error.html.j2", 404, message="该园区尚无工作报告；只提供 CSV 与 XLSX 下载。", detail=""
            )
        tables = (card_table(page.card), card_counts_table(page.card))
        return _download(render(format, *tables), format, f"目标兑现-{page.zone}")

    @app.get("/digests/{preview_id}", response_class=HTMLResponse)
    def digest_preview(preview_id: int) -> HTMLResponse:
        """The digest an approver is asked about, exactly as it will be mailed (read-only)."""
        from sqlalchemy.exc import SQLAlchemyError

        from storage.db import DatabaseMissing, session_scope
        from storage.models import DigestPreview

        try:
            with session_scope(database()) as session:
                kept = session.get(DigestPreview, preview_id)
                html = kept.html if kept else None
        except DatabaseMissing as exc:
            return missing(exc.path)
        except SQLAlchemyError as exc:
            return unavailable(exc)
        if html is None:
            return _page("error.html.j2", 404, message=f"没有编号为 {preview_id} 的日报预览。", detail="")
        # The digest is our own autoescaped rendering; the policy still forbids scripts and frames.
        policy = "default-src 'none'; style-src 'unsafe-inline'; img-src data: https: http:; frame-ancestors 'self'"
        return HTMLResponse(html, headers={"Cache-Control": "no-store", "Content-Security-Policy": policy})

    return app


app = create_app()
