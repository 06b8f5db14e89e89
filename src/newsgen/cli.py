"""The command line: the only place that prints or exits."""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import sys
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TypeVar

import click

from newsgen import __version__, buildcache, stamp
from newsgen.errors import BuildFailed, NewsgenError
from newsgen.options import BuildOptions, BuildReport, default_workers

if TYPE_CHECKING:
    from newsgen import serve

F = TypeVar("F", bound=Callable[..., Any])


def resolve_now(option: str | None, environ: dict[str, str] | os._Environ[str]) -> datetime:
    """``--now``, else ``SOURCE_DATE_EPOCH``, else the clock; always with an offset."""
    if option:
        try:
            moment = datetime.fromisoformat(option.replace("Z", "+00:00"))
        except ValueError:
            raise click.BadParameter(
                f"expected an ISO 8601 date-time such as 2024-09-27T14:30:00+07:00, got {option!r}",
                param_hint="--now",
            ) from None
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    epoch = environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), UTC)
        except ValueError:
            raise click.BadParameter(
                f"SOURCE_DATE_EPOCH must be whole seconds, got {epoch!r}"
            ) from None
    return datetime.now(UTC)


def _messages(error: NewsgenError) -> tuple[str, ...]:
    errors = error.errors if isinstance(error, BuildFailed) else (error,)
    return tuple(item.message for item in errors)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _fail(error: NewsgenError, outcome: str = "build failed", after: str = "") -> None:
    """Every error line, then one line saying what came of it; exit 1."""
    messages = _messages(error)
    for message in messages:
        click.echo(message, err=True)
    click.echo(f"{outcome}: {_plural(len(messages), 'error')}{after}", err=True)
    sys.exit(1)


def summary(report: BuildReport) -> str:
    """The one line every build ends with."""
    return (
        f"{_plural(report.articles, 'article')}, "
        f"{_plural(report.pages_written, 'page')} written, "
        f"{_plural(report.pages_unchanged, 'page')} unchanged, "
        f"{_plural(report.photos, 'photo')} processed, "
        f"{_plural(len(report.warnings), 'warning')} in {report.seconds:.2f} s"
        + (" (nothing changed since the last build)" if report.stamped else "")
    )


class ProgressLine:
    """A bar on one terminal line for builds that take a while; quick builds show none."""

    WIDTH = 30

    def __init__(self, stream: IO[str], delay: float = 0.4) -> None:
        self.stream, self.delay = stream, delay
        self.started = time.perf_counter()
        self.drawn = 0.0
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        now = time.perf_counter()
        if now - self.started < self.delay or (done < total and now - self.drawn < 0.05):
            return
        self.drawn, self.shown = now, True
        filled = self.WIDTH * done // max(total, 1)
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        self.stream.write(f"\rrendering [{bar}] {done}/{total} pages")
        self.stream.flush()

    def clear(self) -> None:
        if self.shown:
            self.stream.write("\r" + " " * (self.WIDTH + 40) + "\r")
            self.stream.flush()
            self.shown = False


def _holder() -> Callable[[object], None] | None:
    """Where a build may leave its objects for the process to drop at exit (see `run`)."""
    held = click.get_current_context().obj
    return held.append if isinstance(held, list) else None


def progress_for(quiet: bool, stream: IO[str]) -> ProgressLine | None:
    """A progress bar on a terminal; none in CI (not a terminal) or with ``--quiet``."""
    if quiet or not stream.isatty():
        return None
    return ProgressLine(stream)


# A scan that takes longer than this (a large site) goes on in a forked process while the
# build's modules are imported: most runs of a large site build.
SCAN_WAIT = 0.05
# The build's modules in the order they are imported meanwhile, the scan looked at between
# two: a build with nothing to do imports at most one it does not need (about 0.03 s).
BUILD_MODULES = (
    "yaml",
    "markdown",
    "jinja2",
    "PIL.Image",
    "newsgen.content",
    "newsgen.discovery",
    "newsgen.imageproc",
    "newsgen.reading",
    "newsgen.plancache",
    "newsgen.build",
)


def _scan(options: BuildOptions) -> tuple[stamp.Inputs, buildcache.Early]:
    """`stamp.inputs` of the site; for a large site, worked out beside the import of the
    build's modules (0.2 s), which a build with nothing to do then mostly never makes. If
    the scan goes on after that, the records a build reads first are read meanwhile
    (`build.read_ahead`), a record at a time; they come back with it."""
    from newsgen import forking

    scanning = forking.Beside(
        partial(stamp.inputs_plain, options.site_dir), fork=options.workers > 1
    )
    early = buildcache.Early()
    try:
        if not scanning.ready(SCAN_WAIT):
            for name in BUILD_MODULES:
                importlib.import_module(name)
                if scanning.ready(0):
                    break
            else:
                from newsgen.build import read_ahead

                early = read_ahead(options, partial(scanning.ready, 0))
        return stamp.Inputs.from_plain(scanning.result()), early
    finally:
        scanning.close()


def _source_option(command: F) -> F:
    return click.option(
        "--source",
        "source_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=Path(),
        show_default=True,
        help="The site folder (with site.yaml).",
    )(command)


def _now_option(help_text: str) -> Callable[[F], F]:
    return click.option("--now", "now_text", metavar="ISO8601", default=None, help=help_text)


@click.group()
@click.version_option(__version__, prog_name="newsgen")
def main() -> None:
    """newsgen: a static site generator for news portals."""


def run() -> None:
    """The ``newsgen`` program: `main`, then an exit that leaves the memory to the system.

    A build of a large archive holds millions of objects; freeing them one by one when it
    is over took a second at 50,000 stories. The build hands them to the list in the
    context's ``obj`` (see `build_command`), which is never freed: once every output is
    flushed, the process ends at once. Only an exit goes this way; an unexpected exception
    still ends the program as usual, with its traceback.
    """
    held: list[object] = []
    try:
        main.main(obj=held)
    except SystemExit as stop:
        code = stop.code
        if isinstance(code, str):
            print(code, file=sys.stderr)
            code = 1
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError):  # a reader that went away (`| head`)
                stream.flush()
        os._exit(code or 0)


@main.command("build")
@_source_option
@click.option(
    "--output",
    "output_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where to publish [default: SOURCE/public].",
)
@click.option("--drafts", is_flag=True, help="Build drafts too, marked as such.")
@click.option("--strict", is_flag=True, help="Fail on warnings as well as errors.")
@click.option("--quiet", is_flag=True, help="Print nothing but errors.")
@click.option("--clean", is_flag=True, help="Ignore the build cache: read and render everything.")
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes [default: one per core].",
)
@_now_option("The build's clock [default: SOURCE_DATE_EPOCH, else now].")
def build_command(
    source_dir: Path,
    output_dir: Path | None,
    drafts: bool,
    strict: bool,
    quiet: bool,
    clean: bool,
    jobs: int | None,
    now_text: str | None,
) -> None:
    """Build the site into its public/ folder."""
    now = resolve_now(now_text, os.environ)
    options = BuildOptions(
        site_dir=source_dir,
        output_dir=output_dir if output_dir is not None else source_dir / "public",
        now=now,
        drafts=drafts,
        strict=strict,
        clean=clean,
        workers=jobs or default_workers(),
    )
    scanned, early = _scan(options)
    report = stamp.fresh(options, scanned, early)
    if report is None:
        from newsgen.build import build  # only now: a build with nothing to do starts fast

        bar = progress_for(quiet, sys.stderr)
        try:
            try:
                report = build(options, progress=bar, scanned=scanned, hold=_holder(), early=early)
            finally:
                if bar is not None:
                    bar.clear()
        except NewsgenError as error:
            _fail(error, after="; public/ left as it was")
            return
    if not quiet:
        for warning in report.warnings:
            click.echo(f"warning: {warning.message}", err=True)
        click.echo(summary(report))


@main.command("check")
@_source_option
@click.option("--strict", is_flag=True, help="Fail on warnings as well as errors.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="json: a list of {severity, path, line, field, message}.",
)
@_now_option("Check the site as it is at this moment [default: SOURCE_DATE_EPOCH, else now].")
def check_command(source_dir: Path, strict: bool, output_format: str, now_text: str | None) -> None:
    """Check the site for mistakes; writes nothing.

    For CI and pre-commit: exit 1 on errors (and on warnings with --strict).
    """
    now = resolve_now(now_text, os.environ)
    options = BuildOptions(site_dir=source_dir, output_dir=source_dir / "public", now=now)
    from newsgen.check import check_site

    findings = check_site(options)
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = len(findings) - errors
    if output_format == "json":
        click.echo(json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=2))
    else:
        for finding in findings:
            prefix = "warning: " if finding.severity == "warning" else ""
            click.echo(prefix + finding.text)
        verdict = "no problems found" if not findings else "check found problems"
        if findings:
            verdict += f": {_plural(errors, 'error')}, {_plural(warnings, 'warning')}"
            if strict and warnings and not errors:
                verdict += " (--strict: warnings fail)"
        click.echo(verdict, err=True)
    if errors or (strict and warnings):
        sys.exit(1)


@main.command("new")
@click.argument("title")
@click.option("--category", help="The article's category, e.g. Politik (not for --page).")
@click.option(
    "--author", "authors", multiple=True, help="The writer; give it again for a second one."
)
@click.option("--page", "is_page", is_flag=True, help="A static page in content/pages/.")
@_source_option
@_now_option("The article's date [default: SOURCE_DATE_EPOCH, else now].")
def new_command(
    title: str,
    category: str | None,
    authors: tuple[str, ...],
    is_page: bool,
    source_dir: Path,
    now_text: str | None,
) -> None:
    """Start a new article (or page) as a draft file, and print its path."""
    from newsgen import scaffold

    now = resolve_now(now_text, os.environ)
    if not is_page and not (category and category.strip()):
        raise click.UsageError("an article needs --category, e.g. --category Politik")
    try:
        if is_page:
            document = scaffold.new_page(title)
        else:
            from newsgen.config import load_config

            config = load_config(source_dir)
            document = scaffold.new_article(
                title, (category or "").strip(), now, config, tuple(a.strip() for a in authors)
            )
        path = scaffold.create(source_dir, document)
    except NewsgenError as error:
        _fail(error, outcome="nothing written")
        return
    click.echo(str(path))
    click.echo(
        "Started as a draft: write it, preview it with `newsgen serve`, "
        "and set draft: false to publish.",
        err=True,
    )


class PreviewLog:
    """The terminal's account of the preview's builds; what it said once, it does not repeat."""

    def __init__(self) -> None:
        self.shown: set[str] = set()

    def __call__(self, outcome: serve.Outcome) -> None:
        cause = f"{', '.join(outcome.changed)} changed: " if outcome.changed else ""
        if outcome.report is None:
            for message in outcome.errors:
                click.echo(message, err=True)
            click.echo(
                f"{cause}build failed: {_plural(len(outcome.errors), 'error')}; "
                "the browser shows them until they are fixed",
                err=True,
            )
            self.shown -= {m for m in self.shown if m.startswith("warning: ")}
            return
        for warning in outcome.report.warnings:
            self._once(f"warning: {warning.message}", err=True)
        click.echo(f"{cause}{summary(outcome.report)}")
        for status, title, url in outcome.report.previews:
            self._once(f"  {status}: {title} -> {url}")

    def _once(self, line: str, err: bool = False) -> None:
        if line not in self.shown:
            self.shown.add(line)
            click.echo(line, err=err)


@main.command("serve")
@_source_option
@click.option(
    "--port",
    default=8000,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="0: any free port.",
)
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="0.0.0.0 lets other computers see it."
)
def serve_command(source_dir: Path, port: int, host: str) -> None:
    """Preview the site on this computer, live.

    Drafts and scheduled stories are included and marked; every save rebuilds the site and
    reloads open browser tabs. Nothing is written to public/.
    """
    from newsgen import serve

    try:
        server = serve.Server(
            source_dir, host=host, port=port, clock=lambda: resolve_now(None, os.environ)
        )
    except OSError as error:
        click.echo(
            f"cannot serve on {host}:{port}: {error.strerror or error}; try another --port",
            err=True,
        )
        sys.exit(1)
    stop = threading.Event()
    with server:
        url = server.start()
        click.echo(f"Preview at {url} (drafts and scheduled stories included); Ctrl+C stops.")
        try:
            serve.run(server, stop, PreviewLog())
        except KeyboardInterrupt:
            stop.set()
    click.echo("Preview stopped.")
