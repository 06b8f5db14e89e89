"""``site.yaml`` into a frozen `SiteConfig`, every value checked, unknown keys refused."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from newsgen import i18n, urls
from newsgen.errors import BuildFailed, ConfigError, NewsgenError
from newsgen.yamltext import YamlProblem, load_mapping

CONFIG_FILE = "site.yaml"


@dataclass(frozen=True)
class FeedSettings:
    """The ``feeds:`` section: how many stories a feed carries, and whether whole."""

    items: int = 50
    full_text: bool = False


FEED_KEYS = tuple(f.name for f in fields(FeedSettings))


@dataclass(frozen=True)
class ImageSettings:
    """The ``images:`` section: the widths, formats and qualities photos are published in."""

    widths: tuple[int, ...] = (480, 800, 1200, 1600)  # of story photos; never upscaled
    thumb_widths: tuple[int, ...] = (240, 480, 720, 960)  # of listing thumbnails (3:2)
    formats: tuple[str, ...] = ("avif", "webp")  # offered before the JPEG or PNG fallback
    quality: int = 80  # JPEG and WebP, 1 to 100
    avif_quality: int = 60


IMAGE_KEYS = tuple(f.name for f in fields(ImageSettings))
IMAGE_FORMATS = ("avif", "webp")


@dataclass(frozen=True)
class RelatedWeights:
    """How much each part of the related-story score counts; ``title`` and ``lead`` say how
    many body words one word of the title or the lead is worth."""

    words: float = 1.0
    tags: float = 1.0
    category: float = 0.2
    time: float = 0.2
    title: float = 2.0
    lead: float = 1.5


@dataclass(frozen=True)
class RelatedSettings:
    """The ``related:`` section: BACA JUGA blocks in a story and its Berita Terkait list."""

    inline_blocks: int = 2  # automatic BACA JUGA blocks per story, at most
    inline_links: int = 2  # links per block
    inline_after: tuple[int, ...] = (2, 5)  # paragraphs a block may follow, in order
    inline_gap: int = 2  # paragraphs between two blocks, at least
    end_links: int = 4  # stories in Berita Terkait; more if the editor picked more
    tag_cutoff: float = 0.1  # a tag on this share of the archive counts nothing
    word_cutoff: float = 0.1  # a word on this share of the archive counts nothing
    half_life_days: float = 30.0  # the time bonus halves with every such gap
    weights: RelatedWeights = field(default_factory=RelatedWeights)


RELATED_KEYS = tuple(f.name for f in fields(RelatedSettings))
RELATED_WEIGHT_KEYS = tuple(f.name for f in fields(RelatedWeights))


@dataclass(frozen=True)
class SiteConfig:
    """Everything site-wide. Only ``title`` and ``base_url`` have no default."""

    title: str
    base_url: str  # without the trailing slash
    tagline: str = ""
    description: str = ""
    language: str = "id"
    timezone: str = "Asia/Jakarta"
    permalink: str = urls.DEFAULT_PERMALINK
    per_page: int = 20
    home_latest: int = 12
    home_per_category: int = 4
    logo: str = ""
    dateline_name: str = ""
    menu: tuple[str, ...] = ()
    summary_length: int = 160
    strings: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    feeds: FeedSettings = field(default_factory=FeedSettings)
    images: ImageSettings = field(default_factory=ImageSettings)
    related: RelatedSettings = field(default_factory=RelatedSettings)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def ui(self) -> Mapping[str, str]:
        """The UI strings in the site language, overrides applied."""
        return i18n.strings(self.language, self.strings)

    @property
    def dateline_label(self) -> str:
        return self.dateline_name or self.title.upper()

    def absolute(self, url: str) -> str:
        """A site-relative URL made absolute under ``base_url``."""
        return self.base_url + url if url.startswith("/") else url


KNOWN_KEYS = tuple(f.name for f in fields(SiteConfig))


def _closest(key: str, known: tuple[str, ...] | frozenset[str]) -> str:
    match = difflib.get_close_matches(key, sorted(known), n=1, cutoff=0.5)
    return f" (did you mean '{match[0]}'?)" if match else ""


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _positive_int(value: object) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    return None


def _check_language(value: object) -> str | None:
    return value if value in i18n.LANGUAGES else None


def _check_timezone(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return value


def _check_base_url(value: object) -> str | None:
    if isinstance(value, str) and value.startswith(("http://", "https://")) and " " not in value:
        return value.rstrip("/")
    return None


def _check_menu(value: object) -> tuple[str, ...] | None:
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    return None


_CHECKS: dict[str, tuple[Callable[[object], Any], str]] = {
    "title": (_text, "expected text"),
    "base_url": (_check_base_url, "expected an absolute http(s) URL"),
    "tagline": (_text, "expected text"),
    "description": (_text, "expected text"),
    "language": (_check_language, f"expected one of {', '.join(i18n.LANGUAGES)}"),
    "timezone": (_check_timezone, "expected an IANA time zone such as Asia/Jakarta"),
    "per_page": (_positive_int, "expected a positive whole number"),
    "home_latest": (_positive_int, "expected a positive whole number"),
    "home_per_category": (_positive_int, "expected a positive whole number"),
    "summary_length": (_positive_int, "expected a positive whole number"),
    "logo": (_text, "expected a path such as /images/logo.png"),
    "dateline_name": (_text, "expected text"),
    "menu": (_check_menu, "expected a list of category names"),
}


def parse_config(text: str, path: str = CONFIG_FILE) -> SiteConfig:
    """Validate the text of a site.yaml; raise one `NewsgenError` listing every problem."""
    loaded = load_mapping(text)
    if isinstance(loaded, YamlProblem):
        raise ConfigError(path, loaded.line, None, loaded.problem)
    raw, lines = loaded
    errors: list[NewsgenError] = []
    values: dict[str, Any] = {}
    for key, value in raw.items():
        line = lines.get(key)
        if key not in KNOWN_KEYS:
            errors.append(ConfigError(path, line, key, f"unknown key{_closest(key, KNOWN_KEYS)}"))
        elif key == "permalink":
            problem = urls.permalink_problem(value)
            if problem:
                errors.append(ConfigError(path, line, key, f"{problem} (got {value!r})"))
            else:
                values[key] = value
        elif key == "strings":
            values[key] = _check_strings(value, path, line, errors)
        elif key == "feeds":
            values[key] = _check_feeds(value, path, _nested_lines(text, key, line), errors)
        elif key == "images":
            values[key] = _check_images(value, path, line, errors)
        elif key == "related":
            values[key] = _check_related(value, path, _nested_lines(text, key, line), errors)
        else:
            check, expected = _CHECKS[key]
            checked = check(value)
            if checked is None:
                errors.append(ConfigError(path, line, key, f"{expected} (got {value!r})"))
            else:
                values[key] = checked
    for required in ("title", "base_url"):
        if required not in raw:
            errors.append(ConfigError(path, None, required, "required, missing"))
    if errors:
        raise BuildFailed(errors)
    return SiteConfig(**values)


def _check_strings(
    value: object, path: str, line: int | None, errors: list[NewsgenError]
) -> Mapping[str, str]:
    known = i18n.string_keys()
    if not isinstance(value, dict):
        errors.append(ConfigError(path, line, "strings", f"expected a mapping (got {value!r})"))
        return MappingProxyType({})
    for key, text in value.items():
        if key not in known:
            errors.append(
                ConfigError(path, line, f"strings.{key}", f"unknown string{_closest(key, known)}")
            )
        elif not isinstance(text, str):
            errors.append(
                ConfigError(path, line, f"strings.{key}", f"expected text (got {text!r})")
            )
    return MappingProxyType({str(k): str(v) for k, v in value.items()})


def _check_feeds(
    value: object, path: str, lines: Mapping[str, int | None], errors: list[NewsgenError]
) -> FeedSettings:
    if value is None:
        return FeedSettings()
    if not isinstance(value, dict):
        problem = f"expected a mapping such as items: 50 (got {value!r})"
        errors.append(ConfigError(path, lines[""], "feeds", problem))
        return FeedSettings()
    settings: dict[str, Any] = {}
    for key, item in value.items():
        name = f"feeds.{key}"
        line = lines.get(name, lines[""])
        if key not in FEED_KEYS:
            errors.append(
                ConfigError(path, line, name, f"unknown key{_closest(str(key), FEED_KEYS)}")
            )
        elif key == "items" and _positive_int(item) is None:
            errors.append(
                ConfigError(path, line, name, f"expected a positive whole number (got {item!r})")
            )
        elif key == "full_text" and not isinstance(item, bool):
            errors.append(ConfigError(path, line, name, f"expected true or false (got {item!r})"))
        else:
            settings[key] = item
    return FeedSettings(**settings)


def _widths(value: object) -> tuple[int, ...] | None:
    if not isinstance(value, list) or not value:
        return None
    if not all(isinstance(v, int) and not isinstance(v, bool) and 16 <= v <= 8192 for v in value):
        return None
    return tuple(sorted(set(value)))


def _formats(value: object) -> tuple[str, ...] | None:
    if not isinstance(value, list) or not all(v in IMAGE_FORMATS for v in value):
        return None
    return tuple(dict.fromkeys(value))


def _quality(value: object) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 100:
        return value
    return None


_IMAGE_CHECKS: dict[str, tuple[Callable[[object], Any], str]] = {
    "widths": (_widths, "expected a list of widths in pixels such as [480, 800, 1200, 1600]"),
    "thumb_widths": (_widths, "expected a list of widths in pixels such as [240, 480, 720]"),
    "formats": (_formats, f"expected a list of {', '.join(IMAGE_FORMATS)}, or []"),
    "quality": (_quality, "expected a whole number from 1 to 100"),
    "avif_quality": (_quality, "expected a whole number from 1 to 100"),
}


def _check_images(
    value: object, path: str, line: int | None, errors: list[NewsgenError]
) -> ImageSettings:
    if value is None:
        return ImageSettings()
    if not isinstance(value, dict):
        problem = f"expected a mapping such as widths: [480, 800, 1200, 1600] (got {value!r})"
        errors.append(ConfigError(path, line, "images", problem))
        return ImageSettings()
    settings: dict[str, Any] = {}
    for key, item in value.items():
        name = f"images.{key}"
        if key not in IMAGE_KEYS:
            errors.append(
                ConfigError(path, line, name, f"unknown key{_closest(str(key), IMAGE_KEYS)}")
            )
            continue
        check, expected = _IMAGE_CHECKS[key]
        checked = check(item)
        if checked is None:
            errors.append(ConfigError(path, line, name, f"{expected} (got {item!r})"))
        else:
            settings[key] = checked
    return ImageSettings(**settings)


def _nested_lines(text: str, section: str, line: int | None) -> dict[str, int | None]:
    """The line of every key below ``section`` as ``section.key.sub``; the section's for ``""``."""
    lines: dict[str, int | None] = {"": line}
    root = yaml.compose(text, Loader=yaml.SafeLoader)

    def walk(node: yaml.Node, prefix: str) -> None:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                name = f"{prefix}.{key.value}"
                lines[name] = key.start_mark.line + 1
                walk(value, name)

    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if key.value == section:
                walk(value, section)
    return lines


def _count(value: object) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    return None


def _number(value: object) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool) and value >= 0:
        return float(value)
    return None


def _share(value: object) -> float | None:
    number = _number(value)
    return number if number is not None and 0 < number <= 1 else None


def _half_life(value: object) -> float | None:
    number = _number(value)
    return number if number else None


def _paragraphs(value: object) -> tuple[int, ...] | None:
    if isinstance(value, list) and all(_positive_int(v) for v in value):
        return tuple(sorted(set(value)))
    return None


_RELATED_CHECKS: dict[str, tuple[Callable[[object], Any], str]] = {
    "inline_blocks": (_count, "expected a whole number, 0 or more"),
    "inline_links": (_positive_int, "expected a positive whole number"),
    "inline_after": (_paragraphs, "expected a list of paragraph numbers such as [2, 5]"),
    "inline_gap": (_positive_int, "expected a positive whole number"),
    "end_links": (_count, "expected a whole number, 0 or more"),
    "tag_cutoff": (_share, "expected a share of the archive above 0 and up to 1, such as 0.1"),
    "word_cutoff": (_share, "expected a share of the archive above 0 and up to 1, such as 0.1"),
    "half_life_days": (_half_life, "expected a positive number of days"),
}


def _check_related(
    value: object, path: str, lines: Mapping[str, int | None], errors: list[NewsgenError]
) -> RelatedSettings:
    def fail(name: str, problem: str) -> None:
        errors.append(ConfigError(path, lines.get(name, lines[""]), name, problem))

    if value is None:
        return RelatedSettings()
    if not isinstance(value, dict):
        fail("related", f"expected a mapping such as end_links: 4 (got {value!r})")
        return RelatedSettings()
    settings: dict[str, Any] = {}
    for key, item in value.items():
        name = f"related.{key}"
        if key not in RELATED_KEYS:
            fail(name, f"unknown key{_closest(str(key), RELATED_KEYS)}")
        elif key == "weights":
            settings[key] = _check_related_weights(item, fail)
        else:
            check, expected = _RELATED_CHECKS[key]
            checked = check(item)
            if checked is None:
                fail(name, f"{expected} (got {item!r})")
            else:
                settings[key] = checked
    return RelatedSettings(**settings)


def _check_related_weights(value: object, fail: Callable[[str, str], None]) -> RelatedWeights:
    if value is None:
        return RelatedWeights()
    if not isinstance(value, dict):
        fail("related.weights", f"expected a mapping such as tags: 1.0 (got {value!r})")
        return RelatedWeights()
    weights: dict[str, float] = {}
    for key, item in value.items():
        name = f"related.weights.{key}"
        number = _number(item)
        if key not in RELATED_WEIGHT_KEYS:
            fail(name, f"unknown key{_closest(str(key), RELATED_WEIGHT_KEYS)}")
        elif number is None:
            fail(name, f"expected a number, 0 or more (got {item!r})")
        else:
            weights[key] = number
    return RelatedWeights(**weights)


def load_config(site_dir: Path) -> SiteConfig:
    """Read and validate ``site_dir/site.yaml``."""
    path = site_dir / CONFIG_FILE
    if not path.is_file():
        raise ConfigError(CONFIG_FILE, None, None, f"not found in {site_dir}")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(CONFIG_FILE, None, None, f"not UTF-8 text ({exc.reason})") from None
    return parse_config(text)
