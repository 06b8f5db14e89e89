"""``site.yaml`` into a frozen `SiteConfig`, every value checked, unknown keys refused."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from newsgen import i18n, urls
from newsgen.errors import BuildFailed, ConfigError, NewsgenError
from newsgen.yamltext import YamlProblem, load_mapping

CONFIG_FILE = "site.yaml"


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
    related_count: int = 4
    logo: str = ""
    dateline_name: str = ""
    menu: tuple[str, ...] = ()
    summary_length: int = 160
    strings: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

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
    "related_count": (_positive_int, "expected a positive whole number"),
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
