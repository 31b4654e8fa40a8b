"""Changes in the database, the digest through a real SMTP server, and nothing lost or sent twice."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import func, select, update

from monitor.compare.changes import update_changes
from monitor.delivery.outbox import deliver_digest
from storage.db import session_scope
from storage.models import Change, OutboxMessage
from tests.monitor.conftest import add_report, free_port, rec
from tests.zonewatch.test_output import row_of, table_after
from zonewatch.cli import main
from zonewatch.settings import load_settings


def _settings(db_url: str, port: int):  # type: ignore[no-untyped-def]
    return load_settings(
        {
            "ZONEWATCH_DB_URL": db_url,
            "ZONEWATCH_SMTP_URL": f"smtp://127.0.0.1:{port}",
            "ZONEWATCH_MAIL_TO": "analyst@example.cn",
            "ZONEWATCH_MAIL_FROM": "zonewatch@example.cn",
        }
    )


def _count(db_url: str, model: type, *where) -> int:  # type: ignore[no-untyped-def]
    with session_scope(db_url) as session:
        return session.scalar(select(func.count()).select_from(model).where(*where)) or 0


def test_changes_are_upserted_not_duplicated(two_reports: str) -> None:
    first = update_changes(two_reports)
    assert (first["pairs"], first["changed"], first["new"], first["dropped"], first["met"]) == (1, 1, 1, 1, 1)
    rows = _count(two_reports, Change)
    update_changes(two_reports)
    assert _count(two_reports, Change) == rows


def test_digest_arrives_once_multipart_with_subject(two_reports: str, smtp_server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    inbox, port = smtp_server
    update_changes(two_reports)
    result = deliver_digest(_settings(two_reports, port), send=True, out=tmp_path / "digest.html")
    assert result["sent"] == 1 and result["error"] is None and result["changes"] == 4
    ((sender, recipients, message),) = inbox.messages
    assert sender == "zonewatch@example.cn" and recipients == ["analyst@example.cn"]
    assert message["Subject"].startswith("zonewatch 日报") and "1 个园区发布新报告" in message["Subject"]
    assert message.get_content_type() == "multipart/alternative"
    html = message.get_body(("html",)).get_content()
    text = message.get_body(("plain",)).get_content()
    assert "新认定高新技术企业" in html and "抓取异常" in text
    # The 2023 target judged and set again for 2024: one story, one line.
    assert "2023年目标 40家，实际 43家（+7.5%），完成；2024年目标上调为 45家（+12.5%）" in text
    assert "40家 → 45家" not in text, "the re-set is not listed apart from its verdict"
    assert (tmp_path / "digest.html").read_text(encoding="utf-8").count("<b>新建5G基站</b>") == 1
    again = deliver_digest(_settings(two_reports, port), send=True)
    assert again["changes"] == 0 and len(inbox.messages) == 1, (
        "no change is sent twice, an empty night sends nothing"
    )
    update_changes(two_reports)  # recomputing never resurrects a sent change
    assert deliver_digest(_settings(two_reports, port), send=True)["changes"] == 0


def test_server_down_keeps_the_digest_queued_then_delivers(two_reports: str, smtp_server) -> None:  # type: ignore[no-untyped-def]
    inbox, port = smtp_server
    update_changes(two_reports)
    down = deliver_digest(_settings(two_reports, free_port()), send=True)
    assert down["sent"] == 0 and down["error"] and "refused" in down["error"].lower()
    assert _count(two_reports, OutboxMessage, OutboxMessage.status == "pending") == 1
    assert _count(two_reports, Change, Change.digest_id.is_not(None)) == 4, "claimed by the queued digest"
    add_report(two_reports, 2025, [rec("新认定高新技术企业", 50, "家", 2025)])
    update_changes(two_reports)
    up = deliver_digest(_settings(two_reports, port), send=True)
    assert up["retried"] == 1 and up["sent"] == 2 and len(inbox.messages) == 2
    assert _count(two_reports, OutboxMessage, OutboxMessage.status == "sent") == 2
    ids = [m["Message-ID"] for _, _, m in inbox.messages]
    assert len(set(ids)) == 2 and all(i.startswith("<digest-") for i in ids), "one stable id per digest"
    with session_scope(two_reports) as session:
        attempts = [row.attempts for row in session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))]
    assert attempts == [2, 1]


def test_hostile_titles_and_links_render_harmless(db_url: str, tmp_path: Path) -> None:
    add_report(db_url, 2023, [rec("新增上市公司", 1, "家", 2023)])
    add_report(
        db_url,
        2024,
        [rec("新增上市公司", 2, "家", 2024)],
        title="<script>alert(1)</script>报告",
        url="javascript:alert(1)",
    )
    update_changes(db_url)
    out = tmp_path / "digest.html"
    deliver_digest(load_settings({"ZONEWATCH_DB_URL": db_url}), out=out)
    html = out.read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    assert 'href="javascript:' not in html
    from monitor.delivery.digest import collect
    from monitor.delivery.render import render_text

    with session_scope(db_url) as session:
        text = render_text(collect(session))
    assert "<script>alert(1)</script>报告" in text and "&lt;" not in text, "plain text is not HTML-escaped"


def test_cli_reports_and_diff_json(two_reports: str) -> None:
    runner = CliRunner()
    listed = json.loads(runner.invoke(main, ["reports", "--db", two_reports, "--json"]).output)
    assert [(r["zone"], r["year"], r["review_year"], r["records"]) for r in listed] == [
        ("示例高新区", 2023, 2022, 2),
        ("示例高新区", 2024, 2023, 3),
    ]
    result = runner.invoke(main, ["diff", "--zone", "示例高新区", "--db", two_reports, "--json"])
    items = json.loads(result.output)
    changed = next(i for i in items if i["change"] == "changed")
    for item in items:
        assert set(item) == {
            "zone",
            "year",
            "metric",
            "unit",
            "change",
            "direction",
            "previous",
            "current",
            "match",
        }
    assert changed["direction"] == "up" and changed["unit"] == "家" and changed["zone"] == "示例高新区"
    assert (
        changed["year"] == 2024 and changed["previous"]["value"] == 40 and changed["current"]["value"] == 45
    )
    assert set(changed["previous"]) == {
        "metric",
        "value",
        "unit",
        "year",
        "kind",
        "comparator",
        "text",
        "report_year",
        "tiers",
    }
    met = next(i for i in items if i["change"] == "met")
    assert met["previous"]["kind"] == "target" and met["current"]["kind"] == "actual"
    assert {i["change"] for i in items} == {"changed", "new", "dropped", "met"}
    add_report(two_reports, 2025, [rec("新认定高新技术企业", 45, "家", 2025)])
    base = ["diff", "--zone", "示例高新区", "--db", two_reports, "--json"]
    only_2025 = json.loads(runner.invoke(main, [*base, "--year", "2025"]).output)
    assert {(i["year"], i["change"]) for i in only_2025} == {(2025, "dropped")}, "45 → 45 is not a change"
    everything = json.loads(runner.invoke(main, [*base, "--year", "2025", "--all"]).output)
    assert {i["change"] for i in everything} == {"dropped", "unchanged"}
    table = runner.invoke(main, ["diff", "--zone", "示例高新区", "--db", two_reports, "--year", "2024"])
    assert table.exit_code == 0, table.output
    met = row_of(table_after(table.stdout, "变化："), 类别="完成")
    assert (met["旧"], met["新"], met["变化"]) == ("目标 40家", "实际 43家", "+7.5%")
    assert met["说明"].startswith("2024年目标上调为 45家"), "the verdict and the re-set on one row"
    no_year = runner.invoke(main, [*base, "--year", "2030"])
    assert no_year.exit_code == 1 and "no work report for 2030" in no_year.output
    missing = runner.invoke(main, ["diff", "--zone", "不存在园区", "--db", two_reports])
    assert missing.exit_code != 0 and "fewer than two" in missing.output


def test_reparse_removes_unsent_changes_but_never_sent_ones(two_reports: str, smtp_server) -> None:  # type: ignore[no-untyped-def]
    inbox, port = smtp_server
    update_changes(two_reports)
    # The parser is fixed and 新建5G基站 turns out not to be a target: its unsent 'new' change goes.
    add_report(
        two_reports,
        2024,
        [rec("新认定高新技术企业", 43, "家", 2023, "actual"), rec("新认定高新技术企业", 45, "家", 2024)],
    )
    update_changes(two_reports)
    with session_scope(two_reports) as session:
        kinds = sorted(row.change for row in session.scalars(select(Change)))
    assert kinds == ["changed", "dropped", "met"]
    assert deliver_digest(_settings(two_reports, port), send=True)["sent"] == 1
    add_report(two_reports, 2024, [rec("新认定高新技术企业", 45, "家", 2024)])  # the actual is gone too
    update_changes(two_reports)
    assert _count(two_reports, Change, Change.change == "met") == 1, "a mailed change is never deleted"
    assert (
        deliver_digest(_settings(two_reports, port), send=True)["changes"] == 0 and len(inbox.messages) == 1
    )


def test_empty_night_sends_nothing_unless_configured(db_url: str, smtp_server) -> None:  # type: ignore[no-untyped-def]
    inbox, port = smtp_server
    quiet = deliver_digest(_settings(db_url, port), send=True)
    assert (quiet["changes"], quiet["outbox_id"], quiet["sent"]) == (0, None, 0) and inbox.messages == []
    environ = {
        "ZONEWATCH_DB_URL": db_url,
        "ZONEWATCH_SMTP_URL": f"smtp://127.0.0.1:{port}",
        "ZONEWATCH_MAIL_TO": "analyst@example.cn",
        "ZONEWATCH_SEND_EMPTY_DIGEST": "1",
    }
    noted = deliver_digest(load_settings(environ), send=True)
    assert noted["sent"] == 1 and noted["changes"] == 0
    ((_, _, message),) = inbox.messages
    assert "无新变化" in message["Subject"]
    assert "今日没有新的工作报告或目标变化" in message.get_body(("plain",)).get_content()


def test_send_without_smtp_or_recipients_claims_nothing(two_reports: str) -> None:
    update_changes(two_reports)
    result = deliver_digest(load_settings({"ZONEWATCH_DB_URL": two_reports}), send=True)
    assert result["error"] and "SMTP" in result["error"] and result["outbox_id"] is None
    assert _count(two_reports, Change, Change.digest_id.is_not(None)) == 0, "the changes wait for a real send"


def test_failed_sites_show_in_the_footer(two_reports: str, tmp_path: Path) -> None:
    from monitor.delivery.digest import collect
    from monitor.delivery.render import render_text
    from storage import repository as repo
    from tests.monitor.conftest import SITE

    with session_scope(two_reports) as session:
        site = repo.upsert_site(session, SITE)
        ok = repo.start_crawl_run(session, site)
        repo.finish_crawl_run(session, ok, "ok", {})
        broken = repo.start_crawl_run(session, site)
        repo.finish_crawl_run(session, broken, "failed", {}, reason="stalled <b>x</b>")
    update_changes(two_reports)
    out = tmp_path / "digest.html"
    deliver_digest(load_settings({"ZONEWATCH_DB_URL": two_reports}), out=out)
    html = out.read_text(encoding="utf-8")
    assert "抓取异常" in html and "其他错误（stalled &lt;b&gt;x&lt;/b&gt;）" in html, (
        "unknown reasons keep their words"
    )
    with session_scope(two_reports) as session:
        text = render_text(collect(session))
    assert "示例高新区（demo）：其他错误（stalled <b>x</b>）" in text and "北京时间" in text
    with session_scope(two_reports) as session:
        repo.finish_crawl_run(session, repo.start_crawl_run(session, session.merge(site)), "ok", {})
        assert collect(session).failures == [], "a site that recovered is no longer listed"


def test_a_change_claimed_by_another_run_meanwhile_is_not_mailed_again(
    two_reports: str, smtp_server, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    import monitor.delivery.outbox as outbox
    from monitor.delivery.digest import collect

    inbox, port = smtp_server
    update_changes(two_reports)

    def collect_then_race(session, **kwargs):  # type: ignore[no-untyped-def]
        digest = collect(session, **kwargs)
        with session_scope(two_reports) as other:  # a second run commits its claim on one change
            rival = OutboxMessage(subject="rival", sender="a@b.cn", recipients=[], html="", text="")
            other.add(rival)
            other.flush()
            other.get(Change, digest.change_ids[0]).digest_id = rival.id
        return digest

    monkeypatch.setattr(outbox, "collect", collect_then_race)
    raced = deliver_digest(_settings(two_reports, port), send=True)
    assert raced["outbox_id"] is None and "another run" in raced["error"] and inbox.messages == []
    monkeypatch.undo()
    assert _count(two_reports, Change, Change.digest_id.is_(None)) == 3, "the rest wait for the next run"
    with session_scope(two_reports) as session:  # the rival's digest went out by its own run
        session.execute(update(OutboxMessage).values(status="sent"))
    after = deliver_digest(_settings(two_reports, port), send=True)
    assert (after["changes"], after["sent"], after["retried"]) == (3, 1, 0) and len(inbox.messages) == 1


def test_a_message_no_longer_pending_is_skipped(two_reports: str, smtp_server) -> None:  # type: ignore[no-untyped-def]
    from monitor.delivery.outbox import SKIPPED, _deliver

    inbox, port = smtp_server
    update_changes(two_reports)
    first = deliver_digest(_settings(two_reports, port), send=True)
    assert _deliver(two_reports, first["outbox_id"], f"smtp://127.0.0.1:{port}") == SKIPPED
    assert len(inbox.messages) == 1


def test_cli_digest_writes_the_page_and_sends_to_the_given_recipients(
    two_reports: str, smtp_server, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    inbox, port = smtp_server
    update_changes(two_reports)
    runner = CliRunner()
    env = {"ZONEWATCH_SMTP_URL": f"smtp://127.0.0.1:{port}", "ZONEWATCH_MAIL_FROM": "zw@example.cn"}
    page = tmp_path / "out" / "digest.html"
    args = ["digest", "--json", "--db", two_reports, "--out", str(page), "--send", "--to", "a@example.cn"]
    result = runner.invoke(main, [*args, "--to", "b@example.cn"], env=env)
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output.strip().splitlines()[-1])
    assert (summary["changes"], summary["sent"], summary["zones"]) == (4, 1, 1)
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    ((sender, recipients, message),) = inbox.messages
    assert sender == "zw@example.cn" and recipients == ["a@example.cn", "b@example.cn"]
    assert message["To"] == "a@example.cn, b@example.cn"
    again = runner.invoke(
        main, ["digest", "--json", "--db", two_reports, "--send", "--to", "a@example.cn"], env=env
    )
    assert json.loads(again.output.strip().splitlines()[-1])["changes"] == 0
