"""The server-side chart: one point per known value, gaps for masked ones, the scale written out."""

from __future__ import annotations

from xml.etree import ElementTree

from zonewatch_ui.svg import line_chart

NS = "{http://www.w3.org/2000/svg}"


def test_points_gaps_scale_and_escaping() -> None:
    svg = line_chart(
        {"actual": {2022: 6.8, 2023: None, 2024: 7.2}, "target": {2024: 7.5, 2025: 6.5}},
        [2022, 2023, 2024, 2025],
        "<%>",
    )
    root = ElementTree.fromstring(svg)  # well-formed, the unit escaped
    assert len(root.findall(f"{NS}circle")) == 4, "the masked 2023 value is a gap, not a zero"
    texts = {t.get("class"): [] for t in root.findall(f"{NS}text")}
    for t in root.findall(f"{NS}text"):
        texts[t.get("class")].append(t.text)
    assert texts["year"] == ["2022", "2023", "2024", "2025"]
    assert texts["unit"] == ["单位：<%>"], "the y axis says its unit"
    assert texts["tick"] == ["6.5", "7", "7.5"], "and where it starts and ends"
    lines = root.findall(f"{NS}polyline")
    assert [line.get("stroke-dasharray") for line in lines] == [None, "4 3"], "targets dashed"
    ys = [float(c.get("cy")) for c in root.findall(f"{NS}circle")]
    assert max(ys) > min(ys) + 40, "the axis spans the values, so small moves are visible"


def test_nothing_to_draw_is_empty() -> None:
    assert line_chart({"actual": {2024: None}}, [2024]) == ""
    assert line_chart({}, []) == ""
    one = ElementTree.fromstring(line_chart({"target": {2026: 55.0}}, [2026], "家"))
    assert len(one.findall(f"{NS}circle")) == 1
