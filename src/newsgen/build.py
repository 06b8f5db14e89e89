"""One build, start to end: read, validate, plan, render, publish; a `BuildReport` back."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import jinja2

from newsgen import (
    __version__,
    buildcache,
    collector,
    discovery,
    forking,
    imageproc,
    images,
    jobs,
    library,
    output,
    plancache,
    reading,
    render,
    sitemaps,
    source,
    stamp,
    stories,
    taxonomy,
)
from newsgen.config import SiteConfig, load_config
from newsgen.errors import BuildFailed, BuildWarning, ContentError, NewsgenError
from newsgen.fingerprint import fingerprint
from newsgen.listingkeys import RECORD as LISTING_KEYS
from newsgen.listingkeys import ListingKeys
from newsgen.model import Article, BodyLost, Page, Photo, Variant
from newsgen.options import BuildOptions, BuildReport
from newsgen.render import Output
from newsgen.source import SourceDoc

# From this many published files, they are looked up in a forked process beside the reading.
SURVEY_BESIDE = 2000

# Told (pages rendered, pages in all) as rendering goes; the total may grow.
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Site:
    """Everything a build knows before it renders: the validated, planned site."""

    config: SiteConfig
    library: library.Library
    taxonomy: taxonomy.Taxonomy
    plans: stories.Plans
    warnings: tuple[BuildWarning, ...]
    files: tuple[discovery.Planned, ...]  # feeds, sitemaps, robots.txt, _redirects


def _nothing() -> None:
    return None


def _sort_key(error: NewsgenError) -> tuple[str, int]:
    if isinstance(error, ContentError):
        return error.path, error.line or 0
    return "", 0


@dataclass(frozen=True)
class Inspection:
    """What reading and validating gave: the site when there was no error, and every finding."""

    site: Site | None
    errors: tuple[NewsgenError, ...]
    warnings: tuple[BuildWarning, ...]
    docs: tuple[SourceDoc, ...]


def inspect_site(
    options: BuildOptions,
    *,
    keep_docs: bool = False,
    scanned: stamp.Inputs | None = None,
    read: Callable[[library.Library], None] | None = None,
    later: ExitStack | None = None,
    meanwhile: Callable[[SiteConfig, library.Library, taxonomy.Taxonomy], None] | None = None,
    early: buildcache.Early | None = None,
) -> Inspection:
    """Read and validate the whole site, collecting every error and warning; ``scanned``
    is what `stamp.inputs` found of the site's files just before, if it looked. ``read``,
    when given, is told the library as soon as it is assembled (stories may be being planned
    beside).
    ``later``, when given, takes the end of work that may go on after (records of the
    plans being written), which is otherwise waited for here. ``meanwhile``, when given, is
    told the settings, library and taxonomy while the stories are planned. ``early`` holds
    records of the build cache read ahead (`read_ahead`).

    Only a broken ``site.yaml`` is raised, since nothing can be read without it.
    """
    config = load_config(options.site_dir)
    # The reading's records, which the build can end without: written by the planning
    # process when it forks one, else by one of their own (one fork fewer for the pages of
    # this large process to be copied for, as it writes to them).
    writes: list[Callable[[], None]] = []
    tree = reading.read_documents(
        options.site_dir,
        config,
        options.cache_root,
        use_cache=not options.clean,
        workers=options.workers,
        keep_docs=keep_docs,
        scanned=(
            (scanned.scanned_at, scanned.stats)
            if scanned is not None and scanned.site == str(options.site_dir)  # paths begin so
            else None
        ),
        keep=None if later is None else writes.append,
        early=early,
    )
    errors: list[NewsgenError] = list(tree.errors)
    warnings: list[BuildWarning] = []
    articles: list[Article] = []
    pages: list[Page] = []
    for parsed in tree.parsed:
        errors += parsed.errors
        warnings += parsed.warnings
        if isinstance(parsed.document, Article):
            articles.append(parsed.document)
        elif isinstance(parsed.document, Page):
            pages.append(parsed.document)
    lib = library.assemble(
        tuple(articles), tuple(pages), options.now, drafts=options.drafts, preview=options.preview
    )
    planning = plancache.Planning(
        lib,
        config,
        options.cache_root,
        use_cache=not options.clean,
        workers=options.workers,
        then=writes[0] if writes else None,
    )
    if writes and later is not None and not planning.takes_then:
        writing = forking.Beside(_nothing, fork=options.workers > 1, then=writes[0])
        writing.result()
        later.callback(writing.close)
    try:
        if read is not None:
            read(lib)
        terms = taxonomy.classify(lib.published, config.language, config.menu)
        generated = {"index.html": "the home page", "404.html": "the 404 page"}
        for term in terms.all_terms():
            page = term.url.lstrip("/") + "index.html"
            generated[page] = f"the {term.kind} page of {term.name!r}"
        files = discovery.plan(config, lib, terms, _site_files(options.site_dir))
        generated.update(discovery.claims(files))
        errors += library.url_claims(lib, generated)
        if meanwhile is not None:
            meanwhile(config, lib, terms)
        plans = planning.result()
    finally:
        if later is None:
            planning.close()
        else:
            later.callback(planning.close)
    errors += plans.errors
    warnings += plans.warnings
    if options.strict:
        errors += [w.as_error() for w in warnings]
    site = None if errors else Site(config, lib, terms, plans, tuple(warnings), files)
    return Inspection(site, tuple(sorted(errors, key=_sort_key)), tuple(warnings), tree.docs)


def load_site(
    options: BuildOptions,
    scanned: stamp.Inputs | None = None,
    read: Callable[[library.Library], None] | None = None,
    later: ExitStack | None = None,
    meanwhile: Callable[[SiteConfig, library.Library, taxonomy.Taxonomy], None] | None = None,
    early: buildcache.Early | None = None,
) -> Site:
    """Read and validate the whole site; raise `BuildFailed` with every error found."""
    inspection = inspect_site(
        options, scanned=scanned, read=read, later=later, meanwhile=meanwhile, early=early
    )
    if inspection.site is None:
        raise BuildFailed(inspection.errors)
    return inspection.site


def _photos(lib: library.Library) -> tuple[Photo, ...]:
    """Every photo a page of the site shows: lead, figures and images within text."""
    found = [photo for article in lib.visible for photo in article.photos]
    for page in lib.pages:
        for block in page.blocks:
            found += [block.photo] if block.photo else []
            found += block.inline
    return tuple(found)


# A `imageproc.ProcessReport` as plain data: made, cached, failures.
_Processed = tuple[int, int, tuple[tuple[str, str], ...]]


def _process(variants: tuple[Variant, ...], site_dir: Path, cache: Path) -> _Processed:
    report = imageproc.process(variants, site_dir, cache)
    return report.made, report.cached, report.failures


def _copies(
    site_dir: Path, config: SiteConfig, variants: tuple[Variant, ...], cache: Path
) -> list[tuple[str, Path]]:
    """Static files (the site's over the theme's) and every photo variant, from the cache."""
    copies: list[tuple[str, Path]] = []
    for folder in (site_dir / "static", render.THEME / "static"):
        if folder.is_dir():
            copies += [
                (f.relative_to(folder).as_posix(), f)
                for f in sorted(folder.rglob("*"))
                if f.is_file()
            ]
    photos = {variant.path: imageproc.cache_path(cache, variant) for variant in variants}
    if config.logo.startswith("/images/"):
        logo = site_dir / source.SHARED_IMAGES / config.logo[len("/images/") :]
        if logo.is_file():
            photos[config.logo.lstrip("/")] = logo
    return copies + sorted(photos.items())


def _site_files(site_dir: Path) -> dict[str, str]:
    """The site's own robots.txt and _redirects, which the generated ones take in."""
    folder = site_dir / "static"
    return {
        name: (folder / name).read_text(encoding="utf-8", errors="replace")
        for name in discovery.EXTENDED
        if (folder / name).is_file()
    }


def _bytecode_cache(env: jinja2.Environment, folder: Path) -> jinja2.BytecodeCache:
    """Compiled templates, by template and source checksum, in a folder named by everything
    else that shapes the compiled code: a changed setting never meets an old compilation."""
    settings = (
        jinja2.__version__,
        env.autoescape if isinstance(env.autoescape, bool) else "by name",
        env.trim_blocks,
        env.lstrip_blocks,
        env.keep_trailing_newline,
        env.newline_sequence,
        env.optimized,
        env.block_start_string,
        env.variable_start_string,
        env.comment_start_string,
        sorted(env.extensions),
    )
    shaped = folder / hashlib.sha256(repr(settings).encode()).hexdigest()[:16]
    shaped.mkdir(parents=True, exist_ok=True)
    return jinja2.FileSystemBytecodeCache(str(shaped))


def _renderer(
    options: BuildOptions, config: SiteConfig, lib: library.Library, terms: taxonomy.Taxonomy
) -> render.Renderer:
    env = render.environment(options.site_dir, config)
    env.bytecode_cache = _bytecode_cache(env, options.template_cache)
    return render.Renderer(env, config, lib, terms)


def page_jobs(options: BuildOptions, site: Site) -> list[render.Job]:
    """Every page of the site as a job still to be made."""
    renderer = _renderer(options, site.config, site.library, site.taxonomy)
    return list(renderer.all(site.plans.by_source, site.plans.keys))


def render_site(
    options: BuildOptions, site: Site, progress: Progress | None = None
) -> list[Output]:
    """Every page of the site, rendered in memory; ``progress`` hears of each page."""
    outputs: list[Output] = []
    todo = page_jobs(options, site)
    for job in todo:
        outputs.append(Output(job.path, job.make()))
        if progress is not None:
            progress(len(outputs), len(todo))
    return outputs


def _templates_digest(site_dir: Path) -> str:
    """A digest of every template a page may use: the site's and the theme's."""
    digest = hashlib.sha256(__version__.encode())
    for folder in (site_dir / "templates", render.THEME / "templates"):
        if folder.is_dir():
            for file in sorted(folder.rglob("*")):
                if file.is_file():
                    digest.update(file.relative_to(folder).as_posix().encode() + b"\0")
                    digest.update(file.read_bytes() + b"\0")
    return digest.hexdigest()


def other_files(options: BuildOptions, site: Site) -> list[str]:
    """Paths under ``public/`` besides the pages: feeds, sitemaps, static files, photos."""
    variants = images.published(_photos(site.library))
    copies = _copies(options.site_dir, site.config, variants, options.image_cache)
    return [p.path for p in site.files] + [path for path, _ in copies]


def _previews(site: Site) -> tuple[tuple[str, str, str], ...]:
    lib = site.library
    return tuple(("draft", a.title, a.url) for a in lib.drafts) + tuple(
        ("scheduled", a.title, a.url) for a in lib.scheduled
    )


def build(
    options: BuildOptions,
    progress: Progress | None = None,
    *,
    scanned: stamp.Inputs | None = None,
    hold: Callable[[object], None] | None = None,
    early: buildcache.Early | None = None,
) -> BuildReport:
    """Build the site into ``options.output_dir``; the old output stays on any error.

    ``progress``, when given, is called with (pages rendered, pages in all) as pages render.
    ``scanned`` is what `stamp.inputs` found, when the caller has already looked and found
    the build stamp stale; otherwise a build with nothing to do stops at the stamp.
    ``hold``, when given, is handed what the build read and made, which it would otherwise
    free object by object as it returns: a caller about to exit can keep it.
    ``early``, when given, holds records of the build cache read ahead (`read_ahead`).
    """
    started = time.perf_counter()
    if scanned is None:
        scanned = stamp.inputs(options.site_dir)
        unchanged = stamp.fresh(options, scanned)
        if unchanged is not None:
            return unchanged
    try:
        with collector.paused(), ExitStack() as later:
            return _build(options, progress, scanned, started, hold, later, early)
    except BodyLost:
        # A stored body went missing or was damaged: costs a full read, never a wrong page.
        reading.forget(options.cache_root)
        # the first attempt may have let the collector run again; the records read ahead
        # name the bodies just forgotten
        with collector.paused(), ExitStack() as later:
            return _build(options, progress, scanned, started, hold, later, None)


def read_ahead(options: BuildOptions, stop: Callable[[], bool]) -> buildcache.Early:
    """The records of the build cache a build of ``options`` reads first (the manifest of
    ``public/``, then the reading's), read until ``stop()`` says so; none for a clean build.
    For a process that waits for something else meanwhile (the scan of a large site)."""
    if options.clean:
        return buildcache.Early()
    names = [(output.manifest_name(options.output_dir), True), *reading.records()]
    return buildcache.read_ahead(options.cache_root, names, stop)


def _ready(plans: stories.Plans, drawn: list[jobs.Makeable]) -> None:
    """Before the pages ``drawn`` are drawn: the plans they show at hand."""
    plancache.prepare(plans, [plan for job in drawn if (plan := getattr(job, "plan", ""))])


def _build(
    options: BuildOptions,
    progress: Progress | None,
    scanned: stamp.Inputs,
    started: float,
    hold: Callable[[object], None] | None,
    later: ExitStack,
    early: buildcache.Early | None,
) -> BuildReport:
    """`build` once; ``later`` takes what may go on until the build ends."""
    public = options.output_dir
    output.recover(public, options.cache_root)  # an interrupted build completed first
    manifest = {} if options.clean else output.load_manifest(options.cache_root, public, early)
    # What public/ holds is looked up beside the reading, on the other core.
    on_disk = forking.Beside(
        partial(output.survey, public, tuple(manifest)),
        fork=options.workers > 1 and len(manifest) >= SURVEY_BESIDE,
    )
    making: list[tuple[tuple[Variant, ...], forking.Beside[_Processed] | None]] = []

    def make_photos(lib: library.Library) -> None:
        """Photo variants still to make are made beside the planning, which is mostly
        serial: a cold build keeps both cores busy."""
        variants = images.published(_photos(lib))
        beside = None
        if imageproc.missing(variants, options.image_cache):
            made = partial(_process, variants, options.site_dir, options.image_cache)
            beside = forking.Beside(made, fork=options.workers > 1)
        making.append((variants, beside))

    listed: list[tuple[render.ArticlePages, list[render.Job], ListingKeys]] = []

    def list_others(config: SiteConfig, lib: library.Library, terms: taxonomy.Taxonomy) -> None:
        """Pages that show no plan are listed while the stories are planned, maybe beside;
        and the article pages, but for their plans' part."""
        renderer = _renderer(options, config, lib, terms)
        cache = options.cache_root
        kept = {} if options.clean else buildcache.load(cache, LISTING_KEYS, plain=True)
        keys = ListingKeys(renderer.listing_context, lib.published, config.language, kept)
        listed.append((renderer.article_pages(), list(renderer.others(keys)), keys))

    try:
        site = load_site(
            options, scanned, read=make_photos, later=later, meanwhile=list_others, early=early
        )
        variants, beside = making[0]
        answer = beside.result() if beside is not None else (0, len(variants), ())
        processed = imageproc.ProcessReport(*answer)  # marshal keeps tuples as tuples
        if processed.failures:
            failures = processed.failures
            raise BuildFailed(ContentError(path, None, "photo", why) for path, why in failures)
        article_pages, others, listing_keys = listed[0]
        plans = site.plans
        todo: list[jobs.Makeable] = [*article_pages.jobs(plans.by_source, plans.keys)]
        todo += others
        todo += site.files
        found = on_disk.result()
    finally:
        on_disk.close()
        for _variants, making_beside in making:
            if making_beside is not None:
                making_beside.close()
    base = fingerprint(__version__, site.config, _templates_digest(options.site_dir))
    collector.resume()  # drawing pages leaves cycles: collect them, not the site read so far
    run = jobs.run(
        todo,
        base,
        manifest,
        public,
        workers=options.workers,
        progress=progress,
        on_disk=found,
        ready=partial(_ready, site.plans),
    )
    copies = [
        output.Copy(path, source)
        for path, source in _copies(options.site_dir, site.config, variants, options.image_cache)
    ]
    stamp.forget(options)
    report = output.publish(
        run.made, copies, public, options.cache_root, manifest, on_disk=found, reused=run.reused
    )
    if (record := listing_keys.record()) is not None:
        buildcache.save(options.cache_root, LISTING_KEYS, record, plain=True)
    pruned = 0
    if processed.made or report.deleted:  # what may have left files unused in the photo cache
        before = time.time() - imageproc.PRUNE_AFTER
        pruned = imageproc.prune(options.image_cache, variants, before)
    photos = len({variant.source for variant in variants})
    built = BuildReport(
        articles=len(site.library.published),
        pages_written=report.pages_written,
        pages_unchanged=report.pages_unchanged,
        files_written=report.written,
        photos=photos,
        warnings=site.warnings,
        seconds=time.perf_counter() - started,
        previews=_previews(site),
        images_made=processed.made,
        images_cached=processed.cached,
        images_pruned=pruned,
    )
    until = library.unchanged_until(site.library, sitemaps.NEWS_WINDOW)
    stamp.record(options, scanned, until, built)
    if hold is not None:
        hold((site, todo, manifest, copies, variants))
    return built
