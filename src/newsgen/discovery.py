"""The files beside the pages through which readers, crawlers and hosts find the site.

Feeds, sitemaps, robots.txt and ``_redirects`` are planned by path first, so that a build can
refuse a document that claims one of their URLs before anything is rendered; their bytes are
made only when the site is written.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from newsgen import feeds, sitemaps, urls
from newsgen.config import SiteConfig
from newsgen.library import Library
from newsgen.taxonomy import Taxonomy

# Files a site may keep in static/ that the generated ones extend rather than replace.
EXTENDED = ("robots.txt", "_redirects")


@dataclass(frozen=True)
class Planned:
    """A generated file: where it goes, what it is (for error messages), how to make it."""

    path: str  # under public/
    what: str
    make: Callable[[], bytes]
    key: str = ""  # a digest of what ``make`` reads, when cheaper than `jobs.job_key`'s


def plan(
    config: SiteConfig,
    library: Library,
    taxonomy: Taxonomy,
    site_files: Mapping[str, str] | None = None,
    *,
    url_limit: int = sitemaps.URL_LIMIT,
    news_limit: int = sitemaps.NEWS_LIMIT,
) -> tuple[Planned, ...]:
    """Every feed and sitemap file, robots.txt and _redirects.

    ``site_files`` holds the text of the site's own ``static/robots.txt`` and
    ``static/_redirects``, which the generated files take in.
    """
    own = site_files or {}
    planned: list[Planned] = []

    def plan_file(url: str, what: str, make: Callable[[], bytes], key: str = "") -> None:
        planned.append(Planned(urls.output_path(url), what, make, key))

    for feed in feeds.site_feeds(config, library.published, taxonomy, library.now):
        where = "the site" if feed.page_url == "/" else feed.page_url
        plan_file(feed.rss_url, f"the RSS feed of {where}", partial(feeds.rss, feed, config))
        plan_file(feed.atom_url, f"the Atom feed of {where}", partial(feeds.atom, feed, config))

    index: list[tuple[str, datetime | None]] = []
    pages = sitemaps.chunked(sitemaps.entries(library, taxonomy), url_limit)
    for number, entries in enumerate(pages, 1):
        url = urls.sitemap_url(number)
        make = partial(sitemaps.urlset, entries, config)  # config is in every job's key
        plan_file(url, "a sitemap file", make, sitemaps.entries_key(entries))
        index.append((url, sitemaps.last_change(entries)))
    news_urls: list[str] = []
    recent = sitemaps.news_articles(library.published, library.now)
    for number, stories in enumerate(sitemaps.chunked(recent, news_limit), 1):
        url = urls.sitemap_url(number, news=True)
        plan_file(url, "the Google News sitemap", partial(sitemaps.news_urlset, stories, config))
        index.append((url, sitemaps.latest([a.date for a in stories])))
        news_urls.append(url)
    plan_file(urls.SITEMAP_INDEX, "the sitemap index", partial(sitemaps.index, index, config))

    robots = partial(
        sitemaps.robots_txt, config, [urls.SITEMAP_INDEX, *news_urls], own.get("robots.txt", "")
    )
    plan_file("/robots.txt", "robots.txt", robots)
    rules = sitemaps.redirect_rules(library)
    redirects = partial(sitemaps.redirects_file, rules, own.get("_redirects", ""))
    plan_file("/_redirects", "the _redirects file", redirects)
    return tuple(planned)


def claims(planned: tuple[Planned, ...]) -> dict[str, str]:
    """Output path to what made it, for `library.url_claims`."""
    return {item.path: item.what for item in planned}
