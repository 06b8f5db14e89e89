"""Wall time and peak memory of one command, run as a child process.

Peak memory is the larger of two figures: the child's ``ru_maxrss`` from ``wait4`` (the largest
single process of the tree, what ``/usr/bin/time`` reports) and the largest sum of proportional
set sizes (PSS) over the whole process tree, sampled from ``/proc``, so that a build spread over
worker processes is charged for all of them without counting shared pages twice. Reading a large
process's PSS walks its page tables in the kernel, on this process's CPU: ten samples a second of a
build holding 800 MB took 1.3 s of CPU over a 7.5 s build and made it 0.8 s slower on two cores. So
samples are taken ten times a second at most, and further apart when they cost more: the sampler
takes at most `SAMPLE_SHARE` of one core.

The machine may be shared: `others_share` tells how much of its CPU went to other processes while
a command ran, and `wait_for_quiet` holds a run back until they settle.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

SAMPLE_SECONDS = 0.1  # the shortest time between two samples
SAMPLE_SHARE = 0.05  # of one core's time, the most the sampler takes
PROC = Path("/proc")
CORES = len(os.sched_getaffinity(0))
TICKS = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Measurement:
    seconds: float  # wall time
    cpu_seconds: float  # user + system, the whole tree
    peak_mb: float
    returncode: int
    error_tail: str  # the last lines of stderr when the command failed
    others_share: float  # of all cores' time during the run, used by other processes

    @property
    def ok(self) -> bool:
        return self.returncode == 0


def _cpu_ticks() -> tuple[int, int]:
    """Busy and total CPU ticks of the machine since boot, from ``/proc/stat``."""
    try:
        first = (PROC / "stat").read_text().split("\n", 1)[0].split()
    except OSError:
        return 0, 0
    ticks = [int(value) for value in first[1:9]]  # guest time is already in user time
    return sum(ticks) - ticks[3] - ticks[4], sum(ticks)


def machine_busy(seconds: float = 1.0) -> float:
    """The share of all cores busy over the next ``seconds``."""
    busy, total = _cpu_ticks()
    time.sleep(seconds)
    busy_after, total_after = _cpu_ticks()
    return (busy_after - busy) / (total_after - total) if total_after > total else 0.0


def wait_for_quiet(limit_seconds: float, threshold: float = 0.25) -> float:
    """Wait, at most ``limit_seconds``, until less than ``threshold`` of the machine is busy;
    the last share seen."""
    deadline = time.monotonic() + limit_seconds
    busy = machine_busy()
    while busy >= threshold and time.monotonic() < deadline:
        busy = machine_busy()
    return busy


def _descendants(root: int) -> list[int]:
    found, pending = [], [root]
    while pending:
        pid = pending.pop()
        found.append(pid)
        try:
            tasks = list((PROC / str(pid) / "task").iterdir())
        except OSError:
            continue
        for task in tasks:
            try:
                pending.extend(int(child) for child in (task / "children").read_text().split())
            except OSError:
                continue
    return found


def _pss_kb(pid: int) -> int:
    try:
        text = (PROC / str(pid) / "smaps_rollup").read_text()
    except OSError:
        return 0
    for line in text.splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1])
    return 0


class _TreeSampler(threading.Thread):
    """Samples the summed PSS of a process tree until stopped."""

    def __init__(self, root: int) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.peak_kb = 0
        self.samples = 0
        self.done = threading.Event()

    def run(self) -> None:
        pause = SAMPLE_SECONDS
        while not self.done.wait(pause):
            started = time.thread_time()
            total = sum(_pss_kb(pid) for pid in _descendants(self.root))
            self.peak_kb = max(self.peak_kb, total)
            self.samples += 1
            pause = max(SAMPLE_SECONDS, (time.thread_time() - started) / SAMPLE_SHARE)


def measure(
    command: Sequence[str], cwd: Path | None = None, env: dict[str, str] | None = None
) -> Measurement:
    """Run ``command`` to its end; stdout is discarded, stderr kept for a failure's report."""
    sample_tree = (PROC / "self" / "smaps_rollup").exists()
    with tempfile.TemporaryFile() as errors:
        busy_before, _ = _cpu_ticks()
        started = time.perf_counter()
        process = subprocess.Popen(
            list(command), cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=errors
        )
        sampler = _TreeSampler(process.pid)
        if sample_tree:
            sampler.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        except BaseException:  # interrupted: leave no build running behind
            process.kill()
            process.wait()
            raise
        seconds = time.perf_counter() - started
        busy_after, _ = _cpu_ticks()
        process.returncode = os.waitstatus_to_exitcode(status)
        if sample_tree:
            sampler.done.set()
            sampler.join()
        errors.seek(0)
        tail = errors.read().decode("utf-8", "replace").strip().splitlines()[-8:]
    peak_kb = max(usage.ru_maxrss, sampler.peak_kb)
    cpu_seconds = usage.ru_utime + usage.ru_stime
    foreign = (busy_after - busy_before) / TICKS - cpu_seconds
    return Measurement(
        seconds=seconds,
        cpu_seconds=cpu_seconds,
        peak_mb=peak_kb / 1024,
        returncode=process.returncode,
        error_tail="\n".join(tail) if process.returncode else "",
        others_share=min(1.0, max(0.0, foreign / (seconds * CORES))) if seconds else 0.0,
    )
