"""The tree shows the domain (issue 15): landing/ holds create_app, the settings and one
package per domain, each saying what it owns; no module grows past 400 lines; tests mirror
the packages, and only the browser tests load Playwright."""

from __future__ import annotations

import ast
from pathlib import Path

import landing

PACKAGE = Path(landing.__file__).parent
ROOT = PACKAGE.parent
DOMAINS = {"core", "data", "urls", "scripts", "pages", "notify", "team", "prospects", "calls",
           "videos", "web", "cli"}  # fmt: skip


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" not in path.parts:
            yield path


def test_the_root_holds_only_create_app_the_settings_and_the_packages():
    modules = {p.name for p in PACKAGE.glob("*.py")}
    packages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    assert modules == {"__init__.py", "config.py"}
    assert packages == DOMAINS


def test_every_package_says_what_it_owns():
    for init in PACKAGE.rglob("__init__.py"):
        if "migrations" in init.parts:
            continue
        docstring = ast.get_docstring(ast.parse(init.read_text()))
        assert docstring and len(docstring) > 40, f"{init.relative_to(ROOT)} has no docstring"


def test_no_module_is_over_400_lines():
    long = {
        str(p.relative_to(ROOT)): n
        for p in _modules()
        if (n := len(p.read_text().splitlines())) > 400
    }
    assert not long, long


def test_tests_mirror_the_packages():
    folders = {p.name for p in (ROOT / "tests").iterdir() if (p / "__init__.py").exists()}
    assert folders == DOMAINS | {"browser"}


def test_only_browser_tests_load_playwright():
    """No test module or conftest outside tests/browser/ imports Playwright, or anything of
    tests/browser/ (which does)."""
    tests = ROOT / "tests"
    for path in sorted(tests.rglob("*.py")):
        if (tests / "browser") in path.parents:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            for name in names:
                assert not name.startswith(("playwright", "tests.browser")), path
