"""The digest as an email: HTML (inline CSS that Gmail, Outlook and Foxmail keep) plus plain text."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, select_autoescape

from monitor.compare import present
from monitor.compare.present import amount
from monitor.delivery.digest import Digest

TEMPLATES = Path(__file__).with_name("templates")


def safe_url(url: str | None) -> str | None:
    """Only http(s) links are rendered as links; javascript: and the like become plain text."""
    if url and urlsplit(url.strip()).scheme in ("http", "https"):
        return url.strip()
    return None


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        # Only the HTML template escapes: the plain-text part must show 《规划》 & <x> as written.
        autoescape=select_autoescape(["html.j2"], default_for_string=False, default=False),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["safe_url"] = safe_url
    env.globals["amount"] = amount
    # How a change item reads (monitor/compare/present.py): used by the _change_items partials.
    env.globals.update(
        delta=present.delta,
        quote=present.quote,
        note_text=present.note_text,
        labels=present.LABELS,
        notes=present.NOTES,
        verdicts=present.VERDICTS,
        reset_text=present.reset_text,
        match_note=present.match_note,
        reason=present.reason,
        item_year=present.item_year,
    )
    return env


def render_html(digest: Digest) -> str:
    return environment().get_template("digest.html.j2").render(digest=digest)


def render_text(digest: Digest) -> str:
    return environment().get_template("digest.txt.j2").render(digest=digest)


def assemble(
    subject: str, sender: str, recipients: list[str], text: str, html: str, message_id: str | None = None
) -> EmailMessage:
    """A multipart/alternative message: plain text first, HTML as the preferred part.

    A stable message_id per outbox row lets mail clients drop the duplicate if a retry re-sends a
    digest the server had in fact accepted before the connection broke.
    """
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = sender
    message["To"] = ", ".join(recipients)
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = message_id or make_msgid(domain="zonewatch")
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    return message
