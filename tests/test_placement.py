"""Where BACA JUGA blocks go in a body: markers, and the automatic rules between paragraphs."""

from __future__ import annotations

from newsgen.model import Block, Outline
from newsgen.placement import Slot, auto_slots, marker_slots


def body(kinds: str) -> tuple[str, ...]:
    """Block kinds from a compact spelling: p paragraph, f figure, h heading, l list,
    q quote, t table, c code, m marker."""
    names = {
        "p": "p",
        "f": "figure",
        "h": "heading",
        "l": "list",
        "q": "quote",
        "t": "table",
        "c": "code",
        "m": "marker",
    }
    return tuple(names[k] for k in kinds)


def befores(slots: tuple[Slot, ...]) -> list[int]:
    return [slot.before for slot in slots]


def test_default_positions_follow_the_second_and_fifth_paragraph() -> None:
    assert befores(auto_slots(body("pppppppp"), (2, 5), 2)) == [2, 5]


def test_short_stories_get_fewer_blocks() -> None:
    # A block needs a paragraph after it: none at the very end.
    assert befores(auto_slots(body("pppppp"), (2, 5), 2)) == [2, 5]
    assert befores(auto_slots(body("ppppp"), (2, 5), 2)) == [2]
    assert befores(auto_slots(body("ppp"), (2, 5), 2)) == [2]
    assert befores(auto_slots(body("pp"), (2, 5), 2)) == []
    assert befores(auto_slots(body("p"), (2, 5), 2)) == []
    assert befores(auto_slots(body(""), (2, 5), 2)) == []


def test_never_before_the_first_paragraph() -> None:
    assert befores(auto_slots(body("fhppp"), (1,), 1)) == [3]
    assert all(slot.before > 0 for slot in auto_slots(body("pppp"), (0, 1, 2), 3))


def test_never_next_to_a_figure_heading_list_quote_table_or_code() -> None:
    for other in "fhlqtc":
        # Paragraph 2 is followed by the other block: the slot moves down to the next gap
        # between two paragraphs.
        blocks = body(f"pp{other}pppp")
        slots = auto_slots(blocks, (2,), 1)
        assert befores(slots) == [4], other
        before = slots[0].before
        assert blocks[before - 1] == "p"
        assert blocks[before] == "p"
        # Paragraph 2 comes right after the other block: the slot after it is fine.
        assert befores(auto_slots(body(f"p{other}ppp"), (2,), 1)) == [3], other


def test_a_slot_with_no_gap_below_it_is_dropped() -> None:
    assert befores(auto_slots(body("ppfpfp"), (2,), 1)) == []


def test_never_two_blocks_in_a_row() -> None:
    assert befores(auto_slots(body("pppppppp"), (2, 3), 2)) == [2, 4]
    assert befores(auto_slots(body("pppppppp"), (2, 3), 2, gap=3)) == [2, 5]
    # Moved down past a figure, the first block pushes the second further.
    assert befores(auto_slots(body("ppfpppppp"), (2, 4), 2)) == [4, 6]


def test_count_caps_the_blocks() -> None:
    assert befores(auto_slots(body("p" * 12), (2, 5, 8), 2)) == [2, 5]
    assert befores(auto_slots(body("p" * 12), (2, 5, 8), 3)) == [2, 5, 8]
    assert befores(auto_slots(body("p" * 12), (2, 5), 0)) == []


def test_positions_are_taken_in_order_whatever_order_they_are_given_in() -> None:
    assert befores(auto_slots(body("p" * 10), (5, 2), 2)) == [2, 5]


def test_markers_place_blocks_exactly_there() -> None:
    blocks = (
        Block("marker", pins=("a",), line=3),
        Block("p"),
        Block("figure"),
        Block("marker", line=9),
        Block("heading"),
        Block("marker", pins=("b", "c"), line=12),
    )
    assert marker_slots(Outline.of(blocks)) == (
        Slot(0, ("a",), 3),
        Slot(3, (), 9),
        Slot(5, ("b", "c"), 12),
    )
    assert marker_slots(Outline.of(tuple(Block(kind) for kind in body("ppp")))) == ()
