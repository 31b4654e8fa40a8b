"""What the list-variant fixture sites share: their rows (one a work report deep in the list), the
article page each row links to, and the site that serves a list of them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from html import escape

from mirror.site import Reply, Request, Site, html, not_found

TOPICS = (
    "召开季度经济运行调度会",
    "举办科技型中小企业政策宣讲会",
    "开展安全生产隐患排查",
    "组织重点项目集中开工活动",
    "召开优化营商环境推进会",
    "举办高校毕业生专场招聘会",
    "开展防汛应急演练",
    "召开招商引资工作例会",
)
REPORT_WORDS = (
    "{year_before}年，园区实现地区生产总值{gdp}亿元，同比增长6.8%；新增高新技术企业{firms}家。",
    "{year}年，园区力争地区生产总值增长7%，新增高新技术企业{more}家，完成固定资产投资120亿元。",
)


@dataclass(frozen=True)
class Row:
    number: int
    title: str
    date: dt.date

    @property
    def is_report(self) -> bool:
        return "工作报告" in self.title


def rows(zone: str, count: int, report_at: int, newest: dt.date = dt.date(2025, 1, 20)) -> list[Row]:
    """count list rows, newest first; the one at report_at is the zone's previous work report."""
    made = []
    for index in range(count):
        day = newest - dt.timedelta(days=9 * index)
        if index == report_at:
            title = f"{zone}{day.year}年工作报告"
        else:
            title = f"{zone}{TOPICS[index % len(TOPICS)]}（{index + 1}）"
        made.append(Row(700100 + index, title, day))
    return made


def article_page(zone: str, row: Row) -> Reply:
    if row.is_report:
        words = {
            "year_before": row.date.year - 1,
            "year": row.date.year,
            "gdp": 286.4,
            "firms": 41,
            "more": 55,
        }
        paragraphs = [p.format(**words) for p in REPORT_WORDS]
    else:
        paragraphs = [f"{row.title}。各相关部门负责同志参加，会议对下一阶段工作作出部署。"]
    body = "".join(f"<p>\u3000\u3000{escape(p)}</p>" for p in paragraphs)
    page = (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{escape(row.title)}_{escape(zone)}</title>'
        f'<meta name="ArticleTitle" content="{escape(row.title)}">'
        f'<meta name="PubDate" content="{row.date.isoformat()} 09:00"></head><body>'
        f'<h1>{escape(row.title)}</h1><div id="zoom">{body}</div>'
        f'<div class="footer">{escape(zone)}管理委员会</div></body></html>'
    )
    reply = html(page)
    reply.cacheable, reply.modified = True, row.date
    return reply


class VariantSite(Site):
    """A fixture site with one list of `count` rows, its articles at article_path(row)."""

    zone_name = "示例园区"
    count = 40
    report_at = 30

    def __init__(self) -> None:
        super().__init__(None)
        self.rows = rows(self.zone_name, self.count, self.report_at)

    def article_path(self, row: Row) -> str:  # pragma: no cover - overridden
        raise NotImplementedError

    def route(self, request: Request) -> Reply:
        reply = self.list_route(request)
        if reply is not None:
            return reply
        for row in self.rows:
            if request.path == self.article_path(row):
                return article_page(self.zone_name, row)
        return not_found()

    def list_route(self, request: Request) -> Reply | None:  # pragma: no cover - overridden
        return None
