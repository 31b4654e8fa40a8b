"""广东 gkmlpt: the column read through its JSON API from saved pages of our own, and the real spider
against the gkmlpt fixture sites (two deployments, one whose API loses a page)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from sqlalchemy import select

from crawlers.detail import read_detail
from crawlers.platforms import gkmlpt
from mirror.demo_sites import write_sites_file
from mirror.expectations import FIXTURES
from mirror.server import MirrorServer
from parsers.document import parse_bytes
from parsers.embedded_record import embedded_article
from storage.db import session_scope
from storage.models import Document, Report
from tests.crawlers.conftest import run_crawl

SAVED = Path(__file__).with_name("saved")
COLUMN = "http://www.zone.example/zwgk/gkmlpt/index#1302"


def _saved(name: str) -> str:
    return (SAVED / name).read_text(encoding="utf-8")


def test_the_column_page_names_the_api_from_its_config_and_fragment() -> None:
    page = _saved("gkmlpt_index.html")
    assert gkmlpt.detect(page, COLUMN) and gkmlpt.detect(page, "http://www.zone.example/")
    first = gkmlpt.first_request(page, "http://www.zone.example/zwgk/gkmlpt/index", COLUMN)
    assert first is not None
    assert first.url == "http://www.zone.example/zwgk/gkmlpt/api/all/1302?page=1&sid=755188"
    # Without a fragment the column is every item (category 0).
    bare = gkmlpt.first_request(page, "http://www.zone.example/zwgk/gkmlpt/index")
    assert bare is not None and bare.url.endswith("/zwgk/gkmlpt/api/all/0?page=1&sid=755188")
    assert gkmlpt.first_request("<html><body>gkmlpt</body></html>", COLUMN) is None


def test_an_api_page_gives_rows_dates_the_total_and_the_next_page() -> None:
    state = {"sid": "755188", "category": "1302", "base": "http://www.zone.example/zwgk/gkmlpt/",
             "page_url": COLUMN, "read": 100, "page": 2}  # fmt: skip
    listing = gkmlpt.parse_api(_saved("gkmlpt_api_page2.json"), state)
    assert listing.platform == "gkmlpt" and listing.declared_records == 203
    report, notice, figures = listing.entries
    # post_url before url, and the fragment is not part of the article's address.
    assert report.url == "http://www.zone.example/zwgk/gkmlpt/content/0/963/post_963149.html"
    assert report.published == dt.date(2024, 1, 18), "epoch seconds read in Beijing time"
    assert notice.title == "关于召开 2024年度安全生产工作会议的通知", "markup in a title is dropped"
    assert notice.published == dt.date(2024, 1, 5), "a created_at string"
    assert figures.url == "http://www.zone.example/zwgk/gkmlpt/content/0/961/post_961020.html"
    assert figures.published == dt.date(2023, 12, 18), "epoch milliseconds"
    nxt = listing.next_page
    assert nxt is not None and nxt.url.endswith("/api/all/1302?page=3&sid=755188")
    assert nxt.meta["gkmlpt"]["read"] == 103
    last = gkmlpt.parse_api(_saved("gkmlpt_api_page2.json"), {**state, "read": 200})
    assert last.next_page is None, "the declared total is read"
    broken = gkmlpt.parse_api("<html>系统繁忙</html>", state)
    assert broken.error and not broken.entries, "an answer that is not the list is a gap"


def test_the_detail_is_read_from_its_embedded_record_not_from_the_footer() -> None:
    url = "http://www.zone.example/zwgk/gkmlpt/content/0/963/post_963149.html"
    page = _saved("gkmlpt_detail.html")
    detail = read_detail(page, url, "示范高新区2024年工作…")
    assert detail.title == "示范高新区2024年工作报告" and detail.published == dt.date(2024, 1, 18)
    assert detail.source == "示范高新区管委会办公室"
    assert dict(detail.attachments) == {
        "http://www.zone.example/attachment/0/88/88389/963149.pdf": "示范高新区2024年工作报告.pdf",
        "http://www.zone.example/attachment/0/88/88390/963149.docx": "工作任务分解表.docx",
    }
    parsed = parse_bytes(page.encode(), url=url, file_type="html")
    assert parsed.title == "示范高新区2024年工作报告" and "全文发布" in parsed.text
    assert "友情链接" not in parsed.text
    assert embedded_article("<html><script>var x = {DETAIL: {title: 'js only'}};</script></html>") is None


def test_gkmlpt_sites_crawl_through_the_api_and_their_reports_parse(tmp_path: Path) -> None:
    keys = ("gkmlpt", "gkmlptdept", "gkmlptcut")
    db_url = f"sqlite:///{tmp_path / 'zonewatch.db'}"
    with MirrorServer(fixtures=True, demo=False) as mirror:
        result = run_crawl(write_sites_file(mirror, tmp_path / "sites.yaml", keys), db_url)
        api_calls = [e.path for e in mirror.log if e.site_key == "gkmlpt" and "/api/" in e.path]
        urls = {key: {mirror.url(key, path) for path in FIXTURES[key].articles} for key in keys}
    assert api_calls == [f"/gkmlpt/api/all/721?page={n}&sid=755099" for n in (1, 2, 3)]
    for key in ("gkmlpt", "gkmlptdept"):
        stats = result.stats[f"demo-{key}"]
        assert (stats["status"], stats["platform"]) == ("ok", "gkmlpt"), stats
        assert stats["lists"][0]["records_read"] == stats["lists"][0]["declared_records"] == len(urls[key])
    cut = result.stats["demo-gkmlptcut"]
    assert (cut["status"], cut["reason"]) == ("partial", FIXTURES["gkmlptcut"].partial)
    with session_scope(db_url) as session:
        pages = {d.url for d in session.scalars(select(Document).where(Document.kind == "page"))}
        files = {d.filename for d in session.scalars(select(Document).where(Document.kind == "attachment"))}
    assert pages == urls["gkmlpt"] | urls["gkmlptdept"] | urls["gkmlptcut"]
    assert files == {"示例高新区2024年工作报告.docx", "示例经开区2024年工作报告.docx"}, (
        "files named only in JSON"
    )
    from parsers.stage import parse_documents

    parse_documents(db_url)
    with session_scope(db_url) as session:
        reports = {(r.zone, r.plan_year, r.title): r.published for r in session.scalars(select(Report).where(Report.is_report.is_(True)))}  # fmt: skip
    assert set(reports) == {("示例高新区", 2024, "示例高新区2024年工作报告"), ("示例经开区", 2024, "示例经开区2024年工作报告")}  # fmt: skip
    assert all(isinstance(day, dt.date) for day in reports.values()), "dates from the JSON record"
    assert json.dumps(sorted(result.partial)) == '["demo-gkmlptcut"]'
