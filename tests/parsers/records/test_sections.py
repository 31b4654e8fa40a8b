"""Plan vs review is decided by the text: cues inside paragraphs, headings, progress articles."""

from __future__ import annotations

from parsers.records import extract_records


def _kinds(text: str, review: int, plan: int) -> list[tuple[str, float | int | None, str, int | None]]:
    return [
        (r["metric"], r["value"], r["kind"], r["year"])
        for r in extract_records(text, review_year=review, plan_year=plan)
    ]


def test_a_plan_cue_inside_a_paragraph_makes_the_items_after_it_targets() -> None:
    text = (
        "2020年，园区新增企业40家。成就令人鼓舞，园区提出，2021年将奋力冲刺。\n"
        "聚焦主导产业，新引进项目50个以上；铺排建设30个产业项目。"
    )
    kinds = _kinds(text, 2020, 2021)
    assert kinds[0][2:] == ("actual", 2020)
    assert [k[2:] for k in kinds[1:]] == [("target", 2021), ("target", 2021)]


def test_enumerated_items_after_the_main_targets_are_targets_without_a_commitment_verb() -> None:
    text = "去年全区实现营收80亿元。\n今年经济工作的主要预期目标是：营收增长10%；新增规上企业20家。"
    assert [k[2:] for k in _kinds(text, 2022, 2023)] == [("actual", 2022), ("target", 2023), ("target", 2023)]


def test_a_review_heading_switches_back_to_actuals() -> None:
    text = "主要预期目标是：营收增长10%。\n一、2022年工作回顾\n全年新增规上企业20家。"
    assert [k[2] for k in _kinds(text, 2022, 2023)] == ["target", "actual"]


def test_part_year_figures_are_actuals_even_in_a_plan_part() -> None:
    text = "今年将全力冲刺。1至11月，规上工业总产值同比增长21.0%。"
    assert _kinds(text, 2021, 2021) == [("1至11月规上工业总产值同比增长", 21.0, "actual", 2021)]


def test_a_date_this_year_opens_no_plan_in_a_progress_article() -> None:
    text = "今年6月3日，推进会在园区召开。\n园区全年新增企业12家。"
    assert [k[2] for k in _kinds(text, 2021, 2021)] == ["actual"]


# --- Document structure decides kind and year (issue 18, item 4): several wordings per kind. ---


def test_a_review_heading_under_a_next_year_title_keeps_its_paragraphs_actual() -> None:
    for heading in (
        "砥砺奋进开新局——“十四五”以来及2024年工作回顾",
        "凝心聚力谱新篇、勇毅前行再出发：2024年工作总结",
    ):
        text = (
            f"2025年某开发区管委会工作报告\n\n{heading}\n\n"
            "五年来，园区砥砺前行。工业总产值超300亿元。新增高新技术企业40家。"
        )
        assert [k[2:] for k in _kinds(text, 2024, 2025)] == [("actual", 2024), ("actual", 2024)], heading


def test_a_paragraph_on_an_earlier_year_inside_a_plan_part_is_an_actual_of_that_year() -> None:
    text = (
        "2025年主要预期目标是：营业收入增长10%。\n\n园区地处城市东部。\n\n"
        "2021年，园区实现营业收入80亿元、增长12%；税收6亿元。"
    )
    kinds = _kinds(text, 2024, 2025)
    assert kinds[0][2:] == ("target", 2025)
    assert [k[2:] for k in kinds[1:]] == [("actual", 2021)] * 3
    text = "新的一年，要确保营收增长8%。\n回顾2022年，园区完成固定资产投资30亿元。"
    assert [k[2:] for k in _kinds(text, 2023, 2024)] == [("target", 2024), ("actual", 2022)]


def test_a_commitment_before_an_estimate_makes_a_plan_sentence() -> None:
    text = "会议作出部署。一季度要力争实现开门红，预计规上工业产值增长8%，工业投资增长12%。"
    assert [k[2:] for k in _kinds(text, 2023, 2024)] == [("target", 2024), ("target", 2024)]
    # An estimate alone stays an actual of the year reviewed.
    assert [k[2:] for k in _kinds("预计全年实现营收94亿元。", 2023, 2024)] == [("actual", 2023)]


def test_a_sentence_opening_on_the_plan_year_starts_the_plan_inside_a_paragraph() -> None:
    text = "园区新增企业30家。实施招商攻坚行动。2024年，全力推进总投资50亿元的项目建设。"
    assert [k[2:] for k in _kinds(text, 2023, 2024)] == [("actual", 2023), ("target", 2024)]


def test_a_horizon_heading_a_list_governs_every_item_across_semicolons() -> None:
    text = "会议提出三大指标：到2027年，营业收入突破500亿元；高企数量达到200家；研发投入强度达5%以上。"
    assert [k[2:] for k in _kinds(text, 2024, 2025)] == [("target", 2027)] * 3
    text = "到2026年底，规上企业达到300家；亩均税收提高到40万元/亩，较2023年提升5万元/亩。"
    assert [k[2:] for k in _kinds(text, 2024, 2025)] == [("target", 2026)] * 3
    text = "力争到2026年，新增上市企业5家；专精特新企业达到100家；高企突破300家。"
    assert [k[2:] for k in _kinds(text, 2023, 2024)] == [("target", 2026)] * 3


def test_a_commitment_heading_a_list_governs_its_items() -> None:
    text = "目前园区正全力冲刺。力争2010年实现产值200亿元，增长26%；完成投资350亿元；引进内资100亿元以上。"
    assert [k[2:] for k in _kinds(text, 2010, 2010)] == [("target", 2010)] * 4


def test_a_progress_article_states_its_own_targets() -> None:
    text = "今年，园区将完成工业投资80亿元的目标任务。\n下半年，园区将实现新开工项目30个。"
    assert [k[2:] for k in _kinds(text, 2024, 2024)] == [("target", 2024), ("target", 2024)]
    text = "上半年，园区实现营收40亿元，完成全年目标的52%。"
    assert [k[2] for k in _kinds(text, 2024, 2024)] == ["actual", "actual"]


def test_a_goal_the_zone_set_itself_is_a_target_of_its_horizon() -> None:
    for text, year in (
        ("今年以来，园区以到2027年跻身全国高新区三十强为目标，全力攻坚。", 2027),
        ("2023年以来，开发区以“十四五”末进入全省开发区前五强为奋斗目标。", 2025),
    ):
        kinds = _kinds(text, 2023, 2024)
        assert [(k[1], k[2], k[3]) for k in kinds] == [(30 if year == 2027 else 5, "target", year)], text


def test_a_meeting_s_directives_and_this_year_s_will_open_the_plan() -> None:
    text = "上半年，园区营收增长8%。\n会议明确，要以更大力度抓招商。全年盘活低效用地超3000亩。"
    assert [k[2:] for k in _kinds(text, 2022, 2022)] == [("actual", 2022), ("target", 2022)]
    text = "一年来成绩喜人，园区新增企业40家。\n“链”上发力，今年园区将深化招商，新引进项目30个。"
    assert [k[2:] for k in _kinds(text, 2024, 2025)] == [("actual", 2024), ("target", 2025)]


def test_an_estimate_heading_a_list_governs_its_items() -> None:
    text = "会议要求，要奋力冲刺。预计全年高新技术产业收入500亿元以上，增长25%；软件收入50亿元，增长15%。"
    assert [k[2] for k in _kinds(text, 2010, 2010)] == ["actual"] * 4


def test_a_news_lede_of_targets_takes_the_kind_of_what_set_them() -> None:
    for lede in (
        "新增工业产值80亿元以上，固定资产投资增长15%以上……2月20日，园区工作会议上传来消息，2025年，该区将奋力冲刺。",
        "营收突破300亿元；新引进项目50个……记者从大会获悉，2025年，园区要全力以赴。",
    ):
        assert {k[2:] for k in _kinds(lede, 2024, 2025)} == {("target", 2025)}, lede
    # Without the plan after the ellipsis the lede stays what it was.
    assert {k[2] for k in _kinds("全年营收突破300亿元……记者从大会获悉。", 2024, 2025)} == {"actual"}


def test_a_figure_with_its_own_earlier_year_takes_it() -> None:
    text = "2023年园区实现营收120亿元，2022年为100亿元。"
    assert [(k[1], k[3]) for k in _kinds(text, 2023, 2024)] == [(120, 2023), (100, 2022)]


def test_a_base_year_and_the_nearest_ranking_year() -> None:
    text = "2015年，园区工业产值相当于2011年的3倍。"
    assert [(k[1], k[3]) for k in _kinds(text, 2015, 2016)] == [(3, 2015)]
    text = "位列2021年全国千强镇第9名、2020年度全国乡镇综合竞争力百强第6名。"
    assert [(k[1], k[3]) for k in _kinds(text, 2021, 2022)] == [(9, 2021), (6, 2020)]


def test_a_target_takes_the_later_year_named_for_it() -> None:
    text = "上半年，园区营收增长9%。\n2025年，园区将力争营收突破120亿元。确保2025年新增企业50家，2026年达到80家。"
    assert [k[2:] for k in _kinds(text, 2024, 2024)] == [
        ("actual", 2024),
        ("target", 2025),
        ("target", 2025),
        ("target", 2026),
    ]
    text = "2024年，力争营收增长10%；2025年，营收突破200亿元；新增企业20家。力争营收比2023年增长12%。"
    assert [k[3] for k in _kinds(text, 2023, 2024)] == [2024, 2025, 2025, 2024]


def test_an_actual_over_a_past_five_year_period_takes_its_end_year() -> None:
    text = "“十三五”期间，园区营收年均增长12%。2023年，营收增长8%。"
    assert [k[2:] for k in _kinds(text, 2023, 2024)] == [("actual", 2020), ("actual", 2023)]


def test_a_progress_article_s_next_year_is_the_year_after_its_own() -> None:
    text = "今年以来，园区营收增长9%。\n明年，园区将力争营收突破120亿元。下一步，力争明年新增企业30家。"
    assert [k[2:] for k in _kinds(text, 2024, 2024)] == [("actual", 2024), ("target", 2025), ("target", 2025)]


def test_a_sentence_detailing_a_horizon_takes_its_year() -> None:
    """ "其中，…" details the goals of the sentence before: its horizon governs them, across the ；."""
    text = "“十四五”时期，园区将实现五个新突破。其中，经济方面，工业总产值突破500亿元；创新方面，高新技术企业达到300家。"
    assert [k[2:] for k in _kinds(text, 2021, 2022)] == [("target", 2025)] * 2
    text = "到2027年，全区将建成三大产业集群。其中，新材料产业产值突破200亿元，年均增长15%。"
    assert [k[2:] for k in _kinds(text, 2024, 2025)] == [("target", 2027)] * 2
    # The next sentence details nothing; nor does 其中 after a sentence without a horizon.
    text = "到2027年，全区将建成三大产业集群。研发投入增长8%。园区新增企业100家。其中，高企20家。"
    assert [k[2:] for k in _kinds(text, 2024, 2025)] == [("actual", 2024)] * 3


def test_a_paragraph_looking_back_on_an_earlier_year_is_an_actual_of_that_year() -> None:
    """回看/回首/回望 open a look back like 回顾 does, also inside a plan part."""
    for opener in ("回看", "回首", "回望"):
        text = f"2024年主要预期目标：规上工业增加值增长8%。\n\n{opener}2020年，园区实现地区生产总值98亿元。"
        assert [k[2:] for k in _kinds(text, 2023, 2024)] == [("target", 2024), ("actual", 2020)]


def test_a_plan_to_start_things_in_a_progress_article_is_a_target() -> None:
    """计划 before a verb of results plans them (计划新开工, 计划引进); 计划 as a name does not."""
    text = "下半年，园区计划新开工项目18个，计划引进高层次人才50名。"
    assert [k[2:] for k in _kinds(text, 2024, 2024)] == [("target", 2024)] * 2
    text = "上半年，入选太湖人才计划12人。"
    assert [k[2] for k in _kinds(text, 2024, 2024)] == ["actual"]


def test_funds_secured_from_above_in_a_review_are_actuals() -> None:
    """争取 before funds from above is what was secured; a commitment elsewhere, and in a plan part."""
    text = "一、2023年工作回顾\n\n全区争取上级专项资金1.2亿元，发放稳岗补贴300万元。"
    assert [k[2:] for k in _kinds(text, 2023, 2024)] == [("actual", 2023)] * 2
    text = "2024年，争取中央预算内资金2亿元；争取新增高新技术企业50家。"
    assert [k[2:] for k in _kinds(text, 2023, 2024)] == [("target", 2024)] * 2


def test_a_full_year_target_after_a_part_year_figure_in_its_list_is_of_the_same_measure() -> None:
    """ "1—9月，营收420亿元；全年力争突破600亿元": the target names nothing of its own; it is the
    measure the list item before it gives, for the whole year."""
    text = "1—9月，园区实现营业收入420亿元；全年力争突破600亿元。"
    assert _kinds(text, 2024, 2024) == [
        ("1—9月营业收入", 420, "actual", 2024),
        ("营业收入", 600, "target", 2024),
    ]


def test_what_a_progress_article_says_will_still_come_is_a_target() -> None:
    """将 before a verb of results (还将引进, 将新开工) plans them; what was done so far is an actual."""
    text = "目前已引进项目26个，年底前还将引进10个；四季度将新开工项目8个。"
    assert [k[2:] for k in _kinds(text, 2024, 2024)] == [("actual", 2024), ("target", 2024), ("target", 2024)]
