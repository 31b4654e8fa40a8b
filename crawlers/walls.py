"""Anti-bot walls and script-only lists: recognised and reported, never run or retried forever."""

from __future__ import annotations

import re

CHALLENGE = re.compile(rb"\$_ts\s*=\s*window\[|__jsluid|document\.cookie\s*=\s*['\"]__jsl|_bot_sbu|r='m'")
WAF_WORDS = ("拒绝执行", "云防护", "访问请求被拒绝", "Web应用防火墙", "WAF")


def wall_reason(status: int, body: bytes) -> str | None:
    """A specific reason when a response is a wall rather than content."""
    if status in (412, 521) or (status in (200, 202) and CHALLENGE.search(body[:20000])):
        return "blocked: js-challenge"
    if status == 403:
        text = body[:20000].decode("utf-8", "ignore")
        kind = "waf" if any(word in text for word in WAF_WORDS) else "http 403"
        return f"blocked: {kind}"
    return None


def is_script_shell(text: str) -> bool:
    """A page that builds its list in JavaScript: scripts present, no article links in the HTML."""
    return bool(re.search(r"<script", text, re.I)) and len(re.findall(r"<a\s", text, re.I)) < 8
