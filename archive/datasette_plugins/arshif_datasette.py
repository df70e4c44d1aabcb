"""Datasette plugin for `arshif serve`: the archive's own search key, the reading room's
search page (/<db>/search) and article page (/<db>/articles/<id>), and a style sheet that
sets Arabic right to left where it appears (cells, titles, the text), not the page."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl, urlencode

from datasette import hookimpl
from datasette.utils import tilde_decode, tilde_encode
from datasette.utils.asgi import NotFound, Response

from archive.room import article_page, search_page, shown_time
from archive.search import SearchError, parse_query

STATIC_MOUNT = "arshif-static"  # archive.serve mounts datasette_plugins/static here
MAX_ID = 2**63 - 1  # SQLite's largest integer


def _quiet_error_pages() -> None:
    """Datasette prints a full traceback, with every frame's locals, for each error page it
    serves (a 404 for a forgotten article's old link, a refused write) whenever `rich` is
    installed (the test extra's wacz pulls it in): a page that answers 404 is no error of
    the server's, and no traceback belongs in its log."""
    try:
        import datasette.handle_exception as handler
    except ImportError:  # a Datasette that handles errors elsewhere
        return
    handler.rich = None


_quiet_error_pages()


def arshif_match(query: str | None) -> str:
    """The FTS5 expression for a user's query, normalized as the index is."""
    try:
        return parse_query(query or "").fts
    except SearchError as exc:
        raise ValueError(str(exc)) from exc


@hookimpl
def prepare_connection(conn: Any) -> None:
    conn.create_function("arshif_match", 1, arshif_match, deterministic=True)


@hookimpl
def prepare_jinja2_environment(env: Any) -> None:
    env.filters["arshif_time"] = shown_time


@hookimpl
def asgi_wrapper(datasette: Any) -> Any:
    """A table page's search box (`?_search=`) searches the index as `arshif search` does:
    its words folded and expanded (Datasette matched them as typed against the folded index:
    "إدارة" found nothing, "دمشق" no "بدمشق"); a query it cannot read (a lone `"`) gets
    its one line, not SQLite's "fts5: syntax error near"."""

    def wrap(app: Any) -> Any:
        async def folded(scope: dict, receive: Any, send: Any) -> None:
            if scope.get("type") == "http" and b"_search" in scope.get("query_string", b""):
                try:
                    query_string, typed = folded_search(scope["query_string"])
                except SearchError as exc:
                    await (await _refused(datasette, scope, str(exc))).asgi_send(send)
                    return
                scope = {**scope, "query_string": query_string}
                if typed:
                    send = _typed_links_sender(send, typed)
            await app(scope, receive, send)

        return folded

    return wrap


async def _refused(datasette: Any, scope: dict, message: str) -> Response:
    """A 400 as Datasette answers one (its error page, or JSON for a .json address)."""
    info = {"ok": False, "error": message, "status": 400, "title": None}
    if scope.get("path", "").endswith(".json"):
        return Response.json(info, status=400)
    template = datasette.jinja_env.select_template(["400.html", "error.html"])
    context = {"urls": datasette.urls, "app_css_hash": datasette.app_css_hash()}
    html = await template.render_async(dict(info, **context, menu_links=lambda: []))
    return Response.html(html, status=400)


_EXPRESSION = re.compile(r'"\*|\("')


def folded_search(query_string: bytes) -> tuple[bytes, dict[str, str]]:
    """The query string with each `_search` (and `_search_<column>`) term as the archive's
    FTS5 expression, searched raw, and each expression's words as typed. A term that
    already is one (its prefix terms, `"…"*`, or a phrase's forms, `("…" OR "…")`: the next
    page's link, a facet's, the export's carry the expression on) stays; a query string
    without a term to fold is left as it came. Raises SearchError for a term that is no
    query (an unclosed quote)."""
    pairs = parse_qsl(query_string.decode("latin-1"), keep_blank_values=True)
    out, typed = [], {}
    for key, value in pairs:
        searched = key == "_search" or key.startswith("_search_")
        if searched and value.strip() and not _EXPRESSION.search(value):
            expression = parse_query(value).fts
            typed[expression] = value
            value = expression
        out.append((key, value))
    if not typed:
        return query_string, {}
    out = [(k, v) for k, v in out if k != "_searchmode"] + [("_searchmode", "raw")]
    return urlencode(out).encode("ascii"), typed


# An address with a query in a Link header (`<…>` or bare as Datasette writes it; the
# query's own ; and , are percent-encoded).
_LINKED = re.compile(r"[^\s<>;,]+\?[^\s<>;,]*")


def _typed_links_sender(send: Any, typed: dict[str, str]) -> Any:
    """send, with the addresses of a `Link` header (Datasette's JSON alternate) holding the
    words typed, not their expressions: those run to kilobytes a word (16 KB for three,
    past 64 KB for a pasted paragraph), more than a client or a proxy takes in a header
    line (http.client refuses it, nginx's default buffer answers 502). Such an address
    is folded again when asked for."""

    def unfold(link: re.Match[str]) -> str:
        address, _, query = link.group(0).partition("?")
        pairs = [
            (key, typed.get(value, value))
            for key, value in parse_qsl(query, keep_blank_values=True)
            if (key, value) != ("_searchmode", "raw")
        ]
        return f"{address}{'?' if pairs else ''}{urlencode(pairs)}"

    async def sending(message: dict) -> None:
        if message.get("type") == "http.response.start":
            headers = [
                (name, _LINKED.sub(unfold, value.decode("latin-1")).encode("latin-1"))
                if name.lower() == b"link"
                else (name, value)
                for name, value in message.get("headers", [])
            ]
            message = {**message, "headers": headers}
        await send(message)

    return sending


@hookimpl
def extra_css_urls() -> list[str]:
    return [f"/{STATIC_MOUNT}/arshif.css"]


@hookimpl
def register_routes() -> list[tuple[str, Any]]:
    return [
        (r"^/(?P<database>[^/]+)/search$", search_view),
        (r"^/(?P<database>[^/.]+)/articles/(?P<id>\d+)$", article_view),
    ]


def _database(datasette: Any, request: Any) -> Any:
    try:  # Datasette writes a name in addresses tilde-encoded: my.news.db is /my~2Enews
        return datasette.get_database(tilde_decode(request.url_vars["database"]))
    except KeyError:
        raise NotFound("no such database") from None


async def _sqlite_utils(db: Any, fn: Any) -> Any:
    import sqlite_utils

    return await db.execute_fn(lambda conn: fn(sqlite_utils.Database(conn)))


def _int(value: str | None, default: int) -> int:
    try:
        return int(value or default)
    except ValueError:
        return default


async def search_view(datasette: Any, request: Any) -> Response:
    db = _database(datasette, request)
    args = request.args
    result = await _sqlite_utils(
        db,
        lambda d: search_page(
            d, args.get("q", ""), args.get("source"), args.get("month"), _int(args.get("page"), 1)
        ),
    )
    context = {"database": db.name, "result": result, "base": f"/{tilde_encode(db.name)}"}
    html = await datasette.render_template("arshif_search.html", context, request=request)
    return Response.html(html)


async def article_view(datasette: Any, request: Any) -> Response:
    db = _database(datasette, request)
    article_id = int(request.url_vars["id"])
    # An id past SQLite's integers (an edited address) is no article's: binding it raised.
    fits = article_id <= MAX_ID
    article = await _sqlite_utils(db, lambda d: article_page(d, article_id)) if fits else None
    if article is None:
        raise NotFound(f"no article with id {article_id}")
    context = {"database": db.name, "article": article, "base": f"/{tilde_encode(db.name)}"}
    html = await datasette.render_template("arshif_article.html", context, request=request)
    return Response.html(html)
