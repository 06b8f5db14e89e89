"""RSS and Atom feeds, parsed with feedparser and lxml."""

from __future__ import annotations

import io
import json
from pathlib import Path

import feedparser
import pytest
from lxml import etree
from lxml import html as lxml_html
from PIL import Image

from newsgen import feeds, xmldoc
from newsgen.config import parse_config
from newsgen.errors import BuildFailed
from tests.conftest import NOW, SITE_YAML, SiteMaker, article, build_site, parse

BASE = "https://uji.example"
NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "media": "http://search.yahoo.com/mrss/",
}
TRICKY = "Tom & \"Jerry\" <b>tebal</b> </script> 'kutip' ]]> a<b"


def jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 800), "teal").save(buffer, "JPEG")
    return buffer.getvalue()


SITE = {
    "content/articles/2024/09/rapat.md": article(
        title="Rapat Koordinasi Pilkada",
        date="2024-09-27T14:30:00+07:00",
        author="[Novan Wijaya, Siti Aminah]",
        tags="[Pilkada 2024, Bawaslu]",
        summary="Bawaslu menggelar rapat koordinasi.",
        image="{src: rakor.jpg, alt: Peserta rapat, credit: Novan Wijaya - PALTV}",
        corrections='[{date: "2024-09-28T10:00:00+07:00", text: Nama narasumber keliru.}]',
        body="Paragraf pertama dengan [tautan](/tentang-kami/).\n\nParagraf kedua.",
    ),
    "content/articles/2024/09/rakor.jpg": jpeg(),
    "content/articles/2024/09/harga.md": article(
        title="Harga Cabai Turun",
        date="2024-09-26T08:00:00+07:00",
        category="Ekonomi",
        author="Siti Aminah",
    ),
    "content/articles/2024/09/aneh.md": article(
        title=json.dumps(TRICKY),
        date="2024-09-25T08:00:00+00:00",
        summary=json.dumps(TRICKY),
    ),
}


def feed(path: Path) -> feedparser.FeedParserDict:
    parsed = feedparser.parse(path.read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


def xml(path: Path) -> etree._Element:
    return etree.fromstring(path.read_bytes())


def test_site_rss_feed(make_site: SiteMaker) -> None:
    site = make_site(SITE)
    build_site(site)
    path = site / "public/rss.xml"
    parsed = feed(path)
    assert parsed.version == "rss20"
    assert parsed.feed.title == "Warta Uji"
    assert parsed.feed.link == f"{BASE}/"
    assert parsed.feed.language == "id"
    assert [e.title for e in parsed.entries] == [
        "Rapat Koordinasi Pilkada",
        "Harga Cabai Turun",
        TRICKY,
    ]
    story = parsed.entries[0]
    assert story.link == story.id == f"{BASE}/2024/09/27/rapat-koordinasi-pilkada/"
    assert [t.term for t in story.tags] == ["Politik", "Pilkada 2024", "Bawaslu"]
    assert "Nama narasumber keliru." in story.summary
    assert "Ralat Sabtu, 28 September 2024 10:00 WIB" in story.summary
    assert story.media_content[0]["url"].startswith(BASE + "/")
    assert story.media_content[0]["type"] == "image/jpeg"
    assert (site / "public" / story.media_content[0]["url"][len(BASE) + 1 :]).is_file()
    assert "content" not in story  # summaries by default: nothing a reader takes for the story

    root = xml(path)
    channel = root.find("channel")
    assert channel is not None
    self_link = channel.find("atom:link", NS)
    assert self_link is not None
    assert self_link.attrib == {
        "href": f"{BASE}/rss.xml",
        "rel": "self",
        "type": "application/rss+xml",
    }
    items = channel.findall("item")
    assert [i.findtext("pubDate") for i in items] == [
        "Fri, 27 Sep 2024 14:30:00 +0700",
        "Thu, 26 Sep 2024 08:00:00 +0700",
        "Wed, 25 Sep 2024 15:00:00 +0700",  # written in UTC, shown in the site zone
    ]
    assert channel.findtext("lastBuildDate") == "Sat, 28 Sep 2024 10:00:00 +0700"
    assert items[0].findtext("dcterms:modified", namespaces=NS) == "2024-09-28T10:00:00+07:00"
    assert items[1].find("dcterms:modified", NS) is None
    assert items[0].find("guid").attrib == {"isPermaLink": "true"}  # type: ignore[union-attr]
    assert [c.text for c in items[0].findall("dc:creator", NS)] == ["Novan Wijaya", "Siti Aminah"]
    media = items[0].find("media:content", NS)
    assert media is not None
    assert (media.get("width"), media.get("height"), media.get("medium")) == (
        "1200",
        "800",
        "image",
    )
    assert media.findtext("media:credit", namespaces=NS) == "Novan Wijaya - PALTV"
    # every front matter value arrives intact through the serializer's escaping
    assert items[2].findtext("title") == TRICKY
    assert items[2].findtext("description") == f"<p>{escaped(TRICKY)}</p>"


def escaped(text: str) -> str:
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#x27;")
    )


def test_site_atom_feed(make_site: SiteMaker) -> None:
    site = make_site(SITE)
    build_site(site)
    path = site / "public/atom.xml"
    parsed = feed(path)
    assert parsed.version == "atom10"
    assert parsed.feed.id == f"{BASE}/atom.xml"
    assert {(link.rel, link.href) for link in parsed.feed.links} == {
        ("self", f"{BASE}/atom.xml"),
        ("alternate", f"{BASE}/"),
    }
    story, _, odd = parsed.entries
    assert story.id == f"{BASE}/2024/09/27/rapat-koordinasi-pilkada/"
    assert story.published == "2024-09-27T14:30:00+07:00"
    assert story.updated == "2024-09-28T10:00:00+07:00"  # moved by the correction
    assert [(a.name, a.href) for a in story.authors] == [
        ("Novan Wijaya", f"{BASE}/penulis/novan-wijaya/"),
        ("Siti Aminah", f"{BASE}/penulis/siti-aminah/"),
    ]
    assert "Nama narasumber keliru." in story.summary
    enclosures = [link for link in story.links if link.rel == "enclosure"]
    assert len(enclosures) == 1 and enclosures[0].type == "image/jpeg"
    assert odd.title == TRICKY
    assert odd.published == "2024-09-25T15:00:00+07:00"
    root = xml(path)
    assert root.findtext("atom:updated", namespaces=NS) == "2024-09-28T10:00:00+07:00"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "id"
    summary = root.find("atom:entry[3]/atom:summary", NS)
    assert summary is not None and summary.get("type") == "html"
    assert summary.text == f"<p>{escaped(TRICKY)}</p>"


def test_category_and_author_feeds_carry_only_their_stories(make_site: SiteMaker) -> None:
    site = make_site(SITE)
    build_site(site)
    public = site / "public"
    economy = feed(public / "kategori/ekonomi/rss.xml")
    assert economy.feed.title == "Berita Ekonomi - Warta Uji"
    assert economy.feed.link == f"{BASE}/kategori/ekonomi/"
    assert [e.title for e in economy.entries] == ["Harga Cabai Turun"]
    politics = feed(public / "kategori/politik/atom.xml")
    assert [e.title for e in politics.entries] == ["Rapat Koordinasi Pilkada", TRICKY]
    author = feed(public / "penulis/siti-aminah/atom.xml")
    assert author.feed.title == "Berita oleh Siti Aminah - Warta Uji"
    assert [e.title for e in author.entries] == ["Rapat Koordinasi Pilkada", "Harga Cabai Turun"]
    self_link = xml(public / "penulis/siti-aminah/rss.xml").find("channel/atom:link", NS)
    assert self_link is not None and self_link.get("href") == f"{BASE}/penulis/siti-aminah/rss.xml"
    assert not (public / "tag/bawaslu/rss.xml").exists()


def test_item_count_and_full_text_come_from_site_yaml(make_site: SiteMaker) -> None:
    site = make_site(SITE, site_yaml=SITE_YAML + "feeds:\n  items: 2\n  full_text: true\n")
    build_site(site)
    rss = feed(site / "public/rss.xml")
    assert [e.title for e in rss.entries] == ["Rapat Koordinasi Pilkada", "Harga Cabai Turun"]
    body = rss.entries[0].content[0].value
    assert f'href="{BASE}/tentang-kami/"' in body
    images = lxml_html.fragment_fromstring(body, create_parent="div").xpath("//img/@src")
    assert images and all(src.startswith(BASE + "/") for src in images)
    assert "Paragraf kedua." in body
    assert "Nama narasumber keliru." in body
    atom = xml(site / "public/atom.xml")
    content = atom.find("atom:entry/atom:content", NS)
    assert content is not None and content.get("type") == "html"
    assert content.text is not None and "Paragraf kedua." in content.text
    assert len(atom.findall("atom:entry", NS)) == 2


def test_feed_of_a_site_without_stories(make_site: SiteMaker) -> None:
    site = make_site({"content/pages/redaksi.md": "---\ntitle: Redaksi\n---\n\nSusunan.\n"})
    build_site(site)
    assert feed(site / "public/rss.xml").entries == []
    atom = feed(site / "public/atom.xml")
    assert atom.entries == []
    assert atom.feed.updated == NOW.isoformat()


def test_pages_announce_their_feeds(make_site: SiteMaker) -> None:
    site = make_site(SITE)
    build_site(site)
    public = site / "public"

    def feeds_of(url: str) -> list[tuple[str, str]]:
        tree = parse(public / url.strip("/") / "index.html")
        links = tree.xpath("//head/link[@rel='alternate']")
        for link in links:
            assert (public / link.get("href").lstrip("/")).is_file()
        return [(link.get("type"), link.get("href")) for link in links]

    site_feeds = [("application/rss+xml", "/rss.xml"), ("application/atom+xml", "/atom.xml")]
    assert feeds_of("/") == site_feeds
    assert feeds_of("/tag/bawaslu/") == site_feeds
    assert feeds_of("/kategori/ekonomi/") == [
        *site_feeds,
        ("application/rss+xml", "/kategori/ekonomi/rss.xml"),
        ("application/atom+xml", "/kategori/ekonomi/atom.xml"),
    ]
    home = parse(public / "index.html")
    assert home.xpath("//head/link[@rel='alternate']/@title") == [
        "Warta Uji (RSS)",
        "Warta Uji (Atom)",
    ]


@pytest.mark.parametrize(
    ("section", "messages"),
    [
        (
            "feeds:\n  itms: 3\n  items: 0\n  full_text: ya\n",
            [
                "site.yaml:4: feeds.itms: unknown key (did you mean 'items'?)",
                "site.yaml:5: feeds.items: expected a positive whole number (got 0)",
                "site.yaml:6: feeds.full_text: expected true or false (got 'ya')",
            ],
        ),
        ("feeds: 50\n", ["site.yaml:3: feeds: expected a mapping such as items: 50 (got 50)"]),
    ],
)
def test_bad_feed_settings_are_named(section: str, messages: list[str]) -> None:
    with pytest.raises(BuildFailed) as failed:
        parse_config(SITE_YAML + section)
    assert [e.message for e in failed.value.errors] == messages


def test_feed_settings_default() -> None:
    config = parse_config(SITE_YAML + "feeds:\n")
    assert (config.feeds.items, config.feeds.full_text) == (50, False)


def test_text_xml_cannot_hold_is_dropped() -> None:
    assert xmldoc.clean("Isi\x0bteks\x00 \ufffe\u00e9\n\t") == "Isiteks é\n\t"


def test_full_text_links_become_absolute() -> None:
    body = (
        '<p><a href="/x/">a</a> <a href="//cdn.example/x">b</a> <a href="#fn-1">1</a> '
        '<img src="/img/a.jpg" srcset="/img/a-480.jpg 480w, https://o.example/a.jpg 800w"></p>'
    )
    assert feeds.absolute_urls(body, BASE) == (
        f'<p><a href="{BASE}/x/">a</a> <a href="//cdn.example/x">b</a> <a href="#fn-1">1</a> '
        f'<img src="{BASE}/img/a.jpg" srcset="{BASE}/img/a-480.jpg 480w, '
        'https://o.example/a.jpg 800w"></p>'
    )
