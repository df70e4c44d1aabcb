"""Full-text search over the archive with Arabic normalization and clitic expansion.

The index (articles_fts, FTS5) holds the normalized title and text (archive.normalize): one
key function for dedup and search. A query word also matches its forms with the clitics
و ف ب ل ك ال attached and any ending (`دمشق` finds `بدمشق`, `ودمشق`, `الدمشقي`); the
word without its article, if short, only with a word's own endings (`اليمن` finds `يمني`,
not `يمنع`); a number only whole (`100` is not `1000`); each word in its other spellings (a
hamza's two seats, a final hamza after ya). A "quoted phrase" matches those normalized words
in order, in their spellings, its first word after a clitic too; `word*` is a prefix (after
a clitic too, as a word is, but never read as a clitic and what follows). bm25 ranks by the
words as written (with or without their article), not by the forms they match after another
clitic. An English or French word is itself and its plurals, whole (archive.latin), ranked
by itself.
Query words are always quoted into the FTS syntax, so no input can change the query's shape."""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice, product

import sqlite_utils

from archive import latin
from archive.alternation import alternatives
from archive.filters import article_filters
from archive.normalize import normalize
from archive.schema import restore_search_index

# The article with the letters before it, longest first: a query word loses at most one.
ARTICLES = (
    "وبال", "وكال", "فبال", "فكال", "ولل", "فلل", "وال", "فال", "بال", "كال", "لل", "ال",
)  # fmt: skip
# The clitics before a word without its article: a conjunction, a preposition, both.
PROCLITICS = ("وب", "ول", "وك", "فب", "فل", "فك", "و", "ف", "ب", "ل", "ك")
# Longest first: a query word's forms are it after each of these.
CLITICS = (*ARTICLES, *PROCLITICS)
# A "phrase" or a word, either after a "-" that excludes it: a "-" alone, inside a word
# ("2024-12") or before a number ("كوفيد -19", "درجة -5") excludes nothing.
_PARTS = re.compile(r'(?:(?<!\S)(-)(?=["]|[^\W\d_]))?(?:"([^"]*)"|(\S+))')
_WORD = re.compile(r"\w+")


class SearchError(Exception):
    """The query cannot be searched; the message says why."""


@dataclass(frozen=True)
class Query:
    fts: str  # the FTS5 MATCH expression
    stems: tuple[str, ...]  # normalized word starts that count as a hit (for snippets)
    # normalized words of each "phrase", in order: one tuple per form of its first word
    phrases: tuple[tuple[str, ...], ...] = ()
    # What ranks the matches: the words as written, with or without their article, not
    # their forms after another clitic (see _ranked); the match expression when empty.
    rank: str = ""
    # normalized words that count as a hit only whole (after a clitic): a number, a word
    # without its article before an ending of its own (for snippets)
    exact: tuple[str, ...] = ()


def _bases(word: str, written: str = "") -> tuple[list[str], list[str]]:
    """A word's forms that any ending may follow, and its bare forms, which only a word's
    own endings (ENDINGS) may. The word itself is of the first; without a leading article
    ("الحكومة", "والحكومة", "بالحكومة": "حكومة") when enough of it remains, it is bare:
    with any ending "اليمن" found "يمنع" and "العراق" "عراقيل". A word ending in ة is also
    its sound plural and before a possessive ("حكومة": "حكومات", "حكومتها"). Another
    leading letter is kept: in "والي", "بشار", "فيصل", "بلدية" it is the word's own, and
    read off it matched "إلى", "وشارك", "يصل", "لديه". written: the word as the query wrote
    it, which says more than the folded one: a hamza makes its alef no article's ("ألبان"
    is "dairy", not "ال" before "بان", which "بأن" folds to)."""
    whole, bare = [word], []
    letters = _letters(written)
    for clitic in ARTICLES:
        rest = word[len(clitic) :]
        if word.startswith(clitic) and len(rest) >= 3:
            if not _HAMZA_ALEF.search(letters[: len(clitic)]):
                bare.append(rest)
            break
    if len(word) >= 4 and letters.endswith("ة"):  # written so: "كتابه" (his book) is no plural
        stem = (bare or whole)[-1][:-1]
        whole += [stem + "ت", stem + "ات"]
    return whole, bare


# The endings a word without its article is found with (folded: ة is ه): a nisba and its
# plurals, a possessive, a sound plural or dual, an accusative's alef ("يمن": "يمني",
# "يمنيون", "يمننا"; "رئيس": "رئيسياً"). Not يات: "امنيات" (wishes) is no "الأمن".
ENDINGS = (
    "", "ي", "يه", "يون", "يين", "ه", "ها", "هم", "هما", "هن", "ك", "كم", "نا", "ات", "ين",
    "ون", "ان", "ا", "يا",
)  # fmt: skip
# After a clitic, the commonest of them (each form is a term FTS5 looks up in every segment
# of the index: some 70 µs a term in a 30,000 articles' archive).
CLITIC_ENDINGS = ("", "ي", "يه", "يون", "يين", "ه", "ها", "هم", "ات", "ين", "ون", "ا", "يا")
# A bare word this long is seldom the start of another ("انتخابات", "حكومه"): it keeps
# any ending, as a word without an article does (every exact form is a term FTS5 looks up).
LONG_BARE = 5
_NUMBER = re.compile(r"[0-9]+")


def _spellings(base: str, written: str) -> list[str]:
    """The word and its other spellings: its hamza on the other seat (_other_seat); a
    final hamza after ya on the line ("الطوارىء", Levantine sites' spelling, folded
    "الطواريء") or on its seat ("الطوارئ", folded "الطواري"). The index holds each as
    written, so the query asks for both."""
    out = [base]
    if other := _other_seat(base, written):
        out.append(other)
    if base.endswith("يء"):
        out += [b[:-1] for b in out]
    elif base.endswith("ي") and _letters(written).endswith("ئ"):
        out += [b + "ء" for b in out]
    return list(dict.fromkeys(out))


def _other_seat(base: str, written: str) -> str | None:
    """The word with its hamza on the other seat, as the other spelling writes it: "مسئول"
    (Egypt's) for "مسؤول", "شئون" for "شؤون", and back; folded, the seat is the letter.
    (Counted from the word's end: a leading article may be off the base.)"""
    letters = _letters(written)
    for seat, folded, other in (("ؤ", "و", "ي"), ("ئ", "ي", "و")):
        at = letters.find(seat)
        if 0 < at < len(letters) - 1:
            i = len(base) - (len(letters) - at)
            if 0 < i < len(base) and base[i] == folded:
                return base[:i] + other + base[i + 1 :]
    return None


def _letters(written: str) -> str:
    """A query word's letters as written (its hamzas, its ة), without marks or punctuation."""
    return "".join(_WORD.findall(_MARKS.sub("", written)))


_MARKS = re.compile("[\u064b-\u065f\u0670\u0640]")  # diacritics and tatweel: no letters
_HAMZA_ALEF = re.compile("[أإآ]")


def parse_query(text: str) -> Query:
    """Words must all match, or either of two that OR (in capitals) joins; "a phrase" in
    order; word* a prefix; -word or -"a phrase" must not match. Query text never shapes the
    FTS5 expression beyond that."""
    if text.count('"') % 2:
        raise SearchError('unbalanced quote in the query: close the "phrase"')
    groups: list[list[str]] = []  # clauses that OR joins; the groups are ANDed
    excluded: list[str] = []  # -word, -"phrase": no result holds it
    ranks: list[str] = []  # each word's or phrase's forms that rank (the words as written)
    stems: list[str] = []
    phrases: list[tuple[str, ...]] = []
    exact: list[str] = []
    either = False  # the last word was OR
    for minus, phrase, word in _PARTS.findall(_APART.sub(" ", text)):
        if word == "OR" and not minus:
            either = bool(groups)
            continue
        if minus:
            clause = _clause(phrase, word, [], [], [])  # nothing of it is marked in snippets
            excluded += [clause[0]] if clause else []
            either = False  # "a OR -b c": the OR had no word on its right
            continue
        clause = _clause(phrase, word, stems, phrases, exact)
        if clause is None:
            continue
        ranks.append(clause[1])
        if either:
            groups[-1].append(clause[0])
        else:
            groups.append([clause[0]])
        either = False
    if not groups:
        raise SearchError("the query has no words to search for (not only -excluded ones)")
    fts = " AND ".join(g[0] if len(g) == 1 else "(" + " OR ".join(g) + ")" for g in groups)
    if excluded:
        fts = f"({fts})" + "".join(f" NOT {clause}" for clause in excluded)
    return Query(fts, tuple(stems), tuple(phrases), " OR ".join(ranks), tuple(exact))


# Punctuation that parts two words written without a space ("غزة،رفح"): the Arabic comma,
# semicolon and question mark anywhere, their Latin forms unless a digit follows ("1,000").
_APART = re.compile(r"[،؛؟]|[,;?](?!\d)")


def _clause(
    phrase: str, word: str, stems: list[str], phrases: list[tuple[str, ...]],
    exact: list[str],
) -> tuple[str, str] | None:  # fmt: skip
    """One word or "phrase" of a query as FTS5 clauses: the one it matches by and the one
    it ranks by (None when it holds no word); its stems and exact words, and its words if
    a phrase, are added to the query's."""
    if phrase:
        return _phrase_clause(phrase, stems, phrases)
    prefix = word.endswith("*")
    tokens = _WORD.findall(normalize(latin.bare(word)))
    if not tokens:
        return None
    if len(tokens) == 1 and latin.is_latin(tokens[0]):
        return _latin_clause(tokens[0], prefix, stems, exact)
    if len(tokens) > 1:  # "2024-12" and the like: the parts in order
        stems += tokens
        return ('"' + " ".join(tokens) + '"',) * 2
    token = tokens[0]
    if len(token) < 3:
        stems.append(token)
        return (f'"{token}"' + ("*" if prefix else ""),) * 2
    if not prefix and _NUMBER.fullmatch(token):  # 100 is not 1000's start, nor 1005's
        exact.append(token)
        return _any(set(), {c + token for c in ("", *PROCLITICS)}), f'"{token}"'
    # word* is a word's start as a word is: after a clitic too ("حكوم*" finds "الحكومة");
    # the start it gives is kept whole (no clitic read off it: "وزار*" is not "زار*").
    whole, bare = ([token], []) if prefix else _bases(token, word)
    if bare:  # the word with its article is the bare word after one (below)
        whole = whole[1:]
    whole = [s for b in whole for s in _spellings(b, word)]
    bare = [s for b in bare for s in _spellings(b, word)]
    whole += [b for b in bare if len(b) >= LONG_BARE]
    bare = [b for b in bare if len(b) < LONG_BARE]
    # A bare word is found after an article with any ending ("باليمنيين"), after another
    # clitic or none with its own endings only ("يمنيون", "ليمن"; not "يمنع", "ويمنح"); a
    # hamza on the line ends a word ("طوارىء"), which an ending would sit on ئ.
    starts = {c + b for b in whole for c in ("", *CLITICS)} | {
        a + b for b in bare for a in ARTICLES
    }
    endings = [b + e for b in bare for e in (("",) if b.endswith("ء") else ENDINGS)]
    stems += [*whole, *(a + b for b in bare for a in ("ال", "لل"))]
    exact += endings
    # The word as written ranks, with or without its article ("حكومة", "الحكومة"), as one
    # spelling; a rare clitic form ("كغزة") would count for more than the word (bm25 gives
    # each form its own idf): those match only.
    spelled = {*whole, *("ال" + b for b in whole + bare if not b.startswith("ال"))}
    common = [b + e for b in bare for e in CLITIC_ENDINGS if b + e in endings]
    words = {*endings, *(c + w for w in common for c in PROCLITICS)}
    return _any(starts, words), _any(spelled, set(endings))


def _latin_clause(token: str, prefix: bool, stems: list[str], exact: list[str]) -> tuple[str, str]:
    """An English or French word: itself and its plurals, whole (no clitic, no ending: as
    a prefix "war" found "warned", "gaz" Gaza); ranked by the word itself, as an Arabic
    word is by its form as written. word* stays a prefix."""
    if prefix:
        stems.append(token)
        return (f'"{token}"*',) * 2
    forms = latin.forms(token)
    exact += forms
    match = _any(set(), set(forms))
    return match, (match if len(forms) == 1 else f'"{token}"')


# A phrase's spellings asked at most (each word's hamza seats, its final hamza: every
# combination of them), before the forms of its first word after a clitic.
PHRASE_SPELLINGS = 8


def _phrase_clause(
    phrase: str, stems: list[str], phrases: list[tuple[str, ...]]
) -> tuple[str, str] | None:
    """A "phrase": its words in order, each in any of its spellings (_spellings), the first
    after a clitic too (_heads)."""
    written = phrase.split()
    parts = [
        (token, word if len(found) == 1 else "")
        for word in written
        for found in [_WORD.findall(normalize(word))]
        for token in found
    ]
    if not parts:
        return None
    stems += [token for token, _ in parts]
    spellings = list(islice(product(*(_spellings(t, w) for t, w in parts)), PHRASE_SPELLINGS))
    # A clitic before a phrase is before its first word ("بوقف إطلاق النار", "للأمم
    # المتحدة"); one before a later word makes another phrase ("وقف وإطلاق").
    variants = list(
        dict.fromkeys(
            (head, *spelling[1:])
            for spelling in spellings
            for head in _heads(spelling[0], written[0])
        )
    )
    phrases += variants
    return _phrases(variants), _phrases(spellings)


def _phrases(variants: list[tuple[str, ...]]) -> str:
    """Any of the phrases, each its words in order."""
    quoted = ['"' + " ".join(words) + '"' for words in variants]
    return quoted[0] if len(quoted) == 1 else "(" + " OR ".join(quoted) + ")"


def _any(starts: set[str], words: set[str] | None = None) -> str:
    """Any of the starts, each a word's start, or of the words, each a whole word."""
    terms = [f'"{f}"*' for f in sorted(starts)] + [f'"{w}"' for w in sorted(words or ())]
    return "(" + " OR ".join(terms) + ")"


def _heads(word: str, written: str) -> list[str]:
    """A phrase's first word and its forms after a clitic: a word with its article after
    each clitic that ends in one ("الأمم": "للأمم", "وبالأمم"), any other after the
    conjunctions and prepositions ("وقف": "بوقف", "ووقف"). A short word ("في") keeps its
    own form, as a query word does, and so does a Latin one."""
    if len(word) < 3 or latin.is_latin(word):
        return [word]
    letters = _letters(written)
    for article in ARTICLES:
        rest = word[len(article) :]
        if word.startswith(article) and len(rest) >= 2:
            if _HAMZA_ALEF.search(letters[: len(article)]):
                break
            return [word, *(a + rest for a in ARTICLES if a + rest != word)]
    return [word, *(c + word for c in PROCLITICS)]


# Ranking reads the index, not the articles: bm25 for the matches, then the best few are
# looked up, filtered and kept one per story. When that leaves too few results, more are
# looked up (FETCH_GROWTH times as many) until enough are found or the matches run out.
FETCH_FIRST = 10
FETCH_GROWTH = 4
# A query matching more articles than this is ranked among its newest WINDOW matches (bm25
# over a million matches costs seconds); date or source filters search everything.
WINDOW = 50_000


def search(
    db: sqlite_utils.Database,
    text: str,
    source: str | None = None,
    since: str | None = None,
    until: str | None = None,
    include_duplicates: bool = False,
    limit: int = 20,
    window: int | None = WINDOW,
    offset: int = 0,
    snippets: bool = True,
) -> list[dict]:
    """Best matches first (bm25, title weighted over text); one per story unless asked.
    window: rank only the newest this many matches when no filter is given (None: all).
    offset: leave out the best this many (a later page); snippets: False for ids alone
    (an export's), which cost a read of every text."""
    query = parse_query(text)
    conditions, values = article_filters(source, since, until, table="a")
    floor = window_floor(db, query.fts, window) if window and not conditions else None
    fetch = max(limit, 1) * FETCH_FIRST
    while True:
        ranked = _ranked(db, query, floor, fetch)
        rows = _pick(db, ranked, conditions, values, include_duplicates, limit)
        if len(rows) >= limit or len(ranked) < fetch:
            break
        fetch *= FETCH_GROWTH
    rows = rows[offset:]
    if not snippets:
        return rows
    texts = _texts(db, [row["id"] for row in rows])
    for row in rows:
        row["snippet"] = snippet(
            texts.get(row["id"]) or "", query.stems, query.phrases, exact=query.exact
        )
    return rows


def _run(db: sqlite_utils.Database, sql: str, params: list) -> list[tuple]:
    try:
        return db.execute(sql, params).fetchall()
    except sqlite3.OperationalError as exc:
        raise SearchError(f"the query could not be searched: {exc}") from exc


def window_floor(db: sqlite_utils.Database, fts: str, window: int = WINDOW) -> int | None:
    """The id of the window-th newest match (FTS5 walks ids newest first and stops), or
    None when there are fewer matches."""
    row = _run(
        db,
        "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?"
        " ORDER BY rowid DESC LIMIT 1 OFFSET ?",
        [fts, window - 1],
    )
    return row[0][0] if row else None


def _ranked(
    db: sqlite_utils.Database, query: Query, floor: int | None, fetch: int
) -> list[tuple[int, float]]:
    """The best matches (id, rank), best first. bm25 of the words as written ranks them
    (query.rank): each form a query word matches by is a term of its own to bm25, and one
    seldom written ("كغزة" in passing) would outweigh the word's headline and every use of
    it. The matches that hold none of them come after, ranked by their forms (their rank
    then above 0, the others' at most 0)."""
    bound = " AND rowid >= ?" if floor is not None else ""
    bounds = [floor] if floor is not None else []
    scored = (
        "SELECT rowid, bm25(articles_fts, 5.0, 1.0) AS r FROM articles_fts"
        f" WHERE articles_fts MATCH ?{bound}"
    )
    if not query.rank or query.rank == query.fts:
        return _run(db, f"{scored} ORDER BY r, rowid LIMIT ?", [query.fts, *bounds, fetch])
    # The matches read once, as ids (`+rowid`: handed to FTS5, each id would run the
    # MATCH again); as costly as ranking the match expression was.
    written = _run(
        db,
        f"WITH hits AS MATERIALIZED (SELECT rowid AS id FROM articles_fts"
        f" WHERE articles_fts MATCH ?{bound}) {scored} AND +rowid IN hits"
        " ORDER BY r, rowid LIMIT ?",
        [query.fts, *bounds, query.rank, *bounds, fetch],
    )
    if len(written) == fetch:
        return written
    rest = f"({query.fts}) NOT ({query.rank})"
    return written + _run(
        db,
        f"SELECT rowid, 1.0 / (1.0 - r) AS r FROM ({scored}) ORDER BY r, rowid LIMIT ?",
        [rest, *bounds, fetch - len(written)],
    )


def _pick(
    db: sqlite_utils.Database, ranked: list[tuple[int, float]], conditions: list[str],
    values: list, include_duplicates: bool, limit: int,
) -> list[dict]:  # fmt: skip
    """The ranked ids that pass the filters, best first, the best of each story."""
    rank = dict(ranked)
    where = " AND ".join(["a.id IN (SELECT value FROM json_each(?))", *conditions])
    rows = _run(
        db,
        "SELECT a.id, a.url, a.source, a.title, a.published_at, a.duplicate_of, a.gone_at"
        f" FROM articles a WHERE {where}",
        [json.dumps(list(rank)), *values],
    )
    keys = ("id", "url", "source", "title", "published_at", "duplicate_of", "gone_at")
    hits = sorted((dict(zip(keys, row, strict=True)) for row in rows),
                  key=lambda h: (rank[h["id"]], h["id"]))  # fmt: skip
    if not include_duplicates:
        hits = _one_per_story(hits)
    results = []
    for hit in hits[:limit]:
        hit["rank"] = round(rank[hit["id"]], 4)
        results.append(hit)
    return results


def _one_per_story(hits: list[dict]) -> list[dict]:
    """Each story once, at its best copy's place, shown by its root when the root matched
    too (the original publisher's copy, as unique_articles shows it), else by that copy."""
    roots = {hit["id"]: hit for hit in hits if hit["duplicate_of"] is None}
    shown, stories = [], set()
    for hit in hits:
        story = hit["duplicate_of"] or hit["id"]
        if story not in stories:
            stories.add(story)
            shown.append(roots.get(story, hit))
    return shown


def _texts(db: sqlite_utils.Database, ids: list[int]) -> dict[int, str]:
    rows = db.execute(
        "SELECT id, text FROM articles WHERE id IN (SELECT value FROM json_each(?))",
        [json.dumps(ids)],
    ).fetchall()
    return dict(rows)


def snippet(
    text: str, stems: tuple[str, ...], phrases: tuple[tuple[str, ...], ...] = (),
    width: int = 12, exact: tuple[str, ...] = (),
) -> str:  # fmt: skip
    """Words around the first hit in the original text, the hit marked **like this**: a
    whole phrase when the query has one, else the first word that matches (a stem's start,
    or an exact word whole, after a clitic too)."""
    words = text.split()
    keys = _keys(text, words)
    # A word of a phrase counts only in its phrase: a phrase found in the title alone marks
    # nothing in the text (not the first "على" it holds).
    loose = tuple(s for s in stems if not any(s in phrase for phrase in phrases))
    phrase, word = _patterns(phrases, loose, exact)
    start, end = _phrase_hit(keys, phrase) or _word_hit(keys, word) or (None, None)
    if start is None or end is None:
        return " ".join(words[: 2 * width]) + (" …" if len(words) > 2 * width else "")
    lo, hi = max(0, start - width), min(len(words), end + width)
    hit = " ".join(words[start:end])
    # Punctuation around the hit stays outside the mark: **دمشق**، not **دمشق،**
    core = hit.strip(_PUNCTUATION) or hit
    at = hit.index(core)
    mark = f"{hit[:at]}**{core}**{hit[at + len(core) :]}"
    marked = [*words[lo:start], mark, *words[end:hi]]
    return ("… " if lo else "") + " ".join(marked) + (" …" if hi < len(words) else "")


_PUNCTUATION = ".,;:!?،؛؟«»\"'()[]{}…-–—"


def _keys(text: str, words: list[str]) -> str:
    """The text normalized, its words where the text's are, one space between them: the
    whole text normalized at once (word by word cost most of a snippet), or word by word
    when folding it moved a word boundary (a ligature of words, a word of marks alone)."""
    keys = normalize(text).split()
    if len(keys) != len(words):
        keys = ["-".join(normalize(word).split()) or "-" for word in words]
    return " ".join(keys)


@lru_cache(maxsize=64)
def _patterns(
    phrases: tuple[tuple[str, ...], ...], stems: tuple[str, ...], exact: tuple[str, ...]
) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    """One expression for the phrases (their words in order, punctuation between them
    aside) and one for the words (a stem's start or an exact word, after a clitic too),
    each found at a word's start in the normalized text: compiled once per query."""

    # Latin letters with or without their accents, as the index reads them (latin.pattern)
    phrase = None
    if phrases:
        spelled = [r"\W+".join(map(latin.pattern, p)) for p in phrases]
        phrase = re.compile(rf"(?<!\w)(?:{'|'.join(spelled)})(?!\w)")
    stems = tuple(s for s in stems if s)
    choices = [f"(?:{alternatives(stems, latin.pattern)})"] if stems else []
    choices += [f"(?:{alternatives(exact, latin.pattern)})(?!\\w)"] if exact else []
    if not choices:
        return phrase, None
    return phrase, re.compile(rf"(?<!\w)(?:{alternatives(CLITICS)})?(?:{'|'.join(choices)})")


def _word_at(keys: str, at: int) -> int:
    """The number of the word that holds the character at `at` (_keys: one space apart)."""
    return keys.count(" ", 0, at)


def _phrase_hit(keys: str, phrase: re.Pattern[str] | None) -> tuple[int, int] | None:
    """The words of the first run that spells one of the phrases (a word may hold several
    tokens, "2024-12" say, and punctuation around a word does not count)."""
    found = phrase.search(keys) if phrase else None
    if found is None:
        return None
    return _word_at(keys, found.start()), _word_at(keys, found.end() - 1) + 1


def _word_hit(keys: str, word: re.Pattern[str] | None) -> tuple[int, int] | None:
    """The first word that starts with a hit (after a clitic: "والأرصاد"), and the words
    right after it that do too ("**الأرصاد الجوية**" for both words asked)."""
    if word is None:
        return None
    for found in word.finditer(keys):
        start = keys.rfind(" ", 0, found.start()) + 1
        if _LEAD.fullmatch(keys, start, found.start()):  # its first token, or one after an elision
            break
    else:
        return None
    first = _word_at(keys, found.start())
    rest = keys[start:].split(" ")
    end = 1
    while end < len(rest) and _starts(word, rest[end]):
        end += 1
    return first, first + end


# What may come before a hit in its word: punctuation, and an elided article or a word
# before an apostrophe ("l'armée", "qu'il"), as the index reads them apart.
_LEAD = re.compile(r"\W*(?:\w+['’]\W*)?")


def _starts(word: re.Pattern[str], key: str) -> bool:
    """Whether a word's key starts with a hit (its punctuation and elision aside)."""
    return any(_LEAD.fullmatch(key, 0, found.start()) for found in word.finditer(key))


def reindex(db: sqlite_utils.Database, batch: int = 500) -> int:
    """Bring the index in step with the articles: rebuild it from the normalized columns
    (whatever state it was in), then recompute those columns where normalization changed;
    the triggers carry each change into the index. Returns the number of articles."""
    with db.atomic():
        restore_search_index(db)
        db.execute("INSERT INTO articles_fts (articles_fts) VALUES ('rebuild')")
    last, total = 0, 0
    while True:
        rows = db.execute(
            "SELECT id, title, text, search_title, search_text FROM articles"
            " WHERE id > ? ORDER BY id LIMIT ?",
            [last, batch],
        ).fetchall()
        if not rows:
            return total
        changed = [
            (normalize(t or ""), normalize(x or ""), i)
            for i, t, x, st, sx in rows
            if (st, sx) != (normalize(t or ""), normalize(x or ""))
        ]
        with db.atomic():
            db.conn.executemany(
                "UPDATE articles SET search_title = ?, search_text = ? WHERE id = ?", changed
            )
        total += len(rows)
        last = rows[-1][0]
