"""Fixture sites that moved without an HTTP redirect (issue 20): the old start page still answers
200, and only its markup says where the site is now.

Followed (the new address is on the same site):
- `refreshhere`: `<META HTTP-EQUIV="Refresh" CONTENT="0;URL='…'">` to the column's new path.
- `jshere`: a near-empty page whose script sets `window.location.href = "…"` (behind a comment
  naming an old address that must not be taken).
- `frameset`: a frameset shell: a banner frame with menu links and the column in its main frame.
Failed with `moved to <url>` (the new address is another host, the mirror's first site):
- `refreshaway`: a meta refresh with a 2-second pause and a notice, to the other host.
- `jsaway`: `top.location.replace('…')` to the other host.
"""

from __future__ import annotations

from html import escape

from mirror.platforms.variant_base import Row, VariantSite
from mirror.site import Reply, Request, html

OLD_START = "/index.html"
COLUMN = "/xxgk/tzgg/"


class MovedColumnSite(VariantSite):
    """A plain column of `count` rows at COLUMN; the start page at OLD_START points there."""

    key = "refreshhere"
    zone_name = "迁址高新区"
    count = 12
    report_at = 9

    def start_path(self) -> str:
        return OLD_START

    def article_path(self, row: Row) -> str:
        return f"{COLUMN}{row.date:%Y%m}/t{row.date:%Y%m%d}_{row.number}.html"

    def column_page(self) -> str:
        items = "".join(
            f'<li><a href="{self.article_path(r)}" title="{escape(r.title)}">{escape(r.title)}</a>'
            f"<span>{r.date.isoformat()}</span></li>"
            for r in self.rows
        )
        return (
            f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>通知公告_{self.zone_name}</title></head>'
            f'<body><ul class="list">{items}</ul></body></html>'
        )

    def old_start(self, request: Request) -> str:
        return (
            '<html><head><META HTTP-EQUIV="Refresh" CONTENT="0;URL=\'/xxgk/tzgg/index.html\'">'
            "</head><body></body></html>"
        )

    def list_route(self, request: Request) -> Reply | None:
        if request.path == OLD_START:
            return html(self.old_start(request))
        if request.path == f"{COLUMN}index.html":
            return html(self.column_page())
        return None


class ScriptHereSite(MovedColumnSite):
    key = "jshere"

    def old_start(self, request: Request) -> str:
        return (
            '<html><head><title>正在跳转</title><script type="text/javascript">\n'
            '// window.location.href = "http://old.zone.example/";\n'
            'window.location.href = "/xxgk/tzgg/index.html";\n</script></head>'
            "<body><p>页面正在跳转……</p></body></html>"
        )


class FramesetSite(MovedColumnSite):
    key = "frameset"

    def old_start(self, request: Request) -> str:
        return (
            "<html><head><title>迁址高新区</title></head>"
            '<frameset rows="110,*" frameborder="no"><frame src="/top.html" name="banner" scrolling="no">'
            '<frame src="/xxgk/tzgg/index.html" name="main"><noframes>请使用支持框架的浏览器</noframes>'
            "</frameset></html>"
        )

    def list_route(self, request: Request) -> Reply | None:
        if request.path == "/top.html":
            menu = "".join(
                f'<a href="/{path}/">{name}</a>'
                for path, name in (("xxgk", "信息公开"), ("zwfw", "政务服务"))
            )
            return html(
                f'<html><body><div class="logo">迁址高新区管委会</div><div class="menu">{menu}</div></body></html>'
            )
        return super().list_route(request)


class RefreshAwaySite(MovedColumnSite):
    """The old site points at the new one on another host (the mirror sets peer_url once bound)."""

    key = "refreshaway"

    def __init__(self) -> None:
        super().__init__()
        self.peer_url = "http://127.0.0.1:9"

    def target(self) -> str:
        return self.peer_url.rstrip("/") + "/xxgk/index.html"

    def old_start(self, request: Request) -> str:
        return (
            f'<html><head><meta http-equiv="refresh" content="2; url={self.target()}"></head>'
            f'<body><p>本站已迁移至新网址，<a href="{self.target()}">2秒后自动跳转</a>。</p></body></html>'
        )


class ScriptAwaySite(RefreshAwaySite):
    key = "jsaway"

    def old_start(self, request: Request) -> str:
        return f"<html><head><script>top.location.replace('{self.target()}');</script></head><body></body></html>"


SITES: tuple[type[MovedColumnSite], ...] = (
    MovedColumnSite,
    ScriptHereSite,
    FramesetSite,
    RefreshAwaySite,
    ScriptAwaySite,
)
