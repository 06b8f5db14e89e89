"""Which files of a site changed: the watching behind ``newsgen serve``.

Two watchers feed one queue: one on the site folder itself, not recursive, for ``site.yaml``
and for the content, templates and static folders coming or going (``public/``, the cache and
anything else there are no concern of it); one on those three folders and all below them,
which starts over whenever one of them appears or goes.
"""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Iterator
from pathlib import Path

import watchfiles

from newsgen.config import CONFIG_FILE

WATCHED_DIRS = ("content", "templates", "static")


class _Either:
    """Set when any of its events is: how the watcher is told to stop or to start over."""

    def __init__(self, *events: threading.Event) -> None:
        self.events = events

    def is_set(self) -> bool:
        return any(event.is_set() for event in self.events)


class SiteWatcher:
    """Changed paths of one site (relative to it), in batches, until ``stop`` is set.

    ``watching`` is set while both watchers are in place, so that no change goes unseen:
    a caller that must not miss an edit waits for it.
    """

    def __init__(
        self, site_dir: Path, stop: threading.Event, watching: threading.Event | None = None
    ) -> None:
        self.site_dir, self.stop = site_dir, stop
        self.watching = watching or threading.Event()
        self.found: queue.Queue[tuple[str, ...]] = queue.Queue()
        self.restart = threading.Event()
        self.top_ready, self.trees_ready = threading.Event(), threading.Event()

    def changes(self) -> Iterator[tuple[str, ...]]:
        """Each batch of changed paths, as it comes; the watchers end with the iteration."""
        threads = (
            threading.Thread(target=self._watch_top, name="newsgen-watch-site", daemon=True),
            threading.Thread(target=self._watch_trees, name="newsgen-watch-dirs", daemon=True),
        )
        for thread in threads:
            thread.start()
        try:
            while not self.stop.is_set():
                self._note_ready()
                try:
                    batch = set(self.found.get(timeout=0.05))
                except queue.Empty:
                    continue
                while not self.found.empty():
                    batch.update(self.found.get_nowait())
                self._note_ready()
                yield tuple(sorted(batch))
        finally:
            self.stop.set()
            for thread in threads:
                thread.join()

    def _note_ready(self) -> None:
        if self.top_ready.is_set() and self.trees_ready.is_set():
            self.watching.set()
        else:
            self.watching.clear()

    def _lasting(self, batch: set[tuple[watchfiles.Change, str]]) -> tuple[str, ...]:
        """Changed paths, less passing temporary files (an editor's or a tool's, made and
        removed again within one batch)."""
        seen: dict[str, set[watchfiles.Change]] = {}
        for change, path in batch:
            relative = Path(os.path.relpath(path, self.site_dir)).as_posix()
            seen.setdefault(relative, set()).add(change)
        return tuple(
            sorted(
                path
                for path, changes in seen.items()
                if watchfiles.Change.added not in changes or (self.site_dir / path).exists()
            )
        )

    def _watch_top(self) -> None:
        names = {CONFIG_FILE, *WATCHED_DIRS}
        for batch in watchfiles.watch(
            self.site_dir,
            watch_filter=lambda _change, path: Path(path).name in names,
            recursive=False,
            stop_event=self.stop,
            rust_timeout=200,
            yield_on_timeout=True,
            raise_interrupt=False,
        ):
            paths = self._lasting(batch)
            if any(p in WATCHED_DIRS for p in paths):
                self.restart.set()  # before the rebuild: no edit may slip past the restart
                self.trees_ready.clear()
            self.top_ready.set()
            if paths:
                self.found.put(paths)

    def _watch_trees(self) -> None:
        while not self.stop.is_set():
            self.restart.clear()
            roots = [self.site_dir / d for d in WATCHED_DIRS if (self.site_dir / d).is_dir()]
            if not roots:
                self.trees_ready.set()
                self.restart.wait(0.2)
                continue
            for batch in watchfiles.watch(
                *roots,
                stop_event=_Either(self.stop, self.restart),
                rust_timeout=200,
                yield_on_timeout=True,
                raise_interrupt=False,
            ):
                if not self.restart.is_set():
                    self.trees_ready.set()  # the first answer: the watcher is in place
                paths = self._lasting(batch)
                if paths:
                    self.found.put(paths)
