"""Folders taken out of the way of a timed build without deleting them.

On a file system that reuses no inode freed within the last minute (ext4 without a journal,
like the benchmark machine's: it skips each such inode, reading its record, for every file it
makes), a build that runs after tens of thousands of files were deleted pays for that deletion
in system time. The minute becomes six once a skipped inode's record is in a block written to
again, as the build's own new files make it: a cold build of 10,000 stories spent 2.2 to 2.8 s
of system time (13.7 to 16.5 s in all, three builds in a row) on a freshly generated site, and
7.4 to 9.7 s (19.4 to 22.0 s) when 20,000 files had been deleted 65 s before the first of them;
4.9 to 5.8 s right after the previous output was deleted against 2.2 to 3.1 s with it renamed
(three pairs). So outputs and caches are renamed into a trash folder before a timed build, the
trash is deleted only once every timing of the run is over, and a build that follows a
deletion, even one of an earlier run (the time is kept beside the trash), waits until six
minutes have passed.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

# How long after a deletion ext4 without a journal skips the freed inodes: RECENTCY_MIN (60 s)
# in its inode allocator, and RECENTCY_DIRTY (300 s) more while the block holding an inode's
# record is to be written out; with a margin.
SETTLE_SECONDS = 370.0


class Trash:
    """A folder that set-aside folders are renamed into (on the same file system), and the
    time of its last emptying in a file beside it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.stamp = folder.with_name(folder.name + "-emptied")
        self.count = 0

    def set_aside(self, path: Path) -> None:
        """``path`` (a folder or file) moved out of the way, if it exists."""
        if not path.exists():
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        while (target := self.folder / f"{self.count:04d}").exists():
            self.count += 1
        path.rename(target)

    def empty(self) -> None:
        """The trash deleted (when there is anything in it)."""
        if not self.folder.exists():
            return
        shutil.rmtree(self.folder)
        os.sync()
        self.stamp.write_text(repr(time.time()), encoding="utf-8")

    def settle(self) -> float:
        """Wait until a build no longer pays for the last emptying; the seconds waited."""
        try:
            deleted_at = float(self.stamp.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return 0.0
        wait = deleted_at + SETTLE_SECONDS - time.time()
        if wait > 0:
            time.sleep(wait)
        return max(wait, 0.0)
