"""The build stamp: a build with nothing to do stops early, and never when something changed."""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsgen import cli, library, output, sitemaps, stamp
from newsgen.build import build
from newsgen.options import BuildOptions
from tests.conftest import NOW, SiteMaker, article
from tests.test_incremental import snapshot, three_stories

HOUR = timedelta(hours=1)
# Files are dated an hour back, so that no time stamp is too recent to be trusted.
AN_HOUR_AGO = time.time_ns() - 3600 * 10**9


def age(site: Path, when: int = AN_HOUR_AGO) -> None:
    """Date every source file of ``site`` at ``when`` (ns)."""
    for path in site.rglob("*"):
        if path.is_file() and not {"public", ".cache", "fresh"} & set(path.parts):
            os.utime(path, ns=(when, when))


def opts(site: Path, **extra: object) -> BuildOptions:
    settings: dict[str, object] = {"now": NOW, "cache_dir": site / ".cache"}
    settings.update(extra)
    return BuildOptions(site_dir=site, output_dir=site / "public", **settings)  # type: ignore[arg-type]


def clean_build(site: Path, **extra: object) -> dict[str, bytes]:
    """What a clean build with the same options publishes."""
    fresh = site / "fresh"
    build(
        replace(
            opts(site, **extra), output_dir=fresh / "public", cache_dir=fresh / ".cache", clean=True
        )
    )
    return snapshot(fresh / "public")


def stories_with_news() -> dict[str, str | bytes]:
    """Three stories, one of them in the news sitemap's window and one scheduled."""
    files = three_stories()
    files["content/articles/2024/10/baru.md"] = article(
        title="Sidang Paripurna DPRD", date="2024-09-30T20:00:00+07:00"
    )
    files["content/articles/2024/10/nanti.md"] = article(
        title="Pelantikan Bupati", date="2024-10-03T09:00:00+07:00"
    )
    files["content/articles/2024/09/lowongan.md"] = article(
        title="Lowongan Guru Honorer", date="2024-09-15"
    ).replace("---\n\n", "expires: 2024-10-05T00:00:00+07:00\n---\n\n", 1)
    return files


@pytest.fixture
def stamped_site(make_site: SiteMaker) -> Path:
    site = make_site(stories_with_news())
    age(site)
    first = build(opts(site))
    assert not first.stamped
    return site


def test_a_build_with_nothing_to_do_answers_from_the_stamp(
    stamped_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(stamped_site / "public")
    full = build(opts(stamped_site, clean=False, now=NOW + HOUR))  # nothing moved in that hour

    def no_reading(*_: object, **__: object) -> None:
        raise AssertionError("the site was read")

    monkeypatch.setattr("newsgen.build.load_site", no_reading)
    report = build(opts(stamped_site, now=NOW + 2 * HOUR))
    assert full.stamped and report.stamped
    assert report.pages_written == report.files_written == report.images_made == 0
    assert report.articles == full.articles == 5
    assert report.pages_unchanged == full.pages_unchanged > 0
    assert snapshot(stamped_site / "public") == before


def _edit(path: str, old: str, new: str) -> Callable[[Path], None]:
    def change(site: Path) -> None:
        target = site / path
        target.write_text(target.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
        age(site, AN_HOUR_AGO + 10**9)

    return change


def _write(path: str, text: str) -> Callable[[Path], None]:
    def change(site: Path) -> None:
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_text(text, encoding="utf-8")
        age(site, AN_HOUR_AGO + 10**9)

    return change


def _delete(path: str) -> Callable[[Path], None]:
    def change(site: Path) -> None:
        (site / path).unlink()

    return change


def _nothing(site: Path) -> None:
    pass


# What changes between two builds; each must make the second one run in full.
CHANGES: dict[str, tuple[Callable[[Path], None], dict[str, object]]] = {
    # same size, only the time stamp tells
    "one letter of a body": (_edit("content/articles/2024/09/a.md", "Paragraf", "Paragrap"), {}),
    "a new story": (_write("content/articles/2024/09/d.md", article(title="Pasar Baru")), {}),
    "a deleted story": (_delete("content/articles/2024/09/b.md"), {}),
    "a template": (_write("templates/footer.html", "<footer>Redaksi</footer>\n"), {}),
    "a static file": (_write("static/robots.txt", "User-agent: *\nDisallow: /x/\n"), {}),
    "site.yaml": (_edit("site.yaml", "Warta Uji", "Warta Ujo"), {}),
    "drafts asked for": (_nothing, {"drafts": True}),
    "a scheduled story comes out": (
        _nothing,
        {"now": datetime.fromisoformat("2024-10-03T09:00:00+07:00")},
    ),
    "a story leaves the news window": (
        _nothing,
        {"now": datetime.fromisoformat("2024-10-02T20:00:00.000001+07:00")},
    ),
    "the clock goes back": (_nothing, {"now": NOW - HOUR}),
    "a story expires": (_nothing, {"now": datetime.fromisoformat("2024-10-05T00:00:00+07:00")}),
    "another time zone": (
        _nothing,
        {"now": NOW.astimezone(datetime.fromisoformat("2024-01-01T00:00:00+00:00").tzinfo)},
    ),
}


@pytest.mark.parametrize("change", CHANGES, ids=list(CHANGES))
def test_any_change_makes_the_build_run_in_full(stamped_site: Path, change: str) -> None:
    apply, extra = CHANGES[change]
    apply(stamped_site)
    report = build(opts(stamped_site, **extra))
    assert not report.stamped
    assert snapshot(stamped_site / "public") == clean_build(stamped_site, **extra)


def test_a_stamp_taken_just_after_an_edit_is_not_trusted(make_site: SiteMaker) -> None:
    """An edit within the same time stamp tick as the stamped scan looks like no change."""
    site = make_site(stories_with_news())
    age(site)
    page = site / "content/pages/kontak.md"
    os.utime(page)  # written just now
    build(opts(site))
    stat = page.stat()
    page.write_text(page.read_text().replace("redaksi", "REDAKSI"))
    os.utime(page, ns=(stat.st_mtime_ns, stat.st_mtime_ns))  # same size, same time stamp
    report = build(opts(site))
    assert not report.stamped
    assert snapshot(site / "public") == clean_build(site)


@pytest.mark.parametrize("damage", ["deleted", "edited", "journal"])
def test_a_published_file_touched_since_makes_the_build_run_in_full(
    stamped_site: Path, damage: str
) -> None:
    page = stamped_site / "public/index.html"
    if damage == "deleted":
        page.unlink()
    elif damage == "edited":
        page.write_bytes(page.read_bytes().replace(b"Warta Uji", b"Warta Ujo"))
    else:
        journal = f"{output.manifest_name(stamped_site / 'public')}-publish-journal.json"
        (stamped_site / ".cache" / journal).write_text('{"replace": [], "delete": []}')
    report = build(opts(stamped_site))
    assert not report.stamped
    assert snapshot(stamped_site / "public") == clean_build(stamped_site)


def test_clean_never_answers_from_the_stamp(stamped_site: Path) -> None:
    assert not build(opts(stamped_site, clean=True)).stamped


def test_the_stamped_span_ends_at_the_first_moment_the_site_would_change(
    make_site: SiteMaker,
) -> None:
    site = make_site(stories_with_news())
    lib = build_library(site, NOW)
    window = sitemaps.NEWS_WINDOW
    # Sidang Paripurna (2024-09-30 20:00) leaves the 48-hour window before Pelantikan comes out.
    leaves = datetime.fromisoformat("2024-10-02T20:00:00+07:00") + timedelta(microseconds=1)
    assert library.unchanged_until(lib, window) == leaves
    assert library.unchanged_until(build_library(site, leaves), window) == datetime.fromisoformat(
        "2024-10-03T09:00:00+07:00"
    )
    expiry = datetime.fromisoformat("2024-10-05T00:00:00+07:00")
    assert library.unchanged_until(build_library(site, expiry - HOUR), window) == expiry
    late = datetime.fromisoformat("2024-12-30T00:00:00+07:00")
    assert library.unchanged_until(build_library(site, late), window) == datetime.fromisoformat(
        "2025-01-01T00:00:00+07:00"
    )


def test_nothing_published_means_no_span(make_site: SiteMaker) -> None:
    site = make_site({"content/articles/2024/10/nanti.md": article(date="2024-10-03")})
    lib = build_library(site, NOW)
    assert library.unchanged_until(lib, sitemaps.NEWS_WINDOW) == NOW


def build_library(site: Path, now: datetime) -> library.Library:
    from newsgen.build import load_site

    return load_site(opts(site, now=now)).library


def test_a_linked_folder_is_followed_once_and_a_loop_is_harmless(make_site: SiteMaker) -> None:
    site = make_site(stories_with_news())
    (site / "static/css").mkdir(parents=True)
    (site / "static/css/extra.css").write_text("body { margin: 0 }\n")
    (site / "static/css/again").symlink_to(site / "static")  # a loop
    age(site)
    build(opts(site))
    assert build(opts(site)).stamped
    (site / "static/css/extra.css").write_text("body { margin: 1px }\n")
    age(site, AN_HOUR_AGO + 10**9)
    assert not build(opts(site)).stamped


def test_the_stamped_span_is_the_first_change_of_any_story(make_site: SiteMaker) -> None:
    """Against the span worked out story by story, over days of moments."""
    files = stories_with_news()
    more = {
        "draf.md": ("Draf Tajuk", "2024-10-01T10:00:00+07:00", "draft: true\n"),
        "ralat.md": (
            "Ralat Cepat",
            "2024-09-30T08:00:00+07:00",
            "expires: 2024-10-01T06:00:00+07:00\n",
        ),
        "kelak.md": (
            "Pemilu Ulang",
            "2024-10-04T07:00:00+07:00",
            "expires: 2024-10-06T07:00:00+07:00\n",
        ),
    }
    for name, (title, date, extra) in more.items():
        text = article(title=title, date=date).replace("---\n\n", extra + "---\n\n", 1)
        files[f"content/articles/2024/10/{name}"] = text
    site = make_site(files)
    window = sitemaps.NEWS_WINDOW
    for hours in range(-24, 24 * 6, 7):
        now = NOW + timedelta(hours=hours)
        lib = build_library(site, now)
        changes = [datetime(now.year + 1, 1, 1, tzinfo=now.tzinfo)]
        for story in lib.by_source.values():
            if story.draft:
                continue
            if story.date > now:
                changes.append(story.date)
            elif story.date + window >= now:
                changes.append(story.date + window + timedelta(microseconds=1))
            if story.expires is not None and story.expires > now:
                changes.append(story.expires)
        expected = min(changes) if lib.published else now
        assert library.unchanged_until(lib, window) == expected, now


def test_a_scan_made_beside_is_the_scan_made_here(
    stamped_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli, "SCAN_WAIT", 0.0)  # as for a large site: the build's modules meanwhile
    beside, _ = cli._scan(opts(stamped_site, workers=2))
    here = stamp.inputs(stamped_site)
    assert (beside.digest, beside.newest) == (here.digest, here.newest)
    assert beside.stats == here.stats
    assert len(beside.stats) == len(list((stamped_site / "content").rglob("*.md")))
    story = stamped_site / "content/articles/2024/09/c.md"
    before = beside.stats[str(story)]
    story.write_text(story.read_text() + "\nParagraf tambahan.\n")
    changed, _ = cli._scan(opts(stamped_site, workers=2))
    assert changed.digest != beside.digest
    assert changed.stats[str(story)] == (story.stat().st_size, story.stat().st_mtime_ns) != before


def test_the_command_line_scans_a_large_site_beside_and_still_answers_from_the_stamp(
    stamped_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli, "SCAN_WAIT", 0.0)
    args = ["build", "--source", str(stamped_site), "--now", NOW.isoformat(), "--jobs", "2"]
    first = CliRunner().invoke(cli.main, args)
    assert first.exit_code == 0 and re.match(r"\d+ articles?, 0 pages written", first.stdout)
    story = stamped_site / "content/articles/2024/09/c.md"
    story.write_text(story.read_text() + "\nParagraf tambahan.\n")
    edited = CliRunner().invoke(cli.main, args)
    assert edited.exit_code == 0 and re.match(
        r"\d+ articles?, 1 page written, \d+ pages unchanged", edited.stdout
    )
    assert snapshot(stamped_site / "public") == clean_build(stamped_site)


def test_the_build_s_modules_are_imported_only_while_the_scan_goes_on(
    stamped_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsgen import forking

    answers = iter([False, False, True])  # the wait, after the first module, after the second
    monkeypatch.setattr(forking.Beside, "ready", lambda self, within: next(answers))
    imported: list[str] = []
    monkeypatch.setattr(cli.importlib, "import_module", imported.append)
    scanned, early = cli._scan(opts(stamped_site, workers=2))
    assert imported == list(cli.BUILD_MODULES[:2])
    assert scanned.digest == stamp.inputs(stamped_site).digest
    assert not early.records  # the scan was over before the modules were


def _long_scan(monkeypatch: pytest.MonkeyPatch, records: int) -> list[str]:
    """As for a large site: the scan goes on after the build's modules are imported (not
    here: listed), for as long as ``records`` records are read ahead."""
    from newsgen import forking

    waits = 1 + len(cli.BUILD_MODULES) + records
    answers = iter([False] * waits + [True])
    monkeypatch.setattr(forking.Beside, "ready", lambda self, within: next(answers))
    imported: list[str] = []
    monkeypatch.setattr(cli.importlib, "import_module", imported.append)
    return imported


def test_while_a_long_scan_goes_on_the_records_a_build_reads_first_are_read(
    stamped_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsgen import buildcache, reading

    story = stamped_site / "content/articles/2024/09/c.md"
    story.write_text(story.read_text() + "\nParagraf tambahan.\n")
    options = opts(stamped_site, workers=2)
    imported = _long_scan(monkeypatch, records=3)
    scanned, early = cli._scan(options)
    assert imported == list(cli.BUILD_MODULES)
    assert scanned.digest == stamp.inputs(stamped_site).digest
    cache = options.cache_root
    manifest = cache / f"{output.manifest_name(options.output_dir)}.marshal"
    files, first_shard = (cache / f"{name}.pickle" for name, _ in reading.records()[:2])
    assert list(early.records) == [str(manifest), str(files), str(first_shard)]
    assert early.records[str(files)] == buildcache.load(cache, reading.FILES)
    for record in (manifest, files):  # from now on, only what was read ahead holds them
        record.write_bytes(b"damaged")
    report = build(options, scanned=scanned, early=early)
    assert report.pages_written == 1  # the manifest read ahead: the other pages kept
    assert snapshot(stamped_site / "public") == clean_build(stamped_site)


def test_a_build_with_nothing_to_do_takes_the_manifest_read_ahead(
    stamped_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The stamp checks every published file against the manifest: the one read while the
    scan went on, not the file again."""
    options = opts(stamped_site, workers=2, now=NOW + HOUR)
    _long_scan(monkeypatch, records=1)
    scanned, early = cli._scan(options)
    manifest = options.cache_root / f"{output.manifest_name(options.output_dir)}.marshal"
    assert list(early.records) == [str(manifest)]
    manifest.write_bytes(b"damaged")  # from now on, only what was read ahead holds it
    assert stamp.fresh(options, scanned) is None  # read from the file: nothing to vouch for
    report = stamp.fresh(options, scanned, early)
    assert report is not None and report.stamped


def test_records_read_ahead_are_not_taken_again_when_a_lost_body_means_reading_anew(
    stamped_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    from newsgen import reading

    (stamped_site / "templates").mkdir(exist_ok=True)  # every page drawn: every body read
    (stamped_site / "templates/footer.html").write_text("<footer>Redaksi</footer>\n")
    options = opts(stamped_site, workers=2)
    _long_scan(monkeypatch, records=1 + len(reading.records()))
    scanned, early = cli._scan(options)
    assert len(early.records) == 1 + len(reading.records())
    shutil.rmtree(options.cache_root / reading.BODIES)
    report = build(options, scanned=scanned, early=early)
    assert report.pages_written > 1
    assert snapshot(stamped_site / "public") == clean_build(stamped_site)


def test_reading_takes_content_from_the_scan_and_follows_linked_folders(
    make_site: SiteMaker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Stories in a linked folder are part of the site, found once by one path though the
    folder is linked twice, whether reading takes the stamp's walk or walks content/ itself."""
    from newsgen import build as building
    from newsgen import filewalk, reading

    site = make_site({"content/articles/2024/09/a.md": article()})
    archive = tmp_path / "arsip"
    archive.mkdir()
    (archive / "lama.md").write_text(article(title="Berita Lama", date="2024-09-01"))
    (site / "content/articles/arsip").symlink_to(archive)
    (site / "content/articles/zz-lagi").symlink_to(archive)
    expected = ["content/articles/2024/09/a.md", "content/articles/arsip/lama.md"]

    walked: list[str] = []
    walk = filewalk.walk

    def noted(folder: str, found: filewalk.Found, seen: set[tuple[int, int]]) -> None:
        walked.append(folder)
        walk(folder, found, seen)

    monkeypatch.setattr(reading.filewalk, "walk", noted)
    report = build(opts(site))  # scans first, as the command line does
    assert report.articles == 2
    assert (site / "public/2024/09/01/berita-lama/index.html").is_file()
    assert str(site / "content") in walked  # by the stamp's scan
    assert walked.count(str(site / "content")) == 1  # not again by reading

    inspection = building.inspect_site(opts(site))  # no scan: reading walks content/
    assert inspection.site is not None
    assert sorted(a.source for a in inspection.site.library.published) == expected
    assert walked.count(str(site / "content")) == 2


def test_a_link_to_nothing_added_after_a_build_is_reported_not_answered_from_the_stamp(
    stamped_site: Path,
) -> None:
    from newsgen.errors import BuildFailed

    link = stamped_site / "content/articles/2024/09/hilang.md"
    link.symlink_to(stamped_site / "tidak-ada.md")
    with pytest.raises(BuildFailed) as caught:
        build(opts(stamped_site))
    assert [e.message for e in caught.value.errors] == [
        "content/articles/2024/09/hilang.md: file: cannot be read: "
        f"a link to '{stamped_site / 'tidak-ada.md'}', which is not there"
    ]
    link.unlink()
    assert build(opts(stamped_site)).stamped  # the site as it was: answered from the stamp


def test_a_scan_of_the_site_spelt_another_way_is_not_taken_for_reading(
    stamped_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reading takes the scan's files only if their paths begin with the site folder as the
    build spells it; otherwise it walks content/ itself and misses no story."""
    from newsgen import build as building

    monkeypatch.chdir(stamped_site.parent)
    scanned = stamp.inputs(Path(stamped_site.name))  # a relative path, the build's is not
    assert scanned.site != str(stamped_site)
    alone = building.inspect_site(opts(stamped_site))
    taken = building.inspect_site(opts(stamped_site), scanned=scanned)
    assert alone.site is not None and taken.site is not None
    assert len(taken.site.library.published) == len(alone.site.library.published) > 0
