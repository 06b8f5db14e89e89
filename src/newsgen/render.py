"""Jinja templates into page bytes: autoescaped, strict about undefined names.

The site's ``templates/`` folder overrides any template of the built-in theme by name.
"""

from __future__ import annotations

import hashlib
import json
import traceback
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple

import jinja2
from markupsafe import Markup

from newsgen import i18n, seo, urls
from newsgen.config import SiteConfig
from newsgen.errors import RenderError
from newsgen.fingerprint import quick
from newsgen.library import Library
from newsgen.listingkeys import ListingKeys
from newsgen.model import Article, Page
from newsgen.stories import StoryPlan, digest_of
from newsgen.taxonomy import Taxonomy, Term, TermRef, term_ref

THEME = Path(__file__).parent / "theme"


@dataclass(frozen=True)
class Output:
    """One file of the site: its path under ``public/`` and its bytes."""

    path: str
    data: bytes


class Job(NamedTuple):
    """A file still to be made by ``make``, whose bytes ``key`` stands for: a digest of
    every input (empty: ``make`` is a `functools.partial` over plain build values, whose
    arguments say everything the bytes depend on, see `jobs.job_key`). ``plan`` names the
    article whose plan (`stories.StoryPlan`) the file shows, if any. Immutable like the
    dataclasses, and made in a fifth of their time: a build makes one for every page."""

    path: str
    what: str
    make: Callable[[], bytes]
    key: str = ""
    plan: str = ""


# An article page before its plan is known: where it goes, the article, the status its page
# shows, its category, and the digest of its key's text but for the plan's key.
_ArticlePage = tuple[str, Article, str, TermRef | None, "hashlib._Hash"]
# `Renderer._article`: an article's page, drawn.
_DrawArticle = Callable[[Article, str, TermRef | None, Mapping[str, StoryPlan]], bytes]


class ArticlePages:
    """The article pages of a build, made into jobs once the plans are known (`jobs`)."""

    def __init__(self, draw: _DrawArticle, pages: list[_ArticlePage], expired: list[Job]) -> None:
        self._draw, self._pages, self._expired = draw, pages, expired

    def jobs(self, plans: Mapping[str, StoryPlan], plan_keys: Mapping[str, str]) -> Iterator[Job]:
        """Each page as a job: ``plans`` may make each plan when asked, as its page is drawn;
        the page's key takes ``plan_keys`` (`stories.key_of` each plan)."""
        draw = self._draw
        for path, article, status, category, digest in self._pages:
            key = digest.copy()
            key.update(plan_keys[article.source].encode())
            make = partial(draw, article, status, category, plans)
            yield Job(path, article.url, make, key.hexdigest(), article.source)
        yield from self._expired


class Fragments:
    """What templates draw once per process and then reuse, asked for with
    ``{% call once(name, *parts) %}...{% endcall %}``: a story's card is the same on every
    listing page that shows it (a story is on five or so of them).

    ``parts`` must name everything the fragment shows that may differ between the places
    that ask for it under ``name``: strings and numbers are told apart by value, anything else
    (a frozen document, a term) by identity, kept alive with the fragment so that no other
    object takes its identity. Each build makes its template environment, and with it its
    fragments: nothing drawn is kept from one build to the next."""

    def __init__(self) -> None:
        self._made: dict[tuple[object, ...], tuple[tuple[object, ...], Markup]] = {}

    def __call__(self, name: str, *parts: object, caller: Callable[[], Markup]) -> Markup:
        key = (name, *(p if isinstance(p, str | int) else id(p) for p in parts))
        found = self._made.get(key)
        if found is None:
            found = self._made[key] = (parts, caller())
        return found[1]


@dataclass(frozen=True)
class Pager:
    number: int
    count: int
    url: str
    previous_url: str
    next_url: str


def environment(site_dir: Path, config: SiteConfig) -> jinja2.Environment:
    """The template environment: site templates first, then the theme's."""
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(
            [
                jinja2.FileSystemLoader(site_dir / "templates"),
                jinja2.FileSystemLoader(THEME / "templates"),
            ]
        ),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # one environment a build: no stat of every template every page
    )
    zone, language = config.zone, config.language
    env.filters["longdate"] = lambda d: i18n.format_date(d, language, zone)
    env.filters["dayonly"] = lambda d: i18n.format_date(d, language, zone, time=False)
    env.filters["shortdate"] = lambda d: i18n.format_short_date(d, language, zone)
    env.filters["isodate"] = lambda d: d.astimezone(zone).isoformat()
    env.filters["absolute"] = config.absolute
    env.filters["tojsonld"] = to_json_ld
    env.filters["term_url"] = lambda name, kind: urls.taxonomy_url(kind, name, language)
    env.globals.update(site=config, t=config.ui, lang=config.language)
    env.globals.update(seo.template_globals(config))
    # The theme's listing page draws each story's card once (`Fragments`). A card of the
    # site's own may show something of the page it is on: drawn each time, unless the site
    # has its own listing page too, which then asks for what it wants.
    own = site_dir / "templates"
    keep = (own / "listing.html").is_file() or not (own / "macros.html").is_file()
    env.globals["once"] = Fragments() if keep else _each_time
    return env


def _each_time(name: str, *parts: object, caller: Callable[[], Markup]) -> Markup:
    """`Fragments` that keeps nothing."""
    return caller()


def to_json_ld(value: object) -> Markup:
    """JSON for a ``<script>`` element: nothing an editor writes can close the element."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=False, indent=None)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


def _template_line(exc: BaseException) -> str:
    """``templates/x.html:12`` from the innermost template frame of a traceback."""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith((".html", ".xml", ".txt")):
            return f"{frame.filename}:{frame.lineno}"
    return "templates"


class Renderer:
    """Renders every page of a site from one library.

    A page is a `Job` whose key is worked out at once and whose context only when it is
    drawn: a build that draws a few pages of a large site asks for every key but few
    contexts (the key must change whenever the context does).
    """

    def __init__(
        self,
        env: jinja2.Environment,
        config: SiteConfig,
        library: Library,
        taxonomy: Taxonomy,
    ) -> None:
        self.env, self.config, self.library, self.taxonomy = env, config, library, taxonomy
        self.nav = tuple(term_ref(t) for t in taxonomy.categories)
        self.shared: dict[str, Any] = {
            "nav": self.nav,
            "pages": library.pages,
            "year": library.now.year,
        }
        self.shared_key = quick(self.shared)

    def _key(self, template: str, url: str, key: str) -> str:
        """A page's key from ``key``, a digest of everything its context is made from."""
        return hashlib.sha256(f"{self.shared_key}\0{template}\0{url}\0{key}".encode()).hexdigest()

    def page(self, template: str, url: str, **context: Any) -> Job:
        """The job that renders ``template`` for ``url`` with ``context``, which its key
        digests whole."""
        job_key = quick(self.shared_key, template, url, context)
        return Job(
            urls.output_path(url), url, partial(self.render, template, url, context), job_key
        )

    def render(self, template: str, url: str, context: Mapping[str, Any]) -> bytes:
        values = {**context, **self.shared, "url": url, "canonical": self.config.absolute(url)}
        try:
            html = self.env.get_template(template).render(**values)
        except jinja2.TemplateSyntaxError as exc:
            raise RenderError(
                f"{exc.filename or exc.name}:{exc.lineno}: template: {exc.message}"
            ) from None
        except jinja2.TemplateNotFound as exc:
            raise RenderError(f"templates: template not found: {exc.name}") from None
        except (jinja2.UndefinedError, TypeError, AttributeError) as exc:
            if not isinstance(exc, jinja2.UndefinedError) and "jinja2" not in repr(
                traceback.extract_tb(exc.__traceback__)
            ):
                raise
            raise RenderError(f"{_template_line(exc)}: template: {exc}") from None
        return html.encode("utf-8")

    def all(self, plans: Mapping[str, StoryPlan], plan_keys: Mapping[str, str]) -> Iterator[Job]:
        """Every page (see `articles` for ``plans`` and ``plan_keys``)."""
        yield from self.articles(plans, plan_keys)
        yield from self.others()

    def others(self, keys: ListingKeys | None = None) -> Iterator[Job]:
        """Every page that shows no plan: listings, static pages, home, 404, redirects.
        ``keys``, when given, holds listing keys kept from the last build and takes this
        build's (`listingkeys`)."""
        yield from self.listings(keys)
        yield from self.static_pages()
        yield self.home()
        yield self.page("404.html", "/404.html", title=self.config.ui["not_found_title"])
        yield from self.redirects()

    def articles(
        self, plans: Mapping[str, StoryPlan], plan_keys: Mapping[str, str]
    ) -> Iterator[Job]:
        """Article pages. ``plans`` may make each plan when asked: it is asked only as its
        page is drawn, the page's key taking ``plan_keys`` (`stories.key_of` each plan)."""
        yield from self.article_pages().jobs(plans, plan_keys)

    def article_pages(self) -> ArticlePages:
        """The article pages as far as they can be made before the plans are known: all but
        the plan's part of each key, already digested (the rest is fed in by `ArticlePages.jobs`:
        the same key as of the whole text)."""
        library = self.library
        categories: dict[str, tuple[TermRef | None, str]] = {}  # by name: each looked up once
        pages: list[_ArticlePage] = []
        start = f"{self.shared_key}\0article.html\0"
        # `Library.visible`, each part with the status its pages show.
        parts = (("", library.published), ("scheduled", library.scheduled))
        for status, part in (*parts, ("draft", library.drafts)):
            for article in part:
                found = categories.get(article.category)
                if found is None:
                    ref = _maybe_ref(self.taxonomy.term("category", article.category))
                    found = categories[article.category] = (ref, repr(ref))
                url = article.url
                known = f"{start}{url}\0{digest_of(article)}\x1f{status}\x1f{found[1]}\x1f"
                digest = hashlib.sha256(known.encode())
                pages.append((urls.output_path(url), article, status, found[0], digest))
        expired = [
            self.page(
                "expired.html", article.url, article=article, title=self.config.ui["expired_title"]
            )
            for article in library.expired
        ]
        return ArticlePages(self._article, pages, expired)

    def _article(
        self,
        article: Article,
        status: str,
        category: TermRef | None,
        plans: Mapping[str, StoryPlan],
    ) -> bytes:
        context = {
            "article": article,
            "plan": plans[article.source],  # made now, if it was not made before
            "status": status,
            "category": category,
            "title": article.title,
        }
        return self.render("article.html", article.url, context)

    @property
    def listing_context(self) -> str:
        """A digest of what listing pages' keys take from the site rather than their term."""
        config = self.config
        return quick(self.shared_key, config.per_page, config.language, self._titles())

    def _titles(self) -> dict[str, str]:
        ui = self.config.ui
        return {
            "category": ui["articles_in"],
            "tag": ui["articles_tagged"],
            "author": ui["articles_by"],
        }

    def listings(self, keys: ListingKeys | None = None) -> Iterator[Job]:
        titles = self._titles()
        for term in self.taxonomy.all_terms():
            yield from self.paginated(term, titles[term.kind].format(name=term.name), keys)

    def paginated(self, term: Term, title: str, keys: ListingKeys | None = None) -> Iterator[Job]:
        per_page = self.config.per_page
        stories = len(term.articles)
        count = max(1, -(-stories // per_page))
        ref = term_ref(term)
        # The pager and the title of each page follow from these, its number and the settings.
        shown = [repr(ref), title, str(count)]
        language = self.config.language
        page_urls = [urls.paginated(term.url, number, language) for number in range(1, count + 1)]
        joined = "\x1f".join(shown)
        known = keys.known(term.url, joined, stories, count) if keys is not None else None
        if known is None:
            digests = [article.digest or digest_of(article) for article in term.articles]
            known = tuple(
                self._key(
                    "listing.html",
                    url,
                    "\x1f".join(
                        [*shown, str(number), *digests[(number - 1) * per_page : number * per_page]]
                    ),
                )
                for number, url in enumerate(page_urls, 1)
            )
        if keys is not None:
            keys.keep(term.url, joined, stories, known)
        for number, (url, key) in enumerate(zip(page_urls, known, strict=True), 1):
            yield Job(
                urls.output_path(url),
                url,
                partial(self._listing, term, ref, title, url, number, count),
                key,
            )

    def _listing(
        self, term: Term, ref: TermRef, title: str, url: str, number: int, count: int
    ) -> bytes:
        language, per_page = self.config.language, self.config.per_page
        pager = Pager(
            number,
            count,
            url,
            urls.paginated(term.url, number - 1, language) if number > 1 else "",
            urls.paginated(term.url, number + 1, language) if number < count else "",
        )
        context = {
            "term": ref,
            "articles": term.articles[(number - 1) * per_page : number * per_page],
            "pager": pager,
            "title": title if number == 1 else f"{title} - {self.config.ui['page']} {number}",
        }
        return self.render("listing.html", url, context)

    def static_pages(self) -> Iterator[Job]:
        for page in self.library.pages:
            yield self.page("page.html", page.url, page=page, title=page.title)

    def home(self) -> Job:
        published = self.library.published
        featured = [a for a in published if a.featured]
        headline = featured[0] if featured else (published[0] if published else None)
        rest = [a for a in published if a is not headline]
        sections = [
            (term_ref(term), term.articles[: self.config.home_per_category])
            for term in self.taxonomy.categories
        ]
        return self.page(
            "home.html",
            "/",
            headline=headline,
            latest=rest[: self.config.home_latest],
            sections=sections,
            title=self.config.title,
        )

    def redirects(self) -> Iterator[Job]:
        documents: list[Article | Page] = [
            *self.library.visible,
            *self.library.expired,
            *self.library.pages,
        ]
        for doc in documents:
            for alias in doc.aliases:
                yield self.page("redirect.html", alias, target=doc.url, title=doc.title)


def _maybe_ref(term: Term | None) -> TermRef | None:
    return term_ref(term) if term is not None else None
