"""The only writer of ``public/``: every build publishes all of its files or none of them.

The first build (or one with ``--clean``) writes the whole site beside ``public/`` and swaps
it in. Later builds keep a manifest in the build cache (for each file: the digest of what
made it, its size and time stamp) and touch only what changed: new bytes are staged beside
``public/``, then a journal of replacements and deletions is written and applied. A build
that fails before the journal leaves ``public/`` as it was; one interrupted while applying
it is completed by the next build, before anything else. Files whose bytes did not change
are not rewritten, so they keep their time stamps (cheap for deploy tools that compare).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from newsgen import buildcache

JOURNAL = "publish-journal.json"


def manifest_name(public: Path) -> str:
    """Each output folder has a manifest of its own (``build`` and ``serve`` share a cache)."""
    return "manifest-" + hashlib.sha256(str(public.resolve()).encode()).hexdigest()[:16]


def _journal(cache_dir: Path, public: Path) -> Path:
    return cache_dir / f"{manifest_name(public)}-{JOURNAL}"


class Made(NamedTuple):
    """A generated file made by this build: its bytes. ``key`` digests everything they were
    made from. A tuple, made at once."""

    path: str
    key: str
    data: bytes


@dataclass(frozen=True)
class Copy:
    """A file copied as it is (static files, processed photos)."""

    path: str
    source: Path


@dataclass(frozen=True)
class WriteReport:
    written: int
    unchanged: int
    pages_written: int
    pages_unchanged: int
    deleted: int = 0


# Manifest entry: (key, size, mtime_ns) of a file in public/.
Entry = tuple[str, int, int]


def _siblings(public: Path) -> tuple[Path, Path]:
    return (public.parent / f".{public.name}.staging", public.parent / f".{public.name}.old")


def load_manifest(
    cache_dir: Path, public: Path, early: buildcache.Early | None = None
) -> dict[str, Entry]:
    """What the last build published, or nothing when ``public/`` is not what it left."""
    records = buildcache.load(cache_dir, manifest_name(public), plain=True, early=early)
    if records.get("public") != str(public.resolve()) or not public.is_dir():
        return {}
    files = records.get("files")
    return files if isinstance(files, dict) else {}


# What a survey found of published files: (size, time stamp) by path, missing ones left out.
OnDisk = Mapping[str, tuple[int, int]]


def unchanged_on_disk(
    public: Path, path: str, entry: Entry | None, on_disk: OnDisk | None = None
) -> bool:
    """The file at ``path`` is the one the manifest describes, untouched since; looked up in
    ``on_disk`` (`survey`) when given."""
    if entry is None:
        return False
    found = on_disk.get(path) if on_disk is not None else _size_and_time(public, path)
    return found == (entry[1], entry[2])


def _size_and_time(public: Path, path: str) -> tuple[int, int] | None:
    try:
        stat = os.stat(f"{public}/{path}")  # noqa: PTH116 (for every file: no Path objects)
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns


def survey(public: Path, paths: Iterable[str]) -> dict[str, tuple[int, int]]:
    """The size and time stamp of each of ``paths`` under ``public`` that is there."""
    found: dict[str, tuple[int, int]] = {}
    for path in paths:
        looked = _size_and_time(public, path)
        if looked is not None:
            found[path] = looked
    return found


def interrupted(public: Path, cache_dir: Path) -> bool:
    """Whether a build stopped while publishing into ``public``: `recover` has work to do."""
    return _journal(cache_dir, public).exists() or any(p.exists() for p in _siblings(public))


def recover(public: Path, cache_dir: Path) -> None:
    """Finish what an interrupted build left: a journal to apply, or a swap to undo."""
    journal = _journal(cache_dir, public)
    if journal.exists():
        try:
            steps = json.loads(journal.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            steps = None
        if isinstance(steps, dict):
            _apply(public, steps.get("replace", []), steps.get("delete", []))
        journal.unlink(missing_ok=True)
    staging, old = _siblings(public)
    if not public.exists() and old.exists():
        old.rename(public)
    for leftover in (staging, old):
        if leftover.exists():
            shutil.rmtree(leftover)


def _apply(public: Path, replace: list[list[str]] | list[str], delete: list[str]) -> None:
    """Move each staged file (``[name in staging, path]``, or a path staged at itself) to
    its path, then delete ``delete``."""
    staging = str(_siblings(public)[0])
    for item in replace:
        name, path = (item, item) if isinstance(item, str) else item
        staged, target = f"{staging}/{name}", f"{public}/{path}"
        try:  # one call for a file whose folder is there: paths as text, no Path objects
            os.replace(staged, target)  # noqa: PTH105
        except FileNotFoundError:
            if not os.path.exists(staged):  # noqa: PTH110 (moved already, by an earlier attempt)
                continue
            os.makedirs(target.rpartition("/")[0], exist_ok=True)  # noqa: PTH103
            os.replace(staged, target)  # noqa: PTH105
    for path in delete:
        gone = public / path
        gone.unlink(missing_ok=True)
        parent = gone.parent
        while parent != public and parent.is_dir() and not any(parent.iterdir()):
            parent.rmdir()
            parent = parent.parent


def _same_bytes(previous: str, data: bytes) -> bool:
    try:
        with open(previous, "rb") as handle:  # noqa: PTH123 (for every file: no Path objects)
            return os.fstat(handle.fileno()).st_size == len(data) and handle.read() == data
    except OSError:
        return False


def _write(target: str, data: bytes) -> os.stat_result:
    """Write ``data`` to a new file at ``target``; its size and time stamp once written."""
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(descriptor, view) :]
        return os.fstat(descriptor)
    finally:
        os.close(descriptor)


def _source_key(source: Path) -> str:
    stat = source.stat()
    return f"copy:{source.resolve()}:{stat.st_size}:{stat.st_mtime_ns}"


def publish(
    made: Iterable[Made],
    copies: Iterable[Copy],
    public: Path,
    cache_dir: Path,
    previous: Mapping[str, Entry],
    *,
    on_disk: OnDisk | None = None,
    reused: Sequence[tuple[str, str]] = (),
) -> WriteReport:
    """Publish ``made``, ``copies`` and ``reused`` as the whole new site. The caller has
    completed any interrupted build (`recover`) and read ``previous``, the manifest of the
    last one (none for a clean build), then; ``on_disk`` is a `survey` of its files taken
    since. ``reused`` names files of ``previous`` (path, key) the caller found untouched."""
    staging, old = _siblings(public)
    in_place = bool(previous)
    if not in_place and public.exists() and not public.is_dir():
        raise NotADirectoryError(public)
    staging.mkdir(parents=True)
    files: dict[str, Entry] = {}
    staged: list[str] = []
    folders: set[str] = set()
    written = unchanged = pages_written = pages_unchanged = 0
    # Paths as text and files by descriptor: this loop runs once for every file of the site.
    published, staged_in = str(public), str(staging)
    compare = public.is_dir()  # else no file of the new site can be the same as a published one
    for path, key in reused:  # in place: the files stay as they are
        _, size, mtime = previous[path]
        files[path] = (key, size, mtime)
        pages_unchanged += path.endswith(".html")
    unchanged = len(reused)
    try:
        for item in _merge(made, copies, set(files)):
            path, key, data, source = item
            is_page = path.endswith(".html")
            entry = previous.get(path)
            same = checked = False
            if (
                entry is not None
                and entry[0] == key
                and unchanged_on_disk(public, path, entry, on_disk)
            ):
                same = checked = True
            elif compare and data is not None and _same_bytes(f"{published}/{path}", data):
                same = True
            if same and in_place and checked and entry is not None:
                files[path] = (key, entry[1], entry[2])
            elif same and in_place:
                stat = os.stat(f"{published}/{path}")  # noqa: PTH116
                files[path] = (key, stat.st_size, stat.st_mtime_ns)
            else:
                if in_place:  # staged under a number: no folders to make
                    target = f"{staged_in}/{len(staged):07d}"
                else:  # staged as the tree it will be
                    target = f"{staged_in}/{path}"
                    folder = target.rpartition("/")[0]
                    if folder not in folders:  # one mkdir per folder, not per file
                        os.makedirs(folder, exist_ok=True)  # noqa: PTH103
                        folders.add(folder)
                if same:
                    os.link(f"{published}/{path}", target)
                    stat = os.stat(target)  # noqa: PTH116
                elif data is not None:
                    stat = _write(target, data)
                elif source is not None:
                    shutil.copyfile(source, target)
                    stat = os.stat(target)  # noqa: PTH116
                else:  # pragma: no cover - _merge gives bytes or a source
                    raise AssertionError(f"nothing to publish at {path}")
                if not same or not in_place:
                    staged.append(path)
                files[path] = (key, stat.st_size, stat.st_mtime_ns)
            unchanged += same
            written += not same
            pages_unchanged += same and is_page
            pages_written += is_page and not same
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    deleted = sorted(set(previous) - set(files))
    if in_place:
        journal = _journal(cache_dir, public)
        moves = [[f"{number:07d}", path] for number, path in enumerate(staged)]
        journal.write_text(json.dumps({"replace": moves, "delete": deleted}), encoding="utf-8")
        _apply(public, moves, deleted)
        journal.unlink()
        shutil.rmtree(staging, ignore_errors=True)
        for path in staged:  # time stamps of replaced files are those of the staged ones
            stat = (public / path).stat()
            files[path] = (files[path][0], stat.st_size, stat.st_mtime_ns)
    else:
        if public.exists():
            public.rename(old)
        staging.rename(public)
        shutil.rmtree(old, ignore_errors=True)
    buildcache.save(
        cache_dir,
        manifest_name(public),
        {"public": str(public.resolve()), "files": files},
        plain=True,
    )
    return WriteReport(written, unchanged, pages_written, pages_unchanged, len(deleted))


def _merge(
    made: Iterable[Made], copies: Iterable[Copy], seen: set[str]
) -> Iterable[tuple[str, str, bytes | None, Path | None]]:
    """Generated files first, then copies; a path already made or ``seen`` (reused) is not
    copied over it."""
    for item in made:
        if item.path in seen:
            raise AssertionError(f"two outputs at {item.path}")
        seen.add(item.path)
        yield item.path, item.key, item.data, None
    for copy in copies:
        if copy.path in seen:
            continue
        seen.add(copy.path)
        yield copy.path, _source_key(copy.source), None, copy.source
