"""Whole-site test helpers: a small site written inline, built into a temporary folder."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path

import pytest
from lxml import html as lxml_html

from newsgen.build import build
from newsgen.options import BuildOptions, BuildReport

NOW = datetime.fromisoformat("2024-10-01T12:00:00+07:00")

SITE_YAML = "title: Warta Uji\nbase_url: https://uji.example\n"


def article(
    title: str = "Judul Berita",
    date: str = "2024-09-27T14:30:00+07:00",
    body: str = "Paragraf pertama.\n\nParagraf kedua.",
    **fields: object,
) -> str:
    """The text of an article file; extra front matter given as YAML-ready values."""
    meta = {"title": title, "date": date, "author": "Novan Wijaya", "category": "Politik"}
    meta.update({k: v for k, v in fields.items()})
    lines = ["---"]
    for key, value in meta.items():
        if value is None:
            continue
        lines.append(f"{key}: {value}")
    lines += ["---", "", textwrap.dedent(body).strip(), ""]
    return "\n".join(lines)


def write_site(root: Path, files: Mapping[str, str | bytes], site_yaml: str = SITE_YAML) -> Path:
    """Write ``files`` (path relative to the site folder: text or bytes) under ``root``."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "site.yaml").write_text(site_yaml, encoding="utf-8")
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    return root


def build_site(root: Path, now: datetime = NOW, **options: bool) -> BuildReport:
    return build(BuildOptions(site_dir=root, output_dir=root / "public", now=now, **options))


def parse(path: Path) -> lxml_html.HtmlElement:
    """A built page, parsed."""
    return lxml_html.fromstring(path.read_bytes())


SiteMaker = Callable[..., Path]


@pytest.fixture
def make_site(tmp_path: Path) -> SiteMaker:
    """``make_site({"content/articles/a.md": article(...)})`` -> the site folder."""

    def make(files: Mapping[str, str | bytes], site_yaml: str = SITE_YAML) -> Path:
        return write_site(tmp_path / "site", files, site_yaml)

    return make
