"""A fault-injecting HTTP server on 127.0.0.1 for the reliability suite.

Raw sockets, so that it can do what a well-behaved server never does: reset mid-body, drip
a byte a second, never answer, lie about content types and charsets, send compression bombs,
loop redirects, and serve feeds, sitemaps and link traps that are broken on purpose."""

from __future__ import annotations

import contextlib
import gzip
import socket
import socketserver
import threading
import time
import zlib
from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit

import brotli

ARTICLE = (
    "قالت وزارة الصحة إن فرقها الميدانية وصلت إلى المناطق المتضررة من السيول في جنوب البلاد، "
    "وبدأت تقديم الإسعافات للمصابين في القرى المعزولة منذ ساعات الصباح الأولى."
)
BOMB_BYTES = 200 * 1024 * 1024


def article_html(n: int | str, charset: str = "utf-8", extra: str = "") -> str:
    paragraphs = "".join(f"<p>{ARTICLE} الفقرة {k} من الخبر رقم {n}.</p>" for k in range(1, 5))
    return (
        f"<html lang='ar'><head><meta charset='{charset}'><title>خبر رقم {n}</title></head>"
        f"<body><h1>خبر رقم {n} عن السيول في الجنوب</h1>{extra}<article>{paragraphs}</article></body></html>"
    )


class _Bombs:
    """Compressed once, lazily: ~200 MB of zeros each way."""

    def __init__(self) -> None:
        self._cache: dict[str, bytes] = {}
        self._lock = threading.Lock()

    def get(self, encoding: str) -> bytes:
        with self._lock:
            if encoding not in self._cache:
                chunk = b"<p>" + b"\0" * (1024 * 1024)
                if encoding == "gzip":
                    buf = zlib.compressobj(9, zlib.DEFLATED, 31)
                elif encoding == "deflate":
                    buf = zlib.compressobj(9, zlib.DEFLATED, 15)
                else:
                    self._cache[encoding] = brotli.compress(b"\0" * BOMB_BYTES, quality=5)
                    return self._cache[encoding]
                out = b"".join(buf.compress(chunk) for _ in range(BOMB_BYTES // len(chunk)))
                self._cache[encoding] = out + buf.flush()
            return self._cache[encoding]


class FaultServer:
    def __init__(self) -> None:
        self.bombs = _Bombs()
        self.hits: list[str] = []
        self.counts: dict[str, int] = {}
        self.routes: dict[str, Callable[[socket.socket, str, dict], None]] = {}
        server = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                server._handle(self.request)

        class TCP(socketserver.ThreadingTCPServer):
            daemon_threads = True
            allow_reuse_address = True

        self.tcp = TCP(("127.0.0.1", 0), Handler)
        self.port = self.tcp.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        threading.Thread(target=self.tcp.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.tcp.shutdown()
        self.tcp.server_close()

    # -- plumbing ------------------------------------------------------------

    def _handle(self, sock: socket.socket) -> None:
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(65536)
            if not chunk:
                return
            data += chunk
        head = data.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
        target = head[0].split(" ")[1]
        headers = {
            k.strip().lower(): v.strip() for k, v in (h.split(":", 1) for h in head[1:] if ":" in h)
        }
        path = urlsplit(target).path
        self.hits.append(target)
        self.counts[path] = self.counts.get(path, 0) + 1
        route = self.routes.get(path) or self._builtin(path)
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            route(sock, target, headers)

    @staticmethod
    def send(sock: socket.socket, status: int, body: bytes = b"", ctype: str = "text/html; charset=utf-8",
             headers: dict[str, str] | None = None) -> None:  # fmt: skip
        lines = [f"HTTP/1.1 {status} X", f"Content-Length: {len(body)}", "Connection: close"]
        if ctype:
            lines.append(f"Content-Type: {ctype}")
        lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)

    def _builtin(self, path: str) -> Callable[[socket.socket, str, dict], None]:
        name = path.strip("/").split("/")[-1].split(".")[0].replace("-", "_")
        return getattr(self, f"r_{name}", self.r_not_found)

    # -- pages ---------------------------------------------------------------

    def r_not_found(self, sock: socket.socket, target: str, headers: dict) -> None:
        self.send(sock, 404, b"<html><body>not found</body></html>")

    def r_robots(self, sock: socket.socket, target: str, headers: dict) -> None:
        self.send(sock, 200, b"User-agent: *\nDisallow: /private/\n", "text/plain")

    def r_ok(self, sock: socket.socket, target: str, headers: dict) -> None:
        n = parse_qs(urlsplit(target).query).get("n", [urlsplit(target).path])[0]
        self.send(sock, 200, article_html(n).encode())

    def r_big(self, sock: socket.socket, target: str, headers: dict) -> None:
        self.send(sock, 200, article_html("big").encode() + b" " * (11 * 1024 * 1024))

    def r_big_chunked(self, sock: socket.socket, target: str, headers: dict) -> None:
        sock.sendall(
            b"HTTP/1.1 200 X\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
        )
        chunk = b" " * 65536
        for _ in range(12 * 16):  # 12 MB, no Content-Length to warn of it
            sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        sock.sendall(b"0\r\n\r\n")

    def _bomb(self, sock: socket.socket, encoding: str) -> None:
        self.send(sock, 200, self.bombs.get(encoding), headers={"Content-Encoding": encoding})

    def r_gzip_bomb(self, sock: socket.socket, target: str, headers: dict) -> None:
        self._bomb(sock, "gzip")

    def r_deflate_bomb(self, sock: socket.socket, target: str, headers: dict) -> None:
        self._bomb(sock, "deflate")

    def r_br_bomb(self, sock: socket.socket, target: str, headers: dict) -> None:
        self._bomb(sock, "br")

    def r_bad_gzip(self, sock: socket.socket, target: str, headers: dict) -> None:
        self.send(sock, 200, article_html("gz").encode(), headers={"Content-Encoding": "gzip"})

    def r_bad_deflate(self, sock: socket.socket, target: str, headers: dict) -> None:
        self.send(sock, 200, article_html("df").encode(), headers={"Content-Encoding": "deflate"})

    def r_bad_br(self, sock: socket.socket, target: str, headers: dict) -> None:
        self.send(sock, 200, article_html("br").encode(), headers={"Content-Encoding": "br"})

    def _cut(self, sock: socket.socket, encoding: str, packed: bytes) -> None:
        """A whole answer (its length matches) whose compressed stream is cut in half: PHP's
        ob_gzhandler dying mid-page, a proxy's buffer."""
        self.send(sock, 200, packed[: len(packed) // 2], headers={"Content-Encoding": encoding})

    def r_cut_gzip(self, sock: socket.socket, target: str, headers: dict) -> None:
        self._cut(sock, "gzip", gzip.compress(article_html("cut-gz").encode()))

    def r_cut_deflate(self, sock: socket.socket, target: str, headers: dict) -> None:
        self._cut(sock, "deflate", zlib.compress(article_html("cut-df").encode()))

    def r_cut_br(self, sock: socket.socket, target: str, headers: dict) -> None:
        self._cut(sock, "br", brotli.compress(article_html("cut-br").encode()))

    # -- cookie gates: a browser gets the article, with the cookie the site set --------------

    def r_cookie_gate(self, sock: socket.socket, target: str, headers: dict) -> None:
        """nginx's testcookie module, a bot manager: Set-Cookie and 302 to the same address."""
        if "gate=1" in headers.get("cookie", ""):
            return self.send(sock, 200, article_html("cookie-gate").encode())
        self.send(sock, 302, headers={"Location": target, "Set-Cookie": "gate=1; Path=/"})

    def r_cookie_bounce(self, sock: socket.socket, target: str, headers: dict) -> None:
        """A bounce through /consent?return=… that sets the cookie and sends the client back."""
        if "agreed=1" in headers.get("cookie", ""):
            return self.send(sock, 200, article_html("cookie-bounce").encode())
        self.send(sock, 302, headers={"Location": f"/a/consent.html?return={target}"})

    def r_consent(self, sock: socket.socket, target: str, headers: dict) -> None:
        back = parse_qs(urlsplit(target).query)["return"][0]
        self.send(sock, 302, headers={"Location": back, "Set-Cookie": "agreed=1; Path=/"})

    def r_cookie_wall(self, sock: socket.socket, target: str, headers: dict) -> None:
        """A consent wall answered with 200 in the article's place, setting its cookie."""
        if "seen=1" in headers.get("cookie", ""):
            return self.send(sock, 200, article_html("cookie-wall").encode())
        wall = (
            "<html><body><p>نستخدم ملفات تعريف الارتباط لتحسين تجربتك على موقعنا.</p></body></html>"
        )
        self.send(sock, 200, wall.encode(), headers={"Set-Cookie": "seen=1; Path=/"})

    def r_cookie_elsewhere(self, sock: socket.socket, target: str, headers: dict) -> None:
        """A cookie set for another site's domain: never sent to it, kept for this host only."""
        if "far=1" in headers.get("cookie", ""):
            return self.send(sock, 200, article_html("cookie-elsewhere").encode())
        cookie = "far=1; Path=/; Domain=example.org"
        self.send(sock, 302, headers={"Location": target, "Set-Cookie": cookie})

    def r_gzip_undeclared(self, sock: socket.socket, target: str, headers: dict) -> None:
        """A gzip body without Content-Encoding (a cache that dropped the header)."""
        self.send(sock, 200, gzip.compress(article_html("gzip-undeclared").encode()))

    def r_gzip_bomb_undeclared(self, sock: socket.socket, target: str, headers: dict) -> None:
        """A gzip bomb without Content-Encoding: it inflates past the limit all the same."""
        self.send(sock, 200, self.bombs.get("gzip"))

    def r_doc(self, sock: socket.socket, target: str, headers: dict) -> None:
        self.send(
            sock, 200, b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n" * 100, "application/pdf"
        )

    def r_image(self, sock: socket.socket, target: str, headers: dict) -> None:
        self.send(sock, 200, b"\xff\xd8\xff\xe0" + bytes(range(256)) * 40, "image/jpeg")

    def r_binary(self, sock: socket.socket, target: str, headers: dict) -> None:
        self.send(sock, 200, bytes((i * 7919) % 256 for i in range(20000)), "text/html")

    def r_empty(self, sock: socket.socket, target: str, headers: dict) -> None:
        self.send(sock, 200, b"")

    def r_nobody(self, sock: socket.socket, target: str, headers: dict) -> None:
        self.send(sock, 200, b"<html><body><nav><a href='/'>home</a></nav></body></html>")

    def r_cp1256(self, sock: socket.socket, target: str, headers: dict) -> None:
        self.send(
            sock, 200, article_html("cp1256", "windows-1256").encode("windows-1256"), "text/html"
        )

    def r_iso88596(self, sock: socket.socket, target: str, headers: dict) -> None:
        body = article_html("iso", "iso-8859-6").replace("،", ",").encode("iso-8859-6")
        self.send(sock, 200, body, "text/html; charset=iso-8859-6")

    def r_bom(self, sock: socket.socket, target: str, headers: dict) -> None:
        self.send(
            sock,
            200,
            b"\xef\xbb\xbf" + article_html("bom").replace("<meta charset='utf-8'>", "").encode(),
            "text/html",
        )

    def r_wrong_charset(self, sock: socket.socket, target: str, headers: dict) -> None:
        self.send(sock, 200, article_html("wrong").encode("utf-8"), "text/html; charset=iso-8859-1")

    def r_broken(self, sock: socket.socket, target: str, headers: dict) -> None:
        html = (
            article_html("broken")
            .replace("</p>", "")
            .replace("</article></body></html>", "<div><span><table><tr><td>")
        )
        self.send(sock, 200, html.encode())

    def r_links100k(self, sock: socket.socket, target: str, headers: dict) -> None:
        # n=D…: n=L… are the stories of r_longnext, whose chain must see them new.
        links = "".join(f"<a href='/a/ok.html?n=D{i}'>{i}</a>" for i in range(100_000))
        self.send(sock, 200, f"<html><body>{links}</body></html>".encode())

    # -- network faults --------------------------------------------------------

    def r_reset(self, sock: socket.socket, target: str, headers: dict) -> None:
        sock.sendall(
            b"HTTP/1.1 200 X\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n<html><body>"
            + b"x" * 1000
        )
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        sock.close()

    def r_hangup(self, sock: socket.socket, target: str, headers: dict) -> None:
        sock.close()  # reads the request, answers nothing: a site that drops every connection

    def r_hang(self, sock: socket.socket, target: str, headers: dict) -> None:
        time.sleep(30)

    def r_drip(self, sock: socket.socket, target: str, headers: dict) -> None:
        sock.sendall(b"HTTP/1.1 200 X\r\nContent-Type: text/html\r\nContent-Length: 5000\r\n\r\n")
        for _ in range(30):
            sock.sendall(b"x")
            time.sleep(1)

    def r_status(self, sock: socket.socket, target: str, headers: dict) -> None:
        code = int(parse_qs(urlsplit(target).query)["code"][0])
        self.send(sock, code, b"<html><body>status</body></html>")

    def r_loop(self, sock: socket.socket, target: str, headers: dict) -> None:
        self.send(sock, 302, b"", headers={"Location": "/a/loop.html"})

    def r_chain(self, sock: socket.socket, target: str, headers: dict) -> None:
        n = int(parse_qs(urlsplit(target).query).get("n", ["0"])[0])
        self.send(sock, 302, b"", headers={"Location": f"/a/chain.html?n={n + 1}"})

    def r_bad_port(self, sock: socket.socket, target: str, headers: dict) -> None:
        self.send(sock, 302, b"", headers={"Location": "http://127.0.0.1:99999/a/ok.html"})

    def r_bad_ipv6(self, sock: socket.socket, target: str, headers: dict) -> None:
        self.send(sock, 302, b"", headers={"Location": "http://[::1/a/ok.html"})

    def r_offsite(self, sock: socket.socket, target: str, headers: dict) -> None:
        self.send(sock, 302, b"", headers={"Location": "http://elsewhere.invalid/a/ok.html"})

    def r_to_private(self, sock: socket.socket, target: str, headers: dict) -> None:
        self.send(
            sock,
            302,
            b"",
            headers={"Location": f"http://127.0.0.2:{self.port}/a/ok.html?n=private"},
        )

    # -- discovery -------------------------------------------------------------

    def r_feed_amp(self, sock: socket.socket, target: str, headers: dict) -> None:
        items = "".join(
            f"<item><title>A & B {i}</title><link>{self.base}/a/ok.html?n=F{i}</link></item>"
            for i in range(3)
        )
        self.send(
            sock,
            200,
            f"<rss version='2.0'><channel>{items}</channel></rss>".encode(),
            "application/rss+xml",
        )

    def r_feed_trunc(self, sock: socket.socket, target: str, headers: dict) -> None:
        items = "".join(
            f"<item><title>{i}</title><link>{self.base}/a/ok.html?n=T{i}</link></item>"
            for i in range(3)
        )
        body = f"<rss version='2.0'><channel>{items}</channel></rss>"
        self.send(sock, 200, body[: body.rfind("<item>") + 12].encode(), "application/rss+xml")

    def r_feed_trunc_gz(self, sock: socket.socket, target: str, headers: dict) -> None:
        items = "".join(
            f"<item><title>{' '.join(str(i * k * 7919 % 9973) for k in range(60))}</title><link>{self.base}/a/ok.html?n=Z{i}</link></item>"
            for i in range(6)
        )
        body = gzip.compress(f"<rss version='2.0'><channel>{items}</channel></rss>".encode())
        self._cut(sock, "gzip", body)

    def r_feed_html(self, sock: socket.socket, target: str, headers: dict) -> None:
        self.send(sock, 200, b"<html><body><h1>Error 500</h1></body></html>", "text/html")

    def r_sitemap_self(self, sock: socket.socket, target: str, headers: dict) -> None:
        locs = f"<sitemap><loc>{self.base}/d/sitemap-self.xml</loc></sitemap><sitemap><loc>{self.base}/d/sitemap-gz.xml.gz</loc></sitemap>"
        self.send(
            sock,
            200,
            f"<sitemapindex xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>{locs}</sitemapindex>".encode(),
            "application/xml",
        )

    def r_sitemap_gz(self, sock: socket.socket, target: str, headers: dict) -> None:
        urls = "".join(f"<url><loc>{self.base}/a/ok.html?n=G{i}</loc></url>" for i in range(2))
        body = gzip.compress(
            f"<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>{urls}</urlset>".encode()
        )
        self.send(sock, 200, body, "application/x-gzip")

    def r_sitemap_20k(self, sock: socket.socket, target: str, headers: dict) -> None:
        urls = "".join(f"<url><loc>{self.base}/a/ok.html?n=S{i}</loc></url>" for i in range(20_000))
        self.send(
            sock,
            200,
            f"<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>{urls}</urlset>".encode(),
            "application/xml",
        )

    def r_calendar(self, sock: socket.socket, target: str, headers: dict) -> None:
        day = int(parse_qs(urlsplit(target).query).get("d", ["0"])[0])
        links = f"<a href='/l/calendar.html?d={day - 1}'>prev</a><a href='/l/calendar.html?d={day + 1}'>next</a>"
        self.send(
            sock,
            200,
            f"<html><body>{links}<a href='/a/ok.html?n=C{day}'>story</a></body></html>".encode(),
        )

    def r_grow(self, sock: socket.socket, target: str, headers: dict) -> None:
        q = parse_qs(urlsplit(target).query).get("q", [""])[0]
        self.send(
            sock,
            200,
            f"<html><body><a href='/l/grow.html?q={q}a{q}'>more</a></body></html>".encode(),
        )

    def r_longnext(self, sock: socket.socket, target: str, headers: dict) -> None:
        """Pagination whose "next" address doubles in length from page to page."""
        q = parse_qs(urlsplit(target).query).get("q", [""])[0]
        self.send(
            sock,
            200,
            f"<html><body><a href='/a/ok.html?n=L{len(q)}'>story</a>"  # a new story each page
            f"<a href='/l/longnext.html?q={q}b{q}'>التالي</a></body></html>".encode(),
        )

    def r_session(self, sock: socket.socket, target: str, headers: dict) -> None:
        sid = len(self.hits)
        self.send(
            sock,
            200,
            f"<html><body><a href='/l/session.html?PHPSESSID={sid}'>again</a><a href='/a/ok.html?n=sess&jsessionid={sid}'>s</a></body></html>".encode(),
        )
