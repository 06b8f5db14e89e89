"""Source documents into validated `Article`s and `Page`s, every mistake named with its line."""

from __future__ import annotations

import difflib
import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from newsgen import urls
from newsgen.config import ImageSettings, SiteConfig
from newsgen.errors import BuildWarning, ContentError
from newsgen.images import LEAD_MIN_WIDTH, planned
from newsgen.markup import BodyRenderer, PhotoResolver, cut
from newsgen.model import OPENING_CHARS, Article, Body, Correction, ImageFile, Page, Photo
from newsgen.source import CONTENT, IMAGE_SUFFIXES, SHARED_IMAGES, SourceDoc

ARTICLE_KEYS = (
    "title", "date", "updated", "slug", "author", "category", "tags", "location", "source",
    "summary", "image", "related", "featured", "draft", "expires", "aliases", "corrections",
)  # fmt: skip
PAGE_KEYS = ("title", "slug", "summary", "updated", "aliases", "draft")
IMAGE_KEYS = ("src", "alt", "caption", "credit", "focus")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Parsed:
    """What reading one document gave: the document (if valid), errors and warnings."""

    document: Article | Page | None
    errors: tuple[ContentError, ...]
    warnings: tuple[BuildWarning, ...]


def parse_datetime(value: object, zone: ZoneInfo) -> datetime | None:
    """An ISO 8601 date or date-time; a missing offset means the site's zone."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime.combine(value, time())
    elif isinstance(value, str):
        text = value.strip()
        try:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00").replace(" ", "T", 1))
        except ValueError:
            return None
    else:
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=zone)
    if type(moment.tzinfo) is timezone and (offset := moment.utcoffset()) is not None:
        return moment.replace(tzinfo=_fixed(offset))
    return moment


@cache
def _fixed(offset: timedelta) -> timezone:
    """One object for each offset written: dates sharing it compare without working out
    their offsets, and the reading's records keep it once."""
    return timezone(offset)


class _Checker:
    """Collects the problems of one document against its front matter lines."""

    def __init__(self, doc: SourceDoc, config: SiteConfig) -> None:
        self.doc, self.config = doc, config
        self.errors: list[ContentError] = []
        self.warnings: list[BuildWarning] = []

    def error(self, key: str, problem: str, line: int | None = None) -> None:
        self.errors.append(
            ContentError(self.doc.path, line or self.doc.lines.get(key, 1), key, problem)
        )

    def warn(self, key: str, problem: str, line: int | None = None) -> None:
        where = line or self.doc.lines.get(key.split(".")[0], 1)
        self.warnings.append(BuildWarning(self.doc.path, where, key, problem))

    def value(self, key: str) -> Any:
        return self.doc.meta.get(key)

    def text(self, key: str, required: bool = False) -> str:
        value = self.value(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.error(key, "required, missing" if value is None else "required, empty")
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.error(key, f"expected text (got {value!r})")
            return ""
        return str(value).strip()

    def moment(self, key: str, required: bool = False) -> datetime | None:
        value = self.value(key)
        if value is None:
            if required:
                self.error(key, "required, missing")
            return None
        parsed = parse_datetime(value, self.config.zone)
        if parsed is None:
            self.error(
                key, f"expected an ISO 8601 date such as 2024-09-27T14:30:00+07:00 (got {value!r})"
            )
        return parsed

    def flag(self, key: str) -> bool:
        value = self.value(key)
        if value is None:
            return False
        if not isinstance(value, bool):
            self.error(key, f"expected true or false (got {value!r})")
            return False
        return value

    def text_list(self, key: str, *, single_ok: bool = False) -> tuple[str, ...]:
        value = self.value(key)
        if value is None:
            return ()
        if single_ok and isinstance(value, str | int) and not isinstance(value, bool):
            value = [value]
        if not isinstance(value, list):
            self.error(key, f"expected a list such as [a, b] (got {value!r})")
            return ()
        items: list[str] = []
        for item in value:
            if (
                isinstance(item, bool)
                or not isinstance(item, str | int | float)
                or not str(item).strip()
            ):
                self.error(key, f"expected a list of names (got {item!r})")
                continue
            items.append(str(item).strip())
        return tuple(items)

    def unknown_keys(self, known: tuple[str, ...]) -> None:
        for key in self.doc.meta:
            if key not in known:
                match = difflib.get_close_matches(key, known, n=1, cutoff=0.5)
                hint = f" (did you mean '{match[0]}'?)" if match else ""
                self.warn(key, f"unknown key, ignored{hint}")


def resolver_for(
    doc: SourceDoc, images: Mapping[str, ImageFile], settings: ImageSettings | None = None
) -> PhotoResolver:
    """How photo paths written in ``doc`` find their files, planned with ``settings``."""
    settings = settings or ImageSettings()

    def resolve(src: str, alt: str, caption: str, credit: str) -> Photo | str:
        if re.match(r"^https?://", src):
            return Photo(src, None, src, alt, caption, credit)
        if src.startswith("/images/"):
            rel = posixpath.normpath(SHARED_IMAGES + src[len("/images") :])
        elif src.startswith("/"):
            return "photo path must be beside the file or start with /images/"
        else:
            rel = posixpath.normpath(posixpath.join(doc.folder, src))
        if not rel.startswith(CONTENT + "/"):
            return "photo path escapes the content folder"
        found = images.get(rel)
        suffix = posixpath.splitext(rel)[1].lower()
        if found is None and suffix not in IMAGE_SUFFIXES:
            known = ", ".join(sorted(IMAGE_SUFFIXES))
            return f"unsupported photo format {suffix or '(no extension)'}: use {known}"
        if found is None:
            return f"photo file not found: {rel}"
        if found.error:
            return f"unusable photo {rel}: {found.error}"
        photo = Photo(src, found, "/" + rel[len(CONTENT) + 1 :], alt, caption, credit)
        return planned(photo, settings)

    return resolve


def _lead_photo(check: _Checker, resolve: PhotoResolver) -> Photo | None:
    value = check.value("image")
    if value is None:
        return None
    if isinstance(value, str):
        value = {"src": value}
    if not isinstance(value, dict):
        check.error("image", f"expected a mapping with src, alt, caption, credit (got {value!r})")
        return None
    for key in value:
        if key not in IMAGE_KEYS:
            match = difflib.get_close_matches(str(key), IMAGE_KEYS, n=1, cutoff=0.5)
            check.warn(
                f"image.{key}",
                "unknown key, ignored" + (f" (did you mean '{match[0]}'?)" if match else ""),
            )
    src = value.get("src")
    if not isinstance(src, str) or not src.strip():
        check.error(
            "image.src", f"required: the photo file (got {src!r})", check.doc.lines.get("image")
        )
        return None
    texts = {k: value.get(k) or "" for k in ("alt", "caption", "credit")}
    for key, text in texts.items():
        if not isinstance(text, str):
            check.error(
                f"image.{key}", f"expected text (got {text!r})", check.doc.lines.get("image")
            )
            return None
    focus = value.get("focus", [0.5, 0.5])
    if (
        not isinstance(focus, list)
        or len(focus) != 2
        or not all(isinstance(f, int | float) and 0 <= f <= 1 for f in focus)
    ):
        check.error(
            "image.focus",
            f"expected [x, y] as fractions from 0 to 1 (got {focus!r})",
            check.doc.lines.get("image"),
        )
        focus = [0.5, 0.5]
    resolved = resolve(src.strip(), str(texts["alt"]), str(texts["caption"]), str(texts["credit"]))
    if isinstance(resolved, str):
        check.error("image.src", f"{resolved} (got {src!r})", check.doc.lines.get("image"))
        return None
    if not resolved.alt.strip():
        check.warn("image.alt", "missing alt text: describe the photo for blind readers")
    found = resolved.file
    if found is not None and found.format != "SVG" and found.width < LEAD_MIN_WIDTH:
        check.warn(
            "image.src",
            f"{found.width} px wide: a lead photo needs at least {LEAD_MIN_WIDTH} px "
            f"for social cards and Google Discover (got {src!r})",
            check.doc.lines.get("image"),
        )
    lead = Photo(
        resolved.src,
        found,
        resolved.url,
        resolved.alt,
        resolved.caption,
        resolved.credit,
        (float(focus[0]), float(focus[1])),
    )
    return planned(lead, check.config.images, lead=True)


def _corrections(check: _Checker) -> tuple[Correction, ...]:
    value = check.value("corrections")
    if value is None:
        return ()
    if not isinstance(value, list):
        check.error("corrections", f"expected a list of date and text entries (got {value!r})")
        return ()
    found: list[Correction] = []
    for entry in value:
        if not isinstance(entry, dict) or not isinstance(entry.get("text"), str):
            check.error("corrections", f"each entry needs date and text (got {entry!r})")
            continue
        moment = parse_datetime(entry.get("date"), check.config.zone)
        if moment is None:
            check.error("corrections", f"expected an ISO 8601 date (got {entry.get('date')!r})")
            continue
        found.append(Correction(moment, entry["text"].strip()))
    return tuple(sorted(found, key=lambda c: c.date))


def _slug(check: _Checker, title: str) -> str:
    explicit = check.value("slug")
    if explicit is None:
        slug = urls.slugify(title)
        if title and not slug:
            check.error("title", f"gives an empty slug: add a slug (got {title!r})")
        return slug
    if not isinstance(explicit, str) or not _SLUG.match(explicit):
        check.error("slug", f"expected lower-case letters, digits and hyphens (got {explicit!r})")
        return ""
    return explicit


def _aliases(check: _Checker) -> tuple[str, ...]:
    aliases = check.text_list("aliases")
    for alias in aliases:
        problem = urls.alias_problem(alias)
        if problem:
            check.error("aliases", f"{problem} (got {alias!r})")
    return aliases


def parse_article(
    doc: SourceDoc, config: SiteConfig, images: Mapping[str, ImageFile], renderer: BodyRenderer
) -> Parsed:
    check = _Checker(doc, config)
    check.unknown_keys(ARTICLE_KEYS)
    title = check.text("title", required=True)
    moment = check.moment("date", required=True)
    updated = check.moment("updated")
    expires = check.moment("expires")
    authors = check.text_list("author", single_ok=True)
    if "author" in doc.meta and not authors and not check.errors:
        check.error("author", "required, empty")
    elif "author" not in doc.meta:
        check.error("author", "required, missing")
    category = check.value("category")
    if isinstance(category, list):
        check.error("category", f"exactly one category, not a list (got {category!r})")
        category = ""
    else:
        category = check.text("category", required=True)
    slug = _slug(check, title)
    resolve = resolver_for(doc, images, config.images)
    image = _lead_photo(check, resolve)
    location = check.text("location")
    rendered = renderer.render(
        doc.body,
        doc.body_line,
        resolve,
        f"{location.upper()}, {config.dateline_label} -" if location else "",
    )
    for problem in rendered.problems:
        if problem.problem.startswith("missing alt"):
            check.warn(problem.field, problem.problem, problem.line)
        else:
            check.error(problem.field, problem.problem, problem.line)
    summary = check.text("summary") or cut(rendered.first_paragraph, config.summary_length)
    if moment and updated and updated < moment:
        check.error("updated", f"earlier than date (got {check.value('updated')!r})")
    article = Article(
        source=doc.path,
        title=title,
        slug=slug,
        date=moment or datetime.min.replace(tzinfo=config.zone),
        authors=authors,
        category=category,
        url=urls.article_url(config.permalink, slug, moment.astimezone(config.zone), category)
        if moment
        else "",
        body=Body.of(rendered.blocks),
        summary=summary,
        updated=updated,
        tags=check.text_list("tags"),
        location=location,
        source_name=check.text("source"),
        image=image,
        related=check.text_list("related"),
        featured=check.flag("featured"),
        draft=check.flag("draft"),
        expires=expires,
        aliases=_aliases(check),
        corrections=_corrections(check),
        opening=rendered.text[:OPENING_CHARS],
        lines=doc.lines,
    )
    document = None if check.errors else article
    return Parsed(document, tuple(check.errors), tuple(check.warnings))


def parse_page(
    doc: SourceDoc, config: SiteConfig, images: Mapping[str, ImageFile], renderer: BodyRenderer
) -> Parsed:
    check = _Checker(doc, config)
    check.unknown_keys(PAGE_KEYS)
    title = check.text("title", required=True)
    slug = check.value("slug")
    if slug is None:
        slug = posixpath.splitext(posixpath.basename(doc.path))[0]
        if slug == "index":
            slug = posixpath.basename(doc.folder)
    elif not isinstance(slug, str) or not _SLUG.match(slug):
        check.error("slug", f"expected lower-case letters, digits and hyphens (got {slug!r})")
        slug = ""
    rendered = renderer.render(doc.body, doc.body_line, resolver_for(doc, images, config.images))
    for problem in rendered.problems:
        check.error(problem.field, problem.problem, problem.line)
    page = Page(
        source=doc.path,
        title=title,
        slug=str(slug),
        url=urls.page_url(str(slug)),
        blocks=rendered.blocks,
        summary=check.text("summary") or cut(rendered.first_paragraph, config.summary_length),
        aliases=_aliases(check),
        draft=check.flag("draft"),
        lines=doc.lines,
    )
    return Parsed(None if check.errors else page, tuple(check.errors), tuple(check.warnings))
