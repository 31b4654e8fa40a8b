"""Idempotent writes of sites, documents, reports and records, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from storage import repository as repo
from storage.db import session_scope
from storage.models import CrawlRun, Document, Report, Site, TargetRecord
from zonewatch.sites import SiteConfig

SITE = SiteConfig(name="demo-gxq", zone="示例高新区", start_urls=["http://127.0.0.1:8000/gxq/index.html"])


def _count(url: str, model: type) -> int:
    with session_scope(url) as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def _fetched(
    body: bytes, url: str = "http://127.0.0.1:8000/gxq/202001/t20200103_1.html"
) -> repo.FetchedDocument:
    return repo.FetchedDocument(
        site_name=SITE.name,
        url=url,
        body=body,
        title="示例高新区2020年工作报告",
        published=dt.date(2020, 1, 3),
        content_type="text/html; charset=utf-8",
        etag='"abc"',
    )


def test_sites_upsert_by_name(db_url: str) -> None:
    with session_scope(db_url) as session:
        repo.upsert_site(session, SITE)
    renamed = SiteConfig(name=SITE.name, zone="示例高新技术产业开发区", start_urls=SITE.start_urls)
    with session_scope(db_url) as session:
        repo.upsert_site(session, renamed)
    with session_scope(db_url) as session:
        sites = session.scalars(select(Site)).all()
        assert [(s.name, s.zone) for s in sites] == [(SITE.name, "示例高新技术产业开发区")]
        assert sites[0].config["start_urls"] == SITE.start_urls


def test_document_new_unchanged_changed(db_url: str) -> None:
    with session_scope(db_url) as session:
        repo.upsert_site(session, SITE)
    body = "<html><body>全年新认定高新技术企业40家</body></html>".encode()
    with session_scope(db_url) as session:
        document, outcome = repo.save_document(session, _fetched(body))
        assert outcome == "new"
        first_changed = document.changed_at
        document.parse_status = "ok"
    with session_scope(db_url) as session:
        document, outcome = repo.save_document(session, _fetched(body))
        assert outcome == "unchanged"
        assert document.parse_status == "ok", "an unchanged body must not be parsed again"
        assert document.changed_at == first_changed
    with session_scope(db_url) as session:
        document, outcome = repo.save_document(session, _fetched(body + b"<p>edited</p>"))
        assert outcome == "changed"
        assert document.parse_status == "pending"
        assert repo.document_body(document).endswith(b"<p>edited</p>")
    assert _count(db_url, Document) == 1


def test_raw_bytes_are_kept_compressed_and_restored(db_url: str) -> None:
    with session_scope(db_url) as session:
        repo.upsert_site(session, SITE)
    body = ("回顾2019年，全区上下……" * 2000).encode()
    with session_scope(db_url) as session:
        document, _ = repo.save_document(session, _fetched(body))
        assert document.raw is not None and len(document.raw) < len(body) / 10
        assert document.size == len(body)
    with session_scope(db_url) as session:
        stored = session.scalar(select(Document))
        assert stored is not None and repo.document_body(stored) == body
        assert stored.content_hash == repo.content_hash(body)


def test_attachment_links_to_its_article(db_url: str) -> None:
    article_url = "http://127.0.0.1:8000/gxq/202001/t20200103_1.html"
    with session_scope(db_url) as session:
        repo.upsert_site(session, SITE)
        repo.save_document(session, _fetched(b"<p>cover</p>", article_url))
        pdf = repo.FetchedDocument(
            site_name=SITE.name,
            url="http://127.0.0.1:8000/gxq/202001/P020200103.pdf",
            body=b"%PDF-1.4 ...",
            kind="attachment",
            parent_url=article_url,
            file_type="pdf",
        )
        attachment, _ = repo.save_document(session, pdf)
        assert attachment.parent is not None and attachment.parent.url == article_url
    with session_scope(db_url) as session:
        article = session.scalar(select(Document).where(Document.url == article_url))
        assert article is not None and [a.file_type for a in article.attachments] == ["pdf"]


def test_validators_and_documents_to_parse(db_url: str) -> None:
    with session_scope(db_url) as session:
        repo.upsert_site(session, SITE)
        repo.save_document(session, _fetched(b"one", "http://127.0.0.1:8000/a.html"))
        document, _ = repo.save_document(session, _fetched(b"two", "http://127.0.0.1:8000/b.html"))
        repo.mark_parsed(session, document, "ok", "test-1")
    with session_scope(db_url) as session:
        validators = repo.document_validators(session, SITE.name)
        assert validators["http://127.0.0.1:8000/a.html"].etag == '"abc"'
        pending = repo.documents_to_parse(session)
        everything = repo.documents_to_parse(session, reparse_all=True)
        assert len(pending) == 1 and len(everything) == 2
        assert repo.documents_to_parse(session, zone="其他园区") == []


def test_reparse_replaces_records_never_duplicates(db_url: str) -> None:
    records = [
        {
            "metric": "新认定高新技术企业",
            "value": 40,
            "unit": "家",
            "year": 2020,
            "kind": "target",
            "comparator": "=",
            "text": "全年新认定高新技术企业40家",
        },
        {
            "metric": "GDP同比增长",
            "value": 8,
            "unit": "%",
            "year": 2020,
            "kind": "target",
            "comparator": ">=",
            "text": "GDP增长8%以上",
        },
    ]
    fields = {
        "zone": SITE.zone,
        "plan_year": 2020,
        "review_year": 2019,
        "title": "报告",
        "is_report": True,
        "report_score": 0.9,
        "clean_text": "全年新认定高新技术企业40家",
        "extractor_version": "t1",
    }
    with session_scope(db_url) as session:
        repo.upsert_site(session, SITE)
        document, _ = repo.save_document(session, _fetched(b"body"))
        repo.save_report(session, document, fields, records)
    with session_scope(db_url) as session:
        document = session.scalar(select(Document))
        assert document is not None
        report = repo.save_report(session, document, {**fields, "extractor_version": "t2"}, records[:1])
        assert [r.metric for r in report.records] == ["新认定高新技术企业"]
    assert _count(db_url, Report) == 1
    assert _count(db_url, TargetRecord) == 1
    with session_scope(db_url) as session:
        reports = repo.work_reports(session, zone=SITE.zone)
        assert [(r.plan_year, r.extractor_version) for r in reports] == [(2020, "t2")]
        assert reports[0].records[0].as_dict()["value"] == 40


def test_crawl_run_lifecycle(db_url: str) -> None:
    with session_scope(db_url) as session:
        site = repo.upsert_site(session, SITE)
        run = repo.start_crawl_run(session, site, full_sweep=True)
        repo.finish_crawl_run(session, run, "failed", {"pages": 1}, reason="blocked: js-challenge")
    with session_scope(db_url) as session:
        (latest,) = repo.latest_crawl_runs(session)
        assert latest.status == "failed" and latest.reason == "blocked: js-challenge"
        assert latest.stats == {"pages": 1} and latest.finished_at is not None
        assert session.scalar(select(Site)).last_full_sweep_at is None, "a failed sweep does not count"
    assert _count(db_url, CrawlRun) == 1
