"""Markdown bodies into top-level blocks: paragraphs, figures, BACA JUGA markers, ...

A body is rendered once, to a tuple of `Block`s, so that later steps can place BACA JUGA
blocks between paragraphs and templates can draw figures, without parsing HTML again.
Rendering is a pure function of the body text and what it is given.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass

import markdown
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from newsgen.model import Block, Photo

MARKER = re.compile(r"^\s*<!--\s*baca-juga\s*(?::(?P<pins>[^>]*?))?\s*-->\s*$", re.I)
_TOKEN = "NGBACAJUGA"  # the start of a marker's token paragraph, made longer as needed
_CREDIT = re.compile(r"\s*-{2}\s*(?:Foto|Photo)\s*:\s*", re.I)
_PLACEHOLDER = re.compile("\x02wzxhzdk:\\d+\x03")
_IMAGE_REF = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)")

_KINDS = {
    "p": "p",
    "h1": "heading",
    "h2": "heading",
    "h3": "heading",
    "h4": "heading",
    "h5": "heading",
    "h6": "heading",
    "ul": "list",
    "ol": "list",
    "dl": "list",
    "blockquote": "quote",
    "table": "table",
    "pre": "code",
}

# What a photo path resolves to: the photo, or why it cannot be used.
PhotoResolver = Callable[[str, str, str, str], "Photo | str"]


@dataclass(frozen=True)
class Problem:
    """Something wrong in a body, on a line of its file."""

    line: int
    field: str
    problem: str


@dataclass(frozen=True)
class RenderedBody:
    blocks: tuple[Block, ...]
    text: str
    first_paragraph: str
    problems: tuple[Problem, ...]


# What any of Python-Markdown's inline patterns (those of the version and extensions below)
# needs to match: text without any of it comes out of inline processing as it went in.
_INLINE = re.compile("[`\\\\\\[<&*_\x02]|  \n")
_INLINE_PATTERNS = {
    "backtick": "(?:(?<!\\\\)((?:\\\\{2})+)(?=`+)|(?<!\\\\)`)",
    "escape": "\\\\(.)",
    "footnote": "\\[\\^([^\\]]*)\\]",
    "reference": "(?<!\\!)\\[",
    "link": "(?<!\\!)\\[",
    "image_link": "\\!\\[",
    "image_reference": "\\!\\[",
    "short_reference": "(?<!\\!)\\[",
    "short_image_ref": "\\!\\[",
    "autolink": "<([A-Za-z][A-Za-z0-9+.-]*://[^<>]*)>",
    "automail": "<([^<> !]+@[^@<> ]+)>",
    "linebreak": "  \\n",
    "entity": "(&(?:\\#[0-9]+|\\#x[0-9a-fA-F]+|[a-zA-Z0-9]+);)",
    "em_strong": "\\*|_",
}


class _PlainText(Treeprocessor):
    """Marks text holding nothing an inline pattern could match as not to be processed, just
    before inline processing (links, emphasis, code, entities, ...), and plain again just
    after: most of a news story is such text, and Python-Markdown would otherwise try each of
    its fifteen patterns on every run of it."""

    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(md)
        self.marked: list[tuple[ET.Element, bool]] = []  # (element, its tail, not its text)

    def run(self, root: ET.Element) -> None:
        marked = self.marked = []
        for element in root.iter():
            text, tail = element.text, element.tail
            if text and type(text) is str and not _INLINE.search(text):
                element.text = AtomicString(text)
                marked.append((element, False))
            if tail and type(tail) is str and not _INLINE.search(tail):
                element.tail = AtomicString(tail)
                marked.append((element, True))

    def unmark(self, root: ET.Element) -> None:
        for element, is_tail in self.marked:
            if is_tail:
                if type(element.tail) is AtomicString:
                    element.tail = str(element.tail)
            elif type(element.text) is AtomicString:
                element.text = str(element.text)
        self.marked = []


class _Unmark(Treeprocessor):
    def __init__(self, md: markdown.Markdown, plain: _PlainText) -> None:
        super().__init__(md)
        self.plain = plain

    def run(self, root: ET.Element) -> None:
        self.plain.unmark(root)


def _skips_plain_text(md: markdown.Markdown) -> bool:
    """Whether the inline patterns are those `_INLINE` was drawn from: another version or
    extension may match other characters, and then every text goes through them all."""
    patterns = md.inlinePatterns
    if len(patterns) != len(_INLINE_PATTERNS) + 1 or "html" not in patterns:
        return False
    if not patterns["html"].pattern.startswith("(<"):
        return False
    return all(
        name in patterns and patterns[name].pattern == pattern
        for name, pattern in _INLINE_PATTERNS.items()
    )


# The processors of the Python-Markdown version and extensions that `_plain_body` was drawn
# from: with any other, every body goes through Python-Markdown.
_PROCESSORS = {
    "preprocessors": {"normalize_whitespace", "html_block", "newsgen_markers"},
    "treeprocessors": {
        "inline",
        "prettify",
        "unescape",
        "footnote",
        "footnote-duplicate",
        "attr_list",
        "toc",
        "newsgen_plain",
        "newsgen_unmark",
    },
    "postprocessors": {"raw_html", "amp_substitute", "footnote"},
}
_BLOCK_PROCESSORS = {
    "empty",
    "indent",
    "code",
    "table",
    "hashheader",
    "setextheader",
    "hr",
    "olist",
    "ulist",
    "quote",
    "footnote",
    "reference",
    "paragraph",
}
# What a body of plain paragraphs holds none of: what an inline pattern needs (`_INLINE`),
# what the serializer escapes (``>``), what attribute lists and tables need, Python-Markdown's
# own placeholders, and what its whitespace normalizing changes.
_NOT_PLAIN = re.compile("[`\\\\\\[<>&*_{|\x02\x03\t\r]")
# How a line of a plain paragraph starts: with a letter or digit, not as a numbered list item,
# or with an opening quote or bracket (never a list, heading, quote, rule, code or table).
_PLAIN_LINE = re.compile(r"(?!\d+[.)])[^\W_]|[\"'(“‘«]")


def _known_processors(md: markdown.Markdown) -> bool:
    """Whether ``md`` parses and serializes with the processors `_plain_body` was drawn from."""
    registries = [(getattr(md, kind), names) for kind, names in _PROCESSORS.items()]
    registries.append((md.parser.blockprocessors, _BLOCK_PROCESSORS))
    return all(
        len(registry) == len(names) and all(name in registry for name in names)
        for registry, names in registries
    )


def _plain_body(lines: list[str]) -> list[str | tuple[tuple[str, ...], int]] | None:
    """A body of plain paragraphs and BACA JUGA markers (most news stories), as each
    paragraph's text or a marker's pins and line index, in order; None for any other body.

    Python-Markdown makes a ``<p>`` of each such paragraph, its text as written: nothing in
    it is a block or inline pattern, the serializer escapes none of its characters, and no
    whitespace is changed (the check is conservative: a line starting or ending with
    whitespace, say, is left to Python-Markdown)."""
    found: list[str | tuple[tuple[str, ...], int]] = []
    paragraph: list[str] = []
    for index, line in enumerate(lines):
        if not line:
            if paragraph:
                found.append("\n".join(paragraph))
                paragraph = []
            continue
        match = MARKER.match(line)
        if match:  # a paragraph of its own, as `_Markers` makes it
            if paragraph:
                found.append("\n".join(paragraph))
                paragraph = []
            found.append((_pins(match), index))
            continue
        if not _PLAIN_LINE.match(line) or line[-1].isspace() or _NOT_PLAIN.search(line):
            return None
        paragraph.append(line)
    if paragraph:
        found.append("\n".join(paragraph))
    return found


def _pins(marker: re.Match[str]) -> tuple[str, ...]:
    return tuple(p.strip() for p in (marker.group("pins") or "").split(",") if p.strip())


class _Markers(Preprocessor):
    """Turns ``<!-- baca-juga -->`` lines into token paragraphs and remembers their pins.
    A token starts with a word found nowhere in the body (`_TOKEN`, with as many Q as it
    takes), so that no paragraph the editor wrote reads as one."""

    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(md)
        self.found: list[tuple[tuple[str, ...], int]] = []
        self.token = re.compile(r"^(?!)")  # matches nothing until a body is read

    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        start = _TOKEN
        while start in text:
            start += "Q"
        self.token = re.compile(rf"^{start}(\d+)X$")
        out: list[str] = []
        for index, line in enumerate(lines):
            match = MARKER.match(line)
            if match:
                out += ["", f"{start}{len(self.found)}X", ""]
                self.found.append((_pins(match), index))
            else:
                out.append(line)
        return out


def _text_of(element: ET.Element) -> str:
    text = "".join(element.itertext())
    return " ".join(_PLACEHOLDER.sub(" ", text).split())


def _lone_image(element: ET.Element) -> ET.Element | None:
    """The image of a paragraph that holds nothing but one image."""
    if element.tag != "p" or len(element) != 1 or (element.text or "").strip():
        return None
    child = element[0]
    if child.tag != "img" or (child.tail or "").strip():
        return None
    return child


def split_title(title: str) -> tuple[str, str]:
    """``"Caption --Foto: Credit"`` into caption and credit."""
    parts = _CREDIT.split(title, maxsplit=1)
    caption = parts[0].strip()
    credit = parts[1].strip() if len(parts) > 1 else ""
    return caption, credit


class BodyRenderer:
    """Renders bodies with one reusable Markdown instance (not shared between threads)."""

    def __init__(self, language: str = "id", *, skip_plain: bool = True) -> None:
        back = "Kembali ke catatan kaki %d" if language == "id" else "Back to footnote %d"
        self._md = markdown.Markdown(
            extensions=["tables", "footnotes", "attr_list", "toc", "sane_lists"],
            extension_configs={
                "toc": {"permalink": False},
                "footnotes": {"BACKLINK_TITLE": back, "SEPARATOR": "-"},
            },
            output_format="html",
        )
        self._markers = _Markers(self._md)
        self._md.preprocessors.register(self._markers, "newsgen_markers", 40)
        self._plain_bodies = False
        if skip_plain and _skips_plain_text(self._md):  # around "inline", at 20
            plain = _PlainText(self._md)
            self._md.treeprocessors.register(plain, "newsgen_plain", 20.5)
            self._md.treeprocessors.register(_Unmark(self._md, plain), "newsgen_unmark", 19.5)
            self._plain_bodies = _known_processors(self._md)

    def _plain(self, lines: list[str], body_line: int, dateline: str) -> RenderedBody | None:
        """A body of plain paragraphs and markers, rendered as Python-Markdown would render
        it (`_plain_body`) without parsing it; None for any other body."""
        found = _plain_body(lines)
        if found is None:
            return None
        blocks: list[Block] = []
        texts: list[str] = []
        for item in found:
            if isinstance(item, tuple):
                pins, index = item
                blocks.append(Block("marker", pins=pins, line=body_line + index))
                continue
            plain = " ".join(item.split())
            markup = f"<p>{item}</p>"
            if not texts and dateline:
                markup = _with_dateline(markup, dateline)
            texts.append(plain)
            blocks.append(Block("p", html=markup))
        first = texts[0] if texts else ""
        return RenderedBody(tuple(blocks), " ".join(t for t in texts if t), first, ())

    def render(
        self, body: str, body_line: int, resolve: PhotoResolver, dateline: str = ""
    ) -> RenderedBody:
        body_lines = body.split("\n")
        if self._plain_bodies:
            rendered = self._plain(body_lines, body_line, dateline)
            if rendered is not None:
                return rendered
        md = self._md
        md.reset()
        self._markers.found = []
        ref_lines: dict[str, int] = {}
        for index, line in enumerate(body_lines):
            for src in _IMAGE_REF.findall(line):
                ref_lines.setdefault(src, body_line + index)
        lines: list[str] = body_lines
        for pre in md.preprocessors:
            lines = pre.run(lines)
        parsed = md.parser.parseDocument(lines).getroot()
        if parsed is None:  # pragma: no cover - the parser always returns a root
            return RenderedBody((), "", "", ())
        root: ET.Element = parsed
        for tree in md.treeprocessors:
            new_root = tree.run(root)
            if new_root is not None:
                root = new_root

        problems: list[Problem] = []

        def photo(img: ET.Element, caption: str, credit: str) -> Photo | None:
            src = img.get("src", "")
            line = ref_lines.get(src, body_line)
            resolved = resolve(src, img.get("alt", ""), caption, credit)
            if isinstance(resolved, str):
                problems.append(Problem(line, "photo", f"{resolved} (got {src!r})"))
                return None
            if not resolved.alt.strip():
                problems.append(Problem(line, "photo", f"missing alt text (got {src!r})"))
            return resolved

        blocks: list[Block] = []
        texts: list[str] = []
        first_paragraph = ""
        for element in list(root):
            lone = _lone_image(element)
            if lone is not None:
                caption, credit = split_title(lone.get("title", ""))
                found = photo(lone, caption, credit)
                if found is not None:
                    blocks.append(Block("figure", photo=found))
                continue
            token = (
                self._markers.token.match((element.text or "").strip())
                if element.tag == "p"
                else None
            )
            if token and len(element) == 0:
                pins, index = self._markers.found[int(token.group(1))]
                blocks.append(Block("marker", pins=pins, line=body_line + index))
                continue
            inline: list[Photo] = []
            for img in element.iter("img"):
                found = photo(img, img.get("title", ""), "")
                if found is not None:
                    inline.append(found)
                    _set_image(img, found)
            kind = _KINDS.get(element.tag, "other")
            plain = _text_of(element)
            if kind == "p" and not plain and _PLACEHOLDER.search(element.text or ""):
                kind = "other"  # a raw HTML block
            if element.tag == "div" and "footnote" in (element.get("class") or ""):
                kind = "footnotes"
            else:
                texts.append(plain)
            markup = md.serializer(element)
            for post in md.postprocessors:
                markup = post.run(markup)
            markup = markup.strip()
            if kind == "p" and not first_paragraph:
                first_paragraph = plain
                if dateline:
                    markup = _with_dateline(markup, dateline)
            blocks.append(Block(kind, html=markup, inline=tuple(inline)))
        return RenderedBody(
            tuple(blocks), " ".join(t for t in texts if t), first_paragraph, tuple(problems)
        )


def _with_dateline(markup: str, dateline: str) -> str:
    """A paragraph's markup with the story's dateline at the start of its text."""
    start = markup.index(">") + 1
    label = f'<span class="dateline">{html.escape(dateline)}</span> '
    return markup[:start] + label + markup[start:]


def _set_image(img: ET.Element, photo: Photo) -> None:
    """An image inside text: its fallback candidates for the story column, lazily loaded."""
    picture = photo.picture
    img.set("src", picture.src if picture else photo.url)
    if picture is not None and picture.fallback.srcset:
        img.set("srcset", picture.fallback.srcset)
        img.set("sizes", picture.sizes)
    if photo.width:
        img.set("width", str(photo.width))
        img.set("height", str(photo.height))
    img.set("loading", "lazy")
    img.set("decoding", "async")


def cut(text: str, length: int) -> str:
    """``text`` shortened at a word boundary to at most ``length`` characters, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= length:
        return text
    head = text[: length - 1].rsplit(" ", 1)[0].rstrip(",;:.-–— ")
    return head + "…"
