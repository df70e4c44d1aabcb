"""A synthetic news site for benchmarks: N article pages of realistic size (50–200 KB, most
of it chrome: menus, related lists, scripts, comments), RSS feed, sitemap index with daily
sitemaps, paginated listings. Served from memory by a multi-process HTTP server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import hashlib
import multiprocessing
import random
import socket
import sys
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "seeds"))
from stories import all_stories  # noqa: E402

MENU = "الرئيسية سياسة اقتصاد رياضة ثقافة تكنولوجيا صحة منوعات مقالات رأي فيديو صور"


def _paragraphs(rng: random.Random, pool: list[str], n: int) -> list[str]:
    """A distinct story: sentences drawn from the seeds, shuffled and numbered."""
    picked = rng.sample(pool, min(len(pool), rng.randint(6, 14)))
    return [f"{p} ({n}-{i})" for i, p in enumerate(picked)]


def _marked(paragraph: str, n: int) -> str:
    words = paragraph.split()
    return " ".join(w + (f" {n}" if i % 3 == 2 else "") for i, w in enumerate(words))


class Site:
    def __init__(
        self, articles: int, sitemap_urls: int = 0, seed: int = 7,
        page_kb: tuple[int, int] = (50, 200), map_size: int = 10_000,
    ) -> None:  # fmt: skip
        """page_kb: article page sizes are drawn from this range (agency sites serve 3-10 KB).
        map_size: URLs per child sitemap of the index; below 10,000 each map is a day's, its
        lastmod that day (the newest today), as news sites split their archives."""
        rng = random.Random(seed)
        self.page_kb = page_kb
        pool = [p for s in all_stories().values() for p in s.body if len(p) > 60]
        titles = [s.title for s in all_stories().values()]
        self.pages: dict[str, bytes] = {}
        self.host = "127.0.0.1"
        now = datetime.now(UTC).replace(microsecond=0)
        self.article_urls = []
        for n in range(articles):
            url = f"/news/{n}.html"
            self.article_urls.append(url)
            when = now - timedelta(minutes=n)
            self.pages[url] = self._article(
                rng, n, f"{rng.choice(titles)} ({n})", _paragraphs(rng, pool, n), when, titles,
                page_kb,
            )  # fmt: skip
        listing_size = 50
        for page in range(0, articles, listing_size):
            links = "".join(
                f"<li><a href='{u}'>خبر {u}</a></li>"
                for u in self.article_urls[page : page + listing_size]
            )
            nxt = (
                f"<a href='/list?page={page // listing_size + 1}'>التالي</a>"
                if page + listing_size < articles
                else ""
            )
            self.pages[f"/list?page={page // listing_size}"] = (
                f"<html><body><nav>{MENU}</nav><ul>{links}</ul>{nxt}</body></html>".encode()
            )
        items = "".join(
            f"<item><title>{n}</title><link>http://HOST{u}</link></item>"
            for n, u in enumerate(self.article_urls[:100])
        )
        self.pages["/rss"] = f"<rss version='2.0'><channel>{items}</channel></rss>".encode()
        listed = self.article_urls + [
            f"/news/{i}.html" for i in range(articles, max(articles, sitemap_urls))
        ]
        maps = []
        days = -(-len(listed) // map_size)
        for i in range(0, len(listed), map_size):
            day_urls = listed[i : i + map_size]
            urls = "".join(f"<url><loc>http://HOST{u}</loc></url>" for u in day_urls)
            self.pages[f"/sitemap-{i // map_size}.xml"] = (
                f"<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>{urls}</urlset>".encode()
            )
            day = now - timedelta(days=days - 1 - i // map_size)
            lastmod = f"<lastmod>{day.isoformat()}</lastmod>" if map_size < 10_000 else ""
            maps.append(
                f"<sitemap><loc>http://HOST/sitemap-{i // map_size}.xml</loc>{lastmod}</sitemap>"
            )
        self.pages["/sitemap.xml"] = (
            f"<sitemapindex xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>{''.join(maps)}</sitemapindex>".encode()
        )
        self.pages["/robots.txt"] = b"User-agent: *\nDisallow: /search\n"

    @staticmethod
    def _article(
        rng: random.Random,
        n: int,
        title: str,
        paragraphs: list[str],
        when: datetime,
        titles: list[str],
        page_kb: tuple[int, int] = (50, 200),
    ) -> bytes:
        # Real pages are big because of markup, not text: menus, cards, related lists.
        # Each page is filled with related cards up to a size drawn from 50–200 KB.
        card = (
            "<div class='card'><a href='/news/{0}.html'><img src='/img/{0}.jpg' alt=''>"
            "<span class='t'>{1}</span></a><time>{2}</time></div>"
        )
        small = page_kb[1] <= 20
        script = (
            "<script>var c = {"
            + ",".join(f'"k{i}": "{"x" * 40}"' for i in range(rng.randint(100, 600)))
            + "};</script>"
        ) if not small else ""  # fmt: skip
        comments = "".join(
            f"<div class='comment'><p>تعليق رقم {i}: {rng.choice(paragraphs)}</p></div>"
            for i in range(rng.randint(0, 2 if small else 20))
        )
        if small:  # a short story on a lean page: 3-10 KB in all
            # Three seed sentences alone often repeat in another page's three: the story's
            # number every few words keeps each page a story of its own, not a near-copy.
            paragraphs = [_marked(p, n) for p in paragraphs[:3]]
        body = "".join(f"<p>{p}</p>" for p in paragraphs)
        ld = f'{{"@type":"NewsArticle","headline":"{title}","datePublished":"{when.isoformat()}"}}'
        menu = "".join(
            f"<li><a href='/section/{i}'>{w}</a></li>"
            for i, w in enumerate(MENU.split() * (1 if small else 8))
        )
        head, tail = (
            "<!DOCTYPE html><html lang='ar' dir='rtl'><head><meta charset='utf-8'>"
            f"<title>{title} | موقع</title><meta property='og:title' content='{title}'>"
            f"<script type='application/ld+json'>{ld}</script>"
            f"{script}</head><body><header><nav><ul>{menu}</ul></nav></header>"
            f"<main><h1>{title}</h1><article>{body}</article>"
            "<aside class='related'><h3>اقرأ أيضا</h3>",
            f"</aside><section class='comments'>{comments}</section></main>"
            f"<footer><ul>{menu}</ul>جميع الحقوق محفوظة © 2024</footer></body></html>",
        )
        size, target = len((head + tail).encode()), rng.randint(*page_kb) * 1000
        cards: list[str] = []
        while size < target:
            cards.append(card.format(rng.randrange(10**6), rng.choice(titles), when.date()))
            size += len(cards[-1].encode())
        return (head + "".join(cards) + tail).encode()

    def page(self, path: str) -> bytes | None:
        """A stored page; /news/N.html past the generated ones reuses one with N in its title
        (sitemaps longer than the site list pages that exist)."""
        body = self.pages.get(path)
        if body is None and path.startswith("/news/") and path[6:-5].isdigit():
            n = int(path[6:-5])
            base = self.pages[self.article_urls[n % len(self.article_urls)]]
            body = base.replace(f"({n % len(self.article_urls)})".encode(), f"({n})".encode())
        return body

    def etag(self, path: str) -> str:
        return '"' + hashlib.sha1(self.pages[path]).hexdigest()[:16] + '"'


def handler_for(site: Site) -> type[BaseHTTPRequestHandler]:
    """Serves the site's pages, with ETag and 304s, under whatever Host it is asked by."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802
            body = site.page(self.path)
            if body is None:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            host = self.headers.get("Host", "127.0.0.1")
            body = body.replace(b"http://HOST", f"http://{host}".encode())
            etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(200)
            self.send_header(
                "Content-Type",
                "application/xml"
                if self.path.endswith(".xml") or self.path == "/rss"
                else "text/html; charset=utf-8",
            )
            self.send_header("ETag", etag)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    return Handler


class _Responder:
    """Whole responses built once per page and Host: the rig spends next to no CPU per
    request, so the crawl on the same cores is measured, not the test server."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.cache: dict[tuple[bytes, bytes], tuple[bytes, bytes]] = {}

    def __call__(self, head: bytes) -> bytes:
        lines = head.split(b"\r\n")
        method, path = (lines[0].split(b" ") + [b"", b""])[:2]
        headers = dict(
            (k.strip().lower(), v.strip()) for k, _, v in (ln.partition(b":") for ln in lines[1:])
        )
        host = headers.get(b"host", b"127.0.0.1")
        key = (path, host)
        if key not in self.cache:
            self.cache[key] = self._build(path.decode("latin-1"), host)
        etag, full = self.cache[key]
        if etag and headers.get(b"if-none-match") == etag:
            return b"HTTP/1.1 304 Not Modified\r\nETag: " + etag + b"\r\nContent-Length: 0\r\n\r\n"
        if method == b"HEAD":
            return full[: full.index(b"\r\n\r\n") + 4]
        return full

    def _build(self, path: str, host: bytes) -> tuple[bytes, bytes]:
        body = self.site.page(path)
        if body is None:
            return b"", b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"
        body = body.replace(b"http://HOST", b"http://" + host)
        etag = b'"' + hashlib.sha1(body).hexdigest()[:16].encode() + b'"'
        xml = path.endswith(".xml") or path == "/rss"
        kind = b"application/xml" if xml else b"text/html; charset=utf-8"
        head = b"HTTP/1.1 200 OK\r\nContent-Type: %s\r\nETag: %s\r\nContent-Length: %d\r\n\r\n"
        return etag, head % (kind, etag, len(body)) + body


class _Connection(asyncio.Protocol):
    """HTTP/1.1 with keep-alive, one request after another (Scrapy does not pipeline)."""

    def __init__(self, respond: _Responder) -> None:
        self.respond = respond
        self.buffer = b""
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while (end := self.buffer.find(b"\r\n\r\n")) >= 0:
            head, self.buffer = self.buffer[:end], self.buffer[end + 4 :]
            assert self.transport is not None
            self.transport.write(self.respond(head))
            if b"\r\nconnection: close" in head.lower():
                self.transport.close()


def _serve(site: Site, sock: socket.socket) -> None:
    async def main() -> None:
        respond = _Responder(site)
        server = await asyncio.get_running_loop().create_server(
            lambda: _Connection(respond), sock=sock
        )
        await server.serve_forever()

    asyncio.run(main())


def serve(site: Site, processes: int = 2) -> tuple[str, list[multiprocessing.Process]]:
    """Several server processes accept on one listening socket: the server is not the limit."""
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(1024)
    context = multiprocessing.get_context("fork")
    procs = [
        context.Process(target=_serve, args=(site, sock), daemon=True) for _ in range(processes)
    ]
    for p in procs:
        p.start()
    return f"http://127.0.0.1:{sock.getsockname()[1]}", procs
