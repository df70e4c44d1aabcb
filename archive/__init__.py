"""The archive layer: everything that touches SQLite. Never imports crawler or Scrapy."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from archive.store import Archive, ArticleRecord, Batch, Capture, Displaced, Outcome

__all__ = ["Archive", "ArticleRecord", "Batch", "Capture", "Displaced", "Outcome"]


def __getattr__(name: str) -> Any:
    # Lazy: extraction workers import archive.dedup and archive.normalize only, and should
    # not carry sqlite-utils (and what it imports) in every process.
    if name in __all__:
        from archive import store

        return getattr(store, name)
    raise AttributeError(f"module 'archive' has no attribute {name!r}")
