"""How long from saving an article to the browser having the new page, under ``newsgen serve``?

Copies a site (default: the demo newsroom at the repository root) to a temporary folder,
starts the preview server on a free port, then edits one article several times. For each edit
it measures, over HTTP as a browser would: the time until the reload signal arrives on the
event stream, and until the article's page carries the new text. Target: under one second.
The CPU time spent meanwhile is shown too: on a busy machine it tells what the wait would be
on an idle one.

    python bench/serve_reload.py [--site .] [--edits 5] [--preview-dir /dev/shm]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from newsgen import serve
from newsgen.build import load_site
from newsgen.options import BuildOptions


def _events(url: str, seen: list[float], signal: threading.Condition) -> None:
    """Listen to the reload signal as the page's script does; note when each one comes."""
    with urllib.request.urlopen(url + "_newsgen/events", timeout=60) as stream:
        for raw in stream:
            if raw.startswith(b"data: "):
                with signal:
                    seen.append(time.perf_counter())
                    signal.notify_all()


def _copy_site(source: Path, target: Path) -> None:
    target.mkdir()
    for name in ("content", "templates", "static", "site.yaml"):
        if (source / name).is_dir():
            shutil.copytree(source / name, target / name)
        elif (source / name).is_file():
            shutil.copy2(source / name, target / name)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--site", type=Path, default=Path())
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument(
        "--preview-dir",
        type=Path,
        default=None,
        help="where the preview is built [default: SITE/.newsgen-cache/serve]",
    )
    args = parser.parse_args()
    with (
        tempfile.TemporaryDirectory() as temp,
        tempfile.TemporaryDirectory(dir=args.preview_dir) as preview_temp,
    ):
        if args.preview_dir:
            args.preview_dir = Path(preview_temp)
        site = Path(temp) / "site"
        _copy_site(args.site, site)
        article = sorted((site / "content" / "articles").rglob("*.md"))[0]
        preview = args.preview_dir / "preview" if args.preview_dir else None
        server = serve.Server(site, port=0, output_dir=preview)
        stop = threading.Event()
        outcomes: list[serve.Outcome] = []
        runner = threading.Thread(target=serve.run, args=(server, stop, outcomes.append))
        with server:
            url = server.start()
            runner.start()
            while not server.watching.is_set() or not outcomes:
                time.sleep(0.01)
            first = outcomes[0]
            if first.report is None:
                print("the site does not build:", *first.errors, sep="\n")
                stop.set()
                runner.join()
                return 1
            page_url = _page_url(site, article)
            seen: list[float] = []
            signal = threading.Condition()
            threading.Thread(target=_events, args=(url, seen, signal), daemon=True).start()
            with signal:
                signal.wait_for(lambda: bool(seen), 5)
            signals: list[float] = []
            pages: list[float] = []
            cpu: list[float] = []
            for number in range(args.edits):
                marker = f"Kalimat uji nomor {number}."
                before = len(seen)
                saved, used = time.perf_counter(), time.process_time()
                with article.open("a", encoding="utf-8") as file:
                    file.write(f"\n{marker}\n")
                with signal:
                    signal.wait_for(lambda n=before: len(seen) > n, 10)  # type: ignore[misc]
                signals.append(seen[-1] - saved)
                with urllib.request.urlopen(url.rstrip("/") + page_url) as response:
                    if marker not in response.read().decode():
                        print(f"edit {number}: the reloaded page lacks the edit")
                        return 1
                pages.append(time.perf_counter() - saved)
                cpu.append(time.process_time() - used)
                time.sleep(0.5)
            stop.set()
            runner.join()
    builds = [o.report.seconds for o in outcomes[1:] if o.report]
    print(f"articles: {first.report.articles}")
    print(f"rebuild: median {statistics.median(builds):.3f} s")
    for label, times in (
        ("save -> reload signal", signals),
        ("save -> page reloaded", pages),
        ("CPU time of that, all threads", cpu),
    ):
        print(f"{label}: median {statistics.median(times):.3f} s, max {max(times):.3f} s")
    return 0 if statistics.median(pages) < 1.0 else 1


def _page_url(site: Path, article: Path) -> str:
    built = load_site(BuildOptions(site, site / "unused", serve.system_clock(), drafts=True))
    return built.library.by_source[article.relative_to(site).as_posix()].url


if __name__ == "__main__":
    sys.exit(main())
