"""How fast is the BACA JUGA index, and how does its memory grow? 10k and 50k stories.

Generates the same kind of archive as ``related_quality.py`` (not timed), then times, on one
core, what a build does for related stories: reading every story into the index, and asking
it for every story's picks (the inline picks, earlier stories only, and the end list). Times
are CPU seconds of the measuring process (``time.process_time``), so other work on the machine
weighs less on them; wall-clock seconds are printed beside them. Every measure runs in a fresh
process, as a build does. Peak memory is measured in a separate run under ``tracemalloc``
(which slows it down), counting only what the index and the queries allocate, not the
generated stories.

Each size is timed ``--repeat`` times over the same stories and the best run is reported, as
``timeit`` does: on a shared machine the slower runs measure the neighbours. When the
hypervisor takes CPU time from this machine during the runs, that is reported too.

Targets: under 3 s for 10k stories, under 15 s for 50k, memory growing linearly.

    python bench/related_speed.py [--sizes 10000 50000] [--seed 7] [--repeat 3] [--no-memory]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from related_quality import as_doc, generate_archive

from newsgen import related, stories
from newsgen.config import RelatedSettings

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


def stolen() -> float:
    """Seconds of CPU the hypervisor gave to other machines so far (Linux), else 0."""
    try:
        fields = Path("/proc/stat").read_text(encoding="ascii").split("\n", 1)[0].split()
    except OSError:
        return 0.0
    return int(fields[8]) / os.sysconf("SC_CLK_TCK") if len(fields) > 8 else 0.0


def child(size: int, seed: int, repeat: int, memory: bool) -> dict[str, float]:
    """One measure in a fresh process, as a build is: the best of ``repeat`` runs."""
    scoring = stories.scoring_for(SETTINGS, "id")
    docs = [as_doc(story) for story in generate_archive(size, seed)]
    if memory:
        return {"peak": float(peak_memory(docs, scoring))}
    steal = stolen()
    best = min((timed(docs, scoring) for _ in range(repeat)), key=lambda t: t.cpu)
    return {
        "index": best.index_cpu,
        "picks": best.query_cpu,
        "wall": best.wall,
        "steal": stolen() - steal,
    }


def measure(size: int, seed: int, repeat: int, memory: bool) -> dict[str, float]:
    command = [sys.executable, __file__, "--child", str(size), "--seed", str(seed)]
    command += ["--repeat", str(repeat)] + (["--memory"] if memory else [])
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    figures: dict[str, float] = json.loads(done.stdout)
    return figures


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 50_000])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3, help="runs per size; the best counts")
    parser.add_argument("--no-memory", action="store_true")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--memory", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child, args.seed, args.repeat, args.memory)))
        return
    print(f"per story: {EARLIER} inline picks (earlier only) and {OVERALL} for the end list")
    rows: list[tuple[Timing, int]] = []
    for size in args.sizes:
        times = measure(size, args.seed, args.repeat, memory=False)
        timing = Timing(size, times["index"], times["picks"], times["wall"])
        memory = 0
        if not args.no_memory:
            memory = int(measure(size, args.seed, 1, memory=True)["peak"])
        rows.append((timing, memory))
        target = 3.0 if size <= 10_000 else 15.0 if size <= 50_000 else float("nan")
        print(
            f"{size:>7} stories: {timing.cpu:6.2f} s CPU "
            f"(index {timing.index_cpu:5.2f} s, picks {timing.query_cpu:5.2f} s; "
            f"{timing.wall:6.2f} s wall), {1e6 * timing.cpu / size:5.0f} us a story"
            + (f", target {target:.0f} s" if target == target else "")
        )
        if times["steal"] > 0.05 * times["wall"] * args.repeat:
            print(f"{'':>16} (the hypervisor took {times['steal']:.1f} s of CPU during the runs)")
        if memory:
            print(f"{'':>16} peak memory {memory / 2**20:7.1f} MiB, {memory / size:6.0f} B a story")
    if len(rows) > 1:
        (first, first_memory), (last, last_memory) = rows[0], rows[-1]
        growth = last.size / first.size
        print(f"{last.size} vs {first.size} stories ({growth:.1f}x):")
        print(f"  CPU time {last.cpu / first.cpu:.2f}x")
        if first_memory:
            print(f"  peak memory {last_memory / first_memory:.2f}x")


if __name__ == "__main__":
    sys.exit(main())
