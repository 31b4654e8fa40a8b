"""Subscriptions: each recipient gets their own part of the night, once, and a bad file stops everything."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from sqlalchemy import func, select

from monitor.compare.changes import update_changes
from monitor.delivery.outbox import deliver_digest
from monitor.delivery.subscriptions import load_subscriptions, parse_subscriptions
from storage.db import session_scope
from storage.models import Change, OutboxMessage
from tests.monitor.conftest import Inbox, add_report, free_port, rec
from zonewatch.cli import main
from zonewatch.settings import load_settings
from zonewatch.sites import ConfigError, SiteConfig

REPO = Path(__file__).resolve().parents[2]
BAD = yaml.safe_load((REPO / "tests" / "data" / "bad_subscriptions.yaml").read_text(encoding="utf-8"))
LAKE = SiteConfig(name="lake", zone="澄湖经济开发区", start_urls=["http://127.0.0.1:9/lake/"])


@pytest.mark.parametrize("case", BAD, ids=[case["name"] for case in BAD])
def test_a_bad_file_is_refused_with_file_entry_and_problem(case: dict, tmp_path: Path) -> None:
    path = tmp_path / "subs.yaml"
    path.write_text(case["text"], encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_subscriptions(path)
    message = str(error.value)
    assert message.startswith(f"{path}: ") and "\n" not in message
    for words in case["error"]:
        assert words in message, message


def test_filters_read_percentages_and_chinese_kinds() -> None:
    (sub,) = parse_subscriptions(
        "subscriptions:\n  - email: a@b.cn\n    changes: [调整, new]\n    min_change: '12.5 %'\n"
        "    metrics: 企业\n"
    )
    assert sub.changes == {"changed", "new"} and sub.min_change == pytest.approx(0.125)
    assert sub.metrics == ("企业",)
    item = {"zone": "z", "change": "changed", "metric": "高新技术企业", "relative": 0.125}
    assert sub.wants(item), "a move exactly at the minimum passes"
    assert not sub.wants({**item, "relative": 0.12})
    assert sub.wants({**item, "relative": None}), "a move of unknown size is shown, not hidden"
    assert not sub.wants({**item, "metric": "5G基站"})
    assert not sub.wants({**item, "change": "dropped"})
    (fraction,) = parse_subscriptions("subscriptions: [{email: a@b.cn, min_change: 0.3}]")
    assert fraction.min_change == 0.3


def test_kinds_are_the_digests_words_and_nothing_says_cancelled() -> None:
    (sub,) = parse_subscriptions(
        "subscriptions:\n  - email: a@b.cn\n    changes: [未再提及, 可能对应, 无法判断]\n"
    )
    assert sub.changes == {"dropped", "possible", "unclear"}
    (old,) = parse_subscriptions("subscriptions: [{email: a@b.cn, changes: [取消]}]")
    assert old.changes == {"dropped"}, "an older file's 取消 still means 未再提及"
    with pytest.raises(ConfigError) as error:
        parse_subscriptions("subscriptions: [{email: a@b.cn, changes: [作废]}]")
    assert "dropped (未再提及)" in str(error.value) and "取消" not in str(error.value)


class PickyInbox(Inbox):
    """A real SMTP server that refuses some mailboxes, as a full or closed mailbox would."""

    def __init__(self) -> None:
        super().__init__()
        self.refuse: set[str] = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # type: ignore[no-untyped-def]  # noqa: N802
        if address in self.refuse:
            return "550 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"


@pytest.fixture
def picky_smtp():  # type: ignore[no-untyped-def]
    from aiosmtpd.controller import Controller

    inbox = PickyInbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


SUBSCRIPTIONS = """
subscriptions:
  - email: yunxi@example.cn        # one zone only
    zones: [示例高新区]
  - email: fiveg@example.cn        # new targets about 5G, anywhere
    metrics: [5G]
    changes: [新增]
  - email: bigmoves@example.cn     # targets moved by 50 % or more: none tonight
    changes: [changed]
    min_change: 50%
  - email: everything@example.cn
"""


def _two_zones(db_url: str) -> None:
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
    add_report(db_url, 2023, [rec("实际利用外资", 2, "亿美元", 2023)], site=LAKE)
    add_report(
        db_url, 2024, [rec("实际利用外资", 2.2, "亿美元", 2024), rec("新建5G基站", 80, "个", 2024)], site=LAKE
    )


def _settings(db_url: str, port: int, subscriptions: Path):  # type: ignore[no-untyped-def]
    return load_settings(
        {
            "ZONEWATCH_DB_URL": db_url,
            "ZONEWATCH_SMTP_URL": f"smtp://127.0.0.1:{port}",
            "ZONEWATCH_MAIL_TO": "legacy@example.cn",
            "ZONEWATCH_SUBSCRIPTIONS": str(subscriptions),
        }
    )


def _mail(inbox: Inbox) -> dict[str, str]:
    return {rcpts[0]: message.get_body(("plain",)).get_content() for _, rcpts, message in inbox.messages}


def test_each_recipient_gets_their_part_once_and_a_refused_mailbox_is_retried_alone(
    db_url: str, picky_smtp, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    inbox, port = picky_smtp
    subscriptions = tmp_path / "subs.yaml"
    subscriptions.write_text(SUBSCRIPTIONS, encoding="utf-8")
    _two_zones(db_url)
    update_changes(db_url)
    inbox.refuse = {"yunxi@example.cn"}
    settings = _settings(db_url, port, subscriptions)
    first = deliver_digest(settings, send=True)
    assert first["queued"] == 3 and first["sent"] == 2 and "550" in first["error"]
    mail = _mail(inbox)
    assert set(mail) == {"fiveg@example.cn", "everything@example.cn"}, "nobody's filters, no mail"
    assert "legacy@example.cn" not in mail, "with subscriptions, ZONEWATCH_MAIL_TO gets no digest of its own"
    five_g = mail["fiveg@example.cn"]
    assert five_g.count("- 新建5G基站：") == 2 and "示例高新区" in five_g and "澄湖经济开发区" in five_g
    assert "新认定高新技术企业" not in five_g and "实际利用外资" not in five_g
    everything = mail["everything@example.cn"]
    assert all(
        word in everything
        for word in ("新认定高新技术企业", "建成标准厂房", "实际利用外资", "2024年目标上调为 45家")
    )
    with session_scope(db_url) as session:
        assert session.scalar(select(func.count()).select_from(Change).where(Change.digest_id.is_(None))) == 0
        pending = session.scalars(select(OutboxMessage).where(OutboxMessage.status == "pending")).all()
        assert [row.recipients for row in pending] == [["yunxi@example.cn"]]

    inbox.refuse = set()
    second = deliver_digest(settings, send=True)
    assert (second["retried"], second["sent"], second["queued"], second["changes"]) == (1, 1, 0, 0)
    mail = _mail(inbox)
    assert len(inbox.messages) == 3, "the two delivered digests are not sent again"
    own = mail["yunxi@example.cn"]
    assert "示例高新区" in own and "澄湖经济开发区" not in own and "实际利用外资" not in own
    assert deliver_digest(settings, send=True)["sent"] == 0 and len(inbox.messages) == 3


def test_a_change_nobody_wants_waits_and_a_quiet_night_mails_no_one(
    db_url: str, picky_smtp, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    inbox, port = picky_smtp
    subscriptions = tmp_path / "subs.yaml"
    subscriptions.write_text("subscriptions: [{email: a@example.cn, zones: [别的园区]}]", encoding="utf-8")
    _two_zones(db_url)
    update_changes(db_url)
    result = deliver_digest(_settings(db_url, port, subscriptions), send=True)
    assert (result["queued"], result["sent"], inbox.messages) == (0, 0, [])
    with session_scope(db_url) as session:
        assert (
            session.scalar(select(func.count()).select_from(Change).where(Change.digest_id.is_not(None))) == 0
        )


def test_cli_refuses_a_bad_subscriptions_file_before_anything_runs(two_reports: str, tmp_path: Path) -> None:
    subscriptions = tmp_path / "subs.yaml"
    subscriptions.write_text("subscriptions: [{email: a@b.cn, changes: [raised]}]", encoding="utf-8")
    update_changes(two_reports)
    env = {
        "ZONEWATCH_SUBSCRIPTIONS": str(subscriptions),
        "ZONEWATCH_SMTP_URL": f"smtp://127.0.0.1:{free_port()}",
    }
    runner = CliRunner()
    result = runner.invoke(main, ["digest", "--db", two_reports, "--send"], env=env)
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert f"{subscriptions}: subscription #1 (a@b.cn): unknown change kind 'raised'" in result.output
    sites = tmp_path / "sites.yaml"
    sites.write_text(
        "sites: [{name: s, zone: 示例高新区, start_urls: ['http://127.0.0.1:9/']}]", encoding="utf-8"
    )
    ran = runner.invoke(main, ["run", "--sites", str(sites), "--db", two_reports, "--send"], env=env)
    assert ran.exit_code != 0 and "unknown change kind" in ran.output and "crawl" not in ran.output
    with session_scope(two_reports) as session:
        assert session.scalar(select(func.count()).select_from(OutboxMessage)) == 0
        assert (
            session.scalar(select(func.count()).select_from(Change).where(Change.digest_id.is_not(None))) == 0
        )
    from storage.models import CrawlRun

    with session_scope(two_reports) as session:
        assert session.scalar(select(func.count()).select_from(CrawlRun)) == 0, "refused before the crawl"


def test_to_overrides_subscriptions(two_reports: str, picky_smtp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    inbox, port = picky_smtp
    subscriptions = tmp_path / "subs.yaml"
    subscriptions.write_text("subscriptions: [{email: a@example.cn, zones: [别的园区]}]", encoding="utf-8")
    update_changes(two_reports)
    runner = CliRunner()
    env = {"ZONEWATCH_SUBSCRIPTIONS": str(subscriptions), "ZONEWATCH_SMTP_URL": f"smtp://127.0.0.1:{port}"}
    result = runner.invoke(
        main, ["digest", "--json", "--db", two_reports, "--send", "--to", "boss@example.cn"], env=env
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output.strip().splitlines()[-1])["changes"] == 4
    assert [rcpts for _, rcpts, _ in inbox.messages] == [["boss@example.cn"]]


def test_the_documented_example_file_is_valid() -> None:
    subscriptions = load_subscriptions(REPO / "docs" / "subscriptions.example.yaml")
    assert [s.email for s in subscriptions][-1] == "archive@example.cn"
    assert subscriptions[2].min_change == pytest.approx(0.1) and subscriptions[2].changes == {"changed"}
