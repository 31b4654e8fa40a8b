"""Sites that moved without an HTTP redirect: a meta refresh, a script that sets `location`, a
frameset shell whose frames hold the site.

Whether the new address is still the same site is decided by registered domain, from the public
suffix list as tldextract bundles it (never fetched at run time): `www.zone.gov.cn` →
`new.zone.gov.cn` is the same site and is followed; `zone.gov.cn` → `other.gov.cn` is a move the
sites file must take in, so the site fails `moved to <url>`. Hosts without a registered domain
(addresses, `localhost`) are the same site only as the same host.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from urllib.parse import urljoin, urlsplit

import tldextract
from lxml import html as lxml_html
from w3lib.html import get_meta_refresh

# A browser follows a refresh at once or after a short pause; a long one reloads the same page.
MAX_REFRESH_DELAY_S = 60
SCRIPT = re.compile(r"<script\b[^>]*>(.*?)</script>", re.S | re.I)
ONLOAD = re.compile(r'\bonload\s*=\s*"([^"]*)"', re.I)
_TARGET = r"""(["'])([^"'\s]+)\1\s*(?=[;)}\n]|$)"""
LOCATION = (
    # location = "…", window.location.href = '…', top.location = …, document.location.href = …
    re.compile(
        r"(?:\b(?:window|top|self|parent|document)\s*\.\s*)?\blocation(?:\s*\.\s*href)?\s*(?<![=!<>])=(?!=)\s*"
        + _TARGET
    ),
    # location.replace('…'), window.location.assign("…")
    re.compile(r"\blocation\s*\.\s*(?:replace|assign)\s*\(\s*" + _TARGET),
)


@dataclass(frozen=True)
class PageMove:
    """Where a page sends its reader: `how` is "meta refresh", "script" or "frameset"."""

    how: str
    targets: tuple[str, ...]


@cache
def _extractor() -> tldextract.TLDExtract:
    # No suffix-list URLs: the snapshot shipped with the pinned package, no network, no cache dir.
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True)


def registered_domain(host: str) -> str:
    """`new.zone.gov.cn` → `zone.gov.cn`; an address or a bare name is its own domain."""
    host = host.lower().rstrip(".")
    return _extractor()(host).top_domain_under_public_suffix or host


def same_site(old_url: str, new_url: str) -> bool:
    """Whether new_url belongs to the site of old_url (same registered domain; ports ignored)."""
    old, new = urlsplit(old_url).hostname or "", urlsplit(new_url).hostname or ""
    return bool(old and new) and registered_domain(old) == registered_domain(new)


def _comments_out(script: str) -> str:
    script = re.sub(r"/\*.*?\*/", "", script, flags=re.S)
    return re.sub(r"(?m)^\s*//.*$", "", script)


def refresh_target(text: str, url: str) -> str | None:
    """The address a meta refresh sends the reader to (not inside <noscript>), or None."""
    delay, target = get_meta_refresh(text[:20000], url)
    if target is None or delay is None or delay > MAX_REFRESH_DELAY_S:
        return None
    return None if target.split("#")[0] == url.split("#")[0] else target


def script_target(text: str, url: str) -> str | None:
    """The literal address a page's script sends the browser to (`location.href = '…'` in a
    script or an `onload` handler), or None.

    Only for pages that show no list: a list page with a mobile-redirect script is still the list.
    """
    for body in SCRIPT.findall(text) + ONLOAD.findall(text):
        body = _comments_out(body)
        for pattern in LOCATION:
            found = pattern.search(body)
            if found and not found.group(2).lower().startswith(("javascript:", "#")):
                target = urljoin(url, found.group(2))
                if target.split("#")[0] != url.split("#")[0]:
                    return target
    return None


def frames(text: str, url: str, tag: str = "frame") -> list[str]:
    """The frames of a frameset page (tag "frame") or a page's iframes, in order."""
    if tag == "frame" and not re.search(r"<frameset\b", text, re.I):
        return []
    if tag == "iframe" and not re.search(r"<iframe\b", text, re.I):
        return []
    document = lxml_html.fromstring(text)
    sources = [(frame.get("src") or "").strip() for frame in document.iter(tag)]
    return [
        urljoin(url, src) for src in sources if src and not src.lower().startswith(("javascript:", "about:"))
    ]


def page_move(text: str, url: str, shows_list: bool) -> PageMove | None:
    """How the page sends its reader elsewhere, or None when it is the page itself.

    A meta refresh and a frameset count whatever the page shows; a location script and iframes
    only when the page shows no list (shows_list False), read like a frameset's frames.
    """
    target = refresh_target(text, url)
    if target:
        return PageMove("meta refresh", (target,))
    inner = frames(text, url)
    if inner:
        return PageMove("frameset", tuple(inner))
    if not shows_list:
        target = script_target(text, url)
        if target:
            return PageMove("script", (target,))
        inner = frames(text, url, "iframe")  # a shell that shows the site in an iframe
        if inner:
            return PageMove("frameset", tuple(inner))
    return None
