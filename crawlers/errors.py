"""What a failed request was, in a few words: "http 503", "timeout", "robots", "connection refused"…"""

from __future__ import annotations

import re

from twisted.python.failure import Failure

ERROR_KINDS = (
    ("DNSLookup", "dns"),
    ("Timeout", "timeout"),
    ("TimedOut", "timeout"),
    ("ConnectionRefused", "connection refused"),
    ("ConnectionLost", "connection lost"),
    ("ConnectionDone", "connection lost"),
    ("SSL", "tls"),
    ("TLS", "tls"),
)


def error_kind(failure: Failure) -> str:
    """A short, specific reason for a failed request (Scrapy wraps Twisted's errors in its own).

    An HTTP error is its status ("http 503"), checked first: Scrapy's HttpError is an
    IgnoreRequest, which otherwise reads as a robots.txt refusal.
    """
    from crawlers.middlewares import SiteUnreachable  # here: the middleware module imports Scrapy

    if isinstance(failure.value, SiteUnreachable):
        return failure.value.kind  # the host never answered: its first failure's kind, said once
    names = " ".join(cls.__name__ for cls in failure.type.__mro__)
    message = failure.getErrorMessage()
    response = getattr(failure.value, "response", None)
    if "HttpError" in names:
        if response is not None and getattr(response, "status", None):
            return f"http {response.status}"
        status = re.search(r"(\d{3})", message)
        return f"http {status.group(1)}" if status else "http error"
    for marker, kind in ERROR_KINDS:
        if marker in names:
            return kind
    if "certificate" in message or "SSL" in message:
        return "tls"
    if "maxsize" in message.lower() or "larger than" in message or "Cancelled" in names:
        return "oversize"
    if "IgnoreRequest" in names:
        return "robots" if "robots.txt" in message else "filtered"
    return f"{failure.type.__name__}: {message}"[:80]
