"""Runtime settings: ZONEWATCH_* environment variables, with CLI flags overriding them.

One place reads the environment so every entry point (CLI, Airflow tasks, tests) agrees on defaults.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from config.sites import ConfigError

DEFAULT_USER_AGENT = (
    "zonewatch/0.1 (+https://github.com/zonewatch/zonewatch; crawler for public work reports)"
)


def _split_addresses(value: str | None) -> list[str]:
    if not value:
        return []
    return [part.strip() for part in value.replace(";", ",").split(",") if part.strip()]


@dataclass(frozen=True)
class Settings:
    home: Path
    db_url: str
    sites_file: Path | None = None
    smtp_url: str | None = None
    mail_from: str = "zonewatch@localhost"
    mail_to: list[str] = field(default_factory=list)
    user_agent: str = DEFAULT_USER_AGENT
    send_empty_digest: bool = False
    # Recipients with their own filters (monitor/delivery/subscriptions.py); None: everything to mail_to.
    subscriptions_file: Path | None = None
    # Base URL of the zone pages (the Airflow plugin); "{zone}" in it is replaced by the zone's name.
    ui_url: str | None = None
    # The nightly DAG waits for an analyst's approval in the Airflow UI before mailing.
    approval: bool = False
    # A digest's HTML is kept under this size: the least important items give way to a count and a link.
    digest_max_bytes: int = 90_000

    @property
    def data_dir(self) -> Path:
        return self.home

    def with_overrides(self, **overrides: object) -> Settings:
        """Return a copy where every override that is not None replaces the environment's value."""
        given = {key: value for key, value in overrides.items() if value is not None}
        return replace(self, **given)  # type: ignore[arg-type]


def default_db_url(home: Path) -> str:
    return f"sqlite:///{(home / 'zonewatch.db').resolve()}"


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


def _positive_int(env: dict[str, str] | os._Environ[str], name: str, default: int) -> int:
    raw = env.get(name)
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r}: expected a whole number") from None
    if value < 1:
        raise ConfigError(f"{name}={raw!r}: expected a number of at least 1")
    return value


def load_settings(environ: dict[str, str] | None = None) -> Settings:
    env = os.environ if environ is None else environ
    home = Path(env.get("ZONEWATCH_HOME") or "./var")
    sites = env.get("ZONEWATCH_SITES")
    subscriptions = env.get("ZONEWATCH_SUBSCRIPTIONS")
    return Settings(
        home=home,
        db_url=env.get("ZONEWATCH_DB_URL") or default_db_url(home),
        sites_file=Path(sites) if sites else None,
        smtp_url=env.get("ZONEWATCH_SMTP_URL") or None,
        mail_from=env.get("ZONEWATCH_MAIL_FROM") or "zonewatch@localhost",
        mail_to=_split_addresses(env.get("ZONEWATCH_MAIL_TO")),
        user_agent=env.get("ZONEWATCH_USER_AGENT") or DEFAULT_USER_AGENT,
        send_empty_digest=_flag(env.get("ZONEWATCH_SEND_EMPTY_DIGEST")),
        subscriptions_file=Path(subscriptions) if subscriptions else None,
        ui_url=env.get("ZONEWATCH_UI_URL") or None,
        approval=_flag(env.get("ZONEWATCH_APPROVAL")),
        digest_max_bytes=_positive_int(env, "ZONEWATCH_DIGEST_MAX_BYTES", 90_000),
    )
