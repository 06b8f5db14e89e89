"""Errors a user can cause, each carrying the file and line it is about.

User mistakes are `NewsgenError`s with a one-line message of the form
``path:line: field: what is wrong (got X)``. Real bugs are never caught as these.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


class NewsgenError(Exception):
    """Base of every error that is the user's to fix."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


def located(path: str, line: int | None, field: str | None, problem: str) -> str:
    """Format the one-line message of the content contract."""
    where = f"{path}:{line}" if line else path
    return f"{where}: {field}: {problem}" if field else f"{where}: {problem}"


class ConfigError(NewsgenError):
    """A mistake in site.yaml."""

    def __init__(self, path: str, line: int | None, field: str | None, problem: str) -> None:
        super().__init__(located(path, line, field, problem))
        self.path, self.line, self.field, self.problem = path, line, field, problem

    def __reduce__(self) -> tuple[type[ConfigError], tuple[str, int | None, str | None, str]]:
        return (type(self), (self.path, self.line, self.field, self.problem))


class ContentError(NewsgenError):
    """A mistake in one content file: front matter, body or a photo it names."""

    def __init__(self, path: str, line: int | None, field: str | None, problem: str) -> None:
        super().__init__(located(path, line, field, problem))
        self.path, self.line, self.field, self.problem = path, line, field, problem

    def __reduce__(self) -> tuple[type[ContentError], tuple[str, int | None, str | None, str]]:
        return (type(self), (self.path, self.line, self.field, self.problem))


class RenderError(NewsgenError):
    """A mistake in a template."""


@dataclass(frozen=True)
class BuildWarning:
    """A finding that does not stop the build unless ``--strict`` is given."""

    path: str
    line: int | None
    field: str
    problem: str

    @property
    def message(self) -> str:
        return located(self.path, self.line, self.field, self.problem)

    def __str__(self) -> str:
        return self.message

    def as_error(self) -> ContentError:
        return ContentError(self.path, self.line, self.field, self.problem)


class BuildFailed(NewsgenError):
    """Every error of one run, reported together."""

    def __init__(self, errors: Iterable[NewsgenError]) -> None:
        self.errors: tuple[NewsgenError, ...] = tuple(errors)
        super().__init__("\n".join(e.message for e in self.errors))
