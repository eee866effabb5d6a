"""The habits that keep the code in shape: layers point one way, types check, lint is clean.

These run the same tools as the pre-commit hooks (.pre-commit-config.yaml), so that CI catches
what a skipped hook let through.
"""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from conftest import REPO


def run_tool(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=600)


def test_layers_point_one_way():
    """cli -> positions -> coverage -> workbook -> render -> framework -> core, imports in functions included."""
    executable = shutil.which("lint-imports")
    assert executable, "import-linter is part of the test extra: pip install -e '.[test]'"
    result = run_tool(executable, "--no-cache")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.slow
def test_types_check():
    result = run_tool(sys.executable, "-m", "mypy")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_import_graph_has_no_cycle():
    """No module imports, directly or through others, a module that imports it back (functions included)."""
    import grimp

    graph = grimp.build_graph("curriculum_map", cache_dir=None)
    modules = sorted(graph.modules)
    cycles = []
    for module in modules:
        for imported in graph.find_modules_directly_imported_by(module):
            if imported != module and graph.chain_exists(importer=imported, imported=module):
                cycles.append((module, imported))
    # a package's __init__ that re-exports its own modules is not a cycle of concern
    cycles = [(a, b) for a, b in cycles if not (b.startswith(a + ".") or a.startswith(b + "."))]
    assert cycles == []


def test_contributing_recipes_name_files_that_exist():
    """Every repository path CONTRIBUTING.md names (in backticks or links) exists."""
    import re

    text = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`((?:curriculum_map|docs|tests|benchmarks|examples)/[\w./-]+)`", text))
    named |= set(re.findall(r"\]\(((?:docs|curriculum_map)/[\w./-]+)\)", text))
    assert len(named) > 15
    missing = sorted(path for path in named if not (REPO / path).exists())
    assert missing == []
    for package in ("cli", "positions", "coverage", "workbook", "render", "framework", "core"):
        assert f"{package}/" in text
