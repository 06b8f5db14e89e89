"""YAML mappings read with the line of every top-level key, for errors that name lines.

Timestamps are kept as strings: dates are parsed by newsgen itself, so that an editor's
``2024-09-27`` and ``2024-09-27T14:30:00+07:00`` get the same rules and the same messages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml


class _Loader(yaml.SafeLoader):
    """SafeLoader without the implicit timestamp type."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True)
class YamlProblem:
    """Why a YAML text could not be read, and on which line of it (1-based)."""

    line: int
    problem: str


def load_mapping(text: str) -> tuple[dict[str, Any], dict[str, int]] | YamlProblem:
    """Parse ``text`` as a YAML mapping; return it with each key's 1-based line."""
    try:
        node = yaml.compose(text, Loader=_Loader)
        if node is None:
            return {}, {}
        if not isinstance(node, yaml.MappingNode):
            return YamlProblem(node.start_mark.line + 1, "expected a mapping of key: value lines")
        values = yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        return YamlProblem(line, f"invalid YAML: {problem}")
    except yaml.YAMLError as exc:  # pragma: no cover - every YAML error pyyaml raises is marked
        return YamlProblem(1, f"invalid YAML: {exc}")
    lines = {
        str(key.value): key.start_mark.line + 1
        for key, _ in node.value
        if isinstance(key, yaml.ScalarNode)
    }
    if not isinstance(values, dict):  # pragma: no cover - guarded by the node check
        return YamlProblem(1, "expected a mapping of key: value lines")
    return {str(k): v for k, v in values.items()}, lines
