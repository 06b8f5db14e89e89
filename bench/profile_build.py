"""Where one newsgen build spends its time: a build of a generated archive under cProfile.

    python bench/profile_build.py --size 1000 [--case noop] [--top 25] [--sort tottime]

The archive is the one ``bench/scale.py`` generates for the same size and seed, written to
``--work/profile-N/site`` (kept, and reused with ``--reuse``). The case is prepared as in the
scale benchmark: ``cold`` removes the output and the build cache; ``noop``, ``edit``, ``new`` and
``template`` first make one unprofiled build, then change the site. The profiled build runs in this
process, imports included; work done in worker processes shows only as the parent's waiting, so
``--newsgen-arg`` can pass, say, a single-worker option when the build has one.
"""

from __future__ import annotations

import argparse
import cProfile
import importlib
import pstats
import subprocess
import sys
import time
from pathlib import Path

import newsgen_site
from archive import Archive, breaking_story, make_archive
from setaside import Trash

WORK = Path("/tmp/newsgen-bench")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--case", choices=newsgen_site.SCENARIOS, default="cold")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--sort", default="cumulative", help="a pstats sort key")
    parser.add_argument("--work", type=Path, default=WORK)
    parser.add_argument("--reuse", action="store_true", help="reuse an earlier generated site")
    parser.add_argument("--save", type=Path, help="also write the raw profile here")
    parser.add_argument(
        "--newsgen-arg", action="append", default=[], help="an extra argument of every build"
    )
    return parser.parse_args(argv)


def _has_clean_flag() -> bool:
    done = subprocess.run(
        [sys.executable, "-m", "newsgen", "build", "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    return "--clean" in done.stdout


def profiled_build(build_args: list[str]) -> tuple[cProfile.Profile, float, object]:
    """One build through newsgen's command line, in this process; its exit code, if any."""
    profiler = cProfile.Profile()
    started = time.perf_counter()
    code: object = 0
    profiler.enable()
    try:
        cli = importlib.import_module("newsgen.cli")
        cli.main(build_args, standalone_mode=False)
    except SystemExit as stop:
        code = stop.code
    finally:
        profiler.disable()
    return profiler, time.perf_counter() - started, code


def _unused_number(archive: Archive, site: Path) -> int:
    """A new story that a reused site does not have yet."""
    for number in range(50):
        if not newsgen_site.article_path(site, breaking_story(archive, number)).exists():
            return number
    raise SystemExit("no new story left to add: generate the site again (without --reuse)")


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    root = args.work / f"profile-{args.size}"
    site, output = root / "site", root / "public"
    archive = make_archive(args.size, args.seed)
    trash = Trash(args.work / f"profile-{args.size}-trash")
    if not (args.reuse and site.is_dir()):
        trash.set_aside(root)
        newsgen_site.write_site(archive, site)
    plain = newsgen_site.build_args(site, output, args.newsgen_arg)
    if args.case != "cold":
        print(f"preparing: one plain build of {site}", file=sys.stderr, flush=True)
        subprocess.run([sys.executable, "-m", "newsgen", *plain], check=True)
    number = _unused_number(archive, site) if args.case == "new" else 0
    newsgen_site.prepare(args.case, archive, site, output, number, trash.set_aside)
    waited = trash.settle()  # a build after a deletion pays for it (see `setaside`)
    if waited:
        print(f"waited {waited:.0f} s after the last profile's folders went", file=sys.stderr)
    extra = ["--clean"] if args.case == "cold" and _has_clean_flag() else []
    build_args = newsgen_site.build_args(site, output, [*extra, *args.newsgen_arg])
    profiler, seconds, code = profiled_build(build_args)
    print(f"{args.case} build of {args.size:,} articles: {seconds:.2f} s (exit code {code})")
    stats = pstats.Stats(profiler).strip_dirs().sort_stats(args.sort)
    stats.print_stats(args.top)
    if args.save:
        stats.dump_stats(args.save)
    trash.empty()


if __name__ == "__main__":
    main()
