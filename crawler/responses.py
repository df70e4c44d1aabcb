"""What arshif reads off a Scrapy response: a header, all headers, whether it is a web page."""

from __future__ import annotations

from scrapy.http import Response

# The Content-Types an article page may come with ("" for none: the page says what it is).
HTML_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "")


def header(response: Response, name: str) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


def headers_of(response: Response) -> dict[str, str]:
    """All headers, a repeated one joined by ", " (as stored with the capture)."""
    return {
        k.decode("latin-1"): b", ".join(v).decode("latin-1") for k, v in response.headers.items()
    }


def media_type(response: Response) -> str:
    """The Content-Type without its parameters, in lower case ("" for none)."""
    return (header(response, "Content-Type") or "").split(";")[0].strip().lower()
