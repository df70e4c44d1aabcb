"""Bytes to text: HTTP header, BOM, <meta> charset, then a check that the result is sane."""

from __future__ import annotations

import re

from w3lib.encoding import html_to_unicode

_ARABIC = re.compile(r"[\u0600-\u06FF]")
# UTF-8 Arabic read as a single-byte charset shows up as these pairs.
_MOJIBAKE = re.compile(r"[ØÙÚÛ][\u0080-\u02FF\u2000-\u20FF]")
_FALLBACKS = ("utf-8", "windows-1256", "iso-8859-6")


def decode_html(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Return (text, encoding). A declared charset that produces garbage is overruled."""
    encoding, text = html_to_unicode(content_type, body)
    if _looks_right(text):
        return text, encoding
    try:
        # Bytes that decode as strict UTF-8 are UTF-8: other Arabic charsets almost never do.
        return body.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = (_score(text), encoding, text)
    for candidate in _FALLBACKS[1:]:
        try:
            decoded = body.decode(candidate)
        except (UnicodeDecodeError, LookupError):
            continue
        best = max(best, (_score(decoded), candidate, decoded))
    return best[2], best[1]


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
