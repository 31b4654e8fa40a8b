"""The parse stage on a real database: reports and records written once, failures recorded."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from parsers.stage import parse_documents
from parsers.version import EXTRACTOR_VERSION
from storage import repository as repo
from storage.db import session_scope
from storage.models import Document, Report, TargetRecord
from zonewatch.sites import SiteConfig

FILES = Path(__file__).with_name("files")
SITE = SiteConfig(name="demo", zone="示范园区", start_urls=["http://127.0.0.1:9/"])
BASE = "http://127.0.0.1:9/col/col4021/art/2024/1/9/"


def _store(db_url: str, documents: list[repo.FetchedDocument]) -> None:
    with session_scope(db_url) as session:
        repo.upsert_site(session, SITE)
        for fetched in documents:
            repo.save_document(session, fetched)


def _count(db_url: str, model: type) -> int:
    with session_scope(db_url) as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_parse_stage_is_idempotent_and_survives_bad_documents(db_url: str) -> None:
    page = (FILES / "hanweb_detail.html").read_bytes()
    _store(
        db_url,
        [
            repo.FetchedDocument(SITE.name, BASE + "art_4021_1.html", page, title="示范园区2024年工作报告"),
            repo.FetchedDocument(
                SITE.name,
                BASE + "broken.pdf",
                b"%PDF-1.4 garbage",
                kind="attachment",
                parent_url=BASE + "art_4021_1.html",
                file_type="pdf",
            ),
        ],
    )
    stats = parse_documents(db_url)
    assert stats["parsed"] == 2 and stats["failed"] == 1 and stats["work_reports"] == 1
    records = _count(db_url, TargetRecord)
    assert records >= 4
    with session_scope(db_url) as session:
        broken = session.scalar(select(Document).where(Document.url.like("%broken.pdf")))
        assert broken is not None and broken.parse_status == "failed" and "corrupt PDF" in broken.parse_error
        report = session.scalar(select(Report))
        assert report is not None and report.zone == "示范园区", "the configured zone wins"
        assert (report.review_year, report.plan_year, report.extractor_version) == (
            2023,
            2024,
            EXTRACTOR_VERSION,
        )
        assert str(report.published) == "2024-01-09"
    assert parse_documents(db_url)["parsed"] == 0, "nothing new: nothing parsed"
    again = parse_documents(db_url, reparse_all=True)
    assert again["parsed"] == 2
    assert _count(db_url, Report) == 1 and _count(db_url, TargetRecord) == records


def test_report_in_an_attachment_carries_the_article(db_url: str) -> None:
    cover = (
        "<html><head><meta name='ArticleTitle' content='示例高新区2020年工作报告'></head><body>"
        "<div id='zoom'><p>现将《示例高新区2020年工作报告》印发给你们，请认真贯彻落实。</p>"
        "<p><a href='report.pdf'>附件下载</a></p></div></body></html>"
    ).encode()
    article = BASE + "art_4021_2.html"
    _store(
        db_url,
        [
            repo.FetchedDocument(SITE.name, article, cover, title="示例高新区2020年工作报告"),
            repo.FetchedDocument(
                SITE.name,
                BASE + "report.pdf",
                (FILES / "report.pdf").read_bytes(),
                kind="attachment",
                parent_url=article,
                file_type="pdf",
            ),
            # The same report again as DOCX: still one work report for the article.
            repo.FetchedDocument(
                SITE.name,
                BASE + "report.docx",
                (FILES / "report.docx").read_bytes(),
                kind="attachment",
                parent_url=article,
                file_type="docx",
            ),
        ],
    )
    stats = parse_documents(db_url)
    assert (stats["parsed"], stats["reports"], stats["work_reports"]) == (3, 3, 1)
    again = parse_documents(db_url, reparse_all=True)
    assert (again["parsed"], again["work_reports"]) == (3, 1)
    with session_scope(db_url) as session:
        work = repo.work_reports(session)
        assert len(work) == 1
        assert work[0].url == article and work[0].title == "示例高新区2020年工作报告"
        assert work[0].plan_year == 2020 and any(r.value == 40 for r in work[0].records)
