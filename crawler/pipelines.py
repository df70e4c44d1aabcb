"""From a fetched article page to an archived article: extract, then hand to the archive."""

from __future__ import annotations

import logging
import os
from typing import Any

from twisted.internet import task

from archive import Archive, ArticleRecord, Capture
from crawler.canonical import canonical_url, in_domains
from crawler.extract import ExtractFailure, ExtractOptions
from crawler.extract.dates import parse_date
from crawler.extract.pool import ExtractionPool
from crawler.runner import BATCH_SECONDS, RunContext

logger = logging.getLogger(__name__)


class ArchivePipeline:
    pool: ExtractionPool

    async def process_item(self, item: dict, spider: Any = None) -> dict:
        spider = spider or self.crawler.spider
        run, source = spider.run, spider.source
        options = ExtractOptions(source.body_selector, source.drop_selectors)
        content_type = item["headers"].get("Content-Type")
        prepared = await self.pool.extract(item["body"], item["url"], content_type, options)
        result = prepared.result
        if isinstance(result, ExtractFailure):
            run.error(item["url"], f"extract_{result.kind}", result.message)
            return item
        url = item["canonical"]
        if run.fatal_error:
            return item
        declared = result.canonical and canonical_url(result.canonical, source.url_rewrites)
        # rel=canonical wins only when it points at an article of this source that this
        # crawl does not fetch on its own and that is not another story: a template that
        # points every page at one URL must not merge different articles into one row.
        if (
            declared
            and declared != url
            and declared not in spider.seen_articles
            and in_domains(declared, source.allowed_domains)
            and source.is_article(declared)
            and not run.guard(run.archive.holds_other_story, declared, result.text, default=True)
        ):
            url = declared
        published, raw, origin = result.published_at, result.published_raw, result.published_from
        if published is None and item.get("hint_date"):
            published, raw, origin = parse_date(item["hint_date"]), item["hint_date"], "feed"
        record = ArticleRecord(
            url=url,
            source=source.id,
            title=result.title,
            text=result.text,
            published_at=published,
            published_raw=raw if published else None,
            published_from=origin if published else None,
            authors=result.authors,
            language=result.language,
            fetched_url=item["url"],
            etag=item["headers"].get("Etag") or item["headers"].get("ETag"),
            last_modified=item["headers"].get("Last-Modified"),
            content_hash=prepared.content_hash,
            minhash=prepared.minhash,
            search_title=prepared.search_title,
            search_text=prepared.search_text,
        )
        capture = Capture(
            url=item["url"],
            status=item["status"],
            headers=item["headers"],
            body=item["body"],
            fetched_at=item["fetched_at"],
            encoding=result.encoding,
            body_zlib=prepared.body_zlib,
        )
        run.archive_article(record, capture)  # committed with the next batch
        return item

    @classmethod
    def from_crawler(cls, crawler: Any) -> ArchivePipeline:
        pipeline = cls()
        pipeline.crawler = crawler
        return pipeline

    def open_spider(self, spider: Any = None) -> None:
        """Under plain `scrapy crawl`, nobody opened a run (or a pool): open them here."""
        spider = spider or self.crawler.spider
        self.owns_run = spider.run is None
        shared = getattr(spider.run, "pool", None)
        settings = self.crawler.settings
        workers = settings.get("ARSHIF_EXTRACT_WORKERS")
        self.owns_pool = shared is None
        self.pool = shared or ExtractionPool(
            None if workers is None else int(workers),
            settings.getfloat("ARSHIF_EXTRACT_TIMEOUT", 60.0),
        )
        if self.owns_run:
            archive = Archive(
                self.crawler.settings.get("ARSHIF_DB", "archive.db"), bulk_writer=True
            )
            run_id = archive.start_run(spider.source.id, os.getpid())
            spider.run = RunContext(archive, spider.source, run_id)
        self.flusher = task.LoopingCall(spider.run.flush_if_stale)
        self.flusher.start(BATCH_SECONDS / 2, now=False)

    def close_spider(self, spider: Any = None) -> None:
        spider = spider or self.crawler.spider
        if self.flusher.running:
            self.flusher.stop()
        spider.run.flush()
        if self.owns_pool:
            self.pool.close()
        if self.owns_run:
            stats = self.crawler.stats.get_value("finish_reason") or "finished"
            spider.run.finish(stats)
            spider.run.archive.close()
