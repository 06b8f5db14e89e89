"""What search engines and social networks read in a page's head: JSON-LD, Open Graph, Twitter.

Pure functions from the site's values to plain dicts and tuples; the templates serialize
them, JSON-LD through the ``tojsonld`` filter (nothing an editor types can close the
``<script>``) and meta tags through autoescaped attributes. Dates carry the site zone's
offset; every URL is absolute.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import Any

from newsgen import feeds, images, urls
from newsgen.config import SiteConfig
from newsgen.model import Article, Page, Photo
from newsgen.xmldoc import w3c_datetime

SCHEMA = "https://schema.org"
# The card for pages without a photo when the site has no raster logo; in the theme's static
# files, so a site replaces it with its own ``static/social-card.png``.
DEFAULT_IMAGE = "/social-card.png"
LOCALES = {"id": "id_ID", "en": "en_US"}

MetaTag = tuple[str, str, str]  # attribute (property or name), its value, content


def lead_images(photo: Photo, config: SiteConfig) -> tuple[str, ...]:
    """Absolute URLs of a lead photo for rich results: its 16:9, 4:3 and 1:1 crops when the
    image step made them, else the photo itself."""
    return tuple(config.absolute(url) for url in images.social_urls(photo).urls)


def site_image(config: SiteConfig) -> str:
    """The picture of pages that have none: the site's raster logo, else the default card."""
    logo = config.logo
    raster = logo and not logo.lower().endswith(".svg")
    return config.absolute(logo if raster else DEFAULT_IMAGE)


def _date(moment: datetime, config: SiteConfig) -> str:
    return w3c_datetime(moment, config.zone)


def organization(config: SiteConfig) -> dict[str, Any]:
    """The publisher: a news organization with its logo."""
    data: dict[str, Any] = {
        "@type": "NewsMediaOrganization",
        "@id": config.absolute("/#organization"),
        "name": config.title,
        "url": config.absolute("/"),
        "logo": {"@type": "ImageObject", "url": config.absolute(config.logo or DEFAULT_IMAGE)},
    }
    if config.description:
        data["description"] = config.description
    return data


def person(config: SiteConfig, name: str) -> dict[str, str]:
    data = {"@type": "Person", "name": name}
    url = feeds.author_url(config, name)
    if url:
        data["url"] = url
    return data


def news_article(config: SiteConfig, article: Article) -> dict[str, Any]:
    """The JSON-LD of a story page: its ``NewsArticle`` and its ``BreadcrumbList``."""
    url = config.absolute(article.url)
    story: dict[str, Any] = {
        "@type": "NewsArticle",
        "@id": f"{url}#article",
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "headline": article.title,
        "description": article.summary,
        "image": list(lead_images(article.image, config) if article.image else ()),
        "datePublished": _date(article.date, config),
        "dateModified": _date(article.modified, config),
        "author": [person(config, name) for name in article.authors],
        "publisher": organization(config),
        "articleSection": article.category,
        "inLanguage": config.language,
    }
    if not story["image"]:
        story["image"] = [site_image(config)]
    if article.tags:
        story["keywords"] = list(article.tags)
    if article.location:
        story["dateline"] = article.location
    if article.corrections:
        story["correction"] = [
            {"@type": "CorrectionComment", "text": c.text, "datePublished": _date(c.date, config)}
            for c in article.corrections
        ]
    return {"@context": SCHEMA, "@graph": [story, breadcrumbs(config, article)]}


def breadcrumbs(config: SiteConfig, article: Article) -> dict[str, Any]:
    """Home, the story's category, the story."""
    trail = [
        (config.ui["home"], "/"),
        (article.category, urls.taxonomy_url("category", article.category, config.language)),
        (article.title, article.url),
    ]
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": config.absolute(url)}
            for position, (name, url) in enumerate(trail, 1)
        ],
    }


def home(config: SiteConfig) -> dict[str, Any]:
    """The JSON-LD of the home page: the ``WebSite`` and the organization behind it."""
    site: dict[str, Any] = {
        "@type": "WebSite",
        "@id": config.absolute("/#website"),
        "url": config.absolute("/"),
        "name": config.title,
        "inLanguage": config.language,
        "publisher": {"@id": config.absolute("/#organization")},
    }
    if config.description:
        site["description"] = config.description
    return {"@context": SCHEMA, "@graph": [site, organization(config)]}


def _photo_of(document: Article | Page | None) -> Photo | None:
    if isinstance(document, Article):
        return document.image
    if isinstance(document, Page):
        return next((b.photo for b in document.blocks if b.photo is not None), None)
    return None


def social_tags(
    config: SiteConfig,
    *,
    url: str,
    title: str,
    description: str,
    document: Article | Page | None = None,
) -> tuple[MetaTag, ...]:
    """Open Graph and Twitter card tags of a page; a story's page when ``document`` is one."""
    photo = _photo_of(document)
    card = images.social_urls(photo).open_graph if photo else None
    image = config.absolute(card.url) if card else site_image(config)
    tags: list[MetaTag] = [
        ("property", "og:site_name", config.title),
        ("property", "og:locale", LOCALES.get(config.language, config.language)),
        ("property", "og:type", "article" if isinstance(document, Article) else "website"),
        ("property", "og:title", title),
        ("property", "og:description", description),
        ("property", "og:url", config.absolute(url)),
        ("property", "og:image", image),
    ]
    if card is not None and card.mime:
        tags.append(("property", "og:image:type", card.mime))
    if card is not None and card.width:
        tags.append(("property", "og:image:width", str(card.width)))
        tags.append(("property", "og:image:height", str(card.height)))
    if photo is not None and photo.alt:
        tags.append(("property", "og:image:alt", photo.alt))
    if isinstance(document, Article):
        tags += [
            ("property", "article:published_time", _date(document.date, config)),
            ("property", "article:modified_time", _date(document.modified, config)),
            ("property", "article:section", document.category),
        ]
        tags += [("property", "article:tag", tag) for tag in document.tags]
        tags += [
            ("property", "article:author", author)
            for author in (feeds.author_url(config, name) for name in document.authors)
            if author
        ]
    tags += [
        ("name", "twitter:card", "summary_large_image"),
        ("name", "twitter:title", title),
        ("name", "twitter:description", description),
        ("name", "twitter:image", image),
    ]
    if photo is not None and photo.alt:
        tags.append(("name", "twitter:image:alt", photo.alt))
    return tuple(tags)


def template_globals(config: SiteConfig) -> dict[str, Callable[..., Any]]:
    """The functions ``meta.html`` calls, bound to the site."""
    return {
        "social_tags": partial(social_tags, config),
        "news_article_ld": partial(news_article, config),
        "home_ld": partial(home, config),
        "feed_links": partial(feeds.links, config),
    }
