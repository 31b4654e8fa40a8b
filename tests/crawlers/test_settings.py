"""Per-site politeness: each site's crawler keeps its own delay floor under AutoThrottle."""

from __future__ import annotations

from scrapy.settings import Settings

from config.sites import SiteConfig
from crawlers.runner import _spider_for
from crawlers.settings import build_settings


def test_a_slow_site_keeps_its_delay_beside_a_fast_one() -> None:
    slow = SiteConfig(
        name="slow", zone="慢速园区", start_urls=["http://slow.example/list.html"], download_delay=2.0
    )
    fast = SiteConfig(
        name="fast", zone="快速园区", start_urls=["http://fast.example/list.html"], download_delay=0.2
    )
    process_settings = build_settings([slow, fast])
    assert process_settings["DOWNLOAD_DELAY"] == 0.2
    assert "DOWNLOAD_SLOTS" not in process_settings, "each crawler holds its own site's slots only"
    floors = {}
    for site in (slow, fast):
        # What Crawler.__init__ does with the process settings for this site's spider class.
        settings = Settings(process_settings)
        _spider_for(site, {}).update_settings(settings)
        floors[site.name] = (
            settings.getfloat("DOWNLOAD_DELAY"),
            settings.getfloat("AUTOTHROTTLE_START_DELAY"),
            {domain: slot["delay"] for domain, slot in settings.getdict("DOWNLOAD_SLOTS").items()},
        )
    assert floors == {
        "slow": (2.0, 2.0, {"slow.example": 2.0}),
        "fast": (0.2, 0.2, {"fast.example": 0.2}),
    }


def test_explicit_overrides_win_over_the_site_floor() -> None:
    site = SiteConfig(name="s", zone="园区", start_urls=["http://s.example/"], download_delay=1.0)
    settings = Settings(build_settings([site], overrides={"DOWNLOAD_DELAY": 0}))
    _spider_for(site, {"DOWNLOAD_DELAY": 0}).update_settings(settings)
    assert settings.getfloat("DOWNLOAD_DELAY") == 0


def test_every_setting_we_give_scrapy_is_one_it_still_reads() -> None:
    """A setting Scrapy dropped (REQUEST_FINGERPRINTER_IMPLEMENTATION, no longer read by 2.19) does nothing
    but suggest it does: every key we set is one of Scrapy's own settings (issue 22)."""
    from scrapy.settings import default_settings

    site = SiteConfig(name="a", zone="甲园区", start_urls=["http://a.example/list.html"])
    ours = {**build_settings([site]), **_spider_for(site, {}).custom_settings}
    unknown = sorted(key for key in ours if not hasattr(default_settings, key))
    assert unknown == [], f"settings Scrapy {__import__('scrapy').__version__} does not know: {unknown}"
