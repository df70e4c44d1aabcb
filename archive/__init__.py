"""The archive layer: everything that touches SQLite. Never imports crawler or Scrapy."""

from archive.store import Archive, ArticleRecord, Capture, Outcome

__all__ = ["Archive", "ArticleRecord", "Capture", "Outcome"]
