"""The zone pages as a FastAPI app: mounted by the Airflow plugin under /zonewatch, or run alone.

Read-only and, inside Airflow, outside its login: every page shows only what the digest mails.
The database is the CLI's (`ZONEWATCH_DB_URL`, else SQLite under `ZONEWATCH_HOME`), read at each
request so a running API server follows the environment it was started with.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

TEMPLATES = Path(__file__).with_name("templates")


@cache
def _environment() -> Environment:
    from monitor.delivery.render import amount, safe_url
    from zonewatch_ui.svg import indicator_chart

    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html.j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["safe_url"] = safe_url
    env.filters["quote"] = lambda text: quote(str(text), safe="")
    env.globals.update(amount=amount, chart=indicator_chart)
    return env


def _page(template: str, status: int = 200, **context: object) -> HTMLResponse:
    html = _environment().get_template(template).render(**context)
    return HTMLResponse(html, status_code=status, headers={"Cache-Control": "no-store"})


def create_app(db_url: str | None = None, now: dt.datetime | None = None) -> FastAPI:
    """The app. db_url and now are fixed by tests; by default each request reads the settings and the clock."""
    app = FastAPI(title="zonewatch 园区监测", docs_url=None, redoc_url=None, openapi_url=None)

    def database() -> str:
        from zonewatch.settings import load_settings

        return db_url or load_settings().db_url

    def unavailable(exc: Exception) -> HTMLResponse:
        # One line, no traceback and no address: the page is public.
        return _page("error.html.j2", 503, message="数据库暂不可用，请稍后再试。", detail=type(exc).__name__)

    @app.get("/", response_class=HTMLResponse)
    def zones(request: Request) -> HTMLResponse:
        from sqlalchemy.exc import SQLAlchemyError

        from storage.db import session_scope
        from zonewatch_ui.data import overview

        try:
            with session_scope(database()) as session:
                rows, night = overview(session, now)
        except SQLAlchemyError as exc:
            return unavailable(exc)
        return _page("zones.html.j2", rows=rows, night=night, problems=sum(len(r.problems) for r in rows))

    @app.get("/zones/{zone}", response_class=HTMLResponse)
    def zone(zone: str) -> HTMLResponse:
        from sqlalchemy.exc import SQLAlchemyError

        from storage.db import session_scope
        from zonewatch_ui.data import zone_page

        try:
            with session_scope(database()) as session:
                page = zone_page(session, zone, now)
        except LookupError:
            return _page("error.html.j2", 404, message=f"没有名为“{zone}”的园区。", detail="")
        except SQLAlchemyError as exc:
            return unavailable(exc)
        return _page("zone.html.j2", page=page)

    @app.get("/digests/{preview_id}", response_class=HTMLResponse)
    def digest_preview(preview_id: int) -> HTMLResponse:
        """The digest an approver is asked about, exactly as it will be mailed (read-only)."""
        from sqlalchemy.exc import SQLAlchemyError

        from storage.db import session_scope
        from storage.models import DigestPreview

        try:
            with session_scope(database()) as session:
                kept = session.get(DigestPreview, preview_id)
                html = kept.html if kept else None
        except SQLAlchemyError as exc:
            return unavailable(exc)
        if html is None:
            return _page("error.html.j2", 404, message=f"没有编号为 {preview_id} 的日报预览。", detail="")
        # The digest is our own autoescaped rendering; the policy still forbids scripts and frames.
        policy = "default-src 'none'; style-src 'unsafe-inline'; img-src data: https: http:; frame-ancestors 'self'"
        return HTMLResponse(html, headers={"Cache-Control": "no-store", "Content-Security-Policy": policy})

    return app


app = create_app()
