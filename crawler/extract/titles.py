"""The headline, without the site-name suffix."""

from __future__ import annotations

import html as htmlentities
import re

from lxml import html

from archive.normalize import tokens

_SEPARATORS = re.compile(r"\s+[|\-–—:«»/\\·•]+\s+")


def _clean(text: str | None) -> str | None:
    """Collapse spaces and undo entities that a template escaped twice (&quot; in text)."""
    if not text:
        return None
    text = " ".join(htmlentities.unescape(text).split())
    return text or None


def _meta(tree: html.HtmlElement, *keys: str) -> str | None:
    for key in keys:
        for attr in ("property", "name"):
            values = tree.xpath(f'//meta[@{attr}="{key}"]/@content')
            if values and _clean(values[0]):
                return _clean(values[0])
    return None


def find_title(tree: html.HtmlElement, json_ld: list[dict]) -> str | None:
    site = _meta(tree, "og:site_name", "application-name")
    meta_title = _meta(tree, "og:title", "twitter:title")
    ld_title = next(
        (_clean(o["headline"]) for o in json_ld if isinstance(o.get("headline"), str)), None
    )
    head_title = _clean(tree.findtext(".//title"))
    described = [strip_site_name(t, site) for t in (meta_title, ld_title, head_title) if t]
    h1s = [t for t in (_clean(h.text_content()) for h in tree.xpath("//h1")) if t]
    for h1 in h1s:
        for candidate in described:
            if tokens(candidate) == tokens(h1):
                return candidate  # same words: the metadata copy has the cleaner punctuation
    for h1 in h1s:
        # The article's h1 is the one the page's own title metadata agrees with.
        if len(h1) >= 8 and (not described or any(_agree(h1, d) for d in described)):
            return h1
    if described:
        return described[0]
    return h1s[0] if h1s else None


def _agree(h1: str, described: str) -> bool:
    """Most words of the shorter title appear in the other one."""
    a, b = set(tokens(h1)), set(tokens(described))
    return bool(a and b) and len(a & b) >= 0.6 * min(len(a), len(b))


def strip_site_name(title: str, site: str | None) -> str:
    """Drop a leading or trailing segment that names the site ("... | عربي21")."""
    parts = _SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    if site and site.strip():
        kept = [p for p in parts if site.strip() not in p and p not in site]
        if kept and len(kept) < len(parts):
            return _rejoin(title, kept)
    # No site name to go by: a short last (or first) segment is the brand.
    for brand, rest in ((parts[-1], parts[:-1]), (parts[0], parts[1:])):
        if len(brand.split()) <= 3 and sum(len(p) for p in rest) > 3 * len(brand):
            return _rejoin(title, rest)
    return title


def _rejoin(title: str, kept: list[str]) -> str:
    start = title.find(kept[0])
    end = title.rfind(kept[-1]) + len(kept[-1])
    return title[start:end].strip()
