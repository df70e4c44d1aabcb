"""Scrapy settings and arshif's own (ARSHIF_*): the one place for the crawl's defaults.

Per-source values (delay, concurrency, page budget, size and time limits) come from the
sources file (crawler.sources, where their defaults live) and are layered on top per crawler
by crawler.spiders.spider_for. Environment variables of the same name override ARSHIF_* here."""

from crawler.environment import flag as _flag
from crawler.environment import header as _header
from crawler.environment import number as _env
from crawler.environment import whole as _whole

BOT_NAME = "arshif"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# Whoever runs the crawl puts their own contact here (ARSHIF_USER_AGENT). robots.txt groups
# are matched against it and against "arshif" too: a site's rules for arshif hold whatever
# it is called (Protego takes the group of the longest name found in it).
USER_AGENT = _header(
    "ARSHIF_USER_AGENT", "arshif/0.1 (news archive crawler; +https://github.com/arshif/arshif)"
)
ROBOTSTXT_USER_AGENT = f"{USER_AGENT} arshif"
ROBOTSTXT_OBEY = True
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False

CONCURRENT_REQUESTS = 16
# Keeps each host's concurrency under the asyncio reactor (see crawler/downloader.py).
DOWNLOADER = "crawler.downloader.PoliteDownloader"
# Scrapy's HTTP/1.1 handler with a close that a busy reactor does not trip (crawler.httphandler)
DOWNLOAD_HANDLERS = {
    "http": "crawler.httphandler.HttpHandler",
    "https": "crawler.httphandler.HttpHandler",
}
DOWNLOAD_DELAY_JITTER = 0.5
AUTOTHROTTLE_ENABLED = True
# 0: each host starts at its source's download_delay (the least AutoThrottle goes to). It lowers a
# delay on 200s only: a start above it held a re-crawl's 304s there, a second apart.
AUTOTHROTTLE_START_DELAY = 0.0
AUTOTHROTTLE_MAX_DELAY = 60.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 5 * 1024 * 1024
RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
REDIRECT_MAX_TIMES = 5
DEPTH_LIMIT = 0  # listing depth is bounded per source by the spider (max_depth)
# Keep non-2xx responses away from callbacks: they reach the errback and are recorded.
HTTPERROR_ALLOW_ALL = False

# Scrapy's components, listed whole (its *_BASE lists, less what arshif does not use): each
# costs the crawl process time on every request or response, and on small pages that time
# competes with extraction for the same cores. Listed, not switched off with None: Scrapy
# imports every class its lists name, off or not (the remote control alone pulls in aiohttp,
# the cookie middleware tldextract and requests: a tenth of a re-crawl's start-up).
# Left out: the offsite filter (containment, crawler.middlewares, does its job), HTTP auth,
# Scrapy's cookies (COOKIES_ENABLED is off: crawler.cookies keeps them), the HTTP cache,
# the downloader's byte counts (nothing reads them), Scrapy's retry (RetryAfterMiddleware
# replaces it), listing depth (the spider's own), meta-copy detection, telnet, memory
# debugging, feed export, spider state, and Scrapy 2.19's remote control, which serves an
# HTTP endpoint that runs code, one per crawler: never wanted in a crawl service.
DOWNLOADER_MIDDLEWARES_BASE = {
    "crawler.middlewares.RecordedRobotsTxtMiddleware": 100,
    "scrapy.downloadermiddlewares.downloadtimeout.DownloadTimeoutMiddleware": 350,
    "scrapy.downloadermiddlewares.defaultheaders.DefaultHeadersMiddleware": 400,
    "scrapy.downloadermiddlewares.useragent.UserAgentMiddleware": 500,
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": 580,
    # Scrapy's, telling a compressed body cut short from a whole one (crawler.compression)
    "crawler.compression.WholeBodyCompressionMiddleware": 590,
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": 600,
    # Cookies a site sets, per source and run (crawler.cookies; not Scrapy's: its imports),
    # stored before RedirectContainmentMiddleware judges a loop that sets one.
    "crawler.cookies.SiteCookiesMiddleware": 700,
    "scrapy.downloadermiddlewares.httpproxy.HttpProxyMiddleware": 750,
}
DOWNLOADER_MIDDLEWARES = {
    "crawler.middlewares.ContainmentMiddleware": 40,
    "crawler.middlewares.RetryAfterMiddleware": 550,
    "crawler.middlewares.RedirectContainmentMiddleware": 650,  # sees 3xx before redirects
}
SPIDER_MIDDLEWARES_BASE = {
    "scrapy.spidermiddlewares.start.StartSpiderMiddleware": 25,
    "scrapy.spidermiddlewares.httperror.HttpErrorMiddleware": 50,
    "scrapy.spidermiddlewares.referer.RefererMiddleware": 700,
    # Every request the spider makes (sitemap entries, feed links, robots Sitemap: lines,
    # stored endpoints, "next" links), not only the links it reads itself.
    "scrapy.spidermiddlewares.urllength.UrlLengthMiddleware": 800,
}
URLLENGTH_LIMIT = 2048  # as crawler.spiders.news.MAX_URL_LENGTH
EXTENSIONS_BASE = {
    "scrapy.extensions.corestats.CoreStats": 0,
    "scrapy.extensions.logcount.LogCount": 0,
    "scrapy.extensions.memusage.MemoryUsage": 0,
    "scrapy.extensions.closespider.CloseSpider": 0,
    "scrapy.extensions.logstats.LogStats": 0,
    "scrapy.extensions.throttle.AutoThrottle": 0,
}
EXTENSIONS = {"crawler.recorder.RunRecorder": 100}
REMOTE_CONTROL_ENABLED = False  # should a later Scrapy list it elsewhere
# Seconds; a longer Retry-After gives up and is recorded.
ARSHIF_MAX_RETRY_AFTER = _env("ARSHIF_MAX_RETRY_AFTER", 120.0)
# A host's robots.txt Crawl-delay is kept between its requests, up to this many seconds (a
# day-long delay would starve the source; it is still polite at this pace).
ARSHIF_MAX_CRAWL_DELAY = _env("ARSHIF_MAX_CRAWL_DELAY", 60.0)
# Seconds before the first retry, doubled for each next one (tests shorten it by environment).
ARSHIF_RETRY_BACKOFF = _env("ARSHIF_RETRY_BACKOFF", 1.0, high=3600)
# A 429 without Retry-After pauses its whole host ARSHIF_RETRY_BACKOFF, doubled for each 429 in
# a row from it (up to ARSHIF_MAX_RETRY_AFTER); after this many in a row (about 4 minutes of
# pauses by default) the rest of the run is not sent (host_down).
ARSHIF_MAX_429_IN_A_ROW = _whole("ARSHIF_MAX_429_IN_A_ROW", 8, 1, 1000) or 8
ITEM_PIPELINES = {"crawler.pipelines.ExtractPipeline": 300}
# Pages waiting for extraction count against this per crawler (Scrapy's default is 5 MB):
# with many sources in one process, the web must not pile up in memory behind the pool.
SCRAPER_SLOT_MAX_ACTIVE_SIZE = 4 * 1024 * 1024
# Extraction runs in one process pool per crawl process: None = one worker per core,
# 0 = inline. A page that takes longer than the timeout is recorded as extract_timeout.
ARSHIF_EXTRACT_WORKERS = _whole("ARSHIF_EXTRACT_WORKERS", None, 0, 256)
ARSHIF_EXTRACT_TIMEOUT = _env("ARSHIF_EXTRACT_TIMEOUT", 60.0, low=0.1)
# A page whose rel=canonical names another article this run fetches too waits this many
# seconds at most for that page's row, so that it is written there, not as a row of its own.
ARSHIF_CANONICAL_WAIT = _env("ARSHIF_CANONICAL_WAIT", 30.0, low=0.0, high=3600)
# Archive writes are gathered and committed together: this many articles and 304s, or what
# is pending after this many seconds (a kill -9 loses at most that much work, and the next
# run fetches it again: nothing of it was marked archived).
ARSHIF_BATCH_SIZE = _whole("ARSHIF_BATCH_SIZE", 32, 1, 100_000) or 32
ARSHIF_BATCH_SECONDS = _env("ARSHIF_BATCH_SECONDS", 1.0, low=0.01, high=3600)
# A run's page budget: each source's max_pages, set by spider_for (0: none). Kept exactly, as
# requests leave (crawler.downloader), not as answers come back.
ARSHIF_PAGE_BUDGET = 0
# New articles a run found and did not archive (not asked: a budget, a time limit, a stop;
# asked and not answered: a timeout, a 5xx, a site down) are asked again by the source's next
# crawl: at most this many kept per source, each given up after this many unanswered runs
# once it has waited this many seconds (a maintenance window of hours, behind listings a cache
# still serves, fails it in crawls in a row: it gives up nothing).
ARSHIF_MAX_PENDING = _whole("ARSHIF_MAX_PENDING", 100_000, 0, 10_000_000) or 0
ARSHIF_PENDING_ATTEMPTS = _whole("ARSHIF_PENDING_ATTEMPTS", 5, 1, 1000) or 5
ARSHIF_PENDING_GIVE_UP_AFTER = (
    _env("ARSHIF_PENDING_GIVE_UP_AFTER", 2 * 86400.0, low=0.0, high=365 * 86400) or 0.0
)
# Sources crawled at once by one crawl process; the others wait for a free slot.
ARSHIF_MAX_SOURCES = _whole("ARSHIF_MAX_SOURCES", 32, 1, 10_000) or 32
# Seconds between progress lines when stderr is not a terminal.
ARSHIF_PROGRESS_SECONDS = _env("ARSHIF_PROGRESS_SECONDS", 10.0)
# Private, loopback and link-local addresses are refused unless named in the sources file.
ARSHIF_ALLOW_PRIVATE = _flag("ARSHIF_ALLOW_PRIVATE", False)

LOG_LEVEL = "INFO"
LOG_INSTALL_ROOT_HANDLER = True
LOG_VERSIONS: list[str] = []  # no versions banner in a service log (and no imports for it)
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
# Scrapy starts CONCURRENT_ITEMS asyncio tasks for every response's output; an article page
# yields one item, so the default 100 spent more of the crawl process than the archive did.
CONCURRENT_ITEMS = 8
# Scrapy re-reads and parses a callback's source for every response to warn about a
# `return value` in a generator (its cache misses on bound methods): ruff and tests cover it.
WARN_ON_GENERATOR_RETURN_VALUE = False
