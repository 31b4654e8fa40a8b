"""The demo mirror's content: front matter, gold records tied to the report text, the designed
year-over-year story consistent with the gold, and nothing lifted from the real seed reports."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
import yaml

from mirror.content import CONTENT, ContentItem, load_zones, staged_reports
from tests.conftest import shared_path

ROOT = Path(__file__).resolve().parents[2]
GOLD_DIR = ROOT / "tests" / "data" / "demo_gold"
GOLD_YAML = ROOT / "tests" / "data" / "demo_gold.yaml"
STAGED_GOLD = GOLD_DIR / "staged"
STAGED_STORY = CONTENT / "expected_changes_2023.staged.yaml"
FORMATS = {"html", "pdf", "docx", "doc", "wps"}
COMPARATORS = {"=", ">=", "<=", "~"}
RECORD_KEYS = ["metric", "value", "unit", "year", "kind", "comparator", "text"]
COPY_RUN = 30


def _items(kind: str) -> list[ContentItem]:
    return [item for zone in load_zones() for item in zone.items if item.kind == kind]


def _all_reports() -> list[ContentItem]:
    """Served reports and the staged ones: both must meet the same standard."""
    return _items("report") + list(staged_reports())


def _plan_year(item: ContentItem) -> int:
    return int(item.key.rsplit("-", 1)[1])


def _gold(zone_key: str, year: int) -> list[dict]:
    """The gold of a served report, or of a staged one (written, not yet switched on)."""
    path = GOLD_DIR / f"{zone_key}_{year}.json"
    if not path.exists():
        path = STAGED_GOLD / path.name
    return json.loads(path.read_text(encoding="utf-8"))


def _body(item: ContentItem) -> str:
    return "\n".join(item.paragraphs)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def _in_words(words: str) -> int:
    """一..九十九 as written in reports (三, 十二, 二十): enough for the counts the demo writes in words."""
    tens, _, ones = words.rpartition("十")
    if "十" not in words:
        return DIGITS[words]
    return (DIGITS.get(tens, 1) if tens else 1) * 10 + (DIGITS[ones] if ones else 0)


def _value_in(value: float, text: str) -> bool:
    """The value is written in the text in digits, in words (三 → 3) or as a fraction (三分之一 → 33.3)."""
    if re.search(rf"(?<![\d.]){re.escape(_number(value))}(?![\d.])", text):
        return True
    numerals = "[一二两三四五六七八九十]+"
    for whole, part in re.findall(rf"({numerals})分之({numerals})", text):
        if round(100 * _in_words(part) / _in_words(whole), 1) == value:
            return True
    return any(_in_words(words) == value for words in re.findall(numerals, text))


def _front_matters() -> list[tuple[Path, dict]]:
    found = []
    for path in sorted(CONTENT.glob("*/*/*.md")):
        _, front, _ = path.read_text(encoding="utf-8").split("---", 2)
        found.append((path, yaml.safe_load(front)))
    return found


def test_zones_load_with_reports_for_each_plan_year() -> None:
    zones = load_zones()
    assert len(zones) == 4
    assert len({zone.name for zone in zones}) == 4
    for zone in zones:
        assert zone.platform in {"trs", "hanweb", "intertid", "plain"}
        years = sorted(_plan_year(i) for i in zone.items if i.kind == "report")
        assert years == [2023, 2024, 2025], zone.key
        assert len({item.key for item in zone.items}) == len(zone.items), "item keys are unique"


@pytest.mark.parametrize("path_and_meta", _front_matters(), ids=lambda pm: str(pm[0].relative_to(CONTENT)))
def test_front_matter_is_valid(path_and_meta: tuple[Path, dict]) -> None:
    path, meta = path_and_meta
    # staged/ holds reports written ahead of being served (they join reports/ once the fixtures expect them).
    kind = {"reports": "report", "staged": "report", "news": "news"}[path.parent.name]
    assert {"title", "date", "format", "night"} <= meta.keys()
    assert meta.get("kind", kind) == kind
    assert isinstance(meta["date"], dt.date)
    assert meta["format"] in FORMATS
    assert meta["night"] in (1, 2)
    if meta.get("list_title"):
        assert meta["list_title"].endswith("…")
        assert meta["title"].startswith(meta["list_title"].rstrip("…"))
    if kind == "news":
        assert path.stem.startswith(meta["date"].isoformat()), "news files are named by their date"


def test_report_dates_follow_plan_years_and_only_2025_waits_for_night_two() -> None:
    for item in _all_reports():
        year = _plan_year(item)
        assert item.date.year == year and item.date.month in (1, 2), item.key
        assert str(year) in item.title, item.key
        assert item.night == (2 if year == 2025 else 1), item.key


def test_formats_cover_html_pdf_docx_and_legacy_attachments() -> None:
    report_formats = [item.format for item in _items("report")]
    assert report_formats.count("html") > len(report_formats) / 2
    assert "pdf" in report_formats and "docx" in report_formats
    news_formats = {item.format for item in _items("news")}
    assert {"doc", "wps"} <= news_formats


def test_every_report_has_gold_that_agrees_with_the_yaml_gold() -> None:
    """tests/data/demo_gold.yaml (the parser's compact copy) must say the same where it has the report."""
    rows = yaml.safe_load(GOLD_YAML.read_text(encoding="utf-8"))
    compared = 0
    for item in _items("report"):
        gold = _gold(item.zone_key, _plan_year(item))
        assert gold, item.key
        as_rows = [[r["metric"], r["value"], r["unit"], r["year"], r["kind"], r["comparator"]] for r in gold]
        key = f"{item.zone_key}/{_plan_year(item)}"
        if key in rows:
            assert as_rows == rows[key], item.key
            compared += 1
    assert compared >= 12


def test_gold_records_follow_the_contract_and_quote_the_report() -> None:
    problems = []
    for item in _items("report"):
        body, year = _body(item), _plan_year(item)
        for record in _gold(item.zone_key, year):
            assert list(record) == RECORD_KEYS, item.key
            assert record["kind"] in {"target", "actual"} and record["comparator"] in COMPARATORS
            assert isinstance(record["value"], int | float) and record["unit"]
            if record["kind"] == "actual":
                assert record["year"] == year - 1, (item.key, record)
            elif record["year"] is not None:
                assert record["year"] >= year, (item.key, record)
            if record["text"] not in body:
                problems.append((item.key, "text not in body", record["text"]))
            elif not _value_in(record["value"], record["text"]):
                problems.append((item.key, "value not in text", record["text"]))
    assert problems == []


def _targets(zone_key: str, year: int) -> dict[tuple[str, str], float]:
    return {(r["metric"], r["unit"]): r["value"] for r in _gold(zone_key, year) if r["kind"] == "target"}


def _find(targets: dict[tuple[str, str], float], metric: str, unit: str) -> tuple[str, str] | None:
    """The same indicator under last year's wording: reordered (高新技术企业新认定 / 新认定高新技术企业)
    or widened (全社会固定资产投资增长 / 固定资产投资增长), always in the same unit."""
    same_unit = [key for key in targets if key[1] == unit]
    for matches in (
        lambda name: name == metric,
        lambda name: sorted(name) == sorted(metric),
        lambda name: name in metric or metric in name,
    ):
        found = [key for key in same_unit if matches(key[0])]
        if found:
            return found[0]
    return None


def _actual_values(zone_key: str, year: int) -> set[float]:
    return {r["value"] for r in _gold(zone_key, year) if r["kind"] == "actual"}


def _comparators(zone_key: str, year: int) -> dict[tuple[str, str], str]:
    return {(r["metric"], r["unit"]): r["comparator"] for r in _gold(zone_key, year) if r["kind"] == "target"}


def test_expected_changes_agree_with_the_gold() -> None:
    expected = yaml.safe_load((CONTENT / "expected_changes.yaml").read_text(encoding="utf-8"))
    assert set(expected) == {zone.key for zone in load_zones()}
    assert _check_story(expected) == {"new", "changed", "dropped", "met", "missed", "unclear"}


def test_staged_2023_story_agrees_with_the_staged_2022_gold() -> None:
    expected = yaml.safe_load(STAGED_STORY.read_text(encoding="utf-8"))
    assert set(expected) == {zone.key for zone in load_zones()}
    assert all(list(years) == [2023] for years in expected.values())
    assert _check_story(expected) == {"new", "changed", "dropped", "met", "missed"}


def _check_story(expected: dict) -> set[str]:
    """Every listed change follows from the gold of the two reports; returns the kinds of change seen."""
    kinds_seen = set()
    for zone_key, years in expected.items():
        for year, story in years.items():
            before, now = _targets(zone_key, year - 1), _targets(zone_key, year)
            actuals, ceilings = _actual_values(zone_key, year), _comparators(zone_key, year - 1)
            for change in story["changes"]:
                metric, kind, unit = change["metric"], change["change"], change["unit"]
                previous, current = change["previous_value"], change["current_value"]
                old_key, new_key = _find(before, metric, unit), _find(now, metric, unit)
                kinds_seen.add(kind)
                where = (zone_key, year, metric, kind)
                if kind == "new":
                    assert old_key is None and now[new_key] == current and previous is None, where
                elif kind == "dropped":
                    assert new_key is None and before[old_key] == previous and current is None, where
                elif kind == "changed":
                    assert before[old_key] == previous and now[new_key] == current != previous, where
                    assert change["direction"] == ("up" if current > previous else "down"), where
                else:
                    assert before[old_key] == previous and current in actuals, where
                    lower_is_better = ceilings[old_key] == "<="
                    met = current <= previous if lower_is_better else current >= previous
                    assert met == (kind == "met"), where
            judged = {
                (c["metric"], c["previous_value"])
                for c in story["changes"]
                if c["change"] in ("met", "missed")
            }
            dropped = {
                (c["metric"], c["previous_value"]) for c in story["changes"] if c["change"] == "dropped"
            }
            assert not judged & dropped, ("one story per target: judged, never also dropped", zone_key, year)
            for metric in story["unchanged"]:
                old_key = next(key for key in before if key[0] == metric)
                assert before[old_key] == now[_find(now, *old_key)], (zone_key, year, metric)
    return kinds_seen


def test_expected_changes_match_the_monitor_fixture() -> None:
    """tests/data/demo_changes.yaml is the same story in the monitor's compact form."""
    expected = yaml.safe_load((CONTENT / "expected_changes.yaml").read_text(encoding="utf-8"))
    compact = yaml.safe_load((ROOT / "tests" / "data" / "demo_changes.yaml").read_text(encoding="utf-8"))
    for zone_key, years in expected.items():
        for year, story in years.items():
            if f"{zone_key}/{year}" not in compact:
                continue
            rows = [
                [c["metric"], c["change"], c["previous_value"], c["current_value"]] for c in story["changes"]
            ]
            assert rows == compact[f"{zone_key}/{year}"]["changes"]
            assert story["unchanged"] == compact[f"{zone_key}/{year}"]["unchanged"]


def test_traps_are_present_in_the_news() -> None:
    bodies = {item.key: item.title + _body(item) for item in _items("news")}
    assert any("區" in text and re.search(r"\d", text) for text in bodies.values()), "traditional script"
    assert any(re.search(r"x\.x%|xx", text) for text in bodies.values()), "masked numbers"
    assert any("工作会议" in text for text in bodies.values()), "meetings that are not work reports"


def test_nothing_is_copied_from_the_seed_reports() -> None:
    seeds = sorted(shared_path("seeds").glob("*.txt"))
    if not seeds:
        pytest.skip("no seed reports in ../shared/seeds")
    runs = set()
    for seed in seeds:
        text = re.sub(r"\s+", "", seed.read_text(encoding="utf-8", errors="replace"))
        runs.update(text[i : i + COPY_RUN] for i in range(len(text) - COPY_RUN + 1))
    copied = []
    for item in [item for zone in load_zones() for item in zone.items] + list(staged_reports()):
        text = re.sub(r"\s+", "", item.title + _body(item))
        hits = [
            text[i : i + COPY_RUN] for i in range(len(text) - COPY_RUN + 1) if text[i : i + COPY_RUN] in runs
        ]
        if hits:
            copied.append((item.key, hits[0]))
    assert copied == []


def test_written_news_reads_like_news() -> None:
    written = [path for path in CONTENT.glob("*/news/*.md")]
    assert len(written) >= 30
    for path in written:
        body = path.read_text(encoding="utf-8").split("---", 2)[2]
        assert 150 <= len(re.sub(r"\s", "", body)) <= 800, path.name


def test_every_zone_has_a_dozen_written_news_items_before_night_two() -> None:
    for zone in load_zones():
        written = sorted((CONTENT / zone.key / "news").glob("*.md"))
        assert len(written) >= 12, zone.key
        keys = {f"{zone.key}-news-{path.stem}" for path in written}
        nights = {item.night for item in zone.items if item.key in keys}
        assert nights == {1}, "night two only adds the 2025 reports"


def test_reports_have_the_genres_length() -> None:
    for item in _all_reports():
        assert 1200 <= len(re.sub(r"\s", "", _body(item))) <= 3000, item.key


# Numbers a report may carry that are not records: meeting dates, plan/review years, meeting logistics,
# slogans such as “1+N” or “1+3+1”, and 5G as part of a name.
NOT_RECORDS = re.compile(
    r"\d{4}年度?|\d{1,2}月\d{1,2}日|\d+余人参加会议|“[\dN+]+”|5G",
)


def test_every_number_in_a_report_is_in_its_gold_or_a_known_non_record() -> None:
    """The gold is complete: strip every gold record's text from the body and no other number remains,
    except the known non-record kinds above (so a forgotten record cannot hide in the narrative)."""
    leftovers = []
    for item in _all_reports():
        body = _body(item)
        for record in sorted(_gold(item.zone_key, _plan_year(item)), key=lambda r: -len(r["text"])):
            body = body.replace(record["text"], "□")
        rest = NOT_RECORDS.sub("", body)
        leftovers += [(item.key, m.group()) for m in re.finditer(r".{0,8}\d[\d.]*%?.{0,4}", rest)]
    assert leftovers == []


def test_staged_reports_have_gold_quoting_them() -> None:
    """Reports written ahead (mirror/content/<zone>/staged/) carry their gold in tests/data/demo_gold/staged/."""
    staged = sorted(CONTENT.glob("*/staged/*.md"))
    if not staged:
        pytest.skip("no staged reports")
    problems = []
    for path in staged:
        body = path.read_text(encoding="utf-8").split("---", 2)[2]
        gold_path = GOLD_DIR / "staged" / f"{path.parent.parent.name}_{path.stem}.json"
        assert gold_path.exists(), gold_path
        for record in json.loads(gold_path.read_text(encoding="utf-8")):
            assert list(record) == RECORD_KEYS and record["comparator"] in COMPARATORS, (path, record)
            if record["text"] not in body or not _value_in(record["value"], record["text"]):
                problems.append((path.parent.parent.name, path.stem, record["text"]))
    assert problems == []
