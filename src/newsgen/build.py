"""One build, start to end: read, validate, plan, render, publish; a `BuildReport` back."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from newsgen import content, library, output, render, source, stories, taxonomy
from newsgen.config import SiteConfig, load_config
from newsgen.errors import BuildFailed, BuildWarning, ContentError, NewsgenError
from newsgen.markup import BodyRenderer
from newsgen.model import Article, Page


@dataclass(frozen=True)
class BuildOptions:
    site_dir: Path
    output_dir: Path
    now: datetime
    drafts: bool = False
    strict: bool = False
    preview: bool = False  # scheduled stories get pages too, marked as such


@dataclass(frozen=True)
class BuildReport:
    articles: int
    pages_written: int
    pages_unchanged: int
    files_written: int
    photos: int
    warnings: tuple[BuildWarning, ...]
    seconds: float


@dataclass(frozen=True)
class Site:
    """Everything a build knows before it renders: the validated, planned site."""

    config: SiteConfig
    library: library.Library
    taxonomy: taxonomy.Taxonomy
    plans: stories.Plans
    warnings: tuple[BuildWarning, ...]


def _sort_key(error: NewsgenError) -> tuple[str, int]:
    if isinstance(error, ContentError):
        return error.path, error.line or 0
    return "", 0


def load_site(options: BuildOptions) -> Site:
    """Read and validate the whole site; raise `BuildFailed` with every error found."""
    config = load_config(options.site_dir)
    tree = source.read_site(options.site_dir)
    errors: list[NewsgenError] = list(tree.errors)
    warnings: list[BuildWarning] = []
    articles: list[Article] = []
    pages: list[Page] = []
    renderer = BodyRenderer()
    for doc in tree.docs:
        parse = content.parse_article if doc.kind == "article" else content.parse_page
        parsed = parse(doc, config, tree.images, renderer)
        errors += parsed.errors
        warnings += parsed.warnings
        if isinstance(parsed.document, Article):
            articles.append(parsed.document)
        elif isinstance(parsed.document, Page):
            pages.append(parsed.document)
    lib = library.assemble(
        tuple(articles), tuple(pages), options.now, drafts=options.drafts, preview=options.preview
    )
    terms = taxonomy.classify(lib.published, config.language, config.menu)
    generated = {"index.html": "the home page", "404.html": "the 404 page"}
    for term in terms.all_terms():
        generated[term.url.lstrip("/") + "index.html"] = f"the {term.kind} page of {term.name!r}"
    errors += library.url_claims(lib, generated)
    plans = stories.plan_all(lib, config.related_count)
    errors += plans.errors
    warnings += plans.warnings
    if options.strict:
        errors += [w.as_error() for w in warnings]
    if errors:
        raise BuildFailed(sorted(errors, key=_sort_key))
    return Site(config, lib, terms, plans, tuple(warnings))


def _copies(site_dir: Path, site: Site) -> list[tuple[str, Path]]:
    """Static files (the site's over the theme's) and every published photo."""
    copies: list[tuple[str, Path]] = []
    for folder in (site_dir / "static", render.THEME / "static"):
        if folder.is_dir():
            copies += [
                (f.relative_to(folder).as_posix(), f)
                for f in sorted(folder.rglob("*"))
                if f.is_file()
            ]
    photos = {
        photo.url.lstrip("/"): site_dir / photo.file.rel_path
        for article in (*site.library.visible,)
        for photo in article.photos
        if photo.file is not None
    }
    for page in site.library.pages:
        for block in page.blocks:
            if block.photo and block.photo.file:
                photos[block.photo.url.lstrip("/")] = site_dir / block.photo.file.rel_path
    if site.config.logo.startswith("/images/"):
        logo = site_dir / source.SHARED_IMAGES / site.config.logo[len("/images/") :]
        if logo.is_file():
            photos[site.config.logo.lstrip("/")] = logo
    return copies + sorted(photos.items())


def build(options: BuildOptions) -> BuildReport:
    """Build the site into ``options.output_dir``; the old output stays on any error."""
    started = time.perf_counter()
    site = load_site(options)
    env = render.environment(options.site_dir, site.config)
    renderer = render.Renderer(env, site.config, site.library, site.taxonomy, site.plans.by_source)
    outputs = list(renderer.all())
    copies = _copies(options.site_dir, site)
    report = output.publish(outputs, copies, options.output_dir)
    photos = sum(1 for path, _ in copies if path.startswith(("images/", "articles/")))
    return BuildReport(
        articles=len(site.library.published),
        pages_written=report.pages_written,
        pages_unchanged=report.pages_unchanged,
        files_written=report.written,
        photos=photos,
        warnings=site.warnings,
        seconds=time.perf_counter() - started,
    )
