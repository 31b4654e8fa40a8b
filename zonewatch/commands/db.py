"""`zonewatch db …`: schema migrations."""

from __future__ import annotations

import click

from zonewatch import output
from zonewatch.cli_common import db_option, explain_database, settings_for, user_errors

EMPTY = "（空，没有表）"
json_option = click.option(
    "--json", "as_json", is_flag=True, help='Print {"revision", "head", "url"} as one JSON object.'
)


def _state(url: str) -> dict[str, str | None]:
    """The database's revision, the newest one and its URL (password masked, as in every error
    line): what every db command tells."""
    from storage import migrate
    from zonewatch.database import shown

    return {"revision": migrate.current_revision(url), "head": migrate.head_revision(), "url": shown(url)}


def _moved(verb: str, state: dict[str, str | None], as_json: bool) -> None:
    """One line for people ("数据库已升级到 0004（最新版本）：URL"), or the state as JSON."""
    if as_json:
        output.print_json(state)
        return
    revision, head = state["revision"], state["head"]
    if revision is None:  # below the first migration: no tables at all
        output.echo(f"数据库已{verb}为空库（没有表，最新版本为 {head}）：{state['url']}")
        return
    where = "最新版本" if revision == head else f"最新版本为 {head}"
    output.echo(f"数据库已{verb}到 {revision}（{where}）：{state['url']}")


@click.group()
def db() -> None:
    """Create and migrate the zonewatch database."""


@db.command()
@db_option
@click.option("--revision", default="head", show_default=True, help="Target Alembic revision.")
@json_option
@user_errors
def upgrade(db_url: str | None, revision: str, as_json: bool) -> None:
    """Create the schema or upgrade it to the newest migration."""
    from sqlalchemy.exc import OperationalError

    from storage import migrate
    from zonewatch.database import require_db

    settings = settings_for(db_url)
    require_db(settings, create=True)  # the one reading-free way to make a database
    try:
        migrate.upgrade(settings.db_url, revision)
        state = _state(settings.db_url)
    except OperationalError as exc:
        raise explain_database(settings.db_url, exc) from None
    _moved("升级", state, as_json)


@db.command()
@db_option
@click.option("--revision", default="base", show_default=True, help="Target Alembic revision.")
@json_option
@user_errors
def downgrade(db_url: str | None, revision: str, as_json: bool) -> None:
    """Downgrade the schema (to an empty database by default)."""
    from storage import migrate
    from zonewatch.database import require_db

    settings = settings_for(db_url)
    require_db(settings, create=False)
    migrate.downgrade(settings.db_url, revision)
    _moved("降级", _state(settings.db_url), as_json)


@db.command()
@db_option
@json_option
@user_errors
def current(db_url: str | None, as_json: bool) -> None:
    """Print the database's revision and the newest one."""
    from zonewatch.database import require_db

    settings = settings_for(db_url)
    require_db(settings, create=False)
    state = _state(settings.db_url)
    if as_json:
        output.print_json(state)
        return
    revision, head = state["revision"], state["head"]
    output.table(
        f"数据库：{state['url']}",
        ["项目", "内容"],
        [
            ["当前版本", revision or EMPTY],
            ["最新版本", head],
            ["状态", "已是最新" if revision == head else "需要升级（zonewatch db upgrade）"],
        ],
    )
