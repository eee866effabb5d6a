"""The public API: what a script calls, documented in the README, the same numbers as the CLI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import curriculum_map as cm
from conftest import REPO


def test_every_exported_name_resolves_and_is_documented():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name in cm.__all__:
        assert getattr(cm, name) is not None
    for name in ("load_framework", "write_templates", "read_workbook", "run_aggregate", "aggregate", "load_results"):
        assert f"cm.{name}(" in readme, name


def test_importing_the_package_imports_no_heavy_library():
    code = (
        "import sys, curriculum_map; print(sorted(m for m in ('pandas', 'openpyxl', 'matplotlib') if m in sys.modules))"
    )
    assert (
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "[]"
    )


def test_a_script_gets_the_numbers_the_report_shows(fill, tmp_path):
    path = fill("sociaal-werk", "a.xlsx", {("matrix", "1.1", "level"): "geoefend"}, {"name": "An"})
    framework = cm.load_framework()
    reading = cm.read_workbook(path, framework)
    aggregation = cm.aggregate([reading], framework)
    result = cm.run_aggregate([path.parent], framework, tmp_path / "report", pictures=False)
    again = cm.load_results(tmp_path / "report", framework)
    for numbers in (aggregation, result.aggregation, again):
        assert numbers.cell("sociaal-werk", "1.1").consensus == 3
    written = cm.write_templates(framework, tmp_path / "blank", [framework.find_programme("sociaal-werk")])
    assert [w.path.name for w in written.workbooks] == ["Sociaal werk.xlsx"]
    assert isinstance(Path(written.workbooks[0].path), Path)
