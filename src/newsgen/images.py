"""Photos: what a file is, probed once and safely, and every variant published from it.

`probe` decodes a file in full (a truncated photo is only caught that way) and tells its
upright size, format and transparency, or why it cannot be published. `plan` and `planned`
are pure: from a probed file and the site's `ImageSettings` they name every variant with a
hash of the source bytes and of everything that makes the variant, so a changed photo or
setting gets a new URL (safe to cache for ever) and an unchanged one is found in the cache.
`newsgen.imageproc` makes the files.
"""

from __future__ import annotations

import hashlib
import io
import re
import struct
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache
from posixpath import basename, splitext
from typing import cast
from xml.parsers import expat

from PIL import Image, ImageSequence, UnidentifiedImageError, features

from newsgen import urls
from newsgen.config import ImageSettings
from newsgen.model import ImageFile, Photo, Picture, SrcSet, Variant

PIPELINE = "1"  # part of every name: changed when processing writes different bytes
AVIF_SPEED = 8  # libavif encoder speed, 0 (slowest) to 10
# libwebp effort, 0 (fastest) to 6. WebP is the candidate only of browsers that read no AVIF:
# at 2 it encodes in 40% of the time of 4 (the default) for files about 5% larger.
WEBP_METHOD = 2
LEAD_MIN_WIDTH = 1200  # narrower lead photos are too small for social cards and Discover
SOCIAL_WIDTH = 1200
# Open Graph's card, then the 16:9, 4:3 and 1:1 crops structured data asks for.
SOCIAL_CROPS = (("og", 1200, 630), ("16x9", 16, 9), ("4x3", 4, 3), ("1x1", 1, 1))
THUMB_RATIO = (3, 2)  # the theme's .thumb aspect ratio
# The slot of a story photo in the theme: the 42rem column, or the screen less its padding.
STORY_SIZES = "(min-width: 44rem) 42rem, calc(100vw - 2rem)"
DEFAULT_SRC_WIDTH = 800  # the <img src> for browsers that read no srcset
REDUCING_GAP = 2  # decode a JPEG at 1/2, 1/4 or 1/8 only while it keeps twice the target size

MIME = {
    "AVIF": "image/avif",
    "WEBP": "image/webp",
    "JPEG": "image/jpeg",
    "PNG": "image/png",
    "GIF": "image/gif",
    "SVG": "image/svg+xml",
}
EXTENSION = {"AVIF": "avif", "WEBP": "webp", "JPEG": "jpg", "PNG": "png"}
MODERN = ("AVIF", "WEBP")  # in order of preference
FALLBACK = ("JPEG", "PNG")
READABLE = frozenset({"JPEG", "MPO", "PNG", "GIF", "WEBP", "AVIF", "TIFF", "BMP"})
ANIMATABLE = frozenset({"GIF", "PNG", "WEBP", "AVIF"})
_DRAFTABLE = frozenset({"JPEG", "MPO"})
_SIGNATURES = (b"\xff\xd8\xff", b"\x89PNG", b"GIF8", b"II*\x00", b"MM\x00*", b"BM")
_HEIF_BRANDS = (b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1")
_BROKEN = (OSError, SyntaxError, ValueError, EOFError, struct.error)

_SVG_SIZE = re.compile(rb"<svg\b[^>]*>", re.S)
_SVG_ATTR = re.compile(rb'\b(width|height|viewBox)\s*=\s*["\']([^"\']+)["\']')


def _svg_size(data: bytes) -> tuple[int, int]:
    """Width and height of an SVG from its attributes or viewBox; (0, 0) when unknown."""
    root = _SVG_SIZE.search(data[:65536])
    if not root:
        return 0, 0
    attrs = {k.decode(): v.decode() for k, v in _SVG_ATTR.findall(root.group(0))}

    def number(text: str) -> int:
        match = re.match(r"\s*([0-9.]+)\s*(px)?\s*$", text)
        try:
            return round(float(match.group(1))) if match else 0
        except ValueError:
            return 0

    width, height = number(attrs.get("width", "")), number(attrs.get("height", ""))
    if (not width or not height) and "viewBox" in attrs:
        parts = attrs["viewBox"].replace(",", " ").split()
        if len(parts) == 4:
            try:
                box_w, box_h = float(parts[2]), float(parts[3])
            except ValueError:
                return 0, 0
            if box_w > 0 and box_h > 0:
                if width:
                    return width, round(width * box_h / box_w)
                if height:
                    return round(height * box_w / box_h), height
                return round(box_w), round(box_h)
    return (width, height) if width and height else (0, 0)


_SCRIPT_SCHEMES = ("javascript:", "vbscript:")
_URL_BLANKS = re.compile(r"[\x00-\x20]+")  # ignored within a URL's scheme by browsers


def _svg_problem(data: bytes) -> str | None:
    """Why an SVG file cannot be published as it is: not well-formed XML (browsers show
    nothing of it), or a script in it, which a browser runs on the site's own address when
    the file is opened by itself (a link to the photo, "open image in new tab"). None when
    it is fine."""
    found: list[str] = []
    parser = expat.ParserCreate(namespace_separator=" ")

    def start(name: str, attributes: dict[str, str]) -> None:
        if found:
            return
        line = parser.CurrentLineNumber
        if name.rpartition(" ")[2].lower() == "script":
            found.append(f"<script> at line {line}")
            return
        for attribute, value in attributes.items():
            local = attribute.rpartition(" ")[2]
            if local.lower().startswith("on"):
                found.append(f"the event attribute {local}= at line {line}")
                return
            address = _URL_BLANKS.sub("", value).lower()
            if address.startswith(_SCRIPT_SCHEMES):
                found.append(f"a {address.partition(':')[0]}: address at line {line}")
                return

    parser.StartElementHandler = start
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        return f"not well-formed XML ({expat.ErrorString(exc.code)} at line {exc.lineno})"
    if found:
        where = found[0]
        return f"holds a script ({where}), which a browser runs when the file is opened: remove it"
    return None


def _transparent(img: Image.Image) -> bool:
    """Whether some pixel is not fully opaque (an unused alpha channel does not count)."""
    if not img.has_transparency_data:
        return False
    alpha = img if img.mode in ("RGBA", "LA") else img.convert("RGBA")
    return band_range(alpha.getchannel("A"))[0] < 255


def band_range(band: Image.Image) -> tuple[float, float]:
    """The lowest and highest value of a one-band image."""
    return cast(tuple[float, float], band.getextrema())


def orientation(img: Image.Image) -> int:
    """The EXIF orientation (1 to 8); 1 when the EXIF block cannot be read."""
    try:
        value = img.getexif().get(0x0112, 1)
    except _BROKEN:
        return 1
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def probe(rel_path: str, data: bytes) -> ImageFile:
    """What ``data`` is: upright size, format and transparency, or why it cannot be used."""
    digest = hashlib.sha256(data).hexdigest()

    def broken(reason: str) -> ImageFile:
        return ImageFile(rel_path, digest, 0, 0, "", reason)

    if not data:
        return broken("empty file (0 bytes)")
    if rel_path.lower().endswith(".svg"):
        if b"<svg" not in data[:65536]:
            return broken("not an SVG file")
        problem = _svg_problem(data)
        if problem is not None:
            return broken(problem)
        width, height = _svg_size(data)
        return ImageFile(rel_path, digest, width, height, "SVG")
    if data[4:8] == b"ftyp" and data[8:12] in _HEIF_BRANDS:
        return broken("unsupported image format HEIF/HEIC: export it as JPEG")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as img:
                fmt = img.format or ""
                if fmt not in READABLE:
                    return broken(f"unsupported image format {fmt}: save it as JPEG, PNG or WebP")
                width, height = img.size
                if orientation(img) in (5, 6, 7, 8):  # turned a quarter
                    width, height = height, width
                animated = fmt in ANIMATABLE and bool(getattr(img, "is_animated", False))
                if fmt in _DRAFTABLE:  # every byte is still decoded, at an eighth of the size
                    img.draft(None, (max(1, img.width // 8), max(1, img.height // 8)))
                if animated:
                    for frame in ImageSequence.Iterator(img):
                        frame.load()
                    img.seek(0)
                img.load()
                alpha = _transparent(img)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        limit = f"{Image.MAX_IMAGE_PIXELS:,}"
        return broken(f"too many pixels (over {limit}): refused as a possible decompression bomb")
    except UnidentifiedImageError:
        if data.startswith(_SIGNATURES) or data[8:12] == b"WEBP":
            return broken("corrupt or truncated image")
        return broken("not an image Pillow can read")
    except _BROKEN:
        return broken("corrupt or truncated image")
    return ImageFile(rel_path, digest, width, height, fmt, alpha=alpha, animated=animated)


@cache
def encoders() -> frozenset[str]:
    """The modern formats the installed Pillow can write, in settings' spelling."""
    return frozenset(name for name in ("avif", "webp") if features.check(name))


def crop_box(
    width: int, height: int, ratio: tuple[int, int], focus: tuple[float, float]
) -> tuple[int, int, int, int]:
    """The largest box of aspect ``ratio`` in the frame, as near ``focus`` as it fits."""
    ratio_w, ratio_h = ratio
    if width * ratio_h > height * ratio_w:
        box_w, box_h = max(1, round(height * ratio_w / ratio_h)), height
    else:
        box_w, box_h = width, max(1, round(width * ratio_h / ratio_w))
    left = min(max(round(focus[0] * width - box_w / 2), 0), width - box_w)
    top = min(max(round(focus[1] * height - box_h / 2), 0), height - box_h)
    return left, top, left + box_w, top + box_h


def widths_for(available: int, wanted: Iterable[int]) -> tuple[int, ...]:
    """The widths to make of a picture ``available`` pixels wide: never upscaled, always its
    own width when that is below the largest wanted, no two within a tenth of each other."""
    wanted = sorted(wanted)
    top = min(available, wanted[-1])
    return (*(w for w in wanted if w < 0.9 * top), top)


def encoder_settings() -> dict[str, str]:
    """What each format's encoder is told besides the quality: part of every variant's name,
    and so of every record that holds planned variants (a changed setting renames them)."""
    return {"AVIF": f"speed={AVIF_SPEED}", "WEBP": f"method={WEBP_METHOD}"}


def _reduce(file: ImageFile, box: tuple[int, int, int, int], width: int, height: int) -> int:
    if file.format not in _DRAFTABLE:
        return 1
    box_w, box_h = box[2] - box[0], box[3] - box[1]
    for scale in (8, 4, 2):
        if box_w / scale >= REDUCING_GAP * width and box_h / scale >= REDUCING_GAP * height:
            return scale
    return 1


def _stem(rel_path: str) -> str:
    return urls.slugify(splitext(basename(rel_path))[0])[:48].strip("-") or "photo"


def _variant(
    file: ImageFile,
    role: str,
    fmt: str,
    size: tuple[int, int],
    box: tuple[int, int, int, int],
    settings: ImageSettings,
) -> Variant:
    width, height = size
    quality = {"AVIF": settings.avif_quality, "PNG": 0}.get(fmt, settings.quality)
    reduce = _reduce(file, box, width, height)
    encoder = encoder_settings().get(fmt, "")
    recipe = f"{PIPELINE}|{file.digest}|{fmt}|{width}x{height}|{box}|{quality}|{reduce}|{encoder}"
    tag = hashlib.sha256(recipe.encode()).hexdigest()[:12]
    suffix = str(width) if role == "photo" else f"{width}x{height}"
    path = f"img/{_stem(file.rel_path)}-{tag}-{suffix}.{EXTENSION[fmt]}"
    return Variant(path, file.rel_path, role, fmt, width, height, box, quality, reduce)


def _scaled(
    file: ImageFile,
    role: str,
    box: tuple[int, int, int, int],
    widths: Iterable[int],
    formats: Iterable[str],
    settings: ImageSettings,
) -> list[Variant]:
    box_w, box_h = box[2] - box[0], box[3] - box[1]
    return [
        _variant(file, role, fmt, (width, max(1, round(box_h * width / box_w))), box, settings)
        for fmt in formats
        for width in widths_for(box_w, widths)
    ]


def plan(
    file: ImageFile,
    settings: ImageSettings,
    *,
    lead: bool = False,
    focus: tuple[float, float] = (0.5, 0.5),
    available: frozenset[str] | None = None,
) -> tuple[Variant, ...]:
    """Every variant of a usable photo file.

    Story widths in each modern format the settings ask for and Pillow can write (or
    ``available``), then the JPEG fallback (PNG for a photo with transparency). A lead photo
    also gets 3:2 listing thumbnails and the social crops, centred on ``focus``. SVGs (which
    `probe` refuses with a script in them) and animations are published as they are.
    """
    if file.error:
        raise ValueError(f"{file.rel_path} is not usable: {file.error}")
    if file.format == "SVG" or file.animated:
        digest = file.digest[:12]
        ext = splitext(file.rel_path)[1].lower() or ".svg"
        path = f"img/{_stem(file.rel_path)}-{digest}{ext}"
        size = (file.width, file.height)
        return (Variant(path, file.rel_path, "original", file.format, *size, (0, 0, *size)),)
    can = encoders() if available is None else available
    fallback = "PNG" if file.alpha else "JPEG"
    formats = [f for f in MODERN if f.lower() in settings.formats and f.lower() in can]
    formats.append(fallback)
    full = (0, 0, file.width, file.height)
    variants = _scaled(file, "photo", full, settings.widths, formats, settings)
    if lead:
        thumb = crop_box(file.width, file.height, THUMB_RATIO, focus)
        variants += _scaled(file, "thumb", thumb, settings.thumb_widths, formats, settings)
        for role, ratio_w, ratio_h in SOCIAL_CROPS:
            box = crop_box(file.width, file.height, (ratio_w, ratio_h), focus)
            width = min(SOCIAL_WIDTH, box[2] - box[0])
            height = max(1, round(width * ratio_h / ratio_w))
            variants.append(_variant(file, role, fallback, (width, height), box, settings))
    return tuple(variants)


def _picture(variants: tuple[Variant, ...], role: str, sizes: str) -> Picture | None:
    chosen = [v for v in variants if v.role == role]
    if not chosen:
        original = next((v for v in variants if v.role == "original"), None)
        if original is None:
            return None
        mime = MIME.get(original.format, "")
        return Picture((), SrcSet(mime, ""), original.url, original.width, original.height)

    def srcset(fmt: str) -> str:
        return ", ".join(f"{v.url} {v.width}w" for v in chosen if v.format == fmt)

    fallback_format = "PNG" if any(v.format == "PNG" for v in chosen) else "JPEG"
    fallback = [v for v in chosen if v.format == fallback_format]
    src = next((v for v in fallback if v.width >= DEFAULT_SRC_WIDTH), fallback[-1])
    modern = [f for f in MODERN if any(v.format == f for v in chosen)]
    sources = tuple(SrcSet(MIME[f], srcset(f)) for f in modern)
    return Picture(
        sources,
        SrcSet(MIME[fallback_format], srcset(fallback_format)),
        src.url,
        fallback[-1].width,
        fallback[-1].height,
        sizes,
    )


def planned(
    photo: Photo,
    settings: ImageSettings,
    *,
    lead: bool = False,
    available: frozenset[str] | None = None,
) -> Photo:
    """``photo`` with its variants and pictures; remote and unusable photos stay as they are.

    Its ``url`` becomes the largest JPEG (or PNG) variant: the original is never published.
    """
    file = photo.file
    if file is None or file.error:
        return photo
    variants = plan(file, settings, lead=lead, focus=photo.focus, available=available)
    picture = _picture(variants, "photo", STORY_SIZES)
    thumbnail = (_picture(variants, "thumb", "") or picture) if lead else None
    fallback = [v for v in variants if v.role in ("photo", "original") and v.format in FALLBACK]
    url = fallback[-1].url if fallback else picture.src if picture else photo.url
    return replace(photo, url=url, variants=variants, picture=picture, thumbnail=thumbnail)


@dataclass(frozen=True)
class SocialImage:
    """One picture for a social card or for structured data."""

    url: str  # site-relative for a local photo (make it absolute), as written for a remote one
    width: int  # 0 when unknown
    height: int
    mime: str  # "" when unknown


@dataclass(frozen=True)
class SocialUrls:
    """A lead photo as social networks and search engines should see it."""

    open_graph: SocialImage  # 1200x630 (or the largest that fits a smaller photo)
    structured: tuple[SocialImage, ...]  # 16:9, 4:3 and 1:1 for NewsArticle.image

    @property
    def urls(self) -> tuple[str, ...]:
        """The structured data crops' URLs, for a JSON-LD ``image`` list."""
        return tuple(image.url for image in self.structured)


def social_urls(photo: Photo) -> SocialUrls:
    """The social card and structured data crops of a (lead) photo.

    Photos without crops (remote, SVG, animated, or not planned as a lead) give the photo
    itself for every use.
    """
    crops = {
        v.role: SocialImage(v.url, v.width, v.height, MIME[v.format])
        for v in photo.variants
        if v.role in {role for role, _, _ in SOCIAL_CROPS}
    }
    mime = MIME.get(photo.file.format, "") if photo.file else ""
    if photo.picture is not None and photo.picture.fallback.srcset:
        mime = photo.picture.fallback.mime
    itself = SocialImage(photo.url, photo.width, photo.height, mime)
    structured = tuple(crops[role] for role, _, _ in SOCIAL_CROPS[1:] if role in crops)
    return SocialUrls(crops.get("og", itself), structured or (itself,))


def published(photos: Iterable[Photo]) -> tuple[Variant, ...]:
    """Every variant of ``photos``, once each, in path order."""
    unique = {v.path: v for photo in photos for v in photo.variants}
    return tuple(unique[path] for path in sorted(unique))
