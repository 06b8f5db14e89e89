"""The values that flow through a build: frozen dataclasses and tuples only."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType

EMPTY_LINES: Mapping[str, int] = MappingProxyType({})


@dataclass(frozen=True)
class ImageFile:
    """A photo file found in the content folder, probed once while reading."""

    rel_path: str  # relative to the site folder, with forward slashes
    digest: str  # sha256 of the bytes
    width: int
    height: int
    format: str  # Pillow's format name: JPEG, PNG, WEBP, GIF, SVG
    error: str | None = None  # why it cannot be used, if it cannot


@dataclass(frozen=True)
class Photo:
    """A photo as an article shows it: where it is published and how it is labelled."""

    src: str  # as the editor wrote it
    file: ImageFile | None  # None for remote images
    url: str  # public URL of the published original (or the remote URL)
    alt: str
    caption: str = ""
    credit: str = ""
    focus: tuple[float, float] = (0.5, 0.5)

    @property
    def width(self) -> int:
        return self.file.width if self.file else 0

    @property
    def height(self) -> int:
        return self.file.height if self.file else 0


@dataclass(frozen=True)
class Block:
    """One top-level block of a rendered body.

    ``kind`` is one of: p, figure, heading, list, quote, table, code, marker, other.
    A ``figure`` carries its photo; a ``marker`` is an editor's BACA JUGA spot with the
    slugs it pins and the source line it was written on.
    """

    kind: str
    html: str = ""
    photo: Photo | None = None
    pins: tuple[str, ...] = ()
    line: int = 0


@dataclass(frozen=True)
class Correction:
    date: datetime
    text: str


@dataclass(frozen=True)
class Article:
    """A validated article, its body already rendered to blocks."""

    source: str  # path relative to the site folder
    title: str
    slug: str
    date: datetime
    authors: tuple[str, ...]
    category: str
    url: str
    blocks: tuple[Block, ...]
    summary: str
    updated: datetime | None = None
    tags: tuple[str, ...] = ()
    location: str = ""
    source_name: str = ""
    image: Photo | None = None
    related: tuple[str, ...] = ()
    featured: bool = False
    draft: bool = False
    expires: datetime | None = None
    aliases: tuple[str, ...] = ()
    corrections: tuple[Correction, ...] = ()
    text: str = ""  # plain text of the body, for search and related scoring
    lines: Mapping[str, int] = field(default_factory=lambda: EMPTY_LINES, compare=False)

    @property
    def modified(self) -> datetime:
        """The latest of publication, update and correction dates."""
        dates = [self.date]
        if self.updated:
            dates.append(self.updated)
        dates.extend(c.date for c in self.corrections)
        return max(dates)

    @property
    def photos(self) -> tuple[Photo, ...]:
        inline = tuple(b.photo for b in self.blocks if b.photo is not None)
        return ((self.image,) if self.image else ()) + inline


@dataclass(frozen=True)
class Page:
    """A static page: tentang-kami, redaksi, ..."""

    source: str
    title: str
    slug: str
    url: str
    blocks: tuple[Block, ...]
    summary: str
    aliases: tuple[str, ...] = ()
    draft: bool = False
    lines: Mapping[str, int] = field(default_factory=lambda: EMPTY_LINES, compare=False)
