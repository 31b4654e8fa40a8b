"""HTML pieces every mirrored CMS shares: the article page, its boilerplate and its metadata table."""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from mirror.content import ContentItem, Zone


@dataclass
class ArticleStyle:
    container_open: str = '<div class="TRS_Editor">'
    container_close: str = "</div>"
    meta_tags: bool = False
    table: str | None = None  # None | "xxgk" | "art_xxgktab"
    charset: str = "utf-8"
    extra_body: list[str] = field(default_factory=list)


def attachment_note(item: ContentItem) -> str:
    return f"现将《{item.title}》印发给你们，请结合实际认真贯彻落实。全文见附件。"


def article_html(
    zone: Zone,
    item: ContentItem,
    style: ArticleStyle,
    column: str,
    attachment_links: str = "",
    edited: bool = False,
) -> str:
    title = escape(item.title)
    date = item.date.isoformat()
    if item.format in ("html",):
        paragraphs = [f"<p>\u3000\u3000{escape(p)}</p>" for p in item.paragraphs]
    else:
        paragraphs = [f"<p>\u3000\u3000{escape(attachment_note(item))}</p>"]
    if edited:
        paragraphs.append("<p>\u3000\u3000（本文内容已于发布后更正。）</p>")
    metas = ""
    if style.meta_tags:
        metas = (
            f'<meta name="SiteName" content="{escape(zone.full_name)}管委会">'
            f'<meta name="ColumnName" content="{escape(column)}">'
            f'<meta name="ArticleTitle" content="{title}">'
            f'<meta name="PubDate" content="{date} 09:30">'
            f'<meta name="ContentSource" content="{escape(zone.name)}党政办">'
        )
    table = ""
    if style.table == "xxgk":
        table = (
            '<table class="xxgk-meta"><tr><td class="lab">索 引 号</td>'
            f"<td>MB{item.numeric_id}X/{item.date.year}-{item.numeric_id % 1000:05d}</td>"
            '<td class="lab">主题分类</td><td>综合政务\\规划计划</td></tr>'
            f'<tr><td class="lab">发布机构</td><td>{escape(zone.name)}管委会</td>'
            f'<td class="lab">生成日期</td><td>{date}</td></tr>'
            '<tr><td class="lab">文\u3000\u3000号</td><td><!--<$[WJBH]>-->—&nbsp;&nbsp;—<!--<$[WJBH]>--></td>'
            '<td class="lab">公开方式</td><td>主动公开</td></tr></table>'
        )
    elif style.table == "art_xxgktab":
        table = (
            '<table class="art_xxgktab">'
            f'<tr><td class="title">信息索引号</td><td>01404{item.numeric_id}/{item.date.year}-00{item.numeric_id % 900}</td>'
            f'<td class="title">生成日期</td><td>{date}</td></tr>'
            f'<tr><td class="title">公开日期</td><td>{date}</td><td class="title">文件编号</td><td></td></tr>'
            f'<tr><td class="title">发布机构</td><td>{escape(zone.full_name)}管理委员会</td>'
            '<td class="title">公开时限</td><td>长期公开</td></tr></table>'
        )
    charset = "gb2312" if style.charset == "gb18030" else style.charset
    return f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{title}_{escape(zone.full_name)}</title>{metas}
<link rel="stylesheet" href="/css/style.css"><script src="/js/common.js"></script></head>
<body>
<div class="header"><a href="/">首页</a> <a href="/zwgk/">政务公开</a> <a href="/tzgg/">通知公告</a> <a href="/login.html">登录</a></div>
<div class="crumb">您当前的位置：<a href="/">首页</a> &gt; <a href="../">{escape(column)}</a> &gt; 正文</div>
{table}
<h1 class="article-title">{title}</h1>
<div class="info">发布时间：{date} 来源：{escape(zone.name)}党政办 浏览次数：<span id="hits"></span>
【字体：<a href="javascript:doZoom(16)">大</a> <a href="javascript:doZoom(14)">中</a> <a href="javascript:doZoom(12)">小</a>】</div>
{style.container_open}
{"".join(paragraphs)}
{attachment_links}
{style.container_close}
{"".join(style.extra_body)}
<div class="tools">【<a href="javascript:window.print()">打印本页</a>】【<a href="javascript:window.close()">关闭窗口</a>】 分享到：<a class="wx">微信</a> <a class="wb">微博</a></div>
<div class="footer">主办单位：{escape(zone.full_name)}管理委员会 版权所有 技术支持：某某信息公司</div>
</body></html>"""


def shell(title: str, body: str, charset: str = "utf-8") -> str:
    return (
        f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>{escape(title)}</title></head>'
        f'<body><div class="header"><a href="/">首页</a></div>{body}'
        '<div class="footer">版权所有</div></body></html>'
    )
