"""Making the generated files: only those whose inputs changed, spread over all cores.

Each job's key digests its template set, the settings and the arguments of its ``make``
(documents by their input digests). A job whose key matches the manifest of the last
build, and whose file is untouched since, is not made again. The rest are made in worker
processes when there are enough of them; the bytes do not depend on the worker count.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import NamedTuple, Protocol

from newsgen import forking
from newsgen.fingerprint import quick
from newsgen.output import Entry, Made, OnDisk, unchanged_on_disk

# Below this many files to make, worker start-up costs more than it saves.
PARALLEL_MIN = 96
BASE_PART = 16  # hex digits of the base digest in a known key (`job_key`)


class Makeable(Protocol):
    @property
    def path(self) -> str: ...

    @property
    def make(self) -> Callable[[], bytes]: ...


def job_key(base: str, job: Makeable) -> str:
    """The key of ``job``'s file in the manifest: ``base`` digests the template set, the
    settings and the newsgen version. A job that knows its key (a digest of everything its
    bytes depend on but those) has it put after a part of ``base``: keys are compared path by
    path, and 64 bits of ``base`` are ample to tell a template set from the last one; a
    build at 50,000 stories makes 66,000 keys, and digesting each again took 0.14 s."""
    known = getattr(job, "key", "")
    if known:
        return base[:BASE_PART] + known
    make = job.make
    if isinstance(make, partial):
        return quick(base, job.path, make.func.__qualname__, make.args, make.keywords)
    return quick(base, job.path, repr(make), os.urandom(8).hex())  # never reused


def _make_at(jobs: Sequence[Makeable], index: int) -> bytes:
    return jobs[index].make()


class Run(NamedTuple):
    """What `run` found: the files the last build left that stand as they are (path and key
    each, in order), and the rest, made as they are consumed."""

    reused: list[tuple[str, str]]
    made: Iterator[Made]


def run(
    jobs: Sequence[Makeable],
    base: str,
    manifest: Mapping[str, Entry],
    public: Path,
    *,
    workers: int = 1,
    progress: Callable[[int, int], None] | None = None,
    on_disk: OnDisk | None = None,
    ready: Callable[[list[Makeable]], None] | None = None,
) -> Run:
    """Every job's file: reused when its key matches ``manifest`` and ``public`` still holds
    it (``on_disk``, when given, tells what it holds: `output.survey`), else made, as `Made`
    in order. ``ready``, when given, is told the jobs to be made before any is (or any
    worker is forked).

    Made as they are consumed: the caller writes each page before the next ones are held in
    memory, so a build never keeps the whole site's bytes at once. The reused ones go apart,
    for the caller to take in one loop: an edit at 50,000 stories reuses 66,000 files.
    """
    reused: list[tuple[str, str]] = []
    todo: list[tuple[int, str]] = []
    for index, job in enumerate(jobs):
        key = job_key(base, job)
        path = job.path
        entry = manifest.get(path)
        if entry and entry[0] == key and unchanged_on_disk(public, path, entry, on_disk):
            reused.append((path, key))
        else:
            todo.append((index, key))
    return Run(reused, _made(jobs, todo, workers, progress, ready))


def _made(
    jobs: Sequence[Makeable],
    todo: list[tuple[int, str]],
    workers: int,
    progress: Callable[[int, int], None] | None,
    ready: Callable[[list[Makeable]], None] | None,
) -> Iterator[Made]:
    total = len(todo)
    if ready is not None:
        ready([jobs[index] for index, _key in todo])
    making = [index for index, _key in todo]
    made_now = forking.imap(_make_at, jobs, making, workers=workers, least=PARALLEL_MIN)
    for done, (index, key) in enumerate(todo, 1):
        data = next(made_now)
        if progress is not None:
            progress(done, total)
        yield Made(jobs[index].path, key, data)
    if progress is not None:
        progress(total, total)
