"""BACA JUGA on whole small sites: picks, placement, the end list, settings and mistakes."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from lxml import html as lxml_html
from PIL import Image

from newsgen.config import RelatedSettings, RelatedWeights, parse_config
from newsgen.errors import BuildFailed
from newsgen.related import Scoring
from newsgen.stopwords import for_language
from newsgen.stories import scoring_for

from .conftest import SITE_YAML, SiteMaker, article, build_site, parse, write_site

FLOOD = "Banjir Rantau Bayur"
FLOOD_WORDS = (
    "Hasanuddin Arif dari BPBD Banyuasin meninjau tanggul Rantau Bayur dan posko pengungsi"
)


def paragraphs(subject: str, count: int) -> str:
    """A body of ``count`` paragraphs about ``subject``."""
    return "\n\n".join(
        f"{subject} menjadi bahasan paragraf ke-{n}, ditulis dengan kalimat berbeda {n * 'x'}."
        for n in range(1, count + 1)
    )


def flood(day: int, count: int = 8, **fields: object) -> str:
    """Part of the flood story, published on 2024-09-``day``."""
    meta: dict[str, object] = {
        "category": "Daerah",
        "tags": "[Banjir, Rantau Bayur, Sumsel]",
        "slug": f"banjir-{day}",
    }
    return article(
        title=f"{FLOOD} Hari Ke-{day}",
        date=f"2024-09-{day:02d}T10:00:00+07:00",
        body=paragraphs(FLOOD_WORDS, count),
        **(meta | fields),
    )


def other(slug: str, day: int, subject: str, category: str = "Ekonomi", **fields: object) -> str:
    return article(
        title=subject.title(),
        date=f"2024-09-{day:02d}T09:00:00+07:00",
        body=paragraphs(subject, 6),
        category=category,
        tags="[Sumsel]",
        slug=slug,
        **fields,
    )


def archive(**extra: str) -> dict[str, str]:
    """A flood story in five parts, among stories about other things."""
    files = {f"content/articles/banjir-{day}.md": flood(day) for day in (2, 4, 6, 8, 10)}
    files |= {
        "content/articles/cabai.md": other("cabai", 3, "harga cabai di pasar enam belas ilir"),
        "content/articles/beras.md": other("beras", 5, "stok beras bulog aman sampai akhir tahun"),
        "content/articles/bola.md": other(
            "bola", 7, "musi raya juara piala ampera", category="Olahraga"
        ),
        "content/articles/jembatan.md": other(
            "jembatan", 9, "jembatan gantung ogan ilir putus", category="Daerah"
        ),
    }
    return files | extra


def url(slug: str, day: int) -> str:
    return f"/2024/09/{day:02d}/{slug}/"


def page(site: Path, page_url: str) -> lxml_html.HtmlElement:
    return parse(site / "public" / page_url.strip("/") / "index.html")


def asides(tree: lxml_html.HtmlElement) -> list[lxml_html.HtmlElement]:
    return list(tree.xpath("//div[@class='body']/aside[@class='read-also']"))


def inline_links(tree: lxml_html.HtmlElement) -> list[list[str]]:
    return [[str(href) for href in aside.xpath(".//a/@href")] for aside in asides(tree)]


def end_links(tree: lxml_html.HtmlElement) -> list[tuple[str, bool]]:
    """The end list as (href, marked as a follow-up)."""
    return [
        (str(item.xpath("./a/@href")[0]), bool(item.xpath("./span[@class='newer']")))
        for item in tree.xpath("//section[@class='related']//li")
    ]


def body_kinds(tree: lxml_html.HtmlElement) -> list[str]:
    """The body's top-level elements: tag names, ``BJ`` for a BACA JUGA block."""
    return [
        "BJ" if element.get("class") == "read-also" else str(element.tag)
        for element in tree.xpath("//div[@class='body']/*")
    ]


def date_of(href: str) -> str:
    return href.split("/")[3]


def test_two_blocks_of_two_links_after_the_second_and_fifth_paragraph(
    make_site: SiteMaker,
) -> None:
    site = make_site(archive())
    build_site(site)
    tree = page(site, url("banjir-10", 10))
    assert body_kinds(tree) == ["p", "p", "BJ", "p", "p", "p", "BJ", "p", "p", "p"]
    blocks = asides(tree)
    for block in blocks:
        assert block.get("aria-label") == "BACA JUGA"
        assert block.xpath("./p[@class='read-also-label']/text()") == ["BACA JUGA"]
    # The four earlier parts of the same story, the closest first, with their headlines.
    assert inline_links(tree) == [
        [url("banjir-8", 8), url("banjir-6", 6)],
        [url("banjir-4", 4), url("banjir-2", 2)],
    ]
    assert blocks[0].xpath(".//a/text()") == [f"{FLOOD} Hari Ke-8", f"{FLOOD} Hari Ke-6"]


def test_inline_blocks_link_only_earlier_stories_the_end_list_newer_ones_marked(
    make_site: SiteMaker,
) -> None:
    site = make_site(archive())
    build_site(site)
    tree = page(site, url("banjir-6", 6))
    inline = [href for links in inline_links(tree) for href in links]
    assert inline[:2] == [url("banjir-4", 4), url("banjir-2", 2)]
    assert all(date_of(href) < "06" for href in inline)
    end = end_links(tree)
    assert (url("banjir-8", 8), True) in end
    assert (url("banjir-10", 10), True) in end
    assert all(newer == (date_of(href) > "06") for href, newer in end)
    # A newer story of the same category that shares nothing is no follow-up.
    assert url("jembatan", 9) not in [href for href, _ in end]
    labels = tree.xpath("//section[@class='related']//span[@class='newer']/text()")
    assert labels and set(labels) == {"lanjutan"}


def test_never_the_story_itself_nor_one_story_twice_on_a_page(make_site: SiteMaker) -> None:
    site = make_site(archive())
    build_site(site)
    for slug, day in (("banjir-2", 2), ("banjir-6", 6), ("banjir-10", 10), ("cabai", 3)):
        tree = page(site, url(slug, day))
        links = [href for block in inline_links(tree) for href in block]
        links += [href for href, _ in end_links(tree)]
        assert links, slug
        assert url(slug, day) not in links
        assert len(links) == len(set(links)), slug


def test_never_a_draft_a_scheduled_or_an_expired_story(make_site: SiteMaker) -> None:
    hidden = {
        "content/articles/banjir-draft.md": flood(9, draft="true", slug="draft"),
        "content/articles/banjir-expired.md": flood(7, expires="2024-09-20", slug="expired"),
        "content/articles/banjir-later.md": article(
            title=f"{FLOOD} Sepekan Lagi",
            date="2024-10-05T10:00:00+07:00",
            body=paragraphs(FLOOD_WORDS, 8),
            category="Daerah",
            slug="later",
        ),
    }
    site = make_site(archive(**hidden))
    for drafts, preview in ((False, False), (True, False), (False, True)):
        build_site(site, drafts=drafts, preview=preview)
        for slug, day in (("banjir-8", 8), ("banjir-10", 10), ("jembatan", 9)):
            tree = page(site, url(slug, day))
            links = [href for block in inline_links(tree) for href in block]
            links += [href for href, _ in end_links(tree)]
            assert not [href for href in links if href.rstrip("/").endswith(("draft", "expired"))]
            assert not [href for href in links if "later" in href]


def test_drafts_and_scheduled_stories_get_links_too(make_site: SiteMaker) -> None:
    site = make_site(
        archive(
            **{
                "content/articles/banjir-draft.md": flood(11, draft="true", slug="draft"),
                "content/articles/banjir-later.md": article(
                    title=f"{FLOOD} Sepekan Lagi",
                    date="2024-10-05T10:00:00+07:00",
                    body=paragraphs(FLOOD_WORDS, 8),
                    category="Daerah",
                    slug="later",
                ),
            }
        )
    )
    build_site(site, drafts=True, preview=True)
    draft = page(site, url("draft", 11))
    assert inline_links(draft)[0] == [url("banjir-10", 10), url("banjir-8", 8)]
    later = page(site, "/2024/10/05/later/")
    assert inline_links(later)[0] == [url("banjir-10", 10), url("banjir-8", 8)]


def test_old_pages_keep_their_blocks_as_news_arrives(make_site: SiteMaker) -> None:
    files = archive()
    del files["content/articles/banjir-10.md"]
    site = make_site(files)
    build_site(site)
    before = inline_links(page(site, url("banjir-6", 6)))
    (site / "content/articles/banjir-10.md").write_text(flood(10), encoding="utf-8")
    (site / "content/articles/banjir-7.md").write_text(flood(7), encoding="utf-8")
    build_site(site)
    tree = page(site, url("banjir-6", 6))
    assert inline_links(tree) == before
    assert (url("banjir-10", 10), True) in end_links(tree)
    assert (url("banjir-7", 7), True) in end_links(tree)


def test_short_stories_get_fewer_blocks(make_site: SiteMaker) -> None:
    site = make_site(
        archive(
            **{
                "content/articles/pendek.md": flood(11, count=3, slug="pendek"),
                "content/articles/singkat.md": flood(12, count=2, slug="singkat"),
            }
        )
    )
    build_site(site)
    assert body_kinds(page(site, url("pendek", 11))) == ["p", "p", "BJ", "p"]
    short = page(site, url("singkat", 12))
    assert body_kinds(short) == ["p", "p"]
    assert end_links(short)  # the story still has its end list


def jpeg(width: int = 800, height: int = 500) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "teal").save(buffer, "JPEG")
    return buffer.getvalue()


def test_blocks_keep_away_from_photos_headings_lists_and_quotes(make_site: SiteMaker) -> None:
    body = "\n\n".join(
        [
            "Paragraf satu tentang tanggul Rantau Bayur.",
            "Paragraf dua tentang pengungsi.",
            '![Posko pengungsi](posko.jpg "Posko pengungsi --Foto: Redaksi")',
            "Paragraf tiga tentang posko.",
            "## Kondisi Posko",
            "Paragraf empat tentang logistik.",
            "> Kami butuh selimut, kata warga.",
            "Paragraf lima tentang cuaca.",
            "- beras\n- selimut",
            "Paragraf enam tentang sekolah.",
            "Paragraf tujuh tentang perahu.",
            "Paragraf delapan tentang dapur umum.",
        ]
    )
    story = article(
        title="Posko Rantau Bayur",
        date="2024-09-11T10:00:00+07:00",
        body=body,
        category="Daerah",
        slug="posko",
    )
    files = archive(**{"content/articles/posko/index.md": story})
    site = make_site({**files, "content/articles/posko/posko.jpg": jpeg()})
    build_site(site)
    kinds = body_kinds(page(site, url("posko", 11)))
    # Paragraphs 2 to 5 are each followed by a photo, heading, quote or list: the first
    # block moves down to the first place between two paragraphs, after paragraph 6; the
    # second may come two paragraphs later at the earliest, but paragraph 8 ends the story.
    assert kinds == [
        "p", "p", "figure", "p", "h2", "p", "blockquote", "p", "ul", "p", "BJ", "p", "p",
    ]  # fmt: skip


def test_markers_place_blocks_exactly_there_with_pins_in_order(make_site: SiteMaker) -> None:
    body = "\n\n".join(
        [
            "Paragraf satu tentang tanggul Rantau Bayur.",
            "<!-- baca-juga: bola, cabai -->",
            "Paragraf dua tentang pengungsi.",
            "Paragraf tiga tentang posko.",
            "Paragraf empat tentang logistik.",
            "<!-- baca-juga -->",
            "Paragraf lima tentang cuaca.",
            "Paragraf enam tentang sekolah.",
        ]
    )
    story = article(
        title="Posko Rantau Bayur",
        date="2024-09-11T10:00:00+07:00",
        body=body,
        category="Daerah",
        slug="posko",
        tags="[Banjir, Rantau Bayur]",
    )
    site = make_site(archive(**{"content/articles/posko.md": story}))
    build_site(site)
    tree = page(site, url("posko", 11))
    assert body_kinds(tree) == ["p", "BJ", "p", "p", "p", "BJ", "p", "p"]
    pinned, automatic = inline_links(tree)
    assert pinned == [url("bola", 7), url("cabai", 3)]
    assert automatic == [url("banjir-10", 10), url("banjir-8", 8)]


def test_front_matter_picks_come_first_newer_ones_at_the_end(make_site: SiteMaker) -> None:
    site = make_site(
        archive(
            **{"content/articles/banjir-6.md": flood(6, related="[beras, bola, cabai, banjir-2]")}
        )
    )
    build_site(site)
    tree = page(site, url("banjir-6", 6))
    assert inline_links(tree) == [
        [url("beras", 5), url("cabai", 3)],
        [url("banjir-2", 2), url("banjir-4", 4)],
    ]
    end = end_links(tree)
    assert end[0] == (url("bola", 7), True)


def test_an_unknown_pin_warns_with_file_and_line_and_fails_with_strict(
    make_site: SiteMaker,
) -> None:
    text = flood(11, count=3, slug="posko").replace(
        "paragraf ke-1", "paragraf ke-1.\n\n<!-- baca-juga: tidak-ada, cabai -->\n\nLalu"
    )
    line = text.splitlines().index("<!-- baca-juga: tidak-ada, cabai -->") + 1
    site = make_site(archive(**{"content/articles/posko.md": text}))
    report = build_site(site)
    message = (
        f"content/articles/posko.md:{line}: baca-juga: no article with slug or path 'tidak-ada'"
    )
    assert [w.message for w in report.warnings] == [message]
    assert inline_links(page(site, url("posko", 11))) == [[url("cabai", 3)]]
    with pytest.raises(BuildFailed) as caught:
        build_site(site, strict=True)
    assert [e.message for e in caught.value.errors] == [message]


def test_a_pin_matching_several_stories_is_an_error(make_site: SiteMaker) -> None:
    text = flood(11, count=3, slug="posko").replace(
        "paragraf ke-1", "paragraf ke-1.\n\n<!-- baca-juga: cabai -->\n\nLalu"
    )
    line = text.splitlines().index("<!-- baca-juga: cabai -->") + 1
    twin = other("cabai", 4, "harga cabai naik lagi")
    site = make_site(
        archive(**{"content/articles/posko.md": text, "content/articles/cabai-2.md": twin})
    )
    with pytest.raises(BuildFailed) as caught:
        build_site(site)
    assert [e.message for e in caught.value.errors] == [
        f"content/articles/posko.md:{line}: baca-juga: slug 'cabai' matches several articles: "
        "content/articles/cabai-2.md, content/articles/cabai.md; name one by its path"
    ]


def test_names_and_a_rare_tag_outweigh_an_overused_tag_and_the_category(
    make_site: SiteMaker,
) -> None:
    def story(slug: str, day: int, subject: str, tags: str, category: str) -> str:
        return article(
            title=subject.title(),
            date=f"2024-09-{day:02d}T09:00:00+07:00",
            body=paragraphs(subject, 6),
            category=category,
            tags=tags,
            slug=slug,
        )

    files = {
        f"content/articles/s{day}.md": story(
            f"s{day}", day, f"kabar kota nomor {day} {'y' * day}", "[Sumsel]", "Politik"
        )
        for day in range(1, 16)
    }
    files["content/articles/thread.md"] = story(
        "thread", 2, "Romi Maradona memimpin rakor Bawaslu OKI", "[Rakor Bawaslu]", "Hukum"
    )
    files["content/articles/query.md"] = story(
        "query", 20, "rakor lanjutan Bawaslu OKI bersama Romi Maradona", "[Sumsel, Rakor Bawaslu]",
        "Politik",
    )  # fmt: skip
    site = make_site(files)
    build_site(site)
    tree = page(site, url("query", 20))
    assert inline_links(tree)[0][0] == url("thread", 2)


def test_english_sites_read_read_also(make_site: SiteMaker) -> None:
    site = make_site(archive(), SITE_YAML + "language: en\n")
    build_site(site)
    tree = page(site, url("banjir-10", 10))
    for block in asides(tree):
        assert block.get("aria-label") == "READ ALSO"
        assert block.xpath("./p[@class='read-also-label']/text()") == ["READ ALSO"]


def test_the_related_section_of_site_yaml_shapes_the_blocks(make_site: SiteMaker) -> None:
    settings = (
        "related:\n  inline_blocks: 1\n  inline_links: 3\n  inline_after: [1, 4]\n  end_links: 1\n"
    )
    site = make_site(archive(), SITE_YAML + settings)
    build_site(site)
    tree = page(site, url("banjir-10", 10))
    assert body_kinds(tree) == ["p", "BJ", "p", "p", "p", "p", "p", "p", "p"]
    assert len(inline_links(tree)[0]) == 3
    assert len(end_links(tree)) == 1
    site = make_site(archive(), SITE_YAML + "related:\n  inline_blocks: 0\n  end_links: 0\n")
    build_site(site)
    tree = page(site, url("banjir-10", 10))
    assert inline_links(tree) == []
    assert end_links(tree) == []


def test_the_same_site_gives_the_same_bytes(make_site: SiteMaker, tmp_path: Path) -> None:
    files = archive()
    site = make_site(files)
    build_site(site)
    copy = write_site(tmp_path / "copy", dict(reversed(list(files.items()))))
    build_site(copy)
    for slug, day in (("banjir-6", 6), ("banjir-10", 10), ("cabai", 3)):
        path = Path("public", url(slug, day).strip("/"), "index.html")
        assert (site / path).read_bytes() == (copy / path).read_bytes()


# -- site.yaml: the related section ------------------------------------------------------------


def config_errors(text: str) -> list[str]:
    with pytest.raises(BuildFailed) as caught:
        parse_config(SITE_YAML + text)
    return [e.message for e in caught.value.errors]


def test_the_related_section_has_good_defaults() -> None:
    config = parse_config(SITE_YAML)
    assert config.related == RelatedSettings()
    assert config.related.inline_blocks == 2
    assert config.related.inline_links == 2
    assert config.related.inline_after == (2, 5)
    assert parse_config(SITE_YAML + "related:\n").related == RelatedSettings()


def test_the_site_defaults_are_the_index_defaults() -> None:
    assert scoring_for(RelatedSettings(), "id") == Scoring(stop_words=for_language("id"))
    assert scoring_for(RelatedSettings(), "en").stop_words == for_language("en")


def test_the_related_section_is_read() -> None:
    config = parse_config(
        SITE_YAML
        + "related:\n"
        + "  inline_after: [5, 2, 8]\n"
        + "  tag_cutoff: 0.25\n"
        + "  half_life_days: 7\n"
        + "  weights:\n"
        + "    tags: 2\n"
        + "    time: 0\n"
    )
    assert config.related.inline_after == (2, 5, 8)
    assert config.related.tag_cutoff == 0.25
    assert config.related.half_life_days == 7.0
    assert config.related.weights == RelatedWeights(tags=2.0, time=0.0)


@pytest.mark.parametrize(
    ("text", "messages"),
    [
        (
            "related:\n  inline_blok: 1\n",
            ["site.yaml:4: related.inline_blok: unknown key (did you mean 'inline_blocks'?)"],
        ),
        (
            "related: 4\n",
            ["site.yaml:3: related: expected a mapping such as end_links: 4 (got 4)"],
        ),
        (
            "related:\n  inline_blocks: -1\n  inline_links: 0\n  end_links: dua\n",
            [
                "site.yaml:4: related.inline_blocks: expected a whole number, 0 or more (got -1)",
                "site.yaml:5: related.inline_links: expected a positive whole number (got 0)",
                "site.yaml:6: related.end_links: expected a whole number, 0 or more (got 'dua')",
            ],
        ),
        (
            "related:\n  inline_after: [0, 2]\n  inline_gap: 0\n",
            [
                "site.yaml:4: related.inline_after: expected a list of paragraph numbers "
                "such as [2, 5] (got [0, 2])",
                "site.yaml:5: related.inline_gap: expected a positive whole number (got 0)",
            ],
        ),
        (
            "related:\n  tag_cutoff: 2\n  word_cutoff: 0\n  half_life_days: true\n",
            [
                "site.yaml:4: related.tag_cutoff: expected a share of the archive above 0 "
                "and up to 1, such as 0.1 (got 2)",
                "site.yaml:5: related.word_cutoff: expected a share of the archive above 0 "
                "and up to 1, such as 0.1 (got 0)",
                "site.yaml:6: related.half_life_days: expected a positive number of days "
                "(got True)",
            ],
        ),
        (
            "related:\n  weights:\n    titel: 2\n    tags: banyak\n",
            [
                "site.yaml:5: related.weights.titel: unknown key (did you mean 'title'?)",
                "site.yaml:6: related.weights.tags: expected a number, 0 or more (got 'banyak')",
            ],
        ),
        (
            "related:\n  weights: [1, 2]\n",
            ["site.yaml:4: related.weights: expected a mapping such as tags: 1.0 (got [1, 2])"],
        ),
        (
            "related_count: 4\n",
            ["site.yaml:3: related_count: unknown key (did you mean 'related'?)"],
        ),
    ],
)
def test_mistakes_in_the_related_section_name_key_and_line(text: str, messages: list[str]) -> None:
    assert config_errors(text) == messages
