"""What a build is asked to do and what it answers: plain values, cheap to import."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from newsgen.errors import BuildWarning


@dataclass(frozen=True)
class BuildOptions:
    site_dir: Path
    output_dir: Path
    now: datetime
    drafts: bool = False
    strict: bool = False
    preview: bool = False  # scheduled stories get pages too, marked as such
    cache_dir: Path | None = None  # kept between builds; default: site_dir/.newsgen-cache
    clean: bool = False  # ignore the build cache (and rebuild it)
    workers: int = 1  # processes that make pages and read documents

    @property
    def cache_root(self) -> Path:
        return self.cache_dir or self.site_dir / ".newsgen-cache"

    @property
    def image_cache(self) -> Path:
        """Where processed photos are kept between builds, outside the published folder."""
        return (self.cache_dir or self.site_dir / ".newsgen-cache") / "images"

    @property
    def template_cache(self) -> Path:
        """Where compiled templates are kept, by a checksum of their source."""
        return (self.cache_dir or self.site_dir / ".newsgen-cache") / "templates"


@dataclass(frozen=True)
class BuildReport:
    articles: int
    pages_written: int
    pages_unchanged: int
    files_written: int
    photos: int
    warnings: tuple[BuildWarning, ...]
    seconds: float
    # (status, title, url) of every draft and scheduled story that got a page
    previews: tuple[tuple[str, str, str], ...] = ()
    images_made: int = 0  # photo variants processed by this build
    images_cached: int = 0  # photo variants a previous build had made
    images_pruned: int = 0  # cached photo variants deleted: no page uses them any more
    stamped: bool = False  # nothing to do: the last build's stamp answered (see `stamp`)


def default_workers() -> int:
    """One worker process per core this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
