"""The archive layer: everything that touches SQLite. Never imports crawler or Scrapy."""

from archive.store import Archive, ArticleRecord, Batch, Capture, Outcome

__all__ = ["Archive", "ArticleRecord", "Batch", "Capture", "Outcome"]
