"""What a crawl takes over from the source's last crawls, and what it leaves to the next one
(the archive's `pending` rows): the new articles found and not archived — never asked (a page
budget, a time limit, a stop), asked and not answered, or failed by a passing trouble (a
timeout, a 5xx, a 429, the site down) — and the next pages of sections and the child sitemaps
not reached.

The spider tells it what happens to each new article and next page; the recorder keeps the
found ones with each batch (a crawl killed before its end leaves them) and, at the end, the
rows it returns in place of the source's (crawler.recorder)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

from crawler.frontier import Waiting, now_utc


class Leftovers:
    def __init__(self, source_id: str, attempts: int, keep: int, wait: float) -> None:
        """attempts: crawls an article may fail in before it is given up, once it has waited
        wait seconds since it was found; keep: new articles kept as found, at most (the
        pending table's bound for the source)."""
        self.source_id = source_id
        self.attempts = attempts
        self.keep = keep
        self.wait = wait
        # What the last crawls left, by key, and of it what this run has not looked at yet.
        self.carried: dict[str, dict] = {}
        self.unreached: dict[str, dict] = {}
        self.asked: dict[str, Waiting] = {}  # new articles handed to Scrapy, not answered yet
        self.failed: dict[str, Waiting] = {}  # of them, those a passing trouble failed
        self.found: list[Waiting] = []  # new articles found since the recorder took them
        self.kept = 0  # new articles kept as found, in all
        self.answers = 0  # article pages the site answered in this run
        # A section's next pages asked and not answered (or failed by a passing trouble):
        # URL -> its chain's first page and listing depth.
        self.paging: dict[str, tuple[str, int]] = {}
        # A sitemap index's children asked and not answered (or failed by a passing trouble):
        # URL -> the lastmod its index gave, its index, its depth.
        self.sitemaps: dict[str, tuple[str | None, str, int]] = {}

    def take_over(self, rows: list[dict]) -> None:
        """All at once: a run that ends before it looked at some leaves them as they were."""
        self.carried = {row["url"]: row for row in rows}
        self.unreached = dict(self.carried)

    def reached(self, key: str) -> None:
        self.unreached.pop(key, None)

    def overflowed(self) -> bool:
        """Were new articles found past what is kept for the next crawl (ARSHIF_MAX_PENDING)?
        Then a sitemap read in a run cut short is not settled: not all it lists is kept."""
        return self.kept >= self.keep

    def new(self, article: Waiting) -> None:
        if self.kept < self.keep:
            self.kept += 1
            self.found.append(article)

    def drain(self, hints: dict[str, str], unsure: set[str]) -> list[dict]:
        """The new articles found since the last call, as pending rows (unsure: the keys of
        links off the article pattern, asked for where they lead: kind 'link')."""
        found, self.found = self.found, []
        return [{"source": self.source_id, **_row(a, hints, unsure)} for a in found]

    def left(
        self, reason: str, site_answered: bool, waiting: Iterable[Waiting],
        hints: dict[str, str], unsure: set[str], give_up: Callable[[Waiting, int], None],
    ) -> tuple[list[dict], int]:  # fmt: skip
        """The rows this run leaves for the next crawl, and how many articles it leaves
        (with the re-checks it did not do, and the child sitemaps it did not read). waiting:
        the frontier's articles never asked. A failure counts only in a crawl where the site
        answered (a listing, a feed, another article): an outage, the crawler's own network
        down, give up nothing; and an article is given up only once it has waited self.wait:
        nor does a maintenance window of 503s behind listings a cache still serves."""
        self.found = []  # what follows replaces all the run kept as it went
        # (those asked in the order the frontier handed them out, as those never asked)
        left = [*self.failed.values()]
        if reason != "finished":
            left += [*self.asked.values()]
        left = sorted(left, key=lambda article: article.step)
        if reason != "finished":
            left += waiting
        counted = site_answered or self.answers > 0
        rows: dict[str, dict] = {url: dict(row) for url, row in self.unreached.items()}
        rechecks = 0
        for article in left:
            if article.key in rows:
                continue
            if article.archived_id is not None:
                rechecks += 1
                continue
            before = self.carried.get(article.key, {})
            attempts = before.get("attempts", 0) + (counted and article.key in self.failed)
            if attempts >= self.attempts and self._waited(before):
                give_up(article, attempts)
                continue
            rows[article.key] = {
                **_row(article, hints, unsure), "attempts": attempts,
                **({"found_at": before["found_at"]} if before else {}),
            }  # fmt: skip
        for url, (chain, depth) in self.paging.items():
            before = self.carried.get(url, {})
            attempts = before.get("attempts", 0) + (reason == "finished")  # asked, unanswered
            if attempts < self.attempts and url not in rows:
                rows[url] = {"url": url, "fetch_url": url, "kind": "listing", "via": chain,
                             "depth": depth, "attempts": attempts}  # fmt: skip
        self._sitemaps(reason, rows)
        articles = sum(row.get("kind") != "listing" for row in rows.values())
        # The longest waiting first: a later run's own listings name the newest again.
        order = {key: i for i, key in enumerate(self.carried)}
        return sorted(rows.values(), key=lambda r: order.get(r["url"], len(order))), (
            articles + rechecks
        )

    def _sitemaps(self, reason: str, rows: dict[str, dict]) -> None:
        """The child sitemaps not read, added to rows (kind 'sitemap': hint_date the lastmod
        its index gave, via the index): the next run reads them first, newest first. Each
        counts as one in `articles_left` (what they list is not known): a run that left maps
        unread never says "left 0"."""
        for url, (lastmod, index, depth) in self.sitemaps.items():
            before = self.carried.get(url, {})
            attempts = before.get("attempts", 0) + (reason == "finished")  # asked, unanswered
            if attempts < self.attempts and url not in rows:
                rows[url] = {"url": url, "fetch_url": url, "kind": "sitemap", "hint_date": lastmod,
                             "via": index, "depth": depth, "attempts": attempts}  # fmt: skip

    def _waited(self, before: dict) -> bool:
        found = before.get("found_at")
        if not found:
            return self.wait <= 0
        return (now_utc() - datetime.fromisoformat(found)).total_seconds() >= self.wait


def _row(article: Waiting, hints: dict[str, str], unsure: set[str]) -> dict:
    return {
        "url": article.key,
        "fetch_url": article.url,
        "kind": "link" if article.key in unsure else "article",
        "hint_date": article.hint_date or hints.get(article.key),
    }
