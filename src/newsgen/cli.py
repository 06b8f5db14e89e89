"""The command line: the only place that prints or exits."""

from __future__ import annotations

import os
import sys
from datetime import UTC, datetime
from pathlib import Path

import click

from newsgen import __version__
from newsgen.build import BuildOptions, build
from newsgen.errors import BuildFailed, NewsgenError


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


def _fail(error: NewsgenError) -> None:
    errors = error.errors if isinstance(error, BuildFailed) else (error,)
    for item in errors:
        click.echo(item.message, err=True)
    noun = "error" if len(errors) == 1 else "errors"
    click.echo(f"build failed: {len(errors)} {noun}; public/ left as it was", err=True)
    sys.exit(1)


@click.group()
@click.version_option(__version__, prog_name="newsgen")
def main() -> None:
    """newsgen: a static site generator for news portals."""


@main.command("build")
@click.option(
    "--source",
    "source_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path(),
    show_default=True,
    help="The site folder (with site.yaml).",
)
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
@click.option(
    "--now",
    "now_text",
    metavar="ISO8601",
    default=None,
    help="The build's clock [default: SOURCE_DATE_EPOCH, else now].",
)
def build_command(
    source_dir: Path,
    output_dir: Path | None,
    drafts: bool,
    strict: bool,
    quiet: bool,
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
    )
    try:
        report = build(options)
    except NewsgenError as error:
        _fail(error)
        return
    if not quiet:
        for warning in report.warnings:
            click.echo(f"warning: {warning.message}", err=True)
        click.echo(
            f"{report.articles} articles, {report.pages_written} pages written, "
            f"{report.pages_unchanged} unchanged, {report.photos} photos, "
            f"{len(report.warnings)} warnings in {report.seconds:.2f} s"
        )
