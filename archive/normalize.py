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

# The same folding as a list indexed by code point, over the Arabic block and below: str.translate
# looks a list up about twice as fast as a dict, and normalizing is much of extraction's own time
# on small pages. What lies above the list (IndexError: left as it is) is folded by _HIGH.
_LIST: list[str] = [chr(cp) for cp in range(0x0700)]
for _cp, _to in _TABLE.items():
    if _cp < len(_LIST):
        _LIST[_cp] = _to or ""
_HIGH_TABLE = {cp: to for cp, to in _TABLE.items() if cp >= len(_LIST)}
_HIGH = re.compile("[" + "".join(map(chr, _HIGH_TABLE)) + "]")

_WORD = re.compile(r"\w+")


def _fold(text: str) -> str:
    folded = text.translate(_LIST)
    return folded.translate(_HIGH_TABLE) if _HIGH.search(folded) else folded


def normalize(text: str) -> str:
    """NFKC, then fold the letter forms and digits Arabic writers use interchangeably."""
    # Diacritics go before NFKC so that presentation forms with harakat fold cleanly.
    return _fold(unicodedata.normalize("NFKC", text)).lower()


def fold(text: str) -> str:
    """normalize() without lowercasing: safe to apply to regular expressions."""
    return _fold(unicodedata.normalize("NFKC", text))


# A letter of the Arabic alphabet (hamza to ya): a text in Arabic script has one.
ARABIC_LETTER = re.compile(r"[\u0621-\u064A]")


def tokens(text: str, normalized: bool = False) -> list[str]:
    """Normalized word tokens: punctuation and spacing never count.
    normalized: text is normalize()d already."""
    return _WORD.findall(text if normalized else normalize(text))


def translate_digits(text: str) -> str:
    """Arabic-Indic digits to ASCII, leaving everything else alone (dates need this)."""
    return text.translate({k: v for k, v in _TABLE.items() if isinstance(v, str) and v.isdigit()})
