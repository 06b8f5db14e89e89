"""Pure modules, on values built in memory: no disk."""

from __future__ import annotations

import copy
import os
import pickle
import select
import time
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

import markdown
import markdown.inlinepatterns
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgen import (
    content,
    forking,
    i18n,
    library,
    markup,
    reading,
    sitemaps,
    taxonomy,
    urls,
    xmldoc,
)
from newsgen.content import parse_datetime
from newsgen.fingerprint import fingerprint, quick
from newsgen.markup import BodyRenderer, cut, split_title
from newsgen.model import Article, Body, ImageFile, Photo, Variant

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


def test_stories_are_ordered_by_their_instant_whatever_the_offset_written() -> None:
    first, second = (parse_datetime(f"2024-09-27T1{h}:00:00+07:00", JAKARTA) for h in (0, 2))
    assert first is not None and second is not None
    assert first.tzinfo is second.tzinfo  # one zone object per offset: kept once in a record
    # 04:00 UTC is after 10:00 and before 12:00 in Jakarta, written either way (a tie: by slug)
    utc = parse_datetime("2024-09-27T04:00:00Z", JAKARTA)
    zoned = parse_datetime("2024-09-27T04:00:00", ZoneInfo("UTC"))
    dated = {"a": first, "b": second, "c": utc, "d": zoned}
    stories = [make_article(source=k, slug=k, date=v) for k, v in dated.items()]
    shelf = library.assemble(tuple(stories), (), datetime.fromisoformat("2024-09-28T00:00Z"))
    assert [a.source for a in shelf.published] == ["b", "d", "c", "a"]
    moved = replace(stories[0], date=second)  # the instant follows the date
    assert moved.instant == second.timestamp() == pickle.loads(pickle.dumps(moved)).instant
    # a story published the very moment of the build is published
    now = library.assemble((moved,), (), second)
    assert now.published == (moved,) and not now.upcoming


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


TAG_NAMES = ["Banjir", "banjir", "BANJIR!", "Pilkada", "Pilkada 2024", "pilkada-2024", "!!!"]


def _terms_reference(
    articles: list[Article],
) -> list[tuple[str, str, list[str]]]:
    """Tags grouped the plain way: article by article, name by name."""
    names: dict[str, str] = {}
    members: dict[str, list[Article]] = {}
    for a in articles:
        for name in dict.fromkeys(a.tags):
            slug = urls.slugify(name)
            if not slug:
                continue
            names.setdefault(slug, name)
            group = members.setdefault(slug, [])
            if not group or group[-1] is not a:
                group.append(a)
    return [
        (slug, names[slug], [a.source for a in group]) for slug, group in sorted(members.items())
    ]


@settings(max_examples=150)
@given(st.lists(st.lists(st.sampled_from(TAG_NAMES), max_size=4), max_size=12))
def test_terms_group_names_that_slug_alike_in_story_order(tag_lists: list[list[str]]) -> None:
    articles = [
        make_article(source=f"content/articles/{i}.md", tags=tuple(tags))
        for i, tags in enumerate(tag_lists)
    ]
    found = taxonomy.classify(tuple(articles), "id", ()).tags
    assert [(t.slug, t.name, [a.source for a in t.articles]) for t in found] == _terms_reference(
        articles
    )


def test_a_listing_in_the_sitemap_takes_the_latest_instant_of_its_stories() -> None:
    utc = ZoneInfo("UTC")
    early = make_article(
        source="content/articles/a.md", date=datetime(2024, 9, 27, 10, 0, tzinfo=JAKARTA)
    )
    late = make_article(  # later as an instant, earlier on the clock
        source="content/articles/b.md",
        url="/b/",
        date=datetime(2024, 9, 27, 9, 0, tzinfo=utc),
        updated=datetime(2024, 9, 27, 9, 30, tzinfo=utc),
    )
    lib = library.assemble((early, late), (), datetime(2024, 10, 1, tzinfo=JAKARTA))
    terms = taxonomy.classify(lib.published, "id", ())
    found = {e.loc: e.lastmod for e in sitemaps.entries(lib, terms)}
    assert found["/"] == found["/kategori/politik/"] == late.updated
    assert found["/b/"] == late.updated and found[early.url] == early.date


def test_what_many_stories_hold_alike_is_kept_once_in_the_parsed_record() -> None:
    def record(source: str, caption: str) -> tuple[content.Parsed, object]:
        file = ImageFile("content/images/a.jpg", "d" * 64, 1200, 800, "JPEG")
        variants = tuple(
            Variant(f"img/a-{w}.jpg", file.rel_path, "photo", "JPEG", w, w * 2 // 3)
            for w in (480, 800)
        )
        photo = Photo("/images/a.jpg", file, "/img/a-800.jpg", "Alt", caption, variants=variants)
        body = Body.of(()).stored(f"/cache/{source}.pickle")
        story = make_article(
            source=source, image=photo, body=body, tags=("Banjir", "OKI"), lines={"title": 2}
        )
        return content.Parsed(story, (), ()), ((file.rel_path, file),)

    canon: dict[object, object] = {}
    first, second = record("a.md", "Satu"), record("b.md", "Dua")
    kept = [reading._sharing(value, canon) for value in (first, second)]
    assert kept == [first, second]
    photos = [value[0].document.image for value in kept]  # type: ignore[index]
    assert photos[0].variants is photos[1].variants and photos[0].file is photos[1].file
    assert photos[1].caption == "Dua"
    stories = [value[0].document for value in kept]  # type: ignore[index]
    assert stories[0].tags is stories[1].tags and stories[0].lines is stories[1].lines
    assert stories[0].body.outline is stories[1].body.outline
    assert [s.body.path for s in stories] == ["/cache/a.md.pickle", "/cache/b.md.pickle"]
    assert kept[0][1][0][1] is photos[1].file  # type: ignore[index]
    assert len(pickle.dumps(kept)) < len(pickle.dumps([first, second]))


def test_work_beside_answers_as_here_and_is_done_here_when_the_fork_fails() -> None:
    here = os.getpid()
    assert forking.Beside(lambda: {"a": (1, 2)}).result() == {"a": (1, 2)}
    assert forking.Beside(lambda: os.getpid()).result() != here  # forked
    assert forking.Beside(lambda: os.getpid(), fork=False).result() == here

    def fails_away() -> list[int]:
        if os.getpid() != here:
            raise RuntimeError("only in the forked process")
        return [os.getpid()]

    assert forking.Beside(fails_away).result() == [here]
    plain = object()
    assert forking.Beside(lambda: plain).result() is plain  # not plain data: made here
    waiting = forking.Beside(lambda: [1] * 10**7)  # an answer the pipe cannot hold at once
    waiting.close()  # never asked for: the forked process, waiting to write, is ended


def test_work_beside_hands_its_answer_over_before_what_it_does_then() -> None:
    go_read, go_write = os.pipe()  # this process to the forked one: the answer came
    told_read, told_write = os.pipe()  # the forked one back: what its `then` saw

    def then() -> None:
        ready, _, _ = select.select([go_read], [], [], 10)
        os.write(told_write, f"{os.getpid()}:{'told' if ready else 'never told'}".encode())

    beside = forking.Beside(os.getpid, then=then)
    pid = beside.result()  # handed over while `then` still waits
    os.write(go_write, b"x")
    beside.close()  # waits for `then`
    assert os.read(told_read, 100).decode() == f"{pid}:told"
    assert pid != os.getpid()

    done: list[str] = []
    here = forking.Beside(lambda: "answer", fork=False, then=lambda: done.append("then"))
    assert (here.result(), done) == ("answer", ["then"])

    def fails_away() -> int:
        if os.getpid() != pid_here:
            raise RuntimeError("only in the forked process")
        return 1

    pid_here, ran = os.getpid(), []
    failed = forking.Beside(fails_away, then=lambda: ran.append(os.getpid()))
    assert (failed.result(), ran) == (1, [pid_here])  # both done here instead
    failed.close()
    for fd in (go_read, go_write, told_read, told_write):
        os.close(fd)


MARKDOWN_PIECES = [
    "Kata",
    "biasa",
    " ",
    "  \n",
    "\n",
    "\n\n",
    "*",
    "_",
    "**tebal**",
    "`kode`",
    "\\",
    "[tautan](/a/)",
    "![Foto](a.jpg)",
    "[^1]",
    "\n\n[^1]: Catatan.\n\n",
    "<b>",
    "</b>",
    "<https://a.example/>",
    "&amp;",
    "&",
    "<",
    "{: .kelas }",
    "# ",
    "- ",
    "1. ",
    "> ",
    "    ",
    "| a | b |\n|---|---|\n| 1 | 2 |\n",
    "<div>blok</div>\n\n",
    "\x02",
    "é",
    "!",
    "[",
    "]",
    "(",
    ")",
    "“Kutipan”",
    "«",
    "'",
    '"',
    "17",
    "2024.",
    "2)",
    "=",
    "-",
    "+",
    "~",
    "#",
    ">",
    "\t",
    "\r",
    "\r\n",
    "\xa0",
    "\x03",
    "NGBACAJUGA",
    "\n<!-- baca-juga -->\n",
    "\n<!-- baca-juga: satu, dua -->\n",
    "<!-- baca-juga -->",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(MARKDOWN_PIECES), max_size=30))
def test_plain_text_skipped_by_inline_processing_renders_the_same(pieces: list[str]) -> None:
    def resolve(src: str, alt: str, caption: str, credit: str) -> Photo | str:
        return Photo(src, None, f"/img/{src}", alt or "Alt", caption, credit)

    body = "".join(pieces)
    fast = BodyRenderer("id").render(body, 5, resolve, "OKI -")
    assert fast == BodyRenderer("id", skip_plain=False).render(body, 5, resolve, "OKI -")
    assert BodyRenderer("id").render(body, 5, resolve) == BodyRenderer(
        "id", skip_plain=False
    ).render(body, 5, resolve)


PLAIN_PIECES = ["Kata", "biasa", "“Kutipan,” ujar dia.", "17 warga", "(9/3)", " ", "\n", "\n\n"]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from([*PLAIN_PIECES, *PLAIN_PIECES, "\n<!-- baca-juga: satu -->\n"]),
        max_size=40,
    )
)
def test_a_body_of_plain_paragraphs_renders_as_python_markdown_renders_it(
    pieces: list[str],
) -> None:
    body = "".join(pieces)

    def resolve(src: str, alt: str, caption: str, credit: str) -> Photo | str:
        raise AssertionError("no photo in a plain body")

    full = BodyRenderer("id", skip_plain=False).render(body, 3, resolve, "OKI -")
    assert BodyRenderer("id").render(body, 3, resolve, "OKI -") == full
    lines = body.split("\n")
    plain = markup._plain_body(lines)
    spaced = any(line != line.strip() for line in lines)
    assert (plain is None) == spaced  # only lines with spaces around are left to Markdown


def test_plain_text_is_skipped_only_with_the_inline_patterns_it_was_drawn_from() -> None:
    plain = BodyRenderer("id")._md.treeprocessors
    assert "newsgen_plain" in plain and "newsgen_unmark" in plain
    changed = markdown.Markdown(extensions=["tables", "footnotes", "attr_list", "toc"])
    assert markup._skips_plain_text(changed)
    changed.inlinePatterns.register(
        markdown.inlinepatterns.SimpleTagInlineProcessor(r"()~~(.+?)~~", "del"), "del", 65
    )
    assert not markup._skips_plain_text(changed)


def test_plain_bodies_skip_markdown_only_with_the_processors_they_were_drawn_from() -> None:
    renderer = BodyRenderer("id")
    assert renderer._plain_bodies and markup._known_processors(renderer._md)
    assert not BodyRenderer("id", skip_plain=False)._plain_bodies
    blocks = renderer._md.parser.blockprocessors
    fenced = markdown.blockprocessors.EmptyBlockProcessor(renderer._md.parser)
    blocks.register(fenced, "fenced", 200)
    assert not markup._known_processors(renderer._md)
    blocks.deregister("fenced")
    renderer._md.postprocessors.deregister("amp_substitute")
    assert not markup._known_processors(renderer._md)


def test_a_model_value_replaced_by_its_fields_equals_dataclasses_replace() -> None:
    story = make_article(tags=("Pilkada", "OKI"), lines={"title": 2})
    changes: dict[str, object] = {"tags": ("Pilkada",), "summary": "Ringkas"}
    made = reading._replaced(story, **changes)
    expected = replace(story, **changes)  # type: ignore[arg-type]
    assert type(made) is Article and made == expected and made.__dict__ == expected.__dict__
    assert story.tags == ("Pilkada", "OKI") and story.summary == ""  # the original kept
    with pytest.raises(AttributeError):
        made.title = "Lain"  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(made)) == expected
    parsed = content.Parsed(story, (), ())
    assert reading._replaced(parsed, document=made) == content.Parsed(made, (), ())


def test_work_beside_tells_whether_its_answer_is_there_yet() -> None:
    slow = forking.Beside(lambda: time.sleep(0.5) or "late")
    assert not slow.ready(0.01)
    assert slow.ready(10)
    assert slow.result() == "late"
    quick = forking.Beside(lambda: "now", fork=False)  # made here when asked: always ready
    assert quick.ready(0)
    assert quick.result() == "now"


@pytest.mark.parametrize(
    "body",
    [
        "NGBACAJUGA0X\n\n**Tebal** di sini.\n",
        "NGBACAJUGA7X\n\n**Tebal**.\n\n<!-- baca-juga: a -->\n\nAkhir.\n",
        "**Tebal**.\n\n<!-- baca-juga: a -->\n\nNGBACAJUGA0X\n\nNGBACAJUGAQ0X\n",
    ],
)
def test_a_paragraph_that_reads_like_a_marker_s_token_stays_a_paragraph(body: str) -> None:
    """Markers become placeholder paragraphs on Python-Markdown's path: an editor's paragraph
    spelt like one is text all the same, and a marker stays where it was written."""

    def resolve(src: str, alt: str, caption: str, credit: str) -> Photo | str:
        return Photo(src, None, f"/img/{src}", alt, caption, credit)

    rendered = BodyRenderer("id", skip_plain=False).render(body, 5, resolve)
    written = [line for line in body.split("\n\n") if line.strip()]
    kinds = ["marker" if line.startswith("<!--") else "p" for line in written]
    assert [b.kind for b in rendered.blocks] == kinds
    for block, line in zip(rendered.blocks, written, strict=True):
        if block.kind == "marker":
            assert block.pins == ("a",)
        elif line.startswith("NGBACAJUGA"):
            assert line.strip() in block.html
