"""A real SMTP server (aiosmtpd) on a free loopback port, and a database with two reports of a zone."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest

from storage import repository as repo
from storage.db import session_scope
from zonewatch.sites import SiteConfig


class Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], EmailMessage]] = []

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]  # noqa: N802
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), message))  # type: ignore[arg-type]
        return "250 OK"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server() -> Iterator[tuple[Inbox, int]]:
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


SITE = SiteConfig(name="demo", zone="示例高新区", start_urls=["http://127.0.0.1:9/"])


def add_report(
    db_url: str,
    year: int,
    records: list[dict],
    title: str | None = None,
    url: str | None = None,
    site: SiteConfig = SITE,
) -> None:
    with session_scope(db_url) as session:
        repo.upsert_site(session, site)
        document, _ = repo.save_document(
            session,
            repo.FetchedDocument(
                site.name,
                url or f"http://127.0.0.1:9/{site.name}/report-{year}.html",
                f"report {year}".encode(),
            ),
        )
        fields = {
            "zone": site.zone,
            "plan_year": year,
            "review_year": year - 1,
            "title": title or f"{year}年工作报告",
            "url": document.url,
            "is_report": True,
            "report_score": 0.9,
            "clean_text": "",
            "extractor_version": "t",
        }
        repo.save_report(session, document, fields, records)


def rec(metric: str, value: float, unit: str, year: int, kind: str = "target", comparator: str = "=") -> dict:
    return {
        "metric": metric,
        "value": value,
        "unit": unit,
        "year": year,
        "kind": kind,
        "comparator": comparator,
        "text": f"全年{metric}{value}{unit}",
    }


@pytest.fixture
def two_reports(db_url: str) -> str:
    add_report(
        db_url, 2023, [rec("新认定高新技术企业", 40, "家", 2023), rec("建成标准厂房", 15, "万平方米", 2023)]
    )
    add_report(
        db_url,
        2024,
        [
            rec("新认定高新技术企业", 43, "家", 2023, "actual"),
            rec("新认定高新技术企业", 45, "家", 2024),
            rec("新建5G基站", 300, "个", 2024),
        ],
    )
    return db_url
