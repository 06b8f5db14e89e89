"""Reading plans (BACA JUGA blocks, related lists) kept between builds.

Plans depend on the whole archive, so they are kept under one key: a digest of every
article's inputs, which articles ``now`` publishes, and the settings. While the key holds,
the last build's plans are reused, their articles looked up again by path.
"""

from __future__ import annotations

import io
import pickle
from pathlib import Path
from typing import Any

from newsgen import __version__, buildcache, stories
from newsgen.config import SiteConfig
from newsgen.fingerprint import quick
from newsgen.library import Library
from newsgen.model import Article, Block

RECORD = "plans"


def plans_key(library: Library, config: SiteConfig) -> str:
    everything = sorted((a.source, a.digest) for a in library.by_source.values())
    return quick(
        __version__,
        config.related,
        config.language,
        everything,
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


def _load(cache_dir: Path, key: str, library: Library) -> stories.Plans | None:
    record = buildcache.load(cache_dir, RECORD)
    blob = record.get("plans")
    if record.get("key") != key or not isinstance(blob, bytes):
        return None
    try:
        plans = _Unpickler(io.BytesIO(blob), library).load()
    except buildcache.UNREADABLE:
        return None
    return plans if isinstance(plans, stories.Plans) else None


def plans_for(
    library: Library, config: SiteConfig, cache_dir: Path, *, use_cache: bool
) -> stories.Plans:
    """The plans of every article with a page, computed only when the archive changed."""
    key = plans_key(library, config)
    if use_cache:
        found = _load(cache_dir, key, library)
        if found is not None:
            return found
    plans = stories.plan_all(library, config.related, config.language)
    buffer = io.BytesIO()
    _Pickler(buffer, library).dump(plans)
    buildcache.save(cache_dir, RECORD, {"key": key, "plans": buffer.getvalue()})
    return plans
