"""The demo's calendar follows today's: the same story, every year moved alike."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from mirror.content import load_zones
from mirror.site import attachment_bytes
from mirror.years import demo_year_offset, shift_date, shift_text
from parsers.records.extract import extract_records


@pytest.mark.parametrize(
    ("today", "offset"),
    [
        (dt.date(2025, 12, 7), 0),
        (dt.date(2026, 12, 7), 1),
        (dt.date(2027, 1, 10), 1),  # before this year's reports: last year's is the newest
        (dt.date(2027, 3, 1), 2),
        (dt.date(2031, 6, 30), 6),
    ],
)
def test_the_newest_report_is_the_newest_published_by_today(today: dt.date, offset: int) -> None:
    assert demo_year_offset(today) == offset
    newest = max(item.date for zone in load_zones(offset) for item in zone.items if item.kind == "report")
    assert newest <= today and newest.year in (today.year, today.year - 1)


def test_only_years_written_as_years_move() -> None:
    text = "2024年，实现营业收入2025亿元；2023—2025年累计投资300亿元，到2027年底建成；日期2024-03-01。"
    assert shift_text(text, 2) == (
        "2026年，实现营业收入2025亿元；2025—2027年累计投资300亿元，到2029年底建成；日期2024-03-01。"
    )
    assert shift_text(text, 0) == text
    assert shift_date(dt.date(2024, 2, 29), 1) == dt.date(2025, 2, 28)


def test_committed_pdfs_move_their_text_layer_too() -> None:
    moved = [item for zone in load_zones(3) for item in zone.items if item.format == "pdf"]
    assert moved, "the demo serves PDF reports"
    for item in moved:
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(attachment_bytes(item))).pages)
        # The moved words, years included, are the PDF's text layer, title first.
        for line in (item.title, *item.paragraphs):
            assert "".join(line.split()) in "".join(text.split()), (item.key, line[:40])


def test_every_report_tells_the_same_story_years_apart() -> None:
    """The records of each demo report, extracted at the content's years and three years on, differ
    only by three in their years."""
    written = {item.key: item for zone in load_zones(0) for item in zone.items if item.kind == "report"}
    later = {item.key: item for zone in load_zones(3) for item in zone.items if item.kind == "report"}
    assert written.keys() == later.keys()
    for key, item in written.items():
        year = int(item.title.split("年")[0][-4:])
        before = extract_records(item.text, review_year=year - 1, plan_year=year)
        after = extract_records(later[key].text, review_year=year + 2, plan_year=year + 3)
        moved = [
            {**r, "year": r["year"] + 3 if r["year"] else None, "metric": shift_text(r["metric"], 3)}
            for r in before
        ]
        strip = [{k: v for k, v in r.items() if k != "text"} for r in moved]
        assert strip == [{k: v for k, v in r.items() if k != "text"} for r in after], key
