"""Everything a build would find wrong, and a little more, without writing ``public/``.

``newsgen check`` reads and validates the site as a build does, renders every page in
memory (so template mistakes show too), then looks for what a build lets through: internal
links that lead nowhere and titles used twice. Scheduled stories are checked as if they were
live, so that a mistake in one is found before the build that would publish it.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from types import MappingProxyType
from typing import Any

from newsgen import build, links, urls
from newsgen.errors import (
    BuildFailed,
    BuildWarning,
    ConfigError,
    ContentError,
    NewsgenError,
    located,
)
from newsgen.options import BuildOptions
from newsgen.source import SourceDoc

_LOCATED = re.compile(
    r"^(?P<path>[^\s:]+):(?P<line>\d+): (?:(?P<field>[\w. -]+): )?(?P<problem>.+)$"
)


@dataclass(frozen=True)
class Finding:
    """One problem: an error stops a build, a warning does so only with ``--strict``."""

    severity: str  # "error" or "warning"
    path: str
    line: int | None
    field: str
    message: str

    @property
    def text(self) -> str:
        """The one-line form: ``path:line: field: message``."""
        return located(self.path, self.line, self.field or None, self.message)

    def as_dict(self) -> dict[str, Any]:
        return {
            "severity": self.severity,
            "path": self.path,
            "line": self.line,
            "field": self.field,
            "message": self.message,
        }


def from_error(error: NewsgenError) -> Finding:
    """The finding of an error, taking file, line and field from it where it has them."""
    if isinstance(error, ContentError | ConfigError):
        return Finding("error", error.path, error.line, error.field or "", error.problem)
    match = _LOCATED.match(error.message)  # a template error: ``file.html:12: template: ...``
    if match:
        line = int(match["line"])
        return Finding("error", match["path"], line, match["field"] or "", match["problem"])
    return Finding("error", "", None, "", error.message)


def from_warning(warning: BuildWarning) -> Finding:
    return Finding("warning", warning.path, warning.line, warning.field, warning.problem)


def _flatten(error: NewsgenError) -> tuple[NewsgenError, ...]:
    return error.errors if isinstance(error, BuildFailed) else (error,)


def duplicate_titles(docs: Iterable[SourceDoc]) -> list[BuildWarning]:
    """A warning on each document whose title an earlier one (by path) already uses."""
    first: dict[str, SourceDoc] = {}
    warnings: list[BuildWarning] = []
    for doc in sorted(docs, key=lambda d: d.path):
        title = doc.meta.get("title")
        if not isinstance(title, str) or not title.strip():
            continue
        key = " ".join(title.split()).casefold()
        if key in first:
            warnings.append(
                BuildWarning(
                    doc.path,
                    doc.lines.get("title"),
                    "title",
                    f"same title as {first[key].path}: readers and search engines "
                    f"cannot tell them apart (got {title!r})",
                )
            )
        else:
            first[key] = doc
    return warnings


def _draft_pages(docs: Iterable[SourceDoc]) -> dict[str, str]:
    """Output path -> source of each draft page (a build without drafts leaves them out)."""
    found: dict[str, str] = {}
    for doc in docs:
        if doc.kind == "page" and doc.meta.get("draft") is True:
            slug = doc.meta.get("slug")
            if not isinstance(slug, str):
                name = posixpath.basename(doc.path)
                slug = posixpath.basename(doc.folder) if name == "index.md" else name
                slug = posixpath.splitext(slug)[0]
            found[urls.output_path(urls.page_url(slug))] = doc.path
    return found


def _targets(site: build.Site, docs: Iterable[SourceDoc], files: Iterable[str]) -> links.Targets:
    """The built files, plus the documents that exist but are not live, each with why."""
    lib, zone = site.library, site.config.zone

    def when(moment: datetime) -> str:
        return moment.astimezone(zone).isoformat(timespec="minutes")

    caveats: dict[str, tuple[str, str]] = {
        path: ("draft", f"links to a draft ({source}), which is not published")
        for path, source in _draft_pages(docs).items()
    }
    for article in lib.by_source.values():
        if article.draft and article.url:
            caveats[urls.output_path(article.url)] = (
                "draft",
                f"links to a draft ({article.source}), which is not published",
            )
    for article in lib.scheduled:
        caveats[urls.output_path(article.url)] = (
            "scheduled",
            f"links to a story scheduled for {when(article.date)}: it leads nowhere until then",
        )
    for article in lib.expired:
        taken_down = when(article.expires) if article.expires else "its expiry date"
        caveats[urls.output_path(article.url)] = (
            "expired",
            f"links to a story taken down on {taken_down}: readers find only a notice",
        )
    sources = {a.source: a.url for a in lib.by_source.values()}
    sources.update({p.source: p.url for p in lib.pages})
    return links.Targets(
        files=frozenset(files) | frozenset(caveats),
        base_url=site.config.base_url,
        caveats=MappingProxyType(caveats),
        sources=MappingProxyType(sources),
    )


def check_links(site: build.Site, docs: Iterable[SourceDoc], files: Iterable[str]) -> list[Finding]:
    """Links in every document's body that lead nowhere, or to a story not live now."""
    docs = tuple(docs)
    targets = _targets(site, docs, files)
    live = {a.source for a in site.library.published} | {p.source for p in site.library.pages}
    findings: list[Finding] = []
    for doc in docs:
        errors, warnings = links.check_document(
            doc.path,
            doc.body,
            doc.body_line,
            targets.sources.get(doc.path, "/"),
            targets,
            live=doc.path in live,
        )
        findings += [from_error(e) for e in errors] + [from_warning(w) for w in warnings]
    return findings


def check_site(options: BuildOptions) -> tuple[Finding, ...]:
    """Every error and warning of the site at ``options.now``, sorted by file and line."""
    checked = replace(options, strict=False, preview=True)
    try:
        inspection = build.inspect_site(checked, keep_docs=True)
    except NewsgenError as error:  # site.yaml itself is broken: nothing more can be read
        return tuple(from_error(e) for e in _flatten(error))
    findings = [from_error(e) for e in inspection.errors]
    findings += [from_warning(w) for w in inspection.warnings]
    findings += [from_warning(w) for w in duplicate_titles(inspection.docs)]
    site = inspection.site
    if site is not None:
        try:
            pages = build.render_site(checked, site)
        except NewsgenError as error:
            findings += [from_error(e) for e in _flatten(error)]
        else:
            files = [page.path for page in pages] + build.other_files(checked, site)
            findings += check_links(site, inspection.docs, files)
    order = {"error": 0, "warning": 1}
    return tuple(
        sorted(set(findings), key=lambda f: (f.path, f.line or 0, order[f.severity], f.message))
    )
