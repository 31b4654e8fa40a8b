"""`zonewatch extract` and `zonewatch parse` as a user and Airflow call them."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import select

from storage import repository as repo
from storage.db import session_scope
from storage.models import Report, TargetRecord
from zonewatch.cli import main
from zonewatch.sites import SiteConfig

FILES = Path(__file__).with_name("files")
SITE = SiteConfig(name="cli", zone="示范园区", start_urls=["http://127.0.0.1:9/"])
BASE = "http://127.0.0.1:9/art/2024/1/9/"
KEYS = ["title", "zone", "published", "review_year", "plan_year", "is_report", "report_score", "records"]


def test_extract_json_has_the_contract_keys_first() -> None:
    result = CliRunner().invoke(main, ["extract", str(FILES / "hanweb_detail.html"), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert list(data)[: len(KEYS)] == KEYS
    assert data["published"] == "2024-01-09" and data["plan_year"] == 2024 and data["is_report"] is True
    records = {(r["metric"], r["value"], r["unit"], r["kind"]) for r in data["records"]}
    assert ("新认定高新技术企业", 50, "家", "target") in records


def test_extract_published_hint_gives_the_years(tmp_path: Path) -> None:
    path = tmp_path / "meeting.txt"
    path.write_text(
        "1月10日，示范园区召开工作会议。会议要求，全区上下要确保地区生产总值增长6%，"
        "新认定高新技术企业40家，固定资产投资增长8%。",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["extract", str(path), "--published", "2021-01-11", "--json"])
    data = json.loads(result.output)
    assert (data["published"], data["review_year"], data["plan_year"]) == ("2021-01-11", 2020, 2021)


def test_extract_readable_summary_and_bad_input() -> None:
    result = CliRunner().invoke(main, ["extract", str(FILES / "report.pdf")])
    assert result.exit_code == 0, result.output
    assert "是否工作报告  是（得分" in result.stdout and "目标与实绩：" in result.stdout
    scanned = CliRunner().invoke(main, ["extract", str(FILES / "scanned.pdf"), "--json"])
    # The JSON still comes out; the exit status tells a script this file gave no text.
    assert scanned.exit_code == 2 and json.loads(scanned.stdout)["status"] == "needs-ocr"
    assert scanned.stderr.strip().endswith("needs OCR"), "and says why in one line on stderr"
    bad_date = CliRunner().invoke(main, ["extract", str(FILES / "report.pdf"), "--published", "9.1.2024"])
    assert bad_date.exit_code != 0 and "YYYY-MM-DD" in bad_date.output


def test_parse_command_prints_stats_last_and_replaces_changed_documents(sqlite_db_url: str) -> None:
    page = (FILES / "hanweb_detail.html").read_bytes()
    with session_scope(sqlite_db_url) as session:
        repo.upsert_site(session, SITE)
        repo.save_document(session, repo.FetchedDocument(SITE.name, BASE + "art_1.html", page))
        repo.save_document(
            session,
            repo.FetchedDocument(
                SITE.name,
                BASE + "full.doc",
                b"\xd0\xcf\x11\xe0" + b"\0" * 600,
                kind="attachment",
                parent_url=BASE + "art_1.html",
                file_type="doc",
            ),
        )
    other = CliRunner().invoke(main, ["parse", "--json", "--db", sqlite_db_url, "--zone", "别的园区"])
    assert json.loads(other.output.strip().splitlines()[-1])["parsed"] == 0, "another zone's run leaves these"
    result = CliRunner().invoke(main, ["parse", "--json", "--db", sqlite_db_url, "--zone", SITE.zone])
    assert result.exit_code == 0, result.output
    stats = json.loads(result.output.strip().splitlines()[-1])
    assert (stats["parsed"], stats["work_reports"], stats["unsupported"]) == (2, 1, 1)

    # The page changes on the site (a corrected figure): its one report gets the new records only.
    changed = page.replace("新认定高新技术企业50家".encode(), "新认定高新技术企业55家".encode())
    with session_scope(sqlite_db_url) as session:
        repo.save_document(session, repo.FetchedDocument(SITE.name, BASE + "art_1.html", changed))
    stats = json.loads(
        CliRunner().invoke(main, ["parse", "--json", "--db", sqlite_db_url]).output.strip().splitlines()[-1]
    )
    assert stats["parsed"] == 1
    with session_scope(sqlite_db_url) as session:
        assert len(session.scalars(select(Report)).all()) == 1
        values = [r.value for r in session.scalars(select(TargetRecord)) if r.metric == "新认定高新技术企业"]
        assert 55 in values and 50 not in values
