"""Kept so `zonewatch.sites` imports keep working; the sites file model lives in `config.sites`."""

from config.sites import ConfigError, SiteConfig, load_sites, parse_site, parse_sites, select_sites

__all__ = ["ConfigError", "SiteConfig", "load_sites", "parse_site", "parse_sites", "select_sites"]
