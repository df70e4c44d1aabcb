"""Bytes to text: HTTP header, BOM, <meta> charset, then a check that the result is sane.

Valid UTF-8 wins over a declared single-byte charset: a site that moved to UTF-8 often keeps
its old `<meta charset="iso-8859-15">` (or windows-1256), and text in a legacy charset with
non-ASCII bytes is never valid UTF-8 in practice (an Arabic word in windows-1256 is a run of
bytes >= 0xC1, never a lead byte followed by continuation bytes 0x80-0xBF)."""

from __future__ import annotations

import re

from w3lib.encoding import html_to_unicode

_ARABIC = re.compile(r"[\u0600-\u06FF]")
# UTF-8 Arabic read as a single-byte charset shows up as these pairs.
_MOJIBAKE = re.compile(r"[ØÙÚÛ][\u0080-\u02FF\u2000-\u20FF]")
_FALLBACKS = ("utf-8", "windows-1256", "iso-8859-6")
# A body cut at the size limit may end inside a multi-byte character.
_UTF8_TAIL = 3


_XML_DECLARATION = re.compile(r"^[\s\ufeff]*<\?xml[^>]*\?>")


def without_xml_declaration(text: str) -> str:
    """Decoded text ready for lxml, which refuses a str that still declares an encoding
    (an XHTML page's `<?xml version="1.0" encoding="utf-8"?>`)."""
    return _XML_DECLARATION.sub("", text, count=1)


def decode_html(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Return (text, encoding). A declared charset that produces garbage is overruled."""
    encoding, text = html_to_unicode(content_type, body)
    if not _is_unicode(encoding) and not body.isascii() and _valid_utf8(body):
        return body.decode("utf-8", "replace"), "utf-8"
    if _looks_right(text):
        return text, encoding
    best = (_score(text), encoding, text)
    for candidate in _FALLBACKS[1:]:
        try:
            decoded = body.decode(candidate)
        except (UnicodeDecodeError, LookupError):
            continue
        best = max(best, (_score(decoded), candidate, decoded))
    return best[2], best[1]


def _is_unicode(encoding: str) -> bool:
    return encoding.lower().replace("-", "").replace("_", "").startswith(("utf", "ucs"))


def _valid_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.reason == "unexpected end of data" and exc.start >= len(body) - _UTF8_TAIL
    return True


def _looks_right(text: str) -> bool:
    sample = text[:200_000]
    bad = sample.count("\ufffd") + len(_MOJIBAKE.findall(sample))
    return bad <= max(3, len(sample) // 2000)


def _score(text: str) -> int:
    sample = text[:200_000]
    return (
        len(_ARABIC.findall(sample))
        - 50 * sample.count("\ufffd")
        - 20 * len(_MOJIBAKE.findall(sample))
    )
