"""Internal links written in Markdown bodies, checked against what the site publishes.

A pure step: it reads the Markdown source (so that every finding names its line) and is
given the set of files the build produces. A link resolves when the built site has a file
for it, exactly as a browser would find it; photos are not looked at here, since reading
the content already checks them.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from urllib.parse import unquote, urlsplit

from newsgen.errors import BuildWarning, ContentError

# [text](target "title"), not ![alt](src); the target may be wrapped in <...>
_INLINE = re.compile(r"(?<!!)\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*(<[^>]*>|[^)\s]+)")
# [label]: target, but not a footnote [^1]: text
_REFERENCE = re.compile(r"^ {0,3}\[(?!\^)[^\]]+\]:\s*(<[^>]*>|\S+)")
_HTML_HREF = re.compile(r"<a\s[^>]*?href\s*=\s*[\"']([^\"']*)[\"']", re.I)
_AUTOLINK = re.compile(r"<((?:https?://)[^>\s]+)>")
_CODE_SPAN = re.compile(r"(`+).+?\1")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


@dataclass(frozen=True)
class Link:
    """One link target as written, on a line of its file."""

    target: str
    line: int


@dataclass(frozen=True)
class Targets:
    """What the built site offers to link to.

    ``files`` are paths under ``public/``; ``caveats`` are those that should not be linked
    now (a draft, a story still scheduled, one taken down), with the reason; ``sources`` maps a
    content file to its URL, to suggest the URL when an editor links the ``.md`` file itself.
    """

    files: frozenset[str]
    base_url: str = ""
    caveats: Mapping[str, tuple[str, str]] = field(
        default_factory=lambda: MappingProxyType({})
    )  # file -> (kind, reason); kind: draft, scheduled, expired
    sources: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))


def find_links(body: str, body_line: int) -> Iterator[Link]:
    """Every link target in a Markdown body, outside code, with its file line."""
    fence = ""
    for index, line in enumerate(body.split("\n")):
        opening = _FENCE.match(line)
        if fence:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = ""
            continue
        if opening:
            fence = opening.group(1)
            continue
        text = _CODE_SPAN.sub(lambda span: " " * len(span.group(0)), line)
        found = sorted(
            (match.start(), match.group(1).strip())
            for pattern in (_INLINE, _REFERENCE, _HTML_HREF, _AUTOLINK)
            for match in pattern.finditer(text)
        )
        for _, target in found:
            if target.startswith("<") and target.endswith(">"):
                target = target[1:-1].strip()
            yield Link(target, body_line + index)


def _internal_path(target: str, page_url: str, base_url: str) -> str | None:
    """The site path a link points at, or None for outside links and in-page anchors."""
    if base_url and target.startswith(base_url + "/"):
        target = target[len(base_url) :]
    elif base_url and target == base_url:
        target = "/"
    if not target or target.startswith(("#", "?", "//")) or _SCHEME.match(target):
        return None
    path = unquote(urlsplit(target).path)
    if not path:
        return None
    if not path.startswith("/"):
        folder = page_url if page_url.endswith("/") else posixpath.dirname(page_url) + "/"
        path = posixpath.join(folder, path)
    trailing = path.endswith("/")
    path = posixpath.normpath(path)
    if path.startswith("//"):
        path = path[1:]
    return path + "/" if trailing and path != "/" else path


def _files_for(path: str) -> tuple[str, ...]:
    """The files under ``public/`` that would serve ``path``, best first."""
    bare = path.lstrip("/")
    if path.endswith("/"):
        return (bare + "index.html",)
    return (bare, bare + "/index.html")


def check_document(
    source: str,
    body: str,
    body_line: int,
    page_url: str,
    targets: Targets,
    *,
    live: bool = True,
) -> tuple[list[ContentError], list[BuildWarning]]:
    """Links of one document that lead nowhere (errors) or to a page not live now (warnings).

    ``live`` is False for drafts and scheduled stories: their links to other stories that
    are not out yet are not worth a warning.
    """
    errors: list[ContentError] = []
    warnings: list[BuildWarning] = []
    folder = posixpath.dirname(source)
    for link in find_links(body, body_line):
        bare = urlsplit(link.target).path
        if bare.endswith((".md", ".markdown")) and not _SCHEME.match(link.target):
            linked = posixpath.normpath(posixpath.join(folder, unquote(bare)))
            url = targets.sources.get(linked)
            hint = f"write its address {url} instead" if url else "no such file"
            errors.append(
                ContentError(
                    source, link.line, "link", f"links a content file: {hint} (got {link.target!r})"
                )
            )
            continue
        path = _internal_path(link.target, page_url, targets.base_url)
        if path is None:
            continue
        found = next((f for f in _files_for(path) if f in targets.files), None)
        if found is None:
            errors.append(
                ContentError(
                    source,
                    link.line,
                    "link",
                    f"no page or file at {path} on this site (got {link.target!r})",
                )
            )
            continue
        caveat = targets.caveats.get(found)
        if caveat and (live or caveat[0] == "expired"):
            warnings.append(
                BuildWarning(source, link.line, "link", f"{caveat[1]} (got {link.target!r})")
            )
    return errors, warnings
