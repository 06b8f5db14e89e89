"""The cyclic garbage collector, paused while a build runs.

A build makes a great many objects that live until it ends (documents, plans, keys) and
almost no reference cycles: the collector, which scans every live object again each time
enough new ones have been made, would find nothing and cost a third of an incremental build.
Objects without cycles are freed by reference counting all the same; the collector runs
again once the build is over, for whatever few cycles it left.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """The collector off inside the block, and back as it was after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
