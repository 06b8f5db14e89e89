"""Reading plans (BACA JUGA blocks, related lists) kept between builds.

Plans draw on the whole archive, but only on part of each story: the related index reads a
story's slug, title, lead, the start of its body, tags, category and date
(`related.what_is_read`), and the editor's picks and pins name stories by slug or path. So the
record is kept under a key of just that of every article, with which ones ``now`` publishes
and the settings; while it holds, the index is taken from the record and so is the plan of
every article whose own file is unchanged. Only the articles that changed are planned again:
an editor's fix further down a body re-plans that one story, not the archive.

Plans are kept as plain data: articles by path, body blocks by position, looked up again in
the new build's library. The index is a record of its own, read only when some article must
be planned again.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from newsgen import __version__, buildcache, related, stories
from newsgen.config import SiteConfig
from newsgen.errors import BuildWarning, ContentError
from newsgen.fingerprint import quick
from newsgen.library import Library
from newsgen.model import Article

RECORD = "plans"
INDEX = "plans-index"


def archive_key(library: Library, config: SiteConfig) -> str:
    """What every plan depends on, each article's own file aside."""
    articles = sorted(library.by_source.values(), key=lambda a: a.source)
    return quick(
        __version__,
        config.related,
        config.language,
        [(a.source, a.draft, related.what_is_read(stories.related_doc(a))) for a in articles],
        [a.source for a in library.published],
        [a.source for a in library.visible],
        [a.source for a in library.expired],
    )


# An article's plan as plain data: its digest; each part a block's position in the body or a
# BACA JUGA block's (kind, paths), with the places of the latter among the parts; each related
# link (path, newer); then its errors and warnings.
Compact = tuple[
    str,
    tuple[int | tuple[str, tuple[str, ...]], ...],
    tuple[int, ...],
    tuple[tuple[str, bool], ...],
    tuple[ContentError, ...],
    tuple[BuildWarning, ...],
]


def _compact(article: Article, planned: stories.Planned) -> Compact:
    parts = tuple(
        (part.kind, tuple(a.source for a in part.links))
        if isinstance(part, stories.ReadAlso)
        else part
        for part in planned.plan.layout
    )
    blocks = tuple(i for i, part in enumerate(parts) if not isinstance(part, int))
    links = tuple((link.article.source, link.newer) for link in planned.plan.related)
    return article.digest, parts, blocks, links, planned.errors, planned.warnings


def _expand(
    article: Article, compact: Compact, by_source: Mapping[str, Article]
) -> stories.Planned:
    _digest, parts, blocks, links, errors, warnings = compact
    layout: list[Any] = list(parts)  # the BACA JUGA blocks' places are filled in below
    for at in blocks:
        kind, sources = layout[at]
        layout[at] = stories.ReadAlso(tuple(by_source[source] for source in sources), kind)
    plan = stories.StoryPlan(
        article.body,
        tuple(layout),
        tuple(stories.RelatedLink(by_source[source], newer) for source, newer in links),
    )
    return stories.Planned(plan, errors, warnings)


def _load(
    cache_dir: Path, key: str, library: Library
) -> tuple[dict[str, stories.Planned], dict[str, Compact]] | None:
    """The recorded plans of the articles whose file is as it was then, as plans and as
    recorded."""
    record = buildcache.load(cache_dir, RECORD)
    plans = record.get("plans")
    if record.get("key") != key or not isinstance(plans, dict):
        return None
    by_source = library.by_source
    known: dict[str, stories.Planned] = {}
    kept: dict[str, Compact] = {}
    try:
        for source, compact in plans.items():
            article = by_source.get(source)
            if article is not None and article.digest == compact[0]:
                known[source] = _expand(article, compact, by_source)
                kept[source] = compact
    except (*buildcache.UNREADABLE, LookupError):
        return None
    return known, kept


def _index(cache_dir: Path, key: str) -> related.RelatedIndex | None:
    record = buildcache.load(cache_dir, INDEX)
    index = record.get("index")
    return index if record.get("key") == key and isinstance(index, related.RelatedIndex) else None


def plans_for(
    library: Library, config: SiteConfig, cache_dir: Path, *, use_cache: bool, workers: int = 1
) -> stories.Plans:
    """The plans of every article with a page, each made again only when it may differ."""
    key = archive_key(library, config)
    found = _load(cache_dir, key, library) if use_cache else None
    known, kept = found if found is not None else (None, {})
    index = None
    if known is not None and len(known) < len(library.visible):
        index = _index(cache_dir, key)
        if index is None:
            known, kept = None, {}
    built, plans = stories.plan_all(
        library, config.related, config.language, index=index, known=known, workers=workers
    )
    if known is None or len(known) < len(plans):
        by_source = library.by_source
        compact = {
            source: kept[source] if source in kept else _compact(by_source[source], plan)
            for source, plan in plans.items()
        }
        buildcache.save(cache_dir, RECORD, {"key": key, "plans": compact})
    if index is None and built is not None:
        buildcache.save(cache_dir, INDEX, {"key": key, "index": built})
    return stories.gather(plans)
