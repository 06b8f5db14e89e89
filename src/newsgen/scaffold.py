"""``newsgen new``: a new article or page file with every front matter field in place.

The text is made by pure functions; `create` is the only part that touches the disk, and it
never overwrites: an existing file is the editor's work.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import yaml

from newsgen import urls
from newsgen.config import SiteConfig
from newsgen.errors import NewsgenError
from newsgen.source import ARTICLES, PAGES

_CREDIT_LABEL = {"id": "Foto", "en": "Photo"}


class ScaffoldError(NewsgenError):
    """The file cannot be made: it exists already, or the title gives no file name."""


@dataclass(frozen=True)
class NewDocument:
    """What ``newsgen new`` writes: the path relative to the site folder, and the text."""

    path: str
    text: str


def yaml_text(value: str) -> str:
    """``value`` as a YAML scalar: plain when YAML reads it back unchanged, else quoted."""
    plain = value.strip()
    if plain == value and "\n" not in value:
        try:
            if yaml.safe_load(f"key: {value}") == {"key": value}:
                return value
        except yaml.YAMLError:
            pass
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def _slug_of(title: str) -> str:
    slug = urls.slugify(title)
    if not slug:
        raise ScaffoldError(
            f"title: gives an empty file name; use letters or digits (got {title!r})"
        )
    return slug


def _hinted(text: str, hint: str = "") -> str:
    """A front matter line with its hint as a YAML comment, hints lined up."""
    return f"{text:<32}  # {hint}" if hint else text


def _authors(authors: tuple[str, ...]) -> str:
    if not authors:
        return _hinted("author:", "required: your name, or [Name One, Name Two]")
    if len(authors) == 1:
        return f"author: {yaml_text(authors[0])}"
    return "author: [" + ", ".join(yaml_text(a) for a in authors) + "]"


def new_article(
    title: str,
    category: str,
    now: datetime,
    config: SiteConfig,
    authors: tuple[str, ...] = (),
) -> NewDocument:
    """An article dated ``now`` in the site time zone, filed under its year and month.

    Every field of the content contract is there, filled in or as a commented hint. The
    article starts as a draft, so that nothing half-written is published by accident.
    """
    slug = _slug_of(title)
    local = now.astimezone(config.zone).replace(second=0, microsecond=0)
    stamp = local.isoformat()
    credit = _CREDIT_LABEL.get(config.language, "Foto")
    lines = [
        "---",
        f"title: {yaml_text(title)}",
        f"date: {stamp}",
        _hinted(f"# updated: {stamp}", "when the story changes: shown as updated"),
        _hinted(f"slug: {slug}", "the address; keep it once published"),
        _authors(authors),
        f"category: {yaml_text(category)}",
        _hinted("tags: []", "e.g. [Pilkada 2024, Bawaslu]"),
        _hinted("# location: PALEMBANG", "dateline: opens the first paragraph"),
        _hinted("# source: wartamusi.example", "closes the story as its source"),
        _hinted("# summary: One or two sentences.", "default: the first paragraph"),
        _hinted("# image:", "lead photo"),
        _hinted("#   src: foto.jpg", "beside this file, or /images/... (content/images)"),
        _hinted("#   alt: What the photo shows", "for blind readers and search engines"),
        "#   caption: What happens, where, when",
        "#   credit: Photographer - Outlet",
        _hinted("#   focus: [0.5, 0.5]", "the point that crops keep, as fractions"),
        _hinted("# related: [other-story-slug]", "BACA JUGA picks, by slug"),
        _hinted("featured: false", "true: the home page headline"),
        _hinted("draft: true", "set to false when it is ready to publish"),
        _hinted("# expires: 2030-01-01", "taken down from this date; the address stays"),
        _hinted("# aliases: [/old/address/]", "old addresses that lead here"),
        "# corrections:",
        f"#   - date: {stamp}",
        "#     text: What was wrong, and what is right.",
        "#",
        "# A photo in the story, on a line of its own:",
        f'# ![What it shows](foto.jpg "Caption --{credit}: Photographer - Outlet")',
        "# A BACA JUGA block where you want it: <!-- baca-juga --> on a line of its own.",
        "---",
        "",
        "",
    ]
    path = f"{ARTICLES}/{local.year:04d}/{local.month:02d}/{slug}.md"
    return NewDocument(path, "\n".join(lines))


def new_page(title: str) -> NewDocument:
    """A static page, as a draft; its address comes from the file name."""
    slug = _slug_of(title)
    lines = [
        "---",
        f"title: {yaml_text(title)}",
        _hinted(f"# slug: {slug}", "the address; default: the file name"),
        _hinted("# summary: One or two sentences.", "default: the first paragraph"),
        _hinted("# updated: 2024-09-28T09:15:00+07:00", "when the page changes"),
        _hinted("# aliases: [/old/address/]", "old addresses that lead here"),
        _hinted("draft: true", "set to false when it is ready to publish"),
        "---",
        "",
        "",
    ]
    return NewDocument(f"{PAGES}/{slug}.md", "\n".join(lines))


def _bundle_of(path: str) -> str:
    """Where the same document would live as a bundle: ``<name>/index.md``."""
    stem, _ = posixpath.splitext(path)
    return f"{stem}/index.md"


def create(site_dir: Path, document: NewDocument) -> Path:
    """Write ``document`` under ``site_dir``; refuse when it (or its bundle) exists."""
    target = site_dir / document.path
    for taken in (document.path, _bundle_of(document.path)):
        if (site_dir / taken).exists():
            raise ScaffoldError(
                f"{taken}: already exists; edit it, or choose another title (nothing was written)"
            )
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with target.open("x", encoding="utf-8") as file:
            file.write(document.text)
    except FileExistsError:
        raise ScaffoldError(
            f"{document.path}: already exists; edit it, or choose another title "
            "(nothing was written)"
        ) from None
    return target
