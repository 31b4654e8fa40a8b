"""HTML article pages to clean text: the article body with its paragraphs, and the page's metadata.

Known CMS containers first (TRS, Hanweb, gov.cn), then a text-density fallback; navigation,
breadcrumbs, metadata tables, share/print/close widgets and footers never reach the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from parsers.table_text import Grid, cell_text, is_data_table, row_lines

CONTAINERS = (
    ".TRS_Editor",
    ".TRS_UEDITOR",
    ".trs_editor_view",
    "#zoom",
    "#Zoom",
    ".pages_content",
    ".article_zoom",
    ".article-content",
    "#UCAP-CONTENT",
    ".wenZhang",
    ".xlxlcont",
    ".Custom_UnionStyle",
    ".my_doccontent",
    "div.content",
    "div.article",
    "article",
)
DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "iframe",
    "nav",
    "header",
    "footer",
    "form",
    "button",
    "select",
    "object",
    "rt",  # ruby readings (<ruby>區<rt>qū</rt></ruby>) are pronunciation, not text
    "rp",
)
BOILERPLATE_ATTR = re.compile(
    r"crumb|dqwz|position|location|share|print|close|footer|foot|nav|menu|banner|qrcode|ewm|toolbar|fontsize|"
    r"font-size|zoom-size|related|xgwz|pager|page-num|sidebar|copyright|login",
    re.I,
)
BOILERPLATE_LINE = re.compile(
    r"^(【?打印(本页|页面)?】?|【?关闭(窗口|页面)?】?|【?收藏】?|【字体|字号[:：]|分享到|扫一扫|扫码|上一篇|下一篇|"
    r"责任编辑|当前位置|您当前的位置|您现在的位置|温馨提示|网站地图|主办单位|版权所有|浏览次数|访问量|"
    r"是否打开信息无障碍|【TOP】|返回顶部)"
)
DATE_SOURCE_LINE = re.compile(r"^(发布(时间|日期)|时间|来源|信息来源|作者)[:：].{0,80}$")
META_LABELS = (
    "索引号",
    "信息索引号",
    "发布机构",
    "生成日期",
    "公开日期",
    "发布日期",
    "成文日期",
    "文号",
    "发文字号",
    "文件编号",
    "主题分类",
    "公开方式",
    "公开时限",
    "效力状况",
    "公开范围",
    "发文机关",
)
BLOCKS = {
    "p",
    "div",
    "br",
    "li",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "section",
    "article",
    "table",
    "ul",
    "ol",
    "dd",
    "dt",
    "blockquote",
    "center",
}


@dataclass
class CleanPage:
    text: str
    title: str | None = None
    published: str | None = None
    source: str | None = None
    table: dict[str, str] = field(default_factory=dict)
    links: list[tuple[str, str]] = field(default_factory=list)
    truncated: bool = False


def _meta(soup: BeautifulSoup | Tag, *names: str) -> str | None:
    for name in names:
        tag = soup.find("meta", attrs={"name": re.compile(f"^{name}$", re.I)})
        if isinstance(tag, Tag) and tag.get("content"):
            return str(tag["content"]).strip()
    return None


def _label(text: str) -> str:
    return re.sub(r"[\s\u3000:：]", "", text)


def read_metadata_table(soup: BeautifulSoup) -> dict[str, str]:
    """信息公开 label/value pairs (td/th, dt/dd, li>span), then the table is removed from the page."""
    found: dict[str, str] = {}
    cells = soup.find_all(["td", "th", "dt", "span", "b", "strong", "label"])
    for cell in cells:
        label = _label(cell.get_text(" ", strip=True))
        if label not in META_LABELS or label in found:
            continue
        value_cell = cell.find_next_sibling(["td", "dd", "span"]) or (
            cell.parent.find_next_sibling(["td", "dd"])
            if cell.name in ("b", "strong") and cell.parent
            else None
        )
        if value_cell is None:
            continue
        value = value_cell.get_text(" ", strip=True)
        value = "" if re.fullmatch(r"[—\-\s]*", value) else value
        found[label] = value
    for table in soup.find_all(["table", "dl", "ul", "div"]):
        text = _label(table.get_text(" ", strip=True))
        if sum(label in text for label in META_LABELS) >= 3 and len(text) < 600:
            table.decompose()
    return found


def _density_pick(soup: BeautifulSoup) -> Tag | None:
    best, best_score = None, 0.0
    for node in soup.find_all(["div", "td", "section", "article"]):
        text = node.get_text("", strip=True)
        if len(text) < 60:
            continue
        link_text = sum(len(a.get_text("", strip=True)) for a in node.find_all("a"))
        punctuation = len(re.findall(r"[，。；、！？,.;]", text))
        score = (len(text) - link_text) * (1 + punctuation) / (1 + len(node.find_all(True)) ** 0.5)
        if score > best_score:
            best, best_score = node, score
    return best


MAX_SPAN = 50  # rows or columns one cell may cover; a larger span attribute is a page's typo


def _span(cell: Tag, name: str) -> int:
    match = re.match(r"\s*(\d{1,3})", str(cell.get(name) or "1"))
    return max(1, min(int(match.group(1)), MAX_SPAN)) if match else 1


def _data_rows(table: Tag) -> list[list[str]] | None:
    """A data table's rows of cells, merged cells (rowspan, colspan) repeated; None for a layout table
    (one that holds another table, or paragraphs in its cells)."""
    if table.find("table") is not None:
        return None
    grid = Grid()
    for row in table.find_all("tr"):
        cells = row.find_all(["td", "th"], recursive=False)
        grid.add_row(
            [
                (cell_text(cell.get_text(" ")), _span(cell, "colspan"), _span(cell, "rowspan"))
                for cell in cells
            ]
        )
    rows = grid.table()
    return rows if is_data_table(rows) else None


def _lines(node: Tag) -> list[str]:
    parts: list[str] = []

    def walk(element: Tag) -> None:
        for child in element.children:
            if isinstance(child, Comment):
                continue
            if isinstance(child, NavigableString):
                parts.append(str(child))
            elif isinstance(child, Tag):
                if child.name == "table" and (rows := _data_rows(child)) is not None:
                    parts.append("\n" + "\n".join(row_lines(rows)) + "\n")
                    continue
                block = child.name in BLOCKS
                if block:
                    parts.append("\n")
                walk(child)
                if block:
                    parts.append("\n")

    walk(node)
    lines = [re.sub(r"\s+", " ", line).strip() for line in "".join(parts).split("\n")]
    return [
        line
        for line in lines
        if line and not BOILERPLATE_LINE.match(line) and not DATE_SOURCE_LINE.match(line)
    ]


MAX_HTML = 1_000_000  # characters of markup parsed; a report's page is far smaller, a 5 MB page is cut
HEAVY = re.compile(
    r"<script\b.*?</script\s*>|<style\b.*?</style\s*>|data:[\w/+.-]+;base64,[\w+/=\s]+", re.I | re.S
)


def _lighten(html: str) -> tuple[str, bool]:
    """Scripts, styles and inline base64 images make most of a huge page and never carry text:
    drop them with a regex before the soup, then cut what is still too long."""
    if len(html) > MAX_HTML // 4:
        html = HEAVY.sub(" ", html)
    return html[:MAX_HTML], len(html) > MAX_HTML


# The visible info line ("发布时间：2024-03-05 来源：…"); never 生成日期 (an index stamp) or 成文日期.
VISIBLE_DATE = re.compile(
    r"(?:发布|发稿|更新|公开)(?:时间|日期)\s*(?:[:：]|&nbsp;|\s|<[^>]{0,80}>)*\s*"
    r"(20\d\d\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2})"
)


def clean_html(html: str, container: str | None = None) -> CleanPage:
    html, truncated = _lighten(html)
    visible = VISIBLE_DATE.search(html[:200_000])
    visible_date = visible.group(1) if visible else None
    soup = BeautifulSoup(html, "lxml")
    head = soup.head or soup
    title = _meta(head, "ArticleTitle", "title") or (
        _meta(soup, "ArticleTitle", "title") if head is not soup else None
    )
    published = _meta(head, "PubDate", "publishdate", "pubtime", "firstpublishedtime") or (
        _meta(soup, "PubDate", "publishdate", "pubtime", "firstpublishedtime") if head is not soup else None
    )
    source = _meta(head, "ContentSource", "source") or (
        _meta(soup, "ContentSource", "source") if head is not soup else None
    )
    if not title:
        heading = soup.find(["h1", "h2"])
        if heading is not None and heading.get_text(strip=True):
            title = heading.get_text(" ", strip=True)
        elif soup.title and soup.title.string:
            # "文章_栏目_站点" or "站点-文章": the site and column names are the shorter parts.
            parts = [part.strip() for part in re.split(r"[_|\-—]| {2,}", soup.title.string.strip())]
            title = max(parts, key=len)
    links = [(str(a.get("href")), a.get_text(" ", strip=True)) for a in soup.find_all("a") if a.get("href")]
    for tag in soup.find_all(DROP_TAGS):
        tag.decompose()
    table = read_metadata_table(soup)
    body = soup.select_one(container) if container else None
    if body is None:
        for selector in CONTAINERS:
            candidate = soup.select_one(selector)
            if candidate is not None and len(candidate.get_text(strip=True)) >= 20:
                body = candidate
                break
    if body is None:
        doomed = []
        for tag in soup.find_all(True):
            attrs = " ".join([tag.get("id") or "", " ".join(tag.get("class") or [])])
            if attrs.strip() and BOILERPLATE_ATTR.search(attrs) and tag.name not in ("body", "html"):
                doomed.append(tag)
        for tag in doomed:
            if not tag.decomposed:
                tag.decompose()
        body = _density_pick(soup) or soup.body or soup
    lines = _lines(body)
    if title and lines and lines[0] == title:
        lines = lines[1:]
    return CleanPage(
        text="\n".join(lines),
        title=title,
        published=published or table.get("公开日期") or table.get("发布日期") or visible_date,
        source=source or table.get("发布机构"),
        table=table,
        links=links,
        truncated=truncated,
    )
