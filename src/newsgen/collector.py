"""The cyclic garbage collector, kept out of the way of a build.

A build makes a great many objects that live until it ends (documents, plans, keys) and
almost no reference cycles: the collector, which scans every live object again each time
enough new ones have been made, would find nothing and cost a third of an incremental build.
So it is paused while a build reads and plans. Drawing pages is another matter: templates
leave small cycles behind, so from there on it runs again, over the new objects only, the
build's long-lived ones set aside (`gc.freeze`). Forked workers do the same from their start:
they never scan, nor copy by touching, what they share with the parent.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """The collector off inside the block (unless `resume` turns it on), as it was after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.unfreeze()
        if enabled:
            gc.enable()
        else:
            gc.disable()


def resume() -> None:
    """The collector on again for objects made from now on; those alive now are set aside."""
    gc.freeze()
    gc.enable()
