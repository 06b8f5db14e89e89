"""Sitemaps, the Google News sitemap, robots.txt and _redirects: parsed and schema-validated."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from lxml import etree
from PIL import Image

from newsgen import discovery, library, sitemaps, taxonomy
from newsgen.config import parse_config
from newsgen.errors import BuildFailed
from newsgen.model import Article, Body, Correction
from tests.conftest import NOW, SITE_YAML, SiteMaker, article, build_site

SCHEMAS = Path(__file__).parent / "schemas"
NS = {
    "s": sitemaps.SITEMAP_NS,
    "news": sitemaps.NEWS_NS,
    "image": sitemaps.IMAGE_NS,
}
BASE = "https://uji.example"


def _urlset_schema() -> etree.XMLSchema:
    """sitemap.xsd with the news and image extensions its ``xsd:any`` slots demand."""
    imports = "".join(
        f'<xs:import namespace="{ns}" schemaLocation="{(SCHEMAS / name).as_uri()}"/>'
        for ns, name in (
            (sitemaps.SITEMAP_NS, "sitemap.xsd"),
            (sitemaps.NEWS_NS, "sitemap-news.xsd"),
            (sitemaps.IMAGE_NS, "sitemap-image.xsd"),
        )
    )
    wrapper = f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">{imports}</xs:schema>'
    return etree.XMLSchema(etree.fromstring(wrapper))


URLSET = _urlset_schema()
INDEX = etree.XMLSchema(etree.parse(str(SCHEMAS / "siteindex.xsd")))


def valid(schema: etree.XMLSchema, data: bytes) -> etree._Element:
    root = etree.fromstring(data)
    schema.assertValid(root)
    return root


def jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 800), "teal").save(buffer, "JPEG")
    return buffer.getvalue()


def at(delta: timedelta) -> str:
    return (NOW + delta).isoformat()


def story(number: int, date: datetime, **fields: object) -> Article:
    """An article value for pure-function tests."""
    values: dict[str, object] = {
        "source": f"content/articles/{number}.md",
        "title": f"Berita {number}",
        "slug": f"berita-{number}",
        "date": date,
        "authors": ("Novan Wijaya",),
        "category": "Politik",
        "url": f"/{date:%Y/%m/%d}/berita-{number}/",
        "body": Body.of(()),
        "summary": "Ringkasan.",
    }
    values.update(fields)
    return Article(**values)  # type: ignore[arg-type]


def planned_files(articles: list[Article], **limits: int) -> dict[str, bytes]:
    config = parse_config(SITE_YAML)
    lib = library.assemble(tuple(articles), (), NOW)
    terms = taxonomy.classify(lib.published, config.language, config.menu)
    plan = discovery.plan(config, lib, terms, **limits)
    return {item.path: item.make() for item in plan if "sitemap" in item.path}


def file_of(public: Path, loc: str) -> Path:
    assert loc.startswith(BASE + "/")
    path = urlsplit(loc).path
    return public / (path.lstrip("/") + ("index.html" if path.endswith("/") else ""))


WINDOW_SITE = {
    "content/articles/2024/09/tepat.md": article(
        title="Tepat 48 Jam", date=at(-timedelta(hours=48)), image="{src: foto.jpg, alt: Foto}"
    ),
    "content/articles/2024/09/foto.jpg": jpeg(),
    "content/articles/2024/09/lewat.md": article(
        title="Lewat Sedetik", date=at(-timedelta(hours=48, seconds=1))
    ),
    "content/articles/2024/10/kini.md": article(title="Baru Saja", date=NOW.isoformat()),
    "content/articles/2024/09/utc.md": article(title="Kabar UTC", date="2024-09-30T05:00:00+00:00"),
    "content/articles/2024/10/nanti.md": article(title="Terjadwal", date=at(timedelta(minutes=1))),
    "content/articles/2024/09/lama.md": article(
        title="Berita Lama",
        date="2024-09-01T08:00:00+07:00",
        updated="2024-09-02T08:00:00+07:00",
        corrections='[{date: "2024-09-03T09:30:00+07:00", text: Angka diperbaiki.}]',
        aliases="[/read/2024/09/01/77/berita-lama, /lama-sekali/]",
    ),
    "content/articles/2024/09/turun.md": article(title="Diturunkan", expires="2024-09-30"),
    "content/pages/tentang-kami.md": "---\ntitle: Tentang Kami\n---\n\nKami media lokal.\n",
}


def test_news_sitemap_keeps_the_last_48_hours_edges_included(make_site: SiteMaker) -> None:
    site = make_site(WINDOW_SITE)
    build_site(site)
    public = site / "public"
    root = valid(URLSET, (public / "sitemap-news.xml").read_bytes())
    news = root.xpath("//s:url[news:news]", namespaces=NS)
    found = {
        u.findtext("news:news/news:title", namespaces=NS): (
            u.findtext("s:loc", namespaces=NS),
            u.findtext("news:news/news:publication_date", namespaces=NS),
        )
        for u in news
    }
    assert found == {
        "Baru Saja": (f"{BASE}/2024/10/01/baru-saja/", "2024-10-01T12:00:00+07:00"),
        "Kabar UTC": (f"{BASE}/2024/09/30/kabar-utc/", "2024-09-30T12:00:00+07:00"),
        "Tepat 48 Jam": (f"{BASE}/2024/09/29/tepat-48-jam/", "2024-09-29T12:00:00+07:00"),
    }
    for entry in news:
        assert entry.findtext("news:news/news:publication/news:name", namespaces=NS) == "Warta Uji"
        assert entry.findtext("news:news/news:publication/news:language", namespaces=NS) == "id"
        assert file_of(public, entry.findtext("s:loc", namespaces=NS)).is_file()
    images = root.xpath(
        "//s:url[news:news/news:title='Tepat 48 Jam']/image:image/image:loc/text()", namespaces=NS
    )
    assert len(images) == 1 and images[0].endswith(".jpg")
    assert file_of(public, images[0]).is_file()
    assert len(root.xpath("//image:image", namespaces=NS)) == 1


def test_sitemap_index_chunks_and_lastmod(make_site: SiteMaker) -> None:
    site = make_site(WINDOW_SITE)
    build_site(site)
    public = site / "public"
    index = valid(INDEX, (public / "sitemap.xml").read_bytes())
    listed = index.xpath("//s:sitemap/s:loc/text()", namespaces=NS)
    assert listed == [f"{BASE}/sitemap-1.xml", f"{BASE}/sitemap-news.xml"]
    assert index.xpath("//s:sitemap/s:lastmod/text()", namespaces=NS) == [
        "2024-10-01T12:00:00+07:00",
        "2024-10-01T12:00:00+07:00",
    ]
    urlset = valid(URLSET, (public / "sitemap-1.xml").read_bytes())
    lastmods = {
        u.findtext("s:loc", namespaces=NS): u.findtext("s:lastmod", namespaces=NS)
        for u in urlset.xpath("//s:url", namespaces=NS)
    }
    for loc in lastmods:
        assert file_of(public, loc).is_file(), loc
    assert lastmods[f"{BASE}/"] == "2024-10-01T12:00:00+07:00"
    # the correction, later than the update, is the last change
    assert lastmods[f"{BASE}/2024/09/01/berita-lama/"] == "2024-09-03T09:30:00+07:00"
    assert lastmods[f"{BASE}/tentang-kami/"] is None
    assert lastmods[f"{BASE}/kategori/politik/"] == "2024-10-01T12:00:00+07:00"
    assert f"{BASE}/penulis/novan-wijaya/" in lastmods
    assert f"{BASE}/2024/10/01/terjadwal/" not in lastmods  # scheduled
    assert f"{BASE}/2024/09/27/diturunkan/" not in lastmods  # expired, noindex
    assert not any("/read/" in loc or "lama-sekali" in loc for loc in lastmods)  # redirects
    assert len(lastmods) == 1 + 5 + 1 + 2  # home, stories, page, category, author


def test_empty_news_sitemap_is_still_written_and_valid(make_site: SiteMaker) -> None:
    site = make_site({"content/articles/2024/09/a.md": article(date="2024-09-01T08:00:00+07:00")})
    build_site(site)
    root = valid(URLSET, (site / "public/sitemap-news.xml").read_bytes())
    assert root.xpath("//news:news", namespaces=NS) == []
    assert root.xpath("//s:loc/text()", namespaces=NS) == [f"{BASE}/"]


def test_a_site_with_nothing_published_still_has_valid_sitemaps(make_site: SiteMaker) -> None:
    site = make_site({"content/pages/redaksi.md": "---\ntitle: Redaksi\n---\n\nSusunan redaksi.\n"})
    build_site(site)
    public = site / "public"
    valid(INDEX, (public / "sitemap.xml").read_bytes())
    urlset = valid(URLSET, (public / "sitemap-1.xml").read_bytes())
    assert urlset.xpath("//s:loc/text()", namespaces=NS) == [f"{BASE}/", f"{BASE}/redaksi/"]
    assert urlset.xpath("//s:lastmod", namespaces=NS) == []


def test_news_window_edges_on_the_pure_function() -> None:
    edge = story(1, NOW - sitemaps.NEWS_WINDOW)
    outside = story(2, NOW - sitemaps.NEWS_WINDOW - timedelta(microseconds=1))
    now = story(3, NOW)
    later = story(4, NOW + timedelta(seconds=1))
    assert sitemaps.news_articles([later, now, edge, outside], NOW) == (now, edge)


def test_news_sitemap_splits_at_1000_per_file() -> None:
    articles = [story(n, NOW - timedelta(seconds=n)) for n in range(2001)]
    files = planned_files(articles)
    news = {path: valid(URLSET, data) for path, data in files.items() if "news" in path}
    counts = {path: len(root.xpath("//news:news", namespaces=NS)) for path, root in news.items()}
    assert counts == {
        "sitemap-news.xml": 1000,
        "sitemap-news-2.xml": 1000,
        "sitemap-news-3.xml": 1,
    }
    titles = [t for root in news.values() for t in root.xpath("//news:title/text()", namespaces=NS)]
    assert len(set(titles)) == 2001
    index = valid(INDEX, files["sitemap.xml"])
    assert index.xpath("//s:loc/text()", namespaces=NS)[-3:] == [
        f"{BASE}/sitemap-news.xml",
        f"{BASE}/sitemap-news-2.xml",
        f"{BASE}/sitemap-news-3.xml",
    ]


def test_chunks_stay_under_the_url_limit() -> None:
    runs = sitemaps.chunked(range(120_001), sitemaps.URL_LIMIT)
    assert [len(run) for run in runs] == [50_000, 50_000, 20_001]
    assert [x for run in runs for x in run] == list(range(120_001))
    assert sitemaps.chunked([], 5) == ((),)
    with pytest.raises(ValueError, match="chunk size must be positive"):
        sitemaps.chunked([1], 0)


def test_sitemap_files_follow_the_chunks_and_the_index_names_them_all() -> None:
    articles = [
        story(n, datetime(2024, 9, 1, 8, tzinfo=NOW.tzinfo) + timedelta(hours=n)) for n in range(10)
    ]
    articles[3] = story(3, articles[3].date, updated=articles[9].date + timedelta(days=2))
    files = planned_files(articles, url_limit=3)
    # home, 10 stories, one category, one author: 13 URLs in files of 3
    chunks = {
        p: valid(URLSET, d)
        for p, d in files.items()
        if p.startswith("sitemap-") and "news" not in p
    }
    assert sorted(chunks) == [f"sitemap-{n}.xml" for n in range(1, 6)]
    locs = [
        loc
        for n in range(1, 6)
        for loc in chunks[f"sitemap-{n}.xml"].xpath("//s:loc/text()", namespaces=NS)
    ]
    assert len(locs) == len(set(locs)) == 13
    assert all(len(root.xpath("//s:url", namespaces=NS)) <= 3 for root in chunks.values())
    index = valid(INDEX, files["sitemap.xml"])
    assert index.xpath("//s:loc/text()", namespaces=NS) == [
        *(f"{BASE}/sitemap-{n}.xml" for n in range(1, 6)),
        f"{BASE}/sitemap-news.xml",
    ]
    # each file's last change is the latest among its URLs' (the update of story 3 is the
    # latest of all: the home page's, in the first file; the second of its own file)
    latest = [
        max(root.xpath("//s:lastmod/text()", namespaces=NS), key=datetime.fromisoformat)
        for root in (chunks[f"sitemap-{n}.xml"] for n in range(1, 6))
    ]
    assert index.xpath("//s:sitemap/s:lastmod/text()", namespaces=NS)[:5] == latest
    assert latest[0] == "2024-09-03T17:00:00+07:00"


def test_robots_txt_names_the_sitemaps_and_keeps_the_sites_rules(make_site: SiteMaker) -> None:
    site = make_site({"content/articles/2024/09/a.md": article()})
    build_site(site)
    assert (site / "public/robots.txt").read_text() == (
        "User-agent: *\nAllow: /\n\n"
        f"Sitemap: {BASE}/sitemap.xml\nSitemap: {BASE}/sitemap-news.xml\n"
    )
    (site / "static").mkdir()
    (site / "static/robots.txt").write_text(
        f"User-agent: GPTBot\nDisallow: /\n\nSitemap: {BASE}/sitemap.xml\n"
    )
    build_site(site)
    assert (site / "public/robots.txt").read_text() == (
        f"User-agent: GPTBot\nDisallow: /\n\nSitemap: {BASE}/sitemap.xml\n\n"
        f"Sitemap: {BASE}/sitemap-news.xml\n"
    )


def test_redirects_file_lists_aliases_after_the_sites_own(make_site: SiteMaker) -> None:
    site = make_site(
        {
            **WINDOW_SITE,
            "content/pages/kontak.md": "---\ntitle: Kontak\naliases: [/hubungi-kami]\n---\n\nTelepon.\n",
            "content/articles/2024/09/unicode.md": article(
                title="Kabar Jalan", aliases="[/berita/jalan-rusak-ñ]"
            ),
        }
    )
    build_site(site)
    lines = (site / "public/_redirects").read_text().splitlines()
    assert lines[0].startswith("# ")
    assert sorted(lines[1:]) == [
        "/berita/jalan-rusak-%C3%B1 /2024/09/27/kabar-jalan/ 301",
        "/hubungi-kami /kontak/ 301",
        "/lama-sekali/ /2024/09/01/berita-lama/ 301",
        "/read/2024/09/01/77/berita-lama /2024/09/01/berita-lama/ 301",
    ]
    # the meta-refresh pages stay for hosts that do not read _redirects
    assert (site / "public/read/2024/09/01/77/berita-lama").is_file()
    (site / "static").mkdir()
    (site / "static/_redirects").write_text("/promo https://iklan.example/ 302\n")
    build_site(site)
    lines = (site / "public/_redirects").read_text().splitlines()
    assert lines[0] == "/promo https://iklan.example/ 302"
    assert len(lines) == 6


@pytest.mark.parametrize(
    ("alias", "owner"),
    [
        ("/sitemap.xml", "the sitemap index"),
        ("/sitemap-news.xml", "the Google News sitemap"),
        ("/rss.xml", "the RSS feed of the site"),
        ("/kategori/politik/atom.xml", "the Atom feed of /kategori/politik/"),
        ("/robots.txt", "robots.txt"),
        ("/_redirects", "the _redirects file"),
    ],
)
def test_an_alias_cannot_claim_a_generated_file(
    make_site: SiteMaker, alias: str, owner: str
) -> None:
    site = make_site({"content/articles/2024/09/a.md": article(aliases=f"[{alias}]")})
    with pytest.raises(BuildFailed) as failed:
        build_site(site)
    assert [e.message for e in failed.value.errors] == [
        f"content/articles/2024/09/a.md:6: aliases: URL {alias} is already used by {owner}"
    ]
    assert not (site / "public").exists()


A_STORY = "content/articles/2024/09/a.md"
B_STORY = "content/articles/2024/09/b.md"


@pytest.mark.parametrize(
    ("aliases", "error"),
    [
        ("[/lama/b/, /lama/a/]", None),
        # another story's URL, as its folder or as the file that serves it
        ("[/2024/09/27/kabar-a/]", "URL /2024/09/27/kabar-a/ is already used by " + A_STORY),
        (
            "[/2024/09/27/kabar-a/index.html]",
            "URL /2024/09/27/kabar-a/index.html is already used by " + A_STORY,
        ),
        # its own page, or one page twice: one line, never two files at one path
        ("[/2024/09/27/kabar-b/]", "URL /2024/09/27/kabar-b/ is this document's own page"),
        (
            "[/2024/09/27/kabar-b/index.html]",
            "URL /2024/09/27/kabar-b/index.html is this document's own page",
        ),
        ("[/lama/b/, /lama/b/index.html]", "URL /lama/b/index.html is the page of an alias before"),
    ],
)
def test_each_url_is_one_page_of_one_document(
    make_site: SiteMaker, aliases: str, error: str | None
) -> None:
    site = make_site(
        {
            A_STORY: article(title="Kabar A"),
            B_STORY: article(title="Kabar B", aliases=aliases),
        }
    )
    if error is None:
        build_site(site)
        for old in ("lama/b", "lama/a"):
            assert "/2024/09/27/kabar-b/" in (site / "public" / old / "index.html").read_text()
        return
    with pytest.raises(BuildFailed) as failed:
        build_site(site)
    assert [e.message for e in failed.value.errors] == [f"{B_STORY}:6: aliases: {error}"]
    assert not (site / "public").exists()


def test_a_sitemap_written_as_text_is_what_the_xml_serializer_writes() -> None:
    from newsgen.xmldoc import add, element, serialize, w3c_datetime

    config = parse_config("title: Uji\nbase_url: https://uji.example\n", "site.yaml")
    chunk = [
        sitemaps.Entry("/", NOW),
        sitemaps.Entry("/cari?q=a&b=<c>\x0b/", NOW - timedelta(hours=3)),  # & < > and a control
        sitemaps.Entry("/tentang/"),
        sitemaps.Entry("https://lain.example/x>y"),
    ]
    root = element("urlset", {"xmlns": sitemaps.SITEMAP_NS})
    for entry in chunk:
        url = add(root, "url")
        add(url, "loc", config.absolute(entry.loc))
        if entry.lastmod is not None:
            add(url, "lastmod", w3c_datetime(entry.lastmod, config.zone))
    assert sitemaps.urlset(chunk, config) == serialize(root)
    etree.fromstring(sitemaps.urlset(chunk, config))


def test_a_listing_s_last_change_is_the_latest_change_among_its_stories() -> None:
    """Each listing's ``lastmod`` is the latest change of any of its stories: its newest
    story's date, or an older story's later update or correction; the home page's, the
    latest of all. Checked against that definition over stories of several zones."""
    day = timedelta(days=1)
    wita = datetime.fromisoformat("2024-09-01T00:00:00+08:00").tzinfo
    stories = [
        story(1, NOW - 1 * day, tags=("Banjir", "Cuaca")),
        story(2, NOW - 9 * day, tags=("Banjir",), updated=NOW - 2 * day),
        story(
            3,
            NOW - 20 * day,
            tags=("Banjir", "Jalan"),
            category="Daerah",
            corrections=(Correction(NOW - 3 * day + timedelta(hours=30), "Diperbaiki."),),
        ),
        story(4, (NOW - 4 * day).astimezone(wita), tags=("Jalan",), authors=("Sari Dewi",)),
        story(5, NOW - 30 * day, tags=("Cuaca",), updated=NOW - 25 * day),
    ]
    lib = library.assemble(tuple(stories), (), NOW)
    terms = taxonomy.classify(lib.published, "id", ())
    found = {entry.loc: entry.lastmod for entry in sitemaps.entries(lib, terms)}

    def last_change(articles: tuple[Article, ...]) -> float:
        return max(a.modified.timestamp() for a in articles)

    expected = {term.url: last_change(term.articles) for term in terms.all_terms()}
    expected["/"] = last_change(lib.published)
    expected.update((a.url, a.modified.timestamp()) for a in lib.published)
    assert {loc: moment.timestamp() for loc, moment in found.items() if moment} == expected
    # an older story's later change dates its listings: the correction of story 3
    assert found["/tag/jalan/"] == found["/kategori/daerah/"] == NOW - 3 * day + timedelta(hours=30)
    assert found["/tag/banjir/"] == NOW - day  # the newest story is the latest change
    assert found["/tag/cuaca/"] == NOW - day


def test_sitemap_entries_carry_their_instants_and_are_keyed_by_them() -> None:
    """Each entry's instant is its last change's (NaN for none); of equal instants the first
    in the listing's order is taken, the newest story's date first; tags that slug alike
    share a listing; and the key follows every URL and instant, nothing else."""
    day = timedelta(days=1)
    wita = datetime.fromisoformat("2024-09-01T00:00:00+08:00").tzinfo
    newest = NOW - day
    stories = [
        story(1, newest, tags=("Banjir",), authors=("Sari Dewi",)),
        # changed at the very instant of the newest story's date, written in another zone
        story(2, NOW - 5 * day, tags=("banjir",), updated=newest.astimezone(wita)),
        # an update before the date itself changes nothing
        story(3, NOW - 2 * day, tags=("Jalan",), updated=NOW - 3 * day),
        story(4, NOW - 8 * day, tags=("Jalan",), updated=NOW - 1.5 * day),
        story(5, NOW - 9 * day, tags=("jalan",), updated=(NOW - 1.5 * day).astimezone(wita)),
    ]
    lib = library.assemble(tuple(stories), (), NOW)
    terms = taxonomy.classify(lib.published, "id", ())
    found = sitemaps.entries(lib, terms)
    for entry in found:
        if entry.lastmod is None:
            assert entry.at != entry.at  # NaN
        else:
            assert entry.at == entry.lastmod.timestamp()
    by_loc = {entry.loc: entry.lastmod for entry in found}
    banjir = by_loc["/tag/banjir/"]
    assert banjir == newest and banjir is not None and banjir.utcoffset() == timedelta(hours=7)
    jalan = by_loc["/tag/jalan/"]
    assert jalan == NOW - 1.5 * day and jalan is not None
    assert jalan.utcoffset() == timedelta(hours=7)  # story 4's, before story 5's
    assert by_loc[stories[2].url] == stories[2].date
    assert by_loc["/"] is stories[0].date

    key = sitemaps.entries_key(found)
    again = sitemaps.entries(library.assemble(tuple(stories), (), NOW), terms)
    assert sitemaps.entries_key(again) == key
    later = [*stories[:3], replace(stories[3], updated=NOW - 1.25 * day), stories[4]]
    lib_later = library.assemble(tuple(later), (), NOW)
    moved = sitemaps.entries(lib_later, taxonomy.classify(lib_later.published, "id", ()))
    assert sitemaps.entries_key(moved) != key
    assert sitemaps.entries_key([sitemaps.entry("/a/")]) != sitemaps.entries_key(
        [sitemaps.entry("/a/", datetime.fromtimestamp(0, wita))]
    )
    assert sitemaps.entries_key([sitemaps.entry("/a/")]) != sitemaps.entries_key(
        [sitemaps.entry("/b/")]
    )
