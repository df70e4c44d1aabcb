"""Near-duplicate detection: MinHash over word shingles, LSH bands kept in SQLite.

Only roots (first-seen copies) are indexed, so a match is always a root and
`duplicate_of` never forms a chain. Lookups touch the (band, key) primary key only.
"""

from __future__ import annotations

import hashlib
import re
import struct
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np

from archive.normalize import normalize, tokens

if TYPE_CHECKING:
    import sqlite_utils

NUM_PERM = 128
BANDS = 32
ROWS = NUM_PERM // BANDS
SHINGLE = 3
# Estimated Jaccard of shingle sets above which two texts are one story.
THRESHOLD = 0.5
# Below this many tokens a text is too short for shingles to mean anything.
MIN_TOKENS = 12
_SEED = 20241207
_MERSENNE = np.uint64((1 << 61) - 1)
_MAX32 = np.uint64((1 << 32) - 1)
# Affine permutations h -> (a*h + b) mod p, the scheme datasketch's MinHash uses; written out
# here because importing datasketch pulls in scipy (+54 MB in every extraction worker).
_PERM = np.random.default_rng(_SEED).integers(1, (1 << 61) - 1, size=(2, NUM_PERM), dtype=np.uint64)


_KEY = struct.Struct("<q")  # an LSH band's key: its hash as a signed 64-bit integer


@dataclass(frozen=True)
class Signature:
    values: np.ndarray  # uint32[NUM_PERM]

    def to_bytes(self) -> bytes:
        return self.values.astype("<u4").tobytes()

    @classmethod
    def from_bytes(cls, blob: bytes) -> Signature:
        return cls(np.frombuffer(blob, dtype="<u4"))

    def jaccard(self, other: Signature) -> float:
        return float(np.count_nonzero(self.values == other.values)) / NUM_PERM

    def band_keys(self) -> list[tuple[int, int]]:
        return self._band_keys

    @cached_property  # a new root's keys are asked twice: to find its story, to index it
    def _band_keys(self) -> list[tuple[int, int]]:
        # Each band's ROWS values as little-endian uint32, hashed to a signed 64-bit key.
        raw = self.to_bytes()
        step = ROWS * 4
        return [
            (band, _KEY.unpack(hashlib.blake2b(raw[i : i + step], digest_size=8).digest())[0])
            for band, i in enumerate(range(0, BANDS * step, step))
        ]


def content_hash(text: str, words: list[str] | None = None) -> str:
    """Exact-duplicate key: the normalized token stream, so spacing and spelling forms vanish.
    words: tokens(text), when the caller has them already."""
    return hashlib.sha1(" ".join(tokens(text) if words is None else words).encode()).hexdigest()


def signature(text: str, words: list[str] | None = None) -> Signature | None:
    """MinHash of the text's word 3-shingles (normalized words), NUM_PERM permutations."""
    words = tokens(text) if words is None else words
    if len(words) < MIN_TOKENS:
        return None
    shingles = _shingles(words)
    hashes = np.fromiter(
        (
            int.from_bytes(hashlib.blake2b(s.encode(), digest_size=4).digest(), "little")
            for s in shingles
        ),
        dtype=np.uint64,
        count=len(shingles),
    )
    with np.errstate(over="ignore"):  # uint64 wrap-around is part of the scheme
        permuted = (np.outer(hashes, _PERM[0]) + _PERM[1]) % _MERSENNE & _MAX32
    return Signature(permuted.min(axis=0).astype(np.uint32))


def shared(a: str, b: str) -> float:
    """The share of the shorter text's word 3-shingles found in the other (0 to 1): a text
    that grew or was trimmed still shares most of the shorter one's."""
    ours, theirs = _shingles(tokens(a)), _shingles(tokens(b))
    if not ours or not theirs:
        return 0.0
    return len(ours & theirs) / min(len(ours), len(theirs))


def titles_alike(a: str, b: str) -> bool:
    """Do two headlines share a third of the shorter one's words? An edit's new headline
    keeps some ("… toll rises to 50"); a listing's or another story's shares none."""
    ours, theirs = set(tokens(a)), set(tokens(b))
    if not ours or not theirs:
        return True  # no headline to tell by
    return 3 * len(ours & theirs) >= min(len(ours), len(theirs))


def _shingles(words: list[str]) -> set[str]:
    return {" ".join(words[i : i + SHINGLE]) for i in range(max(0, len(words) - SHINGLE + 1))}


def text_keys(title: str | None, text: str) -> dict[str, Any]:
    """What the archive derives from an article's title and text (ArticleRecord's fields of
    the same names): dedup keys and search columns, from one normalization of the text.
    Extraction workers compute them off the writer's thread; the archive's own rewrites
    (chrome cleaning) likewise, once per row."""
    search_text = normalize(text)
    words = tokens(search_text, normalized=True)
    sig = signature(text, words)
    return {
        "content_hash": content_hash(text, words),
        "minhash": sig.to_bytes() if sig else None,
        "search_title": normalize(title or ""),
        "search_text": search_text,
    }


# Above this estimate two texts are one story outright; between THRESHOLD and it, same_story
# reads the texts (a daily report from its template, two briefs around a shared paragraph).
SURE = 0.8
# Numbers shared by two copies of one story, as a share of the fewer: a copy adds or drops a
# sentence, it does not change the figures. Checked when both texts have this many.
MIN_FIGURES = 3
SHARED_FIGURES = 0.5
_FIGURE = re.compile(r"\d+(?:[.,]\d+)*")
_SEPARATORS = str.maketrans({"٫": ".", "٬": ","})
# Two texts that share fewer paragraphs than SHARED_LINES, whose other lines have this little
# in common (as sets of words), under titles with this little in common, are two stories
# around a paragraph or two of boilerplate (an intro, a disclaimer).
SHARED_LINES = 3
# ... and texts that share SHARED_LINES or more, each with this many lines of its own from
# its lead on, are told by those (their own news around an office's closing paragraphs).
OWN_LINES = 2
DIFFERENT_LINES = 0.35  # of their content words (_content_words)
DIFFERENT_TITLES = 0.2


def same_story(
    a: str, b: str, title_a: str = "", title_b: str = "",
    recurs: Callable[[str], bool] | None = None, sure: bool = False, apart: bool = False,
) -> bool:  # fmt: skip
    """Do two texts that MinHash places in one story tell it? Normalized texts (the search
    columns). No: their figures disagree (the gold prices of another day), or the lines they
    do not share are unrelated and so are their titles (briefs around one boilerplate).
    recurs(line): does another story carry this paragraph too (an office's closing lines)?
    sure: MinHash says they are (SURE): no, only for one template's reports. apart: they
    were published on different days (a day's bulletin of a template is not the next day's)."""
    lines_a, lines_b = _lines(a), _lines(b)
    if apart and _refigured(lines_a, lines_b):
        # Lines of one wording with other figures, a day or more later: the next day's
        # prices, another match's score. (A copy that updates a toll comes the same day, or
        # changes one line of many.)
        return False
    if _own_leads(a, b, lines_a, lines_b) and _titles_figures_differ(title_a, title_b):
        # One template's reports (a round's results over the league's standings), each with
        # its own lead and its own figures in the title: other stories, however much they
        # share. (Two sites' rewrites of a wire story lead and title it each in their own
        # words: one story.)
        return False
    if sure:
        return True
    if _refilled(lines_a, lines_b) or _another_flash(lines_a, lines_b):
        return False  # one template, other figures in its lines: another day's report
    recurring = _recurring(lines_a & lines_b, recurs)
    if recurring:
        # Paragraphs that other stories carry too (three paragraphs about the ministry under
        # each of its releases) say nothing of which story a text tells: left out, when they
        # are most of what the two share (see _recurring).
        lines_a, lines_b = lines_a - recurring, lines_b - recurring
        a, b = "\n".join(lines_a), "\n".join(lines_b)
    shared = len(lines_a & lines_b)
    if shared < SHARED_LINES and _figures_differ(_figures(a), _figures(b)):
        return False  # and no paragraphs in common to say it is a rewrite of one story
    if shared >= SHARED_LINES and not _own_news(a, b, lines_a, lines_b):
        return True  # paragraphs in common: a copy that adds, drops or rewrites a few
    # Each opens with lines of its own (two or more): two releases over an office's closing
    # paragraphs, or a story rewritten at length, told apart by what each says of its own.
    rest_a, rest_b = lines_a - lines_b, lines_b - lines_a
    words_a, words_b = tokens(" ".join(rest_a), True), tokens(" ".join(rest_b), True)
    if len(words_a) < MIN_TOKENS or len(words_b) < MIN_TOKENS:
        return True  # one adds or drops lines: a copy
    if _overlap(_content_words(words_a), _content_words(words_b)) >= DIFFERENT_LINES:
        return True  # the same facts in other words: a rewritten lead
    if recurring:
        # What is left is each one's own news, unrelated: two releases of one office, their
        # titles alike or not (its name, a place, the subject it always writes about).
        return False
    titles = _overlap(set(tokens(title_a, True)), set(tokens(title_b, True)))
    return titles >= DIFFERENT_TITLES


def _titles_figures_differ(title_a: str, title_b: str) -> bool:
    """One template's titles, each its own figures: the same words around other numbers
    ("نتيجة مباراة الجولة 5", "… الجولة 6"; a rewritten title that rounds "27" to "نحو 30"
    says it in other words too)."""
    numbers_a, numbers_b = _figures(title_a), _figures(title_b)
    if not numbers_a or not numbers_b or numbers_a & numbers_b:
        return False
    return _masked(title_a) == _masked(title_b)


def _own_leads(a: str, b: str, lines_a: set[str], lines_b: set[str]) -> bool:
    """Does each text open with a paragraph the other does not have? A lead that only a
    dateline sets apart ("غزة - " + the other's) is the other's."""
    first_a, first_b = _first_line(a), _first_line(b)
    return (
        bool(first_a and first_b)
        and first_a not in lines_b
        and first_b not in lines_a
        and not _dated_alike(first_a, first_b)
    )


# A dateline before a lead: a place, an agency, a date, before a dash, a colon, a slash or a
# bracket ("غزة - ", "(وكالات) - ", "القاهرة - ا ش ا - ", "دمشق - (وكالات) ", "عمان في 2
# كانون الاول 2026 - ", "الرياض: ", "غزة-"): at most this many words, each mark one.
DATELINE_WORDS = 8
_DATELINE_MARKS = frozenset("-–—:/()[]|«»")
_MARK = "".join(map(re.escape, sorted(_DATELINE_MARKS)))
_DATELINE_WORD = re.compile(rf"[{_MARK}]|[^\s{_MARK}]+")


def _dated_alike(first_a: str, first_b: str) -> bool:
    """Are two first lines one lead, but for a dateline before either or both? Read word by
    word from their common end: what is left before it in each is nothing or a dateline,
    and the common rest is longer. (A template's leads of other figures differ inside.)"""
    words_a, words_b = _DATELINE_WORD.findall(first_a), _DATELINE_WORD.findall(first_b)
    common = 0
    for word_a, word_b in zip(reversed(words_a), reversed(words_b), strict=False):
        if word_a != word_b:
            break
        common += 1
    while common and words_a[-common] in _DATELINE_MARKS:
        common -= 1  # a dash both datelines end with belongs to them ("غزة -", "رفح -")
    heads = (words_a[: len(words_a) - common], words_b[: len(words_b) - common])
    return common > DATELINE_WORDS and all(_dateline_head(head) for head in heads)


def _dateline_head(head: list[str]) -> bool:
    return not head or (len(head) <= DATELINE_WORDS and head[-1] in _DATELINE_MARKS)


def _own_news(a: str, b: str, lines_a: set[str], lines_b: set[str]) -> bool:
    """Does each text open with lines of its own, OWN_LINES or more (a rewrite of a wire
    story writes its own lead over the wire's paragraphs)?"""
    return (
        len(lines_a - lines_b) >= OWN_LINES
        and len(lines_b - lines_a) >= OWN_LINES
        and _own_leads(a, b, lines_a, lines_b)
    )


def _first_line(text: str) -> str:
    return next((" ".join(line.split()) for line in text.split("\n") if line.strip()), "")


def _recurring(common: set[str], recurs: Callable[[str], bool] | None) -> set[str]:
    """The paragraphs two texts share that other stories carry too, asked only while they
    could matter: once SHARED_LINES of the shared ones are the story's own, or the words of
    its own outweigh the rest, none are left out. A copy keeps the story's news, whatever
    else quotes a paragraph of it (a follow-up repeats its background); two releases of one
    office share mostly the office's paragraphs, which its other releases carry too."""
    if recurs is None or len(common) < SHARED_LINES:
        return set()
    found: set[str] = set()
    own = own_words = 0
    all_words = sum(len(line.split()) for line in common)
    for line in sorted(common):
        if recurs(line):
            found.add(line)
        else:
            own += 1
            own_words += len(line.split())
            if own >= SHARED_LINES or 2 * own_words > all_words:
                return set()
    return found


def _figures(text: str) -> set[str]:
    """The numbers of a text, written one way: Arabic decimal and thousands separators as
    Latin ones, thousands separators dropped ("٢٬٤٥٠٫٧٥" and "2,450.75" are 2450.75), a
    comma before one or two digits a decimal one ("3,5" is 3.5, as the Maghreb writes it)."""
    text = text.translate(_SEPARATORS)
    return {_figure(figure) for figure in _FIGURE.findall(text)}


def _figure(written: str) -> str:
    if _DECIMAL_COMMA.fullmatch(written):
        return written.replace(",", ".")
    return written.replace(",", "")


_DECIMAL_COMMA = re.compile(r"\d+,\d{1,2}")


def _figures_differ(a: set[str], b: set[str]) -> bool:
    fewer = min(len(a), len(b))
    return fewer >= MIN_FIGURES and len(a & b) < SHARED_FIGURES * fewer


def _refilled(lines_a: set[str], lines_b: set[str]) -> bool:
    """One template filled in with another day's figures: two or more lines of one wording
    (their figures masked; a word may change, "ارتفع"/"انخفض") whose figures differ, more
    than such lines that agree, with MIN_FIGURES figures among them. A rewritten lead with
    rounded figures is worded otherwise and is not compared; a copy that updates one toll is
    still the story."""
    differing, agreeing, figures = _aligned_figures(lines_a, lines_b)
    return differing >= 2 and differing > agreeing and figures >= MIN_FIGURES


# Of the fewer lines, this share at least has other figures: a bulletin's, not a story's
# toll updated in one paragraph of six.
REFIGURED_SHARE = 1 / 3


def _refigured(lines_a: set[str], lines_b: set[str]) -> bool:
    differing = _aligned_figures(lines_a, lines_b)[0]
    return differing > 0 and differing >= REFIGURED_SHARE * min(len(lines_a), len(lines_b))


def _aligned_figures(lines_a: set[str], lines_b: set[str]) -> tuple[int, int, int]:
    """The lines of a that are a line of b in other figures (one wording, ALIGNED), those
    whose figures agree, and the figures of the differing ones."""
    masked_b = [(_masked(line), line) for line in lines_b if _FIGURE.search(line)]
    differing = agreeing = figures = 0
    for line in lines_a:
        if not _FIGURE.search(line):
            continue
        words = _masked(line)
        match = max(masked_b, key=lambda other: _overlap(words, other[0]), default=None)
        if match is None or _overlap(words, match[0]) < ALIGNED:
            continue
        if _figures(line) == _figures(match[1]):
            agreeing += 1
        else:
            differing += 1
            figures += len(_figures(line))
    return differing, agreeing, figures


# Two lines whose masked words agree this much are one wording (a template's line).
ALIGNED = 0.8
# A flash: a line or two, this many words at most. Its figures are its news: two flashes of
# one wording with other figures ("استشهد 3 ... في خان يونس", "استشهد 5 ... في رفح") are two
# events, not one story copied (a longer copy that updates the toll stays the story).
FLASH_LINES = 2
FLASH_WORDS = 60


def _another_flash(lines_a: set[str], lines_b: set[str]) -> bool:
    if not all(_flash(lines) for lines in (lines_a, lines_b)):
        return False
    text_a, text_b = " ".join(sorted(lines_a)), " ".join(sorted(lines_b))
    figures_a, figures_b = _figures(text_a), _figures(text_b)
    if (
        not figures_a or not figures_b
        or _dated_only(figures_a, figures_b, text_b) or _dated_only(figures_b, figures_a, text_a)
    ):  # fmt: skip
        return False  # a date added (a copy's dateline), no figure changed: the same flash
    return _overlap(_masked(text_a), _masked(text_b)) >= ALIGNED


def _dated_only(fewer: set[str], more: set[str], text: str) -> bool:
    """Does the text with more figures only add those of a date or a time ("الأحد 12 مايو
    2024 - ", "[2024-05-12 14:30]")? Not a count ("5 بينهم 3": another toll)."""
    return fewer <= more and more - fewer <= _figures(" ".join(_DATE.findall(text)))


# Month names as archive.normalize writes them (آ, أ as ا; ى as ي; ة as ه): Egyptian,
# Levantine, Maghrebi, Hijri, and English ones.
_MONTHS = (
    "يناير|فبراير|مارس|ابريل|مايو|يونيو|يوليو|اغسطس|سبتمبر|اكتوبر|نوفمبر|ديسمبر"
    "|كانون \\S+|شباط|اذار|نيسان|ايار|حزيران|تموز|اب|ايلول|تشرين \\S+"
    "|جانفي|فيفري|افريل|ماي|جوان|جويليه|اوت"
    "|محرم|صفر|ربيع \\S+|جمادي \\S+|رجب|شعبان|رمضان|شوال|ذو \\S+|ذي \\S+"
    "|january|jan|february|feb|march|mar|april|apr|june|jun|july|jul|august|aug"
    "|september|sept|sep|october|oct|november|nov|december|dec"
)
# A date or a time as a dateline writes it: 12/5/2024, 2024-05-12, 12-5, 14:30, 14.30 or
# 14h30 (a time with its word), a day and its month (and year: "12 مايو 2024", "4 ذو القعده
# 1445ه"), May only with its year. Not a lone figure before a word: "3 marines", "2000 راس".
_DATE = re.compile(
    rf"\b\d{{1,4}}[/-]\d{{1,2}}(?:[/-]\d{{1,4}})?\b|\b\d{{1,2}}:\d{{2}}(?::\d{{2}})?\b"
    rf"|(?:الساعه|at)\s+\d{{1,2}}[.h]\d{{2}}\b|\b\d{{1,2}}h\d{{2}}\b"
    rf"|\b\d{{1,2}}\s+(?:{_MONTHS})\b(?:\s+\d{{3,4}}\s*ه?)?|\b\d{{1,2}}\s+may\s+\d{{4}}\b"
    rf"|\b\d{{3,4}}\s*ه\b",
    re.IGNORECASE,
)


def _flash(lines: set[str]) -> bool:
    return len(lines) <= FLASH_LINES and sum(len(line.split()) for line in lines) <= FLASH_WORDS


def _masked(line: str) -> set[str]:
    return set(_FIGURE.sub(" # ", line).split())


# Prefixes that make one word many ("والحكومة", "بالحكومة", "للحكومة"): taken off when
# comparing the words of two texts, so that the same facts in other words meet.
_PREFIXES = ("وال", "بال", "فال", "كال", "لل", "ال", "و")
# Shorter words (particles, prepositions) say nothing about which story a text tells.
CONTENT_CHARS = 3


def _content_words(words: list[str]) -> set[str]:
    stems = set()
    for word in words:
        for prefix in _PREFIXES:
            if word.startswith(prefix) and len(word) - len(prefix) >= CONTENT_CHARS:
                word = word[len(prefix) :]
                break
        if len(word) >= CONTENT_CHARS:
            stems.add(word)
    return stems


def _lines(text: str) -> set[str]:
    return {" ".join(line.split()) for line in text.split("\n") if line.strip()}


def _overlap(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


def candidates_sql(bands: int) -> str:
    """One query for all bands. Spelled as ORs of (band = ? AND key = ?): SQLite answers that
    with a primary-key search per band, while (band, key) IN (VALUES ...) scans the table."""
    match = " OR ".join(["(b.band = ? AND b.key = ?)"] * bands)
    return (
        "SELECT DISTINCT b.article_id, m.signature FROM lsh_bands b"
        f" JOIN minhashes m ON m.article_id = b.article_id WHERE {match}"
    )


class NearDuplicateIndex:
    """The LSH index over root articles, stored in the archive's own tables."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

    def find_root(
        self, sig: Signature, exclude: int | None = None,
        confirm: Callable[[int, bool], bool] | None = None,
    ) -> int | None:  # fmt: skip
        """The best-matching indexed root above THRESHOLD, or None. confirm(root, sure):
        same_story on the two texts, sure when matched at SURE or above; best first."""
        keys = sig.band_keys()
        rows = self.db.execute(
            candidates_sql(len(keys)), [v for pair in keys for v in pair]
        ).fetchall()
        scored = [
            (sig.jaccard(Signature.from_bytes(blob)), article_id)
            for article_id, blob in sorted(rows)
            if article_id != exclude
        ]
        # Best first; of equal scores the earliest root.
        for score, article_id in sorted(scored, key=lambda pair: (-pair[0], pair[1])):
            if score < THRESHOLD:
                break
            if confirm is None or confirm(article_id, score >= SURE):
                return article_id
        return None

    def add(self, article_id: int, sig: Signature) -> None:
        """Index a root that is not indexed yet (an updated one: remove() it first)."""
        self.db.execute(
            "INSERT INTO minhashes (article_id, signature) VALUES (?, ?)",
            [article_id, sig.to_bytes()],
        )
        self.db.conn.executemany(
            "INSERT OR IGNORE INTO lsh_bands (band, key, article_id) VALUES (?, ?, ?)",
            [(band, key, article_id) for band, key in sig.band_keys()],
        )

    def remove(self, article_id: int) -> None:
        self.db.execute("DELETE FROM minhashes WHERE article_id = ?", [article_id])
        self.db.execute("DELETE FROM lsh_bands WHERE article_id = ?", [article_id])
