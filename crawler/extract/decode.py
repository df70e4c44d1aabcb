"""Bytes to text: HTTP header, BOM, <meta> charset, then a check that the result is sane.

UTF-8 wins over a declared single-byte charset: a site that moved to UTF-8 often keeps its old
`<meta charset="iso-8859-15">` (or windows-1256), and text in a legacy charset with non-ASCII
bytes is never well-formed UTF-8 in practice (an Arabic word in windows-1256 is a run of bytes
>= 0xC1, never a lead byte followed by continuation bytes 0x80-0xBF). A UTF-8 page may hold a
few bytes that are not UTF-8 (a teaser cut mid-letter by PHP's substr(), a stray byte from an
ad): when nearly all of its non-ASCII sequences are well-formed, it is still UTF-8, and only
those bytes are replaced (utf8_text)."""

from __future__ import annotations

import re

from w3lib.encoding import html_to_unicode

_ARABIC = re.compile(r"[\u0600-\u06FF]")
# UTF-8 Arabic read as a single-byte charset shows up as these pairs: "Ø§" in a Latin one,
# "ط§" in windows-1256 (the lead bytes 0xD8/0xD9 become ط/ظ, and a continuation byte one of
# the signs below: § for ا, „ for ل, ˆ for و). Signs that may follow a word ending in ط or ظ
# in real Arabic (nbsp, «», ، ؛ ؟, …, quotes, dashes) are not among them. Text decoded as
# UTF-8 is not searched for the second (one pattern of two costs each page twice the time).
_MOJIBAKE = re.compile(r"[ØÙÚÛ][\u0080-\u02FF\u2000-\u20FF]")
_MOJIBAKE_1256 = re.compile(
    r"[طظ][\u00A2-\u00A9\u00AC-\u00B9\u0192\u02C6\u201A\u201E\u2020\u2021\u2030\u20AC]"
)
_FALLBACKS = ("utf-8", "windows-1256", "iso-8859-6")
# A body cut at the size limit may end inside a multi-byte character.
_UTF8_TAIL = 3
# How many well-formed UTF-8 sequences a body needs for each bad byte to be read as UTF-8.
# Real Arabic pages rendered in windows-1256 or iso-8859-6, and Persian and Urdu text in
# windows-1256, form at most one well-formed sequence per 11 bad ones, by accident (a letter
# before "،" or "؟"); a UTF-8 page with a cut teaser has thousands per bad byte.
_UTF8_PER_BAD_BYTE = 10
_HIGH_BYTES = bytes(range(0x80, 0x100))
_CONTINUATION = bytes(range(0x80, 0xC0))
_REPLACEMENT = "\ufffd".encode()


_XML_DECLARATION = re.compile(r"^[\s\ufeff]*<\?xml[^>]*\?>")


def without_xml_declaration(text: str) -> str:
    """Decoded text ready for lxml, which refuses a str that still declares an encoding
    (an XHTML page's `<?xml version="1.0" encoding="utf-8"?>`)."""
    return _XML_DECLARATION.sub("", text, count=1)


def decode_html(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Return (text, encoding). A declared charset that produces garbage is overruled."""
    encoding, text = html_to_unicode(content_type, body)
    if not _is_unicode(encoding) and not body.isascii():
        utf8 = utf8_text(body)
        if utf8 is not None:
            return utf8[0], "utf-8"
    if _looks_right(text, _is_unicode(encoding)):
        return text, encoding
    best = (_score(text), encoding, text)
    for candidate in _FALLBACKS:
        # UTF-8 with its bad bytes replaced: scored against the declared reading when too
        # many are bad for utf8_text, and the declared one reads as mojibake.
        errors = "replace" if candidate == "utf-8" else "strict"
        try:
            decoded = body.decode(candidate, errors)
        except (UnicodeDecodeError, LookupError):
            continue
        best = max(best, (_score(decoded), candidate, decoded))
    return best[2], best[1]


def _is_unicode(encoding: str) -> bool:
    return encoding.lower().replace("-", "").replace("_", "").startswith(("utf", "ucs"))


def utf8_text(body: bytes) -> tuple[str, int] | None:
    """The body read as UTF-8 and how many bad byte sequences were replaced in it, when its
    non-ASCII bytes are nearly all well-formed UTF-8 (_UTF8_PER_BAD_BYTE); else None. A
    character cut by the end of the body is no fault."""
    text = body.decode("utf-8", "replace")
    bad = text.count("\ufffd") - body.count(_REPLACEMENT)
    if bad and text.endswith("\ufffd") and _cut_at_end(body):
        bad -= 1
    if not bad:
        return text, 0
    well_formed = len(text) - len(body.translate(None, _HIGH_BYTES)) - text.count("\ufffd")
    return (text, bad) if well_formed >= _UTF8_PER_BAD_BYTE * bad else None


def _cut_at_end(body: bytes) -> bool:
    """Does the body end inside a character (a lead byte and fewer continuations than it
    announces)?"""
    try:
        body[-_UTF8_TAIL:].lstrip(_CONTINUATION).decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.reason == "unexpected end of data"
    return False


def _looks_right(text: str, unicode: bool) -> bool:
    sample = text[:200_000]
    bad = sample.count("\ufffd") + _mojibake(sample, unicode)
    return bad <= max(3, len(sample) // 2000)


def _mojibake(sample: str, unicode: bool) -> int:
    found = len(_MOJIBAKE.findall(sample))
    return found if unicode else found + len(_MOJIBAKE_1256.findall(sample))


def _score(text: str) -> int:
    sample = text[:200_000]
    return (
        len(_ARABIC.findall(sample))
        - 50 * sample.count("\ufffd")
        - 20 * _mojibake(sample, unicode=False)
    )
