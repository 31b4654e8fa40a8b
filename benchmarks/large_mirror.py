"""A large generated mirror for the crawl benchmark: many plain-CMS zone sites, thousands of pages.

Pages are generated on request from the site and page numbers (nothing on disk), each site on its own
loopback address so per-domain politeness treats it as its own domain, as the real sites are. The
pages look like the plain CMS in the demo mirror: GBK lists with 下一页 links, dated items, articles
with meta tags and a body of a few kilobytes, a PDF attachment on every tenth article.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

PAGE_SIZE = 20
PARAGRAPH = (
    "2024年，园区坚持以科技创新引领产业发展，全年实现地区生产总值{n}亿元，同比增长{g}%；规上工业产值"
    "突破{p}亿元，新增高新技术企业{h}家，研发投入强度达到{r}%。园区深入推进营商环境改革，持续优化"
    "服务企业机制，全力保障重大项目建设。"
)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n" + b"0" * 6000 + b"\n%%EOF\n"


def _article_date(number: int) -> dt.date:
    return dt.date(2025, 12, 31) - dt.timedelta(days=number // 3)


def _list_page(site: int, index: int, pages: int) -> bytes:
    first = (index - 1) * PAGE_SIZE
    rows = []
    for n in range(first, first + PAGE_SIZE):
        day = _article_date(n)
        title = f"第{site}园区关于第{n}项重点工作推进情况的通报"
        rows.append(
            f'<li><span class="date">[{day:%m-%d}]</span>'
            f'<a href="/news/content/{n + 1000}.html" title="{title}">{title}</a></li>'
        )
    pager = f"<span>第 {index}/{pages} 页</span>"
    if index < pages:
        pager += f'<a href="list_{index + 1}.shtml">下一页</a><a href="list_{pages}.shtml">尾页</a>'
    page = f"""<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>园区动态</title></head><body><div class="nav"><a href="/">首页</a></div>
<div class="list"><ul class="news">{"".join(rows)}</ul><div class="pagination">{pager}</div></div>
</body></html>"""
    return page.encode("gb18030")


def _article(site: int, n: int) -> bytes:
    day = _article_date(n)
    title = f"第{site}园区关于第{n}项重点工作推进情况的通报"
    body = "".join(
        "<p>" + PARAGRAPH.format(n=100 + n % 900, g=n % 13, p=200 + n, h=n % 50, r=2 + n % 5) + "</p>"
        for _ in range(6)
    )
    attachment = f'<p>附件：<a href="/news/files/{n + 1000}.pdf">{title}</a></p>' if n % 10 == 0 else ""
    page = f"""<!DOCTYPE html><html><head><meta charset="gb2312">
<meta name="ArticleTitle" content="{title}"><meta name="PubDate" content="{day:%Y-%m-%d} 09:00">
<meta name="ContentSource" content="第{site}园区管理委员会"><title>{title}</title></head>
<body><div class="header"><a href="/">首页</a></div><div class="content"><h1>{title}</h1>
<div class="info">发布时间：{day:%Y-%m-%d}</div><div class="nr">{body}{attachment}</div></div>
<div class="footer">第{site}园区管理委员会 版权所有</div></body></html>"""
    return page.encode("gb18030")


@dataclass
class LargeMirror:
    """`sites` zone sites of `pages` list pages each (PAGE_SIZE articles per page)."""

    sites: int = 20
    pages: int = 10
    servers: list[ThreadingHTTPServer] = field(default_factory=list)
    hits: int = 0
    connections: int = 0

    @property
    def articles(self) -> int:
        return self.pages * PAGE_SIZE

    def expected_requests(self) -> int:
        """List pages, articles and attachments per site (robots.txt not counted)."""
        attachments = len(range(0, self.articles, 10))
        return self.sites * (self.pages + self.articles + attachments)

    def start_url(self, site: int) -> str:
        host, port = self.servers[site].server_address[:2]
        return f"http://{host}:{port}/news/list.shtml"

    def handler(self, site: int) -> type[BaseHTTPRequestHandler]:
        mirror = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            wbufsize = 1 << 16  # headers and body in one write: no Nagle/delayed-ACK stall per response
            disable_nagle_algorithm = True

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the stdlib's name
                pass

            def setup(self) -> None:
                mirror.connections += 1  # keep-alive check: far fewer connections than requests
                super().setup()

            def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
                mirror.hits += 1  # approximate under threads; only used as a sanity check
                status, body, kind = self.route(self.path)
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def route(self, path: str) -> tuple[int, bytes, str]:
                if path == "/robots.txt":
                    return 200, b"User-agent: *\nDisallow: /admin/\n", "text/plain"
                if path == "/news/list.shtml":
                    return 200, _list_page(site, 1, mirror.pages), "text/html"
                if path.startswith("/news/list_") and path.endswith(".shtml"):
                    index = int(path[len("/news/list_") : -len(".shtml")])
                    if 1 <= index <= mirror.pages:
                        return 200, _list_page(site, index, mirror.pages), "text/html"
                if path.startswith("/news/content/") and path.endswith(".html"):
                    return 200, _article(site, int(path.rsplit("/", 1)[1][:-5]) - 1000), "text/html"
                if path.startswith("/news/files/"):
                    return 200, PDF, "application/pdf"
                return 404, b"<html><body>404</body></html>", "text/html"

        return Handler

    def start(self) -> LargeMirror:
        for site in range(self.sites):
            # Its own loopback address per site: its own domain for per-domain politeness.
            server = ThreadingHTTPServer((f"127.0.3.{site + 1}", 0), self.handler(site))
            server.daemon_threads = True
            threading.Thread(target=server.serve_forever, daemon=True).start()
            self.servers.append(server)
        return self

    def stop(self) -> None:
        for server in self.servers:
            server.shutdown()
            server.server_close()

    def __enter__(self) -> LargeMirror:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
