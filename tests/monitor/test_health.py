"""Source health from stored history, on SQLite and PostgreSQL: site cases from tests/data, overdue
reports learned from each zone's past publication months, first-seen and last-new dates, and the
alert state behind the digest's 健康状况 (new once, weekly reminders, recovery once)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from monitor.health.alerts import mark_alerted, tonight
from monitor.health.sources import assess, default_rules, due_date, usual_month
from storage.db import session_scope
from tests.monitor.seed import night_moment, record, seed_nights, seed_report, seed_site

CASES = yaml.safe_load((Path(__file__).parents[1] / "data" / "health_cases.yaml").read_text(encoding="utf-8"))
START = dt.date(2026, 5, 1)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_site_cases(sqlite_db_url: str, case: dict) -> None:
    seed_site(sqlite_db_url, "s", "甲园区")
    seed_nights(sqlite_db_url, "s", START, case["nights"])
    last = START + dt.timedelta(days=max(0, len(case["nights"]) - 1))
    with session_scope(sqlite_db_url) as session:
        report = assess(session, night_moment(last) + dt.timedelta(hours=1))
    site = report.sites()[0]
    assert site.status == case["status"]
    kinds = [p.kind for p in report.problems if p.subject == "s"]
    assert kinds == ([case["problem"]] if case["problem"] else [])
    if "failing_nights" in case:
        assert site.failing_nights == case["failing_nights"]
    if "reason" in case:
        assert site.last_reason == case["reason"] and case["reason"] in report.problems[0].summary
    if "recovered_night" in case:
        assert site.recovered_on == START + dt.timedelta(days=case["recovered_night"] - 1)


def test_usual_month_and_due_date() -> None:
    rules = default_rules()
    assert usual_month([]) is None
    assert due_date(2026, None, rules) == dt.date(2026, 2, 28), "default: end of February"
    assert due_date(2028, None, rules) == dt.date(2028, 2, 29)
    # Published in December before the plan year counts as January.
    assert usual_month([(2024, dt.date(2023, 12, 28)), (2025, dt.date(2025, 1, 20))]) == 1
    assert (
        usual_month([(2023, dt.date(2023, 4, 2)), (2024, dt.date(2024, 4, 9)), (2025, dt.date(2025, 2, 1))])
        == 4
    )
    assert due_date(2026, 4, rules) == dt.date(2026, 5, 30)


def test_overdue_zones_and_document_dates(db_url: str) -> None:
    # 甲 publishes in January, 乙 in April, 丙 never did: due 2 March, 30 May and end of February.
    for name, zone, dates in (
        ("a", "甲园区", [dt.date(2024, 1, 10), dt.date(2025, 1, 12)]),
        ("b", "乙园区", [dt.date(2024, 4, 8), dt.date(2025, 4, 15)]),
        ("c", "丙园区", []),
    ):
        seed_site(db_url, name, zone)
        for day in dates:
            seed_report(db_url, name, zone, day.year, day, [record("地区生产总值", 100, "亿元", day.year)])
        seed_nights(db_url, name, dt.date(2026, 1, 1), ["ok"] * 3)

    def overdue(day: dt.date) -> set[str]:
        with session_scope(db_url) as session:
            return {
                p.subject for p in assess(session, night_moment(day)).problems if p.kind == "zone_overdue"
            }

    assert overdue(dt.date(2026, 2, 20)) == set()
    assert overdue(dt.date(2026, 3, 1)) == {"丙园区"}
    assert overdue(dt.date(2026, 3, 3)) == {"甲园区", "丙园区"}
    assert overdue(dt.date(2026, 6, 1)) == {"甲园区", "乙园区", "丙园区"}
    seed_report(
        db_url, "a", "甲园区", 2026, dt.date(2026, 3, 20), [record("地区生产总值", 110, "亿元", 2026)]
    )
    assert overdue(dt.date(2026, 3, 21)) == {"丙园区"}, "甲's report came"
    with session_scope(db_url) as session:
        report = assess(session, night_moment(dt.date(2026, 3, 21)))
    a = next(s for s in report.sites() if s.site == "a")
    assert (a.first_seen, a.last_new_document, a.days_since_new_document) == (
        dt.date(2024, 1, 10),
        dt.date(2026, 3, 20),
        1,
    )
    c = next(s for s in report.sites() if s.site == "c")
    assert c.first_seen is None and c.days_since_new_document is None
    assert report.zones["甲园区"].usual_month == 1 and report.zones["丙园区"].usual_month is None


def test_alerts_are_new_once_weekly_while_open_and_recovered_once(db_url: str) -> None:
    seed_site(db_url, "s", "甲园区")
    seed_report(db_url, "s", "甲园区", 2026, dt.date(2026, 1, 10), [])  # not overdue: only the site matters
    outcomes = ["ok"] * 3 + ["failed: connection refused"] * 12 + ["ok"]
    seed_nights(db_url, "s", START, outcomes)
    said: dict[dt.date, tuple[list[str], list[str], list[str]]] = {}
    for offset in range(len(outcomes)):
        day = START + dt.timedelta(days=offset)
        moment = night_moment(day) + dt.timedelta(hours=1)
        with session_scope(db_url) as session:
            health = tonight(session, moment)
            mark_alerted(session, health, moment)
        said[day] = tuple(
            [i.subject for i in items] for items in (health.new, health.ongoing, health.recovered)
        )
        if offset == 4:  # a second digest the same night (re-run): the same items, nothing new to mail
            with session_scope(db_url) as session:
                again = tonight(session, moment + dt.timedelta(minutes=30))
            assert [i.subject for i in again.new] == ["s"] and not again.has_news
    first_bad = START + dt.timedelta(days=3)
    new_on = [day for day, (new, _, _) in said.items() if new]
    reminded_on = [day for day, (_, ongoing, _) in said.items() if ongoing]
    recovered_on = [day for day, (_, _, recovered) in said.items() if recovered]
    assert new_on == [first_bad + dt.timedelta(days=1)], "said once, the second bad night"
    assert reminded_on == [first_bad + dt.timedelta(days=8)], "reminded a week later, not nightly"
    assert recovered_on == [START + dt.timedelta(days=15)]


def test_a_problem_that_turns_into_another_is_not_reported_as_recovered(sqlite_db_url: str) -> None:
    rules = default_rules()
    quick = {**rules, "site_changed": {**rules["site_changed"], "min_ok_nights": 3, "min_history_days": 2}}
    seed_site(sqlite_db_url, "s", "甲园区")
    seed_report(sqlite_db_url, "s", "甲园区", 2026, dt.date(2026, 1, 10), [])
    # Two timeouts (a failing site), then its list comes back empty while it answers: a redesign.
    seed_nights(sqlite_db_url, "s", START, ["ok"] * 4 + ["failed: timeout"] * 2)
    seed_nights(
        sqlite_db_url, "s", START + dt.timedelta(days=6), ["ok", "failed: list empty: no article links"]
    )
    for offset, expected in ((5, {"site_failing"}), (7, {"site_changed"})):
        moment = night_moment(START + dt.timedelta(days=offset)) + dt.timedelta(hours=1)
        with session_scope(sqlite_db_url) as session:
            health = tonight(session, moment, quick)
            mark_alerted(session, health, moment)
        assert {item.kind for item in health.new} == expected
        assert not health.recovered, "failing → ok → changed: the site did not simply recover"
