"""Reading plans (BACA JUGA blocks, related lists) kept between builds.

Plans draw on the whole archive, but only on part of each story: the related index reads a
story's slug, title, lead, the start of its body, tags, category and date
(`related.what_is_read`, its "gist" here), and the editor's picks and pins name stories by
slug or path. The record keeps the published stories in the index's order with their gists,
the index, each story's ranking and each article's plan with what it was made from:

- the same stories with the same gists: the index is the one recorded, and so is every
  ranking but that of a story whose own file now asks for more or fewer links;
- the same stories and one newer than all of them (a story just published): the index takes
  it in (`related.extend`) and only the stories it names may rank otherwise;
- anything else (an edit of a title, a story gone or backdated): everything afresh.

An article is planned again only when its file, its ranking or what its picks and pins name
changed. Plans are kept as plain data: articles by path, body blocks by position, looked up
again in the new build's library; with each, its key (`stories.key_of`), taken as it is while
no story it shows has another digest. The index is a record of its own, read only when some
story must be ranked again.

A large site with a record plans in a forked process (`Planning`) while the build goes on with
the taxonomy, feeds and sitemaps; what comes back is every plan's key and the few plans that
changed, not the record.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from itertools import chain
from operator import itemgetter
from pathlib import Path
from typing import Any

from newsgen import __version__, buildcache, forking, related, stories
from newsgen.config import SiteConfig
from newsgen.errors import BuildWarning, ContentError
from newsgen.fingerprint import quick
from newsgen.library import Library
from newsgen.model import Article

RECORD = "plans"
INDEX = "plans-index"

# An article's plan as plain data: its digest; each part a block's position in the body or a
# BACA JUGA block's (kind, paths), with the places of the latter among the parts; each related
# link (path, newer); then its errors and warnings.
Compact = tuple[
    str,
    tuple[int | tuple[str, tuple[str, ...]], ...],
    tuple[int, ...],
    tuple[tuple[str, bool], ...],
    tuple[ContentError, ...],
    tuple[BuildWarning, ...],
]
# The published stories in the index's order: (path, gist) each.
Order = list[tuple[str, str]]


def _compact(article: Article, planned: stories.Planned) -> Compact:
    parts = tuple(
        (part.kind, tuple(a.source for a in part.links))
        if isinstance(part, stories.ReadAlso)
        else part
        for part in planned.plan.layout
    )
    blocks = tuple(i for i, part in enumerate(parts) if not isinstance(part, int))
    links = tuple((link.article.source, link.newer) for link in planned.plan.related)
    return article.digest, parts, blocks, links, planned.errors, planned.warnings


def _expand(
    article: Article, compact: Compact, by_source: Mapping[str, Article]
) -> stories.Planned:
    _digest, parts, blocks, links, errors, warnings = compact
    layout: list[Any] = list(parts)  # the BACA JUGA blocks' places are filled in below
    for at in blocks:
        kind, sources = layout[at]
        layout[at] = stories.ReadAlso(tuple(by_source[source] for source in sources), kind)
    plan = stories.StoryPlan(
        article.body,
        tuple(layout),
        tuple(stories.RelatedLink(by_source[source], newer) for source, newer in links),
    )
    return stories.Planned(plan, errors, warnings)


# An article to plan now, its ranking, and what its plan is made from (`_inputs`).
_ToMake = tuple[Article, related.Ranking, tuple[object, ...]]


def _plan_at(work: tuple[stories.Archive, list[_ToMake]], at: int) -> tuple[Compact, str]:
    """The plan of the ``at``-th article of ``work`` as plain data, with its key."""
    archive, todo = work
    article, ranking, _inputs_now = todo[at]
    planned = stories.plan(archive, article, ranking)
    return _compact(article, planned), stories.key_of(planned.plan)


def _key_of(compact: Compact, by_source: Mapping[str, Article]) -> str:
    """`stories.key_of` the plan ``compact`` stands for, without making it; ``by_source``
    holds the articles by path."""
    _digest, parts, blocks, links, _errors, _warnings = compact
    digest_of = stories.digest_of
    reads: list[tuple[int, str, list[str]]] = []
    for at in blocks:
        kind, sources = parts[at]  # type: ignore[misc]
        reads.append((at, kind, [digest_of(by_source[source]) for source in sources]))
    links_now = [(digest_of(by_source[source]), newer) for source, newer in links]
    return stories.plan_key(reads, links_now)


def _sources(compact: Compact) -> Iterator[str]:
    """The stories the plan ``compact`` shows, by path: gone through in C, as every kept
    plan is at every build."""
    _digest, parts, blocks, links, _errors, _warnings = compact
    shown = chain.from_iterable([parts[at][1] for at in blocks])  # type: ignore[index]
    return chain(shown, map(itemgetter(0), links))


Kept = tuple[tuple[object, ...], Compact, str]  # a plan's inputs, the plan, its key

# A plan goes as plain data without its errors and warnings (objects), which go apart: few
# plans have any. These are a plan's when none went apart.
_NO_PROBLEMS: tuple[tuple[ContentError, ...], tuple[BuildWarning, ...]] = ((), ())


def _problems(plans: Iterable[tuple[str, Compact]]) -> dict[str, Any]:
    """The errors and warnings of the plans that have any, by path."""
    return {source: compact[4:] for source, compact in plans if any(compact[4:])}


def _packed(kept: Mapping[str, Kept]) -> tuple[dict[str, object], bytes]:
    """Kept plans as plain data (see `buildcache.save`), their errors and warnings apart,
    pickled."""
    plain: dict[str, object] = {
        source: (inputs, compact[:4], key) for source, (inputs, compact, key) in kept.items()
    }
    problems = _problems((source, found[1]) for source, found in kept.items())
    return plain, pickle.dumps(problems, protocol=pickle.HIGHEST_PROTOCOL)


def _unpacked(plain: Mapping[str, Any], problems: object) -> dict[str, Any]:
    """`_packed` undone."""
    found = pickle.loads(problems) if isinstance(problems, bytes) else {}
    return {
        source: (inputs, compact + found.get(source, _NO_PROBLEMS), key)
        for source, (inputs, compact, key) in plain.items()
    }


class _Plans(Mapping[str, stories.StoryPlan]):
    """The plans of a build, held as plain data, each made when asked for (as its page is
    drawn). Nothing is kept of what is made: a page is drawn once. ``everything``, when
    given, gives the plans of the articles not in ``recorded``, asked for at most once."""

    def __init__(
        self,
        library: Library,
        recorded: Mapping[str, Compact],
        everything: Callable[[], Mapping[str, stories.StoryPlan]] | None = None,
    ) -> None:
        self._library, self._recorded = library, recorded
        self._everything = everything
        self._all: Mapping[str, stories.StoryPlan] | None = None

    def prepare(self, sources: Iterable[str]) -> None:
        """Have every plan at hand (from `everything`) if some of ``sources`` is not."""
        if self._all is None and self._everything is not None:
            recorded = self._recorded
            if any(s not in recorded for s in sources):
                self._all = self._everything()

    def __getitem__(self, source: str) -> stories.StoryPlan:
        compact = self._recorded.get(source)
        if compact is None and self._everything is not None:
            self.prepare((source,))
            assert self._all is not None
            return self._all[source]
        by_source = self._library.by_source
        return _expand(by_source[source], self._recorded[source], by_source).plan

    def __iter__(self) -> Iterator[str]:
        return (a.source for a in self._library.visible)

    def __len__(self) -> int:
        return len(self._library.visible)


def _gists(
    order: Sequence[Article], known: Mapping[str, tuple[str, str]]
) -> tuple[dict[str, tuple[str, str]], set[str]]:
    """Each story's (digest, gist), the gist taken from ``known`` while its digest holds;
    and the stories whose digest is not the one ``known`` holds. Plans show published
    stories only (``order``): no other's digest changes a plan."""
    gists: dict[str, tuple[str, str]] = {}
    redigested: set[str] = set()
    for article in order:
        source, digest = article.source, article.digest
        found = known.get(source)
        if found is None or found[0] != digest:
            found = (digest, quick(related.what_is_read(stories.related_doc(article))))
            redigested.add(source)
        gists[source] = found
    return gists, redigested


def _named(library: Library, archive: stories.Archive, article: Article) -> tuple[object, ...]:
    """What the editor's picks and pins of ``article`` name now: each the paths it matches,
    with whether the one match is published and its date."""
    refs = list(article.related)
    for _position, pins, _line in article.body.outline.markers:
        refs += pins
    named: list[object] = []
    for ref in refs:
        found = library.lookup(ref)
        if found is None or isinstance(found, tuple):
            named.append(tuple(a.source for a in found or ()))
        else:
            named.append((found.source, found.source in archive.places, found.date.isoformat()))
    return tuple(named)


# A story's ranking as plain data: its places in the index's order, (earlier, overall).
_Places = tuple[tuple[int, ...], tuple[int, ...]]


def _inputs(
    library: Library, archive: stories.Archive, article: Article, ranking: _Places
) -> tuple[object, ...]:
    """Everything an article's plan is made from, besides the settings: its ranking is in
    places of ``archive.order`` (see `_same_inputs`)."""
    earlier, overall = ranking
    return (
        article.digest,
        earlier,
        overall,
        _named(library, archive, article)
        if article.related or article.body.outline.markers
        else (),
    )


def _same_inputs(
    then: tuple[object, ...], now: tuple[object, ...], order_then: Order | None, order: Order
) -> bool:
    """Whether inputs recorded over ``order_then`` are those found now over ``order``, the
    rankings' places looked up in each (for an order that does not go on from the last)."""
    if order_then is None or then[0] != now[0] or then[3] != now[3]:
        return False
    for at in (1, 2):
        places_then, places_now = then[at], now[at]
        if not isinstance(places_then, tuple) or not isinstance(places_now, tuple):
            return False
        try:
            stories_then = [order_then[place][0] for place in places_then]
        except (LookupError, TypeError):  # a damaged record: the plan is made again
            return False
        if stories_then != [order[place][0] for place in places_now]:
            return False
    return True


class _Index:
    """The related index of this build, made or read only when asked for; ``stale`` once
    it is not the one recorded."""

    def __init__(
        self,
        make: Callable[[], related.RelatedIndex | None],
        fresh: Callable[[], related.RelatedIndex],
    ) -> None:
        self._make, self._fresh = make, fresh
        self._index: related.RelatedIndex | None = None
        self.stale = False

    def __call__(self) -> related.RelatedIndex:
        if self._index is None:
            self._index = self._make()
            if self._index is None:
                self._index, self.stale = self._fresh(), True
        return self._index


@dataclass(frozen=True)
class _Planned:
    """What planning found: every plan as plain data (each made when its page is drawn),
    and which of them are not as recorded (made now, or keyed again); and how to record
    them."""

    plans: dict[str, Compact]
    renewed: frozenset[str]
    keys: dict[str, str]
    errors: tuple[ContentError, ...]
    warnings: tuple[BuildWarning, ...]
    record: Callable[[], None]  # keeps what was found for the next build


def plans_for(
    library: Library, config: SiteConfig, cache_dir: Path, *, use_cache: bool, workers: int = 1
) -> stories.Plans:
    """The plans of every article with a page, each made again only when it may differ."""
    found = _plan(library, config, cache_dir, use_cache=use_cache, workers=workers)
    found.record()
    return stories.Plans(_Plans(library, found.plans), found.errors, found.warnings, found.keys)


def _plan(
    library: Library, config: SiteConfig, cache_dir: Path, *, use_cache: bool, workers: int
) -> _Planned:
    settings = config.related
    key = quick(__version__, settings, config.language)
    record = buildcache.load(cache_dir, RECORD, plain=True) if use_cache else {}
    if record.get("key") != key:
        record = {}
    archive = stories.Archive.of(library, settings)
    by_source = library.by_source
    try:
        gists, redigested = _gists(archive.order, record.get("gists", {}))
        rankings_then: dict[str, Any] = dict(record.get("rankings", {}))
        plans_then: dict[str, Any] = _unpacked(record.get("plans", {}), record.get("problems"))
    except buildcache.UNREADABLE:  # a damaged record: everything afresh
        record, rankings_then, plans_then = {}, {}, {}
        gists, redigested = _gists(archive.order, {})
    order: Order = [(a.source, gists[a.source][1]) for a in archive.order]
    then: Order | None = record.get("order")

    def fresh() -> related.RelatedIndex:
        return stories.index_for(library, settings, config.language)

    def recorded(order: Order) -> related.RelatedIndex | None:
        found = buildcache.load(cache_dir, INDEX)
        index = found.get("index")
        if found.get("key") == key and found.get("order") == order:
            return index if isinstance(index, related.RelatedIndex) else None
        return None

    affected: frozenset[int] | None = None  # places that may rank otherwise; None: all
    index = _Index(lambda: None, fresh)
    if then == order:
        index, affected = _Index(lambda: recorded(order), fresh), frozenset()
    elif then is not None and order[:-1] == then:
        old = recorded(then)
        extended = (
            None if old is None else related.extend(old, stories.related_doc(archive.order[-1]))
        )
        if extended is not None:
            index, affected = _Index(lambda: extended[0], fresh), extended[1]
            index.stale = True
    if affected is None:
        rankings_then = {}

    # Rankings: kept unless the story may rank otherwise or now asks for more or fewer.
    # What a story asks for comes from its own file: recorded with its digest. Kept as the
    # record has them (plain data), made `related.Ranking`s only for the plans made now.
    asks: dict[str, tuple[int, int]] = {}
    rankings: dict[str, _Places] = {}
    todo: list[Article] = []
    places, moved = archive.places, affected or frozenset()
    for article in library.visible:
        source = article.source
        kept = rankings_then.get(source)
        if kept is not None and kept[0] == article.digest:
            asked = asks[source] = kept[1]
        else:
            asked = asks[source] = stories.wanted(article, settings)
        place = places.get(source)
        if place is None or place in moved or kept is None or kept[1] != asked:
            todo.append(article)
        else:
            rankings[source] = kept[2]
    if todo:
        ranked = stories.rank_all(index(), archive, todo, workers=workers, wants=asks)
        rankings.update((source, (r.earlier, r.overall)) for source, r in ranked.items())

    plans: dict[str, Compact] = {}  # each plan made only when drawn
    keys: dict[str, str] = {}
    kept_plans: dict[str, Kept] = {}
    renewed: set[str] = set()  # made now or keyed again
    to_make: list[_ToMake] = []
    changed = affected != frozenset() or bool(todo)
    continued = then is not None and order[: len(then)] == then
    for article in library.visible:
        source = article.source
        ranking = rankings[source]
        inputs = _inputs(library, archive, article, ranking)
        then_plan = plans_then.get(source)
        if then_plan is not None and (
            then_plan[0] == inputs if continued else _same_inputs(then_plan[0], inputs, then, order)
        ):
            try:
                compact, key_then = then_plan[1], then_plan[2]
                if not isinstance(key_then, str) or not redigested.isdisjoint(_sources(compact)):
                    key_then, changed = _key_of(compact, by_source), True
                    renewed.add(source)
                keys[source] = key_then
                plans[source] = compact
                kept_plans[source] = (then_plan[0], compact, key_then)
                continue
            except (*buildcache.UNREADABLE, LookupError):
                pass
        to_make.append((article, related.Ranking(*ranking), inputs))
    # Plans made now: on all cores when there are many (a first build, a title edited), held
    # as recorded ones, each expanded when its page is drawn.
    found_plans = forking.imap(
        _plan_at,
        (archive, to_make),
        list(range(len(to_make))),
        workers=workers,
        least=stories.PARALLEL_MIN,
        chunk_limit=256,
    )
    for (article, _ranking, inputs), (compact, key_now) in zip(to_make, found_plans, strict=True):
        source = article.source
        keys[source] = key_now
        plans[source] = compact
        kept_plans[source] = (inputs, compact, key_now)
        renewed.add(source)
        changed = True
    saving = changed or then != order or len(plans_then) != len(kept_plans)
    # The index is needed only when it changed, and then it was made: taken now.
    made_index = index() if index.stale else None
    if saving and then == order and not todo and len(plans_then) == len(kept_plans):
        # Only plans made or keyed again: those the next build makes or keys again too
        # while they are few (`buildcache.worth_writing`).
        saving = buildcache.worth_writing(len(renewed), len(kept_plans))

    def keep() -> None:
        if saving:
            plans, problems = _packed(kept_plans)
            kept_rankings = {
                source: (by_source[source].digest, asks[source], ranking)
                for source, ranking in rankings.items()
                if source in archive.places
            }
            buildcache.save(
                cache_dir,
                RECORD,
                {
                    "key": key,
                    "gists": gists,
                    "order": order,
                    "rankings": kept_rankings,
                    "plans": plans,
                    "problems": problems,
                },
                plain=True,
            )
        if made_index is not None:
            buildcache.save(cache_dir, INDEX, {"key": key, "order": order, "index": made_index})

    errors: list[ContentError] = []
    warnings: list[BuildWarning] = []
    for article in library.visible:
        errors += plans[article.source][4]
        warnings += plans[article.source][5]
    return _Planned(plans, frozenset(renewed), keys, tuple(errors), tuple(warnings), keep)


# From this many articles with pages, an incremental build plans in a forked process while
# it goes on with the taxonomy, feeds, sitemaps and URL claims.
BESIDE_FROM = 2000

# What planning beside hands back, as plain data: every plan's key, the plans made now or
# keyed again (as `Compact` without their errors and warnings), and pickled: the build's
# plan errors and warnings, and those of each plan handed back.
_Changed = tuple[dict[str, str], dict[str, Any], bytes]


class _Beside:
    """Planning in the forked process: the answer first, the record after."""

    def __init__(self, library: Library, config: SiteConfig, cache_dir: Path, workers: int) -> None:
        self._args = (library, config, cache_dir, workers)
        self._found: _Planned | None = None

    def answer(self) -> _Changed:
        library, config, cache_dir, workers = self._args
        found = self._found = _plan(library, config, cache_dir, use_cache=True, workers=workers)
        changed = {source: found.plans[source] for source in found.renewed}
        plain = {source: compact[:4] for source, compact in changed.items()}
        problems = _problems(changed.items())
        pickled = pickle.dumps((found.errors, found.warnings, problems), pickle.HIGHEST_PROTOCOL)
        return found.keys, plain, pickled

    def record(self) -> None:
        if self._found is not None:
            self._found.record()


def _in_turn(*works: Callable[[], None]) -> None:
    for work in works:
        work()


class Planning:
    """The plans of a build (`plans_for`), made in a forked process while the caller goes on
    when the site is large and an earlier build's record of them is kept. Only the keys and
    the plans that changed come back; the record is written after, while the caller goes on
    (`close` waits for it). A page whose plan did not change and is drawn all the same (its
    file was touched, a template changed) has every plan made here first."""

    def __init__(
        self,
        library: Library,
        config: SiteConfig,
        cache_dir: Path,
        *,
        use_cache: bool,
        workers: int,
        then: Callable[[], None] | None = None,
    ) -> None:
        """``then``, when given, is work the forked process does after writing its record
        (work the build need not wait for, such as the reading's records); `takes_then` tells
        whether it took it (otherwise it is the caller's to do)."""
        self._everything = partial(
            plans_for, library, config, cache_dir, use_cache=use_cache, workers=workers
        )
        self._library = library
        self._beside: forking.Beside[_Changed] | None = None
        self.takes_then = False
        if (
            use_cache
            and workers > 1
            and len(library.visible) >= BESIDE_FROM
            and buildcache.kept(cache_dir, RECORD, plain=True)
        ):
            work = _Beside(library, config, cache_dir, workers)
            after = work.record if then is None else partial(_in_turn, work.record, then)
            self._beside = forking.Beside(work.answer, then=after)
            self.takes_then = then is not None

    def result(self) -> stories.Plans:
        if self._beside is None:
            return self._everything()
        keys, plain, pickled = self._beside.result()
        errors, warnings, problems = pickle.loads(pickled)
        changed = {s: compact + problems.get(s, _NO_PROBLEMS) for s, compact in plain.items()}

        def everything() -> Mapping[str, stories.StoryPlan]:
            self.close()  # the record written first
            return self._everything().by_source

        plans = _Plans(self._library, changed, everything)
        return stories.Plans(plans, errors, warnings, keys)

    def close(self) -> None:
        """End the forked process if the plans were never asked for; otherwise wait until
        it has written its record."""
        if self._beside is not None:
            self._beside.close()


def prepare(plans: stories.Plans, drawn: Iterable[str]) -> None:
    """Before pages showing the plans of the articles ``drawn`` (by path) are drawn, maybe by
    forked workers: if some plan is not at hand, every plan is made at hand here first, for
    the workers to share rather than each making them again."""
    if isinstance(plans.by_source, _Plans):
        plans.by_source.prepare(drawn)
