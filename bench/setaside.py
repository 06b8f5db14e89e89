"""Folders taken out of the way of a timed build without deleting them.

On a file system that reuses no inode freed within the last minute (ext4 without a journal,
like the benchmark machine's: it skips each such inode, reading its record, for every file it
makes), a build that runs right after tens of thousands of files were deleted pays for that
deletion in system time: a cold build of 10,000 stories spent 4.9 to 5.8 s of it right after
the previous output and cache were deleted, and 2.2 to 3.1 s with them renamed instead (three
pairs); once, 17.5 s against 7.4 s for the same build 40 s later. So outputs and caches are
renamed into a trash folder before a timed build and deleted only once the timings are over,
and the first timed build after a deletion waits until the file system no longer skips what
was freed.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

# How long after a deletion ext4 without a journal skips the freed inodes (RECENTCY_MIN in
# its inode allocator: 60 s, and 300 s more while their records are not yet written out),
# with a margin.
SETTLE_SECONDS = 65.0


class Trash:
    """A folder that set-aside folders are renamed into (on the same file system)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.count = 0
        self.deleted_at = 0.0  # time.monotonic() of the last deletion; 0: none

    def set_aside(self, path: Path) -> None:
        """``path`` (a folder or file) moved out of the way, if it exists."""
        if not path.exists():
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        while (target := self.folder / f"{self.count:04d}").exists():
            self.count += 1
        path.rename(target)

    def empty(self, *also: Path) -> None:
        """The trash and the paths ``also`` deleted (when there is anything to delete)."""
        gone = [path for path in (self.folder, *also) if path.exists()]
        for path in gone:
            shutil.rmtree(path)
        if gone:
            # Written out: the window is longer while the freed inodes' records are not.
            os.sync()
            self.deleted_at = time.monotonic()

    def settle(self) -> float:
        """Wait until a build no longer pays for the last deletion; the seconds waited."""
        if not self.deleted_at:
            return 0.0
        wait = self.deleted_at + SETTLE_SECONDS - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        return max(wait, 0.0)
