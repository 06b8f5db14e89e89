"""How fast is the BACA JUGA index, and how does its memory grow? 10k and 50k stories.

Generates the same kind of archive as ``related_quality.py`` (not timed), then times, on one
core, what a build does for related stories: reading every story into the index, and asking
it for every story's picks (the inline picks, earlier stories only, and the end list). Times
are CPU seconds of this process (``time.process_time``), so other work on the machine weighs
less on them; wall-clock seconds are printed beside them. Peak memory is measured in a second,
separate run under ``tracemalloc`` (which slows the run down), counting only what the index
and the queries allocate, not the generated stories.

Targets: under 3 s for 10k stories, under 15 s for 50k, memory growing linearly.

    python bench/related_speed.py [--sizes 10000 50000] [--seed 7] [--no-memory]
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
import tracemalloc
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from related_quality import as_doc, generate_archive  # noqa: E402

from newsgen import related, stories  # noqa: E402
from newsgen.config import RelatedSettings  # noqa: E402

SETTINGS = RelatedSettings()
# What one article asks for with the default settings: two blocks of two links, then the
# end list, which must not repeat them.
EARLIER = SETTINGS.inline_blocks * SETTINGS.inline_links
OVERALL = SETTINGS.end_links + EARLIER


@dataclass(frozen=True)
class Timing:
    size: int
    index_cpu: float
    query_cpu: float
    wall: float

    @property
    def cpu(self) -> float:
        return self.index_cpu + self.query_cpu


def run(docs: Sequence[related.RelatedDoc], scoring: related.Scoring) -> int:
    """Index ``docs`` and rank every one of them; the number of links found."""
    index = related.build_index(docs, scoring)
    found = 0
    for position in range(len(docs)):
        ranking = related.ranked(index, position, earlier=EARLIER, overall=OVERALL)
        found += len(ranking.earlier) + len(ranking.overall)
    return found


def timed(docs: Sequence[related.RelatedDoc], scoring: related.Scoring) -> Timing:
    gc.collect()
    wall = time.perf_counter()
    started = time.process_time()
    index = related.build_index(docs, scoring)
    indexed = time.process_time()
    for position in range(len(docs)):
        related.ranked(index, position, earlier=EARLIER, overall=OVERALL)
    done = time.process_time()
    return Timing(len(docs), indexed - started, done - indexed, time.perf_counter() - wall)


def peak_memory(docs: Sequence[related.RelatedDoc], scoring: related.Scoring) -> int:
    """Peak bytes allocated while indexing and querying, the stories themselves excluded."""
    gc.collect()
    tracemalloc.start()
    try:
        run(docs, scoring)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 50_000])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-memory", action="store_true")
    args = parser.parse_args(argv)
    scoring = stories.scoring_for(SETTINGS, "id")
    print(f"per story: {EARLIER} inline picks (earlier only) and {OVERALL} for the end list")
    rows: list[tuple[Timing, int]] = []
    for size in args.sizes:
        docs = [as_doc(story) for story in generate_archive(size, args.seed)]
        timing = timed(docs, scoring)
        memory = 0 if args.no_memory else peak_memory(docs, scoring)
        rows.append((timing, memory))
        target = 3.0 if size <= 10_000 else 15.0 if size <= 50_000 else float("nan")
        print(
            f"{size:>7} stories: {timing.cpu:6.2f} s CPU "
            f"(index {timing.index_cpu:5.2f} s, picks {timing.query_cpu:5.2f} s; "
            f"{timing.wall:6.2f} s wall), {1e6 * timing.cpu / size:5.0f} us a story"
            + (f", target {target:.0f} s" if target == target else "")
        )
        if memory:
            print(f"{'':>16} peak memory {memory / 2**20:7.1f} MiB, {memory / size:6.0f} B a story")
        del docs
    if len(rows) > 1:
        (first, first_memory), (last, last_memory) = rows[0], rows[-1]
        growth = last.size / first.size
        print(f"{last.size} vs {first.size} stories ({growth:.1f}x):")
        print(f"  CPU time {last.cpu / first.cpu:.2f}x")
        if first_memory:
            print(f"  peak memory {last_memory / first_memory:.2f}x")


if __name__ == "__main__":
    sys.exit(main())
