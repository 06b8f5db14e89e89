"""Slugs, permalinks and output paths: every URL of the site is made here and nowhere else."""

from __future__ import annotations

import functools
import re
import string
from datetime import datetime
from posixpath import normpath

from slugify import slugify as _slugify

from newsgen.i18n import SECTIONS

DEFAULT_PERMALINK = "/{year}/{month}/{day}/{slug}/"
PERMALINK_FIELDS = frozenset({"year", "month", "day", "slug", "category"})


@functools.lru_cache(maxsize=65536)
def slugify(text: str) -> str:
    """The URL form of a title, tag or name: lower case ASCII words joined by hyphens.

    Remembered: a large archive names the same tags and authors tens of thousands of times.
    """
    return str(_slugify(text))


def permalink_problem(pattern: object) -> str | None:
    """Why ``pattern`` cannot serve as the article permalink, or None if it can."""
    if not isinstance(pattern, str):
        return "expected text such as /{year}/{month}/{day}/{slug}/"
    if not pattern.startswith("/") or not pattern.endswith("/"):
        return "must start and end with '/'"
    try:
        names = [name for _, name, _, _ in string.Formatter().parse(pattern) if name is not None]
    except ValueError as exc:
        return f"unbalanced braces: {exc}"
    unknown = sorted(set(names) - PERMALINK_FIELDS)
    if unknown:
        allowed = ", ".join("{" + f + "}" for f in sorted(PERMALINK_FIELDS))
        return f"unknown field {{{unknown[0]}}}; allowed: {allowed}"
    if "slug" not in names:
        return "must contain {slug} so that every article gets its own URL"
    return None


def article_url(pattern: str, slug: str, local_date: datetime, category: str) -> str:
    """The permalink of an article, its date already in the site time zone."""
    return pattern.format(
        year=f"{local_date.year:04d}",
        month=f"{local_date.month:02d}",
        day=f"{local_date.day:02d}",
        slug=slug,
        category=slugify(category),
    )


def page_url(slug: str) -> str:
    return f"/{slug}/"


def taxonomy_url(kind: str, name: str, language: str) -> str:
    """``/kategori/politik/``, ``/tag/pilkada-2024/``, ``/penulis/novan-wijaya/``."""
    return f"/{SECTIONS[language][kind]}/{slugify(name)}/"


def paginated(url: str, page: int, language: str) -> str:
    """The URL of page ``page`` (1-based) of a listing at ``url``."""
    return url if page == 1 else f"{url}{SECTIONS[language]['page']}/{page}/"


def output_path(url: str) -> str:
    """The file under ``public/`` that serves ``url``."""
    path = url.lstrip("/")
    if path == "" or path.endswith("/"):
        return path + "index.html"
    return path


_ALIAS = re.compile(r"^/[^\s?#]*$")


def alias_problem(alias: object) -> str | None:
    """Why ``alias`` cannot be an old URL to redirect from, or None."""
    if not isinstance(alias, str) or not _ALIAS.match(alias):
        return "expected a site path starting with '/' (no spaces, query or fragment)"
    if normpath(alias) != alias.rstrip("/") and alias != "/":
        return "must not contain '.', '..' or '//' segments"
    return None


FEED_FILES = {"rss": "rss.xml", "atom": "atom.xml"}


def feed_url(listing_url: str, kind: str) -> str:
    """The ``rss`` or ``atom`` feed of a listing: ``/rss.xml``, ``/kategori/politik/atom.xml``."""
    return listing_url + FEED_FILES[kind]


SITEMAP_INDEX = "/sitemap.xml"


def sitemap_url(number: int, *, news: bool = False) -> str:
    """File ``number`` (from 1) of the sitemap, ``/sitemap-1.xml``, or of the Google News
    sitemap: ``/sitemap-news.xml``, then ``/sitemap-news-2.xml``."""
    if news:
        return "/sitemap-news.xml" if number == 1 else f"/sitemap-news-{number}.xml"
    return f"/sitemap-{number}.xml"
