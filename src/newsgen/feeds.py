"""RSS 2.0 and Atom feeds of the whole site, of each category and of each author.

A feed carries the newest ``feeds.items`` published stories (50 by default) with their
summaries or, with ``feeds.full_text: true``, the whole stories. Corrections are appended to
an entry as dated notes and move its update date. An entry's GUID is the story's permalink,
which stays put for the story's life: an old URL lives on as an alias, never as a new GUID.
Dates carry the site zone's offset: RFC 822 in RSS, RFC 3339 in Atom.
"""

from __future__ import annotations

import html
import posixpath
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from newsgen import i18n, urls
from newsgen.config import SiteConfig
from newsgen.model import Article, Photo
from newsgen.taxonomy import Taxonomy, Term, TermRef
from newsgen.xmldoc import add, element, rfc822_datetime, serialize, w3c_datetime

RSS_TYPE = "application/rss+xml"
ATOM_TYPE = "application/atom+xml"
ATOM_NS = "http://www.w3.org/2005/Atom"
FEED_KINDS = ("category", "author")  # the term listings that have feeds of their own

_RSS_NAMESPACES = {
    "xmlns:atom": ATOM_NS,
    "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
    "xmlns:dc": "http://purl.org/dc/elements/1.1/",
    "xmlns:dcterms": "http://purl.org/dc/terms/",
    "xmlns:media": "http://search.yahoo.com/mrss/",
}
_MEDIA_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".gif": "image/gif",
    ".svg": "image/svg+xml",
}
# Site-relative URLs in body HTML, which feed readers cannot resolve against the site.
_SITE_RELATIVE = re.compile(r'(\s(?:href|src)=")/(?!/)')
_SRCSET = re.compile(r'(\ssrcset=")([^"]*)"')


@dataclass(frozen=True)
class Feed:
    """The feeds of one listing: what they are called, the page they mirror, their stories."""

    title: str
    description: str
    page_url: str  # the HTML listing, site-relative
    articles: tuple[Article, ...]  # newest first, already cut to ``feeds.items``
    updated: datetime  # the latest change among the stories, or the build's ``now``

    @property
    def rss_url(self) -> str:
        return urls.feed_url(self.page_url, "rss")

    @property
    def atom_url(self) -> str:
        return urls.feed_url(self.page_url, "atom")


@dataclass(frozen=True)
class FeedLink:
    """A ``<link rel="alternate">`` in a page's head."""

    title: str
    type: str
    url: str


def feed_title(config: SiteConfig, term: Term | TermRef | None) -> str:
    if term is None:
        return config.title
    template = config.ui["articles_in" if term.kind == "category" else "articles_by"]
    return f"{template.format(name=term.name)} - {config.title}"


def _latest(articles: Sequence[Article], now: datetime) -> datetime:
    return max((a.modified for a in articles), default=now)


def site_feeds(
    config: SiteConfig, published: tuple[Article, ...], taxonomy: Taxonomy, now: datetime
) -> tuple[Feed, ...]:
    """The site's feed, then one per category and one per author."""
    count = config.feeds.items
    newest = published[:count]
    feeds = [
        Feed(config.title, config.description or config.title, "/", newest, _latest(newest, now))
    ]
    for term in (*taxonomy.categories, *taxonomy.authors):
        title = feed_title(config, term)
        articles = term.articles[:count]
        feeds.append(Feed(title, title, term.url, articles, _latest(articles, now)))
    return tuple(feeds)


def links(config: SiteConfig, term: Term | TermRef | None = None) -> tuple[FeedLink, ...]:
    """The feeds a page announces: the site's, and its own listing's when it has them."""
    listings: list[tuple[str, str]] = [(config.title, "/")]
    if term is not None and term.kind in FEED_KINDS:
        listings.append((feed_title(config, term), term.url))
    return tuple(
        FeedLink(f"{title} ({label})", media_type, urls.feed_url(url, kind))
        for title, url in listings
        for kind, label, media_type in (("rss", "RSS", RSS_TYPE), ("atom", "Atom", ATOM_TYPE))
    )


def media_type(photo: Photo) -> str:
    """The MIME type of the file at a photo's URL, from its name; "" when the name says none."""
    path = urlsplit(photo.url).path.lower()
    return _MEDIA_TYPES.get(posixpath.splitext(path)[1], "")


def author_url(config: SiteConfig, name: str) -> str:
    """The absolute URL of an author's page, or "" for a name that makes no slug."""
    if not urls.slugify(name):
        return ""
    return config.absolute(urls.taxonomy_url("author", name, config.language))


def _escape(text: str) -> str:
    return html.escape(text, quote=True)


def _figure(photo: Photo, config: SiteConfig) -> str:
    size = f' width="{photo.width}" height="{photo.height}"' if photo.width else ""
    image = f'<img src="{_escape(config.absolute(photo.url))}" alt="{_escape(photo.alt)}"{size}>'
    caption = _escape(photo.caption)
    if photo.credit:
        caption += f" ({_escape(config.ui['photo'])}: {_escape(photo.credit)})"
    return f"<figure>{image}<figcaption>{caption.strip()}</figcaption></figure>"


def _corrections_html(article: Article, config: SiteConfig) -> list[str]:
    label = config.ui["correction_on"]
    return [
        "<p><strong>"
        + _escape(label.format(date=i18n.format_date(c.date, config.language, config.zone)))
        + f":</strong> {_escape(c.text)}</p>"
        for c in article.corrections
    ]


def summary_html(article: Article, config: SiteConfig) -> str:
    """The summary as HTML, followed by any corrections."""
    return "\n".join([f"<p>{_escape(article.summary)}</p>", *_corrections_html(article, config)])


def absolute_urls(markup: str, base_url: str) -> str:
    """``markup`` with its site-relative ``href``, ``src`` and ``srcset`` URLs made absolute."""

    def candidate(text: str) -> str:
        text = text.strip()
        return base_url + text if text.startswith("/") and not text.startswith("//") else text

    markup = _SITE_RELATIVE.sub(lambda m: f"{m.group(1)}{base_url}/", markup)
    return _SRCSET.sub(
        lambda m: m.group(1) + ", ".join(candidate(c) for c in m.group(2).split(",")) + '"',
        markup,
    )


def full_html(article: Article, config: SiteConfig) -> str:
    """The whole story as HTML with absolute links: lead photo, body, source, corrections."""
    parts = [_figure(article.image, config)] if article.image else []
    for block in article.body.blocks:
        if block.kind == "figure" and block.photo is not None:
            parts.append(_figure(block.photo, config))
        elif block.kind != "marker":
            parts.append(absolute_urls(block.html, config.base_url))
    if article.source_name:
        parts.append(f"<p>{_escape(config.ui['source'])}: {_escape(article.source_name)}</p>")
    return "\n".join(parts + _corrections_html(article, config))


def rss(feed: Feed, config: SiteConfig) -> bytes:
    """The RSS 2.0 document of ``feed``."""
    zone = config.zone
    root = element("rss", {"version": "2.0", **_RSS_NAMESPACES})
    channel = add(root, "channel")
    add(channel, "title", feed.title)
    add(channel, "link", config.absolute(feed.page_url))
    add(channel, "description", feed.description)
    add(channel, "language", config.language)
    add(channel, "generator", "newsgen")
    add(channel, "lastBuildDate", rfc822_datetime(feed.updated, zone))
    self_link = {"href": config.absolute(feed.rss_url), "rel": "self", "type": RSS_TYPE}
    add(channel, "atom:link", attrs=self_link)
    for article in feed.articles:
        _rss_item(add(channel, "item"), article, config)
    return serialize(root)


def _rss_item(item: ET.Element, article: Article, config: SiteConfig) -> None:
    link = config.absolute(article.url)
    add(item, "title", article.title)
    add(item, "link", link)
    add(item, "guid", link, {"isPermaLink": "true"})
    add(item, "pubDate", rfc822_datetime(article.date, config.zone))
    if article.modified > article.date:
        add(item, "dcterms:modified", w3c_datetime(article.modified, config.zone))
    for name in article.authors:
        add(item, "dc:creator", name)
    for name in (article.category, *article.tags):
        add(item, "category", name)
    add(item, "description", summary_html(article, config))
    if config.feeds.full_text:
        add(item, "content:encoded", full_html(article, config))
    photo = article.image
    if photo is not None:
        attrs = {"url": config.absolute(photo.url), "medium": "image"}
        if media_type(photo):
            attrs["type"] = media_type(photo)
        if photo.width:
            attrs.update(width=str(photo.width), height=str(photo.height))
        media = add(item, "media:content", attrs=attrs)
        if photo.credit:
            add(media, "media:credit", photo.credit)


def atom(feed: Feed, config: SiteConfig) -> bytes:
    """The Atom (RFC 4287) document of ``feed``."""
    zone = config.zone
    root = element("feed", {"xmlns": ATOM_NS, "xml:lang": config.language})
    add(root, "id", config.absolute(feed.atom_url))
    add(root, "title", feed.title, {"type": "text"})
    add(root, "subtitle", feed.description, {"type": "text"})
    add(
        root,
        "link",
        attrs={"rel": "self", "type": ATOM_TYPE, "href": config.absolute(feed.atom_url)},
    )
    add(
        root,
        "link",
        attrs={"rel": "alternate", "type": "text/html", "href": config.absolute(feed.page_url)},
    )
    add(root, "updated", w3c_datetime(feed.updated, zone))
    add(root, "generator", "newsgen")
    for article in feed.articles:
        _atom_entry(add(root, "entry"), article, config)
    return serialize(root)


def _atom_entry(entry: ET.Element, article: Article, config: SiteConfig) -> None:
    link = config.absolute(article.url)
    add(entry, "id", link)
    add(entry, "title", article.title, {"type": "text"})
    add(entry, "link", attrs={"rel": "alternate", "type": "text/html", "href": link})
    add(entry, "published", w3c_datetime(article.date, config.zone))
    add(entry, "updated", w3c_datetime(article.modified, config.zone))
    for name in article.authors:
        author = add(entry, "author")
        add(author, "name", name)
        uri = author_url(config, name)
        if uri:
            add(author, "uri", uri)
    for name in (article.category, *article.tags):
        add(entry, "category", attrs={"term": name})
    add(entry, "summary", summary_html(article, config), {"type": "html"})
    if config.feeds.full_text:
        add(entry, "content", full_html(article, config), {"type": "html"})
    if article.image is not None:
        enclosure = {"rel": "enclosure", "href": config.absolute(article.image.url)}
        if media_type(article.image):
            enclosure["type"] = media_type(article.image)
        add(entry, "link", attrs=enclosure)
