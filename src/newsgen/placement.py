"""Where BACA JUGA blocks go in a story: at the editor's markers, else between paragraphs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from newsgen.model import Block

# Kinds next to which an automatic block would break the reading.
_NO_NEIGHBOUR = frozenset({"figure", "heading", "list", "quote", "table", "code", "other"})


@dataclass(frozen=True)
class Slot:
    """A BACA JUGA spot: after body block ``after`` (-1: none), with the editor's pins."""

    after: int
    pins: tuple[str, ...] = ()
    line: int = 0


def marker_slots(blocks: Sequence[Block]) -> tuple[Slot, ...]:
    return tuple(Slot(i, b.pins, b.line) for i, b in enumerate(blocks) if b.kind == "marker")


def auto_slots(blocks: Sequence[Block], after_paragraphs: Sequence[int]) -> tuple[Slot, ...]:
    """Spots after the n-th paragraphs, moved down past figures, headings, lists, quotes.

    Never before the first paragraph, never two in a row, never at the very end.
    """
    paragraphs = [i for i, b in enumerate(blocks) if b.kind == "p"]
    slots: list[int] = []
    for nth in after_paragraphs:
        if nth < 1 or nth > len(paragraphs):
            continue
        index = paragraphs[nth - 1]
        while index + 1 < len(blocks) and not _fits(blocks, index):
            index += 1
        if index + 1 >= len(blocks) or not _fits(blocks, index):
            continue
        if slots and index - slots[-1] < 2:
            continue
        slots.append(index)
    return tuple(Slot(i) for i in slots)


def _fits(blocks: Sequence[Block], index: int) -> bool:
    """A block may follow ``blocks[index]`` if both neighbours are plain paragraphs."""
    return blocks[index].kind == "p" and blocks[index + 1].kind == "p"
