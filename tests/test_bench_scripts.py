"""`make bench` runs each script as `python bench/x.py`, where only bench/ is on sys.path: a
script must add the project folder before it imports landing, bench or tests (an import
sorter once moved those imports above it, and `make bench` failed on its first line)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"
OURS = ("landing", "bench", "tests")


def _ours(node: ast.stmt) -> bool:
    return isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in OURS


def _adds_the_project(node: ast.stmt) -> bool:
    return "sys.path.insert" in ast.unparse(node)


@pytest.mark.parametrize("script", sorted(BENCH.glob("*.py")), ids=lambda p: p.name)
def test_the_project_is_on_the_path_before_its_imports(script):
    body = ast.parse(script.read_text()).body
    first_import = next((i for i, n in enumerate(body) if _ours(n)), None)
    if first_import is None:
        return
    added = next((i for i, n in enumerate(body) if _adds_the_project(n)), None)
    assert added is not None and added < first_import, script.name
