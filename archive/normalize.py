"""One Arabic normalization key, shared by deduplication and search."""

from __future__ import annotations

import re
import unicodedata

_DIACRITICS = [
    *range(0x0610, 0x061B),
    *range(0x064B, 0x0660),
    0x0670,
    *range(0x06D6, 0x06EE),
]
_INVISIBLE = [0x0640, 0x200C, 0x200D, 0x200E, 0x200F, 0x061C, 0xFEFF]

_TABLE: dict[int, str | None] = {cp: None for cp in _DIACRITICS + _INVISIBLE}
_TABLE.update(
    {
        ord("أ"): "ا",
        ord("إ"): "ا",
        ord("آ"): "ا",
        ord("ٱ"): "ا",
        ord("ى"): "ي",
        ord("ة"): "ه",
        ord("ؤ"): "و",
        ord("ئ"): "ي",
        ord("ی"): "ي",
        ord("ک"): "ك",
    }
)
for _i in range(10):
    _TABLE[0x0660 + _i] = str(_i)  # Arabic-Indic
    _TABLE[0x06F0 + _i] = str(_i)  # Extended (Persian) digits

_WORD = re.compile(r"\w+")


def normalize(text: str) -> str:
    """NFKC, then fold the letter forms and digits Arabic writers use interchangeably."""
    # Diacritics go before NFKC so that presentation forms with harakat fold cleanly.
    return unicodedata.normalize("NFKC", text).translate(_TABLE).lower()


def fold(text: str) -> str:
    """normalize() without lowercasing: safe to apply to regular expressions."""
    return unicodedata.normalize("NFKC", text).translate(_TABLE)


def tokens(text: str, normalized: bool = False) -> list[str]:
    """Normalized word tokens: punctuation and spacing never count.
    normalized: text is normalize()d already."""
    return _WORD.findall(text if normalized else normalize(text))


def translate_digits(text: str) -> str:
    """Arabic-Indic digits to ASCII, leaving everything else alone (dates need this)."""
    return text.translate({k: v for k, v in _TABLE.items() if isinstance(v, str) and v.isdigit()})
