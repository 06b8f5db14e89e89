"""Each article's reading plan: its body with BACA JUGA blocks placed, and its related list.

The editor's picks come first: ``related:`` in the front matter, then the pins of
``<!-- baca-juga: a, b -->`` markers, in the order written. The index's ranked stories fill
what is left. Only published stories are linked, never the article itself, and no story twice
on one page. Inline blocks link only stories published before the article, so old pages stay
stable as news arrives; the end list ("Berita Terkait") may hold newer follow-ups, marked as
such, and takes any newer story an editor picked or pinned.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from newsgen import forking, placement, related, stopwords
from newsgen.config import RelatedSettings
from newsgen.errors import BuildWarning, ContentError
from newsgen.fingerprint import quick
from newsgen.library import Library, resolve_related
from newsgen.model import Article, Block, Body, Outline

MARKER_FIELD = "baca-juga"
PARALLEL_MIN = 2000  # stories to rank before it is worth forking workers


@dataclass(frozen=True)
class ReadAlso:
    """A BACA JUGA block in a body."""

    links: tuple[Article, ...]
    kind: str = "baca"


@dataclass(frozen=True)
class RelatedLink:
    """A story of the end list; ``newer`` when published after the article (a follow-up)."""

    article: Article
    newer: bool


@dataclass(frozen=True)
class StoryPlan:
    """A story's body with its BACA JUGA blocks, and its end list.

    ``layout`` names each part of the page's body: a block by its position in ``body``, or a
    BACA JUGA block; the blocks themselves are read only when the page is drawn (`parts`).
    """

    body: Body
    layout: tuple[int | ReadAlso, ...]
    related: tuple[RelatedLink, ...]

    @property
    def parts(self) -> tuple[Block | ReadAlso, ...]:
        blocks = self.body.blocks
        return tuple(blocks[part] if isinstance(part, int) else part for part in self.layout)


@dataclass(frozen=True)
class Plans:
    """Every article's plan, with what its plan adds to its page's key (`key_of`): a
    record of plans may make each plan only when its page is drawn."""

    by_source: Mapping[str, StoryPlan]
    errors: tuple[ContentError, ...]
    warnings: tuple[BuildWarning, ...]
    keys: Mapping[str, str]


def digest_of(article: Article) -> str:
    """An article's digest; one made of its fields when it was not read from a file."""
    return article.digest or quick(article)


def plan_key(
    blocks: Iterable[tuple[int, str, Iterable[str]]], links: Iterable[tuple[str, bool]]
) -> str:
    """A digest of what a plan shows: each BACA JUGA block's place among the parts, kind and
    stories, each story of the end list and whether it is newer; stories by their digests
    (`digest_of`)."""
    parts = [f"{at}:{kind}:" + ",".join(digests) for at, kind, digests in blocks]
    parts += [f"{digest}:{newer:d}" for digest, newer in links]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def key_of(plan: StoryPlan) -> str:
    return plan_key(
        (
            (at, part.kind, map(digest_of, part.links))
            for at, part in enumerate(plan.layout)
            if isinstance(part, ReadAlso)
        ),
        ((digest_of(link.article), link.newer) for link in plan.related),
    )


def scoring_for(settings: RelatedSettings, language: str) -> related.Scoring:
    """The index's scoring from the site's ``related:`` section and language."""
    weights = settings.weights
    return related.Scoring(
        words=weights.words,
        tags=weights.tags,
        category=weights.category,
        time=weights.time,
        title=weights.title,
        lead=weights.lead,
        tag_cutoff=settings.tag_cutoff,
        word_cutoff=settings.word_cutoff,
        half_life_days=settings.half_life_days,
        stop_words=stopwords.for_language(language),
    )


def related_doc(article: Article) -> related.RelatedDoc:
    return related.RelatedDoc(
        key=article.slug,
        title=article.title,
        lead=article.summary,
        text=article.opening,
        tags=article.tags,
        category=article.category,
        time=article.instant,
    )


@dataclass
class _Page:
    """What one article's page links so far: nothing twice."""

    article: Article
    used: set[str] = field(default_factory=set)

    def take(self, candidate: Article) -> bool:
        if candidate.source in self.used:
            return False
        self.used.add(candidate.source)
        return True


@dataclass(frozen=True)
class Archive:
    """The published stories in the index's order (`index_order`) and the settings: what
    every plan draws from. Rankings name stories by their place in ``order``."""

    library: Library
    settings: RelatedSettings
    order: tuple[Article, ...]
    places: Mapping[str, int]  # source -> place in order

    @classmethod
    def of(
        cls, library: Library, settings: RelatedSettings, order: Sequence[Article] | None = None
    ) -> Archive:
        order = tuple(index_order(library) if order is None else order)
        return cls(library, settings, order, {a.source: i for i, a in enumerate(order)})


@dataclass(frozen=True)
class Planned:
    """One article's plan, with what planning it found wrong (its picks, its markers)."""

    plan: StoryPlan
    errors: tuple[ContentError, ...]
    warnings: tuple[BuildWarning, ...]


def index_order(library: Library) -> tuple[Article, ...]:
    """The published stories in the order the related index ranks them: oldest first."""
    published = library.published
    stamps = [(a.instant, a.slug) for a in published]  # as `related_doc` has them
    return tuple(published[p] for p in related.rank_order(stamps))


def index_for(library: Library, settings: RelatedSettings, language: str) -> related.RelatedIndex:
    """The related index of the published stories; its ranks are places in `index_order`."""
    return related.build_index(
        [related_doc(a) for a in library.published], scoring_for(settings, language)
    )


def plan(archive: Archive, article: Article, ranking: related.Ranking) -> Planned:
    """The plan of ``article``, from its ranking by `rank_all` (or one as long)."""
    picks, errors, warnings = resolve_related(archive.library, article)
    errors, warnings = list(errors), list(warnings)
    made = _plan(
        archive, article, picks, slots_of(article, archive.settings), ranking, errors, warnings
    )
    return Planned(made, tuple(errors), tuple(warnings))


def slots_of(article: Article, settings: RelatedSettings) -> tuple[placement.Slot, ...]:
    """Where the BACA JUGA blocks of an article go: its markers, else the settings' places."""
    outline = article.body.outline
    return tuple(
        placement.marker_slots(outline)
        or placement.auto_slots(
            outline.kinds, settings.inline_after, settings.inline_blocks, settings.inline_gap
        )
    )


def wanted(article: Article, settings: RelatedSettings) -> tuple[int, int]:
    """As many stories as `_plan` can ask of the index for ``article``, earlier and overall:
    every slot unpinned, every pick and pin counted."""
    slots = slots_of(article, settings)
    asked = (
        len(slots) * settings.inline_links
        + len(article.related)
        + sum(len(slot.pins) for slot in slots)
    )
    return asked, settings.end_links + asked


# The index and, for each story to rank, its rank with the counts to ask.
_Queries = tuple[related.RelatedIndex, Sequence[tuple[int, int, int]]]


def _rank_at(queries: _Queries, at: int) -> related.Ranking:
    index, asks = queries
    own, earlier, overall = asks[at]
    return related.neighbours(index, own, earlier=earlier, overall=overall)


def rank_all(
    index: related.RelatedIndex,
    archive: Archive,
    articles: Sequence[Article],
    *,
    workers: int = 1,
    wants: Mapping[str, tuple[int, int]] | None = None,
) -> dict[str, related.Ranking]:
    """The index's ranking for each article, as long as its plan could ask for (`wanted`, or
    ``wants`` by path when the caller has it), in places of ``archive.order``, on
    ``workers`` processes: a plan takes the front of it (see `related.ranked`). ``index`` is
    the index of ``archive.order``."""
    settings = archive.settings
    rankings: dict[str, related.Ranking] = {}
    asks: list[tuple[int, int, int]] = []
    published: list[str] = []
    for article in articles:
        earlier, overall = wants[article.source] if wants else wanted(article, settings)
        own = archive.places.get(article.source)
        if own is None:
            rankings[article.source] = related.neighbours_of(
                index, related_doc(article), earlier=earlier, overall=overall
            )
        else:
            asks.append((own, earlier, overall))
            published.append(article.source)
    found = forking.imap(
        _rank_at,
        (index, asks),
        list(range(len(asks))),
        workers=workers,
        least=PARALLEL_MIN,
        chunk_limit=256,
    )
    rankings.update(zip(published, found, strict=True))
    return rankings


def _plan(
    archive: Archive,
    article: Article,
    picks: Sequence[Article],
    slots: Sequence[placement.Slot],
    most: related.Ranking,
    errors: list[ContentError],
    warnings: list[BuildWarning],
) -> StoryPlan:
    """The plan of ``article`` with its BACA JUGA ``slots``; ``most`` is the index's ranking
    for it, at least as long as asked for here."""
    settings, order = archive.settings, archive.order
    editor = list({p.source: p for p in picks if p.source in archive.places}.values())
    page = _Page(article, {article.source})
    pinned, later = _pins(archive, page, slots, errors, warnings)
    inline = sum(1 for slot in slots if not pinned.get(slot.before)) * settings.inline_links
    extra = len(editor) + sum(len(slot.pins) for slot in slots)
    ranking = related.Ranking(
        most.earlier[: inline + extra], most.overall[: settings.end_links + inline + extra]
    )
    earlier = [p for p in editor if p.date < article.date]
    earlier += [order[i] for i in ranking.earlier]
    blocks: dict[int, ReadAlso] = {}
    for slot in slots:
        links = pinned.get(slot.before) or _fill(page, earlier, settings.inline_links)
        if links:
            blocks[slot.before] = ReadAlso(tuple(links))
    end = [p for p in editor if page.take(p)] + later
    end += _fill(page, [order[i] for i in ranking.overall], settings.end_links - len(end))
    return StoryPlan(
        article.body,
        _layout(article.body.outline, blocks),
        tuple(RelatedLink(p, p.date > article.date) for p in end),
    )


def _pins(
    archive: Archive,
    page: _Page,
    slots: Sequence[placement.Slot],
    errors: list[ContentError],
    warnings: list[BuildWarning],
) -> tuple[dict[int, list[Article]], list[Article]]:
    """The stories markers pin, by slot; pinned stories that are newer go to the end list.

    A pin naming no article is a warning, one naming several an error; a pinned story that
    is not published (a draft, a scheduled or expired story) is left out.
    """
    article = page.article
    pinned: dict[int, list[Article]] = {}
    later: list[Article] = []
    for slot in slots:
        for ref in slot.pins:
            found = archive.library.lookup(ref)
            if isinstance(found, tuple):
                names = ", ".join(a.source for a in found)
                problem = f"slug {ref!r} matches several articles: {names}; name one by its path"
                errors.append(ContentError(article.source, slot.line, MARKER_FIELD, problem))
            elif found is None:
                problem = f"no article with slug or path {ref!r}"
                warnings.append(BuildWarning(article.source, slot.line, MARKER_FIELD, problem))
            elif found.source in archive.places and page.take(found):
                if found.date < article.date:
                    pinned.setdefault(slot.before, []).append(found)
                else:
                    later.append(found)
    return pinned, later


def _fill(page: _Page, candidates: list[Article], count: int) -> list[Article]:
    """Up to ``count`` stories from the front of ``candidates`` not yet on the page."""
    taken: list[Article] = []
    while candidates and len(taken) < count:
        candidate = candidates.pop(0)
        if page.take(candidate):
            taken.append(candidate)
    return taken


def _layout(outline: Outline, blocks: Mapping[int, ReadAlso]) -> tuple[int | ReadAlso, ...]:
    """The body with each BACA JUGA block before its block; markers themselves dropped."""
    parts: list[int | ReadAlso] = []
    kinds = outline.kinds
    for index, kind in enumerate(kinds):
        if index in blocks:
            parts.append(blocks[index])
        if kind != "marker":
            parts.append(index)
    if len(kinds) in blocks:
        parts.append(blocks[len(kinds)])
    return tuple(parts)
