"""A source that lists no feeds or sitemaps: what the site declares about itself."""

from __future__ import annotations

from crawler.autodiscover import feed_links, sitemap_urls


def test_feeds_declared_in_link_alternate_are_found_absolute() -> None:
    page = """<html><head>
    <link rel="alternate" type="application/rss+xml" title="الخلاصة" href="/feed/">
    <link rel="alternate" type="application/atom+xml" href="https://blog.example/feeds/posts/default">
    <link rel="alternate" hreflang="en" href="/en/">
    <link rel="stylesheet" type="text/css" href="/style.css">
    <link rel="alternate" type="application/rss+xml" href="/feed/">
    </head><body></body></html>"""
    assert feed_links(page, "https://blog.example/2024/12/post.html") == [
        "https://blog.example/feed/",
        "https://blog.example/feeds/posts/default",
    ]


def test_a_page_without_declared_feeds_has_none() -> None:
    assert feed_links(b"<html><head><title>x</title></head></html>", "https://a.example/") == []


def test_sitemap_lines_of_robots_txt() -> None:
    """As Scrapy's robots.txt parser (Protego) reads them: comments skipped, any case."""
    from protego import Protego

    robots = (
        "User-agent: *\nDisallow: /wp-admin/\n\nSitemap: https://a.example/wp-sitemap.xml\n"
        "sitemap:https://a.example/news-sitemap.xml\n# Sitemap: https://a.example/old.xml\n"
        "Sitemap: https://a.example/wp-sitemap.xml\nSitemap: /relative.xml\n"
    )
    at = "https://a.example/robots.txt"
    assert sitemap_urls(Protego.parse(robots).sitemaps, at) == [
        "https://a.example/wp-sitemap.xml",
        "https://a.example/news-sitemap.xml",
        "https://a.example/relative.xml",  # read against the robots.txt's address
    ]
    assert sitemap_urls(Protego.parse("User-agent: *\nDisallow:\n").sitemaps, at) == []
