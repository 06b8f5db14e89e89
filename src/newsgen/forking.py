"""Work spread over forked worker processes, in order, with the same results as in one process.

Workers are forked, so they start with the caller's data as it is: only an item's position goes
to a worker, and only its result comes back. Where forking is not available, or the work is
small, or one worker is asked for, it all runs in this process. `Beside` runs one call in a
forked process while the caller goes on with other work.
"""

from __future__ import annotations

import marshal
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Generic, TypeVar

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


class Beside(Generic[Result]):
    """``function()`` run in a forked process while the caller goes on, its result read when
    asked for; run in this process then instead where forking is not available (or other
    threads run), or the forked process failed. The result must be plain data (strings,
    numbers, and tuples, lists and dicts of them): it comes back through `marshal`."""

    def __init__(self, function: Callable[[], Result], *, fork: bool = True) -> None:
        self._function = function
        self._pid, self._pipe = 0, -1
        if not fork or "fork" not in multiprocessing.get_all_start_methods():
            return
        if threading.active_count() != 1:
            return
        readable, writable = os.pipe()
        pid = os.fork()
        if pid == 0:  # the forked process: answer, and leave without running anything else
            status = 1
            try:
                os.close(readable)
                payload = marshal.dumps(function())  # type: ignore[arg-type]
                with os.fdopen(writable, "wb") as out:
                    out.write(payload)
                status = 0
            finally:
                os._exit(status)
        os.close(writable)
        self._pid, self._pipe = pid, readable

    def result(self) -> Result:
        if self._pid:
            pid, pipe = self._pid, self._pipe
            self._pid = 0
            with os.fdopen(pipe, "rb") as source:
                payload = source.read()
            _, status = os.waitpid(pid, 0)
            if status == 0:
                try:
                    return marshal.loads(payload)  # type: ignore[no-any-return]
                except (ValueError, EOFError, TypeError):
                    pass
        return self._function()

    def close(self) -> None:
        """End the forked process, if its result was never asked for."""
        if self._pid:
            pid, self._pid = self._pid, 0
            os.kill(pid, signal.SIGKILL)
            os.close(self._pipe)
            os.waitpid(pid, 0)
