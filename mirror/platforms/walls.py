"""Sites a crawler cannot and must not get through: a 瑞数-style JS challenge, a WAF that answers
every path with the same 403 page, and a list that is only a JavaScript shell."""

from __future__ import annotations

from mirror.site import Reply, Request, Site, html

RUISHU = (
    '<html><head><meta id="9DhefwqGPrzC" content="Xq0iQk.a3Fz" r=\'m\'>'
    "<script type=\"text/javascript\" r='m'>$_ts=window['$_ts'];if(!$_ts)$_ts={};$_ts.nsd=54713;"
    '$_ts.cd="qnrnrrQlqGVcDkqqr";</script><script src="/4QbVtADbnLVI/c.FxJzG50F.dfe1675.js"></script>'
    "</head><body><script type=\"text/javascript\" r='m'>_$Nu();</script></body></html>"
)
WAF = (
    "<html><head><title>拒绝执行 | 网站云防护系统</title></head><body><h1>您的访问请求被拒绝</h1>"
    "<p>您的请求包含非法参数或来自受限地址，已被网站云防护系统拦截。</p>"
    + "<!-- padding -->" * 450
    + "</body></html>"
)


class RuishuSite(Site):
    key = "ruishu"
    status = 412

    def start_path(self) -> str:
        return "/xxgk/gzbg/index.html"

    def handle(self, request: Request) -> Reply:
        return html(RUISHU, status=self.status)


class Ruishu200Site(RuishuSite):
    """The same challenge served with 200: the status alone cannot tell a crawler it is blocked."""

    key = "ruishu200"
    status = 200


class WafSite(Site):
    key = "waf"

    def start_path(self) -> str:
        return "/xxgk/index.html"

    def handle(self, request: Request) -> Reply:
        return html(WAF, status=403)


class JsShellSite(Site):
    key = "jsshell"

    def start_path(self) -> str:
        return "/class/DHLAQAEJ"

    def route(self, request: Request) -> Reply:
        if request.path == self.start_path():
            return html("""<!DOCTYPE html><html><head><meta charset="utf-8"><title>政策文件</title>
<script src="/static/js/list.min.js"></script></head><body><div class="header"><a href="/">首页</a></div>
<div id="app"><div class="list" v-for="item in list">{{ item.title }}</div></div>
<script>loadList('/api/' + window.__CLS__, renderList);</script></body></html>""")
        return html("<html><body>首页</body></html>")
