"""Every editor mistake: one exact line naming file, line and field; all in one run."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from newsgen.build import inspect_site
from newsgen.cli import main
from newsgen.errors import BuildFailed, NewsgenError
from newsgen.options import BuildOptions
from tests.conftest import NOW, SiteMaker, article, build_site

A = "content/articles/2024/09/a.md"
B = "content/articles/2024/09/b.md"


def jpeg(width: int = 1600, height: int = 900) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "teal").save(buffer, "JPEG")
    return buffer.getvalue()


def errors_of(site: Path, **options: bool) -> list[str]:
    with pytest.raises(BuildFailed) as caught:
        build_site(site, **options)
    return [e.message for e in caught.value.errors]


CASES: list[tuple[str, dict[str, str | bytes], list[str]]] = [
    (
        "broken YAML",
        {A: "---\ntitle: Judul\ntags: [Pilkada, Bawaslu\ndate: 2024-09-27\n---\nIsi.\n"},
        [
            f"{A}:4: front matter: invalid YAML: did not find expected ',' or ']' "
            "(while parsing a flow sequence that starts on line 3)"
        ],
    ),
    (
        "unclosed front matter",
        {A: "---\ntitle: Judul\ndate: 2024-09-27\n\nIsi berita.\n"},
        [f"{A}:1: front matter: not closed: no second '---' line"],
    ),
    (
        "missing title",
        {A: article(title=None)},
        [f"{A}:1: title: required, missing"],
    ),
    (
        "missing date",
        {A: article(date=None)},
        [f"{A}:1: date: required, missing"],
    ),
    (
        "missing author",
        {A: article(author=None)},
        [f"{A}:1: author: required, missing"],
    ),
    (
        "missing category",
        {A: article(category=None)},
        [f"{A}:1: category: required, missing"],
    ),
    (
        "unparseable date",
        {A: article(date="12/03/2024")},
        [
            f"{A}:3: date: expected an ISO 8601 date such as 2024-09-27T14:30:00+07:00 "
            "(got '12/03/2024')"
        ],
    ),
    (
        "tags not a list",
        {A: article(tags="Pilkada 2024")},
        [f"{A}:6: tags: expected a list such as [a, b] (got 'Pilkada 2024')"],
    ),
    (
        "two categories",
        {A: article(category="[Politik, Hukum]")},
        [f"{A}:5: category: exactly one category, not a list (got ['Politik', 'Hukum'])"],
    ),
    (
        "duplicate slug on one day",
        {A: article(title="Judul Sama"), B: article(title="Judul Sama")},
        [f"{B}:2: title: URL /2024/09/27/judul-sama/ is already used by {A}"],
    ),
    (
        "missing photo file",
        {A: article(image="{src: hilang.jpg, alt: Foto}")},
        [
            f"{A}:6: image.src: photo file not found: content/articles/2024/09/hilang.jpg "
            "(got 'hilang.jpg')"
        ],
    ),
    (
        "photo path escaping the content folder",
        {A: article(body="Isi.\n\n![Foto](../../../../../etc/passwd.jpg)")},
        [
            f"{A}:10: photo: photo path escapes the content folder (got '../../../../../etc/passwd.jpg')"
        ],
    ),
    (
        "empty file",
        {A: ""},
        [f"{A}:1: file: empty: expected front matter between '---' lines"],
    ),
    (
        "non-UTF-8 file",
        {A: b"---\ntitle: Berita \xe9\n---\n"},
        [f"{A}:2: file: not UTF-8 text (got byte 0xe9)"],
    ),
    (
        "draft not a boolean",
        {A: article(draft="mungkin")},
        [f"{A}:6: draft: expected true or false (got 'mungkin')"],
    ),
    (
        "bad focus",
        {
            A: article(image="{src: /images/a.jpg, alt: Foto, focus: [2, 0.5]}"),
            "content/images/a.jpg": jpeg(),
        },
        [f"{A}:6: image.focus: expected [x, y] as fractions from 0 to 1 (got [2, 0.5])"],
    ),
    (
        "updated before date",
        {A: article(updated="2024-09-01T10:00:00+07:00")},
        [f"{A}:6: updated: earlier than date (got '2024-09-01T10:00:00+07:00')"],
    ),
    (
        "related slug matching several articles",
        {
            A: article(title="Banjir Rendam Banyuasin", date="2024-09-20"),
            B: article(title="Banjir Rendam Banyuasin", date="2024-09-21"),
            "content/articles/2024/09/c.md": article(
                title="Tanggul Jebol", date="2024-09-22", related="[banjir-rendam-banyuasin]"
            ),
        },
        [
            "content/articles/2024/09/c.md:6: related: slug 'banjir-rendam-banyuasin' matches "
            f"several articles: {B}, {A}; name one by its path"
        ],
    ),
    (
        "a not-a-photo with a photo name",
        {
            A: article(image="{src: /images/palsu.jpg, alt: Foto}"),
            "content/images/palsu.jpg": b"this is text, not a photo",
        },
        [
            f"{A}:6: image.src: unusable photo content/images/palsu.jpg: not an image Pillow can "
            "read (got '/images/palsu.jpg')"
        ],
    ),
    (
        "bad alias",
        {A: article(aliases="[read/old url]")},
        [
            f"{A}:6: aliases: expected a site path starting with '/' (no spaces, query or "
            "fragment) (got 'read/old url')"
        ],
    ),
]


@pytest.mark.parametrize(("files", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_mistake_has_its_line(
    make_site: SiteMaker, files: dict[str, str | bytes], expected: list[str]
) -> None:
    assert errors_of(make_site(files)) == expected


def test_all_mistakes_reported_in_one_run(make_site: SiteMaker) -> None:
    site = make_site(
        {
            A: article(date="kemarin"),
            B: article(title=None, tags="satu"),
            "content/articles/2024/09/c.md": "",
            "content/pages/kontak.md": "---\nsummary: Hubungi kami\n---\nIsi.\n",
        }
    )
    assert errors_of(site) == [
        f"{A}:3: date: expected an ISO 8601 date such as 2024-09-27T14:30:00+07:00 (got 'kemarin')",
        f"{B}:1: title: required, missing",
        f"{B}:5: tags: expected a list such as [a, b] (got 'satu')",
        "content/articles/2024/09/c.md:1: file: empty: expected front matter between '---' lines",
        "content/pages/kontak.md:1: title: required, missing",
    ]


def test_unknown_related_slug_warns_and_fails_with_strict(make_site: SiteMaker) -> None:
    site = make_site({A: article(related="[tidak-ada]")})
    report = build_site(site)
    assert [w.message for w in report.warnings] == [
        f"{A}:6: related: no article with slug or path 'tidak-ada'"
    ]
    assert errors_of(site, strict=True) == [
        f"{A}:6: related: no article with slug or path 'tidak-ada'"
    ]


def test_unknown_front_matter_key_warns_with_closest(make_site: SiteMaker) -> None:
    report = build_site(make_site({A: article(categori="Hukum")}))
    assert [w.message for w in report.warnings] == [
        f"{A}:6: categori: unknown key, ignored (did you mean 'category'?)"
    ]


@pytest.mark.parametrize(
    ("site_yaml", "expected"),
    [
        (
            "title: Warta\nbase_url: https://w.example\ntitel: Warta Uji\n",
            ["site.yaml:3: titel: unknown key (did you mean 'title'?)"],
        ),
        (
            "title: Warta\nbase_url: https://w.example\npermalink: /{year}/{judul}/\n",
            [
                "site.yaml:3: permalink: unknown field {judul}; allowed: {category}, {day}, "
                "{month}, {slug}, {year} (got '/{year}/{judul}/')"
            ],
        ),
        (
            "title: Warta\nbase_url: https://w.example\npermalink: /{year}/{month}/\n",
            [
                "site.yaml:3: permalink: must contain {slug} so that every article gets its own "
                "URL (got '/{year}/{month}/')"
            ],
        ),
        (
            "title: Warta\nbase_url: w.example\nper_page: nol\ntimezone: Asia/Palembang\n",
            [
                "site.yaml:2: base_url: expected an absolute http(s) URL (got 'w.example')",
                "site.yaml:3: per_page: expected a positive whole number (got 'nol')",
                "site.yaml:4: timezone: expected an IANA time zone such as Asia/Jakarta "
                "(got 'Asia/Palembang')",
            ],
        ),
        ("base_url: https://w.example\n", ["site.yaml: title: required, missing"]),
        (
            "title: [Warta\n",
            [
                "site.yaml:2: invalid YAML: did not find expected ',' or ']' "
                "(while parsing a flow sequence that starts on line 1)"
            ],
        ),
    ],
)
def test_site_yaml_mistakes(make_site: SiteMaker, site_yaml: str, expected: list[str]) -> None:
    site = make_site({A: article()}, site_yaml=site_yaml)
    with pytest.raises(NewsgenError) as caught:
        build_site(site)
    error = caught.value
    messages = [e.message for e in error.errors] if isinstance(error, BuildFailed) else [str(error)]
    assert messages == expected


def test_cli_exit_code_and_public_untouched(make_site: SiteMaker) -> None:
    site = make_site({A: article()})
    build_site(site)
    before = {p: p.read_bytes() for p in (site / "public").rglob("*") if p.is_file()}
    (site / A).write_text(article(date="besok"), encoding="utf-8")
    (site / B).write_text(article(title=None), encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--source", str(site), "--now", NOW.isoformat()])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{A}:3: date: expected an ISO 8601 date such as 2024-09-27T14:30:00+07:00 (got 'besok')",
        f"{B}:1: title: required, missing",
        "build failed: 2 errors; public/ left as it was",
    ]
    assert "Traceback" not in result.output
    after = {p: p.read_bytes() for p in (site / "public").rglob("*") if p.is_file()}
    assert after == before


def test_a_content_file_that_cannot_be_read_is_one_error_not_a_traceback(
    make_site: SiteMaker,
) -> None:
    """A link to a file that is not there, among articles or photos: one line each, on the
    first build and on one that reads the rest from its cache."""
    site = make_site({A: article(), B: article(title="Berita Kedua")})
    build_site(site)
    (site / "content/articles/2024/09/c.md").symlink_to(site / "hilang.md")
    (site / "content/images").mkdir()
    (site / "content/images/foto.jpg").symlink_to(site / "hilang.jpg")
    expected = [
        "content/articles/2024/09/c.md: file: cannot be read: "
        f"a link to '{site / 'hilang.md'}', which is not there",
        "content/images/foto.jpg: file: cannot be read: "
        f"a link to '{site / 'hilang.jpg'}', which is not there",
    ]
    assert errors_of(site) == expected
    assert errors_of(site, clean=True) == expected
    options = BuildOptions(site_dir=site, output_dir=site / "public", now=NOW)
    unscanned = inspect_site(options)  # reading walks content/ itself
    assert [e.message for e in unscanned.errors] == expected
    (site / "content/articles/2024/09/c.md").unlink()
    (site / "content/images/foto.jpg").unlink()
    assert build_site(site).articles == 2


def test_a_content_folder_that_cannot_be_listed_is_an_error_not_stories_left_out(
    make_site: SiteMaker, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its stories would otherwise be missing from the site without a word (a folder without
    permission to list it: made here by refusing to list it, as the tests may run as root)."""
    import os

    from newsgen import filewalk

    later = "content/articles/2024/10/d.md"
    site = make_site({A: article(), later: article(title="Berita Oktober", date="2024-10-01")})
    build_site(site)
    before = {p: p.read_bytes() for p in (site / "public").rglob("*") if p.is_file()}
    refused = str(site / "content/articles/2024/10")
    scandir = os.scandir

    def listing(path: str) -> object:
        if str(path) == refused:
            raise PermissionError(13, "Permission denied", path)
        return scandir(path)

    monkeypatch.setattr(filewalk.os, "scandir", listing)
    expected = ["content/articles/2024/10: folder: cannot be read: permission denied"]
    assert errors_of(site) == expected
    assert errors_of(site, clean=True) == expected
    options = BuildOptions(site_dir=site, output_dir=site / "public", now=NOW)
    assert [e.message for e in inspect_site(options).errors] == expected  # reading's own walk
    after = {p: p.read_bytes() for p in (site / "public").rglob("*") if p.is_file()}
    assert after == before
    monkeypatch.setattr(filewalk.os, "scandir", scandir)
    assert build_site(site).articles == 2
