"""The BACA JUGA index: which stories of an archive relate to which.

A leaf: it knows stories only as `RelatedDoc` values and answers with their positions in
the sequence it was built from; nothing of pages, templates or the site.

One story scores against another as the sum of four parts, each weighted by `Scoring`:

- words: the cosine of their significant words weighted by rarity (tf-idf), where a word of
  the title or the lead counts more than one of the body; stop words and words on more than
  ``word_cutoff`` of the archive count nothing;
- tags: the sum of the shared tags' rarity, squared; a tag's rarity falls from 1 to nothing
  as it nears ``tag_cutoff`` of the archive, so a region name on half the stories cannot
  swamp the score while a tag on a handful of stories says a lot;
- category: a bonus when both are in the same one;
- time: a bonus that halves with every ``half_life_days`` between the two stories.

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
  little in the query); a word is not looked up when its share of any score would be below
  ``NEGLIGIBLE``, and a story gets nothing from a word that would add less than ``SLIGHT``;
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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import accumulate, chain, pairwise, repeat
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
# However small the archive, a word or tag on this many stories is never cut off.
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
    """The best stories for one query, best first, as positions of the built sequence."""

    earlier: tuple[int, ...]  # published before the query story
    overall: tuple[int, ...]  # published before or after it


@dataclass(frozen=True)
class Signature:
    """Feature ids (words, then tags after the last word id) with their weights."""

    features: array[int]
    weights: array[float]


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
    word_ids: Mapping[bytes, int]  # usable words only, in UTF-8
    idf: array[float]  # by word id
    tag_ids: Mapping[str, int]  # usable tags only; ids follow the word ids
    tag_weights: array[float]  # by tag id minus the number of words
    # For each feature, the ranks whose signature has it, ascending, with its weight there:
    # feature f's are [posting_starts[f], posting_starts[f + 1]).
    posting_ranks: array[int] = field(repr=False)
    posting_weights: array[float] = field(repr=False)
    posting_starts: array[int] = field(repr=False)
    posting_peaks: array[float] = field(repr=False)  # feature -> its largest weight
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


def _story_tokens(
    doc: RelatedDoc, title: list[bytes] | None = None, lead: list[bytes] | None = None
) -> list[bytes]:
    """The words read of a story: its title, its lead (unless the body opens with it, as
    when the lead is the first paragraph) and the start of its body. ``title`` and ``lead``
    are the tokens of those, if already at hand."""
    words = _tokens(doc.title[:BODY_CHARS]) if title is None else title[:]
    words += _tokens(doc.text[:BODY_CHARS])
    if not doc.text.startswith(doc.lead[:80]):
        words += _tokens(doc.lead[:BODY_CHARS]) if lead is None else lead
    return words


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


def _tag_names(doc: RelatedDoc) -> set[str]:
    return {" ".join(tag.casefold().split()) for tag in doc.tags} - {""}


def _cut(share: float, size: int) -> float:
    return max(share * size, float(MIN_CUTOFF))


def build_index(docs: Sequence[RelatedDoc], scoring: Scoring = Scoring()) -> RelatedIndex:
    """Index ``docs``; queries answer with positions in ``docs``.

    Stories are read twice, which costs less time and memory than keeping what the first
    reading found: once to count on how many stories each word and tag is, once to weigh
    each story's words by that rarity and keep the best.

    Indexing makes no reference cycles but many short-lived containers, so the cyclic
    garbage collector, which would scan every object of the process again and again, is
    paused while it runs.
    """
    with collector.paused():
        return _build_index(docs, scoring)


def _build_index(docs: Sequence[RelatedDoc], scoring: Scoring) -> RelatedIndex:
    # Rank order: oldest first; at one time, the larger key first, so that a larger rank is
    # always the better of a tie (newer, then smaller key, then earlier position).
    order = sorted(range(len(docs)), key=lambda p: (-docs[p].time, docs[p].key, p))[::-1]
    size = len(order)
    word_df: Counter[bytes] = Counter()
    tag_df: Counter[str] = Counter()
    stop_words = frozenset(word.encode() for word in scoring.stop_words)
    for doc in docs:
        word_df.update(set(_story_tokens(doc)).difference(stop_words))
        tag_df.update(_tag_names(doc))

    # Words that can tell stories apart, not on one story only nor on too many, by
    # compact ids in sorted order (so that ids do not depend on hashing); then tags.
    word_cut = _cut(scoring.word_cutoff, size)
    word_ids: dict[bytes, int] = {}
    idf = array("d")
    for word in sorted(word for word, stories in word_df.items() if 2 <= stories <= word_cut):
        if significant(word.decode(), scoring.stop_words):
            word_ids[word] = len(idf)
            idf.append(math.log(size / word_df[word]))
    del word_df
    tag_cut = _cut(scoring.tag_cutoff, size)
    tag_ids: dict[str, int] = {}
    tag_weights = array("d")
    for tag, stories in sorted(tag_df.items()):
        weight = min(1.0, math.log(tag_cut / stories) / math.log(tag_cut))
        if stories >= 2 and weight > 0:
            tag_ids[tag] = len(idf) + len(tag_weights)
            tag_weights.append(weight)

    features = array("i")
    weights = array("d")
    starts = array("i", [0])
    for position in order:
        signature = _signature(docs[position], scoring, word_ids, idf, tag_ids, tag_weights)
        features.extend(signature.features)
        weights.extend(signature.weights)
        starts.append(len(features))
    # The postings: each feature's entries, a stable sort keeping their ranks ascending.
    owners = array("i", chain.from_iterable(map(repeat, range(size), map(sub, starts[1:], starts))))
    entries = sorted(range(len(features)), key=features.__getitem__)
    posting_ranks = array("i", map(owners.__getitem__, entries))
    posting_weights = array("d", map(weights.__getitem__, entries))
    del owners, entries
    per_feature = Counter(features)
    feature_count = len(idf) + len(tag_weights)
    posting_starts = array("i", [0])
    posting_starts.extend(accumulate(map(per_feature.__getitem__, range(feature_count))))
    peaks = array(
        "d",
        (max(posting_weights[low:high], default=0.0) for low, high in pairwise(posting_starts)),
    )

    category_ids: dict[str, int] = {}
    categories = array("i")
    members: list[array[int]] = []
    for rank, position in enumerate(order):
        name = docs[position].category.casefold()
        if name not in category_ids:
            category_ids[name] = len(members)
            members.append(array("i"))
        categories.append(category_ids[name])
        members[category_ids[name]].append(rank)
    ranks = array("i", [0]) * size
    for rank, position in enumerate(order):
        ranks[position] = rank
    return RelatedIndex(
        scoring=scoring,
        positions=array("i", order),
        ranks=ranks,
        times=array("d", [docs[p].time for p in order]),
        categories=categories,
        members=tuple(members),
        category_ids=category_ids,
        word_ids=word_ids,
        idf=idf,
        tag_ids=tag_ids,
        tag_weights=tag_weights,
        posting_ranks=posting_ranks,
        posting_weights=posting_weights,
        posting_starts=posting_starts,
        posting_peaks=peaks,
        features=features,
        weights=weights,
        starts=starts,
    )


def _signature(
    doc: RelatedDoc,
    scoring: Scoring,
    word_ids: Mapping[bytes, int],
    idf: Sequence[float],
    tag_ids: Mapping[str, int],
    tag_weights: Sequence[float],
) -> Signature:
    """The best words and the usable tags of a story.

    A word weighs how often the story has it (1 + ln count), times its rarity, times the
    boost of the title or the lead if either has it; the best words' weights are scaled to
    unit length. A tag weighs its rarity.
    """
    title = _tokens(doc.title[:BODY_CHARS])
    lead = _tokens(doc.lead[:BODY_CHARS])
    counts = Counter(_story_tokens(doc, title, lead))
    # A word of both the title and the lead has the larger boost: it is written last.
    (weak, weak_boost), (strong, strong_boost) = sorted(
        ((lead, scoring.lead), (title, scoring.title)), key=lambda part: part[1]
    )
    boosts = dict.fromkeys(weak, weak_boost)
    boosts.update(dict.fromkeys(strong, strong_boost))
    weight_of = {
        word_ids[word]: _TF[counts[word]] * idf[word_ids[word]] * boosts.get(word, 1.0)
        for word in counts.keys() & word_ids.keys()
    }
    # The best words, ties to the smaller id: nothing here may depend on hashing.
    best = sorted(sorted(weight_of), key=weight_of.__getitem__, reverse=True)[:SIGNATURE_WORDS]
    values = list(map(weight_of.__getitem__, best))
    norm = math.sqrt(sum(map(mul, values, values))) or 1.0
    features = array("i", best)
    weights = array("d", map(truediv, values, repeat(norm)))
    first_tag = len(idf)
    for tag in sorted(tag_ids[t] for t in _tag_names(doc) if t in tag_ids):
        features.append(tag)
        weights.append(tag_weights[tag - first_tag])
    return Signature(features, weights)


def signature_of(index: RelatedIndex, doc: RelatedDoc) -> Signature:
    """The signature of a story, in the index or not, against the index's rarities."""
    return _signature(
        doc, index.scoring, index.word_ids, index.idf, index.tag_ids, index.tag_weights
    )


def ranked(index: RelatedIndex, position: int, *, earlier: int, overall: int) -> Ranking:
    """The best stories for the indexed story at ``position``, never the story itself.

    Asking for more never changes the front: the first ``n`` of a longer ranking are the
    ranking asked for with ``n``, so one query can serve a caller that wants fewer."""
    rank = index.ranks[position]
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


def ranked_for(index: RelatedIndex, doc: RelatedDoc, *, earlier: int, overall: int) -> Ranking:
    """The best stories for a story outside the index (a draft, a scheduled story)."""
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
    first_tag = len(index.idf)
    posting_ranks, posting_weights = index.posting_ranks, index.posting_weights
    posting_starts, peaks = index.posting_starts, index.posting_peaks
    for feature, weight in zip(signature.features, signature.weights, strict=True):
        boost = weight * (scoring.words if feature < first_tag else scoring.tags)
        if boost * peaks[feature] < NEGLIGIBLE:
            continue
        low, high = posting_starts[feature], posting_starts[feature + 1]
        window = WINDOW if boost >= STRONG else NARROW_WINDOW
        if high - low > window:
            middle = bisect_left(posting_ranks, split, low, high)
            low = max(low, min(middle - window // 2, high - window))
            high = low + window
        ranks, weights = posting_ranks[low:high], posting_weights[low:high]
        for other, other_weight in zip(ranks, weights, strict=True):
            share = boost * other_weight
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
    positions = index.positions
    return Ranking(
        tuple(positions[rank] for _, rank in best_before[:earlier]),
        tuple(positions[rank] for _, rank in best),
    )
