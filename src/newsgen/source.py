"""Reading the site folder: content files split into front matter and body, photos probed.

This is one of the three places that touch the disk. Everything it finds wrong is returned
as `ContentError`s with file and line, never raised one at a time.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from newsgen.errors import ContentError
from newsgen.yamltext import YamlProblem, load_mapping

CONTENT = "content"
ARTICLES = f"{CONTENT}/articles"
PAGES = f"{CONTENT}/pages"
SHARED_IMAGES = f"{CONTENT}/images"
IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp", ".gif", ".svg", ".avif", ".tif"})
DOCUMENT_SUFFIXES = frozenset({".md", ".markdown"})


@dataclass(frozen=True)
class SourceDoc:
    """One Markdown file, split; ``lines`` gives the file line of each front matter key."""

    path: str  # relative to the site folder, forward slashes
    kind: str  # "article" or "page"
    meta: Mapping[str, Any]
    lines: Mapping[str, int]
    body: str
    body_line: int  # file line of the first body line
    digest: str

    @property
    def folder(self) -> str:
        """The folder that relative photo paths in this document start from."""
        return self.path.rsplit("/", 1)[0]

    @property
    def is_bundle(self) -> bool:
        return self.path.rsplit("/", 1)[-1] == "index.md"


def split_front_matter(raw: bytes, path: str, kind: str) -> SourceDoc | ContentError:
    """Split a document into its YAML front matter and Markdown body."""
    if not raw.strip():
        return ContentError(path, 1, "file", "empty: expected front matter between '---' lines")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return ContentError(path, line, "file", f"not UTF-8 text (got byte 0x{raw[exc.start]:02x})")
    text = text.replace("\r\n", "\n")
    lines = text.split("\n")
    if lines[0].strip() != "---":
        return ContentError(path, 1, "front matter", "must start with a '---' line")
    closing = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if closing is None:
        return ContentError(path, 1, "front matter", "not closed: no second '---' line")
    loaded = load_mapping("\n".join(lines[1:closing]), first_line=2)
    if isinstance(loaded, YamlProblem):
        return ContentError(path, loaded.line, "front matter", loaded.problem)
    meta, key_lines = loaded
    return SourceDoc(
        path=path,
        kind=kind,
        meta=MappingProxyType(meta),
        lines=dict(key_lines),
        body="\n".join(lines[closing + 1 :]),
        body_line=closing + 2,
        digest=hashlib.sha256(raw).hexdigest(),
    )
