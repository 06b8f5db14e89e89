"""What crawlers and static hosts read: sitemaps, the Google News sitemap, robots.txt, _redirects.

The sitemap is an index (``/sitemap.xml``) of URL files of at most 50,000 URLs each, the
sitemaps.org limit; ``lastmod`` is a story's latest change (update or correction). The
Google News sitemap lists, per Google's rules, only stories published in the 48 hours before
the build's ``now``, at most 1,000 per file, with the publication's name and language, the
original publication date with its offset, the title, and the lead photo. With no recent
story it still exists: a urlset needs one URL to be valid, so it then lists only the home
page, without news tags.
"""

from __future__ import annotations

import hashlib
from array import array
from collections.abc import Sequence
from datetime import datetime, timedelta
from operator import attrgetter, itemgetter
from typing import NamedTuple, TypeVar
from urllib.parse import quote

from newsgen import urls
from newsgen.config import SiteConfig
from newsgen.library import Library
from newsgen.model import Article, Page
from newsgen.taxonomy import Taxonomy
from newsgen.xmldoc import DECLARATION, add, element, serialize, text, w3c_datetime

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
IMAGE_NS = "http://www.google.com/schemas/sitemap-image/1.1"
URL_LIMIT = 50_000  # URLs per sitemap file (sitemaps.org)
NEWS_LIMIT = 1_000  # news:news entries per news sitemap file (Google)
NEWS_WINDOW = timedelta(hours=48)  # how old a story may be to be in the news sitemap
NO_CHANGE = float("nan")  # a URL without a last change, as `entries_key` digests it

T = TypeVar("T")


class Entry(NamedTuple):
    """One URL of the sitemap: site-relative, with its last change when it has one, also as
    seconds since the epoch (what `entries_key` digests). Immutable like the dataclasses,
    made in a fraction of their time: one for every story. Made by `entry`, or from a
    story's url, date and instant."""

    loc: str
    lastmod: datetime | None = None
    at: float = NO_CHANGE


def entry(loc: str, lastmod: datetime | None = None) -> Entry:
    """The sitemap's entry of ``loc``, last changed at ``lastmod`` if ever."""
    return Entry(loc, lastmod, NO_CHANGE if lastmod is None else lastmod.timestamp())


def chunked(items: Sequence[T], size: int) -> tuple[tuple[T, ...], ...]:
    """``items`` in runs of at most ``size``, in order; one empty run when there are none."""
    if size < 1:
        raise ValueError(f"chunk size must be positive, got {size}")
    runs = tuple(tuple(items[i : i + size]) for i in range(0, len(items), size))
    return runs or ((),)


def latest(moments: Sequence[datetime | None]) -> datetime | None:
    """The latest of ``moments``, the first met of equal instants; compared as numbers (far
    faster than aware datetimes, which work out their offsets each time)."""
    return max((m for m in moments if m is not None), key=datetime.timestamp, default=None)


def entries(library: Library, taxonomy: Taxonomy) -> tuple[Entry, ...]:
    """Every page worth crawling: home (first, with the latest change of all), stories,
    static pages, the first page of each listing.

    Expired stories (taken down, ``noindex``), drafts, scheduled stories, later listing
    pages and redirect pages are left out.
    """
    published = library.published  # newest first: so are each listing's stories
    # A story's last change is its date, made into its entry in C, unless it was changed
    # since (an update, a correction: `Article.modified` is then not the date itself). Those
    # few changes are taken to the listings of the story's category, tags and authors.
    found = [entry("/")]
    found += map(Entry._make, map(_STORY, published))
    changes: list[tuple[float, datetime]] = []  # (instant, change), newest story first
    later: dict[tuple[str, str], list[tuple[float, datetime]]] = {}  # by (kind, slug)
    for at, article in enumerate(published, len(found) - len(published)):
        if article.updated is None and not article.corrections:
            continue
        modified = article.modified
        if modified is article.date:
            continue
        change = (modified.timestamp(), modified)
        changes.append(change)
        found[at] = Entry(article.url, modified, change[0])
        named = [("category", article.category)]
        named += [("tag", tag) for tag in article.tags]
        named += [("author", author) for author in article.authors]
        for kind, name in named:
            later.setdefault((kind, urls.slugify(name)), []).append(change)
    # The newest story's date is the latest of all the others' dates. Of equal instants, the
    # first is taken (as `latest` does): a tuple's datetime compares equal at equal instants.
    if published:
        found[0] = _stories_page(published[0], changes, "/")
    found += [entry(page.url) for page in library.pages if not page.draft]
    for term in taxonomy.all_terms():
        if term.articles:
            found.append(
                _stories_page(term.articles[0], later.get((term.kind, term.slug)), term.url)
            )
        else:
            found.append(entry(term.url))
    return tuple(found)


_STORY = attrgetter("url", "date", "instant")


def _stories_page(newest: Article, changes: list[tuple[float, datetime]] | None, loc: str) -> Entry:
    """The entry of ``loc``, a page of stories: changed at its ``newest`` story's date or
    the latest of ``changes`` (of its stories, in their order), the first of equal ones."""
    if changes:
        at, change = max(changes)
        if at > newest.instant:
            return Entry(loc, change, at)
    return Entry(loc, newest.date, newest.instant)


def last_change(chunk: Sequence[Entry]) -> datetime | None:
    """The latest change among ``chunk``'s URLs: the home page's when the chunk opens with
    it, as `entries` gives it the latest of every story's; the first of equal ones."""
    if chunk and chunk[0].loc == "/":
        return chunk[0].lastmod
    dated = [each for each in chunk if each.lastmod is not None]
    return max(dated, key=itemgetter(2)).lastmod if dated else None


def entries_key(chunk: Sequence[Entry]) -> str:
    """A digest of ``chunk``: a sitemap file of tens of thousands of URLs is keyed by its
    text and numbers, far faster than by pickling its entries. A change is keyed as an
    instant (`NO_CHANGE` for none): the file gives each in the site's zone."""
    locs = "\x1f".join(map(itemgetter(0), chunk))
    digest = hashlib.sha256(locs.encode("utf-8", "surrogatepass"))
    digest.update(array("d", map(itemgetter(2), chunk)).tobytes())
    return digest.hexdigest()


def urlset(chunk: Sequence[Entry], config: SiteConfig) -> bytes:
    """One sitemap file, written as text (as `serialize` would, at a tenth of the time: a
    sitemap holds up to 50,000 URLs and is written again whenever a story changes)."""
    lines = [DECLARATION, f'<urlset xmlns="{SITEMAP_NS}">']
    for each in chunk:
        lines.append(f"  <url>\n    <loc>{text(config.absolute(each.loc))}</loc>")
        if each.lastmod is not None:
            lines.append(f"    <lastmod>{text(w3c_datetime(each.lastmod, config.zone))}</lastmod>")
        lines.append("  </url>")
    lines.append("</urlset>\n")
    return "\n".join(lines).encode("utf-8")


def index(files: Sequence[tuple[str, datetime | None]], config: SiteConfig) -> bytes:
    """The sitemap index: each file's URL and the last change among its URLs."""
    root = element("sitemapindex", {"xmlns": SITEMAP_NS})
    for url, lastmod in files:
        sitemap = add(root, "sitemap")
        add(sitemap, "loc", config.absolute(url))
        if lastmod is not None:
            add(sitemap, "lastmod", w3c_datetime(lastmod, config.zone))
    return serialize(root)


def news_articles(published: Sequence[Article], now: datetime) -> tuple[Article, ...]:
    """Stories published from 48 hours before ``now`` up to ``now``, both ends included, of
    ``published`` newest first: those before the window are not looked at."""
    since = now - NEWS_WINDOW
    recent: list[Article] = []
    for article in published:
        if article.date < since:
            break
        if article.date <= now:
            recent.append(article)
    return tuple(recent)


def news_urlset(chunk: Sequence[Article], config: SiteConfig) -> bytes:
    """One Google News sitemap file; the home page alone when ``chunk`` is empty."""
    root = element("urlset", {"xmlns": SITEMAP_NS, "xmlns:news": NEWS_NS, "xmlns:image": IMAGE_NS})
    if not chunk:
        add(add(root, "url"), "loc", config.absolute("/"))
    for article in chunk:
        url = add(root, "url")
        add(url, "loc", config.absolute(article.url))
        news = add(url, "news:news")
        publication = add(news, "news:publication")
        add(publication, "news:name", config.title)
        add(publication, "news:language", config.language)
        add(news, "news:publication_date", w3c_datetime(article.date, config.zone))
        add(news, "news:title", article.title)
        if article.image is not None:
            image = add(url, "image:image")
            add(image, "image:loc", config.absolute(article.image.url))
    return serialize(root)


def robots_txt(config: SiteConfig, sitemap_urls: Sequence[str], site_rules: str = "") -> bytes:
    """robots.txt: the site's own rules (``static/robots.txt``) or allow-all, then the sitemaps."""
    rules = site_rules.strip() or "User-agent: *\nAllow: /"
    named = {line.split(":", 1)[1].strip() for line in rules.splitlines() if _is_sitemap(line)}
    lines = [rules, ""]
    lines += [
        f"Sitemap: {config.absolute(u)}" for u in sitemap_urls if config.absolute(u) not in named
    ]
    return ("\n".join(lines).rstrip() + "\n").encode("utf-8")


def _is_sitemap(line: str) -> bool:
    return line.lower().startswith("sitemap:")


def redirect_rules(library: Library) -> tuple[tuple[str, str], ...]:
    """Every alias with the URL it moved to, as the pages of the build have them."""
    documents: list[Article | Page] = [*library.visible, *library.expired, *library.pages]
    return tuple((alias, doc.url) for doc in documents for alias in doc.aliases)


def redirects_file(rules: Sequence[tuple[str, str]], site_rules: str = "") -> bytes:
    """``_redirects`` as Netlify and Cloudflare Pages read it: ``/old /new 301`` per line.

    The site's own ``static/_redirects`` comes first, so that its rules win (the first
    matching line applies). Netlify serves the alias's HTML page (a meta refresh) instead
    of the 301 unless forced; Cloudflare Pages always applies the rule.
    """
    lines = [site_rules.strip()] if site_rules.strip() else []
    lines.append("# Old URLs (aliases in front matter) and where they moved; made by newsgen.")
    lines += [f"{_path(alias)} {_path(target)} 301" for alias, target in rules]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _path(url: str) -> str:
    """A path as the hosts want it: non-ASCII characters percent-encoded, escapes kept."""
    return quote(url, safe="/%:@!$&'()*+,;=-._~")
