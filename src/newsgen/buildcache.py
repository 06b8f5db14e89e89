"""The persistent build cache: what earlier builds learnt, kept outside ``public/``.

Every record is keyed by digests of its inputs, so a stale record is never used: it is
simply not found. A missing, unreadable or corrupted cache only costs time.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import pickle
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from newsgen import __version__

FORMAT = 12  # of the records; a record of another format is not read
# A file whose time stamp is this close to a scan may change again within the same stamp:
# records taken then do not vouch for it (file systems keep time stamps coarsely).
RACY_NS = 2_000_000_000

# What reading a damaged or foreign cache record can raise: such a record is ignored.
UNREADABLE = (
    OSError,
    pickle.UnpicklingError,
    EOFError,
    ValueError,
    TypeError,
    KeyError,
    AttributeError,
    ImportError,
    IndexError,
    MemoryError,
)


# A record whose entries are all found is not written again for fewer changed ones than this
# share of them: entries are kept with what they were made from, so one that is out of date
# is made again by the next build (a document parsed, a plan made or keyed: a millisecond),
# while the records of 50,000 stories take a second of CPU to write.
STALE_SHARE = 1 / 500

# A record's temporary file older than this (s) was left by a process ended while writing it:
# no writing takes this long, so it is not one being written beside.
LEFT_AFTER = 600


def worth_writing(stale: int, entries: int) -> bool:
    """Whether a record of ``entries`` should be written again for ``stale`` changed ones
    (made by this build, or by earlier ones that left the record as it was)."""
    return stale > entries * STALE_SHARE


def _stamp() -> tuple[str, int, str]:
    return (__version__, FORMAT, sys.version)


def _path(cache_dir: Path, name: str, plain: bool) -> Path:
    return cache_dir / f"{name}.{'marshal' if plain else 'pickle'}"


def drop(cache_dir: Path, name: str, *, plain: bool = False) -> None:
    """Forget the records kept under ``name``, if any."""
    _path(cache_dir, name, plain).unlink(missing_ok=True)


def kept(cache_dir: Path, name: str, *, plain: bool = False) -> bool:
    """Whether records are kept under ``name``: they may still prove stale or unreadable."""
    return _path(cache_dir, name, plain).is_file()


@dataclass(frozen=True)
class Early:
    """Records read before a build asked for them (`read_ahead`), by the file they are in."""

    records: Mapping[str, dict[str, Any]] = field(default_factory=dict)


def read_ahead(
    cache_dir: Path, names: Iterable[tuple[str, bool]], stop: Callable[[], bool]
) -> Early:
    """The records kept under each of ``names`` (name, plain), read in turn for as long as
    ``stop()`` says no: work for a process that would otherwise wait. Handed to `load`."""
    records: dict[str, dict[str, Any]] = {}
    for name, plain in names:
        if stop():
            break
        records[str(_path(cache_dir, name, plain))] = load(cache_dir, name, plain=plain)
    return Early(MappingProxyType(records))


def load(
    cache_dir: Path, name: str, *, plain: bool = False, early: Early | None = None
) -> dict[str, Any]:
    """The records kept under ``name``, or none when they cannot be trusted. ``plain``
    records were saved as plain data (see `save`). Those in ``early`` are taken from it:
    they were read in this build, before anything of it could write them."""
    path = _path(cache_dir, name, plain)
    if early is not None and str(path) in early.records:
        return early.records[str(path)]
    try:
        with path.open("rb") as handle:
            stamp, records = marshal.loads(handle.read()) if plain else pickle.load(handle)
    except FileNotFoundError:
        return {}
    except UNREADABLE:
        return {}
    if stamp != _stamp() or not isinstance(records, dict):
        return {}
    return records


def save(cache_dir: Path, name: str, records: dict[str, Any], *, plain: bool = False) -> None:
    """Replace the records kept under ``name`` atomically. ``plain`` records hold only
    strings, numbers, bytes, None and tuples, lists, dicts and sets of them: they are
    written with `marshal`, twice as fast as `pickle` both ways (its format may change
    with the Python version, which the stamp names)."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=cache_dir, prefix=f".{name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            if plain:
                out.write(marshal.dumps((_stamp(), records)))
            else:
                pickle.dump((_stamp(), records), out, protocol=pickle.HIGHEST_PROTOCOL)
        Path(temporary).replace(_path(cache_dir, name, plain))
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    # The same records as written by a newsgen that kept them the other way: never read again.
    _path(cache_dir, name, not plain).unlink(missing_ok=True)
    _remove_left(cache_dir)


def _remove_left(cache_dir: Path) -> None:
    """Delete the temporary record files that a process ended while writing them left in
    ``cache_dir`` (a build stopped by the system, a forked writer killed): records of a large
    site are tens of megabytes. What cannot be deleted is left: it only costs room."""
    before = time.time() - LEFT_AFTER
    with contextlib.suppress(OSError), os.scandir(cache_dir) as entries:
        for entry in entries:
            if entry.name.startswith(".") and entry.name.endswith(".tmp"):
                with contextlib.suppress(OSError):
                    if entry.stat(follow_symlinks=False).st_mtime < before:
                        os.unlink(entry.path)  # noqa: PTH108
