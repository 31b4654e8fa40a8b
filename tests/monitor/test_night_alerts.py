"""Every night says something: an outage or a long failure is mailed even without changes, in Chinese,
summarised when there are many, and only for sites still in the sites file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from monitor.delivery.outbox import deliver_digest
from storage import repository as repo
from storage.db import session_scope
from storage.models import CrawlRun, Site, utcnow
from tests.monitor.conftest import add_report, free_port
from zonewatch.settings import load_settings
from zonewatch.sites import SiteConfig


def _site(name: str, zone: str) -> SiteConfig:
    return SiteConfig(name=name, zone=zone, start_urls=[f"http://127.0.0.1:9/{name}/"])


def _night(db_url: str, outcomes: dict[str, tuple[str, str | None]], days_ago: int = 0) -> None:
    """One crawl run per site, started days_ago nights before now: {name: (status, reason)}.

    Each zone has this year's report, so source health has no overdue report to add to the night.
    """
    started = utcnow() - dt.timedelta(days=days_ago)
    for name in outcomes:
        add_report(db_url, utcnow().year, [], site=_site(name, f"{name}园区"))
    with session_scope(db_url) as session:
        for name, (status, reason) in outcomes.items():
            site = repo.upsert_site(session, _site(name, f"{name}园区"))
            run = repo.start_crawl_run(session, site)
            repo.finish_crawl_run(session, run, status, {}, reason=reason)
            run.started_at = started


def _settings(db_url: str, port: int, **extra: str):  # type: ignore[no-untyped-def]
    return load_settings(
        {
            "ZONEWATCH_DB_URL": db_url,
            "ZONEWATCH_SMTP_URL": f"smtp://127.0.0.1:{port}",
            "ZONEWATCH_MAIL_TO": "analyst@example.cn",
            **extra,
        }
    )


def _text(message) -> str:  # type: ignore[no-untyped-def]
    return message.get_body(("plain",)).get_content()


def test_every_site_failed_still_mails_a_short_note_in_chinese(db_url: str, smtp_server) -> None:  # type: ignore[no-untyped-def]
    inbox, port = smtp_server
    _night(db_url, {"a": ("failed", "connection refused"), "b": ("failed", "blocked: waf")})
    result = deliver_digest(_settings(db_url, port), send=True)
    assert result["sent"] == 1 and result["changes"] == 0 and result["alerts"] == 1
    ((_, _, message),) = inbox.messages
    assert "全部 2 个站点抓取失败" in message["Subject"]
    text = _text(message)
    assert "今天没有新变化不代表园区没有发布新报告" in text
    assert "a园区（a）：连接被拒绝" in text and "b园区（b）：被网站防火墙（WAF）拦截" in text
    assert "connection refused" not in text and "blocked: waf" not in text


def test_a_quiet_night_with_one_passing_failure_sends_nothing(db_url: str, smtp_server) -> None:  # type: ignore[no-untyped-def]
    inbox, port = smtp_server
    _night(db_url, {"a": ("ok", None), "b": ("failed", "http 503")})
    assert deliver_digest(_settings(db_url, port), send=True)["sent"] == 0 and inbox.messages == []


def test_a_site_failing_night_after_night_is_said_once_and_its_recovery_told(
    db_url: str, smtp_server
) -> None:  # type: ignore[no-untyped-def]
    inbox, port = smtp_server
    settings = _settings(db_url, port)
    _night(db_url, {"steady": ("ok", None), "flaky": ("ok", None)}, days_ago=20)
    sent_on = []
    for days_ago in range(12, -1, -1):  # 13 nights of failure: nights 1 … 13
        _night(db_url, {"steady": ("ok", None), "flaky": ("failed", "timeout")}, days_ago=days_ago)
        if deliver_digest(settings, send=True)["sent"]:
            sent_on.append(13 - days_ago)
    # Said once when it became a problem, not every night (the weekly reminder runs on the clock of the
    # digests themselves, which all run now here: tests/monitor/test_health.py dates them).
    assert sent_on == [2], sent_on
    first = inbox.messages[0][2]
    assert "flaky园区" in _text(first) and "新问题" in _text(first) and "健康提醒" in first["Subject"]
    _night(db_url, {"steady": ("ok", None), "flaky": ("ok", None)})
    assert deliver_digest(settings, send=True)["sent"] == 1 and "已恢复" in _text(inbox.messages[-1][2])
    _night(db_url, {"steady": ("ok", None), "flaky": ("ok", None)})
    assert deliver_digest(settings, send=True)["sent"] == 0, "recovered and told: quiet again"


def test_sites_no_longer_in_the_sites_file_are_not_reported(db_url: str, smtp_server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    inbox, port = smtp_server
    _night(db_url, {"kept": ("failed", "connection refused"), "removed": ("failed", "dns lookup failed")})
    sites = tmp_path / "sites.yaml"
    sites.write_text(
        "sites:\n  - {name: kept, zone: kept园区, start_urls: ['http://127.0.0.1:9/kept/']}\n"
        "  - {name: paused, zone: paused园区, start_urls: ['http://127.0.0.1:9/paused/'], enabled: false}\n",
        encoding="utf-8",
    )
    out = tmp_path / "digest.html"
    deliver_digest(_settings(db_url, port, ZONEWATCH_SITES=str(sites)), send=True, out=out)
    text = _text(inbox.messages[0][2])
    assert "kept园区（kept）" in text and "removed" not in text and "域名" not in text
    assert "removed" not in out.read_text(encoding="utf-8")
    assert "全部 1 个站点抓取失败" in inbox.messages[0][2]["Subject"], "the removed site counts for nothing"


def test_three_thousand_failures_are_counted_by_reason_and_twenty_named(db_url: str, smtp_server) -> None:  # type: ignore[no-untyped-def]
    inbox, port = smtp_server
    reasons = [
        "connection refused",
        "timeout",
        "blocked: js-challenge",
        "http 502",
        "moved to new.example.cn",
    ]
    now = utcnow()
    with session_scope(db_url) as session:
        sites = [Site(name=f"s{i:04d}", zone=f"园区{i:04d}", config={}) for i in range(3000)]
        session.add_all(sites)
        session.flush()
        session.add_all(
            CrawlRun(site_id=site.id, started_at=now, status="failed", reason=reasons[i % 5], stats={})
            for i, site in enumerate(sites)
        )
    result = deliver_digest(_settings(db_url, port), send=True)
    assert result["sent"] == 1
    message = inbox.messages[0][2]
    text, html = _text(message), message.get_body(("html",)).get_content()
    assert "共 3000 项抓取异常" in text and "以下列出前 20 个" in text and "另有 2980 项未列出" in text
    for label in (
        "无法连接 600 个",
        "连接超时 600 个",
        "反爬虫拦截 600 个",
        "服务器错误 600 个",
        "网站已迁移 600 个",
    ):
        assert label in text, label
    assert "网站已永久迁移至 new.example.cn" in text
    failure_lines = [line for line in text.splitlines() if line.startswith("- 园区") and "（s" in line]
    assert len(failure_lines) == 20
    assert "另有 2980 项未列出，可用 zonewatch health 查看" in text, "3,000 overdue zones are counted too"
    assert len(html.encode()) < 20_000, "a short mail, not 3,000 lines"


def test_an_unreachable_smtp_server_leaves_the_outage_note_queued(db_url: str) -> None:
    _night(db_url, {"a": ("failed", "connection refused")})
    result = deliver_digest(_settings(db_url, free_port()), send=True)
    assert result["queued"] == 1 and result["sent"] == 0 and result["error"]


def test_run_send_when_every_site_is_down_mails_the_outage(tmp_path: Path, smtp_server) -> None:  # type: ignore[no-untyped-def]
    """The issue's night: every site failed and no mail went out, so readers could not tell it from a quiet night."""
    import json

    from click.testing import CliRunner

    from zonewatch.cli import main

    inbox, port = smtp_server
    sites = tmp_path / "sites.yaml"
    sites.write_text(
        f"sites:\n  - {{name: east, zone: 东区, start_urls: ['http://127.0.0.1:{free_port()}/']}}\n"
        f"  - {{name: west, zone: 西区, start_urls: ['http://127.0.0.1:{free_port()}/']}}\n",
        encoding="utf-8",
    )
    env = {"ZONEWATCH_SMTP_URL": f"smtp://127.0.0.1:{port}", "ZONEWATCH_MAIL_TO": "analyst@example.cn"}
    args = ["run", "--json", "--sites", str(sites), "--db", f"sqlite:///{tmp_path / 'run.db'}", "--send"]
    result = CliRunner().invoke(main, args, env=env)
    assert result.exit_code == 3, result.output
    assert json.loads(result.output.strip().splitlines()[-1])["digest"]["sent"] == 1
    ((_, _, message),) = inbox.messages
    assert "全部 2 个站点抓取失败" in message["Subject"]
    text = _text(message)
    assert "东区（east）：连接被拒绝" in text and "西区（west）：连接被拒绝" in text


def test_the_font_stack_reaches_linux_cjk_fonts(db_url: str, tmp_path: Path) -> None:
    out = tmp_path / "digest.html"
    deliver_digest(load_settings({"ZONEWATCH_DB_URL": db_url}), out=out)
    stack = out.read_text(encoding="utf-8").split("font-family:", 1)[1].split(";", 1)[0]
    fonts = [font.strip(" '\"") for font in stack.split(",")]
    for font in ("Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC"):
        assert font in fonts, font
    assert fonts[-1] == "sans-serif" and fonts.index("Noto Sans CJK SC") < fonts.index("Arial")


def test_many_long_failures_are_health_problems_once_each_and_annotated_in_the_failures(
    db_url: str, smtp_server
) -> None:  # type: ignore[no-untyped-def]
    inbox, port = smtp_server
    failing = {f"f{i:02d}": ("failed", "http 503") for i in range(12)}
    for days_ago in (2, 1, 0):
        _night(db_url, {"fine": ("ok", None), **failing}, days_ago=days_ago)
    result = deliver_digest(_settings(db_url, port), send=True)
    assert result["sent"] == 1 and result["alerts"] == 0, "no outage: one site still answers"
    message = inbox.messages[0][2]
    text = _text(message)
    assert "12 条健康提醒" in message["Subject"] and "新问题" in text
    assert text.count("，已连续 3 晚 · ") == 12, "抓取异常 says for how long each has failed"
    assert "网站服务器出错（HTTP 503）" in text


def test_lines_other_stages_add_are_named_and_counted_but_are_not_failed_sites(db_url: str) -> None:
    from monitor.delivery.digest import collect
    from monitor.delivery.render import render_text

    _night(db_url, {"a": ("failed", "timeout"), "b": ("ok", None)})
    with session_scope(db_url) as session:
        digest = collect(session)
    digest.failures.append(
        {"site": "b", "zone": "b园区", "reason": "附件多次下载失败", "when": "2026-02-01 02:00"}
    )
    text = render_text(digest)
    assert "b园区（b）：附件多次下载失败" in text and "a园区（a）：连接超时" in text
    assert not digest.failure_report.all_failed and digest.failure_report.total == 2
