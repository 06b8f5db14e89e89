"""Work spread over forked worker processes, in order, with the same results as in one process.

Workers are forked, so they start with the caller's data as it is: only an item's position goes
to a worker, and only its result comes back. Where forking is not available, or the work is
small, or one worker is asked for, it all runs in this process.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

from newsgen import collector

Data = TypeVar("Data")
Result = TypeVar("Result")

# The work of the running call, read by forked workers; set only while a pool runs.
_work: tuple[Callable[[Any, int], Any], Any] | None = None


def _at(index: int) -> Any:
    assert _work is not None
    function, data = _work
    return function(data, index)


def can_fork(workers: int, count: int, least: int) -> bool:
    """Whether ``count`` items are worth ``workers`` forked processes (at least ``least``)."""
    return workers > 1 and count >= least and "fork" in multiprocessing.get_all_start_methods()


def imap(
    function: Callable[[Data, int], Result],
    data: Data,
    positions: list[int],
    *,
    workers: int,
    least: int,
    chunk_limit: int = 64,
) -> Iterator[Result]:
    """``function(data, i)`` for each position ``i``, in order, on ``workers`` processes when
    there are at least ``least`` positions. ``function`` must be a module-level function."""
    if not can_fork(workers, len(positions), least):
        for index in positions:
            yield function(data, index)
        return
    global _work
    _work = (function, data)
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(workers, mp_context=context, initializer=collector.resume) as pool:
            chunk = max(1, min(chunk_limit, len(positions) // (workers * 8)))
            yield from pool.map(_at, positions, chunksize=chunk)
    finally:
        _work = None
