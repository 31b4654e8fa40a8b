"""Scrapy settings for zonewatch: polite by default, per-site delays, no JavaScript."""

from __future__ import annotations

from typing import Any

from scrapy.settings import BaseSettings, Settings, SettingsAttribute

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
        "DOWNLOAD_MAXSIZE": site.max_bytes,
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
        # Each site is its own crawler: a stats logger and a memory watcher per site cost thousands of
        # timers a night and say nothing at WARNING level (the process's memory is the runner's).
        "LOGSTATS_INTERVAL": 0,
        # A development check that reads and parses each callback's source on every response
        # (its cache is keyed by bound methods, new each time): a tenth of the crawl's CPU.
        "WARN_ON_GENERATOR_RETURN_VALUE": False,
        "MEMUSAGE_ENABLED": False,
        "LOG_LEVEL": "WARNING",
        "LOG_INSTALL_ROOT_HANDLER": False,
        "ITEM_PIPELINES": {"crawlers.pipelines.StoragePipeline": 300},
        # Each site is a crawler of its own, so every component below is built once per site:
        # the ones this crawler never uses (auth, cache, feeds, depth stats, a development check
        # on request meta) are left out.
        "SPIDER_MIDDLEWARES": {
            "scrapy.spidermiddlewares.depth.DepthMiddleware": None,
            "scrapy.spidermiddlewares.metacopy.MetaCopyDetectionMiddleware": None,
        },
        "EXTENSIONS": {"scrapy.extensions.feedexport.FeedExporter": None},
        "DOWNLOADER_MIDDLEWARES": {
            "scrapy.downloadermiddlewares.httpauth.HttpAuthMiddleware": None,
            "scrapy.downloadermiddlewares.httpcache.HttpCacheMiddleware": None,
            "crawlers.middlewares.ConditionalRequestMiddleware": 560,
            # Above RetryMiddleware (550): it sees a connection failure first and can stop the retries.
            "crawlers.middlewares.UnreachableHostMiddleware": 590,
        },
        "HTTPCACHE_ENABLED": False,
        "DUPEFILTER_CLASS": "scrapy.dupefilters.RFPDupeFilter",
    }
    settings.update(overrides or {})
    return settings


class ProcessSettings(Settings):
    """Process settings whose per-crawler copy is cheap.

    Scrapy copies the process settings into every crawler (one per site) with copy.deepcopy: some
    2,400 objects, the largest single cost of a night of thousands of sites. Settings hold nested
    BaseSettings, dicts and lists of plain values, and immutable values (str, numbers, classes), so
    copying those containers and sharing the rest is the same deep copy, ten times faster.
    """

    def copy(self) -> ProcessSettings:
        return _copy_settings(self)


def _copy_settings(settings: Any) -> Any:
    copied = settings.__class__.__new__(settings.__class__)
    copied.__dict__.update(settings.__dict__)
    attributes = {}
    for name, attribute in settings.attributes.items():
        twin = SettingsAttribute.__new__(SettingsAttribute)
        twin.value = _copy_value(attribute.value)
        twin.priority = attribute.priority
        attributes[name] = twin
    copied.attributes = attributes
    return copied


def _copy_value(value: Any) -> Any:
    if isinstance(value, BaseSettings):
        return _copy_settings(value)
    if isinstance(value, dict):
        return {key: _copy_value(item) for key, item in value.items()}
    if isinstance(value, (list, set)):
        return type(value)(_copy_value(item) for item in value)
    if isinstance(value, tuple):
        return tuple(_copy_value(item) for item in value)
    return value
