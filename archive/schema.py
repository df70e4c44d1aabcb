"""Schema and migrations: small named functions applied in order, tracked by user_version."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import sqlite_utils


def _m001_initial(db: sqlite_utils.Database) -> None:
    db.table("runs").create(
        {
            "id": int,
            "source": str,
            "started_at": str,
            "finished_at": str,
            "status": str,
            "pid": int,
            "pages": int,
            "bytes": int,
            "articles_new": int,
            "articles_updated": int,
            "articles_unchanged": int,
            "articles_duplicate": int,
            "not_modified": int,
            "errors": int,
            "errors_by_kind": str,
            "stop_reason": str,
        },
        pk="id",
        defaults={
            "pages": 0,
            "bytes": 0,
            "articles_new": 0,
            "articles_updated": 0,
            "articles_unchanged": 0,
            "articles_duplicate": 0,
            "not_modified": 0,
            "errors": 0,
            "errors_by_kind": "{}",
        },
    )
    db.table("runs").create_index(["source", "started_at"])
    db.table("captures").create(
        {
            "id": int,
            "url": str,
            "fetched_url": str,
            "status": int,
            "headers": str,
            "fetched_at": str,
            "encoding": str,
            "size": int,
            "body_sha1": str,
            "body_zlib": bytes,
            "run_id": int,
        },
        pk="id",
        foreign_keys=[("run_id", "runs", "id")],
    )
    db.table("captures").create_index(["url"])
    db.table("articles").create(
        {
            "id": int,
            "url": str,
            "source": str,
            "title": str,
            "published_at": str,
            "published_raw": str,
            "published_from": str,
            "text": str,
            "duplicate_of": int,
            "authors": str,
            "language": str,
            "content_hash": str,
            "fetched_url": str,
            "first_seen_at": str,
            "fetched_at": str,
            "updated_at": str,
            "version": int,
            "capture_id": int,
            "run_id": int,
            "etag": str,
            "last_modified": str,
        },
        pk="id",
        not_null={"url", "source"},
        foreign_keys=[
            ("duplicate_of", "articles", "id"),
            ("capture_id", "captures", "id"),
            ("run_id", "runs", "id"),
        ],
    )
    db.table("articles").create_index(["url"], unique=True)
    db.table("articles").create_index(["content_hash"])
    db.table("articles").create_index(["source", "published_at"])
    db.table("articles").create_index(["duplicate_of"])
    db.table("article_versions").create(
        {
            "id": int,
            "article_id": int,
            "version": int,
            "title": str,
            "published_at": str,
            "text": str,
            "content_hash": str,
            "capture_id": int,
            "fetched_at": str,
            "replaced_at": str,
        },
        pk="id",
        foreign_keys=[("article_id", "articles", "id"), ("capture_id", "captures", "id")],
    )
    db.table("article_versions").create_index(["article_id"])
    db.table("run_errors").create(
        {"id": int, "run_id": int, "url": str, "kind": str, "message": str, "at": str},
        pk="id",
        foreign_keys=[("run_id", "runs", "id")],
    )
    db.table("run_errors").create_index(["run_id"])
    # Near-duplicate index: one signature per root article, LSH bands as indexed rows.
    db.table("minhashes").create({"article_id": int, "signature": bytes}, pk="article_id")
    db.execute(
        "CREATE TABLE lsh_bands (band INTEGER NOT NULL, key INTEGER NOT NULL,"
        " article_id INTEGER NOT NULL, PRIMARY KEY (band, key, article_id)) WITHOUT ROWID"
    )
    db.execute("CREATE INDEX idx_lsh_bands_article ON lsh_bands (article_id)")
    db.create_view(
        "unique_articles",
        "SELECT * FROM articles WHERE duplicate_of IS NULL",
    )


def _m002_incremental(db: sqlite_utils.Database) -> None:
    # What the scheduler decided per source: failures in a row, backoff, next run.
    db.table("schedule_state").create(
        {
            "source": str,
            "consecutive_failures": int,
            "backoff_seconds": int,
            "next_run_at": str,
            "updated_at": str,
        },
        pk="source",
    )
    # Validators of discovery pages (feeds, sitemaps, listings) for conditional GET.
    db.table("discovery_cache").create(
        {"url": str, "etag": str, "last_modified": str, "checked_at": str}, pk="url"
    )
    db.table("articles").create_index(["fetched_url"])
    db.table("runs").add_column("articles_skipped", int, not_null_default=0)


FTS_TRIGGERS = """
CREATE TRIGGER articles_fts_ai AFTER INSERT ON articles BEGIN
  INSERT INTO articles_fts (rowid, search_title, search_text)
  VALUES (new.id, new.search_title, new.search_text);
END;
CREATE TRIGGER articles_fts_ad AFTER DELETE ON articles BEGIN
  INSERT INTO articles_fts (articles_fts, rowid, search_title, search_text)
  VALUES ('delete', old.id, old.search_title, old.search_text);
END;
CREATE TRIGGER articles_fts_au AFTER UPDATE OF search_title, search_text ON articles BEGIN
  INSERT INTO articles_fts (articles_fts, rowid, search_title, search_text)
  VALUES ('delete', old.id, old.search_title, old.search_text);
  INSERT INTO articles_fts (rowid, search_title, search_text)
  VALUES (new.id, new.search_title, new.search_text);
END;
"""


def _m003_search(db: sqlite_utils.Database) -> None:
    """Full-text search over the normalized title and text (archive.normalize), kept in
    columns of articles so that plain SQL triggers keep the index in step with every
    write, whichever tool makes it, and `sqlite-utils search` finds the index."""
    from archive.normalize import normalize

    db.table("articles").add_column("search_title", str)
    db.table("articles").add_column("search_text", str)
    rows = db.execute("SELECT id, title, text FROM articles").fetchall()
    db.conn.executemany(
        "UPDATE articles SET search_title = ?, search_text = ? WHERE id = ?",
        [(normalize(t or ""), normalize(x or ""), i) for i, t, x in rows],
    )
    restore_search_index(db)
    db.execute("INSERT INTO articles_fts (articles_fts) VALUES ('rebuild')")


def restore_search_index(db: sqlite_utils.Database) -> None:
    """The full-text index's table and the triggers that keep it, where they are missing (a
    table dropped by hand: every write to articles failed, and reindex with it); empty until
    rebuilt."""
    db.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5("
        'search_title, search_text, content="articles", content_rowid="id")'
    )
    for statement in _split_triggers(FTS_TRIGGERS):  # executescript would commit mid-migration
        db.execute(statement.replace("CREATE TRIGGER ", "CREATE TRIGGER IF NOT EXISTS ", 1))


def _split_triggers(sql: str) -> list[str]:
    return [t.strip() + "\nEND" for t in sql.split("END;") if t.strip()]


def _m004_chrome_lines(db: sqlite_utils.Database) -> None:
    """Chrome learned per source (archive.chrome): one row per normalized line key, with the
    pages it was seen on out of how many were sampled, so a user can see why it was dropped."""
    db.table("chrome_lines").create(
        {"source": str, "key": str, "pages": int, "sampled": int, "learned_at": str},
        pk=("source", "key"),
        not_null={"source", "key"},
    )
    # When each source's profile was last learned, and from how many pages (a source whose
    # pages hold no chrome has no chrome_lines rows, and must not be relearned every run).
    db.table("chrome_learned").create(
        {"source": str, "sampled": int, "learned_at": str}, pk="source"
    )


def _m005_operations(db: sqlite_utils.Database) -> None:
    """Unattended operation: runs of other kinds than crawls (re-extraction, reindexing)
    must not count as crawls; the scheduler's heartbeat; takedowns and their tombstones."""
    db.table("runs").add_column("kind", str, not_null_default="crawl")
    db.table("runs").add_column("articles_forgotten", int, not_null_default=0)
    db.table("runs").create_index(["source", "kind", "id"])
    db.table("scheduler_heartbeat").create(
        {"host": str, "pid": int, "started_at": str, "beat_at": str, "stopped_at": str},
        pk=("host", "pid"),
    )
    # URLs removed on request: a later crawl must not archive them again.
    db.table("tombstones").create(
        {"url": str, "source": str, "removed_at": str, "reason": str}, pk="url"
    )


def _m006_discovered_endpoints(db: sqlite_utils.Database) -> None:
    """Feeds and sitemaps a source did not list but declared itself (a start page's
    <link rel="alternate">, robots.txt's Sitemap: lines): shown by `arshif status`, and read
    again on the next runs even when the page that declared them answers 304."""
    db.table("discovered_endpoints").create(
        {"source": str, "url": str, "kind": str, "found_on": str, "first_seen_at": str,
         "last_seen_at": str},
        pk=("source", "url"),
    )  # fmt: skip


def _m007_revisits(db: sqlite_utils.Database) -> None:
    """Where each source's sweep of its older articles stands (crawlstate.revisits), and the
    index it walks: a source's articles in id order, with when each was fetched, so that a
    source whose articles are all fresh is answered from the index, not its rows."""
    db.table("revisit_cursor").create(
        {"source": str, "last_id": int, "updated_at": str}, pk="source"
    )
    db.table("articles").create_index(["source", "id", "fetched_at"])


def _m008_capture_parts(db: sqlite_utils.Database) -> None:
    """The later pages of an article split over several: captures whose part_of is the
    capture of its first page (NULL for every other capture)."""
    db.execute("ALTER TABLE captures ADD COLUMN part_of INTEGER REFERENCES captures(id)")
    db.execute("CREATE INDEX idx_captures_part_of ON captures (part_of) WHERE part_of IS NOT NULL")


def _m009_gone(db: sqlite_utils.Database) -> None:
    """When the publisher took an archived article down: its page answered 404 or 410 at a
    re-check (NULL while it is there; the row and its text stay). Counted per run too."""
    db.execute("ALTER TABLE articles ADD COLUMN gone_at TEXT")
    db.execute("ALTER TABLE runs ADD COLUMN articles_gone INTEGER NOT NULL DEFAULT 0")


def _m010_process_key(db: sqlite_utils.Database) -> None:
    """Which process opened a running run, as no clock step changes (boot id, start ticks):
    its pid alone may be reused, and its start time read by the wall clock moves with it."""
    db.execute("ALTER TABLE runs ADD COLUMN process_key TEXT")


def _m011_runs_alone(db: sqlite_utils.Database) -> None:
    """Runs that ran alone in their crawl process: a source whose crawls died with the
    process twice in a row is crawled with no other source, so that a death then is its
    own. Later 0/1 became the size of its quarantine group (archive.runs.quarantine_size):
    1 still means alone."""
    db.execute("ALTER TABLE runs ADD COLUMN alone INTEGER NOT NULL DEFAULT 0")


def _m012_url_aliases(db: sqlite_utils.Database) -> None:
    """Other addresses that led to an archived article ("/?p=3" in a feed, redirected to the
    article's own): asked again, the archive knows them, so an article archived from its
    own address is not downloaded again each run through a feed's shortlink to it."""
    db.execute(
        "CREATE TABLE url_aliases (url TEXT PRIMARY KEY, article_id INTEGER NOT NULL"
        " REFERENCES articles(id), seen_at TEXT NOT NULL)"
    )
    db.execute("CREATE INDEX idx_url_aliases_article_id ON url_aliases (article_id)")


def _m013_signal_seen(db: sqlite_utils.Database) -> None:
    """The publisher's change date (a sitemap's <lastmod>, a feed's <updated>) as a crawl last
    read it for the article: a date that moved since is an edit, even one the publisher
    dates before our last fetch (a clock behind, dates written without a zone)."""
    db.execute("ALTER TABLE articles ADD COLUMN signal_seen TEXT")


def _m014_discovery_children(db: sqlite_utils.Database) -> None:
    """The discovery pages a sitemap index or a listing led to (child sitemaps, sections):
    when it answers 304 next time, they are still read (their own validators tell whether
    they changed), not passed over with it."""
    db.execute("ALTER TABLE discovery_cache ADD COLUMN children TEXT")


def _m015_articles_left(db: sqlite_utils.Database) -> None:
    """Articles a run found (or had due for a re-check) and never fetched: a page budget, a
    time limit or a stop cut it short. 0 for a run that went through everything."""
    db.execute("ALTER TABLE runs ADD COLUMN articles_left INTEGER NOT NULL DEFAULT 0")


def _m016_walled(db: sqlite_utils.Database) -> None:
    """1: the text (or the version's) is the lead above a wall's notice, all its page showed
    ("for subscribers only"); a re-check that finds the whole story makes it a version."""
    for table in ("articles", "article_versions"):
        db.execute(f"ALTER TABLE {table} ADD COLUMN walled INTEGER NOT NULL DEFAULT 0")


def _m017_pending(db: sqlite_utils.Database) -> None:
    """New articles a run found and did not archive: never asked (a page budget, a time limit,
    a stop), or asked and not answered (a timeout, a server error, a site down) — kind
    'article', or 'link' for a feed's link off the article pattern, asked for where it
    leads —; and the next pages of a section it did not get to (kind 'listing': via, the
    section's first page; depth, its listing depth). The source's next crawl asks them,
    found again or not: listings walked only to known pages, a sitemap answering 304 and a
    feed moved on would never name them again."""
    db.execute(
        "CREATE TABLE pending (source TEXT NOT NULL, url TEXT NOT NULL, fetch_url TEXT NOT NULL,"
        " kind TEXT NOT NULL DEFAULT 'article', hint_date TEXT,"
        " via TEXT, depth INTEGER NOT NULL DEFAULT 0,"
        " attempts INTEGER NOT NULL DEFAULT 0, found_at TEXT NOT NULL,"
        " PRIMARY KEY (source, url))"
    )


def _m018_full_walks(db: sqlite_utils.Database) -> None:
    """When a crawl that walked every section to its end, past pages of known articles,
    started (NULL for every other run, and for one cut short): once the latest is older
    than the source's full_walk_after, the next crawl walks them whole again."""
    db.execute("ALTER TABLE runs ADD COLUMN full_walk_at TEXT")


def _m019_ids_never_reused(db: sqlite_utils.Database) -> None:
    """The highest article id ever given: a row deleted at the top (a copy folded into its
    moved article, a takedown) left its id to the next new article, and a crawl's printed
    "new #144" or an id kept from an export then named another article."""
    db.execute("CREATE TABLE id_high_water (name TEXT PRIMARY KEY, value INTEGER NOT NULL)")
    db.execute(
        "INSERT INTO id_high_water (name, value) SELECT 'articles', COALESCE(MAX(id), 0)"
        " FROM articles"
    )
    db.execute(
        "CREATE TRIGGER articles_high_water AFTER DELETE ON articles BEGIN"
        " UPDATE id_high_water SET value = MAX(value, old.id) WHERE name = 'articles'; END"
    )


def _m020_sitemap_reads(db: sqlite_utils.Database) -> None:
    """Per source, each child sitemap's <lastmod> (as its index gave it) when a crawl that
    ran its course last read it: a child whose index still gives that lastmod, and is not
    among the newest, is not read again before the source's next full walk (years of daily
    maps were read on every run)."""
    db.table("sitemap_reads").create(
        {"source": str, "url": str, "lastmod": str, "read_at": str}, pk=("source", "url")
    )
    # The lastmods an index gave its children when last read (with its validators): an
    # index that answers 304 still tells which of its children moved.
    db.execute("ALTER TABLE discovery_cache ADD COLUMN lastmods TEXT")


def _m021_validators_per_source(db: sqlite_utils.Database) -> None:
    """A discovery page's validators per source: a 304 says "nothing new since you last read
    it", and one source's read of a site's sitemap (or feed) made another source of the same
    site get 304s and never find its new articles. discovery_cache's own etag and
    last_modified are no longer read."""
    db.table("discovery_validators").create(
        {"source": str, "url": str, "etag": str, "last_modified": str, "checked_at": str},
        pk=("source", "url"),
    )


def _m022_listed_title(db: sqlite_utils.Database) -> None:
    """The headlines a listing's link or a feed's item last showed for the article (the last
    few forms, newest first, normalized; crawler.headlines): one none of them is makes the
    article due for a re-check, on sites that give no change date but show their edits on
    their listings."""
    db.execute("ALTER TABLE articles ADD COLUMN listed_title TEXT")


def _m023_articles_not_modified(db: sqlite_utils.Database) -> None:
    """Of a run's 304s, those of article re-checks: a listing, a feed or a sitemap that
    answers 304 archived nothing, and a source whose every crawl got only those (a pattern
    that matches none of its links) was never called empty. Older runs count none: the
    articles they re-checked were archived by a run before them."""
    db.execute("ALTER TABLE runs ADD COLUMN articles_not_modified INTEGER NOT NULL DEFAULT 0")


MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [
    _m001_initial,
    _m002_incremental,
    _m003_search,
    _m004_chrome_lines,
    _m005_operations,
    _m006_discovered_endpoints,
    _m007_revisits,
    _m008_capture_parts,
    _m009_gone,
    _m010_process_key,
    _m011_runs_alone,
    _m012_url_aliases,
    _m013_signal_seen,
    _m014_discovery_children,
    _m015_articles_left,
    _m016_walled,
    _m017_pending,
    _m018_full_walks,
    _m019_ids_never_reused,
    _m020_sitemap_reads,
    _m021_validators_per_source,
    _m022_listed_title,
    _m023_articles_not_modified,
]


@contextmanager
def write_transaction(db: sqlite_utils.Database) -> Iterator[None]:
    """BEGIN IMMEDIATE ... COMMIT, or a savepoint inside an open transaction."""
    conn = db.conn
    if conn.in_transaction:
        name = f"sp_{secrets.token_hex(8)}"
        conn.execute(f"SAVEPOINT {name}")
        try:
            yield
        except BaseException:
            conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
            conn.execute(f"RELEASE SAVEPOINT {name}")
            raise
        conn.execute(f"RELEASE SAVEPOINT {name}")
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def migrate(db: sqlite_utils.Database) -> None:
    """Bring the schema to the newest version, each migration in its own transaction.
    The version is read inside the transaction: two processes starting on a new archive
    together migrate it once. An archive that is current takes no write lock: a reading
    command never waits for a writer (WAL), nor makes one wait."""
    if db.execute("PRAGMA user_version").fetchone()[0] >= len(MIGRATIONS):
        return
    for number, migration in enumerate(MIGRATIONS, start=1):
        with write_transaction(db):
            if db.execute("PRAGMA user_version").fetchone()[0] >= number:
                continue
            migration(db)
            db.execute(f"PRAGMA user_version = {number}")
