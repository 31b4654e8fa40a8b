"""Scrapy settings for zonewatch: polite by default, per-site delays, no JavaScript."""

from __future__ import annotations

from typing import Any

from config.settings import DEFAULT_USER_AGENT
from config.sites import SiteConfig

BOT_NAME = "zonewatch"
MAX_RESPONSE_BYTES = 20 * 1024 * 1024


def build_settings(
    sites: list[SiteConfig], user_agent: str | None = None, overrides: dict[str, Any] | None = None
) -> dict[str, Any]:
    slots: dict[str, dict[str, Any]] = {}
    for site in sites:
        for domain in site.domains():
            slots[domain] = {"delay": site.download_delay, "concurrency": 1}
    # AutoThrottle never goes below DOWNLOAD_DELAY and starts at its start delay: both follow the
    # most permissive site, while each site's own slot keeps that site's delay.
    floor = min((site.download_delay for site in sites), default=1.0)
    settings: dict[str, Any] = {
        "BOT_NAME": BOT_NAME,
        "USER_AGENT": user_agent or DEFAULT_USER_AGENT,
        "ROBOTSTXT_OBEY": True,
        "DOWNLOAD_DELAY": floor,
        "DOWNLOAD_SLOTS": slots,
        "CONCURRENT_REQUESTS": 32,
        # Scrapy starts this many asyncio workers for every callback's output; ours yield a few dozen
        # things at most, and 100 idle workers per response cost more CPU than the storage does.
        "CONCURRENT_ITEMS": 8,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 1,
        "AUTOTHROTTLE_ENABLED": True,
        "AUTOTHROTTLE_START_DELAY": max(floor, 0.01),
        "AUTOTHROTTLE_TARGET_CONCURRENCY": 1.0,
        "RETRY_ENABLED": True,
        "RETRY_TIMES": 2,
        "RETRY_HTTP_CODES": [500, 502, 503, 504, 522, 524, 408, 429],
        "DOWNLOAD_TIMEOUT": 30,
        "DOWNLOAD_MAXSIZE": MAX_RESPONSE_BYTES,
        "DOWNLOAD_WARNSIZE": 0,
        "COOKIES_ENABLED": True,
        "TELNETCONSOLE_ENABLED": False,
        "LOG_LEVEL": "WARNING",
        "LOG_INSTALL_ROOT_HANDLER": False,
        "ITEM_PIPELINES": {"crawlers.pipelines.StoragePipeline": 300},
        "DOWNLOADER_MIDDLEWARES": {"crawlers.middlewares.ConditionalRequestMiddleware": 560},
        "REQUEST_FINGERPRINTER_IMPLEMENTATION": "2.7",
        "HTTPCACHE_ENABLED": False,
        "DUPEFILTER_CLASS": "scrapy.dupefilters.RFPDupeFilter",
    }
    settings.update(overrides or {})
    return settings
