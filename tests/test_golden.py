"""The fixture site in tests/golden/site, built with a fixed clock, byte for byte.

When a change to the output is intended, regenerate the expected files with
``NEWSGEN_REGENERATE_GOLDEN=1 python -m pytest tests/test_golden.py`` and review the diff.
Photos are compared by name and size only, never by their bytes.
"""

from __future__ import annotations

import os
import shutil
from datetime import datetime
from pathlib import Path

from PIL import Image

from newsgen.build import build
from newsgen.options import BuildOptions

HERE = Path(__file__).parent / "golden"
NOW = datetime.fromisoformat("2024-09-29T12:00:00+07:00")
BINARY = (".jpg", ".jpeg", ".png", ".webp", ".avif", ".gif")


def _files(root: Path) -> dict[str, Path]:
    return {p.relative_to(root).as_posix(): p for p in sorted(root.rglob("*")) if p.is_file()}


def test_fixture_site_byte_for_byte(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(HERE / "site", site)
    build(BuildOptions(site, site / "public", NOW, cache_dir=tmp_path / "cache"))
    built = _files(site / "public")
    expected_dir = HERE / "expected"
    if os.environ.get("NEWSGEN_REGENERATE_GOLDEN"):
        shutil.rmtree(expected_dir, ignore_errors=True)
        for rel, path in built.items():
            target = expected_dir / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            if rel.endswith(BINARY):
                with Image.open(path) as img:
                    target.with_name(target.name + ".size").write_text(
                        f"{img.width}x{img.height}\n"
                    )
            else:
                shutil.copyfile(path, target)
    expected = _files(expected_dir)
    names = {rel.removesuffix(".size") for rel in expected}
    assert sorted(built) == sorted(names)
    for rel, path in built.items():
        if rel.endswith(BINARY):
            with Image.open(path) as img:
                assert f"{img.width}x{img.height}\n" == expected[rel + ".size"].read_text(), rel
        else:
            assert path.read_bytes() == expected[rel].read_bytes(), rel
