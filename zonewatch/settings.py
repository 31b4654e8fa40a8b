"""Kept so `zonewatch.settings` imports keep working; runtime settings live in `config.settings`."""

from config.settings import DEFAULT_USER_AGENT, Settings, default_db_url, load_settings

__all__ = ["DEFAULT_USER_AGENT", "Settings", "default_db_url", "load_settings"]
