"""Full-text search over the archive with Arabic normalization and clitic expansion.

The index (articles_fts, FTS5) holds the normalized title and text (archive.normalize): one
key function for dedup and search. A query word also matches its forms with the clitics
و ف ب ل ك ال attached and any ending (`دمشق` finds `بدمشق`, `ودمشق`, `الدمشقي`); a
"quoted phrase" matches exactly those normalized words in order, its first word after a
clitic too; `word*` is a prefix (after a clitic too, as a word is, but never read as a clitic
and what follows). bm25 ranks by the words as written (with or without their article), not
by the forms they match after another clitic.
Query words are always quoted into the FTS syntax, so no input can change the query's shape."""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass

import sqlite_utils

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


def _bases(word: str, written: str = "") -> list[str]:
    """The word; the word without a leading article ("الحكومة", "والحكومة", "بالحكومة":
    "حكومة") when enough of it remains; and a word ending in ة also as its sound plural and
    before a possessive ("حكومة": "حكومات", "حكومتها"). Another leading letter is kept: in
    "والي", "بشار", "فيصل", "بلدية" it is the word's own, and read off it matched "إلى",
    "وشارك", "يصل", "لديه". written: the word as the query wrote it, which says more than
    the folded one: a hamza makes its alef no article's ("ألبان" is "dairy", not "ال" before
    "بان", which "بأن" folds to)."""
    bases = [word]
    letters = _letters(written)
    for clitic in ARTICLES:
        rest = word[len(clitic) :]
        if word.startswith(clitic) and len(rest) >= 3:
            if not _HAMZA_ALEF.search(letters[: len(clitic)]):
                bases.append(rest)
            break
    if len(word) >= 4 and letters.endswith("ة"):  # written so: "كتابه" (his book) is no plural
        stem = bases[-1][:-1]
        bases += [stem + "ت", stem + "ات"]
    return bases


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
    either = False  # the last word was OR
    for minus, phrase, word in _PARTS.findall(_APART.sub(" ", text)):
        if word == "OR" and not minus:
            either = bool(groups)
            continue
        if minus:
            clause = _clause(phrase, word, [], [])  # nothing of it is marked in snippets
            excluded += [clause[0]] if clause else []
            either = False  # "a OR -b c": the OR had no word on its right
            continue
        clause = _clause(phrase, word, stems, phrases)
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
    return Query(fts, tuple(stems), tuple(phrases), " OR ".join(ranks))


# Punctuation that parts two words written without a space ("غزة،رفح"): the Arabic comma,
# semicolon and question mark anywhere, their Latin forms unless a digit follows ("1,000").
_APART = re.compile(r"[،؛؟]|[,;?](?!\d)")


def _clause(
    phrase: str, word: str, stems: list[str], phrases: list[tuple[str, ...]]
) -> tuple[str, str] | None:
    """One word or "phrase" of a query as FTS5 clauses: the one it matches by and the one
    it ranks by (None when it holds no word); its stems, and its words if a phrase, are
    added to the query's."""
    if phrase:
        tokens = _WORD.findall(normalize(phrase))
        if not tokens:
            return None
        stems += tokens
        # A clitic before a phrase is before its first word ("بوقف إطلاق النار", "للأمم
        # المتحدة"); one before a later word makes another phrase ("وقف وإطلاق").
        heads = _heads(tokens[0], phrase.split()[0])
        phrases += [(head, *tokens[1:]) for head in heads]
        typed = '"' + " ".join(tokens) + '"'
        variants = ['"' + " ".join((head, *tokens[1:])) + '"' for head in heads]
        return (typed if len(heads) == 1 else "(" + " OR ".join(variants) + ")"), typed
    prefix = word.endswith("*")
    tokens = _WORD.findall(normalize(word))
    if not tokens:
        return None
    if len(tokens) > 1:  # "2024-12" and the like: the parts in order
        stems += tokens
        return ('"' + " ".join(tokens) + '"',) * 2
    if len(tokens[0]) < 3:
        stems.append(tokens[0])
        return (f'"{tokens[0]}"' + ("*" if prefix else ""),) * 2
    # word* is a word's start as a word is: after a clitic too ("حكوم*" finds "الحكومة");
    # the start it gives is kept whole (no clitic read off it: "وزار*" is not "زار*").
    bases = [tokens[0]] if prefix else _bases(tokens[0], word)
    bases += [other for b in bases if (other := _other_seat(b, word)) and other not in bases]
    forms = {f"{c}{b}" for b in bases for c in ("", *CLITICS)}
    stems += bases
    # The word as written ranks, with or without its article ("حكومة", "الحكومة"), as one
    # spelling; a rare clitic form ("كغزة") would count for more than the word (bm25 gives
    # each form its own idf): those match only.
    spelled = {*bases, *("ال" + b for b in bases if not b.startswith("ال"))}
    return _any(forms), _any(spelled)


def _any(forms: set[str]) -> str:
    """Any of the forms, each a word's start."""
    return "(" + " OR ".join(f'"{f}"*' for f in sorted(forms)) + ")"


def _heads(word: str, written: str) -> list[str]:
    """A phrase's first word and its forms after a clitic: a word with its article after
    each clitic that ends in one ("الأمم": "للأمم", "وبالأمم"), any other after the
    conjunctions and prepositions ("وقف": "بوقف", "ووقف"). A short word ("في") keeps its
    own form, as a query word does."""
    if len(word) < 3:
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
        row["snippet"] = snippet(texts.get(row["id"]) or "", query.stems, query.phrases)
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
    text: str, stems: tuple[str, ...], phrases: tuple[tuple[str, ...], ...] = (), width: int = 12
) -> str:
    """Words around the first hit in the original text, the hit marked **like this**: a
    whole phrase when the query has one, else the first word that matches."""
    words = text.split()
    keys = [" ".join(_WORD.findall(normalize(w))) for w in words]
    # A word of a phrase counts only in its phrase: a phrase found in the title alone marks
    # nothing in the text (not the first "على" it holds).
    loose = tuple(s for s in stems if not any(s in phrase for phrase in phrases))
    start, end = _phrase_hit(keys, phrases) or _word_hit(keys, loose) or (None, None)
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


def _phrase_hit(keys: list[str], phrases: tuple[tuple[str, ...], ...]) -> tuple[int, int] | None:
    """The first run of words that spells one of the phrases (a word may hold several
    normalized tokens, "2024-12" say, and punctuation around a word does not count)."""
    for phrase in phrases:
        want = " ".join(phrase)
        for i in range(len(keys)):
            got = ""
            for j in range(i, len(keys)):
                got = f"{got} {keys[j]}".strip()
                if got == want:
                    return i, j + 1
                if not want.startswith(got):
                    break
    return None


def _word_hit(keys: list[str], stems: tuple[str, ...]) -> tuple[int, int] | None:
    """The first word that starts with a stem (after a clitic: "والأرصاد"), and the words
    right after it that do too ("**الأرصاد الجوية**" for both words asked)."""
    hits = [i for i, key in enumerate(keys) if _starts(key, stems)]
    if not hits:
        return None
    end = hits[0] + 1
    while end < len(keys) and _starts(keys[end], stems):
        end += 1
    return hits[0], end


def _starts(key: str, stems: tuple[str, ...]) -> bool:
    return any(s and key.startswith(c + s) for s in stems for c in ("", *CLITICS))


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
