"""Scrapy settings for zonewatch: polite by default, per-site delays, no JavaScript."""

from __future__ import annotations

from typing import Any

from config.settings import DEFAULT_USER_AGENT
from config.sites import SiteConfig

BOT_NAME = "zonewatch"
MAX_RESPONSE_BYTES = 20 * 1024 * 1024


def site_settings(site: SiteConfig, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """The settings of one site's crawler: its own delay floor and download slots.

    AutoThrottle never goes below DOWNLOAD_DELAY, but that floor is one per crawler: under the
    process-wide floor (the most permissive site's) it would talk a slow site's slot down to the
    fastest site's delay. Each site has its own crawler, so each gets its own floor, and only its
    own domains' slots (all sites' slots in every crawler would cost sites x sites).
    """
    own = {
        "DOWNLOAD_DELAY": site.download_delay,
        "AUTOTHROTTLE_START_DELAY": max(site.download_delay, 0.01),
        "DOWNLOAD_TIMEOUT": site.download_timeout,
        "DOWNLOAD_SLOTS": {
            domain: {"delay": site.download_delay, "concurrency": 1} for domain in site.domains()
        },
    }
    return {key: value for key, value in own.items() if key not in (overrides or {})}


def build_settings(
    sites: list[SiteConfig], user_agent: str | None = None, overrides: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The process-wide settings; each site's crawler adds `site_settings` on top."""
    # AutoThrottle never goes below DOWNLOAD_DELAY and starts at its start delay: both follow the
    # most permissive site, while each site's own slot keeps that site's delay.
    floor = min((site.download_delay for site in sites), default=1.0)
    settings: dict[str, Any] = {
        "BOT_NAME": BOT_NAME,
        "USER_AGENT": user_agent or DEFAULT_USER_AGENT,
        "ROBOTSTXT_OBEY": True,
        "DOWNLOAD_DELAY": floor,
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
        "DOWNLOADER_MIDDLEWARES": {
            "crawlers.middlewares.ConditionalRequestMiddleware": 560,
            # Above RetryMiddleware (550): it sees a connection failure first and can stop the retries.
            "crawlers.middlewares.UnreachableHostMiddleware": 590,
        },
        "REQUEST_FINGERPRINTER_IMPLEMENTATION": "2.7",
        "HTTPCACHE_ENABLED": False,
        "DUPEFILTER_CLASS": "scrapy.dupefilters.RFPDupeFilter",
    }
    settings.update(overrides or {})
    return settings
