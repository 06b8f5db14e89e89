"""The only writer of ``public/``: builds the new site beside it, then swaps it in.

A failed or interrupted build leaves the published folder as it was. Files whose bytes
did not change are hard-linked from the previous build, so they keep their identity and
time stamps (cheap for deploy tools that compare them) and are counted as unchanged.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from newsgen.render import Output


@dataclass(frozen=True)
class WriteReport:
    written: int
    unchanged: int
    pages_written: int
    pages_unchanged: int


def _siblings(public: Path) -> tuple[Path, Path]:
    return (public.parent / f".{public.name}.staging", public.parent / f".{public.name}.old")


def recover(public: Path) -> None:
    """Undo what an interrupted swap left: the old site back in place, staging gone."""
    staging, old = _siblings(public)
    if not public.exists() and old.exists():
        old.rename(public)
    for leftover in (staging, old):
        if leftover.exists():
            shutil.rmtree(leftover)


def _same_bytes(previous: Path, data: bytes) -> bool:
    try:
        return previous.stat().st_size == len(data) and previous.read_bytes() == data
    except OSError:
        return False


def _place(target: Path, previous: Path, data: bytes) -> bool:
    """Write ``data`` at ``target``; True when ``previous`` already held it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if _same_bytes(previous, data):
        try:
            os.link(previous, target)
            return True
        except OSError:
            pass
    target.write_bytes(data)
    return False


def publish(
    outputs: Iterable[Output], copies: Iterable[tuple[str, Path]], public: Path
) -> WriteReport:
    """Write ``outputs`` and copy ``copies`` (path under public, source file) as the new site."""
    recover(public)
    staging, old = _siblings(public)
    staging.mkdir(parents=True)
    seen: set[str] = set()
    written = unchanged = pages_written = pages_unchanged = 0
    try:
        for output in outputs:
            if output.path in seen:
                raise AssertionError(f"two outputs at {output.path}")
            seen.add(output.path)
            same = _place(staging / output.path, public / output.path, output.data)
            is_page = output.path.endswith(".html")
            unchanged += same
            written += not same
            pages_unchanged += same and is_page
            pages_written += is_page and not same
        for path, source in copies:
            if path in seen:
                continue
            seen.add(path)
            same = _place(staging / path, public / path, source.read_bytes())
            unchanged += same
            written += not same
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if public.exists():
        public.rename(old)
    staging.rename(public)
    shutil.rmtree(old, ignore_errors=True)
    return WriteReport(written, unchanged, pages_written, pages_unchanged)
