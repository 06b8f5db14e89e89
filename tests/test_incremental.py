"""Incremental builds: only what changed is made again, and the result equals a clean build."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsgen import buildcache, jobs, output, plancache, reading, related, render, stories, urls
from newsgen.build import build, load_site
from newsgen.config import load_config
from newsgen.errors import BuildFailed
from newsgen.options import BuildOptions
from newsgen.render import Job
from tests.conftest import NOW, SiteMaker, article, write_site


def snapshot(public: Path) -> dict[str, bytes]:
    return {
        p.relative_to(public).as_posix(): p.read_bytes() for p in public.rglob("*") if p.is_file()
    }


def mtimes(public: Path) -> dict[str, int]:
    return {
        p.relative_to(public).as_posix(): p.stat().st_mtime_ns
        for p in public.rglob("*")
        if p.is_file()
    }


def options(site: Path, output: Path | None = None, **extra: object) -> BuildOptions:
    extra.setdefault("cache_dir", site / ".cache")
    extra.setdefault("now", NOW)
    return BuildOptions(
        site_dir=site,
        output_dir=output or site / "public",
        **extra,  # type: ignore[arg-type]
    )


def assert_same_as_a_clean_build(site: Path) -> None:
    """``site``'s public/ is what a clean build of it, elsewhere, writes."""
    fresh = site.parent / "fresh"
    shutil.rmtree(fresh, ignore_errors=True)
    cache = site.parent / "fresh-cache"
    shutil.rmtree(cache, ignore_errors=True)
    build(options(site, output=fresh, clean=True, cache_dir=cache))
    assert snapshot(site / "public") == snapshot(fresh)


def three_stories() -> dict[str, str | bytes]:
    return {
        "content/articles/2024/09/a.md": article(
            title="Banjir Rendam Rantau Bayur", date="2024-09-20", tags="[Banjir, Banyuasin]"
        ),
        "content/articles/2024/09/b.md": article(
            title="Jembatan Putus di Ogan Ilir", date="2024-09-21", category="Daerah"
        ),
        "content/articles/2024/09/c.md": article(
            title="Harga Karet Naik", date="2024-09-22", category="Ekonomi"
        ),
        "content/pages/kontak.md": "---\ntitle: Kontak\n---\n\nHubungi redaksi.\n",
    }


def test_noop_rebuild_rewrites_nothing(make_site: SiteMaker) -> None:
    site = make_site(three_stories())
    build(options(site))
    before = mtimes(site / "public")
    report = build(options(site))
    assert report.pages_written == 0
    assert report.files_written == 0
    assert mtimes(site / "public") == before


def test_editing_one_body_rewrites_only_the_pages_that_show_it(make_site: SiteMaker) -> None:
    site = make_site(three_stories())
    build(options(site))
    before = snapshot(site / "public")
    path = site / "content/articles/2024/09/c.md"
    path.write_text(path.read_text() + "\nParagraf tambahan tentang harga karet.\n")
    build(options(site))
    after = snapshot(site / "public")
    changed = sorted(p for p in after if after[p] != before.get(p))
    # Feeds carry the summary (the first paragraph), which did not change.
    assert changed == ["2024/09/22/harga-karet-naik/index.html"]
    assert set(after) == set(before)
    assert "Paragraf tambahan" in after["2024/09/22/harga-karet-naik/index.html"].decode()


def test_editing_a_title_reaches_every_page_that_links_it(make_site: SiteMaker) -> None:
    site = make_site(three_stories())
    build(options(site))
    before = snapshot(site / "public")
    path = site / "content/articles/2024/09/b.md"
    path.write_text(
        path.read_text().replace("Jembatan Putus di Ogan Ilir", "Jembatan Gantung Putus")
    )
    build(options(site))
    after = snapshot(site / "public")
    changed = sorted(p for p in after if after[p] != before.get(p))
    assert changed == [
        "2024/09/21/jembatan-gantung-putus/index.html",  # the new URL
        "atom.xml",
        "index.html",
        "kategori/daerah/atom.xml",
        "kategori/daerah/index.html",
        "kategori/daerah/rss.xml",
        "penulis/novan-wijaya/atom.xml",
        "penulis/novan-wijaya/index.html",
        "penulis/novan-wijaya/rss.xml",
        "rss.xml",
        "sitemap-1.xml",
    ]
    assert sorted(set(before) - set(after)) == ["2024/09/21/jembatan-putus-di-ogan-ilir/index.html"]


def test_a_fix_far_down_a_body_plans_that_story_again_not_the_archive(
    make_site: SiteMaker, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = three_stories()
    files["content/articles/2024/09/a.md"] = article(
        title="Banjir Rendam Rantau Bayur",
        date="2024-09-20",
        tags="[Banjir, Banyuasin]",
        body=f"Paragraf pertama.\n\n{LONG_PARAGRAPH}\n\nParagraf akhir.",
    )
    site = make_site(files)
    build(options(site))
    planned: list[str] = []
    indexed: list[int] = []
    real_plan, real_index = stories._plan, stories.index_for

    def plan(archive: Any, article: Any, *rest: Any) -> Any:
        planned.append(article.source)
        return real_plan(archive, article, *rest)

    def index(library: Any, *rest: Any) -> Any:
        indexed.append(len(library.published))
        return real_index(library, *rest)

    monkeypatch.setattr(stories, "_plan", plan)
    monkeypatch.setattr(stories, "index_for", index)
    story = site / "content/articles/2024/09/a.md"
    story.write_text(story.read_text().replace("Paragraf akhir.", "Paragraf akhir, diralat."))
    build(options(site))
    assert planned == ["content/articles/2024/09/a.md"]
    assert indexed == []
    assert_same_as_a_clean_build(site)
    # The start of a body is read by the index: it is made again, and every story ranked
    # again; a story whose ranking came out the same keeps its plan.
    planned.clear()
    indexed.clear()
    story.write_text(story.read_text().replace("Paragraf pertama.", "Paragraf pembuka."))
    build(options(site))
    assert indexed == [3]
    assert planned == ["content/articles/2024/09/a.md"]
    assert_same_as_a_clean_build(site)


def test_a_new_story_ranks_again_only_the_stories_it_may_enter(
    make_site: SiteMaker, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(related, "SEED", 20)  # an archive past its first stories
    topics = ["pasar cabai", "banjir tanggul", "pemilu bawaslu", "karet petani", "jalan rusak"]
    files: dict[str, str | bytes] = {
        f"content/articles/2024/09/b{i:03d}.md": article(
            title=f"Berita {topics[i % 5]} nomor {i}",
            date=f"2024-09-{1 + i // 3:02d}T{8 + i % 3:02d}:00:00+07:00",
            body=f"Warga bicara soal {topics[i % 5]} di desa {i}.\n\nParagraf kedua.",
            tags=f"[{topics[i % 5].split()[0].title()}, Sumsel]",
            category=["Politik", "Ekonomi", "Daerah"][i % 3],
        )
        for i in range(60)
    }
    site = make_site(files)
    build(options(site))
    ranked: list[int] = []
    indexed: list[int] = []
    real_rank_at, real_index = stories._rank_at, stories.index_for

    def rank_at(queries: Any, at: int) -> Any:
        ranked.append(queries[1][at][0])
        return real_rank_at(queries, at)

    def index(library: Any, *rest: Any) -> Any:
        indexed.append(len(library.published))
        return real_index(library, *rest)

    monkeypatch.setattr(stories, "_rank_at", rank_at)
    monkeypatch.setattr(stories, "index_for", index)
    (site / "content/articles/2024/09/baru.md").write_text(
        article(
            title="Berita banjir tanggul terbaru",
            date="2024-09-30T10:00:00+07:00",
            body="Warga bicara soal banjir tanggul lagi.\n\nParagraf kedua.",
            tags="[Banjir, Sumsel]",
            category="Daerah",
        )
    )
    build(options(site))
    assert indexed == []  # the recorded index took the story in
    assert 60 in ranked  # the new story, ranked
    assert len(ranked) < 30  # and fewer than half of the others
    assert_same_as_a_clean_build(site)
    # A story dated before the newest cannot be taken in: the index is made again.
    indexed.clear()
    (site / "content/articles/2024/09/lama.md").write_text(
        article(title="Berita lama pasar cabai", date="2024-09-15T07:00:00+07:00")
    )
    build(options(site))
    assert indexed == [62]
    assert_same_as_a_clean_build(site)


def test_corrupted_or_deleted_cache_costs_time_not_correctness(make_site: SiteMaker) -> None:
    site = make_site(three_stories())
    build(options(site))
    clean = snapshot(site / "public")
    records = [*(site / ".cache").glob("*.pickle"), *(site / ".cache").glob("*.marshal")]
    assert {r.suffix for r in records} == {".pickle", ".marshal"}
    for record in records:
        record.write_bytes(b"not a record")
    build(options(site))
    assert snapshot(site / "public") == clean
    for record in records:  # cut short, as by a full disk
        record.write_bytes(record.read_bytes()[: record.stat().st_size // 2])
    build(options(site))
    assert snapshot(site / "public") == clean
    shutil.rmtree(site / ".cache")
    build(options(site))
    assert snapshot(site / "public") == clean


def test_records_kept_the_other_way_by_an_earlier_newsgen_are_removed(
    make_site: SiteMaker,
) -> None:
    site = make_site(three_stories())
    build(options(site))
    cache = site / ".cache"
    stale = [cache / f"{plancache.RECORD}.pickle", cache / f"{reading.FILES}.marshal"]
    for record in stale:
        record.write_bytes(b"records of an earlier format")
    story = site / "content/articles/2024/09/c.md"
    story.write_text(story.read_text() + "\nParagraf tambahan.\n")
    build(options(site))
    assert not any(record.exists() for record in stale)
    assert (cache / f"{plancache.RECORD}.marshal").exists()
    assert (cache / f"{reading.FILES}.pickle").exists()


def test_record_files_left_half_written_are_removed_once_stale(make_site: SiteMaker) -> None:
    site = make_site(three_stories())
    build(options(site))
    cache = site / ".cache"
    an_hour_ago = time.time() - 3600
    left = cache / f".{plancache.RECORD}.k1ll3d.tmp"  # as a writer killed midway leaves it
    writing = cache / f".{reading.FILES}.wr1t1n.tmp"  # as another build is writing it now
    other = cache / "notes.tmp"  # not a record's temporary file
    for path in (left, writing, other):
        path.write_bytes(b"half a record")
    for path in (left, other):
        os.utime(path, (an_hour_ago, an_hour_ago))
    os.utime(writing, (time.time() - buildcache.LEFT_AFTER + 60,) * 2)
    story = site / "content/articles/2024/09/c.md"
    story.write_text(story.read_text() + "\nParagraf tambahan.\n")
    build(options(site))
    assert not left.exists()
    assert writing.exists()
    assert other.exists()


def body_files(site: Path) -> list[Path]:
    return sorted((site / ".cache" / reading.BODIES).rglob("*.pickle"))


def test_bodies_are_read_only_for_the_pages_drawn(
    make_site: SiteMaker, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = make_site(three_stories())
    build(options(site))
    # The parsed record carries each article's body by name only.
    for record in (site / ".cache").glob(f"{reading.PARSED}-*.pickle"):
        assert b"<p>Paragraf" not in record.read_bytes()
    assert len(body_files(site)) == 3
    story = site / "content/articles/2024/09/c.md"
    story.write_text(story.read_text() + "\nParagraf tambahan tentang harga karet.\n")
    for stored in body_files(site):
        stored.unlink()  # no other page needs a body: none is read

    def forget(cache_dir: Path) -> None:
        raise AssertionError("a body was read that no page drawn needs")

    monkeypatch.setattr(reading, "forget", forget)
    build(options(site))
    assert len(body_files(site)) == 1  # c's new body
    assert_same_as_a_clean_build(site)


def test_a_replaced_body_is_deleted_by_name_and_a_full_read_sweeps_the_rest(
    make_site: SiteMaker,
) -> None:
    files: dict[str, str | bytes] = {
        f"content/articles/2024/09/s{i:02d}.md": article(
            title=f"Berita nomor {i}", date=f"2024-09-{1 + i:02d}T08:00:00+07:00"
        )
        for i in range(12)
    }
    site = make_site(files)
    build(options(site))
    before = set(body_files(site))
    assert len(before) == 12
    stray = before.pop().with_name("0" * 64 + ".pickle")  # left by an interrupted build
    stray.write_bytes(b"")
    story = site / "content/articles/2024/09/s03.md"
    story.write_text(story.read_text() + "\nParagraf tambahan.\n")
    build(options(site))
    after = set(body_files(site))
    assert len(after) == 13  # the edited story's old body gone, its new one and the stray
    assert stray in after  # one story changed: its old body deleted by name, no sweep
    build(options(site, clean=True))  # everything read again: every body checked
    assert stray not in set(body_files(site))
    assert len(body_files(site)) == 12


def test_a_lost_or_damaged_body_costs_time_not_correctness(make_site: SiteMaker) -> None:
    site = make_site(three_stories())
    build(options(site))
    clean = snapshot(site / "public")
    lost, damaged, _kept = body_files(site)
    lost.unlink()
    damaged.write_bytes(b"not a pickle")
    for page in (site / "public").rglob("index.html"):
        if page.parent.parent.name in {"20", "21"}:  # stories a and b: drawn again
            page.unlink()
    build(options(site))
    assert snapshot(site / "public") == clean
    assert len(body_files(site)) == 3


def test_output_is_the_same_whatever_the_number_of_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stories, "PARALLEL_MIN", 16)  # rank on workers too, not only at scale
    real_rank_at = stories._rank_at
    marks = tmp_path / "ranked-in"
    marks.mkdir()

    def rank_at(queries: Any, at: int) -> Any:
        (marks / str(os.getpid())).touch()  # workers share no memory with this process
        return real_rank_at(queries, at)

    def ranked_in() -> set[str]:
        return {mark.name for mark in marks.iterdir()}

    real_plan_at = plancache._plan_at
    planned = tmp_path / "planned-in"
    planned.mkdir()

    def plan_at(work: Any, at: int) -> Any:
        (planned / str(os.getpid())).touch()
        return real_plan_at(work, at)

    monkeypatch.setattr(stories, "_rank_at", rank_at)
    monkeypatch.setattr(plancache, "_plan_at", plan_at)
    files = {
        f"content/articles/2024/09/b{i:03d}.md": article(
            title=f"Berita nomor {i} soal pasar",
            date=f"2024-09-{1 + i % 28:02d}T08:{i % 60:02d}:00+07:00",
            tags=f"[Pasar, Topik {i % 7}]",
            category=["Politik", "Ekonomi", "Hukum"][i % 3],
        )
        for i in range(120)
    }
    one = write_site(tmp_path / "one", files)
    two = write_site(tmp_path / "two", files)
    build(options(one, workers=1))
    here = {str(os.getpid())}
    assert ranked_in() == here and {mark.name for mark in planned.iterdir()} == here
    build(options(two, workers=2))
    assert snapshot(one / "public") == snapshot(two / "public")
    assert ranked_in() - here  # the second build ranked in worker processes
    assert {mark.name for mark in planned.iterdir()} - here  # and planned in them


EDITS = st.lists(
    st.tuples(
        st.sampled_from(
            [
                "edit-body",
                "edit-title",
                "add",
                "delete",
                "rename",
                "template",
                "config",
                "tag",
                "nothing",
                "clock",
                "edit-tail",
            ]
        ),
        st.integers(min_value=0, max_value=5),
    ),
    min_size=1,
    max_size=6,
)


LONG_PARAGRAPH = " ".join(["Warga Rantau Bayur mengungsi ke balai desa."] * 20)


def _age(site: Path, when: int, newer_than: int = 0) -> None:
    """Date the site's files at ``when`` (ns): all of them, or those changed since ``newer_than``."""
    for path in site.rglob("*"):
        outside = {"public", "fresh", ".cache", "fresh-cache"} & set(path.relative_to(site).parts)
        if path.is_file() and not outside and path.stat().st_mtime_ns > newer_than:
            os.utime(path, ns=(when, when))


def _apply(site: Path, edit: str, n: int, step: int) -> None:
    articles = sorted((site / "content/articles").rglob("*.md"))
    target = articles[n % len(articles)] if articles else None
    if edit == "add" or target is None:
        # some in the news sitemap's last 48 hours, some still scheduled
        date = (
            f"2024-09-{29 + n:02d}T10:00:00+07:00" if n < 2 else f"2024-10-{n:02d}T10:00:00+07:00"
        )
        (site / f"content/articles/2024/09/baru-{step}-{n}.md").write_text(
            article(title=f"Berita Baru {step} {n}", date=date, tags="[Banjir]")
        )
    elif edit == "edit-tail":  # a long paragraph: later edits fall past what the index reads
        target.write_text(target.read_text() + f"\n{LONG_PARAGRAPH} {step}.\n")
    elif edit == "edit-body":
        target.write_text(target.read_text() + f"\nTambahan {step}.\n")
    elif edit == "edit-title":
        text = target.read_text().splitlines()
        text[1] = f"title: Judul Diubah {step} {n}"
        target.write_text("\n".join(text) + "\n")
    elif edit == "delete" and len(articles) > 1:
        target.unlink()
    elif edit == "rename":
        target.rename(target.with_name(f"pindah-{step}-{target.name}"))
    elif edit == "tag":
        target.write_text(target.read_text().replace("---\n\n", f"tags: [Topik {n}]\n---\n\n", 1))
    elif edit == "template":
        footer = site / "templates/footer.html"
        footer.parent.mkdir(exist_ok=True)
        footer.write_text(f"<footer>Kaki {step} {n}</footer>\n")
    elif edit == "config":
        (site / "site.yaml").write_text(
            f"title: Warta Uji {n}\nbase_url: https://uji.example\nper_page: {n + 1}\n"
        )


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(edits=EDITS, beside=st.booleans(), lazy=st.booleans())
def test_any_edit_sequence_gives_a_clean_build_byte_for_byte(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    edits: list[tuple[str, int]],
    beside: bool,
    lazy: bool,
) -> None:
    # beside: two workers, plans made in a forked process from the second build on
    monkeypatch.setattr(plancache, "BESIDE_FROM", 0 if beside else 10**9)
    # lazy: records never written again for changed entries alone
    monkeypatch.setattr(buildcache, "STALE_SHARE", 1.0 if lazy else 1 / 500)
    workers = 2 if beside else 1
    root = tmp_path / f"run-{abs(hash((tuple(edits), beside, lazy)))}"
    shutil.rmtree(root, ignore_errors=True)
    site = write_site(root, three_stories())
    # Files are dated in the past, a second apart per step, so that the build stamp and the
    # reading cache trust their time stamps (a file written this very second they re-read).
    past = time.time_ns() - 3600 * 10**9
    _age(site, past)
    now = NOW
    build(options(site, now=now, workers=workers))
    for step, (edit, n) in enumerate(edits):
        _apply(site, edit, n, step)
        _age(site, past + (step + 1) * 10**9, newer_than=past + 1800 * 10**9)
        if edit == "clock":
            now += timedelta(hours=17 * (n + 1))
        report = build(options(site, now=now, workers=workers))
        fresh = root / "fresh"
        shutil.rmtree(fresh, ignore_errors=True)
        build(options(site, output=fresh, clean=True, cache_dir=root / "fresh-cache", now=now))
        assert snapshot(site / "public") == snapshot(fresh), (edit, n, step)
        if edit == "nothing":
            assert report.stamped, step


def desks_and_topics(count: int) -> dict[str, str | bytes]:
    """``count`` stories over three desks and four tags, each body starting with a paragraph
    longer than what the related index reads, so that a paragraph added plans no other."""
    desks = ["Politik", "Daerah", "Ekonomi"]
    return {
        f"content/articles/2024/09/berita-{i}.md": article(
            title=f"Warga Desa {i} Menanam Padi",
            date=f"2024-09-{i + 1:02d}T10:00:00+07:00",
            category=desks[i % 3],
            tags=f"[Topik {i % 4}]",
            body=f"{LONG_PARAGRAPH} {i}.\n\nParagraf kedua {i}.",
        )
        for i in range(count)
    }


def test_an_edit_keys_again_only_the_listing_pages_of_its_storys_terms(
    make_site: SiteMaker, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = make_site(desks_and_topics(12))
    build(options(site))
    keyed: list[str] = []
    real_key = render.Renderer._key

    def key(renderer: render.Renderer, template: str, url: str, digest: str) -> str:
        if template == "listing.html":
            keyed.append(url)
        return real_key(renderer, template, url, digest)

    monkeypatch.setattr(render.Renderer, "_key", key)
    path = site / "content/articles/2024/09/berita-4.md"  # Daerah, Topik 0
    path.write_text(path.read_text() + "\nParagraf tambahan.\n")
    build(options(site))
    language = load_config(site).language
    terms = {
        urls.taxonomy_url("category", "Daerah", language),
        urls.taxonomy_url("tag", "Topik 0", language),
        urls.taxonomy_url("author", "Novan Wijaya", language),
    }
    assert {term for term in terms if term in keyed} == terms
    assert [url for url in keyed if not any(url.startswith(term) for term in terms)] == []
    assert_same_as_a_clean_build(site)
    # Without the record, every term is keyed again.
    keyed.clear()
    buildcache.drop(site / ".cache", "listing-keys", plain=True)
    path.write_text(path.read_text() + "\nParagraf lagi.\n")
    build(options(site))
    assert urls.taxonomy_url("category", "Ekonomi", language) in keyed
    assert_same_as_a_clean_build(site)


def test_a_listing_record_of_the_wrong_shape_costs_time_not_correctness(
    make_site: SiteMaker,
) -> None:
    site = make_site(desks_and_topics(6))
    build(options(site))
    cache = site / ".cache"
    record = buildcache.load(cache, "listing-keys", plain=True)
    assert record["terms"]
    shapes: list[Callable[[Any], object]] = [
        lambda entry: "not a term",
        lambda entry: entry[:2],
        lambda entry: (*entry[:2], "keys"),
        lambda entry: (*entry[:2], (*entry[2], "one key too many")),
        lambda entry: (*entry[:2], tuple(range(len(entry[2])))),
    ]
    path = site / "content/articles/2024/09/berita-1.md"
    for number, shape in enumerate(shapes):
        terms = {url: shape(entry) for url, entry in record["terms"].items()}
        buildcache.save(cache, "listing-keys", {**record, "terms": terms}, plain=True)
        path.write_text(path.read_text().rstrip("\n") + f" Kalimat {number}.\n")
        build(options(site))
        assert_same_as_a_clean_build(site)
    buildcache.save(cache, "listing-keys", {**record, "published": 7}, plain=True)
    path.write_text(path.read_text().rstrip("\n") + " Kalimat akhir.\n")
    build(options(site))
    assert_same_as_a_clean_build(site)


def test_a_few_changed_entries_leave_the_records_as_they_were(
    make_site: SiteMaker, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Never written again for changed entries alone: a story edited twice is read, parsed,
    # planned and keyed again from the records of the first build.
    monkeypatch.setattr(buildcache, "STALE_SHARE", 1.0)
    site = make_site(desks_and_topics(12))
    build(options(site))
    cache = site / ".cache"
    records = ("files", "parsed", "plans", "listing-keys")

    def written() -> dict[str, int]:
        return {p.name: p.stat().st_mtime_ns for p in cache.iterdir() if p.name.startswith(records)}

    first = written()
    assert {"files.pickle", "plans.marshal", "listing-keys.marshal"} <= set(first)
    path = site / "content/articles/2024/09/berita-4.md"
    for step in range(2):
        # a sentence at the end: the story asks for as many links as before
        path.write_text(path.read_text().rstrip("\n") + f" Kalimat tambahan {step}.\n")
        report = build(options(site))
        assert report.pages_written >= 1
        assert any(
            f"Kalimat tambahan {step}".encode() in page
            for page in snapshot(site / "public").values()
        )
        assert_same_as_a_clean_build(site)
        assert written() == first
    monkeypatch.setattr(buildcache, "STALE_SHARE", 0.0)  # any change is worth writing
    path.write_text(path.read_text() + "\nParagraf terakhir.\n")
    build(options(site))
    assert_same_as_a_clean_build(site)
    last = written()
    changed = {name for name in first if last.get(name) != first[name]}
    assert {"files.pickle", "plans.marshal", "listing-keys.marshal"} <= changed
    assert any(name.startswith("parsed") for name in changed)


@pytest.mark.parametrize("beside", [False, True])
def test_interrupted_publish_is_completed_by_the_next_build(
    make_site: SiteMaker, monkeypatch: pytest.MonkeyPatch, beside: bool
) -> None:
    if beside:  # published files looked up in a forked process, after the recovery
        monkeypatch.setattr("newsgen.build.SURVEY_BESIDE", 0)
    site = make_site(three_stories())
    build(options(site))
    for name in ("b", "c"):
        path = site / f"content/articles/2024/09/{name}.md"
        path.write_text(path.read_text().replace("Novan Wijaya", "Sari Dewi"))
    real_replace = os.replace
    calls: list[str] = []

    def interrupted(source: str | Path, target: str | Path) -> None:
        if "/public/" in str(target):  # the journal is being applied
            if calls:
                raise KeyboardInterrupt
            calls.append(str(target))
        real_replace(source, target)

    monkeypatch.setattr("newsgen.output.os.replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build(options(site))
    monkeypatch.setattr("newsgen.output.os.replace", real_replace)
    assert list((site / ".cache").glob("*publish-journal.json"))
    build(options(site))
    assert_same_as_a_clean_build(site)
    assert not list((site / ".cache").glob("*publish-journal.json"))


def test_a_journal_of_staged_paths_left_by_an_older_build_is_applied(tmp_path: Path) -> None:
    import json

    from newsgen import output

    public, cache = tmp_path / "public", tmp_path / "cache"
    (public / "a").mkdir(parents=True)
    (public / "a/index.html").write_text("lama")
    (public / "b.html").write_text("hapus")
    staging = tmp_path / ".public.staging"
    (staging / "a").mkdir(parents=True)
    (staging / "a/index.html").write_text("baru")
    cache.mkdir()
    journal = cache / f"{output.manifest_name(public)}-{output.JOURNAL}"
    journal.write_text(json.dumps({"replace": ["a/index.html"], "delete": ["b.html"]}))
    output.recover(public, cache)
    assert (public / "a/index.html").read_text() == "baru"
    assert not (public / "b.html").exists()
    assert not journal.exists() and not staging.exists()


def test_pages_are_made_as_they_are_written_not_all_held_at_once(tmp_path: Path) -> None:
    made: list[str] = []

    def page(name: str) -> bytes:
        made.append(name)
        return name.encode()

    todo = [Job(f"{name}.html", name, partial(page, name), key=name) for name in "abc"]
    stream = jobs.run(todo, "base", {}, tmp_path, workers=1).made
    first = next(stream)
    assert (first.path, first.data) == ("a.html", b"a")
    assert made == ["a"]  # b and c wait until they are asked for
    assert [m.data for m in stream] == [b"b", b"c"]


def test_a_build_leaves_the_garbage_collector_as_it_found_it(make_site: SiteMaker) -> None:
    import gc

    site = make_site(three_stories())
    assert gc.isenabled()
    build(options(site, workers=2))
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0  # the build's objects are collectable again
    gc.disable()
    try:
        build(options(site, clean=True))
        assert not gc.isenabled()
        assert gc.get_freeze_count() == 0
    finally:
        gc.enable()


def test_a_stored_body_pickles_as_its_file_name_and_cannot_be_changed(tmp_path: Path) -> None:
    import pickle

    from newsgen.model import Block, Body, BodyLost

    held = Body.of((Block("p", html="<p>Satu.</p>"), Block("marker", pins=("a",), line=7)))
    assert held.outline.kinds == ("p", "marker")
    assert held.outline.markers == ((1, ("a",), 7),)
    stored_at = tmp_path / "body.pickle"
    stored_at.write_bytes(pickle.dumps(held.blocks))
    stored = held.stored(str(stored_at))
    assert b"Satu" not in pickle.dumps(stored)
    assert pickle.loads(pickle.dumps(stored)).blocks == held.blocks
    assert stored == held and hash(stored) == hash(held)
    with pytest.raises(AttributeError):
        stored.outline = held.outline  # type: ignore[misc]
    stored_at.write_bytes(b"damaged")
    with pytest.raises(BodyLost):
        _ = stored.blocks


def test_a_story_shown_by_a_kept_plan_redraws_the_pages_that_show_it(
    make_site: SiteMaker, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A plan is kept when its story and ranking are, but its page still shows what the
    stories it links are now: here a dateline, which the related index does not read."""
    files = three_stories()
    files["content/articles/2024/09/b.md"] = article(
        title="Jembatan Putus di Ogan Ilir", date="2024-09-21", tags="[Banjir, Banyuasin]"
    )
    files["templates/article.html"] = (
        "{{ article.title }}:{% for link in plan.related %}"
        "{{ link.article.title }}@{{ link.article.location }};{% endfor %}\n"
    )
    site = make_site(files)
    build(options(site))
    page = site / "public/2024/09/20/banjir-rendam-rantau-bayur/index.html"
    assert "Jembatan Putus di Ogan Ilir@;" in page.read_text()
    planned: list[str] = []
    real_plan = stories._plan

    def plan(archive: Any, article: Any, *rest: Any) -> Any:
        planned.append(article.source)
        return real_plan(archive, article, *rest)

    monkeypatch.setattr(stories, "_plan", plan)
    story = site / "content/articles/2024/09/b.md"
    story.write_text(story.read_text().replace("title:", "location: OGAN ILIR\ntitle:", 1))
    build(options(site))
    assert planned == ["content/articles/2024/09/b.md"]  # the other plans were kept
    assert "Jembatan Putus di Ogan Ilir@OGAN ILIR;" in page.read_text()
    assert_same_as_a_clean_build(site)


def test_a_desk_outgrowing_another_leaves_the_navigation_and_other_pages_alone(
    make_site: SiteMaker,
) -> None:
    files = three_stories()  # Politik, Daerah, Ekonomi: one story each; no menu set
    files["content/articles/2024/09/d.md"] = article(title="Sidang Paripurna", date="2024-09-19")
    site = make_site(files)
    build(options(site))
    page = site / "public/2024/09/21/jembatan-putus-di-ogan-ilir/index.html"
    before = page.read_bytes()
    menu = before.decode().split("<nav")[1].split("</nav>")[0]
    nav = [part.split('"')[1] for part in menu.split("href=")[1:]]
    assert [u for u in nav if u.startswith("/kategori/")] == [
        "/kategori/daerah/",
        "/kategori/ekonomi/",
        "/kategori/politik/",
    ]
    for day in (23, 24):  # Ekonomi outgrows Politik
        (site / f"content/articles/2024/09/e{day}.md").write_text(
            article(title=f"Harga Sawit {day}", date=f"2024-09-{day}", category="Ekonomi")
        )
    build(options(site))
    assert page.read_bytes() == before


@pytest.mark.parametrize("damage", ["deleted", "edited"])
def test_published_files_looked_up_beside_the_reading_are_made_again_when_touched(
    make_site: SiteMaker, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, damage: str
) -> None:
    monkeypatch.setattr("newsgen.build.SURVEY_BESIDE", 0)
    marks = tmp_path / "surveyed-in"
    marks.mkdir()
    real_survey = output.survey

    def survey(public: Path, paths: Any) -> Any:
        (marks / str(os.getpid())).touch()  # the forked process shares no memory with this one
        return real_survey(public, paths)

    monkeypatch.setattr(output, "survey", survey)
    site = make_site(three_stories())
    build(options(site, workers=2))
    for name in ("index.html", "2024/09/21/jembatan-putus-di-ogan-ilir/index.html"):
        page = site / "public" / name
        if damage == "deleted":
            page.unlink()
        else:
            page.write_bytes(page.read_bytes().replace(b"Warta Uji", b"Warta Ujo"))
    story = site / "content/articles/2024/09/c.md"
    story.write_text(story.read_text() + "\nParagraf tambahan.\n")
    build(options(site, workers=2))
    assert {mark.name for mark in marks.iterdir()} - {str(os.getpid())}
    assert_same_as_a_clean_build(site)


def _plan_beside(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Plans made in a forked process by every build that finds a record of them; each such
    process leaves a mark in the folder returned, named by its pid, listing the plans it
    handed back."""
    marks = tmp_path / "planned-in"
    marks.mkdir()
    monkeypatch.setattr(plancache, "BESIDE_FROM", 0)
    real_answer = plancache._Beside.answer

    def answer(self: Any) -> Any:
        found = real_answer(self)
        (marks / str(os.getpid())).write_text("\n".join(sorted(found[1])))
        return found

    monkeypatch.setattr(plancache._Beside, "answer", answer)
    return marks


def _handed_back(marks: Path) -> set[str]:
    """What the one planning process since the last call handed back, its mark taken away."""
    [mark] = [m for m in marks.iterdir() if m.name != str(os.getpid())]
    handed = set(mark.read_text().split())
    mark.unlink()
    return handed


def _desks() -> dict[str, str | bytes]:
    """Twelve stories in three desks, each desk its own words and tags."""
    desks = {
        "Banjir": ("Daerah", "Banjir merendam rumah warga di tepi Sungai Musi"),
        "Karet": ("Ekonomi", "Harga karet petani naik di pasar lelang"),
        "Pilkada": ("Politik", "Calon kepala daerah mendaftar ke komisi pemilihan"),
    }
    files: dict[str, str | bytes] = {}
    for d, (tag, (category, sentence)) in enumerate(desks.items()):
        for n in range(4):
            day = 10 + 4 * d + n
            files[f"content/articles/2024/09/{tag.lower()}-{n}.md"] = article(
                title=f"{tag} Hari Ke-{n}",
                date=f"2024-09-{day}",
                category=category,
                tags=f"[{tag}]",
                body=f"{sentence} {n}.\n\n{sentence}, kata warga.\n\nParagraf ketiga {n}.",
            )
    return files


def _shown_by(site: Path, source: str) -> set[str]:
    """The articles whose plans show ``source``, and itself, as a build in one process has it."""
    loaded = load_site(options(site, workers=1))
    found = {source}
    for shower, plan in loaded.plans.by_source.items():
        shown = [link.article.source for link in plan.related]
        for part in plan.layout:
            if isinstance(part, stories.ReadAlso):
                shown += [a.source for a in part.links]
        if source in shown:
            found.add(shower)
    return found


def test_plans_made_beside_the_rest_give_what_plans_made_in_line_give(
    make_site: SiteMaker, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    marks = _plan_beside(monkeypatch, tmp_path)
    site = make_site(_desks())
    build(options(site, workers=2))  # no record yet: planned in line
    assert not list(marks.iterdir())

    edited = "content/articles/2024/09/karet-1.md"
    (site / edited).write_text((site / edited).read_text() + "\nHarga naik lagi.\n")
    report = build(options(site, workers=2))
    handed = _handed_back(marks)  # the edited story and those whose plans show it
    assert handed == _shown_by(site, edited)
    assert len(handed) < 12
    assert report.pages_written < 20
    assert_same_as_a_clean_build(site)

    # A dateline, which the related index does not read: the plans are kept, and those
    # showing the story come back keyed again.
    edited = "content/articles/2024/09/karet-2.md"
    story = site / edited
    story.write_text(story.read_text().replace("title:", "location: MUARA ENIM\ntitle:", 1))
    build(options(site, workers=2))
    handed = _handed_back(marks)
    assert handed == _shown_by(site, edited)
    assert len(handed) > 1
    assert_same_as_a_clean_build(site)

    # A page whose plan did not change, drawn all the same: its plan is made here.
    page = site / "public/2024/09/10/banjir-hari-ke-0/index.html"
    assert "content/articles/2024/09/banjir-0.md" not in handed
    page.write_text("dirusak")
    build(options(site, workers=2))
    assert _handed_back(marks) == set()
    assert_same_as_a_clean_build(site)

    (site / "content/articles/2024/09/karet-9.md").write_text(
        article(title="Karet Terbaru", date="2024-09-25", category="Ekonomi", tags="[Karet]")
    )
    build(options(site, workers=2))
    assert "content/articles/2024/09/karet-9.md" in _handed_back(marks)
    assert_same_as_a_clean_build(site)

    # Every page drawn, on two workers: every plan is made once, here, before they fork.
    footer = site / "templates/footer.html"
    footer.parent.mkdir(exist_ok=True)
    footer.write_text("<footer>Kaki baru</footer>\n")
    monkeypatch.setattr(jobs, "PARALLEL_MIN", 2)
    planned_in = tmp_path / "everything-planned-in"
    planned_in.mkdir()
    real_plans_for = plancache.plans_for

    def plans_for(*args: Any, **kwargs: Any) -> Any:
        (planned_in / str(os.getpid())).touch()
        return real_plans_for(*args, **kwargs)

    monkeypatch.setattr(plancache, "plans_for", plans_for)
    report = build(options(site, workers=2))
    assert report.pages_unchanged == 0
    assert [mark.name for mark in planned_in.iterdir()] == [str(os.getpid())]
    assert _handed_back(marks) == set()
    assert_same_as_a_clean_build(site)


def test_plans_made_beside_report_every_error_and_warning(
    make_site: SiteMaker, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    marks = _plan_beside(monkeypatch, tmp_path)
    files = _desks()
    path = "content/articles/2024/09/banjir-2.md"
    text = str(files[path]).replace("kata warga.", "kata warga.\n\n<!-- baca-juga: tidak-ada -->")
    files[path] = text
    line = text.splitlines().index("<!-- baca-juga: tidak-ada -->") + 1
    warning = f"{path}:{line}: baca-juga: no article with slug or path 'tidak-ada'"
    site = make_site(files)
    assert [w.message for w in build(options(site, workers=2)).warnings] == [warning]

    other = site / "content/articles/2024/09/karet-1.md"  # the plan warned of is kept
    other.write_text(other.read_text() + "\nHarga naik lagi.\n")
    assert [w.message for w in build(options(site, workers=2)).warnings] == [warning]
    assert path not in _handed_back(marks)

    story = site / path  # a pin that names two stories: an error, the site left as it was
    story.write_text(text.replace("tidak-ada", "banjir-hari-ke-1"))
    twin = "content/articles/2024/09/banjir-1b.md"
    (site / twin).write_text(article(title="Banjir Hari Ke-1", date="2024-09-22"))
    before = snapshot(site / "public")
    with pytest.raises(BuildFailed) as caught:
        build(options(site, workers=2))
    assert [e.message for e in caught.value.errors] == [
        f"{path}:{line}: baca-juga: slug 'banjir-hari-ke-1' matches several articles: "
        f"{twin}, content/articles/2024/09/banjir-1.md; name one by its path"
    ]
    assert _handed_back(marks)
    assert snapshot(site / "public") == before


def age(site: Path, seconds: int = 60) -> None:
    """Every content file dated ``seconds`` back: old enough for its record to be trusted."""
    moment = time.time() - seconds
    for path in (site / "content").rglob("*.md"):
        os.utime(path, (moment, moment))


def test_the_reading_records_may_be_written_later_and_then_serve_the_next_read(
    make_site: SiteMaker,
) -> None:
    site = make_site(three_stories())
    age(site)
    config, cache = load_site(options(site)).config, site / "cache-2"
    kept: list[Any] = []
    first = reading.read_documents(site, config, cache, keep=kept.append)
    assert first.parsed_now == 4 and len(kept) == 1
    assert not list(cache.glob("*.pickle")), "nothing is written before the work handed over runs"
    kept[0]()
    again = reading.read_documents(site, config, cache)
    assert again.parsed_now == 0
    assert again.parsed == first.parsed


@pytest.mark.parametrize("planned_beside", [False, True])
def test_a_build_on_two_cores_has_written_its_reading_records_when_it_returns(
    make_site: SiteMaker, monkeypatch: pytest.MonkeyPatch, planned_beside: bool
) -> None:
    """Written by a process of their own, or by the planning process when there is one."""
    if planned_beside:
        monkeypatch.setattr(plancache, "BESIDE_FROM", 1)
    taken: list[bool] = []
    planning = plancache.Planning.__init__

    def noted(self: plancache.Planning, *args: Any, **named: Any) -> None:
        planning(self, *args, **named)
        taken.append(self.takes_then)

    monkeypatch.setattr(plancache.Planning, "__init__", noted)
    site = make_site(three_stories())
    age(site)
    config = load_config(site)
    build(options(site, workers=2))
    assert reading.read_documents(site, config, site / ".cache").parsed_now == 0
    story = site / "content/articles/2024/09/c.md"
    story.write_text(story.read_text() + "\nParagraf tambahan.\n")
    age(site)
    build(options(site, workers=2))
    assert reading.read_documents(site, config, site / ".cache").parsed_now == 0
    # The first build had no plan record to plan beside from.
    assert taken == [False, planned_beside]
    assert_same_as_a_clean_build(site)


def test_files_read_with_other_settings_are_parsed_again_though_unchanged(
    make_site: SiteMaker,
) -> None:
    site = make_site(three_stories())
    age(site)
    cache = site / "cache-2"  # load_site reads with the other
    before = load_site(options(site)).config
    assert reading.read_documents(site, before, cache).parsed_now == 4
    assert reading.read_documents(site, before, cache).parsed_now == 0
    (site / "site.yaml").write_text(
        (site / "site.yaml").read_text() + "permalink: /berita/{slug}/\n", encoding="utf-8"
    )
    after = load_site(options(site)).config
    read = reading.read_documents(site, after, cache)
    assert read.parsed_now == 4
    urls = sorted(p.document.url for p in read.parsed if p.document is not None)
    assert urls[:3] == [
        "/berita/banjir-rendam-rantau-bayur/",
        "/berita/harga-karet-naik/",
        "/berita/jembatan-putus-di-ogan-ilir/",
    ]
