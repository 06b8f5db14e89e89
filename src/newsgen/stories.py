"""Each article's reading plan: its body with BACA JUGA blocks placed, and its related list.

The editor's picks come first: ``related:`` in the front matter, then the pins of
``<!-- baca-juga: a, b -->`` markers, in the order written. The index's ranked stories fill
what is left. Only published stories are linked, never the article itself, and no story twice
on one page. Inline blocks link only stories published before the article, so old pages stay
stable as news arrives; the end list ("Berita Terkait") may hold newer follow-ups, marked as
such, and takes any newer story an editor picked or pinned.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from newsgen import forking, placement, related, stopwords
from newsgen.config import RelatedSettings
from newsgen.errors import BuildWarning, ContentError
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
    by_source: Mapping[str, StoryPlan]
    errors: tuple[ContentError, ...]
    warnings: tuple[BuildWarning, ...]


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
        time=article.date.timestamp(),
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
class _Archive:
    """The published stories and their index: what every plan draws from."""

    library: Library
    settings: RelatedSettings
    index: related.RelatedIndex
    positions: Mapping[str, int]  # source -> position in library.published


@dataclass(frozen=True)
class Planned:
    """One article's plan, with what planning it found wrong (its picks, its markers)."""

    plan: StoryPlan
    errors: tuple[ContentError, ...]
    warnings: tuple[BuildWarning, ...]


def index_for(library: Library, settings: RelatedSettings, language: str) -> related.RelatedIndex:
    """The related index of the published stories, in `Library.published` order."""
    return related.build_index(
        [related_doc(a) for a in library.published], scoring_for(settings, language)
    )


def plan_all(
    library: Library,
    settings: RelatedSettings,
    language: str = "id",
    *,
    index: related.RelatedIndex | None = None,
    known: Mapping[str, Planned] | None = None,
    workers: int = 1,
) -> tuple[related.RelatedIndex | None, dict[str, Planned]]:
    """Plans for every article that gets a page, with the index they were drawn from (none
    when every plan was known).

    ``index``, when given, must be `index_for` the same library and settings; ``known``
    plans are taken as they are (the caller knows they are still right). The index is
    queried on ``workers`` processes.
    """
    known = known or {}
    todo = [a for a in library.visible if a.source not in known]
    slots = {a.source: _slots(a, settings) for a in todo}
    rankings: dict[str, related.Ranking] = {}
    archive: _Archive | None = None
    if todo:
        index = index or index_for(library, settings, language)
        positions = {a.source: i for i, a in enumerate(library.published)}
        archive = _Archive(library, settings, index, positions)
        rankings = _rank_all(archive, todo, slots, workers)
    plans: dict[str, Planned] = {}
    for article in library.visible:
        if article.source in known:
            plans[article.source] = known[article.source]
            continue
        assert archive is not None
        picks, errors, warnings = resolve_related(library, article)
        errors, warnings = list(errors), list(warnings)
        ranking = rankings[article.source]
        plan = _plan(archive, article, picks, slots[article.source], ranking, errors, warnings)
        plans[article.source] = Planned(plan, tuple(errors), tuple(warnings))
    return index, plans


def _slots(article: Article, settings: RelatedSettings) -> tuple[placement.Slot, ...]:
    outline = article.body.outline
    return tuple(
        placement.marker_slots(outline)
        or placement.auto_slots(
            outline.kinds, settings.inline_after, settings.inline_blocks, settings.inline_gap
        )
    )


def _most_wanted(
    slots: Sequence[placement.Slot], settings: RelatedSettings, picks: int
) -> tuple[int, int]:
    """As many stories as `_plan` can ask of the index for an article with these ``slots``
    and ``picks``, earlier and overall: every slot unpinned, every pick and pin counted."""
    asked = len(slots) * settings.inline_links + picks + sum(len(slot.pins) for slot in slots)
    return asked, settings.end_links + asked


# The index and, for each story to rank, its position in it with the counts to ask.
_Queries = tuple[related.RelatedIndex, Sequence[tuple[int, int, int]]]


def _rank_at(queries: _Queries, at: int) -> related.Ranking:
    index, asks = queries
    own, earlier, overall = asks[at]
    return related.ranked(index, own, earlier=earlier, overall=overall)


def _rank_all(
    archive: _Archive,
    articles: Sequence[Article],
    slots: Mapping[str, Sequence[placement.Slot]],
    workers: int,
) -> dict[str, related.Ranking]:
    """The index's ranking for each article, as long as its plan could ask for, on
    ``workers`` processes: a plan takes the front of it (see `related.ranked`)."""
    settings = archive.settings
    rankings: dict[str, related.Ranking] = {}
    asks: list[tuple[int, int, int]] = []
    published: list[str] = []
    for article in articles:
        earlier, overall = _most_wanted(slots[article.source], settings, len(article.related))
        own = archive.positions.get(article.source)
        if own is None:
            doc = related_doc(article)
            rankings[article.source] = related.ranked_for(
                archive.index, doc, earlier=earlier, overall=overall
            )
        else:
            asks.append((own, earlier, overall))
            published.append(article.source)
    found = forking.imap(
        _rank_at,
        (archive.index, asks),
        list(range(len(asks))),
        workers=workers,
        least=PARALLEL_MIN,
        chunk_limit=256,
    )
    rankings.update(zip(published, found, strict=True))
    return rankings


def gather(plans: Mapping[str, Planned]) -> Plans:
    """All plans in one, their errors and warnings in the order of the articles."""
    return Plans(
        {source: planned.plan for source, planned in plans.items()},
        tuple(error for planned in plans.values() for error in planned.errors),
        tuple(warning for planned in plans.values() for warning in planned.warnings),
    )


def _plan(
    archive: _Archive,
    article: Article,
    picks: Sequence[Article],
    slots: Sequence[placement.Slot],
    most: related.Ranking,
    errors: list[ContentError],
    warnings: list[BuildWarning],
) -> StoryPlan:
    """The plan of ``article`` with its BACA JUGA ``slots``; ``most`` is the index's ranking
    for it, at least as long as asked for here."""
    settings, published = archive.settings, archive.library.published
    editor = list({p.source: p for p in picks if p.source in archive.positions}.values())
    page = _Page(article, {article.source})
    pinned, later = _pins(archive, page, slots, errors, warnings)
    inline = sum(1 for slot in slots if not pinned.get(slot.before)) * settings.inline_links
    extra = len(editor) + sum(len(slot.pins) for slot in slots)
    ranking = related.Ranking(
        most.earlier[: inline + extra], most.overall[: settings.end_links + inline + extra]
    )
    earlier = [p for p in editor if p.date < article.date]
    earlier += [published[i] for i in ranking.earlier]
    blocks: dict[int, ReadAlso] = {}
    for slot in slots:
        links = pinned.get(slot.before) or _fill(page, earlier, settings.inline_links)
        if links:
            blocks[slot.before] = ReadAlso(tuple(links))
    end = [p for p in editor if page.take(p)] + later
    end += _fill(page, [published[i] for i in ranking.overall], settings.end_links - len(end))
    return StoryPlan(
        article.body,
        _layout(article.body.outline, blocks),
        tuple(RelatedLink(p, p.date > article.date) for p in end),
    )


def _pins(
    archive: _Archive,
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
            elif found.source in archive.positions and page.take(found):
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
