"""Whole small sites built into a temporary folder, their pages parsed."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from markupsafe import Markup
from PIL import Image

from newsgen import build, render
from newsgen.errors import RenderError
from newsgen.options import BuildOptions
from tests.conftest import NOW, SiteMaker, article, build_site, parse

A = "content/articles/2024/09/a.md"


def jpeg(width: int = 1600, height: int = 900) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "teal").save(buffer, "JPEG")
    return buffer.getvalue()


def page_of(site: Path, url: str) -> Path:
    return site / "public" / url.strip("/") / "index.html"


def texts(tree: object, xpath: str) -> list[str]:
    return [" ".join(e.text_content().split()) for e in tree.xpath(xpath)]  # type: ignore[attr-defined]


def test_article_page_has_every_part_of_a_news_story(make_site: SiteMaker) -> None:
    body = """
        Bawaslu menggelar rapat koordinasi.

        Rapat dihadiri **stakeholder**.

        ![Ketua Bawaslu](romi.jpg "Ketua Bawaslu memberi keterangan --Foto: Novan Wijaya - WARTA")

        Paragraf ketiga.
    """
    site = make_site(
        {
            "content/articles/2024/09/rakor/index.md": article(
                title="Bawaslu OKI Gelar Rakor",
                author="[Novan Wijaya, Sari Dewi]",
                updated="2024-09-28T09:15:00+07:00",
                tags="[Pilkada 2024, Bawaslu]",
                location="OKI",
                source="wartauji.example",
                image="{src: rakor.jpg, alt: Peserta rakor, caption: Rakor di Palembang, "
                "credit: Novan Wijaya - WARTA}",
                body=body,
            ),
            "content/articles/2024/09/rakor/rakor.jpg": jpeg(),
            "content/articles/2024/09/rakor/romi.jpg": jpeg(800, 600),
        }
    )
    build_site(site)
    tree = parse(page_of(site, "/2024/09/27/bawaslu-oki-gelar-rakor/"))
    assert tree.xpath("string(//html/@lang)") == "id"
    assert texts(tree, "//h1") == ["Bawaslu OKI Gelar Rakor"]
    assert tree.xpath("//p[@class='byline']//a/@href") == [
        "/penulis/novan-wijaya/",
        "/penulis/sari-dewi/",
    ]
    assert texts(tree, "//p[@class='dates']/time") == [
        "Jumat, 27 September 2024 14:30 WIB",
        "Sabtu, 28 September 2024 09:15 WIB",
    ]
    assert "Diperbarui" in texts(tree, "//p[@class='dates']")[0]
    lead, inline = tree.xpath("//figure")
    assert "lead" in lead.get("class")
    assert texts(lead, ".//figcaption") == ["Rakor di Palembang Foto: Novan Wijaya - WARTA"]
    assert texts(inline, ".//figcaption") == [
        "Ketua Bawaslu memberi keterangan Foto: Novan Wijaya - WARTA"
    ]
    assert inline.xpath(".//img/@alt") == ["Ketua Bawaslu"]
    first = tree.xpath("//div[@class='body']/p")[0]
    assert texts(first, "./span[@class='dateline']") == ["OKI, WARTA UJI -"]
    assert texts(tree, "//p[@class='source']") == ["Sumber: wartauji.example"]
    assert tree.xpath("//ul[@class='tags']//a/@href") == ["/tag/pilkada-2024/", "/tag/bawaslu/"]
    share = tree.xpath("//ul[@class='share']//a/@href")
    assert any(h.startswith("https://wa.me/?text=") for h in share)
    assert not tree.xpath("//script[not(@type='application/ld+json')]")


def test_markdown_extensions_tables_footnotes_attributes_heading_ids(make_site: SiteMaker) -> None:
    body = """
        Pembuka berita.[^1]

        ## Hasil Rekapitulasi {#hasil}

        | Kecamatan | Suara |
        |---|---|
        | Kayuagung | 1200 |

        Paragraf dengan kelas.
        {: .catatan }

        [^1]: Sumber data KPU.
    """
    site = make_site({A: article(body=body)})
    build_site(site)
    tree = parse(page_of(site, "/2024/09/27/judul-berita/"))
    assert tree.xpath("//h2/@id") == ["hasil"]
    assert texts(tree, "//table//td") == ["Kayuagung", "1200"]
    assert tree.xpath("//p[@class='catatan']")
    assert tree.xpath("//div[@class='footnote']//li/@id") == ["fn-1"]


def test_front_matter_is_escaped_but_raw_html_in_body_is_kept(make_site: SiteMaker) -> None:
    site = make_site(
        {
            A: article(
                title="'Tom & Jerry <script>alert(1)</script> \"kutip\"'",
                summary="'<b>ringkas</b> & </script>'",
                body='Isi.\n\n<div class="embed">Video</div>',
            )
        }
    )
    build_site(site)
    raw = next((site / "public/2024/09/27").glob("*/index.html")).read_text()
    assert "<script>alert(1)</script>" not in raw
    assert "Tom &amp; Jerry &lt;script&gt;" in raw
    assert '<div class="embed">Video</div>' in raw
    tree = parse(next((site / "public/2024/09/27").glob("*/index.html")))
    assert (
        tree.xpath("string(//meta[@name='description']/@content)") == "<b>ringkas</b> & </script>"
    )


def test_home_category_tag_author_pages_paginate(make_site: SiteMaker) -> None:
    files = {
        f"content/articles/2024/09/b{i:02d}.md": article(
            title=f"Berita ke {i}",
            date=f"2024-09-{i:02d}T08:00:00+07:00",
            tags="[Sumsel]",
            featured="true" if i == 3 else "false",
        )
        for i in range(1, 26)
    }
    site = make_site(files)
    build_site(site)
    home = parse(site / "public/index.html")
    assert texts(home, "//section[@class='headline']//h3") == ["Berita ke 3"]
    first = parse(page_of(site, "/kategori/politik/"))
    assert len(first.xpath("//article[@class='card']")) == 20
    assert texts(first, "//article[@class='card']//h2")[0] == "Berita ke 25"
    assert first.xpath("//a[@rel='next']/@href") == ["/kategori/politik/page/2/"]
    assert not first.xpath("//a[@rel='prev']")
    second = parse(page_of(site, "/kategori/politik/page/2/"))
    assert len(second.xpath("//article[@class='card']")) == 5
    assert second.xpath("//a[@rel='prev']/@href") == ["/kategori/politik/"]
    assert texts(second, "//nav[@class='pager']/span") == ["Halaman 2 dari 2"]
    assert (site / "public/tag/sumsel/page/2/index.html").is_file()
    assert (site / "public/penulis/novan-wijaya/page/2/index.html").is_file()
    assert not (site / "public/kategori/politik/page/3").exists()


def test_a_card_is_drawn_once_for_every_listing_page_that_shows_it(
    make_site: SiteMaker, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {
        f"content/articles/2024/09/c{i:02d}.md": article(
            title=f"Kabar <{i}>",
            date=f"2024-09-{i:02d}T08:00:00+07:00",
            tags="[Sumsel, Banjir]" if i % 2 else "[Sumsel]",
        )
        for i in range(1, 26)
    }
    site = make_site(files)
    options = BuildOptions(site, site / "public", NOW, workers=1)
    loaded = build.load_site(options)
    drawn: list[str] = []
    cached = render.Fragments()

    def counted(name: str, *parts: object, caller: Callable[[], Markup]) -> Markup:
        def draw() -> Markup:
            drawn.append(str(parts))
            return caller()

        return cached(name, *parts, caller=draw)

    renderer = build._renderer(options, loaded.config, loaded.library, loaded.taxonomy)
    fresh = build._renderer(options, loaded.config, loaded.library, loaded.taxonomy)
    monkeypatch.setitem(renderer.env.globals, "once", counted)
    monkeypatch.setitem(fresh.env.globals, "once", lambda name, *parts, caller: caller())
    listings = [job for job in renderer.others() if job.what.startswith(("/kategori", "/tag"))]
    pages = {job.path: job.make() for job in listings}
    shown = {path: data.count(b'<article class="card">') for path, data in pages.items()}
    assert sum(shown.values()) == 25 * 2 + 13  # category, Sumsel, and Banjir for every other
    assert len(drawn) == len(set(drawn)) == 25  # each story's card once
    again = {job.path: job.make() for job in fresh.others() if job.path in pages}
    assert again == pages  # as drawn without the fragments kept
    assert b"Kabar &lt;3&gt;" in pages["kategori/politik/page/2/index.html"]


def test_a_sites_own_card_is_drawn_on_each_listing_page(make_site: SiteMaker) -> None:
    theme = (render.THEME / "templates" / "macros.html").read_text(encoding="utf-8")
    card = '<div class="card-text">\n'
    assert card in theme
    files: dict[str, str | bytes] = {
        f"content/articles/2024/09/d{i:02d}.md": article(title=f"Kabar {i}", tags="[Sumsel]")
        for i in range(1, 4)
    }
    files["templates/macros.html"] = theme.replace(card, card + '<p class="on">{{ url }}</p>\n')
    site = make_site(files)
    build_site(site)
    for url in ("/kategori/politik/", "/tag/sumsel/"):
        on = parse(page_of(site, url)).xpath("//p[@class='on']/text()")
        assert on == [url] * 3  # each page's own, not the first page's
    files["templates/listing.html"] = (render.THEME / "templates" / "listing.html").read_text()
    site = make_site(files)  # the site's listing page asks for cards drawn once: so be it
    build_site(site)
    tagged = parse(page_of(site, "/tag/sumsel/")).xpath("//p[@class='on']/text()")
    assert (
        tagged
        == [parse(page_of(site, "/kategori/politik/")).xpath("//p[@class='on']/text()")[0]] * 3
    )


def test_fragments_are_told_apart_by_value_or_identity() -> None:
    made: list[str] = []
    once = render.Fragments()

    def draw(text: str) -> Callable[[], Markup]:
        return lambda: made.append(text) or Markup(text)

    first, twin = SimpleNamespace(title="A"), SimpleNamespace(title="A")
    assert first == twin
    assert once("card", first, caller=draw("1")) == "1"
    assert once("card", first, caller=draw("2")) == "1"  # the same object: drawn once
    assert once("card", twin, caller=draw("3")) == "3"  # equal, yet another object
    assert once("card", "x", 2, caller=draw("4")) == once("card", "x", 2, caller=draw("5"))
    assert once("other", first, caller=draw("6")) == "6"
    assert made == ["1", "3", "4", "6"]


def test_static_pages_404_and_custom_permalink(make_site: SiteMaker) -> None:
    site = make_site(
        {
            A: article(category="Ekonomi Bisnis"),
            "content/pages/tentang-kami.md": "---\ntitle: Tentang Kami\n---\n\nKami media lokal.\n",
        },
        site_yaml="title: Warta Uji\nbase_url: https://uji.example/\n"
        "permalink: /{category}/{year}/{slug}/\n",
    )
    build_site(site)
    assert page_of(site, "/ekonomi-bisnis/2024/judul-berita/").is_file()
    about = parse(page_of(site, "/tentang-kami/"))
    assert texts(about, "//h1") == ["Tentang Kami"]
    assert (
        about.xpath("string(//link[@rel='canonical']/@href)") == "https://uji.example/tentang-kami/"
    )
    not_found = parse(site / "public/404.html")
    assert texts(not_found, "//h1") == ["Halaman tidak ditemukan"]
    assert parse(site / "public/index.html").xpath("//footer//a/@href") == ["/tentang-kami/"]


def test_english_site_and_string_overrides(make_site: SiteMaker) -> None:
    site = make_site(
        {A: article(location="PALEMBANG", source="wire")},
        site_yaml="title: Musi Post\nbase_url: https://m.example\nlanguage: en\n"
        "timezone: Asia/Makassar\nstrings:\n  source: Source of story\n",
    )
    build_site(site)
    tree = parse(page_of(site, "/2024/09/27/judul-berita/"))
    assert tree.xpath("string(//html/@lang)") == "en"
    assert texts(tree, "//p[@class='dates']/time") == ["Friday, 27 September 2024 15:30 WITA"]
    assert texts(tree, "//p[@class='source']") == ["Source of story: wire"]
    assert tree.xpath("//p[@class='byline']//a/@href") == ["/author/novan-wijaya/"]
    assert texts(tree, "//span[@class='dateline']") == ["PALEMBANG, MUSI POST -"]


def test_dates_without_offset_use_site_timezone(make_site: SiteMaker) -> None:
    site = make_site(
        {
            A: article(date="2024-09-27T23:30:00"),
            "content/articles/2024/09/b.md": article(title="Hanya Tanggal", date="2024-09-28"),
        }
    )
    build_site(site)
    tree = parse(page_of(site, "/2024/09/27/judul-berita/"))
    assert tree.xpath("//p[@class='dates']/time/@datetime") == ["2024-09-27T23:30:00+07:00"]
    assert page_of(site, "/2024/09/28/hanya-tanggal/").is_file()


def test_scheduled_drafts_and_expired(make_site: SiteMaker) -> None:
    site = make_site(
        {
            A: article(title="Terbit"),
            "content/articles/2024/10/besok.md": article(
                title="Besok", date="2024-10-02T08:00:00+07:00"
            ),
            "content/articles/2024/09/draf.md": article(title="Draf", draft="true"),
            "content/articles/2024/09/lowongan.md": article(title="Lowongan", expires="2024-09-30"),
        }
    )
    build_site(site)
    assert page_of(site, "/2024/09/27/terbit/").is_file()
    assert not page_of(site, "/2024/10/02/besok/").exists()
    assert not page_of(site, "/2024/09/27/draf/").exists()
    expired = parse(page_of(site, "/2024/09/27/lowongan/"))
    assert expired.xpath("string(//meta[@name='robots']/@content)") == "noindex"
    assert "Lowongan" not in expired.text_content()
    listing = texts(parse(page_of(site, "/kategori/politik/")), "//h2")
    assert listing == ["Terbit"]
    later = datetime.fromisoformat("2024-10-03T00:00:00+07:00")
    build_site(site, now=later, drafts=True)
    assert page_of(site, "/2024/10/02/besok/").is_file()
    draft = parse(page_of(site, "/2024/09/27/draf/"))
    assert texts(draft, "//p[@class='status']") == ["DRAF: belum terbit"]


def test_removed_article_disappears_and_builds_are_reproducible(make_site: SiteMaker) -> None:
    site = make_site({A: article(), "content/articles/2024/09/b.md": article(title="Kedua")})
    build_site(site)
    first = {
        p.relative_to(site): p.read_bytes() for p in (site / "public").rglob("*") if p.is_file()
    }
    build_site(site)
    again = {
        p.relative_to(site): p.read_bytes() for p in (site / "public").rglob("*") if p.is_file()
    }
    assert again == first
    (site / "content/articles/2024/09/b.md").unlink()
    report = build_site(site)
    assert not page_of(site, "/2024/09/27/kedua/").exists()
    assert report.pages_unchanged > 0


def test_site_templates_override_theme_and_template_errors_keep_public(
    make_site: SiteMaker,
) -> None:
    site = make_site({A: article(), "templates/footer.html": "<footer>Kaki khusus</footer>\n"})
    build_site(site)
    home = site / "public/index.html"
    assert "Kaki khusus" in home.read_text()
    before = home.read_bytes()
    (site / "templates/footer.html").write_text("<footer>{{ tidak_ada.nama }}</footer>\n")
    with pytest.raises(RenderError) as caught:
        build_site(site)
    assert str(caught.value).startswith(f"{site / 'templates/footer.html'}:1: template:")
    assert "'tidak_ada' is undefined" in str(caught.value)
    assert home.read_bytes() == before
    (site / "templates/footer.html").write_text("<footer>{% if %}</footer>\n")
    with pytest.raises(RenderError) as caught:
        build_site(site)
    assert "footer.html:1: template:" in str(caught.value)


def test_related_by_path_when_slug_is_ambiguous(make_site: SiteMaker) -> None:
    site = make_site(
        {
            "content/articles/2024/09/banjir-1.md": article(title="Banjir", date="2024-09-20"),
            "content/articles/2024/09/banjir-2.md": article(title="Banjir", date="2024-09-21"),
            "content/articles/2024/09/c.md": article(
                title="Tanggul", date="2024-09-22", related="[2024/09/banjir-1.md]"
            ),
        }
    )
    build_site(site, now=NOW)
    tree = parse(page_of(site, "/2024/09/22/tanggul/"))
    assert "/2024/09/20/banjir/" in tree.xpath("//a/@href")
