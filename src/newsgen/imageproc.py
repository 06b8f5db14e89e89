"""Making the planned photo variants with Pillow, once, into a cache outside ``public/``.

A variant's file name is a hash of everything that makes its bytes, so the cache needs no
index: a name that is there is done. The missing ones are made on all cores, grouped so that
each source is decoded once per JPEG scale; every variant depends only on its source and its
own recipe, so the bytes are the same whatever the number of workers or the order of work.
Every file is written under a temporary name and renamed, so an interrupted build leaves no
half-written file behind. Files no build uses any more are deleted (`prune`), once older than
`PRUNE_AFTER`.

What is written: EXIF orientation applied, then nothing of the source's metadata but its
RGB colour profile (no EXIF, GPS, XMP or comments). CMYK is converted to sRGB (through its
profile when it has one) and 16-bit samples are scaled to 8 bits.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import struct
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import Any

from PIL import Image, ImageCms, ImageOps

from newsgen import collector, images
from newsgen.images import band_range, orientation
from newsgen.model import Variant

# A cached file that the last build did not use is deleted once it is older than this (s):
# younger ones may be a preview's (drafts) or a build's running beside.
PRUNE_AFTER = 7 * 24 * 3600
_EFFORT = {"AVIF": 6, "WEBP": 3}  # encoding time per pixel against JPEG's, about
_BROKEN = (OSError, SyntaxError, ValueError, EOFError, struct.error)

Failure = tuple[str, str]  # the photo file, what went wrong


@dataclass(frozen=True)
class ProcessReport:
    made: int  # variants written to the cache by this run
    cached: int  # variants that were in the cache already
    failures: tuple[Failure, ...]


@dataclass(frozen=True)
class _Task:
    source: Path
    reduce: int
    variants: tuple[Variant, ...]
    cache_dir: Path


def cache_path(cache_dir: Path, variant: Variant) -> Path:
    """Where ``variant`` is kept between builds."""
    return cache_dir / variant.path.rsplit("/", 1)[-1]


def process(
    variants: Iterable[Variant], site_dir: Path, cache_dir: Path, workers: int | None = None
) -> ProcessReport:
    """Make every variant of ``variants`` that ``cache_dir`` does not hold yet.

    ``workers`` defaults to one per core; one worker does the work in this process.
    """
    unique = {v.path: v for v in variants}
    missing = _missing(unique, cache_dir)
    workers = workers or os.cpu_count() or 1
    tasks = _tasks(missing, site_dir, cache_dir, workers)
    if tasks:
        cache_dir.mkdir(parents=True, exist_ok=True)
    count = min(workers, len(tasks))
    if count > 1:
        with ProcessPoolExecutor(
            max_workers=count, mp_context=_context(), initializer=collector.resume
        ) as pool:
            results = list(pool.map(_make, tasks))
    else:
        results = [_make(task) for task in tasks]
    failures = sorted({failure for _, failed in results for failure in failed})
    made = sum(made for made, _ in results)
    return ProcessReport(made, len(unique) - len(missing), tuple(failures))


def prune(cache_dir: Path, used: Iterable[Variant], before: float) -> int:
    """Delete the files of ``cache_dir`` that hold none of ``used`` and were last written
    before ``before`` (seconds since the epoch); how many were deleted. What cannot be looked
    at or deleted is left: the cache only costs room."""
    keep = {cache_path(cache_dir, variant).name for variant in used}
    deleted = 0
    try:
        entries = os.scandir(cache_dir)
    except OSError:
        return 0
    with entries:
        for entry in entries:
            if entry.name in keep:
                continue
            try:
                if entry.is_file(follow_symlinks=False) and entry.stat().st_mtime < before:
                    os.unlink(entry.path)  # noqa: PTH108
                    deleted += 1
            except OSError:
                continue
    return deleted


def missing(variants: Iterable[Variant], cache_dir: Path) -> list[Variant]:
    """The variants of ``variants`` that ``cache_dir`` does not hold yet, in path order."""
    return _missing({v.path: v for v in variants}, cache_dir)


def _missing(unique: dict[str, Variant], cache_dir: Path) -> list[Variant]:
    return [unique[p] for p in sorted(unique) if not cache_path(cache_dir, unique[p]).is_file()]


def _tasks(missing: list[Variant], site_dir: Path, cache_dir: Path, workers: int) -> list[_Task]:
    """Work units, costliest first: one per source and JPEG scale, so each decode serves
    many variants; split by picture (a crop at a size: one resize serves every format), then
    by variant, while too few to keep every core busy."""
    keys: list[Callable[[Variant], tuple[int, str, object]]] = [
        lambda v: (v.reduce, v.source, ""),
        lambda v: (v.reduce, v.source, _pixels(v)[:3]),
        lambda v: (v.reduce, v.source, v.path),
    ]
    groups: dict[tuple[int, str, object], list[Variant]] = {}
    for key in keys:
        groups = {}
        for variant in missing:
            groups.setdefault(key(variant), []).append(variant)
        if len(groups) >= 4 * workers:
            break
    tasks = [
        _Task(site_dir / source, reduce, tuple(group), cache_dir)
        for (reduce, source, _), group in groups.items()
    ]
    return sorted(tasks, key=lambda t: (-sum(map(_cost, t.variants)), t.variants[0].path))


def _cost(variant: Variant) -> int:
    return variant.width * variant.height * _EFFORT.get(variant.format, 1)


def _context() -> BaseContext:
    """Workers forked while this process runs a single thread (fast, and a script calling
    a build needs no ``__main__`` guard); else started afresh with Pillow imported."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["newsgen.imageproc"])
        return context
    return multiprocessing.get_context("spawn")


def _make(task: _Task) -> tuple[int, tuple[Failure, ...]]:
    """Write the variants of one source at one JPEG scale; never raise for a bad file."""
    made = 0
    try:
        for variant in task.variants:
            if variant.role == "original":
                _write(cache_path(task.cache_dir, variant), task.source.read_bytes())
                made += 1
        scaled = [v for v in task.variants if v.role != "original"]
        if not scaled:
            return made, ()
        with Image.open(task.source) as img:
            image, scale, icc = _decoded(img, task.reduce)
            resized: dict[tuple[tuple[int, int, int, int], int, int], Image.Image] = {}
            # Two roles may ask for one recipe (a 3:2 photo's story width and its thumbnail
            # of that width): its bytes are encoded once and written under both names.
            encoded: dict[tuple[str, int], bytes] = {}
            for variant in sorted(scaled, key=_pixels):  # the same pixels serve every format
                key = (variant.box, variant.width, variant.height)
                if key not in resized:
                    left, top, right, bottom = variant.box
                    box = (left * scale[0], top * scale[1], right * scale[0], bottom * scale[1])
                    size = (variant.width, variant.height)
                    resized = {key: image.resize(size, Image.Resampling.LANCZOS, box)}
                    encoded = {}
                recipe = (variant.format, variant.quality)
                if recipe not in encoded:
                    encoded[recipe] = encode(resized[key], variant, icc)
                _write(cache_path(task.cache_dir, variant), encoded[recipe])
                made += 1
    except _BROKEN as exc:
        source = task.variants[0].source
        return made, ((source, f"could not be processed ({exc})"),)
    return made, ()


def _pixels(variant: Variant) -> tuple[tuple[int, int, int, int], int, int, str]:
    return variant.box, variant.width, variant.height, variant.path


def _decoded(img: Image.Image, reduce: int) -> tuple[Image.Image, tuple[float, float], bytes]:
    """The upright picture in RGB or RGBA, the scale from full size, and the profile to keep."""
    stored = img.size
    if reduce > 1 and img.format in ("JPEG", "MPO"):
        img.draft(None, (stored[0] // reduce, stored[1] // reduce))
    img.load()
    decoded = img.size
    turned = ImageOps.exif_transpose(img) if orientation(img) != 1 else img
    full = stored if turned.size == decoded else (stored[1], stored[0])
    image, icc = normalized(turned)
    return image, (image.width / full[0], image.height / full[1]), icc


def normalized(img: Image.Image) -> tuple[Image.Image, bytes]:
    """``img`` as 8-bit RGB (RGBA when it has transparency), and the RGB profile to embed."""
    icc: bytes = img.info.get("icc_profile") or b""
    mode = img.mode
    if mode == "CMYK":
        return _cmyk_to_srgb(img, icc), b""
    if mode.startswith("I;16") or mode in ("I", "F"):
        wide = img.convert("I") if mode.startswith("I;16") else img
        if mode.startswith("I;16") or band_range(wide)[1] > 255:
            wide = wide.point(lambda value: value * (1 / 256))
        return wide.convert("L").convert("RGB"), b""
    keep = icc if icc[16:20] == b"RGB " else b""
    if img.has_transparency_data:
        rgba = img if mode == "RGBA" else img.convert("RGBA")
        if band_range(rgba.getchannel("A"))[0] < 255:
            return rgba, keep
    return (img if mode == "RGB" else img.convert("RGB")), keep


def _cmyk_to_srgb(img: Image.Image, icc: bytes) -> Image.Image:
    if icc:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            converted = ImageCms.profileToProfile(
                img, source, ImageCms.createProfile("sRGB"), outputMode="RGB"
            )
        except (ImageCms.PyCMSError, OSError, ValueError):
            converted = None
        if converted is not None:
            return converted
    return img.convert("RGB")


def encode(img: Image.Image, variant: Variant, icc: bytes) -> bytes:
    """The bytes of ``variant`` from its resized picture: nothing but pixels and the profile."""
    img.info = {}
    options: dict[str, Any] = {"icc_profile": icc} if icc else {}
    if variant.format == "JPEG":
        img = img if img.mode == "RGB" else img.convert("RGB")
        options.update(quality=variant.quality, optimize=True, progressive=True)
    elif variant.format == "WEBP":
        options.update(quality=variant.quality, method=images.WEBP_METHOD)
    elif variant.format == "AVIF":
        options.update(quality=variant.quality, speed=images.AVIF_SPEED, max_threads=1)
    elif variant.format == "PNG":
        options.update(optimize=False, compress_level=9)
    else:  # pragma: no cover - plan() names no other format
        raise ValueError(f"cannot write {variant.format}")
    buffer = io.BytesIO()
    img.save(buffer, variant.format, **options)
    return buffer.getvalue()


def _write(target: Path, data: bytes) -> None:
    temporary = target.with_name(f".{target.name}.{os.getpid()}.part")
    temporary.write_bytes(data)
    temporary.replace(target)
