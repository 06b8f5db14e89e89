"""Each article's reading plan: its body with BACA JUGA blocks placed, and its related list.

Editor picks come first (``related:`` then marker pins, in order), then the index's
ranked candidates. Inline blocks link only stories published before the article, so old
pages stay stable as news arrives; the end list may include newer follow-ups, marked.
No story appears twice on one page.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from newsgen import placement, related
from newsgen.errors import BuildWarning, ContentError
from newsgen.library import Library, resolve_related
from newsgen.model import Article, Block

INLINE_AFTER = (2, 5)
INLINE_LINKS = 2


@dataclass(frozen=True)
class ReadAlso:
    """A BACA JUGA block in a body."""

    links: tuple[Article, ...]
    kind: str = "baca"


@dataclass(frozen=True)
class RelatedLink:
    article: Article
    newer: bool


@dataclass(frozen=True)
class StoryPlan:
    parts: tuple[Block | ReadAlso, ...]
    related: tuple[RelatedLink, ...]


@dataclass(frozen=True)
class Plans:
    by_source: Mapping[str, StoryPlan]
    errors: tuple[ContentError, ...]
    warnings: tuple[BuildWarning, ...]


def plan_all(library: Library, end_count: int) -> Plans:
    """Plans for every article that gets a page."""
    candidates = library.published
    docs = [related.RelatedDoc(a.slug, a.category, a.tags, a.date) for a in candidates]
    index = related.build_index(docs)
    position = {a.source: i for i, a in enumerate(candidates)}
    plans: dict[str, StoryPlan] = {}
    errors: list[ContentError] = []
    warnings: list[BuildWarning] = []
    for article in library.visible:
        picks, pick_errors, pick_warnings = resolve_related(library, article)
        errors += pick_errors
        warnings += pick_warnings
        plans[article.source] = _plan(
            article, picks, library, index, position, candidates, end_count, warnings
        )
    return Plans(plans, tuple(errors), tuple(warnings))


def _plan(
    article: Article,
    picks: tuple[Article, ...],
    library: Library,
    index: related.RelatedIndex,
    position: Mapping[str, int],
    candidates: tuple[Article, ...],
    end_count: int,
    warnings: list[BuildWarning],
) -> StoryPlan:
    slots = placement.marker_slots(article.blocks) or placement.auto_slots(
        article.blocks, INLINE_AFTER
    )
    used: set[str] = {article.source}
    queue: list[Article] = [p for p in picks if p.date < article.date]
    own = position.get(article.source)
    if own is not None:
        ranked = related.ranked(
            index, own, before_only=True, limit=INLINE_LINKS * len(slots) + end_count + len(picks)
        )
        queue += [candidates[i] for i in ranked]
    else:
        queue += [a for a in candidates if a.category == article.category and a.date < article.date]

    def take(count: int) -> tuple[Article, ...]:
        taken: list[Article] = []
        while queue and len(taken) < count:
            candidate = queue.pop(0)
            if candidate.source not in used:
                used.add(candidate.source)
                taken.append(candidate)
        return taken_tuple(taken)

    blocks_by_slot: dict[int, ReadAlso] = {}
    for slot in slots:
        pinned: list[Article] = []
        for ref in slot.pins:
            found = library.lookup(ref)
            if isinstance(found, Article) and found.source not in used:
                used.add(found.source)
                pinned.append(found)
            elif not isinstance(found, Article):
                warnings.append(
                    BuildWarning(
                        article.source,
                        slot.line,
                        "baca-juga",
                        ("slug matches several articles" if found else "no article with slug")
                        + f" {ref!r}",
                    )
                )
        links = tuple(pinned) or take(INLINE_LINKS)
        if links:
            blocks_by_slot[slot.after] = ReadAlso(links)
    parts: list[Block | ReadAlso] = []
    for i, block in enumerate(article.blocks):
        if block.kind != "marker":
            parts.append(block)
        if i in blocks_by_slot:
            parts.append(blocks_by_slot[i])
    end: list[RelatedLink] = [
        RelatedLink(p, p.date > article.date) for p in picks if p.source not in used
    ]
    used.update(p.source for p in picks)
    if own is not None:
        ranked_all = related.ranked(index, own, before_only=False, limit=end_count * 3)
        extra = [candidates[i] for i in ranked_all if candidates[i].source not in used]
    else:
        extra = [a for a in queue if a.source not in used]
    for candidate in extra[: max(0, end_count - len(end))]:
        end.append(RelatedLink(candidate, candidate.date > article.date))
    return StoryPlan(tuple(parts), tuple(end))


def taken_tuple(items: list[Article]) -> tuple[Article, ...]:
    return tuple(items)
