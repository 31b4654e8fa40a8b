"""The three SMTP URL forms against real aiosmtpd servers: STARTTLS with login, implicit TLS, refusal."""

from __future__ import annotations

import shutil
import ssl
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from monitor.delivery.mailer import MailError, parse_smtp_url, redact, send, smtp_url
from monitor.delivery.render import assemble
from tests.monitor.conftest import Inbox, free_port

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl is needed for a test cert")


@pytest.fixture(scope="module")
def cert(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("tls")
    key, crt = folder / "key.pem", folder / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1"]
        + ["-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(crt)],
        check=True,
        capture_output=True,
    )
    return key, crt


def _server_context(cert: tuple[Path, Path]) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(str(cert[1]), str(cert[0]))
    return context


def _authenticator(server, session, envelope, mechanism, auth_data):  # type: ignore[no-untyped-def]
    ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
        b"digest@example.cn",
        b"p@ss:w/rd",
    )
    # handled=False: aiosmtpd answers a failure with 535 itself (handled=True would leave it silent).
    return AuthResult(success=ok, handled=False)


def _message():  # type: ignore[no-untyped-def]
    return assemble("zonewatch 日报", "digest@example.cn", ["reader@example.cn"], "正文", "<p>正文</p>")


@pytest.fixture
def starttls_server(cert: tuple[Path, Path]) -> Iterator[tuple[Inbox, int]]:
    inbox, port = Inbox(), free_port()
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=port,
        tls_context=_server_context(cert),
        require_starttls=True,
        authenticator=_authenticator,
        auth_required=True,
        auth_require_tls=True,
    )
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


def test_starttls_and_login_from_the_url(starttls_server, cert) -> None:  # type: ignore[no-untyped-def]
    inbox, port = starttls_server
    url = smtp_url("127.0.0.1", port, username="digest@example.cn", password="p@ss:w/rd")
    send(_message(), parse_smtp_url(f"{url}?cafile={cert[1]}"))
    ((sender, recipients, message),) = inbox.messages
    assert (sender, recipients, message["Subject"]) == (
        "digest@example.cn",
        ["reader@example.cn"],
        "zonewatch 日报",
    )


def test_wrong_password_and_untrusted_cert_are_mail_errors(starttls_server, cert) -> None:  # type: ignore[no-untyped-def]
    inbox, port = starttls_server
    wrong = smtp_url("127.0.0.1", port, username="digest@example.cn", password="nope")
    with pytest.raises(MailError, match="Authentication"):
        send(_message(), parse_smtp_url(f"{wrong}?cafile={cert[1]}"))
    with pytest.raises(MailError, match="CERTIFICATE_VERIFY_FAILED"):
        send(_message(), parse_smtp_url(wrong))  # a self-signed cert is not trusted by default
    assert inbox.messages == []
    assert "nope" not in redact(wrong) and "***" in redact(wrong)


def test_implicit_tls(cert: tuple[Path, Path]) -> None:
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, ssl_context=_server_context(cert))
    controller.start()
    try:
        send(_message(), parse_smtp_url(f"smtps://127.0.0.1:{port}?cafile={cert[1]}"))
    finally:
        controller.stop()
    assert len(inbox.messages) == 1


class Refusing(Inbox):
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # type: ignore[no-untyped-def]  # noqa: N802
        return "550 5.1.1 mailbox unavailable"


def test_refused_recipient_is_a_mail_error() -> None:
    inbox, port = Refusing(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with pytest.raises(MailError, match="Refused"):
            send(_message(), parse_smtp_url(f"smtp://127.0.0.1:{port}"))
    finally:
        controller.stop()
    assert inbox.messages == []


@pytest.mark.parametrize("url", ["http://mail.example.cn", "smtp://", "smtp://h:notaport"])
def test_bad_urls_are_mail_errors(url: str) -> None:
    with pytest.raises(MailError, match="bad SMTP URL"):
        parse_smtp_url(url)
