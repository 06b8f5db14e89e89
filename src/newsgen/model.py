"""The values that flow through a build: frozen dataclasses and tuples only."""

from __future__ import annotations

import os
import pickle
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

# How much of a body's plain text an article keeps at hand: all that related scoring reads.
OPENING_CHARS = 600


@dataclass(frozen=True)
class ImageFile:
    """A photo file found in the content folder, probed once while reading."""

    rel_path: str  # relative to the site folder, with forward slashes
    digest: str  # sha256 of the bytes
    width: int
    height: int
    format: str  # Pillow's format name: JPEG, PNG, WEBP, GIF, SVG
    error: str | None = None  # why it cannot be used, if it cannot
    alpha: bool = False  # some pixel is (partly) transparent
    animated: bool = False  # more than one frame, published as it is


@dataclass(frozen=True)
class Variant:
    """One published file made from a photo: a width, a crop or the original passed through.

    ``box`` is the part of the upright source it shows; ``reduce`` the JPEG decoding scale
    (1, 2, 4 or 8) it starts from. The file name carries a hash of all of it.
    """

    path: str  # under public/, without a leading slash: img/rakor-3f2a9c1b7d4e-800.webp
    source: str  # the photo file, relative to the site folder
    role: str  # photo, thumb, og, 16x9, 4x3, 1x1 or original
    format: str  # AVIF, WEBP, JPEG, PNG, or the source's own format for an original
    width: int
    height: int
    box: tuple[int, int, int, int] = (0, 0, 0, 0)
    quality: int = 0
    reduce: int = 1

    @property
    def url(self) -> str:
        return "/" + self.path


@dataclass(frozen=True)
class SrcSet:
    """The candidates of one image type, as a ``srcset`` attribute value."""

    mime: str
    srcset: str


@dataclass(frozen=True)
class Picture:
    """What a template needs to draw one photo slot: modern sources, then the fallback."""

    sources: tuple[SrcSet, ...]  # best first: AVIF, WebP
    fallback: SrcSet  # JPEG or PNG; its srcset is empty for an original passed through
    src: str
    width: int
    height: int
    sizes: str = ""


@dataclass(frozen=True)
class Photo:
    """A photo as an article shows it: where it is published and how it is labelled."""

    src: str  # as the editor wrote it
    file: ImageFile | None  # None for remote images
    url: str  # public URL: its largest JPEG or PNG variant, an SVG as is, or the remote URL
    alt: str
    caption: str = ""
    credit: str = ""
    focus: tuple[float, float] = (0.5, 0.5)
    variants: tuple[Variant, ...] = ()  # every file published from it; none for remote photos
    picture: Picture | None = None  # as a story shows it
    thumbnail: Picture | None = None  # as a listing shows it (lead photos only)

    @property
    def width(self) -> int:
        """The width of the image at ``url`` (0 when unknown)."""
        if self.picture is not None:
            return self.picture.width
        return self.file.width if self.file else 0

    @property
    def height(self) -> int:
        if self.picture is not None:
            return self.picture.height
        return self.file.height if self.file else 0


@dataclass(frozen=True)
class Block:
    """One top-level block of a rendered body.

    ``kind`` is one of: p, figure, heading, list, quote, table, code, marker, other.
    A ``figure`` carries its photo; a ``marker`` is an editor's BACA JUGA spot with the
    slugs it pins and the source line it was written on. ``inline`` holds the photos
    inside ``html`` (an image within a paragraph of text).
    """

    kind: str
    html: str = ""
    photo: Photo | None = None
    pins: tuple[str, ...] = ()
    line: int = 0
    inline: tuple[Photo, ...] = ()


@dataclass(frozen=True)
class Outline:
    """A body's shape without its content: what placing BACA JUGA blocks reads."""

    kinds: tuple[str, ...]  # each block's kind, in body order
    markers: tuple[tuple[int, tuple[str, ...], int], ...] = ()  # (position, pins, line)

    @classmethod
    def of(cls, blocks: tuple[Block, ...]) -> Outline:
        return cls(
            tuple(block.kind for block in blocks),
            tuple((i, b.pins, b.line) for i, b in enumerate(blocks) if b.kind == "marker"),
        )


class BodyLost(Exception):
    """A stored body could not be read back (its cache file is gone or damaged)."""


class Body:
    """An article's rendered blocks: held, or stored in a file and read each time asked for.
    Immutable, like the dataclasses around it.

    A body is most of what an article weighs, yet only the article's own page and full-text
    feeds show it; everything else (listings, plans, keys, sitemaps) needs only its outline
    and photos, which are always at hand. A stored body's file is named by the digest of
    everything it was made from, so it never changes once written; pickling a stored body
    keeps only its file's name.
    """

    __slots__ = ("_held", "_path", "outline", "photos")
    _held: tuple[Block, ...] | None
    _path: str
    outline: Outline
    photos: tuple[Photo, ...]  # its figures' photos, then the photos within text

    def __init__(
        self,
        held: tuple[Block, ...] | None,
        outline: Outline,
        photos: tuple[Photo, ...],
        path: str = "",
    ) -> None:
        object.__setattr__(self, "_held", held)
        object.__setattr__(self, "_path", path)
        object.__setattr__(self, "outline", outline)
        object.__setattr__(self, "photos", photos)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a Body is immutable: cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"a Body is immutable: cannot delete {name!r}")

    @classmethod
    def of(cls, blocks: tuple[Block, ...]) -> Body:
        """A held body; ``photos`` are its figures' photos, then the photos within text."""
        figures = tuple(b.photo for b in blocks if b.photo is not None)
        inline = tuple(photo for b in blocks for photo in b.inline)
        return cls(blocks, Outline.of(blocks), figures + inline)

    def stored(self, path: str) -> Body:
        """The same body read from ``path`` (which must hold it) instead of held."""
        return Body(None, self.outline, self.photos, path)

    @property
    def path(self) -> str:
        return self._path

    @property
    def blocks(self) -> tuple[Block, ...]:
        if self._held is not None:
            return self._held
        try:
            with open(self._path, "rb") as handle:  # noqa: PTH123
                blocks = pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError) as exc:
            raise BodyLost(self._path) from exc
        if not isinstance(blocks, tuple):
            raise BodyLost(self._path)
        return blocks

    def __len__(self) -> int:
        return len(self.outline.kinds)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Body):
            return NotImplemented
        if self._path and self._path == other._path:
            return True
        return self.outline == other.outline and self.blocks == other.blocks

    def __hash__(self) -> int:
        return hash((self.outline, self.photos))

    def __repr__(self) -> str:
        where = os.path.basename(self._path) if self._path else "held"  # noqa: PTH119
        return f"Body({len(self)} blocks, {where})"

    def __reduce__(self) -> tuple[Any, ...]:
        held = None if self._path else self._held
        return (Body, (held, self.outline, self.photos, self._path))


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
    body: Body
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
    opening: str = ""  # the first OPENING_CHARS of the body's plain text
    digest: str = ""  # of every input: file, settings, photos; set by the reading step
    lines: Mapping[str, int] = field(default_factory=dict, compare=False)
    # ``date`` as seconds since the epoch, for sorting and comparing at scale: zoned
    # datetimes work out their offsets at every comparison. Kept in the reading's records.
    instant: float = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "instant", self.date.timestamp())

    @property
    def modified(self) -> datetime:
        """The latest of publication, update and correction dates."""
        if self.updated is None and not self.corrections:  # most stories
            return self.date
        dates = [self.date]
        if self.updated:
            dates.append(self.updated)
        dates.extend(c.date for c in self.corrections)
        return max(dates)

    @property
    def photos(self) -> tuple[Photo, ...]:
        """The lead photo, the figures' photos, then the photos within text."""
        return ((self.image,) if self.image else ()) + self.body.photos


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
    digest: str = ""  # of every input: file, settings, photos; set by the reading step
    lines: Mapping[str, int] = field(default_factory=dict, compare=False)
