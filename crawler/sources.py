"""The sources file: load, validate, and describe each source as a frozen Source."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit

from apscheduler.triggers.cron import CronTrigger
from w3lib.url import safe_url_string

from crawler.canonical import (
    ascii_host,
    canonical_url,
    host_of,
    in_domains,
    is_host_name,
    is_ip_address,
)
from crawler.patterns import SlowPattern, check_speed

_INTERVAL = re.compile(r"^(\d+)\s*([smhd])$")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_ID = re.compile(r"[a-z0-9][a-z0-9_-]*")  # (fullmatch: "$" passes a final newline)
# "Lowercase letters" alone let an Arabic id (letters without case) seem allowed.
ID_RULE = (
    "id must be ASCII lowercase letters a-z, digits, '-' or '_' (the site's own name goes in name)"
)
# A table header whose bare id TOML refuses (letters past ASCII): said as the id's rule, not
# as TOML's "Invalid initial character for a key part".
_HEADER = re.compile(r"\s*\[\s*sources\s*\.\s*([^\]\s\"'.]+)\s*\]")
_AT_LINE = re.compile(r"\(at line (\d+), column \d+\)")
MAX_ID_CHARS = 100
# The longest age or duration a source may name (a hundred years): dates past it overflow.
MAX_DAYS = 36500
# The largest count a source may name (pages, depth, bytes, articles per run).
MAX_COUNT = 10**12


class SourcesError(Exception):
    """The sources file is missing or has a bad entry; the message names source and key."""


@dataclass(frozen=True)
class Schedule:
    text: str
    interval_seconds: int | None = None  # None: a cron expression

    @property
    def period_seconds(self) -> int:
        """How often it fires; for cron, the gap between the next two fire times."""
        if self.interval_seconds is not None:
            return self.interval_seconds
        trigger = CronTrigger.from_crontab(self.text, timezone=UTC)
        first = trigger.get_next_fire_time(None, datetime.now(UTC))
        second = trigger.get_next_fire_time(first, first)
        assert first and second
        return int((second - first).total_seconds())


def parse_duration(text: str) -> int:
    """'45s', '15m', '2h', '1d' as seconds."""
    match = _INTERVAL.match(text.strip()) if isinstance(text, str) else None
    if not match:
        raise ValueError(f"not a duration: {text!r}")
    if int(match[1]) <= 0:
        raise ValueError(f"{text!r} must be longer than 0")
    seconds = int(match[1]) * _UNITS[match[2]]
    if seconds > MAX_DAYS * 86400:
        raise ValueError(f"{text!r} is longer than {MAX_DAYS} days")
    return seconds


def parse_schedule(text: str) -> Schedule:
    if _INTERVAL.match(text.strip()):
        return Schedule(text, parse_duration(text))
    if len(text.split()) != 5:
        raise ValueError('expected a 5-field cron expression or an interval like "15m"')
    trigger = CronTrigger.from_crontab(text, timezone=UTC)  # raises naming the bad field
    first = trigger.get_next_fire_time(None, datetime.now(UTC))
    if first is None or trigger.get_next_fire_time(first, first) is None:
        raise ValueError(f"the cron expression {text!r} never fires (no such date)")
    return Schedule(text, None)


@dataclass(frozen=True)
class Source:
    id: str
    name: str
    article_url_pattern: re.Pattern[str]
    start_urls: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    allowed_domains: tuple[str, ...] = ()
    schedule: Schedule = field(default_factory=lambda: Schedule("1h", 3600))
    download_delay: float = 1.0
    concurrency: int = 2
    max_pages: int = 5000
    max_depth: int = 2
    exclude_url_pattern: re.Pattern[str] | None = None
    url_rewrites: tuple[tuple[re.Pattern[str], str], ...] = ()
    body_selector: str | None = None
    drop_selectors: tuple[str, ...] = ()
    recheck_days: float = 0.0  # also re-check, on every run, articles published this recently
    # Re-check an archived article once each of these ages (seconds since we first saw it)
    # has passed: edits come mostly in the first hours, a few days later at most.
    recheck_after: tuple[float, ...] = (3600, 6 * 3600, 86400, 3 * 86400, 7 * 86400)
    # And, beyond those, each run re-checks this many older articles not fetched for
    # revisit_after, in a round through the archive: an edit of any age is seen in the end.
    revisit_per_run: int = 20
    revisit_after: float = 30 * 86400
    # On a re-crawl, a section's pagination stops after this many pages of known articles.
    stop_after_known_pages: int = 2
    # But once the last walk of every section to its end is older than this, a run walks
    # them whole again: a story put deep into a section (inserted, backdated) that no feed or
    # sitemap names is found within this time. 0: never again after the first crawl.
    full_walk_after: float = 7 * 86400
    max_response_bytes: int = 10 * 1024 * 1024
    timeout: float = 30.0
    # Hosts the sources file named for this source beyond its discovery URLs: a trial run
    # (crawler.trial) keeps them when it replaces the discovery URLs with the one it tries.
    named_hosts: frozenset[str] = frozenset()

    @property
    def discovery_urls(self) -> tuple[str, ...]:
        return self.start_urls + self.feeds + self.sitemaps

    @cached_property  # asked for every request (crawler.middlewares.ContainmentMiddleware)
    def configured_hosts(self) -> frozenset[str]:
        """Hosts named explicitly in the file: these may be fetched even if private (an
        address written in allowed_domains is one; a domain name is not: what it resolves
        to is not named)."""
        named = {host_of(u) for u in self.discovery_urls} | self.named_hosts
        named |= {domain for domain in self.allowed_domains if is_ip_address(domain)}
        return frozenset(named - {""})

    @cached_property
    def secure_hosts(self) -> frozenset[str]:
        """Hosts the sources file names over https only: the site's own, which an old
        hard-coded "http://" link on it means too."""
        plain = {host_of(u) for u in self.discovery_urls if u.startswith("http://")}
        return frozenset(
            {host_of(u) for u in self.discovery_urls if u.startswith("https://")} - plain
        )

    def in_its_scheme(self, url: str) -> str:
        """The link over https when the source's discovery URLs give its host over https
        alone: the same article the https links reach (linked both ways, it was fetched
        twice and stored twice, the http copy a duplicate of the other)."""
        if not url.startswith("http://") or host_of(url) not in self.secure_hosts:
            return url
        parts = urlsplit(url)
        if parts.port not in (None, 80):
            return url  # a port of its own: another server than the https one
        return urlunsplit(parts._replace(scheme="https", netloc=parts.netloc.removesuffix(":80")))

    def is_article(self, url: str) -> bool:
        """A link as written; or, when it carries what the archive's key drops (tracking
        parameters, a fragment: "/news/5/?utm_source=x" of a pattern '/news/\\d+/$'), its key."""
        if self._written_article(url):
            return True
        return ("?" in url or "#" in url) and self.is_article_key(self.key(url))

    def _written_article(self, url: str) -> bool:
        if url.count("/") > MAX_SLASHES:
            return False  # a trap's endless path; and a loose pattern's cost grows with it
        forms = _written_forms(url)
        if self.exclude_url_pattern and any(map(self.exclude_url_pattern.search, forms)):
            return False
        return any(map(self.article_url_pattern.search, forms))

    def key(self, url: str) -> str:
        """The archive's key for a URL of this source: at its home host (at_home),
        canonical, then its own rewrites."""
        return canonical_url(self.at_home(url), self.url_rewrites)

    def at_home(self, url: str) -> str:
        """The URL at the scheme and host the sources file gives the source's site: its
        "www." twin and its other scheme are the same address ("http://old.test/news.php?id=5"
        is "https://www.old.test/news.php?id=5" when the file names that). In the key only:
        a link is fetched as written. Another port, or a host the file names over both
        schemes, keeps its own scheme."""
        scheme, sep, rest = url.partition("://")
        host = rest.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
        if not sep or ":" in host or "@" in host:
            return url
        home = self._home_of(host.lower().rstrip("."))
        if home is None:
            return url
        at = f"{home[0] or scheme.lower()}://{home[1]}"
        return url if url.startswith(at) and len(host) == len(home[1]) else at + rest[len(host) :]

    def _home_of(self, host: str) -> tuple[str | None, str] | None:
        """The home (scheme, host) of a link's host: its own, its "www." twin's, or, for a
        mobile or AMP mirror of a home host ("m.site.com"), that host's."""
        bare = host.removeprefix("www.")
        home = self.home_hosts.get(bare)
        if home is not None:
            return home
        mirrored = _mirrored(bare)
        return None if mirrored is None else self.home_hosts.get(mirrored)

    def is_mirror(self, url: str) -> bool:
        """Is the address at a mirror host (_mirrored) that the key folds into a home host?"""
        host = host_of(url).rstrip(".").removeprefix("www.")
        return host not in self.home_hosts and self._home_of(host) is not None

    def own_key(self, url: str) -> str:
        """The key of an address at a mirror host kept at that host: where its page goes when
        it tells another story than the home host's page at its path (the host is no mirror
        after all)."""
        return canonical_url(self.in_its_scheme(url), self.url_rewrites)

    @cached_property
    def home_hosts(self) -> dict[str, tuple[str | None, str]]:
        """A host without its "www." -> the scheme (None: the file gives both) and the host
        the discovery URLs give it, the first one's (no port of their own). A mirror the file
        names beside its home host (both as start URLs) is that host's (_mirrored)."""
        homes: dict[str, tuple[str | None, str]] = {}
        urls = self.discovery_urls
        named = {host_of(u).rstrip(".").removeprefix("www.") for u in urls}
        for url in sorted(urls, key=lambda u: _mirrored(host_of(u)) in named):
            parts = urlsplit(url)
            host = (parts.hostname or "").rstrip(".")
            if not host or parts.port is not None or not host.isascii():
                continue
            bare = host.removeprefix("www.")
            if _mirrored(bare) in homes:
                continue  # its home host's address is the key: its scheme is that one's
            scheme = parts.scheme.lower()
            held = homes.setdefault(bare, (scheme, host))
            if held[0] not in (None, scheme):
                homes[bare] = (None, held[1])
        return homes

    def leads_to_article(self, url: str, page: str | None = None) -> bool:
        """Is the address a request ended at (a redirect's), or one a page declares (its
        rel=canonical), one of the source's articles? Asked by its key; and with the slash
        the address ends in (which the key drops), "$" or not, unless it is a folder above
        the page's own address (a loose pattern's section: "/2024/11/" of "/2024/11/102")."""
        key = self.key(url)
        if self.is_article_key(key):
            return True
        path = urlsplit(url).path
        if not path.endswith("/") or not self._article_with_slash(key):
            return False
        return page is None or not urlsplit(page).path.startswith(path)

    def is_article_key(self, key: str) -> bool:
        r"""is_article for an archive's key (crawler.canonical), which has no trailing slash
        ("/news/5/" is "/news/5"): a pattern written for the address as the site links it
        ('/news/\d+/$') still knows it. Links are asked as written (is_article): "/page/2"
        is no "/page/2/"."""
        if self._written_article(key):
            return True
        # Only for a pattern that asks for the slash at the end: "/news/" names a section too.
        return "/$" in self.article_url_pattern.pattern and self._article_with_slash(key)

    def _article_with_slash(self, key: str) -> bool:
        """The key with the trailing slash it dropped is an article as written."""
        return not key.endswith("/") and "?" not in key and self._written_article(key + "/")


# Hosts that, by a convention older than responsive pages, serve a site's own pages for phones
# ("m.", "mobile.") or as AMP ("amp."), path for path: "m.site.com/news/5" is
# "www.site.com/news/5". Only these prefixes: another subdomain ("sport.site.com") is a
# section with articles of its own, which the source's domains take in as they are. The key
# folds the mirror into its home host (one row, one download); the page proves it, as a
# canonical is borne out: one fetched at the mirror that tells another story than the row at
# its key is stored at its own address (crawler.pipelines: ExtractPipeline._url).
MIRROR_PREFIXES = ("m.", "mobile.", "amp.")


def _mirrored(host: str) -> str | None:
    """The host a mirror host mirrors, without its "www." ("m.site.com": "site.com")."""
    for prefix in MIRROR_PREFIXES:
        if host.startswith(prefix) and "." in host[len(prefix) :]:
            return host[len(prefix) :].removeprefix("www.")
    return None


# Percent-escapes but of the characters that delimit an address ("/", "?", "#", "&", "=",
# "%"): the letters of a non-Latin path in UTF-8, spaces, apostrophes.
_LETTERS = re.compile(r"(?:%(?!2[fF]|3[fF]|23|26|3[dD]|25)[0-9a-fA-F]{2})+")
_ESCAPE = re.compile(r"%[0-9A-F]{2}")


# No article's address has this many slashes; a crawler trap's ("/a/a/a/…") may, and a
# loosely written pattern (`.*/.*/.*/\d+`) takes time that grows as their fourth power.
MAX_SLASHES = 32


@lru_cache(maxsize=1 << 14)
def _written_forms(url: str) -> tuple[str, ...]:
    """A URL as links write it: a pattern in Arabic letters matches a link written
    percent-encoded (as WordPress and sitemaps write them), and a pattern copied encoded from
    an address bar matches a link written in letters."""
    if url.isascii() and "%" not in url:
        return (url,)
    # Not the delimiters: an address in a query ("?ReturnUrl=%2Fstory%2F5") stays encoded.
    decoded = _LETTERS.sub(lambda m: unquote(m[0]), url)
    encoded = safe_url_string(decoded)
    # WordPress writes its escapes in lower case, browsers and sitemaps in upper case.
    lower = _ESCAPE.sub(lambda m: m[0].lower(), encoded)
    return tuple(dict.fromkeys((url, decoded, encoded, lower)))


_KEYS: dict[str, tuple[type | tuple[type, ...], bool]] = {
    "name": (str, True),
    "article_url_pattern": (str, True),
    "start_urls": (list, False),
    "feeds": (list, False),
    "sitemaps": (list, False),
    "allowed_domains": (list, False),
    "schedule": (str, False),
    "download_delay": ((int, float), False),
    "concurrency": (int, False),
    "max_pages": (int, False),
    "max_depth": (int, False),
    "exclude_url_pattern": (str, False),
    "url_rewrites": (list, False),
    "body_selector": (str, False),
    "drop_selectors": (list, False),
    "recheck_days": ((int, float), False),
    "recheck_after": (list, False),
    "revisit_per_run": (int, False),
    "revisit_after": (str, False),
    "stop_after_known_pages": (int, False),
    "full_walk_after": ((str, int), False),
    "max_response_bytes": (int, False),
    "timeout": ((int, float), False),
}


class _Entry:
    """Validates one [sources.<id>] table, producing errors that name source and key."""

    def __init__(self, path: Path, source_id: str, table: dict[str, Any]) -> None:
        self.where = f"{path}: source {source_id!r}"
        self.id = source_id
        self.table = table

    def fail(self, key: str, problem: str) -> SourcesError:
        return SourcesError(f"{self.where}: key {key!r}: {problem}")

    def check_keys(self) -> None:
        for key in self.table:
            if key not in _KEYS:
                raise self.fail(key, f"unknown key (known: {', '.join(sorted(_KEYS))})")
        for key, (kind, required) in _KEYS.items():
            if key not in self.table:
                if required:
                    raise self.fail(key, "missing (required)")
                continue
            value = self.table[key]
            if not isinstance(value, kind) or isinstance(value, bool):
                got = value if isinstance(value, float) else type(value).__name__
                raise self.fail(key, f"expected {_kind_name(kind)}, got {got}")

    def regex(self, key: str) -> re.Pattern[str] | None:
        if key not in self.table:
            return None
        if not str(self.table[key]).strip():
            raise self.fail(key, "empty: it would match every URL")
        try:
            return self.timely(key, re.compile(self.table[key]))
        except re.error as exc:
            raise self.fail(key, f"bad regular expression: {exc}") from exc

    def timely(self, key: str, pattern: re.Pattern[str]) -> re.Pattern[str]:
        try:
            check_speed(pattern)
        except SlowPattern:
            raise self.fail(
                key,
                f"{pattern.pattern!r} takes too long on some URLs (a repeat inside a "
                "repeat, like (a+)+, or many .* in a row backtrack): simplify it, "
                "e.g. [^/]* for .* within a part of the path",
            ) from None
        return pattern

    def urls(self, key: str) -> tuple[str, ...]:
        values = self.table.get(key, [])
        for url in values:
            try:
                parts = urlsplit(url) if isinstance(url, str) else None
                _ = parts.port if parts is not None else None  # raises when out of range
            except ValueError as exc:  # "http://[::1/", a port past 65535
                raise self.fail(key, f"not a valid URL: {url!r} ({exc})") from exc
            if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
                raise self.fail(key, f"not an http(s) URL: {url!r}")
            if parts.username is not None or parts.password is not None:
                raise self.fail(key, f"a name or password in a URL is not supported: {url!r}")
            if ":" in parts.hostname:
                raise self.fail(key, f"an IPv6 address is not supported, name the host: {url!r}")
            if not is_host_name(parts.hostname) or parts.port == 0:
                raise self.fail(key, f"not a valid host in {url!r}: {parts.netloc!r}")
        return tuple(values)

    def domains(self, key: str) -> tuple[str, ...]:
        """Domains as requests carry their hosts (an Arabic-script one as xn--…)."""
        values = self.strings(key)
        for value in values:
            if any(c in value for c in "/:@ ") or value.startswith("."):
                raise self.fail(key, f"expected a domain such as example.com, not {value!r}")
        return tuple(ascii_host(v) for v in values)

    def strings(self, key: str) -> tuple[str, ...]:
        values = self.table.get(key, [])
        if not all(isinstance(v, str) and v for v in values):
            raise self.fail(key, "expected a list of non-empty strings")
        return tuple(values)

    def selectors(self, key: str) -> tuple[str, ...]:
        """CSS selectors, checked as the extraction compiles them (lxml's cssselect): a bad
        one fails here, not on every page of every crawl."""
        from cssselect import HTMLTranslator, SelectorError

        values = (self.table[key],) if isinstance(self.table.get(key), str) else self.strings(key)
        for selector in values:
            try:
                HTMLTranslator().css_to_xpath(selector)
            except SelectorError as exc:
                raise self.fail(key, f"bad CSS selector {selector!r}: {exc}") from exc
        return values

    def positive(self, key: str, minimum: float = 1, maximum: float | None = None) -> Any:
        value = self.table.get(key, _default(key))
        if not value >= minimum:  # (NaN too)
            raise self.fail(key, f"must be >= {minimum}, got {value}")
        if maximum is None and isinstance(value, int):
            maximum = MAX_COUNT  # SQLite's and Scrapy's integers end somewhere
        if maximum is not None and value > maximum:
            raise self.fail(key, f"must be <= {maximum:g}, got {value}")
        return value

    def durations(self, key: str) -> tuple[float, ...]:
        if key not in self.table:
            return tuple(_default(key))
        try:
            return tuple(sorted(float(parse_duration(v)) for v in self.table[key]))
        except (ValueError, TypeError) as exc:
            raise self.fail(key, f'expected durations like "1h", "6h", "1d": {exc}') from exc

    def duration(self, key: str, off: bool = False) -> float:
        """off: "off" or 0 turns the thing timed off (0.0)."""
        if key not in self.table:
            return float(_default(key))
        value = self.table[key]
        if off and (value in ("off", "0") or (type(value) is int and value == 0)):
            return 0.0
        try:
            return float(parse_duration(value))
        except (ValueError, TypeError) as exc:
            hint = ', or "off"' if off else ""
            raise self.fail(key, f'expected a duration like "30d", "12h"{hint}: {exc}') from exc

    def rewrites(self) -> tuple[tuple[re.Pattern[str], str], ...]:
        out = []
        for pair in self.table.get("url_rewrites", []):
            if not (
                isinstance(pair, list) and len(pair) == 2 and all(isinstance(p, str) for p in pair)
            ):
                raise self.fail("url_rewrites", "each entry must be [pattern, replacement]")
            try:
                pattern = re.compile(pair[0])
            except re.error as exc:
                raise self.fail("url_rewrites", f"bad regular expression: {exc}") from exc
            try:  # the replacement's group references, checked once here, not on every URL
                # "|" after it: matches "" whatever it is, and keeps a leading "(?i)" leading
                re.compile(f"{pattern.pattern}|", pattern.flags).sub(pair[1], "")
            except (re.error, IndexError) as exc:  # IndexError: an unknown \g<name>
                raise self.fail("url_rewrites", f"bad replacement {pair[1]!r}: {exc}") from exc
            out.append((self.timely("url_rewrites", pattern), pair[1]))
        return tuple(out)

    def build(self) -> Source:
        self.check_keys()
        if not _ID.fullmatch(self.id):
            raise SourcesError(f"{self.where}: {ID_RULE}")
        if len(self.id) > MAX_ID_CHARS:
            # it names the source's lock file beside the archive (a file name: 255 bytes)
            raise SourcesError(f"{self.where}: id must be at most {MAX_ID_CHARS} characters")
        start_urls, feeds, sitemaps = (
            self.urls("start_urls"),
            self.urls("feeds"),
            self.urls("sitemaps"),
        )
        if not (start_urls or feeds or sitemaps):
            raise SourcesError(
                f"{self.where}: no discovery URL: give start_urls, feeds or sitemaps"
            )
        try:
            schedule = parse_schedule(self.table.get("schedule", _default("schedule").text))
        except ValueError as exc:
            raise self.fail("schedule", str(exc)) from exc
        hosts = {host_of(u) for u in start_urls + feeds + sitemaps}
        allowed = self.domains("allowed_domains") or tuple(sorted(hosts))
        pattern = self.regex("article_url_pattern")
        assert pattern is not None
        return Source(
            id=self.id,
            name=self.table["name"],
            article_url_pattern=pattern,
            start_urls=start_urls,
            feeds=feeds,
            sitemaps=sitemaps,
            allowed_domains=allowed,
            schedule=schedule,
            download_delay=float(self.positive("download_delay", minimum=0, maximum=86400)),
            concurrency=self.positive("concurrency"),
            max_pages=self.positive("max_pages"),
            max_depth=self.positive("max_depth", minimum=0),
            exclude_url_pattern=self.regex("exclude_url_pattern"),
            url_rewrites=self.rewrites(),
            body_selector=next(iter(self.selectors("body_selector")), None),
            drop_selectors=self.selectors("drop_selectors"),
            recheck_days=float(self.positive("recheck_days", minimum=0)),
            recheck_after=self.durations("recheck_after"),
            revisit_per_run=self.positive("revisit_per_run", minimum=0),
            revisit_after=self.duration("revisit_after"),
            stop_after_known_pages=self.positive("stop_after_known_pages"),
            full_walk_after=self.duration("full_walk_after", off=True),
            max_response_bytes=self.positive("max_response_bytes", minimum=1024),
            timeout=float(self.positive("timeout", minimum=1, maximum=86400)),
        )


def _default(key: str) -> Any:
    """A key's default: the Source field's, the one place it is written."""
    spec = Source.__dataclass_fields__[key]
    return spec.default_factory() if callable(spec.default_factory) else spec.default


def _kind_name(kind: type | tuple[type, ...]) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if kinds == (int,):  # a count: 2.5 requests at once is none
        return "a whole number"
    names = {int: "a number", float: "a number", str: "a string", list: "a list"}
    return " or ".join(dict.fromkeys(names[k] for k in kinds))


def _bare_id_refused(text: str, error: str) -> str | None:
    """The source id of the table header TOML's error points at, when the header is a
    source's whose id TOML refuses unquoted (`[sources.عربي21]`)."""
    at = _AT_LINE.search(error)
    lines = text.splitlines()
    if at is None or not 0 < int(at[1]) <= len(lines):
        return None
    header = _HEADER.match(lines[int(at[1]) - 1])
    return header[1] if header and not header[1].isascii() else None


def load_sources(path: str | Path) -> dict[str, Source]:
    """Parse and validate the whole file; the first problem raises SourcesError."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SourcesError(f"cannot read sources file {path}: {exc.strerror}") from exc
    nul = raw.find(b"\x00")  # (TOML allows no NUL; UTF-16 without a BOM decodes as UTF-8)
    if nul >= 0:
        raise SourcesError(
            f"{path}: not UTF-8 (a NUL byte at offset {nul}: UTF-16, or no text); save it as UTF-8"
        )
    try:
        # utf-8-sig: Windows Notepad starts a UTF-8 file with a byte order mark.
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourcesError(
            f"{path}: not UTF-8 ({exc.reason}: byte 0x{raw[exc.start]:02x} at offset"
            f" {exc.start}); save it as UTF-8"
        ) from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        bad_id = _bare_id_refused(text, str(exc))
        if bad_id is not None:
            raise SourcesError(f"{path}: source {bad_id!r}: {ID_RULE}") from exc
        # tomllib rejects duplicate tables, so a repeated source id lands here too.
        raise SourcesError(f"{path}: not valid TOML: {exc}") from exc
    unknown = set(data) - {"sources"}
    if unknown:
        raise SourcesError(f"{path}: unknown top-level key(s): {', '.join(sorted(unknown))}")
    tables = data.get("sources")
    if not isinstance(tables, dict) or not tables:
        raise SourcesError(f"{path}: no [sources.<id>] tables")
    sources = {}
    for source_id, table in tables.items():
        if not isinstance(table, dict):
            raise SourcesError(f"{path}: source {source_id!r}: expected a table")
        sources[source_id] = _Entry(path, source_id, table).build()
    return sources


def shared_entry_points(sources: list[Source]) -> list[str]:
    """An address two sources both start from (a listing, a feed, a sitemap): an article they
    both find is archived once, under whichever source reads it first, so the split between
    them is chance. Said, not refused: two sections of one site may share a start page."""
    owners: dict[str, tuple[str, list[str]]] = {}  # written with or without its last "/"
    for source in sources:
        for url in [*source.start_urls, *source.feeds, *source.sitemaps]:
            ids = owners.setdefault(url.rstrip("/"), (url, []))[1]
            ids += [] if source.id in ids else [source.id]
    return [
        f"sources {', '.join(ids)} all start from {url}: an article they share is archived"
        " once, under whichever reads it first"
        for url, ids in owners.values()
        if len(ids) > 1
    ]


def outside_domains(sources: list[Source]) -> list[str]:
    """A source whose start pages all lie outside its allowed_domains: the links on them are
    refused, and its crawls archive nothing, said by no error (a typo, another site's name)."""
    return [
        f"source {source.id}: its start pages lie outside allowed_domains"
        f" ({', '.join(source.allowed_domains)}): their links to {host_of(source.start_urls[0])}"
        " are not followed"
        for source in sources
        if source.start_urls
        and not any(in_domains(url, source.allowed_domains) for url in source.start_urls)
    ]


def warnings_about(sources: list[Source]) -> list[str]:
    """What `crawl` and `schedule` say of a set of sources before crawling it (and the
    scheduler again of an edit that brings a new one)."""
    return [*shared_entry_points(sources), *outside_domains(sources)]


def select(sources: dict[str, Source], names: list[str]) -> list[Source]:
    missing = [n for n in names if n not in sources]
    if missing:
        named = ", ".join(repr(n) for n in missing)
        plural = "s" if len(missing) > 1 else ""
        known = ", ".join(sorted(sources))
        raise SourcesError(f"unknown source{plural} {named} (known: {known})")
    return [sources[n] for n in names] if names else list(sources.values())
