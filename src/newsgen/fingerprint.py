"""Stable digests of build values, so that a build can tell what did not change.

A value's fingerprint covers everything that can reach a page from it. Documents are not
walked field by field: each `Article` and `Page` carries the digest of its inputs (its file,
the settings and the photos it uses), which stands for the whole document.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from markupsafe import Markup


def _feed(value: Any, out: list[str]) -> None:
    digest = getattr(value, "digest", None)
    if isinstance(digest, str) and digest and dataclasses.is_dataclass(value):
        out.append(f"<{type(value).__name__}:{digest}>")
    elif value is None or isinstance(value, bool | int | float):
        out.append(repr(value))
    elif isinstance(value, str | Markup):
        out.append(f"{len(value)}:{value}")
    elif isinstance(value, datetime | date):
        out.append(value.isoformat())
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        out.append(type(value).__name__ + "(")
        for field in dataclasses.fields(value):
            out.append(field.name + "=")
            _feed(getattr(value, field.name), out)
        out.append(")")
    elif isinstance(value, Mapping):
        out.append("{")
        for key in sorted(value, key=str):
            _feed(key, out)
            _feed(value[key], out)
        out.append("}")
    elif isinstance(value, tuple | list):
        out.append("[")
        for item in value:
            _feed(item, out)
        out.append("]")
    else:
        out.append(f"{type(value).__name__}:{value!r}")


def fingerprint(*values: Any) -> str:
    """A hex digest of ``values``, equal for equal inputs across processes and runs."""
    parts: list[str] = []
    for value in values:
        _feed(value, parts)
        parts.append("|")
    return hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()
