"""What Scrapy alone costs a page: python bench/scrapy_floor.py [--articles 2000] [--sources 4]

Serves the small pages of `bench/crawl.py --small` (bench/sitegen.py), fetches every article
with a bare Scrapy spider that does nothing with the pages (no extraction, no archive, no
robots.txt), and prints its CPU per page under the asyncio reactor (arshif's) and under the
epoll one. On 2 cores this is the floor under arshif's crawl process: whatever the crawl
process spends on a page is taken from the extraction workers on the same cores, which is why
small pages stay below 0.8 of the extraction ceiling (README "Figures")."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sitegen import Site, serve  # noqa: E402

REACTORS = {
    "asyncio": "twisted.internet.asyncioreactor.AsyncioSelectorReactor",
    "epoll": "twisted.internet.epollreactor.EPollReactor",
}

# Run in a child of its own: one reactor per process, and its CPU counted alone.
SPIDER = """
import json, resource, sys, time
import scrapy
from scrapy.crawler import CrawlerProcess

urls, reactor = json.loads(sys.argv[1]), sys.argv[2]
fetched = []

class Floor(scrapy.Spider):
    name = "floor"

    async def start(self):
        for url in urls:
            yield scrapy.Request(url, callback=self.parse)

    def parse(self, response):
        fetched.append(len(response.body))
        yield {"size": len(response.body)}

start = time.perf_counter()
process = CrawlerProcess({
    "TWISTED_REACTOR": reactor, "LOG_LEVEL": "ERROR", "ROBOTSTXT_OBEY": False,
    "TELNETCONSOLE_ENABLED": False, "CONCURRENT_REQUESTS": 64,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
    "WARN_ON_GENERATOR_RETURN_VALUE": False,  # as arshif: it reads the callback's source
})
process.crawl(Floor)
process.start()
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"pages": len(fetched), "wall": time.perf_counter() - start,
                  "cpu": usage.ru_utime + usage.ru_stime}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=2000, help="articles in all")
    parser.add_argument("--sources", type=int, default=4, help="sites, each on its own server")
    args = parser.parse_args()
    per_site = max(1, args.articles // args.sources)
    sites = [Site(per_site, seed=7 + i, page_kb=(3, 10)) for i in range(args.sources)]
    served = [serve(site) for site in sites]
    bases = [base for base, _ in served]
    urls = [b + u for b, site in zip(bases, sites, strict=True) for u in site.article_urls]
    try:
        for name, reactor in REACTORS.items():
            out = subprocess.run(
                [sys.executable, "-c", SPIDER, json.dumps(urls), reactor],
                capture_output=True, text=True, check=True,
            )  # fmt: skip
            r = json.loads(out.stdout.strip().splitlines()[-1])
            if r["pages"] < len(urls):
                sys.exit(f"only {r['pages']} of {len(urls)} pages fetched: {out.stderr[-300:]}")
            print(
                f"bare Scrapy, {name} reactor: {r['pages']} pages in {r['wall']:.1f} s, "
                f"CPU {1000 * r['cpu'] / max(1, r['pages']):.1f} ms/page (start-up included)"
            )
    finally:
        for _, procs in served:
            for p in procs:
                p.terminate()


if __name__ == "__main__":
    main()
