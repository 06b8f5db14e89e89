"""YAML mappings read with the line of every top-level key, for errors that name lines.

Timestamps are kept as strings: dates are parsed by newsgen itself, so that an editor's
``2024-09-27`` and ``2024-09-27T14:30:00+07:00`` get the same rules and the same messages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[valid-type,misc]
    """The safe loader (libyaml's when installed) without the implicit timestamp type."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True)
class YamlProblem:
    """Why a YAML text could not be read, and on which line of it (1-based)."""

    line: int
    problem: str


def load_mapping(
    text: str, first_line: int = 1
) -> tuple[dict[str, Any], dict[str, int]] | YamlProblem:
    """Parse ``text`` as a YAML mapping; return it with each key's line in the file.

    ``first_line`` is the file line that the text starts on.
    """
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return {}, {}
        if not isinstance(node, yaml.MappingNode):
            return YamlProblem(
                node.start_mark.line + first_line, "expected a mapping of key: value lines"
            )
        values = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:  # lines are 0-based in marks
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + first_line if mark else first_line
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        if exc.context and exc.context_mark and exc.context_mark.line + first_line != line:
            problem += f" ({exc.context} that starts on line {exc.context_mark.line + first_line})"
        return YamlProblem(line, f"invalid YAML: {problem}")
    except yaml.YAMLError as exc:  # pragma: no cover - every YAML error pyyaml raises is marked
        return YamlProblem(first_line, f"invalid YAML: {exc}")
    finally:
        loader.dispose()
    lines = {
        str(key.value): key.start_mark.line + first_line
        for key, _ in node.value
        if isinstance(key, yaml.ScalarNode)
    }
    if not isinstance(values, dict):  # pragma: no cover - guarded by the node check
        return YamlProblem(first_line, "expected a mapping of key: value lines")
    return {str(k): v for k, v in values.items()}, lines
