"""Reading plans (BACA JUGA blocks, related lists) kept between builds.

Plans draw on the whole archive, but only on part of each story: the related index reads a
story's slug, title, lead, the start of its body, tags, category and date
(`related.what_is_read`), and the editor's picks and pins name stories by slug or path. So the
record is kept under a key of just that of every article, with which ones ``now`` publishes
and the settings; while it holds, the index is taken from the record and so is the plan of
every article whose own file is unchanged. Only the articles that changed are planned again:
an editor's fix further down a body re-plans that one story, not the archive.

Articles in the record are kept by path and their body blocks by path and position, and
looked up again in the new build's library.
"""

from __future__ import annotations

import io
import pickle
from pathlib import Path
from typing import Any

from newsgen import __version__, buildcache, related, stories
from newsgen.config import SiteConfig
from newsgen.fingerprint import quick
from newsgen.library import Library
from newsgen.model import Article, Block

RECORD = "plans"


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


class _Pickler(pickle.Pickler):
    """Articles by path, and their body blocks by path and position: not copied."""

    def __init__(self, data: io.BytesIO, library: Library) -> None:
        super().__init__(data, protocol=pickle.HIGHEST_PROTOCOL)
        self.blocks = {
            id(block): (article.source, index)
            for article in library.by_source.values()
            for index, block in enumerate(article.blocks)
        }

    def persistent_id(self, obj: Any) -> object:
        if isinstance(obj, Article):
            return obj.source
        if isinstance(obj, Block):
            return self.blocks.get(id(obj))
        return None


class _Unpickler(pickle.Unpickler):
    def __init__(self, data: io.BytesIO, library: Library) -> None:
        super().__init__(data)
        self.library = library

    def persistent_load(self, pid: Any) -> Article | Block:
        if isinstance(pid, tuple):
            source, index = pid
            return self.library.by_source[source].blocks[index]
        return self.library.by_source[str(pid)]


Known = tuple[related.RelatedIndex, dict[str, stories.Planned]]


def _load(cache_dir: Path, key: str, library: Library) -> Known | None:
    """The recorded index and the plans of articles whose file is as it was then."""
    record = buildcache.load(cache_dir, RECORD)
    blob = record.get("plans")
    if record.get("key") != key or not isinstance(blob, bytes):
        return None
    try:
        found = _Unpickler(io.BytesIO(blob), library).load()
    except buildcache.UNREADABLE:
        return None
    if not isinstance(found, tuple) or len(found) != 2:
        return None
    index, plans = found
    if not isinstance(index, related.RelatedIndex) or not isinstance(plans, dict):
        return None
    by_source = library.by_source
    return index, {
        source: planned
        for source, (digest, planned) in plans.items()
        if source in by_source and by_source[source].digest == digest
    }


def plans_for(
    library: Library, config: SiteConfig, cache_dir: Path, *, use_cache: bool
) -> stories.Plans:
    """The plans of every article with a page, each made again only when it may differ."""
    key = archive_key(library, config)
    found = _load(cache_dir, key, library) if use_cache else None
    index, known = found if found is not None else (None, {})
    index, plans = stories.plan_all(
        library, config.related, config.language, index=index, known=known
    )
    if found is None or len(known) < len(plans):
        recorded = {
            source: (library.by_source[source].digest, planned) for source, planned in plans.items()
        }
        buffer = io.BytesIO()
        _Pickler(buffer, library).dump((index, recorded))
        buildcache.save(cache_dir, RECORD, {"key": key, "plans": buffer.getvalue()})
    return stories.gather(plans)
