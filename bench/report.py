"""Results of one archive size, the targets they are held to, and their Markdown tables."""

from __future__ import annotations

import json
import statistics
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from timing import Measurement

SHARED = 0.15  # others' share of the CPU above which a run is called disturbed
NEWSGEN_FIGURES = (
    ("cold", "cold"),
    ("noop", "no-op"),
    ("edit", "edit one"),
    ("new", "add one"),
    ("template", "template"),
)


@dataclass(frozen=True)
class Figure:
    """One timed case, possibly repeated: the median time counts, and the largest memory."""

    runs: tuple[Measurement, ...]

    @property
    def ok(self) -> bool:
        return bool(self.runs) and all(run.ok for run in self.runs)

    @property
    def seconds(self) -> float:
        return statistics.median(run.seconds for run in self.runs)

    @property
    def cpu_seconds(self) -> float:
        return statistics.median(run.cpu_seconds for run in self.runs)

    @property
    def peak_mb(self) -> float:
        return max(run.peak_mb for run in self.runs)

    @property
    def others_share(self) -> float:
        return max(run.others_share for run in self.runs)

    @property
    def error(self) -> str:
        return next((run.error_tail for run in self.runs if not run.ok), "")


@dataclass
class SizeResult:
    size: int
    seed: int
    newsgen: dict[str, Figure] = field(default_factory=dict)
    hugo: Figure | None = None
    hugo_photos: Figure | None = None  # the Hugo site that makes newsgen's photo variants
    pelican: Figure | None = None
    # newsgen's cold builds with the photo files already made, each run right after a cold one
    photos_made: Figure | None = None
    # Above 10,000 stories: newsgen's cold builds of the 10,000-story archive, run right
    # after this size's cold builds, so that the ratio between them meets one machine.
    paired_10k: Figure | None = None
    versions: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def newsgen_ok(self, name: str) -> Figure | None:
        figure = self.newsgen.get(name)
        return figure if figure and figure.ok else None

    @property
    def newsgen_peak_mb(self) -> float | None:
        peaks = [figure.peak_mb for figure in self.newsgen.values() if figure.ok]
        return max(peaks) if peaks else None

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, ensure_ascii=False)


@dataclass(frozen=True)
class Target:
    label: str
    goal: str
    measured: str
    passed: bool | None  # None: cannot be told (a figure is missing)


def _seconds(figure: Figure | None) -> str:
    if figure is None:
        return "n/a"
    return f"{figure.seconds:.2f}" if figure.ok else "failed"


def _mb(figure: Figure | None) -> str:
    if figure is None:
        return "n/a"
    return f"{figure.peak_mb:.0f}" if figure.ok else "failed"


def _limit(label: str, figure: Figure | None, limit: float) -> Target:
    if figure is None or not figure.ok:
        return Target(label, f"< {limit:g} s", _seconds(figure), None)
    return Target(label, f"< {limit:g} s", f"{figure.seconds:.2f} s", figure.seconds < limit)


def _ratio(
    label: str, goal: str, mine: float | None, theirs: float | None, test: Callable[[float], bool]
) -> Target:
    if mine is None or not theirs:
        return Target(label, goal, "n/a", None)
    ratio = mine / theirs
    return Target(label, goal, f"{ratio:.2f}x", test(ratio))


def targets(result: SizeResult, cold_10k: float | None) -> list[Target]:
    """The stated targets for 1,000, 10,000 and 50,000 stories; none for other sizes."""
    cold = result.newsgen_ok("cold")
    hugo = result.hugo if result.hugo and result.hugo.ok else None
    mine_cold = cold.seconds if cold else None
    hugo_cold = hugo.seconds if hugo else None
    mine_mb, hugo_mb = result.newsgen_peak_mb, hugo.peak_mb if hugo else None
    noop, edit, new = (result.newsgen.get(name) for name in ("noop", "edit", "new"))
    if result.size == 1000:
        return [
            _ratio("cold vs Hugo cold", "<= 1.0x", mine_cold, hugo_cold, lambda r: r <= 1.0),
            _limit("no-op rebuild", noop, 0.5),
            _limit("one edited article", edit, 1),
            _limit("one new article", new, 1),
            _ratio("peak memory vs Hugo", "< 1.0x", mine_mb, hugo_mb, lambda r: r < 1.0),
        ]
    if result.size == 10000:
        return [
            _ratio("cold vs Hugo cold", "<= 0.5x", mine_cold, hugo_cold, lambda r: r <= 0.5),
            _limit("no-op rebuild", noop, 1.5),
            _limit("one edited article", edit, 2),
            _limit("one new article", new, 3),
            _ratio("peak memory vs Hugo", "<= 0.5x", mine_mb, hugo_mb, lambda r: r <= 0.5),
        ]
    if result.size == 50000:
        memory = Target("peak memory", "< 2048 MB", "n/a", None)
        if mine_mb is not None:
            memory = Target("peak memory", "< 2048 MB", f"{mine_mb:.0f} MB", mine_mb < 2048)
        return [
            _ratio("cold vs 10,000 cold", "<= 5.5x", mine_cold, cold_10k, lambda r: r <= 5.5),
            _limit("no-op rebuild", noop, 5),
            _limit("one edited article", edit, 5),
            _limit("one new article", new, 8),
            memory,
        ]
    return []


SUMMARY_HEADER = (
    "| N | newsgen cold s | no-op s | edit s | new s | template s | newsgen peak MB "
    "| Hugo cold s | Hugo peak MB | Pelican cold s | Pelican peak MB "
    "| cold / Hugo | memory / Hugo | Hugo+photos cold s | cold / Hugo+photos |\n"
    + "|---" * 15
    + "|"
)

HUGO_PHOTOS_LEGEND = (
    "Hugo copies the lead photos as they are; Hugo+photos is the same site making of each the "
    "files newsgen makes: the story photo at 480, 800 and 1200 pixels wide (never upscaled) "
    "and the 3:2 listing thumbnail at 240, 480, 720 and 960, each in AVIF (quality 60), WebP "
    "(80) and JPEG (80), and the social crops in JPEG (80): 1200x630, 16:9, 4:3 and 1:1, "
    "25 files a photo. The targets are against the plain Hugo site."
)


def summary_row(result: SizeResult) -> str:
    cold, hugo, hugo_photos = result.newsgen_ok("cold"), result.hugo, result.hugo_photos
    ratio = memory = photos_ratio = "n/a"
    if cold and hugo and hugo.ok:
        ratio = f"{cold.seconds / hugo.seconds:.2f}x"
    if cold and hugo_photos and hugo_photos.ok:
        photos_ratio = f"{cold.seconds / hugo_photos.seconds:.2f}x"
    if result.newsgen_peak_mb is not None and hugo and hugo.ok:
        memory = f"{result.newsgen_peak_mb / hugo.peak_mb:.2f}x"
    peak = result.newsgen_peak_mb
    cells = [
        f"{result.size:,}",
        *(_seconds(result.newsgen.get(name)) for name, _ in NEWSGEN_FIGURES),
        f"{peak:.0f}" if peak is not None else "n/a",
        _seconds(hugo),
        _mb(hugo),
        _seconds(result.pelican),
        _mb(result.pelican),
        ratio,
        memory,
        _seconds(hugo_photos),
        photos_ratio,
    ]
    return "| " + " | ".join(cells) + " |"


def photo_lines(result: SizeResult, cores: int) -> list[str]:
    """What the photo files cost within newsgen's cold build, against Hugo's plain one (which
    makes none): not a target, but what the 1,000-story ratio is made of."""
    cold, made, hugo = result.newsgen_ok("cold"), result.photos_made, result.hugo
    if not (cold and made and made.ok and hugo and hugo.ok):
        return []
    photo_cpu = cold.cpu_seconds - made.cpu_seconds
    return [
        f"Not a target: with the photo files made before (everything of the cold build but "
        f"what the plain Hugo site does not do), newsgen's cold build took {made.seconds:.2f} s, "
        f"{made.seconds / hugo.seconds:.2f}x Hugo's {hugo.seconds:.2f} s, with "
        f"{made.cpu_seconds:.2f} s of CPU against Hugo's {hugo.cpu_seconds:.2f} s. Making the "
        f"photo files took {photo_cpu:.2f} s of CPU (the cold build's less this one's): on "
        f"{cores} cores at least {photo_cpu / cores:.2f} s of wall time by itself, "
        f"{photo_cpu / cores / hugo.seconds:.2f}x Hugo's whole cold build.",
        "",
    ]


def markdown(result: SizeResult, cold_10k: float | None, cold_10k_origin: str, cores: int) -> str:
    lines = [f"## newsgen scale benchmark: {result.size:,} articles", ""]
    lines += [f"- {name}: {version}" for name, version in result.versions.items()]
    lines += [f"- {note}" for note in result.notes]
    outside = (
        result.hugo,
        result.hugo_photos,
        result.pelican,
        result.paired_10k,
        result.photos_made,
    )
    figures = [*result.newsgen.values(), *(f for f in outside if f)]
    shared = max((figure.others_share for figure in figures if figure.runs), default=0.0)
    if shared > SHARED:
        lines.append(
            f"- the machine was shared: other processes took up to {shared:.0%} of its CPU "
            "during a run, which inflates wall times (CPU s below is less affected)"
        )
    lines += ["", SUMMARY_HEADER, summary_row(result), ""]
    if result.hugo_photos is not None:
        lines += [HUGO_PHOTOS_LEGEND, ""]
    checks = targets(result, cold_10k)
    if checks:
        lines += ["### Targets", "", "| figure | target | measured | result |", "|---|---|---|---|"]
        marks = {True: "pass", False: "FAIL", None: "n/a"}
        lines += [f"| {t.label} | {t.goal} | {t.measured} | {marks[t.passed]} |" for t in checks]
        if result.size == 50000 and cold_10k is not None:
            lines.append(f"\n10,000 cold taken as {cold_10k:.2f} s ({cold_10k_origin}).")
        lines.append("")
    lines += photo_lines(result, cores)
    lines += [
        "### Every run",
        "",
        "CPU s is user + system time of the whole process tree (median); others' CPU is the",
        "largest share of the machine that other processes took during one of the runs.",
        "",
        "| tool | case | runs, s | median s | CPU s | peak MB | others' CPU |",
        "|---|---|---|---|---|---|---|",
    ]
    rows: list[tuple[str, str, Figure | None]] = [
        ("newsgen", label, result.newsgen.get(name)) for name, label in NEWSGEN_FIGURES
    ]
    rows += [
        ("newsgen", "cold at 10,000, paired", result.paired_10k),
        ("newsgen", "cold, photo files made before", result.photos_made),
        ("Hugo", "cold", result.hugo),
        ("Hugo+photos", "cold", result.hugo_photos),
        ("Pelican", "cold", result.pelican),
    ]
    for tool, label, figure in rows:
        if figure is None:
            continue
        runs = ", ".join(f"{run.seconds:.2f}" if run.ok else "failed" for run in figure.runs)
        cpu = f"{figure.cpu_seconds:.2f}" if figure.ok else "-"
        cells = [tool, label, runs, _seconds(figure), cpu, f"{figure.peak_mb:.0f}"]
        cells.append(f"{figure.others_share:.0%}")
        lines.append("| " + " | ".join(cells) + " |")
    failures = [(t, lbl, f) for t, lbl, f in rows if f is not None and not f.ok]
    for tool, label, figure in failures:
        lines += ["", f"{tool} {label} failed:", "", "```", figure.error, "```"]
    return "\n".join(lines) + "\n"


def saved_cold(out: Path, size: int) -> float | None:
    """newsgen's cold time at ``size`` from an earlier run's JSON, if there is one."""
    path = out / f"scale-{size}.json"
    if not path.is_file():
        return None
    runs = json.loads(path.read_text("utf-8")).get("newsgen", {}).get("cold", {}).get("runs", [])
    times = [run["seconds"] for run in runs if run["returncode"] == 0]
    return statistics.median(times) if times and len(times) == len(runs) else None
