"""Categories, tags and authors: each a term with its URL and its published articles."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from newsgen import urls
from newsgen.model import Article


@dataclass(frozen=True)
class Term:
    kind: str  # category, tag or author
    name: str
    slug: str
    url: str
    articles: tuple[Article, ...]  # newest first


@dataclass(frozen=True)
class TermRef:
    """A category, tag or author as pages link to it, without its articles."""

    kind: str
    name: str
    slug: str
    url: str


def term_ref(term: Term) -> TermRef:
    return TermRef(term.kind, term.name, term.slug, term.url)


@dataclass(frozen=True)
class Taxonomy:
    categories: tuple[Term, ...]  # in menu order
    tags: tuple[Term, ...]
    authors: tuple[Term, ...]

    def all_terms(self) -> tuple[Term, ...]:
        return self.categories + self.tags + self.authors

    def term(self, kind: str, name: str) -> Term | None:
        """The term a name belongs to (names that slug alike share one term)."""
        group = {"category": self.categories, "tag": self.tags, "author": self.authors}[kind]
        slug = urls.slugify(name)
        return next((t for t in group if t.slug == slug), None)


def _terms(
    kind: str,
    articles: Sequence[Article],
    names_of: Callable[[Article], Iterable[str]],
    language: str,
) -> tuple[Term, ...]:
    """Group ``articles`` (newest first) by slug; the first name seen for a slug wins."""
    by_name: dict[str, list[Article]] = {}  # by name first: a slug is made once a name
    for article in articles:
        for name in names_of(article):
            group = by_name.get(name)
            if group is None:
                by_name[name] = [article]
            elif group[-1] is not article:
                group.append(article)
    names: dict[str, str] = {}
    members: dict[str, list[Article]] = {}
    merged: set[str] = set()
    for name, group in by_name.items():  # names in the order first seen
        slug = urls.slugify(name)
        if not slug:
            continue
        if slug in names:
            members[slug] = members[slug] + group
            merged.add(slug)
        else:
            names[slug], members[slug] = name, group
    if merged:  # names that slug alike: their stories in the order given, each once
        place = {id(article): i for i, article in enumerate(articles)}
        for slug in merged:
            unique = {id(article): article for article in members[slug]}
            members[slug] = sorted(unique.values(), key=lambda a: place[id(a)])
    return tuple(
        Term(kind, names[slug], slug, urls.taxonomy_url(kind, names[slug], language), tuple(group))
        for slug, group in sorted(members.items())
    )


def classify(articles: tuple[Article, ...], language: str, menu: tuple[str, ...]) -> Taxonomy:
    """Terms of the published articles; categories follow ``menu``, the rest in the order of
    their names. Not by size: the navigation on every page would change (and every page with
    it) whenever one story tips the count of one desk past another's."""
    categories = _terms("category", articles, lambda a: (a.category,), language)
    order = {urls.slugify(name): i for i, name in enumerate(menu)}
    categories = tuple(sorted(categories, key=lambda t: (order.get(t.slug, len(order)), t.slug)))
    return Taxonomy(
        categories=categories,
        tags=_terms("tag", articles, lambda a: a.tags, language),
        authors=_terms("author", articles, lambda a: a.authors, language),
    )
