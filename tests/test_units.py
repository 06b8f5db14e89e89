"""Pure modules, on values built in memory: no disk."""

from __future__ import annotations

import copy
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgen import i18n, urls, xmldoc
from newsgen.content import parse_datetime
from newsgen.fingerprint import fingerprint, quick
from newsgen.markup import BodyRenderer, cut, split_title
from newsgen.model import Article, Body, Photo

JAKARTA = ZoneInfo("Asia/Jakarta")


def make_article(**fields: object) -> Article:
    values: dict[str, object] = {
        "source": "content/articles/a.md",
        "title": "Judul",
        "slug": "judul",
        "date": datetime(2024, 9, 27, 14, 30, tzinfo=JAKARTA),
        "authors": ("Novan Wijaya",),
        "category": "Politik",
        "url": "/2024/09/27/judul/",
        "body": Body.of(()),
        "summary": "",
    }
    values.update(fields)
    return Article(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("moment", "language", "zone", "expected"),
    [
        ("2024-09-27T14:30:00+07:00", "id", "Asia/Jakarta", "Jumat, 27 September 2024 14:30 WIB"),
        ("2024-09-27T14:30:00+07:00", "id", "Asia/Makassar", "Jumat, 27 September 2024 15:30 WITA"),
        ("2024-12-31T23:00:00+00:00", "id", "Asia/Jayapura", "Rabu, 1 Januari 2025 08:00 WIT"),
        ("2024-08-17T10:00:00+07:00", "en", "Asia/Jakarta", "Saturday, 17 August 2024 10:00 WIB"),
        ("2024-08-17T10:00:00+07:00", "en", "UTC", "Saturday, 17 August 2024 03:00 UTC"),
    ],
)
def test_dates_in_the_site_language_without_os_locale(
    moment: str, language: str, zone: str, expected: str
) -> None:
    assert i18n.format_date(datetime.fromisoformat(moment), language, ZoneInfo(zone)) == expected


def test_short_dates_and_string_overrides() -> None:
    moment = datetime(2024, 2, 5, tzinfo=JAKARTA)
    assert i18n.format_short_date(moment, "id", JAKARTA) == "5 Feb 2024"
    strings = i18n.strings("id", {"read_also": "BACA PULA"})
    assert strings["read_also"] == "BACA PULA"
    assert strings["related"] == "Berita Terkait"
    assert i18n.strings("en", {})["read_also"] == "READ ALSO"


def test_iso_dates_without_offset_take_the_site_zone() -> None:
    assert parse_datetime("2024-09-27", JAKARTA) == datetime(2024, 9, 27, tzinfo=JAKARTA)
    assert parse_datetime("2024-09-27T08:00:00", JAKARTA) == datetime(
        2024, 9, 27, 8, tzinfo=JAKARTA
    )
    assert parse_datetime("2024-09-27T08:00:00Z", JAKARTA) == datetime.fromisoformat(
        "2024-09-27T15:00:00+07:00"
    )
    assert parse_datetime("27/09/2024", JAKARTA) is None
    assert parse_datetime(20240927, JAKARTA) is None


def test_urls() -> None:
    assert urls.slugify("Pilkada 2024: KPU OKI & Bawaslu!") == "pilkada-2024-kpu-oki-bawaslu"
    moment = datetime(2024, 9, 7, tzinfo=JAKARTA)
    assert urls.article_url(urls.DEFAULT_PERMALINK, "x", moment, "Politik") == "/2024/09/07/x/"
    assert urls.article_url("/{category}/{slug}/", "x", moment, "Ekonomi Bisnis") == (
        "/ekonomi-bisnis/x/"
    )
    assert urls.taxonomy_url("category", "Hukum & Kriminal", "id") == "/kategori/hukum-kriminal/"
    assert urls.taxonomy_url("author", "Novan Wijaya", "en") == "/author/novan-wijaya/"
    assert urls.paginated("/tag/oki/", 1, "id") == "/tag/oki/"
    assert urls.paginated("/tag/oki/", 3, "id") == "/tag/oki/page/3/"
    assert urls.output_path("/tag/oki/") == "tag/oki/index.html"
    assert urls.output_path("/404.html") == "404.html"
    assert urls.permalink_problem("/{year}/{slug}/") is None
    assert urls.permalink_problem("{slug}") == "must start and end with '/'"
    assert urls.alias_problem("/read/../x") == "must not contain '.', '..' or '//' segments"


def test_summary_cut_and_photo_title() -> None:
    assert cut("satu dua tiga empat", 12) == "satu dua…"
    assert cut("pendek", 50) == "pendek"
    assert split_title("Ketua Bawaslu --Foto: Novan - WARTA") == ("Ketua Bawaslu", "Novan - WARTA")
    assert split_title("Tanpa kredit") == ("Tanpa kredit", "")
    assert split_title("Rapat --Foto : Tim") == ("Rapat", "Tim")


def test_markup_blocks_markers_and_figures() -> None:
    photo = Photo("a.jpg", None, "/img/a.jpg", "Alt")

    def resolve(src: str, alt: str, caption: str, credit: str) -> Photo | str:
        return replace(photo, src=src, alt=alt, caption=caption, credit=credit)

    body = (
        'Satu.\n\n![Alt](a.jpg "Keterangan --Foto: Tim")\n\n<!-- baca-juga: x, y -->\n\n'
        "## Sub\n\n- a\n- b\n\n> kutipan\n"
    )
    rendered = BodyRenderer("id").render(body, 10, resolve, "OKI, WARTA -")
    assert [b.kind for b in rendered.blocks] == [
        "p",
        "figure",
        "marker",
        "heading",
        "list",
        "quote",
    ]
    figure = rendered.blocks[1].photo
    assert figure is not None
    assert (figure.caption, figure.credit) == ("Keterangan", "Tim")
    assert rendered.blocks[2].pins == ("x", "y")
    assert rendered.blocks[2].line == 14
    assert rendered.blocks[0].html.startswith('<p><span class="dateline">OKI, WARTA -</span> Satu.')
    assert rendered.first_paragraph == "Satu."


def test_fingerprints_follow_content_and_digests() -> None:
    first = make_article(digest="aaa")
    assert quick(first) == quick(replace(first, title="Lain"))  # the digest stands for it all
    assert quick(first) != quick(replace(first, digest="bbb"))
    plain = make_article()
    assert quick(plain) != quick(replace(plain, title="Lain"))  # no digest: every field counts
    assert fingerprint({"b": 1, "a": (1, 2)}) == fingerprint({"a": (1, 2), "b": 1})
    assert fingerprint([1, 2]) != fingerprint([2, 1])


def test_an_article_keeps_at_hand_all_of_its_body_that_related_scoring_reads() -> None:
    from newsgen import related
    from newsgen.model import OPENING_CHARS

    assert OPENING_CHARS >= related.BODY_CHARS


XML_TEXT = st.text(
    st.sampled_from(["a", "é", " ", "&", "<", ">", '"', "'", "\n", "\r", "\t", "\x0b", "—"]),
    max_size=8,
)
XML_TAGS = st.sampled_from(["item", "title", "atom:link", "media:content", "url"])


@st.composite
def xml_trees(draw: st.DrawFn, depth: int = 0) -> ET.Element:
    element = xmldoc.element(
        draw(XML_TAGS), draw(st.dictionaries(st.sampled_from(["href", "rel", "x:y"]), XML_TEXT))
    )
    for _ in range(draw(st.integers(0, 3 if depth < 3 else 0))):
        child = draw(xml_trees(depth + 1))
        element.append(child)
    if draw(st.booleans()):
        element.text = xmldoc.clean(draw(XML_TEXT))
    return element


@settings(deadline=None)  # a slow moment of a loaded machine is no failure
@given(xml_trees())
def test_xml_documents_are_written_as_elementtree_writes_them(root: ET.Element) -> None:
    expected = copy.deepcopy(root)
    ET.indent(expected)
    written = ET.tostring(expected, encoding="utf-8", xml_declaration=True) + b"\n"
    assert xmldoc.serialize(root) == written
