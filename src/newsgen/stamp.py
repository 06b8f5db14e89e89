"""The build stamp: proof, cheap to check, that a build would change nothing.

A successful build leaves a stamp in the build cache: a digest of the size and time stamp of
every file it could read (the site's ``site.yaml``, ``content/``, ``templates/``, ``static/``
and newsgen itself, theme included), its options, the span of time over which the same files
make the same site (see `library.unchanged_until`), and its report. The next build with the
same options, at a moment in that span, whose files all look the same, and whose published
files are all as it left them, has nothing to do: it answers with the stamped report and
stops, without reading a document. Anything else, and the build runs as usual.

Like the reading cache, a file changed within two seconds of the stamped build's scan is not
trusted to look changed (time stamps are coarse): such a stamp is never used.

This module imports little, so that a build with nothing to do starts fast.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from newsgen import __version__, buildcache, filewalk, output
from newsgen.options import BuildOptions, BuildReport

PACKAGE = Path(__file__).resolve().parent
SITE_FOLDERS = ("content", "templates", "static")
SITE_FILES = ("site.yaml",)


# `Inputs` as plain data, to come back from a forked process.
PlainInputs = tuple[str, int, int, dict[str, tuple[int, int]], str]


@dataclass(frozen=True)
class Inputs:
    """What a build could read, as it looked when the build began."""

    digest: str
    scanned_at: int  # time.time_ns() before the scan
    newest: int  # the latest time stamp among the files, in ns
    # The size and time stamp (ns) the scan found of each file of the site's folders, by
    # path (`filewalk.UNSEEN`: listed, not looked at): reading the site need not look again.
    stats: Mapping[str, tuple[int, int]] = field(default_factory=dict, compare=False, repr=False)
    site: str = field(default="", compare=False)  # the site folder, as the paths begin

    def plain(self) -> PlainInputs:
        """As plain data, to come back from a forked process (see `from_plain`)."""
        return self.digest, self.scanned_at, self.newest, dict(self.stats), self.site

    @classmethod
    def from_plain(cls, plain: PlainInputs) -> Inputs:
        digest, scanned_at, newest, stats, site = plain
        return cls(digest, scanned_at, newest, stats, site)


def _line(path: str, stat: os.stat_result) -> str:
    return f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\0{stat.st_ino}"


class _Scan:
    """What a walk of the site's files found: a line for each (its path, size, time stamp
    and inode), their stats, the newest time stamp."""

    def __init__(self) -> None:
        self.lines: list[str] = [__version__, sys.version]
        self.stats: dict[str, tuple[int, int]] = {}
        self.newest = 0

    def site_file(self, path: str, stat: os.stat_result | OSError) -> None:
        """A file of the site: its stat kept for reading. One that cannot be looked at is
        kept as `filewalk.UNSEEN` (reading looks again, and says why)."""
        self.stats[path] = filewalk.kept(stat)
        self.file(path, stat)

    def file(self, path: str, stat: os.stat_result | OSError) -> None:
        """A file's line. One listed but not there (a link to nothing, or a file deleted
        since it was listed) has a line of its own, so that it is not the site without it;
        one there but not readable is noted so that the digest differs from every other:
        such a site is never vouched for, the build runs."""
        if isinstance(stat, FileNotFoundError):
            self.lines.append(f"{path}\0missing")
        elif isinstance(stat, OSError):
            self.lines.append(f"{path}\0unreadable\0{time.time_ns()}")
        else:
            self.lines.append(_line(path, stat))
            self.newest = max(self.newest, stat.st_mtime_ns)


def inputs(site_dir: Path) -> Inputs:
    """Scan every file a build of ``site_dir`` could read."""
    scanned_at = time.time_ns()
    scan = _Scan()
    seen: set[tuple[int, int]] = set()
    for name in SITE_FOLDERS:
        filewalk.walk(str(site_dir / name), scan.site_file, seen)
    filewalk.walk(str(PACKAGE), scan.file, seen)
    for name in SITE_FILES:
        try:
            stat = (site_dir / name).stat()
        except OSError:
            scan.lines.append(f"{name}\0missing")
            continue
        scan.file(name, stat)
    found = sorted(scan.lines)
    digest = hashlib.sha256("\n".join(found).encode("utf-8", "surrogateescape")).hexdigest()
    return Inputs(digest, scanned_at, scan.newest, scan.stats, str(site_dir))


def inputs_plain(site_dir: Path) -> PlainInputs:
    """`inputs` as plain data (`Inputs.from_plain` makes it whole again)."""
    return inputs(site_dir).plain()


def _name(options: BuildOptions) -> str:
    return output.manifest_name(options.output_dir) + "-stamp"


def _asked(options: BuildOptions) -> tuple[object, ...]:
    """The options that shape the site (not the clock, the workers or the cache)."""
    return (
        str(options.site_dir.resolve()),
        str(options.output_dir.resolve()),
        options.drafts,
        options.strict,
        options.preview,
    )


def _published_intact(options: BuildOptions, early: buildcache.Early | None) -> bool:
    """Every file the last build published is still there as it left it."""
    public = options.output_dir
    if output.interrupted(public, options.cache_root):
        return False
    manifest = output.load_manifest(options.cache_root, public, early)
    if not manifest:
        return False
    return all(output.unchanged_on_disk(public, path, entry) for path, entry in manifest.items())


def _in_span(now: datetime, since: object, until: object) -> bool:
    return (
        isinstance(since, datetime)
        and isinstance(until, datetime)
        and now.utcoffset() == since.utcoffset()
        and since <= now < until
    )


def fresh(
    options: BuildOptions, scanned: Inputs, early: buildcache.Early | None = None
) -> BuildReport | None:
    """The stamped report when a build with ``options`` over ``scanned`` has nothing to do;
    ``early`` holds records of the build cache read ahead (`build.read_ahead`), the
    manifest of ``public/`` among them."""
    if options.clean:
        return None
    stamp = buildcache.load(options.cache_root, _name(options))
    report = stamp.get("report")
    if (
        not isinstance(report, BuildReport)
        or stamp.get("inputs") != scanned.digest
        or stamp.get("asked") != _asked(options)
        or not isinstance(stamp.get("scanned_at"), int)
        or scanned.newest >= stamp["scanned_at"] - buildcache.RACY_NS
        or not _in_span(options.now, stamp.get("since"), stamp.get("until"))
        or not _published_intact(options, early)
    ):
        return None
    return dataclasses.replace(
        report,
        pages_unchanged=report.pages_written + report.pages_unchanged,
        pages_written=0,
        files_written=0,
        images_cached=report.images_made + report.images_cached,
        images_made=0,
        images_pruned=0,
        seconds=(time.time_ns() - scanned.scanned_at) / 1e9,
        stamped=True,
    )


def record(options: BuildOptions, scanned: Inputs, until: datetime, report: BuildReport) -> None:
    """Stamp a successful build: a later one may answer with ``report`` instead of running."""
    buildcache.save(
        options.cache_root,
        _name(options),
        {
            "inputs": scanned.digest,
            "asked": _asked(options),
            "scanned_at": scanned.scanned_at,
            "since": options.now,
            "until": until,
            "report": report,
        },
    )


def forget(options: BuildOptions) -> None:
    """Drop the stamp: the next build runs in full (a failed build does this)."""
    buildcache.drop(options.cache_root, _name(options))
