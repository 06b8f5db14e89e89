"""JSON-LD, Open Graph and Twitter cards, canonical URLs: parsed from the built pages."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from lxml import html as lxml_html
from PIL import Image

from newsgen import seo
from newsgen.config import parse_config
from newsgen.model import Photo, Variant
from tests.conftest import SITE_YAML, SiteMaker, article, build_site, parse

BASE = "https://uji.example"
TRICKY = "Tom & \"Jerry\" </script><script>alert(1)</script> a<b 'kutip'"
STORY = "/2024/09/27/rapat-koordinasi-pilkada/"


def jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (1600, 900), "teal").save(buffer, "JPEG")
    return buffer.getvalue()


SITE = {
    "content/articles/2024/09/rapat.md": article(
        title="Rapat Koordinasi Pilkada",
        author="[Novan Wijaya, Siti Aminah]",
        tags="[Pilkada 2024, Bawaslu]",
        location="OKI",
        summary="Bawaslu menggelar rapat koordinasi.",
        image="{src: rakor.jpg, alt: Peserta rapat koordinasi}",
        updated="2024-09-28T09:15:00+07:00",
        corrections='[{date: "2024-09-28T10:00:00+07:00", text: Nama narasumber keliru.}]',
    ),
    "content/articles/2024/09/rakor.jpg": jpeg(),
    "content/articles/2024/09/aneh.md": article(
        title=json.dumps(TRICKY), summary=json.dumps(TRICKY), date="2024-09-26T08:00:00+07:00"
    ),
    "content/articles/2024/09/turun.md": article(title="Diturunkan", expires="2024-09-30"),
    "content/pages/tentang-kami.md": "---\ntitle: Tentang Kami\n---\n\nKami media lokal.\n",
}


def page(site: Path, url: str) -> lxml_html.HtmlElement:
    return parse(site / "public" / url.strip("/") / ("index.html" if url.endswith("/") else ""))


def json_ld(tree: lxml_html.HtmlElement) -> list[dict[str, Any]]:
    return [json.loads(s.text) for s in tree.xpath("//script[@type='application/ld+json']")]


def graph(tree: lxml_html.HtmlElement) -> dict[str, dict[str, Any]]:
    (data,) = json_ld(tree)
    assert data["@context"] == "https://schema.org"
    return {node["@type"]: node for node in data["@graph"]}


def meta(tree: lxml_html.HtmlElement, key: str) -> list[str]:
    found: list[str] = tree.xpath(
        f"//head/meta[@property='{key}']/@content | //head/meta[@name='{key}']/@content"
    )
    return found


def test_news_article_json_ld(make_site: SiteMaker) -> None:
    site = make_site(SITE)
    build_site(site)
    nodes = graph(page(site, STORY))
    story = nodes["NewsArticle"]
    url = BASE + STORY
    assert story["headline"] == "Rapat Koordinasi Pilkada"
    assert story["description"] == "Bawaslu menggelar rapat koordinasi."
    assert story["url"] == url
    assert story["mainEntityOfPage"] == {"@type": "WebPage", "@id": url}
    assert story["datePublished"] == "2024-09-27T14:30:00+07:00"
    assert story["dateModified"] == "2024-09-28T10:00:00+07:00"  # the correction's date
    assert story["author"] == [
        {"@type": "Person", "name": "Novan Wijaya", "url": f"{BASE}/penulis/novan-wijaya/"},
        {"@type": "Person", "name": "Siti Aminah", "url": f"{BASE}/penulis/siti-aminah/"},
    ]
    publisher = story["publisher"]
    assert publisher["@type"] == "NewsMediaOrganization"
    assert publisher["name"] == "Warta Uji"
    assert publisher["logo"] == {"@type": "ImageObject", "url": f"{BASE}/social-card.png"}
    assert story["articleSection"] == "Politik"
    assert story["keywords"] == ["Pilkada 2024", "Bawaslu"]
    assert story["dateline"] == "OKI"
    assert story["inLanguage"] == "id"
    assert story["correction"] == [
        {
            "@type": "CorrectionComment",
            "text": "Nama narasumber keliru.",
            "datePublished": "2024-09-28T10:00:00+07:00",
        }
    ]
    assert story["image"] and all(i.startswith(BASE + "/") for i in story["image"])
    for image in story["image"]:
        assert (site / "public" / image[len(BASE) + 1 :]).is_file()
    crumbs = nodes["BreadcrumbList"]["itemListElement"]
    assert [(c["position"], c["name"], c["item"]) for c in crumbs] == [
        (1, "Beranda", f"{BASE}/"),
        (2, "Politik", f"{BASE}/kategori/politik/"),
        (3, "Rapat Koordinasi Pilkada", url),
    ]


def test_story_social_card_and_head(make_site: SiteMaker) -> None:
    site = make_site(SITE)
    build_site(site)
    tree = page(site, STORY)
    assert meta(tree, "og:type") == ["article"]
    assert meta(tree, "og:title") == ["Rapat Koordinasi Pilkada"]
    assert meta(tree, "og:description") == ["Bawaslu menggelar rapat koordinasi."]
    assert meta(tree, "description") == ["Bawaslu menggelar rapat koordinasi."]
    assert meta(tree, "og:url") == [BASE + STORY]
    assert tree.xpath("//head/link[@rel='canonical']/@href") == [BASE + STORY]
    assert meta(tree, "og:site_name") == ["Warta Uji"]
    assert meta(tree, "og:locale") == ["id_ID"]
    (image,) = meta(tree, "og:image")
    assert image.startswith(BASE + "/") and (site / "public" / image[len(BASE) + 1 :]).is_file()
    with Image.open(site / "public" / image[len(BASE) + 1 :]) as card:
        assert [str(card.width), str(card.height)] == [
            *meta(tree, "og:image:width"),
            *meta(tree, "og:image:height"),
        ]
    assert meta(tree, "og:image:type") == ["image/jpeg"]
    assert meta(tree, "og:image:alt") == ["Peserta rapat koordinasi"]
    assert meta(tree, "article:published_time") == ["2024-09-27T14:30:00+07:00"]
    assert meta(tree, "article:modified_time") == ["2024-09-28T10:00:00+07:00"]
    assert meta(tree, "article:section") == ["Politik"]
    assert meta(tree, "article:tag") == ["Pilkada 2024", "Bawaslu"]
    assert meta(tree, "article:author") == [
        f"{BASE}/penulis/novan-wijaya/",
        f"{BASE}/penulis/siti-aminah/",
    ]
    assert meta(tree, "twitter:card") == ["summary_large_image"]
    assert meta(tree, "twitter:image") == [image]
    assert meta(tree, "robots") == ["max-image-preview:large"]


def test_editor_text_cannot_break_out_of_json_ld_or_attributes(make_site: SiteMaker) -> None:
    site = make_site(SITE)
    build_site(site)
    path = site / "public/2024/09/26"
    raw = next(path.glob("*/index.html")).read_text()
    assert "<script>alert(1)" not in raw
    assert raw.count("</script>") == len(parse(next(path.glob("*/index.html"))).xpath("//script"))
    tree = parse(next(path.glob("*/index.html")))
    story = graph(tree)["NewsArticle"]
    assert story["headline"] == TRICKY
    assert story["description"] == TRICKY
    assert meta(tree, "og:title") == [TRICKY]
    assert meta(tree, "og:description") == [TRICKY]
    assert meta(tree, "twitter:title") == [TRICKY]


def test_home_has_website_and_organization(make_site: SiteMaker) -> None:
    site = make_site(
        SITE,
        site_yaml=SITE_YAML + "description: Kabar dari tepian Musi.\nlogo: /images/logo.png\n",
    )
    (site / "content/images").mkdir(parents=True)
    (site / "content/images/logo.png").write_bytes(jpeg())
    build_site(site)
    tree = page(site, "/")
    nodes = graph(tree)
    assert nodes["WebSite"] == {
        "@type": "WebSite",
        "@id": f"{BASE}/#website",
        "url": f"{BASE}/",
        "name": "Warta Uji",
        "inLanguage": "id",
        "publisher": {"@id": f"{BASE}/#organization"},
        "description": "Kabar dari tepian Musi.",
    }
    organization = nodes["NewsMediaOrganization"]
    assert organization["@id"] == f"{BASE}/#organization"
    assert organization["logo"] == {"@type": "ImageObject", "url": f"{BASE}/images/logo.png"}
    assert meta(tree, "og:type") == ["website"]
    assert meta(tree, "og:image") == [f"{BASE}/images/logo.png"]
    assert meta(tree, "og:description") == ["Kabar dari tepian Musi."]
    story = graph(page(site, STORY))["NewsArticle"]
    assert story["publisher"]["logo"]["url"] == f"{BASE}/images/logo.png"


def test_every_page_has_a_card_and_its_own_canonical(make_site: SiteMaker) -> None:
    site = make_site(SITE)
    build_site(site)
    public = site / "public"
    pages = sorted(public.rglob("*.html"))
    assert len(pages) > 8
    tricky = "/" + next(public.glob("2024/09/26/*")).relative_to(public).as_posix() + "/"
    for path in pages:
        tree = parse(path)
        url = ("/" + path.relative_to(public).as_posix()).removesuffix("index.html")
        for key in ("og:title", "og:type", "og:image", "og:url", "twitter:card"):
            assert len(meta(tree, key)) == 1, (url, key)
        assert tree.xpath("//head/link[@rel='canonical']/@href") == [BASE + url], url
        assert meta(tree, "og:url") == [BASE + url]
        image = meta(tree, "og:image")[0]
        assert (public / image[len(BASE) + 1 :]).is_file()
        types = {node["@type"] for data in json_ld(tree) for node in data["@graph"]}
        if url in (STORY, tricky):
            assert types == {"NewsArticle", "BreadcrumbList"}
        elif url == "/":
            assert types == {"WebSite", "NewsMediaOrganization"}
        else:
            assert types == set(), url
    expired = parse(public / "2024/09/27/diturunkan/index.html")
    assert json_ld(expired) == []
    assert meta(expired, "og:type") == ["website"]
    assert meta(expired, "og:image") == [f"{BASE}/social-card.png"]
    assert meta(parse(public / "tentang-kami/index.html"), "og:title") == ["Tentang Kami"]


def test_lead_images_are_the_crops_when_made_else_the_original() -> None:
    config = parse_config(SITE_YAML)
    original = Photo("rakor.jpg", None, "/img/rakor-1600.jpg", "Rapat")
    assert seo.lead_images(original, config) == (f"{BASE}/img/rakor-1600.jpg",)
    remote = Photo("https://cdn.example/a.jpg", None, "https://cdn.example/a.jpg", "A")
    assert seo.lead_images(remote, config) == ("https://cdn.example/a.jpg",)

    def crop(role: str, width: int, height: int) -> Variant:
        path = f"img/rakor-{width}x{height}.jpg"
        return Variant(path, "rakor.jpg", role, "JPEG", width, height)

    variants = (crop("1x1", 900, 900), crop("og", 1200, 630), crop("4x3", 1200, 900))
    cropped = Photo(
        "rakor.jpg",
        None,
        "/img/rakor-1600.jpg",
        "Rapat",
        variants=(*variants, crop("16x9", 1200, 675)),
    )
    assert seo.lead_images(cropped, config) == (
        f"{BASE}/img/rakor-1200x675.jpg",
        f"{BASE}/img/rakor-1200x900.jpg",
        f"{BASE}/img/rakor-900x900.jpg",
    )
