"""Photo processing: 100 lead photos of 4000x3000 into every variant, cold and again.

Generates N distinct photo-like JPEGs (smooth shapes under fine grain, with camera EXIF and
GPS, as a newsroom's photos come), writes them as N articles with a lead photo each, and times
in one run, each build in a child process (wall time, CPU of the whole process tree, peak
memory):

- newsgen with the default settings (AVIF if Pillow writes it, WebP, JPEG: story widths,
  listing thumbnails, social crops), cold (empty cache) and rebuilt (nothing changed);
- newsgen with ``images: formats: [webp]``, which is the same work Hugo does below;
- Hugo, when it can be had, making the same 20 variants per photo with its own image
  processing (``Resize``/``Fill``, WebP and JPEG, quality 80, Lanczos), cold (empty
  ``resources/_gen``) and rebuilt.

    python bench/images_bench.py [--photos 100] [--skip-hugo] [--keep]

It prints a Markdown table and writes it to ``bench/out/images-N.md`` with the raw figures in
``images-N.json``. Hugo comes from the same virtual environment as ``bench/scale.py``'s.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
from dataclasses import asdict
from datetime import datetime
from pathlib import Path

import others
from timing import Measurement, measure

WORK = Path("/tmp/newsgen-images-bench")
OUT = Path(__file__).resolve().parent / "out"
NOW = "2024-10-01T12:00:00+07:00"
SIZE = (4000, 3000)
SITE_YAML = "title: Bench Foto\nbase_url: https://bench.example\n"
WEBP_ONLY = SITE_YAML + "images:\n  formats: [webp]\n"

HUGO_CONFIG = """\
baseURL = "https://bench.example/"
title = "Bench Foto"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404", "section", "page"]
"""
# newsgen's plan for a lead photo with formats [webp]: 4 widths and 4 thumbnails in WebP and
# JPEG, and 4 JPEG crops: 20 files.
HUGO_HOME = """\
{{ range resources.Match "photos/*.jpg" }}
{{ $img := . }}
{{ range slice 480 800 1200 1600 }}
{{ ($img.Resize (printf "%dx webp q80 Lanczos" .)).RelPermalink }}
{{ ($img.Resize (printf "%dx jpg q80 Lanczos" .)).RelPermalink }}
{{ end }}
{{ range slice "240x160" "480x320" "720x480" "960x640" }}
{{ ($img.Fill (printf "%s Center webp q80 Lanczos" .)).RelPermalink }}
{{ ($img.Fill (printf "%s Center jpg q80 Lanczos" .)).RelPermalink }}
{{ end }}
{{ range slice "1200x630" "1200x675" "1200x900" "1200x1200" }}
{{ ($img.Fill (printf "%s Center jpg q80 Lanczos" .)).RelPermalink }}
{{ end }}
{{ end }}
"""


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def make_photos(folder: Path, count: int) -> list[Path]:
    """``count`` distinct photo-like JPEGs, made once and kept for later runs."""
    from PIL import Image, ImageChops, ImageDraw, ImageFilter

    folder.mkdir(parents=True, exist_ok=True)
    wanted = [folder / f"foto-{index:03d}.jpg" for index in range(count)]
    missing = [path for path in wanted if not path.is_file()]
    if not missing:
        return wanted
    log(f"making {len(missing)} photos of {SIZE[0]}x{SIZE[1]} in {folder}")
    grain = Image.effect_noise(SIZE, 24).convert("RGB")
    for path in missing:
        rng = random.Random(path.name)
        small = Image.new("RGB", (400, 300))
        draw = ImageDraw.Draw(small)
        for top in (0, 150):  # sky, then ground
            draw.rectangle((0, top, 400, top + 150), fill=_colour(rng))
        for _ in range(60):
            x, y, w, h = (
                rng.randrange(400),
                rng.randrange(300),
                rng.randrange(8, 120),
                rng.randrange(8, 90),
            )
            shape = draw.ellipse if rng.random() < 0.5 else draw.rectangle
            shape((x, y, x + w, y + h), fill=_colour(rng))
        base = small.filter(ImageFilter.GaussianBlur(1.5)).resize(SIZE, Image.Resampling.BICUBIC)
        photo = ImageChops.overlay(base, grain)
        exif = Image.Exif()
        exif[0x010F], exif[0x0110], exif[0x0112] = "Kamera", "Bench 1", 1
        exif[0x8825] = {
            1: "S",
            2: (2.0, 59.0, float(rng.randrange(60))),
            3: "E",
            4: (104.0, 45.0, 0.0),
        }
        photo.save(path, "JPEG", quality=88, exif=exif)
    return wanted


def _colour(rng: random.Random) -> tuple[int, int, int]:
    return rng.randrange(256), rng.randrange(256), rng.randrange(256)


def write_newsgen_site(root: Path, photos: list[Path], site_yaml: str) -> None:
    shutil.rmtree(root, ignore_errors=True)
    (root / "content" / "images").mkdir(parents=True)
    (root / "content" / "articles").mkdir(parents=True)
    (root / "site.yaml").write_text(site_yaml, encoding="utf-8")
    for index, photo in enumerate(photos):
        name = photo.stem
        os.link(photo, root / "content" / "images" / photo.name)
        minute = f"{index % 60:02d}"
        (root / "content" / "articles" / f"{name}.md").write_text(
            f"---\ntitle: Berita Foto {index}\ndate: 2024-09-27T10:{minute}:00+07:00\n"
            f"author: Redaksi\ncategory: Foto\n"
            f"image: {{src: /images/{photo.name}, alt: Foto {index}, caption: Foto {index}}}\n"
            "---\n\nParagraf pertama berita foto.\n",
            encoding="utf-8",
        )


def write_hugo_site(root: Path, photos: list[Path]) -> None:
    shutil.rmtree(root, ignore_errors=True)
    (root / "assets" / "photos").mkdir(parents=True)
    (root / "layouts").mkdir()
    (root / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    (root / "layouts" / "index.html").write_text(HUGO_HOME, encoding="utf-8")
    for photo in photos:
        os.link(photo, root / "assets" / "photos" / photo.name)


def child_build(site: Path, report_path: Path) -> None:
    """Run one newsgen build in this process and write its report's figures."""
    from newsgen.build import build
    from newsgen.options import BuildOptions

    options = BuildOptions(
        site_dir=site, output_dir=site / "public", now=datetime.fromisoformat(NOW)
    )
    report = build(options)
    figures = {
        "photos": report.photos,
        "images_made": report.images_made,
        "images_cached": report.images_cached,
        "warnings": len(report.warnings),
    }
    report_path.write_text(json.dumps(figures), encoding="utf-8")


def folder_size(folder: Path) -> tuple[int, int]:
    files = [f for f in folder.rglob("*") if f.is_file()]
    return len(files), sum(f.stat().st_size for f in files)


def time_newsgen(site: Path, label: str) -> dict[str, object]:
    report = site.parent / f"{site.name}-report.json"
    command = [sys.executable, str(Path(__file__).resolve()), "--child", str(site), str(report)]
    measured = measure(command)
    if not measured.ok:
        raise SystemExit(f"newsgen build failed:\n{measured.error_tail}")
    counts = json.loads(report.read_text(encoding="utf-8"))
    files, size = folder_size(site / "public" / "img")
    log(f"{label}: {measured.seconds:.1f} s, {counts}")
    return {"label": label, **asdict(measured), **counts, "files": files, "bytes": size}


def time_hugo(hugo: list[str], site: Path, label: str) -> dict[str, object]:
    measured: Measurement = measure([*hugo, "--quiet", "--source", str(site)])
    if not measured.ok:
        raise SystemExit(f"hugo failed:\n{measured.error_tail}")
    files, size = folder_size(site / "public" / "photos")
    log(f"{label}: {measured.seconds:.1f} s, {files} files")
    return {"label": label, **asdict(measured), "files": files, "bytes": size}


def table(rows: list[dict[str, object]], count: int, hugo_version: str) -> str:
    lines = [
        f"# Photo processing: {count} photos of {SIZE[0]}x{SIZE[1]} into every variant",
        "",
        f"{os.cpu_count()} cores; Hugo: {hugo_version}",
        "",
        "| run | wall s | CPU s | peak MB | made | cached | files | MB written |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        lines.append(
            f"| {row['label']} | {row['seconds']:.1f} | {row['cpu_seconds']:.1f} "
            f"| {row['peak_mb']:.0f} | {row.get('images_made', '-')} "
            f"| {row.get('images_cached', '-')} | {row['files']} "
            f"| {int(row['bytes']) / 1e6:.1f} |"  # type: ignore[call-overload]
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--photos", type=int, default=100)
    parser.add_argument("--work", type=Path, default=WORK)
    parser.add_argument("--others-venv", type=Path, default=Path("/tmp/newsgen-bench/venv-others"))
    parser.add_argument("--skip-hugo", action="store_true")
    parser.add_argument("--skip-avif", action="store_true", help="only the WebP+JPEG runs")
    parser.add_argument("--keep", action="store_true", help="keep the sites for a look")
    parser.add_argument("--child", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child_build(*args.child)
        return
    photos = make_photos(args.work / "photos", args.photos)
    rows: list[dict[str, object]] = []
    runs = (
        [("webp", WEBP_ONLY)] if args.skip_avif else [("default", SITE_YAML), ("webp", WEBP_ONLY)]
    )
    for name, site_yaml in runs:
        site = args.work / f"newsgen-{name}"
        write_newsgen_site(site, photos, site_yaml)
        formats = "AVIF+WebP+JPEG" if name == "default" else "WebP+JPEG"
        rows.append(time_newsgen(site, f"newsgen {formats}, cold"))
        rows.append(time_newsgen(site, f"newsgen {formats}, rebuild"))
    hugo_version = "skipped"
    if not args.skip_hugo:
        tools = others.find_tools(args.others_venv)
        if tools.hugo is None:
            log(f"installing Hugo into {args.others_venv}")
            log(others.install_tools(args.others_venv))
            tools = others.find_tools(args.others_venv)
        hugo_version = tools.hugo_version
        if tools.hugo is not None:
            site = args.work / "hugo"
            write_hugo_site(site, photos)
            rows.append(time_hugo(tools.hugo, site, "Hugo WebP+JPEG, cold"))
            rows.append(time_hugo(tools.hugo, site, "Hugo WebP+JPEG, rebuild"))
    text = table(rows, len(photos), hugo_version)
    print(text)
    OUT.mkdir(exist_ok=True)
    (OUT / f"images-{len(photos)}.md").write_text(text, encoding="utf-8")
    raw = {"photos": len(photos), "cores": os.cpu_count(), "hugo": hugo_version, "runs": rows}
    (OUT / f"images-{len(photos)}.json").write_text(json.dumps(raw, indent=2), encoding="utf-8")
    if not args.keep:
        for name in ("newsgen-default", "newsgen-webp", "hugo"):
            shutil.rmtree(args.work / name, ignore_errors=True)


if __name__ == "__main__":
    main()
