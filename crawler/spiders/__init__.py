"""Spiders: one generic NewsSpider, configured by a source from the sources file."""

from __future__ import annotations

from crawler.spiders.news import NewsSpider, spider_for

__all__ = ["NewsSpider", "spider_for"]
