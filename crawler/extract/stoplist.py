"""The stopwords of trafilatura's justext fallback, narrowed to what can match arshif's pages.

Without a target language (arshif gives none: trafilatura would then reject pages whose
`<html lang>` disagrees) the fallback scores paragraphs against the union of all 100 justext
stoplists: 154,000 words that justext lower-cases into a cached frozenset, ~30 MB held by every
extraction worker from the first page that falls back. Arabic-script words of that union can
match an Arabic page; other scripts never do. Keeping those, plus English and French (the
languages mixed into Arab news sites), scores Arabic paragraphs as before (a Latin word that is
a stopword only in some third language is the difference) for a fortieth of the words
(tests/test_extraction_quality.py compares both on every fixture page)."""

from __future__ import annotations

import re

LATIN_LANGUAGES = ("English", "French")
_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")


def narrowed() -> tuple[str, ...]:
    import justext

    words = {w for lang in LATIN_LANGUAGES for w in justext.get_stoplist(lang)}
    for lang in justext.get_stoplists():
        words.update(w for w in justext.get_stoplist(lang) if _ARABIC_SCRIPT.search(w))
    return tuple(sorted(words))


def install() -> None:
    """Set trafilatura's fallback stoplist before its first use (it builds the union lazily
    into this module global; a trafilatura without it keeps its own behaviour)."""
    from trafilatura import external

    if getattr(external, "JT_STOPLIST", False) is None:
        # trafilatura declares the global `= None` until first use, so mypy types it None.
        external.JT_STOPLIST = narrowed()  # type: ignore[assignment]
