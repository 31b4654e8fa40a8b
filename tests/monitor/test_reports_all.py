"""`zonewatch reports --all`: every stored document, its score, and why it was or was not taken."""

from __future__ import annotations

import json

from click.testing import CliRunner

from storage import repository as repo
from storage.db import session_scope
from tests.monitor.conftest import SITE, add_report, rec
from zonewatch.cli import main

NEWS = "园区召开2024年安全生产工作会议。会议要求各企业压实安全责任，开展隐患排查。"


def test_every_document_with_score_and_reason(db_url: str) -> None:
    add_report(db_url, 2023, [rec("新认定高新技术企业", 40, "家", 2023)])
    add_report(db_url, 2024, [rec("新认定高新技术企业", 45, "家", 2024)])
    add_report(
        db_url, 2024, [rec("新认定高新技术企业", 45, "家", 2024)], url="http://127.0.0.1:9/copy-2024.html"
    )
    with session_scope(db_url) as session:
        document, _ = repo.save_document(
            session, repo.FetchedDocument(SITE.name, "http://127.0.0.1:9/news.html", NEWS.encode())
        )
        fields = {
            "zone": SITE.zone,
            "plan_year": 2024,
            "review_year": 2023,
            "title": "园区召开2024年安全生产工作会议",
            "url": document.url,
            "is_report": False,
            "report_score": 0.0,
            "clean_text": NEWS,
            "extractor_version": "t",
        }
        repo.save_report(session, document, fields, [])
        scan, _ = repo.save_document(
            session, repo.FetchedDocument(SITE.name, "http://127.0.0.1:9/scan.pdf", b"%PDF-1.4 scan")
        )
        repo.mark_parsed(session, scan, "needs-ocr", "t", "no text: a page of 3 images")
    result = CliRunner().invoke(main, ["reports", "--all", "--db", db_url, "--json"])
    assert result.exit_code == 0, result.output
    rows = {row["url"].rsplit("/", 1)[1]: row for row in json.loads(result.stdout)}
    assert len(rows) == 5
    assert rows["report-2023.html"]["taken"] and rows["report-2023.html"]["why"].startswith("工作报告")
    taken_2024 = [name for name in ("report-2024.html", "copy-2024.html") if rows[name]["taken"]]
    assert len(taken_2024) == 1, "one report per zone and year goes into the diff"
    other = ({"report-2024.html", "copy-2024.html"} - set(taken_2024)).pop()
    assert rows[other]["why"] == "2024年已有得分更高或更新的报告"
    news = rows["news.html"]
    assert not news["taken"] and news["score"] == 0.0
    assert "低于0.50" in news["why"] and "专项会议-0.35" in news["why"]
    assert rows["scan.pdf"]["why"] == "扫描件，需要OCR：no text: a page of 3 images"
    table = CliRunner().invoke(main, ["reports", "--all", "--db", db_url])
    assert (
        table.exit_code == 0
        and len(table.stdout.splitlines()[2:]) == 5  # after the title and the header
        and "✗" in table.stdout
        and "✓" in table.stdout
    )
