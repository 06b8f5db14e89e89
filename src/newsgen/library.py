"""All documents of a build: what is published at ``now``, scheduled, expired; URL claims.

A pure step: it is given ``now`` and the parsed documents, and returns the library or the
errors that stop the build (two documents at one URL, an ambiguous ``related:`` slug).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from types import MappingProxyType

from newsgen import urls
from newsgen.errors import BuildWarning, ContentError
from newsgen.model import Article, Page


@dataclass(frozen=True)
class Library:
    """The documents of one build, newest article first."""

    published: tuple[Article, ...]  # listed: in listings, feeds, sitemaps
    scheduled: tuple[Article, ...]  # date after now; built only in preview
    expired: tuple[Article, ...]  # taken down: a notice page at their URL
    drafts: tuple[Article, ...]  # built only with --drafts
    pages: tuple[Page, ...]
    now: datetime
    by_slug: Mapping[str, tuple[Article, ...]]
    by_source: Mapping[str, Article]
    upcoming: tuple[Article, ...]  # dated after now, drafts aside, preview or not

    @property
    def visible(self) -> tuple[Article, ...]:
        """Articles that get a full page: published plus whatever preview brings in."""
        return self.published + self.scheduled + self.drafts

    def lookup(self, ref: str) -> Article | tuple[Article, ...] | None:
        """An article named by slug or by path (``content/articles/...`` or below it)."""
        if ref.endswith((".md", ".markdown")) or "/" in ref:
            for candidate in (ref, f"content/articles/{ref}", f"content/{ref}"):
                if candidate in self.by_source:
                    return self.by_source[candidate]
                if f"{candidate}/index.md" in self.by_source:
                    return self.by_source[f"{candidate}/index.md"]
            return None
        found = self.by_slug.get(ref, ())
        if len(found) == 1:
            return found[0]
        return found or None


def unchanged_until(library: Library, window: timedelta) -> datetime:
    """The first moment after ``library.now`` at which a build of the same files could differ:
    a scheduled story comes out, a story expires or leaves the last ``window`` (the news
    sitemap's), a new year begins (page footers show the year). A build at any moment from
    ``now`` up to this one makes the same site from the same files. With nothing published
    it is ``now`` itself: an empty feed is dated by the build's clock.
    """
    now = library.now
    if not library.published:
        return now
    until = datetime(now.year + 1, 1, 1, tzinfo=now.tzinfo)
    tick = timedelta(microseconds=1)
    for article in library.upcoming:
        until = min(until, article.date)
        if article.expires is not None and article.expires > now:
            until = min(until, article.expires)
    # Newest first: the stories still in the window come first.
    for articles in (library.published, library.expired):
        for article in articles:
            if article.date + window < now:
                break
            until = min(until, article.date + window + tick)
    for article in library.published:  # every story that will expire (the expired have)
        if article.expires is not None:
            until = min(until, article.expires)
    return until


def _newest_first(articles: list[Article]) -> tuple[Article, ...]:
    if len(articles) < 2:
        return tuple(articles)
    return tuple(sorted(articles, key=lambda a: (a.instant, a.slug, a.source), reverse=True))


def assemble(
    articles: tuple[Article, ...],
    pages: tuple[Page, ...],
    now: datetime,
    *,
    drafts: bool = False,
    preview: bool = False,
) -> Library:
    """Sort articles by what ``now`` makes of them."""
    published: list[Article] = []
    expired: list[Article] = []
    draft_list: list[Article] = []
    upcoming: list[Article] = []
    at = now.timestamp()
    for article in articles:
        if article.draft:
            if drafts:
                draft_list.append(article)
        elif article.instant > at:
            upcoming.append(article)
        elif article.expires is not None and article.expires <= now:
            expired.append(article)
        else:
            published.append(article)
    by_slug: dict[str, list[Article]] = {}
    for article in articles:
        if not article.draft or drafts:
            by_slug.setdefault(article.slug, []).append(article)
    return Library(
        published=_newest_first(published),
        scheduled=_newest_first(upcoming) if preview else (),
        expired=_newest_first(expired),
        drafts=_newest_first(draft_list),
        pages=tuple(p for p in sorted(pages, key=lambda p: p.url) if drafts or not p.draft),
        now=now,
        by_slug=MappingProxyType({k: _newest_first(v) for k, v in by_slug.items()}),
        by_source=MappingProxyType({a.source: a for a in articles}),
        upcoming=tuple(upcoming),
    )


def url_claims(library: Library, extra: Mapping[str, str]) -> list[ContentError]:
    """Two documents that would publish at one URL: one error naming both files.

    ``extra`` maps the URLs of generated pages (taxonomies, feeds) to what made them.
    """
    every: list[Article | Page] = [*library.pages, *library.visible, *library.expired]
    if not _claimed_twice(every, extra):  # as at almost every build: no need to say who
        return []
    claims: dict[str, str] = dict(extra)
    errors: list[ContentError] = []

    def claim(url: str, source: str, field: str, line: int | None) -> None:
        key = urls.output_path(url)
        owner = claims.get(key)
        if owner is not None and owner != source:
            errors.append(
                ContentError(source, line, field, f"URL {url} is already used by {owner}")
            )
        else:
            claims[key] = source

    documents = sorted(every, key=lambda d: d.source)
    for doc in documents:
        claim(
            doc.url,
            doc.source,
            "slug" if "slug" in doc.lines else "title",
            doc.lines.get("slug") or doc.lines.get("title"),
        )
    for doc in documents:
        line, own, named = doc.lines.get("aliases"), urls.output_path(doc.url), set()
        for alias in doc.aliases:
            path = urls.output_path(alias)  # "/a/" and "/a/index.html" are one page
            if path == own or path in named:
                why = "this document's own page" if path == own else "the page of an alias before"
                errors.append(ContentError(doc.source, line, "aliases", f"URL {alias} is {why}"))
                continue
            named.add(path)
            claim(alias, doc.source, "aliases", line)
    return errors


def _claimed_twice(documents: list[Article | Page], extra: Mapping[str, str]) -> bool:
    """Whether a path is claimed twice by ``documents`` (one of them may claim it twice) or
    by one of them and ``extra``: what `url_claims` then tells in order."""
    path = urls.output_path
    paths = [path(doc.url) for doc in documents]
    paths += [path(alias) for doc in documents for alias in doc.aliases]
    unique = set(paths)
    return len(unique) < len(paths) or not unique.isdisjoint(extra)


def resolve_related(
    library: Library, article: Article
) -> tuple[tuple[Article, ...], list[ContentError], list[BuildWarning]]:
    """The editor's ``related:`` picks as articles, in the order written."""
    picks: list[Article] = []
    errors: list[ContentError] = []
    warnings: list[BuildWarning] = []
    line = article.lines.get("related")
    for ref in article.related:
        found = library.lookup(ref)
        if isinstance(found, tuple):
            names = ", ".join(a.source for a in found)
            errors.append(
                ContentError(
                    article.source,
                    line,
                    "related",
                    f"slug {ref!r} matches several articles: {names}; name one by its path",
                )
            )
        elif found is None:
            warnings.append(
                BuildWarning(
                    article.source, line, "related", f"no article with slug or path {ref!r}"
                )
            )
        elif found is not article:
            picks.append(found)
    return tuple(picks), errors, warnings
