"""SMTP delivery from a URL.

smtp://user:pass@host:587   plain connection upgraded with STARTTLS when the server offers it
smtps://user:pass@host:465  implicit TLS from the first byte
smtp://host:1025            plain, e.g. a local relay or a test server
An optional ?cafile=/path.pem trusts a private CA (an internal relay) on top of nothing else.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from urllib.parse import parse_qs, quote, unquote, urlsplit


class MailError(RuntimeError):
    """Delivery failed; the digest stays in the outbox and is retried."""


@dataclass(frozen=True)
class SmtpTarget:
    host: str
    port: int
    implicit_tls: bool
    username: str | None = None
    password: str | None = None
    starttls: bool = True
    cafile: str | None = None

    def tls_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=self.cafile)


def parse_smtp_url(url: str) -> SmtpTarget:
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise MailError(f"bad SMTP URL {redact(url)!r}: expected smtp://host:port or smtps://host:port")
    implicit = parts.scheme == "smtps"
    query = parse_qs(parts.query)
    try:
        port = parts.port or (465 if implicit else 25)
    except ValueError as exc:
        raise MailError(f"bad SMTP URL {redact(url)!r}: {exc}") from None
    return SmtpTarget(
        host=parts.hostname,
        port=port,
        implicit_tls=implicit,
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        starttls=(query.get("starttls", ["auto"])[0].lower() not in ("no", "false", "0")),
        cafile=query.get("cafile", [None])[0],
    )


def smtp_target(url: str) -> SmtpTarget:
    """The parsed target of an SMTP URL (raises MailError with the password hidden when malformed)."""
    return parse_smtp_url(url)


def smtp_url(
    host: str,
    port: int | None = None,
    *,
    username: str | None = None,
    password: str | None = None,
    implicit_tls: bool = False,
) -> str:
    """An SMTP URL from parts (e.g. an Airflow connection), credentials percent-encoded."""
    scheme = "smtps" if implicit_tls else "smtp"
    credentials = ""
    if username:
        credentials = quote(username, safe="") + (f":{quote(password, safe='')}" if password else "") + "@"
    return f"{scheme}://{credentials}{host}:{port or (465 if implicit_tls else 25)}"


def redact(url: str) -> str:
    """The URL with its password replaced, fit for logs and the outbox's last_error."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return parts._replace(netloc=netloc).geturl()


def send(message: EmailMessage, target: SmtpTarget, timeout: float = 30) -> None:
    try:
        if target.implicit_tls:
            client: smtplib.SMTP = smtplib.SMTP_SSL(
                target.host, target.port, timeout=timeout, context=target.tls_context()
            )
        else:
            client = smtplib.SMTP(target.host, target.port, timeout=timeout)
        with client:
            client.ehlo()
            if not target.implicit_tls and target.starttls and client.has_extn("starttls"):
                client.starttls(context=target.tls_context())
                client.ehlo()
            if target.username:
                client.login(target.username, target.password or "")
            client.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        raise MailError(f"{type(exc).__name__}: {exc}"[:500]) from exc
