"""The BACA JUGA index: which stories of an archive relate to which.

A leaf: it knows stories only as `RelatedDoc` values and answers with their positions in
the sequence it was built from; nothing of pages, templates or the site.

One story scores against another as the sum of four parts, each weighted by `Scoring`:

- words: the cosine of their significant words weighted by rarity (tf-idf), where a word of
  the title or the lead counts more than one of the body; stop words and words on more than
  ``word_cutoff`` of the archive count nothing;
- tags: the sum of the shared tags' rarity, squared, as the story asking saw it (the same
  for every story sharing the tag, newer or older); a tag's rarity falls from 1 to nothing
  as it nears ``tag_cutoff`` of the archive, so a region name on half the stories cannot
  swamp the score while a tag on a handful of stories says a lot;
- category: a bonus when both are in the same one;
- time: a bonus that halves with every ``half_life_days`` between the two stories.

Rarity is that of the archive as it stood when the story was published: a story's words and
tags are counted among the stories up to it, itself included, in time order (an archive's
first ``SEED`` stories among all of them: in a handful of stories every word is rare). A
name first seen in a story is as rare as can be there, and a follow-up finds it by that
name. What a newer story brings changes no older story's words and weights, so a story
published after every other one is taken into a built index (`extend`) without reading the
archive again, and only the few stories nearest the end of its words' and tags' lists may
rank otherwise; an index so extended equals one built from scratch. A shared word or tag
counts at most as much as the newer of the two stories weighs it.

Ties break by score, then date (newer first), then key, then position: a ranking never
depends on hashing or on the order the stories were given in.

What is read and looked up is bounded, so that tens of thousands of stories are indexed in
seconds and memory grows linearly; nothing loops over pairs of stories:

- of a story, its title, its lead and the first ``BODY_CHARS`` characters of its body (some
  ninety words) are read: in news the who, what and where come first;
- a story keeps its ``SIGNATURE_WORDS`` best words and its usable tags, its signature;
  signatures go into an inverted index, stories kept in time order;
- a query looks up the words and tags of its own signature: of one that many stories share,
  only the ``WINDOW`` stories nearest in time (``NARROW_WINDOW`` for a word that weighs
  little in the query); a word is not looked up when it weighs less than ``NEGLIGIBLE`` in
  the query, and a story gets nothing from a word that would add less than ``SLIGHT``;
- earlier stories that share nothing but the category come from the category's time-ordered
  list, the nearest first; a later story comes in only by sharing a word or a tag, as a
  follow-up does.

The ranking is exact for the score over the candidates so found; a story left out by these
bounds could only have scored little.
"""

from __future__ import annotations

import math
import string
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import accumulate, chain, repeat
from operator import mul, sub, truediv

from newsgen import collector

# Digits and ASCII punctuation become spaces; so do these, before the text is encoded.
_SEPARATORS = bytes.maketrans(
    (string.punctuation + string.digits).encode(),
    b" " * len(string.punctuation + string.digits),
)
_WIDE_SEPARATORS = ("“", "”", "‘", "’", "«", "»", "–", "—", "…", "·", "•", "\u00a0")
# The bounds described above.
BODY_CHARS = 600
SIGNATURE_WORDS = 20
WINDOW = 10
NARROW_WINDOW = 4
STRONG = 0.2  # a query word weighing less than this weighs little
NEGLIGIBLE = 0.05
SLIGHT = 0.02
# An archive's first stories are weighed together, against their counts among all of them:
# rarity in an archive of a handful of stories means little. Until an archive has this
# many, a story taken in is one of them, and the index is made again (`extend`).
SEED = 200
# However small the archive, a word or tag on this many stories is never cut off (a tag on
# every story of an archive smaller than this is, nearly).
MIN_CUTOFF = 10
DAY = 86400.0
# Weight of a word by how often the story has it: 1 + ln(count).
_TF = [0.0, *(1.0 + math.log(count) for count in range(1, 3 * BODY_CHARS))]


@dataclass(frozen=True)
class RelatedDoc:
    """A story as the index sees it; ``lead`` is its first paragraph or summary."""

    key: str  # a stable name, used to break ties: the slug
    title: str
    lead: str
    text: str
    tags: tuple[str, ...]
    category: str
    time: float  # POSIX seconds of publication


@dataclass(frozen=True)
class Scoring:
    """Weights and thresholds of the score; the defaults suit a news archive."""

    words: float = 1.0
    tags: float = 1.0
    category: float = 0.2
    time: float = 0.2
    title: float = 2.0  # weight of a title word against a body word
    lead: float = 1.5  # weight of a lead word against a body word
    tag_cutoff: float = 0.1  # share of the archive at which a tag counts nothing
    word_cutoff: float = 0.1  # share of the archive above which a word counts nothing
    half_life_days: float = 30.0
    stop_words: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Ranking:
    """The best stories for one query, best first, as positions of the built sequence (or
    as ranks, from `neighbours`)."""

    earlier: tuple[int, ...]  # published before the query story
    overall: tuple[int, ...]  # published before or after it


@dataclass(frozen=True)
class Signature:
    """Feature ids with their weights: the best words by weight, then the tags by id."""

    features: array[int]
    weights: array[float]


# A feature is a word (UTF-8 bytes) or a tag (a string), by id in order of first use.
Feature = bytes | str


@dataclass(frozen=True)
class RelatedIndex:
    """Everything a query needs. Stories are kept in time order: their "rank".

    The arrays are never changed once built; they hold numbers compactly.
    """

    scoring: Scoring
    positions: array[int]  # rank -> position in the built sequence
    ranks: array[int]  # position -> rank
    times: array[float]  # by rank
    categories: array[int]  # by rank
    members: tuple[array[int], ...]  # category id -> its ranks, ascending
    category_ids: Mapping[str, int]
    feature_ids: Mapping[Feature, int] = field(repr=False)  # every significant word, every tag
    tag_features: array[int] = field(repr=False)  # by feature id: 1 for a tag, 0 for a word
    counts: array[int] = field(repr=False)  # by feature id: on how many stories it is
    # For each feature, the ranks whose signature has it, ascending, with its weight there:
    # feature f's are [posting_starts[f], posting_starts[f + 1]).
    posting_ranks: array[int] = field(repr=False)
    posting_weights: array[float] = field(repr=False)
    posting_starts: array[int] = field(repr=False)
    # Every story's signature, one after the other by rank; rank r's is [starts[r], starts[r+1]).
    features: array[int] = field(repr=False)
    weights: array[float] = field(repr=False)
    starts: array[int] = field(repr=False)

    def __len__(self) -> int:
        return len(self.positions)


def _tokens(text: str) -> list[bytes]:
    """The words of a text, folded to lower case, split at punctuation and digits.

    Words are UTF-8 bytes: splitting and counting bytes is several times faster than
    doing it with strings, and only the distinct words of the archive are ever decoded.
    """
    text = text.casefold()
    for mark in _WIDE_SEPARATORS:
        if mark in text:
            text = text.replace(mark, " ")
    return text.encode("utf-8", "ignore").translate(_SEPARATORS).split()


def significant(word: str, stop_words: frozenset[str]) -> bool:
    """Whether a word can tell stories apart: three letters or more, not a stop word."""
    return len(word) >= 3 and word.isalpha() and word not in stop_words


def what_is_read(doc: RelatedDoc) -> tuple[object, ...]:
    """All of a story the index reads: two archives alike in this have the same index."""
    return (
        doc.key,
        doc.title[:BODY_CHARS],
        doc.lead[:BODY_CHARS],
        doc.text[:BODY_CHARS],
        doc.tags,
        doc.category,
        doc.time,
    )


def _tag_names(doc: RelatedDoc) -> list[str]:
    """The story's tags, folded and sorted, each once."""
    return sorted({" ".join(tag.casefold().split()) for tag in doc.tags} - {""})


def _cut(share: float, size: int) -> float:
    return max(share * size, float(MIN_CUTOFF))


class _Words:
    """Which words are significant, each decided once; a build's memo, never stored."""

    def __init__(self, scoring: Scoring) -> None:
        self.scoring = scoring
        self.verdicts: dict[bytes, bool] = {}

    def of(self, doc: RelatedDoc) -> dict[bytes, float]:
        """The significant words read of a story, each with how often it is there (1 + ln
        count) times the boost of the title or the lead if either has it."""
        title = _tokens(doc.title[:BODY_CHARS])
        lead = _tokens(doc.lead[:BODY_CHARS])
        words = title + _tokens(doc.text[:BODY_CHARS])
        if not doc.text.startswith(doc.lead[:80]):
            words += lead
        counts = Counter(words)
        scoring, verdicts = self.scoring, self.verdicts
        for word in counts:
            if word not in verdicts:
                verdicts[word] = significant(word.decode(), scoring.stop_words)
        # A word of both the title and the lead has the larger boost: it is written last.
        (weak, weak_boost), (strong, strong_boost) = sorted(
            ((lead, scoring.lead), (title, scoring.title)), key=lambda part: part[1]
        )
        boosts = dict.fromkeys(weak, weak_boost)
        boosts.update(dict.fromkeys(strong, strong_boost))
        return {
            word: _TF[count] * boosts.get(word, 1.0)
            for word, count in counts.items()
            if verdicts[word]
        }


def _weigh(
    scoring: Scoring,
    size: int,
    words: Sequence[tuple[int, float, int]],
    tags: Sequence[tuple[int, int]],
) -> Signature:
    """A story's signature in an archive of ``size`` stories, itself the newest, from its
    ``words`` as (feature, value, stories with it) and its ``tags`` as (feature, stories
    with it), stories counted up to and with itself. A word weighs its value times its
    rarity, ln((size + 1) / stories), the best words scaled to unit length; a tag its
    rarity. A word on every story so far tells nothing and is left out, but in the first
    story: later ones find it by them."""
    word_cut = _cut(scoring.word_cutoff, size)
    scale = math.log(size + 1)
    log = math.log
    weight_of = {
        feature: value * (scale - log(stories))
        for feature, value, stories in words
        if stories <= word_cut and (stories < size or size == 1)
    }
    # The best words, ties to the smaller id: nothing here may depend on hashing.
    best = sorted(sorted(weight_of), key=weight_of.__getitem__, reverse=True)[:SIGNATURE_WORDS]
    values = list(map(weight_of.__getitem__, best))
    norm = math.sqrt(sum(map(mul, values, values))) or 1.0
    features = array("i", best)
    weights = array("d", map(truediv, values, repeat(norm)))
    # The cut-off of a tag in a very young archive is just above its size: a tag on every
    # story so far weighs little.
    tag_cut = max(scoring.tag_cutoff * size, min(float(MIN_CUTOFF), size + 1.0))
    for feature, stories in sorted(tags):
        weight = min(1.0, log(tag_cut / stories) / log(tag_cut))
        if weight > 0:
            features.append(feature)
            weights.append(weight)
    return Signature(features, weights)


class _Builder:
    """An index being built: stories taken in oldest first."""

    def __init__(self, scoring: Scoring, index: RelatedIndex | None = None) -> None:
        self.scoring = scoring
        self.words = _Words(scoring)
        if index is None:
            index = _empty(scoring)
        self.feature_ids = dict(index.feature_ids)
        self.tag_features = array("b", index.tag_features)
        self.counts = array("i", index.counts)
        self.category_ids = dict(index.category_ids)
        self.categories = array("i", index.categories)
        self.members = [array("i", ranks) for ranks in index.members]
        self.times = array("d", index.times)
        self.features = array("i", index.features)
        self.weights = array("d", index.weights)
        self.starts = array("i", index.starts)

    def take(self, doc: RelatedDoc) -> Signature:
        """Take in ``doc``, newer than every story so far; its signature."""
        words, word_ids, tag_ids = self._count(doc)
        return self._keep(doc, self._signature(words, word_ids, tag_ids, len(self.times) + 1))

    def take_first(self, docs: Sequence[RelatedDoc]) -> None:
        """Take in an archive's first stories (`SEED`), oldest first, all weighed against
        their counts among all of them."""
        counted = [self._count(doc) for doc in docs]
        for doc, (words, word_ids, tag_ids) in zip(docs, counted, strict=True):
            self._keep(doc, self._signature(words, word_ids, tag_ids, len(docs)))

    def _count(self, doc: RelatedDoc) -> tuple[dict[bytes, float], list[int], list[int]]:
        """The story's words read (`_Words.of`), its word and tag ids, counted in."""
        words = self.words.of(doc)
        word_ids, tag_ids = self._ids(words), self._ids(_tag_names(doc))
        counts = self.counts
        for feature in chain(word_ids, tag_ids):
            counts[feature] += 1
        return words, word_ids, tag_ids

    def _signature(
        self, words: dict[bytes, float], word_ids: list[int], tag_ids: list[int], size: int
    ) -> Signature:
        count = self.counts.__getitem__
        return _weigh(
            self.scoring,
            size,
            list(zip(word_ids, words.values(), map(count, word_ids), strict=True)),
            list(zip(tag_ids, map(count, tag_ids), strict=True)),
        )

    def _ids(self, features: Iterable[Feature]) -> list[int]:
        """The ids of ``features``, new ones numbered in sorted order."""
        ids = self.feature_ids
        found = [ids.get(feature, -1) for feature in features]
        if -1 in found:
            for feature in sorted(f for f, known in zip(features, found, strict=True) if known < 0):
                ids[feature] = len(self.counts)
                self.counts.append(0)
                self.tag_features.append(isinstance(feature, str))
            found = [ids[feature] for feature in features]
        return found

    def _keep(self, doc: RelatedDoc, signature: Signature) -> Signature:
        rank = len(self.times)
        name = doc.category.casefold()
        if name not in self.category_ids:
            self.category_ids[name] = len(self.members)
            self.members.append(array("i"))
        category = self.category_ids[name]
        self.categories.append(category)
        self.members[category].append(rank)
        self.times.append(doc.time)
        self.features.extend(signature.features)
        self.weights.extend(signature.weights)
        self.starts.append(len(self.features))
        return signature


def _empty(scoring: Scoring) -> RelatedIndex:
    return RelatedIndex(
        scoring=scoring,
        positions=array("i"),
        ranks=array("i"),
        times=array("d"),
        categories=array("i"),
        members=(),
        category_ids={},
        feature_ids={},
        tag_features=array("b"),
        counts=array("i"),
        posting_ranks=array("i"),
        posting_weights=array("d"),
        posting_starts=array("i", [0]),
        features=array("i"),
        weights=array("d"),
        starts=array("i", [0]),
    )


def rank_order(stamps: Sequence[tuple[float, str]]) -> list[int]:
    """The positions of stories given as (time, key) in rank order: oldest first; at one
    time, the larger key first, so that a larger rank is always the better of a tie (newer,
    then smaller key, then earlier position)."""
    return sorted(range(len(stamps)), key=lambda p: (-stamps[p][0], stamps[p][1], p))[::-1]


def build_index(docs: Sequence[RelatedDoc], scoring: Scoring = Scoring()) -> RelatedIndex:
    """Index ``docs``; queries answer with positions in ``docs``.

    Indexing makes no reference cycles but many short-lived containers, so the cyclic
    garbage collector, which would scan every object of the process again and again, is
    paused while it runs.
    """
    with collector.paused():
        return _build_index(docs, scoring)


def _build_index(docs: Sequence[RelatedDoc], scoring: Scoring) -> RelatedIndex:
    order = rank_order([(doc.time, doc.key) for doc in docs])
    builder = _Builder(scoring)
    builder.take_first([docs[position] for position in order[:SEED]])
    for position in order[SEED:]:
        builder.take(docs[position])
    size = len(order)
    features, weights, starts = builder.features, builder.weights, builder.starts
    # The postings: each feature's entries, a stable sort keeping their ranks ascending.
    owners = array("i", chain.from_iterable(map(repeat, range(size), map(sub, starts[1:], starts))))
    entries = sorted(range(len(features)), key=features.__getitem__)
    posting_ranks = array("i", map(owners.__getitem__, entries))
    posting_weights = array("d", map(weights.__getitem__, entries))
    del owners, entries
    per_feature = Counter(features)
    posting_starts = array("i", [0])
    posting_starts.extend(accumulate(map(per_feature.__getitem__, range(len(builder.counts)))))
    ranks = array("i", [0]) * size
    for rank, position in enumerate(order):
        ranks[position] = rank
    return _finish(
        builder, array("i", order), ranks, posting_ranks, posting_weights, posting_starts
    )


def _finish(
    builder: _Builder,
    positions: array[int],
    ranks: array[int],
    posting_ranks: array[int],
    posting_weights: array[float],
    posting_starts: array[int],
) -> RelatedIndex:
    return RelatedIndex(
        scoring=builder.scoring,
        positions=positions,
        ranks=ranks,
        times=builder.times,
        categories=builder.categories,
        members=tuple(builder.members),
        category_ids=builder.category_ids,
        feature_ids=builder.feature_ids,
        tag_features=builder.tag_features,
        counts=builder.counts,
        posting_ranks=posting_ranks,
        posting_weights=posting_weights,
        posting_starts=posting_starts,
        features=builder.features,
        weights=builder.weights,
        starts=builder.starts,
    )


def extend(index: RelatedIndex, doc: RelatedDoc) -> tuple[RelatedIndex, frozenset[int]] | None:
    """``index`` with ``doc`` taken in at the next position, and the ranks whose ranking
    may differ from before (the new story's among them); none when ``doc`` is not newer
    than every story of the index, which only `build_index` can place, or when the index
    has fewer than ``SEED`` stories (``doc`` would be one of the first, weighed together).

    The index is the one `build_index` makes of the sequence with ``doc`` appended. A story
    ranks otherwise only if ``doc`` enters the part of a list of postings it looks up: it
    must then be among the last ``WINDOW`` + 1 stories on one of the new story's words or
    tags (or ``doc`` itself)."""
    if len(index) < SEED or (len(index) and doc.time <= index.times[-1]):
        return None
    with collector.paused():
        builder = _Builder(index.scoring, index)
        signature = builder.take(doc)
        rank = len(index)
        old_starts = index.posting_starts
        known = len(old_starts) - 1  # features with postings so far
        affected = {rank}
        posting_ranks, posting_weights = array("i"), array("d")
        done = 0
        for feature, weight in sorted(zip(signature.features, signature.weights, strict=True)):
            end = old_starts[min(feature + 1, known)]
            affected.update(index.posting_ranks[max(done, end - WINDOW - 1) : end])
            posting_ranks.extend(index.posting_ranks[done:end])
            posting_weights.extend(index.posting_weights[done:end])
            posting_ranks.append(rank)
            posting_weights.append(weight)
            done = end
        posting_ranks.extend(index.posting_ranks[done:])
        posting_weights.extend(index.posting_weights[done:])
        sizes = list(map(sub, old_starts[1:], old_starts))
        sizes += [0] * (len(builder.counts) - known)
        for feature in signature.features:
            sizes[feature] += 1
        posting_starts = array("i", [0])
        posting_starts.extend(accumulate(sizes))
        positions = array("i", index.positions)
        positions.append(rank)
        ranks = array("i", index.ranks)
        ranks.append(rank)
        extended = _finish(
            builder, positions, ranks, posting_ranks, posting_weights, posting_starts
        )
    return extended, frozenset(affected)


def signature_of(index: RelatedIndex, doc: RelatedDoc) -> Signature:
    """The signature of a story, in the index or not, as if it were taken in as the newest;
    words the index has never seen are weighed but left out, as no story shares them."""
    words = _Words(index.scoring).of(doc)
    tags = _tag_names(doc)
    ids, counts = index.feature_ids, index.counts
    unseen = sorted(f for f in words if f not in ids) + [t for t in tags if t not in ids]
    new_ids = {feature: len(counts) + number for number, feature in enumerate(unseen)}

    def found(feature: Feature) -> tuple[int, int]:
        known = ids.get(feature)
        return (new_ids[feature], 1) if known is None else (known, counts[known] + 1)

    rows = [
        (feature, value, stories)
        for (feature, stories), value in zip(map(found, words), words.values(), strict=True)
    ]
    signature = _weigh(index.scoring, len(index) + 1, rows, [found(tag) for tag in tags])
    kept = [i for i, f in enumerate(signature.features) if f < len(counts)]
    return Signature(
        array("i", (signature.features[i] for i in kept)),
        array("d", (signature.weights[i] for i in kept)),
    )


def ranked(index: RelatedIndex, position: int, *, earlier: int, overall: int) -> Ranking:
    """The best stories for the indexed story at ``position``, never the story itself.

    Asking for more never changes the front: the first ``n`` of a longer ranking are the
    ranking asked for with ``n``, so one query can serve a caller that wants fewer."""
    found = neighbours(index, index.ranks[position], earlier=earlier, overall=overall)
    return _as_positions(index, found)


def ranked_for(index: RelatedIndex, doc: RelatedDoc, *, earlier: int, overall: int) -> Ranking:
    """The best stories for a story outside the index (a draft, a scheduled story)."""
    return _as_positions(index, neighbours_of(index, doc, earlier=earlier, overall=overall))


def _as_positions(index: RelatedIndex, found: Ranking) -> Ranking:
    positions = index.positions
    return Ranking(
        tuple(positions[rank] for rank in found.earlier),
        tuple(positions[rank] for rank in found.overall),
    )


def neighbours(index: RelatedIndex, rank: int, *, earlier: int, overall: int) -> Ranking:
    """Like `ranked`, for the story of ``rank``, in ranks: its places in time order."""
    start, end = index.starts[rank], index.starts[rank + 1]
    return _ranked(
        index,
        Signature(index.features[start:end], index.weights[start:end]),
        index.times[rank],
        index.categories[rank],
        rank,
        earlier,
        overall,
    )


def neighbours_of(index: RelatedIndex, doc: RelatedDoc, *, earlier: int, overall: int) -> Ranking:
    """Like `ranked_for`, in ranks."""
    category = index.category_ids.get(doc.category.casefold(), -1)
    return _ranked(index, signature_of(index, doc), doc.time, category, -1, earlier, overall)


def _ranked(
    index: RelatedIndex,
    signature: Signature,
    time: float,
    category: int,
    own: int,
    earlier: int,
    overall: int,
) -> Ranking:
    scoring = index.scoring
    split = bisect_left(index.times, time)  # ranks below it are strictly earlier
    scores: dict[int, float] = {}
    get = scores.get
    tag_features = index.tag_features
    posting_ranks, posting_weights = index.posting_ranks, index.posting_weights
    posting_starts = index.posting_starts
    for feature, weight in zip(signature.features, signature.weights, strict=True):
        boost = weight * (scoring.tags if tag_features[feature] else scoring.words)
        if boost < NEGLIGIBLE:
            continue
        low, high = posting_starts[feature], posting_starts[feature + 1]
        window = WINDOW if boost >= STRONG else NARROW_WINDOW
        if high - low > window:
            middle = bisect_left(posting_ranks, split, low, high)
            low = max(low, min(middle - window // 2, high - window))
            high = low + window
        # A shared word or tag weighs as much in both stories, at most as much as the newer
        # of the two saw it: an old story's weights are those of a smaller archive, where
        # what later grew common was still rare.
        scale = boost / weight
        for other, other_weight in zip(
            posting_ranks[low:high], posting_weights[low:high], strict=True
        ):
            if other < split:
                share = boost * (other_weight if other_weight < weight else weight)
            else:
                share = scale * other_weight * (weight if weight < other_weight else other_weight)
            if share >= SLIGHT:
                scores[other] = get(other, 0.0) + share
    if category >= 0:
        # Earlier stories sharing nothing but the category: the nearest score best.
        members = index.members[category]
        middle = bisect_left(members, split)
        for other in members[max(0, middle - max(earlier, overall)) : middle]:
            scores.setdefault(other, 0.0)
    scores.pop(own, None)
    times, categories = index.times, index.categories
    w_category, w_time = scoring.category, scoring.time
    per_second = 1 / (max(scoring.half_life_days, 1e-9) * DAY)
    # Each candidate as (score, rank): sorted from the top, a tie goes to the larger rank,
    # the newer story, then the smaller key (see the rank order). Later stories come in only
    # by sharing a word or a tag: only a follow-up is worth a link forward in time.
    before: list[tuple[float, int]] = []
    after: list[tuple[float, int]] = []
    for other, base in scores.items():
        if categories[other] == category:
            base += w_category
        if other < split:
            before.append((base + w_time * 0.5 ** ((time - times[other]) * per_second), other))
        else:
            after.append((base + w_time * 0.5 ** ((times[other] - time) * per_second), other))
    before.sort(reverse=True)
    after.sort(reverse=True)
    best_before = before[: max(earlier, overall)]
    best = sorted(best_before + after[:overall], reverse=True)[:overall]
    return Ranking(
        tuple(rank for _, rank in best_before[:earlier]), tuple(rank for _, rank in best)
    )
