"""One generated news site: its articles, the pages it serves, its edits and its ground truth.

A family (seeds/varied/families/) subclasses Site and says how its pages look; this module
holds what every family shares: articles spread from hours to years old, sections paginated
deeper than max_depth reaches, the edit phase, and the truth the scorer measures against.
"""

from __future__ import annotations

import hashlib
import math
import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from email.utils import format_datetime
from typing import Any, ClassVar
from urllib.parse import parse_qsl, unquote, urlsplit

from seeds.varied import text

SECTION_PAGES = 5  # listing pages per section: max_depth = 2 alone stops at the second
MAX_AGE_HOURS = 4 * 365 * 24  # the oldest article is about four years old
SIDEBAR_LATEST = 5


@dataclass
class Article:
    n: int  # rank by age: 0 is the newest
    id: int
    title: str
    section: int
    published: datetime  # aware, in the site's time zone
    modified: datetime
    paragraphs: list[str]
    related: list[int]  # ranks of other articles teased on the page
    views: int
    path: str = ""  # set by the family
    previous: list[str] | None = None  # the text before the edit
    origin: str | None = None  # aggregator: the site the story was taken from
    tail: Article | None = None  # aggregator: the other story after "إقرأ أيضاً"


@dataclass(frozen=True)
class ArticleTruth:
    url: str
    title: str
    published: str  # ISO 8601 with the site's offset
    paragraphs: tuple[str, ...]
    previous: tuple[str, ...] | None  # set for an edited article: its text before the edit
    chrome: tuple[str, ...]  # lines of this page that are not its text

    @property
    def date(self) -> str:
        return self.published[:10]


@dataclass(frozen=True)
class SiteTruth:
    family: str
    base: str
    offset: str  # the site's UTC offset, "+03:00"
    articles: dict[str, ArticleTruth]  # by URL
    chrome: tuple[str, ...]  # lines on every article page that are not text

    @property
    def article_urls(self) -> frozenset[str]:
        return frozenset(self.articles)


@dataclass(frozen=True)
class Page:
    body: bytes
    content_type: str
    last_modified: datetime
    status: int = 200

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha1(self.body).hexdigest()[:16] + '"'

    @property
    def http_date(self) -> str:
        return format_datetime(self.last_modified.astimezone(UTC), usegmt=True)


def page_key(target: str) -> str:
    """A request target as the site looks it up: percent-decoded path, query pairs sorted
    (a crawler may reorder parameters, never rename them)."""
    parts = urlsplit(target)
    pairs = sorted(parse_qsl(parts.query, keep_blank_values=True))
    query = "&".join(f"{k}={v}" for k, v in pairs)
    return unquote(parts.path or "/") + (f"?{query}" if query else "")


class Site:
    """A news site of one template family. Subclasses fill in the abstract hooks."""

    family: ClassVar[str] = ""
    name: ClassVar[str] = ""  # the site's name, in Arabic
    offset_hours: ClassVar[int] = 3
    sections: ClassVar[tuple[tuple[str, str], ...]] = (
        ("politics", "سياسة"),
        ("economy", "اقتصاد"),
        ("local", "محليات"),
    )
    article_pattern: ClassVar[str] = ""

    def __init__(
        self, base: str, rng: random.Random, titles: Iterable[str], count: int, now: datetime
    ) -> None:
        self.base = base.rstrip("/")
        self.rng = rng
        self.tz = timezone(timedelta(hours=self.offset_hours))
        self.now = now.astimezone(self.tz).replace(microsecond=0)
        self.built = self.now - timedelta(hours=MAX_AGE_HOURS + 24)
        self.articles = self._articles(iter(titles), count)
        for article in self.articles:
            article.path = self.article_path(article)
        self.pages: dict[str, Page] = {}
        self.render()

    # -- the articles -------------------------------------------------------

    def _articles(self, titles: Any, count: int) -> list[Article]:
        rng = self.rng
        # Ages log-uniform from one hour to four years, one in each of `count` equal strata:
        # every site has articles hours old and articles years old.
        span = math.log(MAX_AGE_HOURS)
        hours = [math.exp(span * (i + rng.random()) / count) for i in range(count)]
        first_id = rng.randrange(10_000, 90_000)
        out = []
        for n, age in enumerate(hours):
            when = (self.now - timedelta(hours=age)).replace(second=0, microsecond=0)
            out.append(
                Article(
                    n=n,
                    id=first_id + (count - n) * 7 + rng.randint(0, 6),
                    title=next(titles),
                    section=n % len(self.sections),
                    published=when,
                    modified=when,
                    paragraphs=self.story(n),
                    related=rng.sample([i for i in range(count) if i != n], min(4, count - 1)),
                    views=rng.randint(40, 20_000),
                )
            )
        return out

    def story(self, n: int) -> list[str]:
        return text.paragraphs(self.rng)

    def section_articles(self, section: int) -> list[Article]:
        return [a for a in self.articles if a.section == section]

    def section_pages(self, section: int) -> list[list[Article]]:
        """A section's listing, newest first, cut into SECTION_PAGES pages."""
        items = self.section_articles(section)
        size = max(1, math.ceil(len(items) / SECTION_PAGES))
        return [items[i : i + size] for i in range(0, len(items), size)] or [[]]

    def latest(self, count: int = SIDEBAR_LATEST) -> list[Article]:
        return self.articles[:count]

    def by_change(self, count: int | None = None) -> list[Article]:
        """Newest change first: how feeds that re-push edited items order them."""
        ordered = sorted(self.articles, key=lambda a: (a.modified, -a.n), reverse=True)
        return ordered[:count] if count else ordered

    def url(self, path: str) -> str:
        return self.base + path

    def changed(self, articles: Iterable[Article]) -> datetime:
        return max((a.modified for a in articles), default=self.built)

    # -- what a family provides ---------------------------------------------

    def article_path(self, article: Article) -> str:
        raise NotImplementedError

    def build_pages(self) -> dict[str, Page]:
        raise NotImplementedError

    def chrome_lines(self) -> list[str]:
        """Fixed chrome lines of every article page (the family's nav, prompts, footer)."""
        raise NotImplementedError

    def article_chrome(self, article: Article) -> list[str]:
        """Chrome lines of one article page besides the fixed ones."""
        related = [self.articles[i].title for i in article.related]
        return related + [a.title for a in self.latest() if a is not article]

    def canonical_url(self, article: Article) -> str:
        return self.url(article.path)

    def sources_entry(self) -> dict[str, Any]:
        """This site's [sources.<id>] table for arshif."""
        raise NotImplementedError

    # -- serving, editing, truth --------------------------------------------

    def render(self) -> None:
        self.pages = {page_key(k): v for k, v in self.build_pages().items()}

    def lookup(self, target: str) -> Page | None:
        return self.pages.get(page_key(target))

    def edit(self, fraction: float = 0.1, now: datetime | None = None) -> list[Article]:
        """Edit `fraction` of the articles, spread evenly over ages: one paragraph replaced,
        one added; the page's validators and every date signal the family has move."""
        when = (now or datetime.now(UTC)).astimezone(self.tz).replace(microsecond=0)
        total = len(self.articles)
        count = max(1, round(total * fraction))
        picked = sorted({int((i + 0.5) * total / count) for i in range(count)})
        edited = []
        for n in picked:
            article = self.articles[n]
            article.previous = list(article.paragraphs)
            middle = len(article.paragraphs) // 2
            article.paragraphs[middle] = text.paragraph(self.rng)
            article.paragraphs.append(text.paragraph(self.rng))
            article.modified = when
            edited.append(article)
        self.render()
        return edited

    def truth(self) -> SiteTruth:
        body_text = "\n".join(
            p for a in self.articles for p in [*a.paragraphs, *(a.previous or [])]
        )
        fixed = tuple(line for line in self.chrome_lines() if line not in body_text)
        articles = {}
        for a in self.articles:
            own = "\n".join([*a.paragraphs, *(a.previous or []), a.title])
            chrome = tuple(dict.fromkeys(c for c in self.article_chrome(a) if c not in own))
            url = self.canonical_url(a)
            articles[url] = ArticleTruth(
                url=url,
                title=a.title,
                published=a.published.isoformat(),
                paragraphs=tuple(a.paragraphs),
                previous=tuple(a.previous) if a.previous else None,
                chrome=chrome,
            )
        offset = self.now.isoformat()[-6:]
        return SiteTruth(self.family, self.base, offset, articles, fixed)


@dataclass
class Web:
    """Every generated site, by family."""

    sites: list[Site] = field(default_factory=list)

    def truth(self) -> dict[str, SiteTruth]:
        return {s.family: s.truth() for s in self.sites}

    def edit(self, fraction: float = 0.1, now: datetime | None = None) -> dict[str, list[str]]:
        """The edit phase on every site: canonical URLs of the edited articles, by family."""
        return {s.family: [s.canonical_url(a) for a in s.edit(fraction, now)] for s in self.sites}
