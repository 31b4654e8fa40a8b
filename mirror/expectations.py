"""Facts about the mirror that crawler tests assert against, derived from the same code that
serves the pages so a fixture and its expectation cannot drift apart."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cache

from mirror.content import Zone, load_zones
from mirror.platforms import (
    charsets,
    column_faults,
    gkmlpt,
    hanweb,
    intertid,
    list_variants,
    moves,
    oddities,
    office_reports,
    plain,
    trs,
)
from mirror.site import PAGE_SIZE


@dataclass(frozen=True)
class FixtureFacts:
    start_path: str
    list_pages: int = 0
    articles: frozenset[str] = frozenset()
    attachments: frozenset[str] = frozenset()
    failure: str | None = None  # the reason a crawler must report for the whole site
    not_found: frozenset[str] = frozenset()
    soft_404: frozenset[str] = frozenset()
    disallowed: frozenset[str] = frozenset()
    offsite: frozenset[str] = frozenset()  # absolute URLs, or "peer" for another mirror site
    extra_lists: dict[str, int] = field(default_factory=dict)  # other list start path -> pages
    # A list read only in part: the site is `partial` with this reason (its articles are the
    # reachable ones).
    partial: str | None = None
    report: str | None = None  # the path of the work report deep in the list, when there is one


_ODD = oddities
FIXTURES: dict[str, FixtureFacts] = {
    "ruishu": FixtureFacts("/xxgk/gzbg/index.html", failure="blocked: js-challenge"),
    "ruishu200": FixtureFacts("/xxgk/gzbg/index.html", failure="blocked: js-challenge"),
    "waf": FixtureFacts("/xxgk/index.html", failure="blocked: waf"),
    "jsshell": FixtureFacts("/class/DHLAQAEJ", failure="list empty: JS-rendered"),
    "oddities": FixtureFacts(
        start_path=_ODD.TRS_COLUMN + "index.shtml",
        list_pages=_ODD.PAGES,
        articles=frozenset(_ODD.TRS_ARTICLES),
        extra_lists={_ODD.COUNT_COLUMN + "index.htm": _ODD.PAGES, _ODD.QUERY_LIST: _ODD.QUERY_PAGES},
        attachments=frozenset([*_ODD.ATTACHMENTS, _ODD.HUGE]),
        not_found=frozenset([_ODD.MISSING, _ODD.TRS_COLUMN + f"index_{_ODD.PAGES}.shtml"]),
        soft_404=frozenset([_ODD.STUB, _ODD.GONE]),
        offsite=frozenset(["peer", _ODD.OFFSITE]),
    ),
}


def _variant(
    cls: type[list_variants.VariantSite], reachable: int | None = None, partial: str | None = None
) -> FixtureFacts:
    site = cls()
    rows = site.rows[:reachable] if reachable is not None else site.rows
    report = next(site.article_path(r) for r in site.rows if r.is_report)
    return FixtureFacts(
        start_path=site.start_path(),
        articles=frozenset(site.article_path(r) for r in rows),
        partial=partial,
        report=report,
    )


_LV = list_variants
FIXTURES.update(
    {
        "jpagenext": _variant(_LV.JpageNextgroupSite),
        "jpageget": _variant(_LV.JpageGetSite),
        "trsinline": _variant(_LV.TrsInlineSite),
        "plainnum": _variant(_LV.PlainNumberedSite),
        "jpagegone": _variant(_LV.JpageGoneSite, 15, "列表声明40条，读到15条：dataproxy.jsp 返回404"),
        "trsgap": _variant(_LV.TrsGapSite, 14, "列表声明21条，读到14条：index_2.shtml 返回503"),
        "plaincut": _variant(_LV.PlainCutSite, 20, "列表声明25条，读到20条"),
        # The new host is the mirror's other site, known once it is bound: the reason starts so.
        "moved": FixtureFacts("/xxgk/tzgg/index.html", failure="moved to "),
        "unavailable": FixtureFacts("/xxgk/index.html", failure="http 503"),
        "gkmlpt": _variant(gkmlpt.GkmlptSite),
        "gkmlptdept": _variant(gkmlpt.GkmlptDeptSite),
        "gkmlptcut": _variant(gkmlpt.GkmlptCutSite, 10, "列表声明25条，读到10条：721 返回404"),
        "refreshhere": _variant(moves.MovedColumnSite),
        "jshere": _variant(moves.ScriptHereSite),
        "frameset": _variant(moves.FramesetSite),
        # The new host is the mirror's first site, known once it is bound: the reason starts so.
        "refreshaway": FixtureFacts(moves.OLD_START, failure="moved to http://"),
        "jsaway": FixtureFacts(moves.OLD_START, failure="moved to http://"),
        **{cls.key: _variant(cls) for cls in office_reports.SITES},
        **{cls.key: _variant(cls) for cls in charsets.SITES[:3]},
        "garbled": _variant(
            charsets.GarbledSite, partial="1 个页面无法正确解码（声明的编码与内容不符，读出乱码）"
        ),
    }
)
# Issue 20's columns (mirror/platforms/column_faults.py): what the first night can read.
FIXTURES.update(
    {
        cls.key: FixtureFacts(
            start_path=(site := cls()).start_path(),
            articles=site.expected_articles(),
            partial=site.expected_partial(),
            report=next(site.article_path(r) for r in site.rows if r.is_report),
        )
        for cls in column_faults.SITES
    }
)
# The detail-page and encoding cases behind oddities' ?page=N list, by what each one shows.
ODDITIES_SPECIALS: dict[str, str] = {s.kind: s.path for s in _ODD.SPECIALS}


@dataclass(frozen=True)
class DemoFacts:
    zone: str
    platform: str
    start_path: str
    articles: dict[int, frozenset[str]]  # night -> every article path visible that night
    attachments: dict[int, frozenset[str]]  # night -> attachment paths as linked (before redirects)
    list_pages: dict[int, int]  # night -> list pages (TRS/intertid/plain: 20 a page; Hanweb: jpage groups)
    failing: frozenset[str] = frozenset()  # paths that 404, fail once, or are soft 404s
    disallowed: frozenset[str] = frozenset()


def _paths(zone: Zone) -> tuple[object, object]:
    module = {"trs": trs, "hanweb": hanweb, "intertid": intertid, "plain": plain}[zone.platform]
    if zone.platform == "trs":

        def attachment(item: object) -> str:
            return trs.COLUMN + f"{item.date:%Y%m}/" + trs.attachment_name(item)  # type: ignore[attr-defined]

    elif zone.platform == "hanweb":

        def attachment(item: object) -> str:
            return (
                "/module/download/downfile.jsp?classid=0&filename="
                f"{hanweb.file_hex(item)}.{item.format}"  # type: ignore[arg-type, attr-defined]
            )

    else:
        attachment = module.attachment_path  # type: ignore[attr-defined]
    return module.article_path, attachment  # type: ignore[attr-defined]


def _start_path(platform: str) -> str:
    return {
        "trs": trs.COLUMN + "index.html",
        "hanweb": f"/col/col{hanweb.COLUMN_ID}/index.html",
        "intertid": intertid.COLUMN + "index.shtml",
        "plain": plain.LIST + "list.shtml",
    }[platform]


@cache
def demo_sites() -> dict[str, DemoFacts]:
    facts = {}
    for zone in load_zones():
        article, attachment = _paths(zone)
        nights = {n: [i for i in zone.items if i.night <= n] for n in (1, 2)}
        per_page = hanweb.FIRST if zone.platform == "hanweb" else PAGE_SIZE
        failing: frozenset[str] = frozenset()
        disallowed: frozenset[str] = frozenset()
        if zone.platform == "plain":
            failing = frozenset([plain.BROKEN, plain.SOFT_404])
            disallowed = frozenset([plain.PRIVATE])
        elif zone.platform == "intertid":
            failing = frozenset([intertid.COLUMN + "index_1.shtml"])
        facts[zone.key] = DemoFacts(
            zone=zone.name,
            platform=zone.platform,
            start_path=_start_path(zone.platform),
            articles={n: frozenset(article(i) for i in items) for n, items in nights.items()},  # type: ignore[operator]
            attachments={
                n: frozenset(attachment(i) for i in items if i.format != "html")  # type: ignore[operator]
                for n, items in nights.items()
            },
            list_pages={n: max(1, math.ceil(len(items) / per_page)) for n, items in nights.items()},
            failing=failing,
            disallowed=disallowed,
        )
    return facts


DEMO_SITES: dict[str, DemoFacts] = demo_sites()
