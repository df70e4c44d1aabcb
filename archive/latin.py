"""English and French (Latin-script) words for search: a word's plural forms, the elided
article or possessive a query word is written with, and accents folded as the index folds them.

Arabic words take clitics and endings (archive.search); a Latin word is found as itself and
its plurals, never as the start of a longer word ("war" is not "warned", "gaz" not "Gaza")."""

from __future__ import annotations

import re
import unicodedata

from archive.normalize import ARABIC_LETTER

# Latin letters, plain and accented (Latin-1, Extended-A/B, Extended Additional).
_LATIN = re.compile("[a-zA-Z\u00c0-\u024f\u1e00-\u1eff]")
_ACCENTED = re.compile("[\u00c0-\u024f\u1e00-\u1eff]")
# A French article or pronoun elided before a word ("l'armée", "d’Alger", "qu'il",
# "jusqu'à"), and an English possessive after one ("Gaza's"): the index holds the word alone.
_ELIDED = re.compile(
    r"^(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu|quoiqu|presqu)['’](?=[^\W\d_])", re.IGNORECASE
)
_POSSESSIVE = re.compile(r"(?<=[^\W\d_])['’]s$", re.IGNORECASE)
# Vowels, for an English -y plural ("party": "parties"; "day": "days" only).
_VOWELS = "aeiouy"


def is_latin(token: str) -> bool:
    """Whether a query token is a Latin-script word (no Arabic letter in it)."""
    return bool(_LATIN.search(token)) and not ARABIC_LETTER.search(token)


def bare(word: str) -> str:
    """A query word without an elided article before it or a possessive after it
    ("l'armée": "armée", "Gaza's": "Gaza"); any other word as it is."""
    return _POSSESSIVE.sub("", _ELIDED.sub("", word))


def forms(word: str) -> list[str]:
    """The word and its plurals, the word first: -s, or -es after a sibilant ("boxes",
    "churches"; a French word in s, x or z does not change); English -y after a consonant
    to -ies; French -x after au, eu, ou ("bateaux", "jeux") and -al/-ail to -aux
    ("journaux", "travaux"). A word under three letters is itself only."""
    if len(word) < 3:
        return [word]
    out = [word]
    if word[-1] in "sxz":
        out.append(word + "es")
    else:
        out.append(word + "s")
    if word.endswith(("ch", "sh")):
        out.append(word + "es")
    if word[-1] == "y" and word[-2] not in _VOWELS:
        out.append(word[:-1] + "ies")
    if word.endswith(("au", "eu", "ou")):
        out.append(word + "x")
    if word.endswith("ail"):
        out.append(word[:-3] + "aux")
    elif word.endswith("al"):
        out.append(word[:-2] + "aux")
    return out


def _table() -> dict[int, str]:
    """Each accented Latin letter to its plain one ("é": "e"), as FTS5's tokenizer folds it."""
    table = {}
    for cp in (*range(0x00C0, 0x0250), *range(0x1E00, 0x1F00)):
        parts = unicodedata.normalize("NFD", chr(cp))
        if len(parts) > 1 and all(unicodedata.combining(c) for c in parts[1:]):
            table[cp] = parts[0]
    return table


_TABLE = _table()
# Each plain letter as a class of it and its accented forms ("e": "[eéèêë…]").
_CLASSES = {
    plain: "[" + plain + "".join(chr(cp) for cp, p in _TABLE.items() if p == plain) + "]"
    for plain in set(_TABLE.values())
}


def fold(text: str) -> str:
    """Accents off Latin letters ("été": "ete"); other text as it is."""
    return text.translate(_TABLE) if _ACCENTED.search(text) else text


def pattern(word: str) -> str:
    """A regular expression for the word with or without accents on its Latin letters, as
    the index finds it ("ete" and "été" both match "été", "ete", "étè"): the text a snippet
    searches keeps its accents (folding every text cost more than the snippet)."""
    return "".join(_CLASSES.get(c) or re.escape(c) for c in fold(word))
