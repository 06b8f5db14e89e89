"""Photos: probing what a file is, safely, before anything is published from it."""

from __future__ import annotations

import hashlib
import io
import re
import warnings

from PIL import Image, UnidentifiedImageError

from newsgen.model import ImageFile

# Pillow's own bomb guard is a warning below twice this many pixels; we refuse at the limit.
MAX_PIXELS = 90_000_000

_SVG_SIZE = re.compile(rb"<svg\b[^>]*>", re.S)
_SVG_ATTR = re.compile(rb'\b(width|height|viewBox)\s*=\s*["\']([^"\']+)["\']')


def _svg_size(data: bytes) -> tuple[int, int]:
    """Width and height of an SVG from its attributes or viewBox; (0, 0) when unknown."""
    root = _SVG_SIZE.search(data[:4096])
    if not root:
        return 0, 0
    attrs = {k.decode(): v.decode() for k, v in _SVG_ATTR.findall(root.group(0))}

    def number(text: str) -> int:
        match = re.match(r"\s*([0-9.]+)\s*(px)?\s*$", text)
        return round(float(match.group(1))) if match else 0

    width, height = number(attrs.get("width", "")), number(attrs.get("height", ""))
    if (not width or not height) and "viewBox" in attrs:
        parts = attrs["viewBox"].replace(",", " ").split()
        if len(parts) == 4:
            try:
                width, height = round(float(parts[2])), round(float(parts[3]))
            except ValueError:
                return 0, 0
    return width, height


def probe(rel_path: str, data: bytes) -> ImageFile:
    """What ``data`` is: format and size, or the reason it cannot be published."""
    digest = hashlib.sha256(data).hexdigest()

    def broken(reason: str) -> ImageFile:
        return ImageFile(rel_path, digest, 0, 0, "", reason)

    if not data:
        return broken("empty file (0 bytes)")
    if rel_path.lower().endswith(".svg"):
        if b"<svg" not in data[:4096]:
            return broken("not an SVG file")
        width, height = _svg_size(data)
        return ImageFile(rel_path, digest, width, height, "SVG")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as img:
                width, height = img.size
                fmt = img.format or ""
                if width * height > MAX_PIXELS:
                    return broken(f"too many pixels ({width}x{height}): refused as unsafe")
                img.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return broken("too many pixels: refused as a decompression bomb")
    except UnidentifiedImageError:
        return broken("not an image Pillow can read")
    except (OSError, SyntaxError, ValueError) as exc:
        return broken(f"corrupt or truncated image ({exc})")
    return ImageFile(rel_path, digest, width, height, fmt)
