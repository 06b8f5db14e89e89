"""The persistent build cache: what earlier builds learnt, kept outside ``public/``.

Every record is keyed by digests of its inputs, so a stale record is never used: it is
simply not found. A missing, unreadable or corrupted cache only costs time.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from pathlib import Path
from typing import Any

from newsgen import __version__

FORMAT = 8  # of the records; a record of another format is not read
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


def _stamp() -> tuple[str, int]:
    return (__version__, FORMAT)


def load(cache_dir: Path, name: str) -> dict[str, Any]:
    """The records kept under ``name``, or none when they cannot be trusted."""
    path = cache_dir / f"{name}.pickle"
    try:
        with path.open("rb") as handle:
            stamp, records = pickle.load(handle)
    except FileNotFoundError:
        return {}
    except UNREADABLE:
        return {}
    if stamp != _stamp() or not isinstance(records, dict):
        return {}
    return records


def save(cache_dir: Path, name: str, records: dict[str, Any]) -> None:
    """Replace the records kept under ``name`` atomically."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=cache_dir, prefix=f".{name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            pickle.dump((_stamp(), records), out, protocol=pickle.HIGHEST_PROTOCOL)
        Path(temporary).replace(cache_dir / f"{name}.pickle")
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
