"""The demo mirror's text: fictional zones, their work reports (files) and the news around them.

Reports and the hand-written news are Markdown files under mirror/content/<zone>/reports/ and
mirror/content/<zone>/news/. Further ordinary news is built from a small set of templates with
numbers varied per zone, so every list page carries dozens of realistic items a crawler and a
classifier must wade through.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

import yaml

from mirror.years import shift_date, shift_text

CONTENT = Path(__file__).with_name("content")


@dataclass(frozen=True)
class ContentItem:
    key: str
    zone_key: str
    kind: str  # report | news
    title: str
    date: dt.date
    format: str  # html | pdf | docx | doc | wps
    night: int
    paragraphs: tuple[str, ...]
    list_title: str | None = None
    source: str | None = None
    year_offset: int = 0  # how far its years were moved from the written content (mirror.years)

    @property
    def text(self) -> str:
        """Title and body as plain text, one paragraph a line: what a PDF/DOCX renderer or a parser test needs."""
        return "\n".join((self.title, *self.paragraphs))

    @property
    def numeric_id(self) -> int:
        return int(hashlib.sha1(self.key.encode()).hexdigest()[:6], 16) % 900000 + 100000


@dataclass
class Zone:
    key: str
    name: str
    full_name: str
    platform: str
    speaker: str
    items: list[ContentItem] = field(default_factory=list)


def _read_item(zone_key: str, path: Path, kind: str) -> ContentItem:
    """One Markdown file: YAML front matter between --- lines, then paragraphs split by blank lines."""
    _, front, body = path.read_text(encoding="utf-8").split("---", 2)
    meta = yaml.safe_load(front)
    paragraphs = tuple(p.strip() for p in body.strip().split("\n\n") if p.strip())
    return ContentItem(
        key=f"{zone_key}-{kind}-{path.stem}",
        zone_key=zone_key,
        kind=meta.get("kind", kind),
        title=meta["title"],
        date=meta["date"],
        format=meta.get("format", "html"),
        night=int(meta.get("night", 1)),
        paragraphs=paragraphs,
        list_title=meta.get("list_title"),
        source=meta.get("source"),
    )


NEWS_TEMPLATES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "{zone}召开{year}年安全生产工作会议",
        (
            "{month}月{day}日，{zone}召开{year}年安全生产工作会议，传达学习上级安全生产会议精神，部署节前安全隐患排查整治工作。",
            "会议要求，各企业要落实主体责任，重点抓好危化品、消防和建筑施工领域的专项整治，确保安全形势平稳。",
        ),
    ),
    (
        "关于召开{year}年度工作总结大会的通知",
        (
            "各部门、各社区、各重点企业：经研究，定于{month}月{day}日上午9:00在园区会议中心召开{year}年度工作总结大会。",
            "请参会人员提前15分钟入场，会议期间请将手机调至静音。特此通知。",
        ),
    ),
    (
        "{zone}{month}月份经济运行简报",
        (
            "1—{month}月，{zone}完成规上工业产值{a}亿元，同比增长{p}%；完成固定资产投资{b}亿元，同比增长{q}%。",
            "从行业看，新材料、高端装备两大主导产业保持较快增长，对规上工业产值增长的贡献率超过六成。",
        ),
    ),
    (
        "总投资{b}亿元的{industry}项目签约落户{zone}",
        (
            "{month}月{day}日，{zone}与某{industry}企业举行项目签约仪式，项目总投资{b}亿元，达产后预计年销售{a}亿元。",
            "该项目将填补区内{industry}产业链的空白环节，双方将组建专班推进项目尽快开工建设。",
        ),
    ),
    (
        "{zone}召开招商引资工作会议",
        (
            "{month}月{day}日，{zone}召开招商引资工作会议，总结前一阶段招商工作，分析当前招商形势。",
            "会议强调，要坚持招大引强，聚焦{industry}等重点产业开展精准招商，全力以赴抓项目、促投资。",
        ),
    ),
    (
        "市领导调研{zone}科技创新工作",
        (
            "{month}月{day}日，市领导一行深入{zone}重点企业和研发平台，调研科技创新和产业发展情况。",
            "调研组一行实地察看了企业研发中心和生产车间，听取了企业关于技术攻关和人才引进的情况汇报。",
        ),
    ),
    (
        "{zone}举办{year}年人才招聘会",
        (
            "{month}月{day}日，{zone}{year}年人才招聘会在园区人才市场举行，{n}家企业提供就业岗位{m}个。",
            "招聘会吸引了众多求职者到场，现场达成初步就业意向{k}人。",
        ),
    ),
    (
        "{zone}开展党风廉政建设工作会议",
        (
            "{month}月{day}日，{zone}召开党风廉政建设工作会议，通报典型案例，部署全年党风廉政建设重点任务。",
            "会议要求，全体党员干部要严守纪律规矩，持续深化作风建设。",
        ),
    ),
)
INDUSTRIES = ("新材料", "集成电路", "生物医药", "高端装备", "新能源汽车零部件", "智能制造")


def _news(zone: Zone, count: int, seed: int) -> list[ContentItem]:
    rng = random.Random(seed)
    items = []
    start = dt.date(2022, 3, 1)
    for index in range(count):
        title_t, body_t = NEWS_TEMPLATES[index % len(NEWS_TEMPLATES)]
        date = start + dt.timedelta(days=int(index * 1000 / count) + rng.randint(0, 9))
        values = {
            "zone": zone.name,
            "year": date.year,
            "month": date.month,
            "day": date.day,
            "a": rng.randint(30, 400),
            "b": rng.randint(5, 60),
            "p": round(rng.uniform(2, 15), 1),
            "q": round(rng.uniform(2, 15), 1),
            "industry": rng.choice(INDUSTRIES),
            "n": rng.randint(40, 160),
            "m": rng.randint(800, 4000),
            "k": rng.randint(100, 900),
        }
        items.append(
            ContentItem(
                key=f"{zone.key}-news-{index:03d}",
                zone_key=zone.key,
                kind="news",
                title=title_t.format(**values),
                date=date,
                format="html",
                night=1,
                paragraphs=tuple(p.format(**values) for p in body_t),
            )
        )
    return items


def _special_news(zone: Zone) -> list[ContentItem]:
    """Items that exercise edge cases: legacy attachments, traditional script, masked numbers."""
    if zone.key == "yunxi":
        return [
            ContentItem(
                f"{zone.key}-news-doc",
                zone.key,
                "news",
                "关于印发园区企业服务专员制度的通知",
                dt.date(2023, 6, 2),
                "doc",
                1,
                ("现将《园区企业服务专员制度》印发给你们，请认真贯彻执行。",),
            ),
            ContentItem(
                f"{zone.key}-news-trad",
                zone.key,
                "news",
                "雲溪高新區舉辦台商投資說明會",
                dt.date(2023, 9, 18),
                "html",
                1,
                (
                    "9月16日，雲溪高新區舉辦台商投資說明會，共有42家台資企業參加，現場簽約項目6個，總投資18億元。",
                ),
            ),
        ]
    if zone.key == "chenghu":
        return [
            ContentItem(
                f"{zone.key}-news-wps",
                zone.key,
                "news",
                "澄湖经开区2023年度重点工作任务分解表",
                dt.date(2023, 3, 1),
                "wps",
                1,
                ("现将2023年度重点工作任务分解表印发，请各部门对照落实。",),
            ),
            ContentItem(
                f"{zone.key}-news-masked",
                zone.key,
                "news",
                "开发区一季度主要经济指标完成情况（摘要）",
                dt.date(2024, 4, 20),
                "html",
                1,
                ("一季度，开发区实现地区生产总值xx.x亿元，同比增长x.x%；新增规上工业企业x家。",),
            ),
        ]
    return []


def _moved(item: ContentItem, offset: int) -> ContentItem:
    """The item with its date and every year in its words moved by `offset` years."""
    if not offset:
        return item
    return replace(
        item,
        title=shift_text(item.title, offset),
        date=shift_date(item.date, offset),
        paragraphs=tuple(shift_text(p, offset) for p in item.paragraphs),
        list_title=shift_text(item.list_title, offset) if item.list_title else None,
        year_offset=offset,
    )


@cache
def load_zones(year_offset: int = 0) -> tuple[Zone, ...]:
    """The demo zones with their items, newest first; `year_offset` moves the whole calendar
    (`mirror.years.demo_year_offset` gives the one that makes the newest report this year's)."""
    zones = []
    for index, folder in enumerate(sorted(p for p in CONTENT.iterdir() if p.is_dir())):
        meta = yaml.safe_load((folder / "zone.yaml").read_text(encoding="utf-8"))
        zone = Zone(meta["key"], meta["name"], meta["full_name"], meta["platform"], meta["speaker"])
        written = [_read_item(zone.key, path, "report") for path in sorted((folder / "reports").glob("*.md"))]
        written += [_read_item(zone.key, path, "news") for path in sorted((folder / "news").glob("*.md"))]
        items = written + _news(zone, 40, seed=index) + _special_news(zone)
        zone.items = sorted((_moved(item, year_offset) for item in items), key=lambda i: i.date, reverse=True)
        zones.append(zone)
    return tuple(zones)


@cache
def staged_reports() -> tuple[ContentItem, ...]:
    """Reports written but not served yet (mirror/content/<zone>/staged/*.md). The 2022 reports wait
    here until the fixtures that count the demo's reports and changes are updated to include them;
    moving a file to reports/ switches it on."""
    return tuple(
        _read_item(folder.name, path, "report")
        for folder in sorted(p for p in CONTENT.iterdir() if p.is_dir())
        for path in sorted((folder / "staged").glob("*.md"))
    )


def zone(key: str, year_offset: int = 0) -> Zone:
    return next(z for z in load_zones(year_offset) if z.key == key)
