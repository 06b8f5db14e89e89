"""Walking the site's folders: every file once, with its stat.

The build stamp walks the site's folders to see whether anything changed; reading takes the
documents and photos of ``content/`` from that same walk instead of looking again. This
module imports nothing of newsgen, so that a build with nothing to do starts fast.
"""

from __future__ import annotations

import os
from collections.abc import Callable

UNSEEN = (-1, -1)  # the size and time stamp kept of a file listed but not looked at

# What `walk` tells of a file: its stat, or the error met looking at it or at a folder.
Found = Callable[[str, "os.stat_result | OSError"], None]


def walk(folder: str, found: Found, seen: set[tuple[int, int]]) -> None:
    """Tell ``found`` of every file under ``folder`` (path as ``folder/name/...``); a
    folder that is not there holds nothing.

    Linked folders are followed, each folder once (``seen`` holds those met); names are
    taken in order, so a folder linked twice is always found by the same path.
    """
    try:
        where = os.stat(folder)  # noqa: PTH116
        if (where.st_dev, where.st_ino) in seen:
            return
        seen.add((where.st_dev, where.st_ino))
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except (FileNotFoundError, NotADirectoryError):
        return
    except OSError as exc:
        found(folder, exc)
        return
    for entry in entries:
        try:
            if entry.is_dir(follow_symlinks=True):
                if entry.name != "__pycache__":
                    walk(entry.path, found, seen)
                continue
            stat = entry.stat()
        except OSError as exc:
            found(entry.path, exc)
            continue
        found(entry.path, stat)


def kept(stat: os.stat_result | OSError) -> tuple[int, int]:
    """What a walk keeps of a file for reading: its size and time stamp (ns), or `UNSEEN`."""
    return UNSEEN if isinstance(stat, OSError) else (stat.st_size, stat.st_mtime_ns)
