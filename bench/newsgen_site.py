"""Write an `Archive` as a newsgen site, and make the edits the incremental timings need.

The site follows the content contract: ``site.yaml``, ``content/articles/YYYY/MM/<slug>.md``,
``content/pages/``, shared photos in ``content/images/`` and one theme template copied into
``templates/`` so that a template change can be timed.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from datetime import datetime
from importlib import resources
from pathlib import Path

from archive import NOW, Archive, Story, breaking_story
from PIL import Image, ImageDraw, ImageOps

TEMPLATE = "footer.html"  # the theme template copied into the site, then edited
SCENARIOS = ("cold", "noop", "edit", "new", "template")
CACHE_DIRS = (".newsgen-cache",)  # build caches inside the site folder, removed for a cold build
PHOTO_CACHE = "images"  # the folder of processed photos inside the build cache


def quote(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _flow(items: tuple[str, ...]) -> str:
    return "[" + ", ".join(quote(item) for item in items) + "]"


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def article_text(story: Story) -> str:
    lines = ["---", f"title: {quote(story.title)}", f"date: {_iso(story.date)}"]
    if story.updated:
        lines.append(f"updated: {_iso(story.updated)}")
    lines.append(f"slug: {story.slug}")
    author = _flow(story.authors) if len(story.authors) > 1 else quote(story.authors[0])
    lines += [f"author: {author}", f"category: {quote(story.category)}"]
    lines.append(f"tags: {_flow(story.tags)}")
    if story.location:
        lines.append(f"location: {quote(story.location)}")
    if story.source:
        lines.append(f"source: {story.source}")
    if story.summary:
        lines.append(f"summary: {quote(story.summary)}")
    if story.image:
        lines += [
            "image:",
            f"  src: {story.image.src}",
            f"  alt: {quote(story.image.alt)}",
            f"  caption: {quote(story.image.caption)}",
            f"  credit: {quote(story.image.credit)}",
        ]
    if story.featured:
        lines.append("featured: true")
    lines += ["---", "", story.body]
    return "\n".join(lines)


def article_path(site: Path, story: Story) -> Path:
    month = f"{story.date.year:04d}/{story.date.month:02d}"
    return site / "content" / "articles" / month / f"{story.slug}.md"


def make_photo(path: Path, number: int) -> None:
    """A small landscape JPEG, 1200 x 800 (the lead-photo minimum), different for each number."""
    hue = (number * 47) % 256
    sky = ImageOps.colorize(
        Image.linear_gradient("L").resize((1200, 800)),
        black=(hue // 3, 90, 160),
        white=(250, 220 - hue // 4, 170),
    )
    draw = ImageDraw.Draw(sky)
    draw.ellipse((880 - number * 60, 90, 1010 - number * 60, 220), fill=(255, 236, 170))
    for i in range(9):
        left = i * 140 + number * 11
        height = 160 + ((i * 73 + number * 31) % 260)
        draw.rectangle((left, 800 - height, left + 110, 800), fill=(40 + i * 9, 50, 60 + hue // 5))
    draw.rectangle((0, 700, 1200, 800), fill=(30, 70 + number * 12, 90))
    sky.save(path, "JPEG", quality=80)


def theme_template(name: str) -> str:
    """The text of one template of the installed newsgen theme."""
    return resources.files("newsgen").joinpath("theme", "templates", name).read_text("utf-8")


def write_site(archive: Archive, site: Path) -> None:
    """Write the whole site into ``site`` (which must not exist yet)."""
    site.mkdir(parents=True)
    (site / "site.yaml").write_text(
        f"title: {quote(archive.title)}\nbase_url: {archive.base_url}\n", "utf-8"
    )
    images = site / "content" / "images"
    images.mkdir(parents=True)
    for number, name in enumerate(archive.photos):
        make_photo(images / name, number)
    pages = site / "content" / "pages"
    pages.mkdir()
    for page in archive.pages:
        text = (
            f"---\ntitle: {quote(page.title)}\nsummary: {quote(page.summary)}\n---\n\n{page.body}"
        )
        (pages / f"{page.slug}.md").write_text(text, "utf-8")
    made: set[Path] = set()
    for story in archive.stories:
        path = article_path(site, story)
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        path.write_text(article_text(story), "utf-8")
    templates = site / "templates"
    templates.mkdir()
    (templates / TEMPLATE).write_text(theme_template(TEMPLATE), "utf-8")
    # An archive's files were written long before a build, not in the second before it (a
    # file written within two seconds of a build is re-read by the next one, whatever it is).
    an_hour_ago = time.time() - 3600
    for path in site.rglob("*"):
        os.utime(path, (an_hour_ago, an_hour_ago))


def append_sentence(site: Path, story: Story, number: int) -> Path:
    """An editor's fix: one more sentence at the end of a story's body."""
    path = article_path(site, story)
    with path.open("a", encoding="utf-8") as file:
        file.write(f"\nRedaksi menambahkan keterangan terbaru nomor {number} pada berita ini.\n")
    return path


def add_story(site: Path, story: Story) -> Path:
    path = article_path(site, story)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(article_text(story), "utf-8")
    return path


def touch_template(site: Path, number: int) -> Path:
    """A designer's change: an HTML comment at the end of the copied template, so every page
    that includes it changes by a few bytes."""
    path = site / "templates" / TEMPLATE
    with path.open("a", encoding="utf-8") as file:
        file.write(f"<!-- footer revision {number} -->\n")
    return path


def clear_outputs(site: Path, output: Path, set_aside: Callable[[Path], None]) -> None:
    """The published output and newsgen's build cache out of the way, for a cold build."""
    for folder in (output, *(site / name for name in CACHE_DIRS)):
        set_aside(folder)


def clear_all_but_photos(site: Path, output: Path, set_aside: Callable[[Path], None]) -> None:
    """As `clear_outputs`, but the processed photo files stay: for a cold build that times
    everything but making them."""
    set_aside(output)
    for name in CACHE_DIRS:
        cache = site / name
        if cache.is_dir():
            for entry in sorted(cache.iterdir()):
                if entry.name != PHOTO_CACHE:
                    set_aside(entry)


def edited_story(archive: Archive, number: int) -> Story:
    """The story the ``number``-th edit goes to: one from the middle of the archive."""
    stories = archive.stories
    return stories[(len(stories) // 2 + number * 7) % len(stories)]


def prepare(
    scenario: str,
    archive: Archive,
    site: Path,
    output: Path,
    number: int,
    set_aside: Callable[[Path], None],
) -> None:
    """Change the site as ``scenario`` says, just before its timed build; ``number`` tells
    repetitions apart (another sentence, another new story, another template revision).
    ``set_aside`` takes a folder out of the way (see `setaside`)."""
    if scenario == "cold":
        clear_outputs(site, output, set_aside)
    elif scenario == "edit":
        append_sentence(site, edited_story(archive, number), number)
    elif scenario == "new":
        add_story(site, breaking_story(archive, number))
    elif scenario == "template":
        touch_template(site, number)
    elif scenario != "noop":
        raise ValueError(f"unknown scenario {scenario!r}; expected one of {SCENARIOS}")


def build_args(site: Path, output: Path, extra: list[str]) -> list[str]:
    """The arguments of ``newsgen`` for one quiet build of ``site`` at the archive's clock."""
    return [
        "build",
        "--source",
        str(site),
        "--output",
        str(output),
        "--now",
        NOW.isoformat(),
        "--quiet",
        *extra,
    ]
