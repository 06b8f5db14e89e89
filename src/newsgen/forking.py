"""Work spread over forked worker processes, in order, with the same results as in one process.

Workers are forked, so they start with the caller's data as it is: only an item's position goes
to a worker, and only its result comes back. Where forking is not available, or the work is
small, or one worker is asked for, it all runs in this process. `Beside` runs one call in a
forked process while the caller goes on with other work.
"""

from __future__ import annotations

import marshal
import os
import select
import signal
import threading
from collections.abc import Callable, Iterator
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
    return workers > 1 and count >= least and hasattr(os, "fork")


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
    # Imported here: a build with nothing to do never needs them (see `stamp`).
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

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
    numbers, and tuples, lists and dicts of them): it comes back through `marshal`.

    ``then``, when given, is run after ``function`` where it ran, once the result is handed
    over (work the caller need not wait for, such as writing a record): `close` waits for
    it."""

    def __init__(
        self,
        function: Callable[[], Result],
        *,
        fork: bool = True,
        then: Callable[[], None] | None = None,
    ) -> None:
        self._function, self._then = function, then
        self._pid, self._pipe = 0, -1
        if not fork or not hasattr(os, "fork"):
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
                    out.write(len(payload).to_bytes(8, "little") + payload)
                if then is not None:
                    then()
                status = 0
            finally:
                os._exit(status)
        os.close(writable)
        self._pid, self._pipe = pid, readable

    def ready(self, within: float) -> bool:
        """Whether the result can be read at once, waiting at most ``within`` seconds for it
        (always, when the call runs in this process)."""
        if self._pipe < 0:
            return True
        readable, _, _ = select.select([self._pipe], [], [], within)
        return bool(readable)

    def result(self) -> Result:
        if self._pipe >= 0:
            pipe, self._pipe = self._pipe, -1
            with os.fdopen(pipe, "rb") as source:
                payload = source.read()
            size, payload = int.from_bytes(payload[:8], "little"), payload[8:]
            if self._then is None or len(payload) != size:
                self._reap()  # the forked process is done, or has failed
            if len(payload) == size and size:
                try:
                    return marshal.loads(payload)  # type: ignore[no-any-return]
                except (ValueError, EOFError, TypeError):
                    pass
            self._reap()  # done here instead, from the start
        found = self._function()
        if self._then is not None:
            self._then()
        return found

    def _reap(self) -> None:
        if self._pid:
            pid, self._pid = self._pid, 0
            os.waitpid(pid, 0)

    def close(self) -> None:
        """End the forked process if its result was never asked for; otherwise wait for
        what it does after answering."""
        if self._pipe >= 0 and self._pid:
            os.kill(self._pid, signal.SIGKILL)
            os.close(self._pipe)
            self._pipe = -1
        self._reap()
