"""Stable digests of build values, so that a build can tell what did not change.

A value's fingerprint covers everything that can reach a page from it. Documents are not
walked field by field: each `Article` and `Page` carries the digest of its inputs (its file,
the settings and the photos it uses), which stands for the whole document.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import pickle
from collections.abc import Mapping
from datetime import date, datetime
from types import MappingProxyType
from typing import Any

from markupsafe import Markup

from newsgen.model import Article, ImageFile, Page


class Fingerprinter:
    """Digests values, remembering those of objects it has seen (by identity).

    Use one per build step, while the values it has seen are alive and unchanged (build
    values are frozen): shared settings, terms and photos are then digested once.
    """

    def __init__(self) -> None:
        self._memo: dict[int, tuple[object, str]] = {}

    def _feed(self, value: Any, out: list[str]) -> None:
        digest = getattr(value, "digest", None)
        if isinstance(digest, str) and digest and dataclasses.is_dataclass(value):
            out.append(f"<{type(value).__name__}:{digest}>")
        elif value is None or isinstance(value, bool | int | float):
            out.append(repr(value))
        elif isinstance(value, str | Markup):
            out.append(f"{len(value)}:{value}")
        elif isinstance(value, datetime | date):
            out.append(value.isoformat())
        elif (dataclasses.is_dataclass(value) and not isinstance(value, type)) or isinstance(
            value, Mapping | tuple | list
        ):
            remembered = self._memo.get(id(value))
            if remembered is None or remembered[0] is not value:
                parts: list[str] = []
                self._walk(value, parts)
                remembered = (
                    value,
                    hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest(),
                )
                self._memo[id(value)] = remembered
            out.append(remembered[1])
        else:
            out.append(f"{type(value).__name__}:{value!r}")

    def _walk(self, value: Any, out: list[str]) -> None:
        if isinstance(value, Mapping):
            out.append("{")
            for key in sorted(value, key=str):
                self._feed(key, out)
                self._feed(value[key], out)
            out.append("}")
        elif isinstance(value, tuple | list):
            out.append("[")
            for item in value:
                self._feed(item, out)
            out.append("]")
        else:
            out.append(type(value).__name__ + "(")
            for field in dataclasses.fields(value):
                out.append(field.name + "=")
                self._feed(getattr(value, field.name), out)
            out.append(")")

    def __call__(self, *values: Any) -> str:
        parts: list[str] = []
        for value in values:
            self._feed(value, parts)
            parts.append("|")
        return hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def _read_only(mapping: dict[Any, Any]) -> Mapping[Any, Any]:
    return MappingProxyType(mapping)


def _digested(name: str) -> str:
    return name


class _Pickler(pickle.Pickler):
    """Pickles values, but a document or photo file only as its input digest.

    ``reducer_override``, unlike ``persistent_id``, is not called for strings, numbers,
    tuples, lists and dicts: keys of thousands of pages are made without a Python call for
    each of their parts.
    """

    def reducer_override(self, obj: Any) -> Any:
        kind = type(obj)
        if kind in _DIGESTED and obj.digest:
            return (_digested, (f"{kind.__name__}:{obj.digest}",))
        if kind is MappingProxyType:
            return (_read_only, (dict(obj),))
        return NotImplemented


# Frozen dataclasses whose ``digest`` field stands for all of their content.
_DIGESTED: frozenset[type] = frozenset({Article, Page, ImageFile})


def quick(*values: Any) -> str:
    """Like `fingerprint`, much faster, for values that pickle the same in every process
    documents and photo files count by their digests. Sets have no fixed order between runs:
    values holding them get other keys in every process, costing a rebuild, never an error."""
    buffer = io.BytesIO()
    _Pickler(buffer, protocol=5).dump(values)
    return hashlib.sha256(buffer.getbuffer()).hexdigest()


def fingerprint(*values: Any) -> str:
    """A hex digest of ``values``, equal for equal inputs across processes and runs."""
    return Fingerprinter()(*values)
