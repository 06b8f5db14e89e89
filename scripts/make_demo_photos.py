#!/usr/bin/env python3
"""Draw the illustrative demo photos of the Warta Musi sample site.

The demo articles need lead photos and inline figures, but real news photos cannot be shipped
with the project. This script paints simple scenes (a river at dusk, a stadium at night, a flooded
village, a meeting hall, ...) with Pillow alone and writes them where the articles reference them:
shared photos in ``content/images/`` and bundle photos beside their ``index.md``.

The set deliberately covers what an image pipeline must cope with: several landscape sizes, one
portrait, one square, one small inline-only photo, a transparent PNG logo, and JPEGs carrying EXIF
(camera make and model, GPS near Palembang), two of them stored rotated with an EXIF Orientation
tag (6 and 8) so that only honouring the tag shows the picture upright.

Output is deterministic: every scene draws from its own seeded ``random.Random`` and nothing reads
the clock. Run from the repository root::

    python3 scripts/make_demo_photos.py
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter
from PIL.TiffImagePlugin import IFDRational

CONTENT = Path("content")
SHARED = CONTENT / "images"
ARTICLES = CONTENT / "articles"

SUPERSAMPLE = 2
JPEG_QUALITY = 82
GRAIN_TILE = 256
GRAIN_STRENGTH = 0.035

RGB = tuple[int, int, int]
Stops = Sequence[tuple[float, RGB]]


# --------------------------------------------------------------------------- drawing helpers


def lerp(a: RGB, b: RGB, t: float) -> RGB:
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


def gradient(size: tuple[int, int], stops: Stops) -> Image.Image:
    """A vertical gradient through colour stops given at fractions of the height."""
    width, height = size
    column = []
    for y in range(height):
        f = y / max(height - 1, 1)
        for (p0, c0), (p1, c1) in itertools.pairwise(stops):
            if p0 <= f <= p1:
                column.append(lerp(c0, c1, (f - p0) / max(p1 - p0, 1e-9)))
                break
        else:
            column.append(stops[-1][1] if f > stops[-1][0] else stops[0][1])
    strip = Image.new("RGB", (1, height))
    strip.putdata(column)
    return strip.resize((width, height), Image.Resampling.NEAREST)


def paste_gradient(img: Image.Image, box: tuple[int, int, int, int], stops: Stops) -> None:
    x0, y0, x1, y1 = box
    img.paste(gradient((x1 - x0, y1 - y0), stops), (x0, y0))


def soft_layer(
    img: Image.Image, draw_fn: Callable[[ImageDraw.ImageDraw], None], blur: float
) -> None:
    """Draw on a transparent layer, blur it, and composite it over ``img`` (haze, glow, smoke)."""
    layer = Image.new("RGBA", img.size, (0, 0, 0, 0))
    draw_fn(ImageDraw.Draw(layer))
    if blur:
        layer = layer.filter(ImageFilter.GaussianBlur(blur))
    img.paste(layer, (0, 0), layer)


def glow(img: Image.Image, cx: float, cy: float, r: float, color: RGB, alpha: int = 220) -> None:
    soft_layer(
        img,
        lambda d: d.ellipse((cx - r, cy - r, cx + r, cy + r), fill=(*color, alpha)),
        r * 0.6,
    )


def person(
    d: ImageDraw.ImageDraw, x: float, y: float, h: float, shirt: RGB, skin: RGB = (92, 64, 48)
) -> None:
    """A standing figure, feet at (x, y), height h."""
    head = h * 0.13
    d.ellipse((x - head / 2, y - h, x + head / 2, y - h + head), fill=skin)
    d.rounded_rectangle(
        (x - h * 0.13, y - h + head * 1.05, x + h * 0.13, y - h * 0.45), h * 0.05, fill=shirt
    )
    d.rectangle((x - h * 0.11, y - h * 0.46, x + h * 0.11, y), fill=(40, 40, 52))
    d.line((x, y - h * 0.4, x, y), fill=(25, 25, 30), width=max(1, round(h * 0.015)))


def seated(d: ImageDraw.ImageDraw, x: float, y: float, h: float, shirt: RGB) -> None:
    """Head and shoulders seen from behind, shoulders' base at (x, y)."""
    head = h * 0.42
    d.ellipse((x - h * 0.42, y - h * 0.55, x + h * 0.42, y + h * 0.2), fill=shirt)
    d.ellipse((x - head / 2, y - h, x + head / 2, y - h + head * 1.15), fill=(34, 28, 26))


def palm(d: ImageDraw.ImageDraw, x: float, ground: float, h: float, color: RGB) -> None:
    top = (x + h * 0.08, ground - h)
    d.line(
        (x, ground, x + h * 0.04, ground - h * 0.5, *top),
        fill=color,
        width=max(2, round(h * 0.035)),
    )
    for k in range(9):
        a = math.pi * (0.05 + k / 8 * 0.9)
        length = h * (0.35 + 0.08 * math.sin(k * 1.7))
        end = (
            top[0] + math.cos(a) * length * (1 if k % 2 else -1),
            top[1] + abs(math.sin(a)) * length * 0.45 - length * 0.1,
        )
        mid = ((top[0] + end[0]) / 2, min(top[1], end[1]) - length * 0.12)
        d.line((*top, *mid, *end), fill=color, width=max(2, round(h * 0.025)))


def stilt_house(d: ImageDraw.ImageDraw, x: float, y: float, w: float, wall: RGB, roof: RGB) -> None:
    """A rumah panggung: floor at height y, walls above, stilts below."""
    h = w * 0.55
    for sx in (0.08, 0.5, 0.92):
        d.rectangle(
            (x + w * sx - w * 0.02, y, x + w * sx + w * 0.02, y + w * 0.4), fill=(70, 52, 40)
        )
    d.rectangle((x, y - h, x + w, y), fill=wall)
    d.polygon(
        [(x - w * 0.08, y - h), (x + w * 0.5, y - h - w * 0.38), (x + w * 1.08, y - h)], fill=roof
    )
    for wx in (0.15, 0.62):
        d.rectangle((x + w * wx, y - h * 0.7, x + w * (wx + 0.22), y - h * 0.3), fill=(48, 40, 36))
    d.rectangle((x + w * 0.42, y - h * 0.8, x + w * 0.56, y), fill=(88, 62, 44))


def water_ripples(
    d: ImageDraw.ImageDraw,
    rng: random.Random,
    box: tuple[float, float, float, float],
    color: tuple[int, int, int, int],
    n: int,
) -> None:
    x0, y0, x1, y1 = box
    for _ in range(n):
        y = rng.uniform(y0, y1)
        depth = (y - y0) / max(y1 - y0, 1)
        length = (x1 - x0) * rng.uniform(0.01, 0.05) * (0.5 + depth)
        x = rng.uniform(x0, x1)
        d.line((x, y, x + length, y), fill=color, width=max(1, round(2 + depth * 4)))


# --------------------------------------------------------------------------- scenes


def scene_ampera_dusk(img: Image.Image, rng: random.Random) -> None:
    cw, ch = img.size
    horizon = ch * 0.62
    paste_gradient(
        img,
        (0, 0, cw, round(horizon)),
        [(0, (44, 36, 90)), (0.6, (206, 104, 78)), (1, (248, 186, 112))],
    )
    paste_gradient(img, (0, round(horizon), cw, ch), [(0, (150, 86, 70)), (1, (28, 22, 40))])
    glow(img, cw * 0.7, ch * 0.52, cw * 0.07, (255, 226, 160))
    d = ImageDraw.Draw(img)
    x = 0.0
    while x < cw:
        bw = cw * rng.uniform(0.01, 0.035)
        bh = ch * rng.uniform(0.015, 0.07)
        d.rectangle((x, horizon - bh, x + bw, horizon), fill=(64, 42, 72))
        x += bw
    dark = (34, 24, 40)
    deck = ch * 0.5
    d.rectangle((0, deck, cw, deck + ch * 0.03), fill=dark)
    for tx in (0.36, 0.58):
        cx = cw * tx
        for leg in (-1, 1):
            d.polygon(
                [
                    (cx + leg * cw * 0.03, horizon),
                    (cx + leg * cw * 0.022, ch * 0.26),
                    (cx + leg * cw * 0.012, ch * 0.26),
                    (cx + leg * cw * 0.018, horizon),
                ],
                fill=dark,
            )
        for by in (0.3, 0.42):
            d.rectangle((cx - cw * 0.03, ch * by, cx + cw * 0.03, ch * by + ch * 0.018), fill=dark)
        for k in range(1, 7):
            for side in (-1, 1):
                d.line(
                    (cx, ch * 0.27, cx + side * cw * 0.018 * k, deck),
                    fill=dark,
                    width=max(2, cw // 700),
                )
    for px in (0.12, 0.24, 0.47, 0.7, 0.82, 0.94):
        d.rectangle((cw * px - cw * 0.006, deck, cw * px + cw * 0.006, horizon), fill=dark)
    soft_layer(
        img,
        lambda dd: water_ripples(
            dd, rng, (cw * 0.55, horizon + 4, cw * 0.85, ch), (255, 214, 150, 170), 160
        ),
        1.5,
    )
    d = ImageDraw.Draw(img)
    for bx, by, s in ((0.2, 0.8, 1.0), (0.78, 0.72, 0.6), (0.5, 0.9, 1.3)):
        cx, cy, w = cw * bx, ch * by, cw * 0.09 * s
        d.polygon(
            [
                (cx - w / 2, cy),
                (cx + w / 2, cy - w * 0.04),
                (cx + w * 0.4, cy + w * 0.08),
                (cx - w * 0.42, cy + w * 0.08),
            ],
            fill=(24, 16, 26),
        )
        d.rectangle((cx - w * 0.2, cy - w * 0.14, cx + w * 0.12, cy - w * 0.02), fill=(40, 26, 36))
        person(d, cx + w * 0.3, cy, w * 0.22, (30, 22, 30), (30, 22, 30))


def scene_kpu_office(img: Image.Image, rng: random.Random) -> None:
    cw, ch = img.size
    paste_gradient(
        img,
        (0, 0, cw, ch),
        [(0, (96, 150, 214)), (0.7, (196, 222, 240)), (0.7, (92, 150, 70)), (1, (60, 110, 48))],
    )

    def clouds(d: ImageDraw.ImageDraw) -> None:
        for x, y, w in (
            (0.05, 0.08, 0.22),
            (0.15, 0.05, 0.18),
            (0.6, 0.12, 0.25),
            (0.75, 0.08, 0.15),
        ):
            d.ellipse((cw * x, ch * y, cw * (x + w), ch * (y + 0.07)), fill=(255, 255, 255, 190))

    soft_layer(img, clouds, cw * 0.01)
    d = ImageDraw.Draw(img)
    for tx in (0.06, 0.92):
        d.rectangle((cw * tx, ch * 0.45, cw * tx + cw * 0.015, ch * 0.72), fill=(80, 60, 44))
        d.ellipse(
            (cw * tx - cw * 0.07, ch * 0.25, cw * tx + cw * 0.085, ch * 0.52), fill=(46, 96, 52)
        )
    d.rectangle((cw * 0.16, ch * 0.33, cw * 0.84, ch * 0.72), fill=(236, 230, 216))
    d.polygon(
        [(cw * 0.13, ch * 0.34), (cw * 0.5, ch * 0.2), (cw * 0.87, ch * 0.34)], fill=(150, 62, 48)
    )
    for row in range(3):
        for col in range(10):
            if 4 <= col <= 5:
                continue
            x0 = cw * (0.19 + col * 0.064)
            y0 = ch * (0.38 + row * 0.1)
            d.rectangle((x0, y0, x0 + cw * 0.038, y0 + ch * 0.065), fill=(70, 92, 112))
    d.rectangle((cw * 0.43, ch * 0.36, cw * 0.57, ch * 0.42), fill=(190, 30, 40))
    d.rectangle((cw * 0.45, ch * 0.385, cw * 0.55, ch * 0.395), fill=(250, 250, 250))
    for cx in (0.44, 0.48, 0.52, 0.56):
        d.rectangle(
            (cw * cx - cw * 0.006, ch * 0.44, cw * cx + cw * 0.006, ch * 0.72), fill=(248, 246, 240)
        )
    d.rectangle((cw * 0.46, ch * 0.55, cw * 0.54, ch * 0.72), fill=(66, 48, 38))
    d.rectangle((cw * 0.14, ch * 0.72, cw * 0.86, ch * 0.75), fill=(180, 176, 168))
    for i, fx in enumerate((0.25, 0.3, 0.35)):
        d.line((cw * fx, ch * 0.5, cw * fx, ch * 0.9), fill=(210, 210, 214), width=cw // 300)
        colours = [(200, 20, 30), (250, 250, 250)] if i != 1 else [(240, 200, 40), (30, 90, 160)]
        d.rectangle((cw * fx, ch * 0.5, cw * fx + cw * 0.04, ch * 0.52), fill=colours[0])
        d.rectangle((cw * fx, ch * 0.52, cw * fx + cw * 0.04, ch * 0.54), fill=colours[1])
    for k in range(5):
        person(
            d,
            cw * (0.58 + k * 0.05),
            ch * (0.9 + (k % 2) * 0.02),
            ch * 0.17,
            rng.choice([(200, 180, 120), (60, 90, 150), (230, 230, 230), (120, 40, 50)]),
        )


def scene_polling_station(img: Image.Image, rng: random.Random) -> None:
    cw, ch = img.size
    paste_gradient(
        img,
        (0, 0, cw, ch),
        [
            (0, (150, 196, 230)),
            (0.45, (220, 234, 240)),
            (0.45, (168, 150, 128)),
            (1, (120, 104, 88)),
        ],
    )
    d = ImageDraw.Draw(img)
    for k in range(6):
        x = cw * (k / 5.5)
        stilt_house(
            d,
            x,
            ch * 0.44,
            cw * 0.14,
            rng.choice([(206, 190, 150), (170, 196, 180), (214, 200, 190)]),
            (120, 60, 44),
        )
    soft_layer(img, lambda dd: dd.rectangle((0, 0, cw, ch * 0.46), fill=(230, 236, 240, 90)), 0)
    d = ImageDraw.Draw(img)
    d.polygon(
        [
            (cw * 0.28, ch * 0.28),
            (cw * 0.96, ch * 0.28),
            (cw * 1.0, ch * 0.4),
            (cw * 0.24, ch * 0.4),
        ],
        fill=(235, 235, 240),
    )
    for k in range(8):
        x0 = cw * (0.24 + k * 0.095)
        d.polygon(
            [(x0, ch * 0.4), (x0 + cw * 0.095, ch * 0.4), (x0 + cw * 0.0475, ch * 0.44)],
            fill=(40, 90, 170) if k % 2 else (240, 240, 244),
        )
    for px in (0.27, 0.62, 0.97):
        d.rectangle(
            (cw * px - cw * 0.004, ch * 0.4, cw * px + cw * 0.004, ch * 0.9), fill=(150, 150, 156)
        )
    d.rectangle((cw * 0.45, ch * 0.64, cw * 0.85, ch * 0.68), fill=(130, 70, 40))
    for bx in (0.5, 0.58, 0.66, 0.74):
        d.rectangle(
            (cw * bx, ch * 0.55, cw * bx + cw * 0.06, ch * 0.64),
            fill=(228, 232, 236),
            outline=(160, 170, 180),
            width=3,
        )
        d.rectangle((cw * bx, ch * 0.545, cw * bx + cw * 0.06, ch * 0.56), fill=(200, 40, 40))
    for bx in (0.84, 0.9):
        d.rectangle((cw * bx, ch * 0.48, cw * bx + cw * 0.05, ch * 0.7), fill=(110, 110, 120))
    for k in range(9):
        x = cw * (0.05 + k * 0.045)
        person(
            d,
            x,
            ch * (0.88 + 0.012 * (k % 3)),
            ch * rng.uniform(0.3, 0.36),
            rng.choice(
                [(190, 40, 50), (40, 110, 160), (230, 200, 80), (90, 140, 90), (240, 240, 240)]
            ),
        )


def scene_stadium_night(img: Image.Image, rng: random.Random) -> None:
    cw, ch = img.size
    paste_gradient(
        img,
        (0, 0, cw, ch),
        [
            (0, (8, 12, 32)),
            (0.3, (26, 34, 66)),
            (0.3, (40, 40, 48)),
            (0.55, (30, 30, 38)),
            (0.55, (40, 120, 56)),
            (1, (30, 96, 44)),
        ],
    )
    d = ImageDraw.Draw(img)
    for _ in range(5200):
        x, y = rng.uniform(0, cw), rng.uniform(ch * 0.31, ch * 0.54)
        r = ch * 0.0035 * (0.7 + (y / ch - 0.31) * 2)
        d.ellipse(
            (x - r, y - r, x + r, y + r),
            fill=rng.choice(
                [
                    (200, 40, 40),
                    (240, 220, 60),
                    (230, 230, 230),
                    (40, 60, 140),
                    (200, 200, 60),
                    (90, 90, 100),
                ]
            ),
        )
    d.rectangle((0, ch * 0.28, cw, ch * 0.31), fill=(70, 72, 84))
    for k in range(11):
        y0 = ch * (0.55 + (k / 11) ** 1.3 * 0.45)
        y1 = ch * (0.55 + ((k + 1) / 11) ** 1.3 * 0.45)
        if k % 2:
            d.rectangle((0, y0, cw, y1), fill=(46, 134, 62))
    line = (236, 240, 236)
    lw = max(2, cw // 500)
    d.line((0, ch * 0.6, cw, ch * 0.6), fill=line, width=lw)
    d.line((cw * 0.5, ch * 0.6, cw * 0.5, ch), fill=line, width=lw)
    d.ellipse((cw * 0.38, ch * 0.7, cw * 0.62, ch * 0.86), outline=line, width=lw)
    for _ in range(10):
        person(
            d,
            cw * rng.uniform(0.1, 0.9),
            ch * rng.uniform(0.66, 0.95),
            ch * 0.09,
            rng.choice([(220, 200, 30), (200, 30, 40)]),
        )
    for tx in (0.08, 0.36, 0.64, 0.92):
        d.line((cw * tx, ch * 0.3, cw * tx, ch * 0.1), fill=(60, 62, 70), width=cw // 180)
        d.rectangle(
            (cw * tx - cw * 0.035, ch * 0.06, cw * tx + cw * 0.035, ch * 0.11), fill=(210, 220, 230)
        )
        glow(img, cw * tx, ch * 0.085, cw * 0.07, (255, 250, 220), 200)
        d = ImageDraw.Draw(img)


def scene_peat_fire(img: Image.Image, rng: random.Random) -> None:
    cw, ch = img.size
    horizon = ch * 0.55
    paste_gradient(
        img,
        (0, 0, cw, ch),
        [(0, (150, 120, 100)), (0.55, (222, 160, 96)), (0.55, (70, 50, 36)), (1, (30, 22, 18))],
    )
    glow(img, cw * 0.3, ch * 0.25, cw * 0.05, (255, 236, 190), 180)

    def treeline(d: ImageDraw.ImageDraw) -> None:
        for i in range(18):
            x = i * 0.06
            box = (cw * x, horizon - ch * 0.05, cw * (x + 0.08), horizon + ch * 0.01)
            d.ellipse(box, fill=(50, 60, 44, 200))

    soft_layer(img, treeline, cw * 0.004)

    def smoke(d: ImageDraw.ImageDraw) -> None:
        for base in (0.35, 0.62, 0.85):
            for k in range(26):
                t = k / 26
                cx = cw * (base + t * 0.25 + rng.uniform(-0.02, 0.02))
                cy = horizon - ch * t * 0.6
                r = cw * (0.03 + t * 0.08)
                d.ellipse(
                    (cx - r, cy - r * 0.7, cx + r, cy + r * 0.7),
                    fill=(200, 196, 190, round(120 - t * 80)),
                )

    soft_layer(img, smoke, cw * 0.012)
    d = ImageDraw.Draw(img)
    for _ in range(70):
        x, y = rng.uniform(0, cw), rng.uniform(horizon + ch * 0.03, ch)
        h = ch * 0.05 * (0.4 + (y - horizon) / (ch - horizon))
        d.line(
            (x, y, x + rng.uniform(-4, 4), y - h), fill=(20, 14, 12), width=max(2, round(h * 0.12))
        )
    for base in (0.35, 0.62, 0.85):
        glow(img, cw * base, horizon + ch * 0.02, cw * 0.03, (255, 140, 40), 230)
        glow(img, cw * base, horizon + ch * 0.02, cw * 0.012, (255, 230, 120), 255)


def scene_water_bombing(img: Image.Image, rng: random.Random) -> None:
    cw, ch = img.size
    horizon = ch * 0.7
    paste_gradient(
        img,
        (0, 0, cw, ch),
        [(0, (168, 160, 150)), (0.7, (214, 190, 156)), (0.7, (64, 56, 40)), (1, (40, 34, 26))],
    )

    def haze(d: ImageDraw.ImageDraw) -> None:
        for i in range(8):
            top = horizon - ch * (0.1 + i % 3 * 0.05)
            box = (cw * (0.1 + i * 0.1), top, cw * (0.3 + i * 0.1), horizon + ch * 0.02)
            d.ellipse(box, fill=(190, 184, 176, 130))

    soft_layer(
        img,
        haze,
        cw * 0.02,
    )
    d = ImageDraw.Draw(img)
    hx, hy, s = cw * 0.45, ch * 0.22, cw * 0.16
    body = (36, 40, 44)
    d.ellipse((hx - s * 0.45, hy - s * 0.18, hx + s * 0.2, hy + s * 0.16), fill=body)
    d.polygon(
        [
            (hx + s * 0.1, hy - s * 0.05),
            (hx + s * 0.75, hy - s * 0.04),
            (hx + s * 0.75, hy + s * 0.01),
            (hx + s * 0.1, hy + s * 0.06),
        ],
        fill=body,
    )
    d.polygon(
        [
            (hx + s * 0.7, hy - s * 0.14),
            (hx + s * 0.78, hy - s * 0.14),
            (hx + s * 0.76, hy + s * 0.01),
            (hx + s * 0.7, hy + s * 0.01),
        ],
        fill=body,
    )
    d.line(
        (hx - s * 0.8, hy - s * 0.22, hx + s * 0.65, hy - s * 0.24),
        fill=body,
        width=max(3, round(s * 0.02)),
    )
    d.line(
        (hx - s * 0.3, hy + s * 0.24, hx + s * 0.1, hy + s * 0.24),
        fill=body,
        width=max(3, round(s * 0.02)),
    )
    d.line(
        (hx - s * 0.1, hy + s * 0.16, hx - s * 0.1, hy + s * 0.9),
        fill=(20, 20, 20),
        width=max(2, round(s * 0.008)),
    )
    d.polygon(
        [
            (hx - s * 0.18, hy + s * 0.9),
            (hx - s * 0.02, hy + s * 0.9),
            (hx - s * 0.05, hy + s * 1.05),
            (hx - s * 0.15, hy + s * 1.05),
        ],
        fill=(200, 90, 30),
    )

    def spray(dd: ImageDraw.ImageDraw) -> None:
        for _ in range(300):
            x = hx - s * 0.1 + rng.gauss(0, s * 0.12)
            y = hy + s * 1.05 + abs(rng.gauss(0, ch * 0.15))
            dd.line(
                (x, y, x + rng.uniform(-3, 3), y + ch * 0.04), fill=(230, 236, 240, 150), width=3
            )

    soft_layer(img, spray, 3)


def scene_rubber_garden(img: Image.Image, rng: random.Random) -> None:
    cw, ch = img.size
    paste_gradient(
        img,
        (0, 0, cw, ch),
        [(0, (90, 130, 60)), (0.45, (150, 180, 100)), (0.62, (120, 100, 70)), (1, (84, 64, 44))],
    )

    def canopy(d: ImageDraw.ImageDraw) -> None:
        for _ in range(40):
            x, y = cw * rng.uniform(-0.1, 0.9), ch * rng.uniform(-0.1, 0.25)
            w, h = cw * rng.uniform(0.1, 0.35), ch * rng.uniform(0.1, 0.25)
            leaf = (rng.randint(40, 80), rng.randint(90, 130), rng.randint(30, 60), 160)
            d.ellipse((x, y, x + w, y + h), fill=leaf)

    soft_layer(img, canopy, cw * 0.01)

    def sun_rays(d: ImageDraw.ImageDraw) -> None:
        for x in (0.2, 0.45, 0.7):
            ray = [(cw * x, 0), (cw * (x + 0.05), 0), (cw * (x + 0.2), ch), (cw * (x + 0.12), ch)]
            d.polygon(ray, fill=(255, 250, 200, 40))

    soft_layer(img, sun_rays, cw * 0.02)
    d = ImageDraw.Draw(img)
    vx, vy = cw * 0.5, ch * 0.5
    for depth in (0.15, 0.3, 0.5, 0.75, 1.0):
        for col in range(-4, 5):
            gx = vx + col * cw * 0.14 * depth * 1.6
            ground = vy + ch * 0.5 * depth
            w = cw * 0.028 * depth
            shade = round(70 + (1 - depth) * 70)
            d.rectangle(
                (gx - w / 2, ground - ch * 0.75, gx + w / 2, ground),
                fill=(shade, shade - 6, shade - 16),
            )
            if depth >= 0.75:
                d.line(
                    (gx - w / 2, ground - ch * 0.28, gx + w / 2, ground - ch * 0.24),
                    fill=(230, 226, 210),
                    width=max(2, round(w * 0.08)),
                )
                d.ellipse(
                    (gx - w * 0.3, ground - ch * 0.23, gx + w * 0.3, ground - ch * 0.19),
                    fill=(238, 238, 232),
                )


def scene_classroom(img: Image.Image, rng: random.Random) -> None:
    cw, ch = img.size
    paste_gradient(
        img,
        (0, 0, cw, ch),
        [
            (0, (226, 222, 204)),
            (0.55, (214, 206, 180)),
            (0.55, (176, 160, 140)),
            (1, (136, 120, 102)),
        ],
    )
    d = ImageDraw.Draw(img)
    for k in range(6):
        d.line(
            (0, ch * (0.55 + k * k * 0.013), cw, ch * (0.55 + k * k * 0.013)),
            fill=(150, 134, 116),
            width=3,
        )
    for k in range(-6, 7):
        d.line(
            (cw * 0.5 + k * cw * 0.03, ch * 0.55, cw * 0.5 + k * cw * 0.3, ch),
            fill=(150, 134, 116),
            width=3,
        )
    d.rectangle((0, 0, cw, ch * 0.08), fill=(236, 234, 226))
    for k in range(1, 5):
        d.line((cw * k / 5, 0, cw * k / 5, ch * 0.08), fill=(200, 196, 186), width=3)
    d.polygon(
        [
            (cw * 0.55, ch * 0.0),
            (cw * 0.78, ch * 0.0),
            (cw * 0.74, ch * 0.06),
            (cw * 0.6, ch * 0.07),
        ],
        fill=(70, 60, 50),
    )
    soft_layer(
        img,
        lambda dd: dd.ellipse(
            (cw * 0.5, ch * 0.02, cw * 0.86, ch * 0.16), fill=(150, 110, 70, 110)
        ),
        cw * 0.03,
    )
    d = ImageDraw.Draw(img)
    d.rectangle((cw * 0.16, ch * 0.2, cw * 0.84, ch * 0.42), fill=(120, 84, 50))
    d.rectangle((cw * 0.18, ch * 0.215, cw * 0.82, ch * 0.405), fill=(38, 70, 54))
    d.line((cw * 0.24, ch * 0.27, cw * 0.52, ch * 0.27), fill=(200, 210, 200), width=4)
    d.line((cw * 0.24, ch * 0.31, cw * 0.44, ch * 0.31), fill=(200, 210, 200), width=4)
    d.rectangle((cw * 0.88, ch * 0.16, cw * 1.0, ch * 0.46), fill=(240, 244, 236))
    glow(img, cw * 0.95, ch * 0.3, cw * 0.12, (255, 250, 230), 120)
    d = ImageDraw.Draw(img)
    for row in range(4):
        y = ch * (0.62 + row * row * 0.03 + row * 0.05)
        scale = 0.6 + row * 0.28
        for col in (-1, 1):
            cx = cw * 0.5 + col * cw * 0.2 * scale
            w, h = cw * 0.26 * scale, ch * 0.035 * scale
            d.polygon(
                [
                    (cx - w / 2, y),
                    (cx + w / 2, y),
                    (cx + w / 2 * 1.05, y + h),
                    (cx - w / 2 * 1.05, y + h),
                ],
                fill=(150, 100, 60),
            )
            for lx in (-0.45, 0.45):
                d.rectangle(
                    (
                        cx + w * lx - 3 * scale,
                        y + h,
                        cx + w * lx + 3 * scale,
                        y + h + ch * 0.07 * scale,
                    ),
                    fill=(90, 60, 40),
                )


def scene_prosecutor_office(img: Image.Image, rng: random.Random) -> None:
    cw, ch = img.size
    paste_gradient(
        img,
        (0, 0, cw, ch),
        [(0, (110, 160, 210)), (0.62, (210, 228, 236)), (0.62, (120, 150, 90)), (1, (86, 118, 64))],
    )
    d = ImageDraw.Draw(img)
    d.rectangle((cw * 0.12, ch * 0.36, cw * 0.88, ch * 0.74), fill=(230, 224, 206))
    d.polygon(
        [(cw * 0.08, ch * 0.36), (cw * 0.5, ch * 0.2), (cw * 0.92, ch * 0.36)], fill=(50, 110, 70)
    )
    d.polygon(
        [(cw * 0.16, ch * 0.345), (cw * 0.5, ch * 0.225), (cw * 0.84, ch * 0.345)],
        fill=(236, 230, 214),
    )
    d.ellipse((cw * 0.46, ch * 0.26, cw * 0.54, ch * 0.33), fill=(210, 170, 60))
    for k in range(6):
        cx = cw * (0.22 + k * 0.112)
        d.rectangle((cx - cw * 0.022, ch * 0.39, cx + cw * 0.022, ch * 0.72), fill=(246, 244, 236))
        d.rectangle((cx - cw * 0.03, ch * 0.37, cx + cw * 0.03, ch * 0.39), fill=(216, 210, 196))
        d.line(
            (cx - cw * 0.008, ch * 0.4, cx - cw * 0.008, ch * 0.71), fill=(214, 208, 196), width=3
        )
    for k in range(5):
        if k == 2:
            d.rectangle((cw * 0.45, ch * 0.5, cw * 0.55, ch * 0.72), fill=(60, 44, 34))
            continue
        x0 = cw * (0.25 + k * 0.112)
        d.rectangle((x0, ch * 0.46, x0 + cw * 0.05, ch * 0.6), fill=(60, 80, 90))
    for k in range(4):
        d.rectangle(
            (
                cw * (0.1 - k * 0.02),
                ch * (0.74 + k * 0.025),
                cw * (0.9 + k * 0.02),
                ch * (0.765 + k * 0.025),
            ),
            fill=(196 - k * 12, 192 - k * 12, 184 - k * 12),
        )
    d.line(
        (cw * 0.94, ch * 0.3, cw * 0.94, ch * 0.84), fill=(220, 220, 224), width=max(3, cw // 250)
    )
    d.rectangle((cw * 0.86, ch * 0.3, cw * 0.94, ch * 0.33), fill=(204, 20, 32))
    d.rectangle((cw * 0.86, ch * 0.33, cw * 0.94, ch * 0.36), fill=(250, 250, 250))
    for k in range(9):
        d.ellipse(
            (cw * (k * 0.11 - 0.03), ch * 0.84, cw * (k * 0.11 + 0.1), ch * 0.94),
            fill=(50, 100, 50),
        )


def scene_market(img: Image.Image, rng: random.Random) -> None:
    cw, ch = img.size
    paste_gradient(
        img,
        (0, 0, cw, ch),
        [(0, (60, 56, 52)), (0.3, (120, 112, 100)), (0.6, (150, 140, 124)), (1, (90, 84, 76))],
    )
    d = ImageDraw.Draw(img)
    for k in range(9):
        d.line((cw * k / 8, 0, cw * 0.5, ch * 0.3), fill=(44, 40, 36), width=cw // 200)
    d.rectangle((0, ch * 0.28, cw, ch * 0.31), fill=(50, 46, 42))
    glow(img, cw * 0.5, ch * 0.08, cw * 0.12, (255, 248, 220), 150)
    d = ImageDraw.Draw(img)
    tarps = [(210, 60, 50), (40, 110, 170), (230, 180, 40), (60, 150, 100)]
    for k in range(4):
        x0 = cw * k / 4
        d.polygon(
            [
                (x0, ch * 0.34),
                (x0 + cw / 4, ch * 0.34),
                (x0 + cw / 4 - cw * 0.02, ch * 0.44),
                (x0 + cw * 0.02, ch * 0.44),
            ],
            fill=tarps[k],
        )
        d.rectangle(
            (x0 + cw * 0.02, ch * 0.62, x0 + cw / 4 - cw * 0.02, ch * 0.66), fill=(120, 84, 52)
        )
        produce = [(200, 30, 30), (60, 140, 50), (150, 70, 90), (230, 120, 30)][k]
        for _ in range(260):
            px = rng.uniform(x0 + cw * 0.03, x0 + cw / 4 - cw * 0.03)
            mound = ch * 0.62 - ch * 0.08 * math.sin(math.pi * ((px - x0) % (cw / 8)) / (cw / 8))
            py = rng.uniform(mound, ch * 0.62)
            r = cw * 0.004
            d.ellipse(
                (px - r, py - r * 0.6, px + r, py + r * 0.6),
                fill=lerp(produce, (255, 255, 255), rng.uniform(0, 0.2)),
            )
    for k in range(7):
        person(
            d,
            cw * (0.07 + k * 0.14 + rng.uniform(-0.02, 0.02)),
            ch * rng.uniform(0.94, 0.99),
            ch * rng.uniform(0.38, 0.44),
            rng.choice([(240, 240, 240), (180, 40, 60), (60, 80, 140), (200, 170, 120)]),
        )


def scene_logo(img: Image.Image, rng: random.Random) -> None:
    """A wordmark-like monogram: 'cw' and 'M' strokes, a river wave, and two text-like bars."""
    cw, ch = img.size
    d = ImageDraw.Draw(img)
    teal, orange = (0, 94, 110, 255), (232, 116, 40, 255)
    stroke = round(ch * 0.13)
    d.line(
        [
            (cw * 0.03, ch * 0.18),
            (cw * 0.07, ch * 0.78),
            (cw * 0.11, ch * 0.34),
            (cw * 0.15, ch * 0.78),
            (cw * 0.19, ch * 0.18),
        ],
        fill=teal,
        width=stroke,
        joint="curve",
    )
    d.line(
        [
            (cw * 0.22, ch * 0.8),
            (cw * 0.235, ch * 0.18),
            (cw * 0.29, ch * 0.62),
            (cw * 0.345, ch * 0.18),
            (cw * 0.36, ch * 0.8),
        ],
        fill=teal,
        width=stroke,
        joint="curve",
    )
    wave = [(cw * (0.02 + i * 0.005), ch * (0.92 + 0.04 * math.sin(i / 6))) for i in range(72)]
    d.line(wave, fill=orange, width=round(ch * 0.06), joint="curve")
    d.rounded_rectangle((cw * 0.42, ch * 0.2, cw * 0.97, ch * 0.48), radius=ch * 0.08, fill=teal)
    d.rounded_rectangle((cw * 0.42, ch * 0.6, cw * 0.78, ch * 0.78), radius=ch * 0.06, fill=orange)


def scene_ballroom(img: Image.Image, rng: random.Random) -> None:
    cw, ch = img.size
    paste_gradient(
        img,
        (0, 0, cw, ch),
        [(0, (70, 50, 40)), (0.45, (150, 112, 80)), (0.5, (120, 60, 50)), (1, (80, 40, 36))],
    )
    d = ImageDraw.Draw(img)
    d.rectangle((cw * 0.22, ch * 0.14, cw * 0.78, ch * 0.44), fill=(24, 86, 120))
    d.rectangle((cw * 0.22, ch * 0.36, cw * 0.78, ch * 0.44), fill=(220, 150, 40))
    d.ellipse((cw * 0.25, ch * 0.18, cw * 0.33, ch * 0.3), fill=(240, 240, 240))
    for k in range(3):
        d.rectangle(
            (cw * 0.38, ch * (0.19 + k * 0.05), cw * (0.72 - k * 0.08), ch * (0.215 + k * 0.05)),
            fill=(236, 240, 244),
        )
    d.rectangle((cw * 0.18, ch * 0.44, cw * 0.82, ch * 0.5), fill=(60, 36, 30))
    d.rectangle((cw * 0.62, ch * 0.36, cw * 0.68, ch * 0.5), fill=(110, 70, 50))
    person(d, cw * 0.65, ch * 0.5, ch * 0.2, (60, 90, 60))
    for cx in (0.15, 0.5, 0.85):
        glow(img, cw * cx, ch * 0.05, cw * 0.05, (255, 236, 180), 200)
    d = ImageDraw.Draw(img)
    for row in range(5):
        y = ch * (0.58 + row * 0.09)
        scale = 0.55 + row * 0.17
        d.rectangle((cw * 0.02, y, cw * 0.98, y + ch * 0.03 * scale), fill=(236, 232, 226))
        n = 16 - row * 2
        for k in range(n):
            x = cw * (0.06 + k * 0.88 / (n - 1)) + rng.uniform(-cw * 0.01, cw * 0.01)
            seated(
                d,
                x,
                y + ch * 0.1 * scale,
                ch * 0.1 * scale,
                rng.choice(
                    [(196, 170, 110), (196, 170, 110), (230, 230, 230), (60, 70, 110), (40, 40, 40)]
                ),
            )


def scene_speaker(img: Image.Image, rng: random.Random) -> None:
    cw, ch = img.size
    paste_gradient(img, (0, 0, cw, ch), [(0, (20, 60, 90)), (1, (10, 30, 50))])
    for _ in range(14):
        glow(
            img,
            rng.uniform(0, cw),
            rng.uniform(0, ch * 0.6),
            cw * rng.uniform(0.02, 0.05),
            rng.choice([(255, 210, 140), (160, 200, 255)]),
            110,
        )
    d = ImageDraw.Draw(img)
    cx = cw * 0.5
    d.ellipse((cx - cw * 0.32, ch * 0.55, cx + cw * 0.32, ch * 1.25), fill=(120, 60, 40))
    for _ in range(90):
        x, y = rng.uniform(cx - cw * 0.28, cx + cw * 0.28), rng.uniform(ch * 0.62, ch)
        d.regular_polygon((x, y, cw * 0.012), 4, rotation=45, fill=(220, 170, 80))
    d.rectangle((cx - cw * 0.05, ch * 0.48, cx + cw * 0.05, ch * 0.6), fill=(150, 104, 80))
    d.ellipse((cx - cw * 0.11, ch * 0.16, cx + cw * 0.11, ch * 0.54), fill=(158, 110, 84))
    d.chord((cx - cw * 0.115, ch * 0.12, cx + cw * 0.115, ch * 0.4), 180, 360, fill=(28, 24, 22))
    d.line(
        (cx + cw * 0.2, ch, cx + cw * 0.14, ch * 0.62), fill=(40, 40, 44), width=round(cw * 0.012)
    )
    d.ellipse((cx + cw * 0.115, ch * 0.57, cx + cw * 0.165, ch * 0.65), fill=(30, 30, 34))


def scene_flood(img: Image.Image, rng: random.Random) -> None:
    cw, ch = img.size
    waterline = ch * 0.6
    paste_gradient(img, (0, 0, cw, round(waterline)), [(0, (140, 148, 156)), (1, (196, 200, 202))])
    d = ImageDraw.Draw(img)
    for k in range(9):
        palm(
            d,
            cw * (0.05 + k * 0.12 + rng.uniform(-0.02, 0.02)),
            waterline,
            ch * rng.uniform(0.3, 0.42),
            (60, 80, 62),
        )
    for k, x in enumerate((0.04, 0.3, 0.58, 0.8)):
        stilt_house(
            d,
            cw * x,
            waterline - ch * 0.02,
            cw * 0.16,
            [(196, 170, 130), (150, 176, 160), (200, 190, 176), (180, 150, 120)][k],
            [(110, 56, 40), (70, 70, 80), (120, 70, 50), (90, 60, 50)][k],
        )
    above = img.crop((0, 0, cw, round(waterline)))
    reflection = above.transpose(Image.Transpose.FLIP_TOP_BOTTOM).filter(
        ImageFilter.GaussianBlur(cw * 0.004)
    )
    water = gradient((cw, ch - round(waterline)), [(0, (134, 110, 80)), (1, (96, 76, 52))])
    reflection = reflection.crop((0, 0, cw, ch - round(waterline)))
    img.paste(Image.blend(water, reflection, 0.35), (0, round(waterline)))
    soft_layer(
        img,
        lambda dd: water_ripples(dd, rng, (0, waterline + 6, cw, ch), (200, 180, 150, 120), 260),
        1.2,
    )
    d = ImageDraw.Draw(img)
    for k in range(3):
        x = cw * (0.45 + k * 0.04)
        person(
            d,
            x,
            waterline + ch * 0.12,
            ch * 0.16,
            rng.choice([(200, 60, 50), (60, 100, 160), (230, 200, 60)]),
        )
        d.rectangle(
            (x - ch * 0.03, waterline + ch * 0.06, x + ch * 0.03, waterline + ch * 0.12),
            fill=(120, 98, 70),
        )


def scene_rescue_boat(img: Image.Image, rng: random.Random) -> None:
    cw, ch = img.size
    waterline = ch * 0.42
    paste_gradient(
        img,
        (0, 0, cw, ch),
        [(0, (150, 156, 162)), (0.42, (196, 198, 198)), (0.42, (128, 104, 76)), (1, (90, 72, 50))],
    )
    d = ImageDraw.Draw(img)
    for k, x in enumerate((0.0, 0.26, 0.55, 0.8)):
        stilt_house(
            d,
            cw * x,
            waterline + ch * 0.01,
            cw * 0.2,
            [(190, 176, 150), (170, 190, 170), (206, 196, 182), (176, 150, 124)][k],
            (100, 60, 46),
        )
    d.rectangle((0, waterline + ch * 0.01, cw, waterline + ch * 0.06), fill=(128, 104, 76))
    soft_layer(
        img,
        lambda dd: water_ripples(dd, rng, (0, waterline + 4, cw, ch), (190, 170, 140, 120), 220),
        1.2,
    )
    d = ImageDraw.Draw(img)
    bx0, by0, bx1, by1 = cw * 0.2, ch * 0.66, cw * 0.82, ch * 0.84
    d.rounded_rectangle((bx0, by0, bx1, by1), radius=(by1 - by0) / 2, fill=(236, 110, 30))
    d.rounded_rectangle(
        (bx0 + cw * 0.03, by0 + ch * 0.03, bx1 - cw * 0.03, by1 - ch * 0.04),
        radius=(by1 - by0) / 3,
        fill=(70, 70, 74),
    )
    for k in range(5):
        x = cw * (0.3 + k * 0.1)
        h = ch * (0.26 if k != 2 else 0.2)
        person(d, x, by0 + ch * 0.05, h, (250, 130, 20))
    d.rectangle(
        (bx1 - cw * 0.02, by0 - ch * 0.02, bx1 + cw * 0.04, by0 + ch * 0.07), fill=(40, 40, 44)
    )


def scene_recap_hall(img: Image.Image, rng: random.Random) -> None:
    cw, ch = img.size
    paste_gradient(
        img,
        (0, 0, cw, ch),
        [(0, (200, 196, 186)), (0.55, (220, 214, 200)), (0.55, (140, 110, 80)), (1, (110, 84, 60))],
    )
    d = ImageDraw.Draw(img)
    d.rectangle((cw * 0.05, ch * 0.08, cw * 0.45, ch * 0.34), fill=(170, 30, 40))
    d.rectangle((cw * 0.08, ch * 0.26, cw * 0.42, ch * 0.3), fill=(250, 250, 250))
    d.rectangle((cw * 0.55, ch * 0.06, cw * 0.95, ch * 0.38), fill=(246, 248, 250))
    for k in range(7):
        d.line(
            (cw * 0.57, ch * (0.1 + k * 0.04), cw * 0.93, ch * (0.1 + k * 0.04)),
            fill=(150, 160, 176),
            width=3,
        )
    for k in range(4):
        d.line(
            (cw * (0.57 + k * 0.12), ch * 0.1, cw * (0.57 + k * 0.12), ch * 0.34),
            fill=(150, 160, 176),
            width=3,
        )
    for k in range(10):
        seated(
            d,
            cw * (0.06 + k * 0.098),
            ch * 0.56,
            ch * 0.16,
            rng.choice([(230, 230, 230), (196, 170, 110), (60, 70, 120)]),
        )
    d.rectangle((0, ch * 0.56, cw, ch * 0.66), fill=(236, 232, 220))
    d.rectangle((0, ch * 0.66, cw, ch * 0.7), fill=(120, 40, 40))
    for _ in range(24):
        x, y = rng.uniform(cw * 0.02, cw * 0.95), rng.uniform(ch * 0.57, ch * 0.63)
        d.polygon(
            [
                (x, y),
                (x + cw * 0.04, y),
                (x + cw * 0.045, y + ch * 0.02),
                (x + cw * 0.005, y + ch * 0.02),
            ],
            fill=(252, 252, 250),
            outline=(190, 190, 190),
        )
    for bx in (0.2, 0.7):
        d.rectangle(
            (cw * bx, ch * 0.5, cw * bx + cw * 0.06, ch * 0.58),
            fill=(226, 230, 236),
            outline=(160, 170, 180),
            width=3,
        )
    for k in range(8):
        seated(
            d,
            cw * (0.08 + k * 0.12),
            ch * 0.98,
            ch * 0.3,
            rng.choice([(240, 240, 240), (196, 170, 110), (40, 40, 40), (120, 40, 50)]),
        )


def scene_broken_bridge(img: Image.Image, rng: random.Random) -> None:
    cw, ch = img.size
    waterline = ch * 0.58
    paste_gradient(
        img,
        (0, 0, cw, ch),
        [
            (0, (130, 176, 210)),
            (0.5, (206, 222, 226)),
            (0.58, (110, 130, 90)),
            (0.58, (110, 96, 72)),
            (1, (74, 64, 48)),
        ],
    )
    d = ImageDraw.Draw(img)
    d.polygon(
        [(0, ch * 0.45), (cw * 0.22, ch * 0.5), (cw * 0.26, waterline), (0, waterline)],
        fill=(70, 110, 60),
    )
    d.polygon(
        [(cw, ch * 0.44), (cw * 0.76, ch * 0.5), (cw * 0.72, waterline), (cw, waterline)],
        fill=(66, 104, 58),
    )
    for k in range(14):
        side = k % 2
        x = cw * (rng.uniform(0, 0.2) if side == 0 else rng.uniform(0.78, 1))
        d.ellipse((x - cw * 0.05, ch * 0.34, x + cw * 0.05, ch * 0.5), fill=(48, 90, 50))
    tower = (170, 170, 164)
    for tx in (0.2, 0.78):
        d.rectangle((cw * tx - cw * 0.012, ch * 0.26, cw * tx + cw * 0.012, ch * 0.52), fill=tower)
    cable = (50, 50, 54)
    lw = max(2, cw // 400)
    d.line((cw * 0.2, ch * 0.27, cw * 0.32, ch * 0.44, cw * 0.42, ch * 0.5), fill=cable, width=lw)
    d.line((cw * 0.78, ch * 0.27, cw * 0.68, ch * 0.4, cw * 0.58, ch * 0.44), fill=cable, width=lw)
    d.line(
        (cw * 0.2, ch * 0.5, cw * 0.4, ch * 0.52, cw * 0.46, waterline + ch * 0.03),
        fill=(120, 84, 52),
        width=lw * 4,
    )
    d.line(
        (cw * 0.78, ch * 0.5, cw * 0.6, ch * 0.5, cw * 0.55, ch * 0.55),
        fill=(120, 84, 52),
        width=lw * 4,
    )
    for k in range(12):
        x = cw * (0.22 + k * 0.018)
        d.line(
            (x, ch * 0.28 + (x - cw * 0.2) * 0.9, x, ch * 0.5), fill=cable, width=max(1, lw // 2)
        )
    soft_layer(
        img,
        lambda dd: water_ripples(dd, rng, (0, waterline + 4, cw, ch), (170, 150, 120, 130), 200),
        1.2,
    )
    d = ImageDraw.Draw(img)
    cx, cy, w = cw * 0.42, ch * 0.8, cw * 0.22
    d.polygon(
        [
            (cx - w / 2, cy),
            (cx + w / 2, cy - w * 0.05),
            (cx + w * 0.42, cy + w * 0.08),
            (cx - w * 0.44, cy + w * 0.08),
        ],
        fill=(110, 60, 40),
    )
    for k in range(4):
        person(
            d,
            cx - w * 0.3 + k * w * 0.18,
            cy + w * 0.01,
            w * 0.3,
            rng.choice([(250, 250, 250), (200, 40, 50), (40, 90, 160)]),
        )


# --------------------------------------------------------------------------- EXIF


@dataclass(frozen=True)
class Camera:
    make: str
    model: str
    taken: str  # EXIF "YYYY:MM:DD HH:MM:SS", local time WIB
    lat: float
    lon: float
    orientation: int | None = None  # 6 or 8: pixels are stored rotated


def dms(value: float) -> tuple[IFDRational, IFDRational, IFDRational]:
    value = abs(value)
    degrees = int(value)
    minutes = int((value - degrees) * 60)
    seconds = round(((value - degrees) * 60 - minutes) * 60 * 100)
    return IFDRational(degrees, 1), IFDRational(minutes, 1), IFDRational(seconds, 100)


def build_exif(camera: Camera) -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = camera.make
    exif[0x0110] = camera.model
    exif[0x0131] = "newsgen make_demo_photos.py"
    exif[0x0132] = camera.taken
    if camera.orientation is not None:
        exif[0x0112] = camera.orientation
    exif_ifd = exif.get_ifd(0x8769)
    exif_ifd[0x9003] = camera.taken  # DateTimeOriginal
    exif_ifd[0x9011] = "+07:00"  # OffsetTimeOriginal
    gps = exif.get_ifd(0x8825)
    gps[0x0000] = b"\x02\x03\x00\x00"  # GPSVersionID
    gps[0x0001] = "S" if camera.lat < 0 else "N"
    gps[0x0002] = dms(camera.lat)
    gps[0x0003] = "E" if camera.lon >= 0 else "cw"
    gps[0x0004] = dms(camera.lon)
    return exif


def store_rotated(upright: Image.Image, orientation: int) -> Image.Image:
    """Return pixels that, once EXIF ``orientation`` is applied, show ``upright``."""
    if orientation == 6:  # viewer rotates 90 degrees clockwise
        return upright.transpose(Image.Transpose.ROTATE_90)
    if orientation == 8:  # viewer rotates 90 degrees counter-clockwise
        return upright.transpose(Image.Transpose.ROTATE_270)
    raise ValueError(f"unsupported orientation {orientation}")


# --------------------------------------------------------------------------- the set


@dataclass(frozen=True)
class Photo:
    path: Path
    size: tuple[int, int]
    scene: Callable[[Image.Image, random.Random], None]
    seed: int
    camera: Camera | None = None


def bundle(month: str, name: str, file: str) -> Path:
    return ARTICLES / "2024" / month / name / file


PHOTOS: tuple[Photo, ...] = (
    Photo(SHARED / "ampera-senja.jpg", (2000, 1333), scene_ampera_dusk, 1),
    Photo(SHARED / "kantor-kpu-oki.jpg", (1600, 1067), scene_kpu_office, 2),
    Photo(
        SHARED / "tps-pencoblosan.jpg",
        (1600, 1067),
        scene_polling_station,
        3,
        Camera("NIKON CORPORATION", "NIKON D7500", "2024:11:27 08:42:10", -3.0003, 104.7702),
    ),
    Photo(
        SHARED / "stadion-bumi-sriwijaya.jpg",
        (2000, 1333),
        scene_stadium_night,
        4,
        Camera("Canon", "Canon EOS 90D", "2024:10:20 20:55:31", -2.9795, 104.7388, orientation=6),
    ),
    Photo(SHARED / "gambut-terbakar.jpg", (1600, 1067), scene_peat_fire, 5),
    Photo(SHARED / "water-bombing.jpg", (1600, 1067), scene_water_bombing, 6),
    Photo(
        SHARED / "kebun-karet.jpg",
        (1200, 800),
        scene_rubber_garden,
        7,
        Camera("FUJIFILM", "X-T30", "2024:09:04 07:15:02", -3.0562, 104.6011),
    ),
    Photo(SHARED / "ruang-kelas.jpg", (1200, 1500), scene_classroom, 8),
    Photo(SHARED / "gedung-kejaksaan.jpg", (1200, 1200), scene_prosecutor_office, 9),
    Photo(SHARED / "pasar-16-ilir.jpg", (1600, 1067), scene_market, 10),
    Photo(
        bundle("09", "bawaslu-oki-rakor-netralitas-asn", "rakor.jpg"),
        (2000, 1333),
        scene_ballroom,
        11,
        Camera("SONY", "ILCE-7M3", "2024:09:27 10:18:44", -2.9781, 104.7502, orientation=8),
    ),
    Photo(
        bundle("09", "bawaslu-oki-rakor-netralitas-asn", "romi.jpg"), (640, 427), scene_speaker, 12
    ),
    Photo(
        bundle("11", "banjir-rantau-bayur", "banjir.jpg"),
        (2000, 1333),
        scene_flood,
        13,
        Camera("SONY", "ILCE-7M3", "2024:11:04 06:51:20", -2.8713, 104.5930),
    ),
    Photo(
        bundle("11", "banjir-rantau-bayur", "perahu-evakuasi.jpg"),
        (1600, 1067),
        scene_rescue_boat,
        14,
    ),
    Photo(
        bundle("11", "rekapitulasi-pilkada-oki", "rekap.jpg"), (1600, 1067), scene_recap_hall, 15
    ),
    Photo(
        bundle("10", "jembatan-gantung-putus-ogan-ilir", "jembatan.jpg"),
        (1600, 1067),
        scene_broken_bridge,
        16,
    ),
)

LOGO = Photo(SHARED / "logo.png", (600, 120), scene_logo, 17)


def camera_finish(picture: Image.Image, rng: random.Random) -> Image.Image:
    """A lens vignette and a faint sensor grain, so flat drawings read a little more like photos."""
    width, height = picture.size
    mask = Image.new("L", (width, height), 0)
    ImageDraw.Draw(mask).ellipse(
        (-width * 0.15, -height * 0.2, width * 1.15, height * 1.2), fill=255
    )
    mask = mask.filter(ImageFilter.GaussianBlur(min(width, height) * 0.12))
    darker = Image.eval(picture, lambda v: round(v * 0.72))
    picture = Image.composite(picture, darker, mask)
    tile = Image.frombytes("L", (GRAIN_TILE, GRAIN_TILE), rng.randbytes(GRAIN_TILE * GRAIN_TILE))
    grain = Image.new("L", (width, height))
    for y in range(0, height, GRAIN_TILE):
        for x in range(0, width, GRAIN_TILE):
            grain.paste(tile, (x, y))
    noise = Image.merge("RGB", (grain, grain, grain))
    return Image.blend(picture, noise, GRAIN_STRENGTH)


def render(photo: Photo, mode: str = "RGB", background: tuple[int, ...] = (0, 0, 0)) -> Image.Image:
    width, height = photo.size
    rng = random.Random(photo.seed)
    canvas = Image.new(mode, (width * SUPERSAMPLE, height * SUPERSAMPLE), background)
    photo.scene(canvas, rng)
    picture = canvas.resize(photo.size, Image.Resampling.LANCZOS)
    return camera_finish(picture, rng) if mode == "RGB" else picture


def save_jpeg(photo: Photo) -> None:
    picture = render(photo)
    options: dict[str, object] = {"quality": JPEG_QUALITY, "optimize": True}
    if photo.camera is not None:
        if photo.camera.orientation is not None:
            picture = store_rotated(picture, photo.camera.orientation)
        options["exif"] = build_exif(photo.camera).tobytes()
    photo.path.parent.mkdir(parents=True, exist_ok=True)
    picture.save(photo.path, "JPEG", **options)


def save_logo(photo: Photo) -> None:
    picture = render(photo, "RGBA", (0, 0, 0, 0))
    photo.path.parent.mkdir(parents=True, exist_ok=True)
    picture.save(photo.path, "PNG", optimize=True)


def main() -> None:
    if not CONTENT.is_dir():
        raise SystemExit("run from the repository root (content/ not found)")
    for photo in PHOTOS:
        save_jpeg(photo)
        print(f"{photo.path}  {photo.size[0]}x{photo.size[1]}")
    save_logo(LOGO)
    print(f"{LOGO.path}  {LOGO.size[0]}x{LOGO.size[1]}")


if __name__ == "__main__":
    main()
