"""Where BACA JUGA blocks go in a story: at the editor's markers, else between paragraphs.

A slot is named by the body block it goes before (``len(blocks)``: at the very end). A
marker's slot is the marker itself, exactly where the editor wrote it. Automatic slots follow
a paragraph and precede another: never before the first paragraph, never next to a photo,
heading, list, quote, table or code, never two blocks with fewer than ``gap`` paragraphs
between them, and none where the story is too short to have a paragraph after it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from newsgen.model import Outline


@dataclass(frozen=True)
class Slot:
    """A BACA JUGA spot before body block ``before``, with the editor's pins if a marker."""

    before: int
    pins: tuple[str, ...] = ()
    line: int = 0  # the marker's line in its file; 0 for an automatic slot


def marker_slots(outline: Outline) -> tuple[Slot, ...]:
    """One slot per ``<!-- baca-juga -->`` marker, in body order."""
    return tuple(Slot(i, pins, line) for i, pins, line in outline.markers)


def auto_slots(
    kinds: Sequence[str], after: Sequence[int], count: int, gap: int = 2
) -> tuple[Slot, ...]:
    """Up to ``count`` slots after the paragraphs numbered in ``after`` (1 is the first), in
    a body whose blocks are of ``kinds``.

    A slot that would touch anything but paragraphs moves down to the next gap between two
    paragraphs; a position with no such gap below it is dropped.
    """
    paragraphs = [i for i, kind in enumerate(kinds) if kind == "p"]
    chosen: list[int] = []  # paragraph numbers the slots follow
    for wanted in sorted(set(after)):
        if len(chosen) >= count:
            break
        start = max(wanted, chosen[-1] + gap if chosen else 1)
        for number in range(start, len(paragraphs)):
            index = paragraphs[number - 1]
            if paragraphs[number] == index + 1:  # the next block is the next paragraph
                chosen.append(number)
                break
    return tuple(Slot(paragraphs[number - 1] + 1) for number in chosen)
