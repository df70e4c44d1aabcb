"""When a re-fetched text is its publisher's edit: any difference a reader can see.

Deduplication's key (archive.dedup.content_hash) folds spelling forms, diacritics and
punctuation away, as it must to find one story under two addresses; an archived article's
own text must not: a hamza put right, diacritics or commas added are the publisher's
corrections, kept as versions. What is not an edit: spacing (how many spaces, where a line
breaks) and the invisible format characters that editors, copy-paste and CMS filters put in
or take out without anyone changing a word: zero-width space, joiner, direction marks and
embeddings, word joiner, soft hyphen, byte order mark, a non-joiner at a word's edge; and a
letter written composed or decomposed (Unicode NFC: the same on screen). Tatweel is kept: it
is a visible stretch of a word that someone typed ("عاجـــل"), so a change of it is seen. So
is a non-joiner (U+200C) between two letters: in Arabic script it breaks their join, the
letters take their separate forms (Persian writes "می‌خواهم" with one), which a reader sees.
"""

from __future__ import annotations

import re
import unicodedata

_ZWNJ = 0x200C
_INVISIBLE = dict.fromkeys(
    [0x00AD, 0x061C, 0x180E, *range(0x200B, 0x2010), *range(0x202A, 0x202F),
     *range(0x2060, 0x2065), *range(0x2066, 0x2070), 0xFEFF]
)  # fmt: skip
del _INVISIBLE[_ZWNJ]
# A letter, or a mark on one (Arabic harakat are no \w): what a non-joiner can part.
_LETTER = r"(?:[^\W\d_]|[\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed])"
# A non-joiner with no letter on one side joins nothing: invisible.
_IDLE_ZWNJ = re.compile(rf"(?<!{_LETTER})\u200c+|\u200c+(?!{_LETTER})")


def edit_key(text: str | None) -> str:
    """The text as a reader sees it: composed, without invisible format characters, its
    spacing collapsed."""
    text = unicodedata.normalize("NFC", text or "").translate(_INVISIBLE)
    if "\u200c" in text:
        text = _IDLE_ZWNJ.sub("", text)
    return " ".join(text.split())


def same_text(mine: str | None, theirs: str | None) -> bool:
    """Do the two texts differ by nothing a reader sees (no edit between them)?"""
    return mine == theirs or edit_key(mine) == edit_key(theirs)
