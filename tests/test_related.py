"""The related-story index on its own: scoring rules, ordering, cut-offs, ties."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgen import related, stopwords
from newsgen.related import (
    Ranking,
    RelatedDoc,
    RelatedIndex,
    Scoring,
    build_index,
    extend,
    neighbours,
    ranked,
    ranked_for,
    signature_of,
    significant,
)

DAY = 86400.0
START = 1_700_000_000.0
INDONESIAN = Scoring(stop_words=stopwords.for_language("id"))


def doc(
    key: str,
    text: str = "",
    *,
    title: str = "",
    lead: str = "",
    tags: Sequence[str] = (),
    category: str = "Politik",
    day: float = 1,
) -> RelatedDoc:
    return RelatedDoc(key, title, lead, text, tuple(tags), category, START + day * DAY)


def padding(count: int) -> list[RelatedDoc]:
    """Stories that share nothing with anything, published before all others: they only make
    the archive larger, as it stood when the others came out."""
    return [doc(f"pad-{i}", category="Lain", day=-1000 + i) for i in range(count)]


def keys(docs: Sequence[RelatedDoc], positions: Sequence[int]) -> list[str]:
    return [docs[p].key for p in positions]


def best(
    docs: Sequence[RelatedDoc], key: str, scoring: Scoring = INDONESIAN, count: int = 10
) -> Ranking:
    index = build_index(docs, scoring)
    position = next(p for p, d in enumerate(docs) if d.key == key)
    return ranked(index, position, earlier=count, overall=count)


def test_never_the_story_itself() -> None:
    docs = [doc(k, "banjir rantau bayur", day=1) for k in ("a", "b", "c")] + padding(10)
    index = build_index(docs, INDONESIAN)
    for position in range(3):
        found = ranked(index, position, earlier=5, overall=5)
        assert position not in found.overall
        assert position not in found.earlier
        assert len(found.overall) == 2


def test_earlier_list_holds_only_stories_published_before() -> None:
    docs = [
        doc("old", "tanggul jebol rantau bayur", day=1),
        doc("same-time", "tanggul jebol rantau bayur", day=2),
        doc("query", "tanggul jebol rantau bayur", day=2),
        doc("new", "tanggul jebol rantau bayur", day=3),
        *padding(10),
    ]
    found = best(docs, "query")
    assert keys(docs, found.earlier) == ["old"]
    assert set(keys(docs, found.overall)) == {"old", "same-time", "new"}


def test_shared_significant_words_relate_stories() -> None:
    docs = [
        doc("query", "Romi Maradona memimpin rakor Bawaslu di Kayuagung.", day=5),
        doc("thread", "Bawaslu Kayuagung dipimpin Romi Maradona menggelar rakor.", day=1),
        doc("other", "Harga cabai merah di pasar tradisional turun tajam.", day=4),
        *padding(10),
    ]
    assert keys(docs, best(docs, "query").earlier)[0] == "thread"


def test_stop_words_do_not_relate_stories() -> None:
    docs = [
        doc("query", "Menurut dia, hal tersebut sudah dijelaskan bahwasanya.", day=10),
        # Shares only stop words with the query, and is further away in time.
        doc("stop-words", "Menurut mereka hal tersebut dijelaskan bahwasanya.", day=1),
        doc("nothing", "Atlet dayung berlatih di Jakabaring.", day=9),
        *padding(10),
    ]
    assert keys(docs, best(docs, "query").earlier) == ["nothing", "stop-words"]
    bare = Scoring(stop_words=frozenset())
    assert keys(docs, best(docs, "query", bare).earlier) == ["stop-words", "nothing"]


def test_english_sites_have_english_stop_words() -> None:
    english = Scoring(stop_words=stopwords.for_language("en"))
    docs = [
        doc("query", "However, according to them, they would have said otherwise.", day=10),
        doc("stop-words", "However, according to them, they would have said so.", day=1),
        doc("nothing", "Rowers trained at the lake.", day=9),
        *padding(10),
    ]
    assert keys(docs, best(docs, "query", english).earlier) == ["nothing", "stop-words"]
    assert not significant("according", stopwords.for_language("en"))
    assert significant("according", stopwords.for_language("id"))
    assert not significant("tersebut", stopwords.for_language("id"))


def test_short_words_and_numbers_are_not_significant() -> None:
    stop = stopwords.for_language("id")
    assert not significant("rt", stop)
    assert not significant("2024", stop)
    assert significant("oki", stop)


def test_title_and_lead_weigh_most() -> None:
    # Four words, each on two stories (equally rare), once in the story below: in its
    # title, its lead, its body, and both its title and lead.
    story = doc("story", "rimau", title="kelekar bayur", lead="sungsang bayur", day=1)
    other = doc("other", "kelekar sungsang rimau bayur", day=2)
    index = build_index([story, other, *padding(10)], INDONESIAN)
    signature = signature_of(index, story)
    weight = dict(zip(signature.features, signature.weights, strict=True))
    title, lead, body, both = (
        weight[index.feature_ids[word]] for word in (b"kelekar", b"sungsang", b"rimau", b"bayur")
    )
    assert title / body == pytest.approx(INDONESIAN.title)
    assert lead / body == pytest.approx(INDONESIAN.lead)
    assert both > title  # in the title and the lead: boosted as a title word, counted twice
    assert INDONESIAN.title > INDONESIAN.lead > 1.0
    # The query has "kelekar" in its title and "sungsang" in its body; each is shared with
    # one story, which has it in its body: the title word weighs more.
    docs = [
        doc("query", "sungsang", title="kelekar", day=5),
        doc("title-word", "kelekar", day=4),
        doc("body-word", "sungsang", day=6),
        *padding(10),
    ]
    assert keys(docs, best(docs, "query").overall)[:2] == ["title-word", "body-word"]
    docs = [
        doc("query", "sungsang", lead="kelekar", day=5),
        doc("lead-word", "kelekar", day=4),
        doc("body-word", "sungsang", day=6),
        *padding(10),
    ]
    assert keys(docs, best(docs, "query").overall)[:2] == ["lead-word", "body-word"]


def test_a_rare_tag_counts_and_an_overused_one_counts_nothing() -> None:
    docs = [
        doc("query", tags=["Sumsel", "Rantau Bayur"], day=50),
        doc("rare-tag", tags=["Rantau Bayur"], category="Daerah", day=10),
        doc("common-tag", tags=["Sumsel"], day=49),
        doc("common-tag-elsewhere", tags=["Sumsel"], category="Daerah", day=49),
    ]
    docs += [doc(f"s-{i}", tags=["Sumsel"], category="Hukum", day=i) for i in range(30)]
    found = keys(docs, best(docs, "query").overall)
    # "Sumsel" is on most stories: sharing it says nothing. The story that shares it and
    # the category ranks by those alone, below the one sharing the rare tag, which is in
    # another category and far older; the one that shares only "Sumsel" is not linked.
    assert found == ["rare-tag", "common-tag"]
    no_tags = Scoring(tags=0.0, stop_words=INDONESIAN.stop_words)
    assert keys(docs, best(docs, "query", no_tags).overall) == ["common-tag"]


def test_a_tag_counts_less_the_more_stories_carry_it() -> None:
    docs = [
        doc("query", tags=["Pilkada", "Rakor"], day=20),
        doc("pilkada", tags=["Pilkada"], day=19),
        doc("rakor", tags=["Rakor"], day=19),
    ]
    docs += [doc(f"pilkada-{i}", tags=["Pilkada"], category="Hukum", day=i) for i in range(5)]
    assert keys(docs, best(docs, "query").earlier)[0] == "rakor"


def test_the_tag_cutoff_is_configurable() -> None:
    # 200 stories, 15 of them tagged "Sumsel": 7.5 % of the archive.
    docs = [doc("query", tags=["Sumsel"], day=300), doc("tagged", tags=["Sumsel"], day=298)]
    docs += [doc(f"s-{i}", tags=["Sumsel"], category="Hukum", day=i) for i in range(13)]
    docs += padding(184)
    docs.append(doc("untagged", day=299))
    lenient = Scoring(tag_cutoff=0.2, stop_words=INDONESIAN.stop_words)
    strict = Scoring(tag_cutoff=0.05, stop_words=INDONESIAN.stop_words)
    assert keys(docs, best(docs, "query", lenient).earlier)[0] == "tagged"
    assert keys(docs, best(docs, "query", strict).earlier)[0] == "untagged"


def test_a_word_on_too_many_stories_counts_nothing() -> None:
    # 100 stories, 15 of them with "palembang": 15 % of the archive.
    docs = [
        doc("query", "palembang", day=200),
        doc("common-word", "palembang", day=100),
        doc("nothing", "jakabaring", day=199),
    ]
    docs += [doc(f"f-{i}", "palembang", category="Hukum", day=2 + i) for i in range(13)]
    docs += padding(84)
    assert keys(docs, best(docs, "query").earlier) == ["nothing", "common-word"]
    lenient = Scoring(word_cutoff=1.0, stop_words=INDONESIAN.stop_words)
    assert keys(docs, best(docs, "query", lenient).earlier)[0] == "common-word"


def test_the_same_category_counts() -> None:
    docs = [
        doc("query", "kelekar", day=10),
        doc("same", "kelekar", day=5),
        doc("other", "kelekar", category="Hukum", day=9),
        *padding(10),
    ]
    assert keys(docs, best(docs, "query").earlier) == ["same", "other"]
    no_category = Scoring(category=0.0, stop_words=INDONESIAN.stop_words)
    assert keys(docs, best(docs, "query", no_category).earlier) == ["other", "same"]


def test_closer_in_time_ranks_first() -> None:
    docs = [
        doc("query", "kelekar", day=100),
        doc("year-old", "kelekar", day=1),
        doc("last-week", "kelekar", day=93),
        doc("next-day", "kelekar", day=101),
        *padding(10),
    ]
    found = best(docs, "query")
    assert keys(docs, found.earlier) == ["last-week", "year-old"]
    assert keys(docs, found.overall) == ["next-day", "last-week", "year-old"]


def test_ties_break_by_date_then_key() -> None:
    untimed = Scoring(time=0.0, stop_words=INDONESIAN.stop_words)
    docs = [
        doc("query", "kelekar", day=10),
        doc("b-older", "kelekar", day=1),
        doc("c-newer", "kelekar", day=2),
        doc("a-newer", "kelekar", day=2),
    ]
    assert keys(docs, best(docs, "query", untimed).earlier) == ["a-newer", "c-newer", "b-older"]


def test_the_ranking_does_not_depend_on_the_input_order() -> None:
    docs = [doc(f"s-{i:02d}", "kelekar sungsang", day=i % 7) for i in range(30)]
    docs += [doc(f"t-{i:02d}", "kelekar rimau", tags=["Rimau"], day=i % 5) for i in range(30)]
    expected = keys(docs, best(docs, "s-03").overall)
    shuffled = docs[:]
    random.Random(3).shuffle(shuffled)
    assert keys(shuffled, best(shuffled, "s-03").overall) == expected


_HASH_SEED_SCRIPT = """
import json
from newsgen import related, stopwords
from newsgen.related import RelatedDoc, Scoring, build_index, ranked
words = "kelekar sungsang rimau bayur tanggul jebol warga desa sawah".split()
docs = [
    RelatedDoc(f"s{i}", " ".join(words[i % 5 : i % 5 + 3]), "", " ".join(words[i % 7 :]),
               (words[i % 4],), "Politik", float(i % 6))
    for i in range(40)
]
index = build_index(docs, Scoring(stop_words=stopwords.for_language("id")))
print(json.dumps([ranked(index, p, earlier=4, overall=6).overall for p in range(40)]))
"""


def test_the_ranking_does_not_depend_on_the_hash_seed() -> None:
    results = []
    for seed in ("1", "2"):
        done = subprocess.run(
            [sys.executable, "-c", _HASH_SEED_SCRIPT],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        results.append(json.loads(done.stdout))
    assert results[0] == results[1]


def test_earlier_stories_sharing_nothing_come_from_the_category_nearest_first() -> None:
    docs = [
        doc("query", "kelekar", day=50),
        doc("far", "jakabaring", day=1),
        doc("near", "dayung", day=48),
        doc("after", "perahu", day=51),
        doc("other-category", "sungai", category="Olahraga", day=50),
    ]
    found = best(docs, "query")
    assert keys(docs, found.earlier) == ["near", "far"]
    # A later story is linked only as a follow-up: sharing the category is not enough.
    assert keys(docs, found.overall) == ["near", "far"]


def test_a_story_outside_the_index_is_ranked_against_it() -> None:
    docs = [
        doc("thread-1", "Romi Maradona Bawaslu Kayuagung", day=1),
        doc("thread-2", "Romi Maradona Bawaslu Kayuagung", day=10),
        doc("other", "harga cabai pasar", day=4),
        *padding(10),
    ]
    index = build_index(docs, INDONESIAN)
    draft = doc("draft", "Bawaslu Kayuagung Romi Maradona", day=5)
    found = ranked_for(index, draft, earlier=3, overall=3)
    assert keys(docs, found.earlier) == ["thread-1", "other"]
    assert keys(docs, found.overall)[:2] == ["thread-1", "thread-2"]
    elsewhere = doc("elsewhere", "jakabaring", category="Baru", day=5)
    assert keys(docs, ranked_for(index, elsewhere, earlier=3, overall=3).overall) == []


def test_an_empty_archive_relates_nothing() -> None:
    index = build_index([], INDONESIAN)
    assert len(index) == 0
    assert ranked_for(index, doc("a", "kelekar"), earlier=2, overall=2) == Ranking((), ())


def test_zero_weights_switch_parts_off() -> None:
    docs = [
        doc("query", "kelekar sungsang rimau", day=10),
        doc("words", "kelekar sungsang rimau", day=1),
        doc("near", "jakabaring", day=9),
        *padding(10),
    ]
    assert keys(docs, best(docs, "query").earlier) == ["words", "near"]
    wordless = Scoring(words=0.0, stop_words=INDONESIAN.stop_words)
    assert keys(docs, best(docs, "query", wordless).earlier) == ["near", "words"]


def test_counts_limit_the_answer() -> None:
    docs = [doc(f"s-{i}", "kelekar", day=i) for i in range(12)]
    index = build_index(docs, INDONESIAN)
    found = ranked(index, 11, earlier=3, overall=5)
    assert len(found.earlier) == 3
    assert len(found.overall) == 5
    assert ranked(index, 11, earlier=0, overall=0) == Ranking((), ())


def test_a_longer_ranking_starts_with_the_shorter_one() -> None:
    """Builds rank each story once, for as many stories as its plan could ask, and take the
    front of it: that must be what asking for fewer gives."""
    words = [
        "kelekar",
        "sungsang",
        "rimau",
        "bayur",
        "tanggul",
        "jebol",
        "warga",
        "desa",
        "sawah",
        "pemilu",
    ]
    docs = [
        RelatedDoc(
            f"s{i:02d}",
            " ".join(words[i % 5 : i % 5 + 3]),
            "",
            " ".join(words[i % 7 :]),
            (words[i % 4],),
            ("Politik", "Daerah")[i % 2],
            float(i % 9) * 86400,
        )
        for i in range(60)
    ]
    index = build_index(docs, Scoring(stop_words=stopwords.for_language("id")))
    checked = 0
    for position in range(len(docs)):
        longest = ranked(index, position, earlier=20, overall=30)
        for earlier, overall in ((1, 1), (2, 4), (4, 8), (6, 10), (12, 4)):
            short = ranked(index, position, earlier=earlier, overall=overall)
            assert short.earlier == longest.earlier[:earlier]
            assert short.overall == longest.overall[:overall]
            checked += bool(short.earlier) and len(longest.overall) > overall
    assert checked > 100


def test_rarity_is_that_of_the_archive_when_the_story_came_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(related, "SEED", 5)
    # "kelekar" is new in "first": as rare as a word can be there. Twelve later stories
    # make it common; the first story's weight of it stays what it was.
    first = doc("first", "kelekar sungsang", day=1)
    later = [doc(f"later-{i}", "kelekar rimau", day=2 + i) for i in range(12)]
    alone = build_index([*padding(10), first], INDONESIAN)
    grown = build_index([*padding(10), first, *later], INDONESIAN)

    def weights(index: RelatedIndex, rank: int) -> dict[int, float]:
        start, end = index.starts[rank], index.starts[rank + 1]
        return dict(zip(index.features[start:end], index.weights[start:end], strict=True))

    assert weights(alone, 10) == weights(grown, 10)
    assert index_of(grown, b"kelekar") in weights(grown, 10)
    # In the last story it is on 13 of 23 stories, above the cut-off: it counts nothing.
    assert index_of(grown, b"kelekar") not in weights(grown, 22)
    assert index_of(grown, b"rimau") not in weights(grown, 22)  # on 12 of 23


def index_of(index: RelatedIndex, word: bytes) -> int:
    return index.feature_ids[word]


WORDS = ["kelekar", "sungsang", "rimau", "bayur", "tanggul", "jebol", "sawah", "pemilu", "cabai"]
STORY = st.tuples(
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=6),
    st.lists(st.sampled_from(["Banjir", "Pemilu", "Sumsel", "Pasar"]), max_size=2),
    st.sampled_from(["Politik", "Daerah", "Ekonomi"]),
    st.integers(min_value=1, max_value=3),  # days after the story before
)


def archive_of(stories: list[tuple[list[str], list[str], str, int]]) -> list[RelatedDoc]:
    docs, day = [], 0
    for number, (words, tags, category, gap) in enumerate(stories):
        day += gap
        docs.append(
            RelatedDoc(
                f"s{number:03d}", words[0], "", " ".join(words), tuple(tags), category, day * DAY
            )
        )
    return docs


@settings(max_examples=60, deadline=None)
@given(stories=st.lists(STORY, min_size=4, max_size=40), seed=st.integers(1, 3))
def test_a_newer_story_taken_in_gives_the_index_built_afresh(
    stories: list[tuple[list[str], list[str], str, int]], seed: int
) -> None:
    docs = archive_of(stories)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(related, "SEED", seed)
        before = build_index(docs[:-1], INDONESIAN)
        extended = extend(before, docs[-1])
        assert extended is not None
        index, affected = extended
        assert index == build_index(docs, INDONESIAN)
    # Every story that ranks otherwise now is among those named.
    for rank in range(len(before)):
        old = neighbours(before, rank, earlier=4, overall=6)
        if neighbours(index, rank, earlier=4, overall=6) != old:
            assert rank in affected
    assert len(docs) - 1 in affected


def test_the_first_stories_are_weighed_together_and_made_again_with_each_one() -> None:
    # "kelekar" ends on most of an archive of the first stories: it weighs little, in the
    # first story as in the last (taken in one at a time, it would be rare in the first).
    docs = [doc("first", "kelekar sungsang", day=1)]
    docs += [doc(f"later-{i}", "kelekar rimau", day=2 + i) for i in range(12)]
    docs += padding(10)
    index = build_index(docs, INDONESIAN)
    first = index.ranks[0]
    start, end = index.starts[first], index.starts[first + 1]
    weights = dict(zip(index.features[start:end], index.weights[start:end], strict=True))
    assert index_of(index, b"kelekar") not in weights  # on 13 of 23: above the cut-off
    assert extend(index, doc("newest", "kelekar", day=99)) is None  # fewer than SEED


def test_only_a_story_newer_than_all_is_taken_in(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(related, "SEED", 1)
    docs = [doc("a", "kelekar", day=1), doc("b", "kelekar", day=3)]
    index = build_index(docs, INDONESIAN)
    assert extend(index, doc("same-time", "kelekar", day=3)) is None
    assert extend(index, doc("older", "kelekar", day=2)) is None
    assert extend(index, doc("newer", "kelekar", day=4)) is not None
    monkeypatch.setattr(related, "SEED", 0)
    assert extend(build_index([], INDONESIAN), doc("first", "kelekar")) is not None
