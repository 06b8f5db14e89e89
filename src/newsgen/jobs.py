"""Making the generated files: only those whose inputs changed, spread over all cores.

Each job's key digests its template set, the settings and the arguments of its ``make``
(documents by their input digests). A job whose key matches the manifest of the last
build, and whose file is untouched since, is not made again. The rest are made in worker
processes when there are enough of them; the bytes do not depend on the worker count.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import Protocol

from newsgen import forking
from newsgen.fingerprint import quick
from newsgen.output import Entry, Made, unchanged_on_disk

# Below this many files to make, worker start-up costs more than it saves.
PARALLEL_MIN = 96


class Makeable(Protocol):
    @property
    def path(self) -> str: ...

    @property
    def make(self) -> Callable[[], bytes]: ...


def job_key(base: str, job: Makeable) -> str:
    known = getattr(job, "key", "")
    if known:
        return quick(base, job.path, known)
    make = job.make
    if isinstance(make, partial):
        return quick(base, job.path, make.func.__qualname__, make.args, make.keywords)
    return quick(base, job.path, repr(make), os.urandom(8).hex())  # never reused


def _make_at(jobs: Sequence[Makeable], index: int) -> bytes:
    return jobs[index].make()


def run(
    jobs: Sequence[Makeable],
    base: str,
    manifest: Mapping[str, Entry],
    public: Path,
    *,
    workers: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[list[Made], int]:
    """Every job as `Made`: bytes for those made now, None for those reused. Also: how many made."""
    keys = [job_key(base, job) for job in jobs]
    todo = [
        i
        for i, (job, key) in enumerate(zip(jobs, keys, strict=True))
        if not (
            manifest.get(job.path, ("",))[0] == key
            and unchanged_on_disk(public, job.path, manifest.get(job.path))
        )
    ]
    results: dict[int, bytes] = {}
    total = len(todo)
    made_now = forking.imap(_make_at, jobs, todo, workers=workers, least=PARALLEL_MIN)
    for done, (index, data) in enumerate(zip(todo, made_now, strict=True), 1):
        results[index] = data
        if progress is not None:
            progress(done, total)
    if progress is not None:
        progress(total, total)
    made = [
        Made(job.path, key, results.get(i))
        for i, (job, key) in enumerate(zip(jobs, keys, strict=True))
    ]
    return made, total
