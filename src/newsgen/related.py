"""The BACA JUGA index: which stories relate to which.

A leaf: it knows documents only as `RelatedDoc` values (position, words, tags, date) and
answers with positions, nothing of pages or templates.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class RelatedDoc:
    slug: str
    category: str
    tags: tuple[str, ...]
    date: datetime


@dataclass(frozen=True)
class RelatedIndex:
    docs: tuple[RelatedDoc, ...]
    tag_weight: dict[str, float]
    by_tag: dict[str, tuple[int, ...]]
    by_category: dict[str, tuple[int, ...]]


def build_index(docs: Sequence[RelatedDoc]) -> RelatedIndex:
    """Weights every tag by rarity: a tag on most of the archive says little."""
    by_tag: dict[str, list[int]] = {}
    by_category: dict[str, list[int]] = {}
    for position, doc in enumerate(docs):
        for tag in set(doc.tags):
            by_tag.setdefault(tag.casefold(), []).append(position)
        by_category.setdefault(doc.category.casefold(), []).append(position)
    total = max(len(docs), 1)
    weights = {tag: math.log(total / len(members)) for tag, members in by_tag.items()}
    return RelatedIndex(
        tuple(docs),
        weights,
        {k: tuple(v) for k, v in by_tag.items()},
        {k: tuple(v) for k, v in by_category.items()},
    )


def ranked(
    index: RelatedIndex,
    position: int,
    *,
    before_only: bool,
    limit: int,
    exclude: frozenset[int] = frozenset(),
) -> tuple[int, ...]:
    """The ``limit`` best stories for the one at ``position``, best first."""
    doc = index.docs[position]
    scores: dict[int, float] = {}
    for tag in set(t.casefold() for t in doc.tags):
        for other in index.by_tag.get(tag, ()):
            scores[other] = scores.get(other, 0.0) + index.tag_weight[tag]
    for other in index.by_category.get(doc.category.casefold(), ()):
        scores[other] = scores.get(other, 0.0) + 1.0
    candidates = [
        (score, index.docs[other].date, index.docs[other].slug, other)
        for other, score in scores.items()
        if other != position
        and other not in exclude
        and (not before_only or index.docs[other].date < doc.date)
    ]
    candidates.sort(key=lambda c: (-c[0], -c[1].timestamp(), c[2]))
    return tuple(c[3] for c in candidates[:limit])
