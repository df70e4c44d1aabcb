"""How trafilatura is asked for a page's main text: its settings, a lower floor for short
pages, and a quick pass before the full cascade.

trafilatura's full cascade compares its own extraction with readability's (and justext's
when it came out short) and retries for recall when the text covers little of the page. On a
small agency page that comparison costs about as much as the extraction itself, and it
changes nothing when the extractor's own answer already holds the page's paragraphs: so the
quick pass (trafilatura's `fast`) goes first, and its answer stands when it holds nearly all
of the page's paragraph text, in several lines, above trafilatura's own floor. Over 1,978
varied pages (the test suite's sites, the real pages, two trials' captures) it stood for 9
pages in 10, and the article text came out the same on every one."""

from __future__ import annotations

from copy import copy
from functools import lru_cache
from typing import Any

from lxml import html

from crawler.extract import attrwalk, basicclean, stoplist

# Embedded posts: pruned before trafilatura sees the page.
PRUNE_XPATH = [
    '//blockquote[contains(@class, "twitter-tweet") or contains(@class, "instagram-media")]',
    '//*[contains(@class, "twitter-tweet")]',
    # Facebook's ("Posted by … on …"), TikTok's, and WordPress's card of another post
    '//*[contains(@class, "fb-post") or contains(@class, "fb-xfbml-parse-ignore")'
    ' or contains(@class, "tiktok-embed") or contains(@class, "wp-embedded-content")]',
]

# Below its MIN_EXTRACTED_SIZE (250 characters) trafilatura takes its main extraction for a
# failure and prefers the whole page's text flattened into one line, headline, byline and
# chrome included: a short flash came out so. The same setting decides whether <div>s are
# paragraphs (when the <p>s hold less than three times it), so the lower floor is used at
# once only for a page whose <p>s hold less than three times the lower floor (both settings
# then say the same about <div>s), and otherwise only to extract again a page that came out
# as one short line, keeping that answer when it splits the line or is a part of it.
TRAFILATURA_FLOOR = 250  # trafilatura's MIN_EXTRACTED_SIZE
MIN_EXTRACTED_CHARS = 80  # as crawler.extract.MIN_TEXT_CHARS: less is no article
SHORT_PAGE_CHARS = 3 * MIN_EXTRACTED_CHARS
FLATTENED_CHARS = 3 * TRAFILATURA_FLOOR

# A flash of one short sentence (crawler.extract.MIN_FLASH_CHARS): below the floor above,
# trafilatura took the page's ticker, longer than the flash, for its text.
MIN_FLASH_EXTRACTED_CHARS = 25

# The quick pass's answer stands when it holds this share of the page's paragraph text.
QUICK_SHARE = 0.9
# trafilatura's quick pass keeps teaser-class blocks when it gathers loose text for a body
# below its floor (its full cascade drops them): on a page with such blocks a short brief came
# out with the teasers' excerpts, long enough to pass for the page. Such a page goes the full
# way. (trafilatura's own test for teaser blocks, written out: it is not public.)
_TEASER_TAGS = frozenset({"div", "p", "section", "span", "ul", "ol"})


def _has_teasers(tree: html.HtmlElement) -> bool:
    names = attrwalk.values(tree, "class", "id")  # (read by attribute: see attrwalk)
    return any("teaser" in v.replace("T", "t") and v.getparent().tag in _TEASER_TAGS for v in names)


def main_text(tree: html.HtmlElement, url: str | None) -> str | None:
    """The page's main text as trafilatura finds it, one line per block; None for none."""
    stoplist.install()
    basicclean.install()
    chars = paragraph_chars(tree)
    if chars < SHORT_PAGE_CHARS:
        # trafilatura's recall retry takes a short text for an under-extraction and goes back
        # for the page's header, ticker and date lines: on a flash, precision is the answer.
        floor = MIN_EXTRACTED_CHARS if chars >= MIN_EXTRACTED_CHARS else MIN_FLASH_EXTRACTED_CHARS
        return _extract(tree, url, floor=floor, precision=True)
    if not _has_teasers(tree):
        quick = _extract(tree, url, fast=True)
        if _holds_page(quick, chars):
            return quick
    text = _extract(tree, url)
    if not text or "\n" in text.strip() or len(text) >= FLATTENED_CHARS:
        return text
    again = _extract(tree, url, floor=MIN_EXTRACTED_CHARS)
    if again and ("\n" in again.strip() or squeezed(again) in squeezed(text)):
        return again
    return text


def _holds_page(quick: str | None, chars: int) -> bool:
    """The quick answer holds nearly all the page's paragraphs, in lines, above the floor."""
    if not quick or "\n" not in quick.strip():
        return False
    return len(quick) >= max(TRAFILATURA_FLOOR, QUICK_SHARE * chars)


def _extract(
    tree: html.HtmlElement, url: str | None, *, floor: int = TRAFILATURA_FLOOR,
    fast: bool = False, precision: bool = False,
) -> str | None:  # fmt: skip
    import trafilatura  # here, not at import: the crawl process itself never extracts

    options = copy(_extractor(floor, fast, precision))  # built once: it reads its config
    options.url = options.source = url
    return trafilatura.extract(tree, options=options, prune_xpath=PRUNE_XPATH)


@lru_cache(maxsize=8)
def _extractor(floor: int, fast: bool, precision: bool) -> Any:
    from trafilatura.settings import DEFAULT_CONFIG, Extractor, use_config

    config = DEFAULT_CONFIG
    if floor != TRAFILATURA_FLOOR:
        config = use_config()
        config.set("DEFAULT", "MIN_EXTRACTED_SIZE", str(floor))
    return Extractor(
        config=config,
        output_format="txt",
        fast=fast,
        precision=precision,
        # True: trafilatura's comment pruning also eats leads; comments are dropped as chrome.
        comments=True,
        tables=False,  # tables of values are paragraphs by now (crawler.extract.text)
        images=False,
        dedup=False,
    )


# What trafilatura removes before it reads the page (its MANUALLY_CLEANED, and navigation):
# a <p> in there (a footer's "about us") does not make a flash a page of text.
# (not <form>: an ASP.NET page holds the whole page in one, article included)
_CLEANED = frozenset({"aside", "footer", "figure", "nav", "menu", "header"})


def paragraph_chars(tree: html.HtmlElement) -> int:
    """Characters of the page's <p>s outside what trafilatura removes before reading."""
    return sum(
        len(p.text_content())
        for p in tree.iter("p")
        if not any(a.tag in _CLEANED for a in p.iterancestors())
    )


def squeezed(text: str) -> str:
    return " ".join(text.split())
