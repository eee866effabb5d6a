"""The command line: fast start, no heavy imports, a progress bar only where someone looks at it."""

from __future__ import annotations

import io
import subprocess
import sys

from conftest import REPO, run
from curriculum_map.cli import Progress
from curriculum_map.coverage.reader import WorkbookReading


def test_importing_the_cli_does_not_import_heavy_libraries():
    code = (
        "import sys, curriculum_map.cli\n"
        "print(sorted(m for m in ('pandas', 'openpyxl', 'matplotlib', 'numpy', 'xlsxwriter', 'jinja2',"
        " 'python_calamine', 'krippendorff', 'jsonschema') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    assert result.stdout.strip() == "[]"


def test_help_lists_every_command():
    result = run("--help")
    assert result.exit_code == 0
    for command in ("framework", "template", "validate", "aggregate", "heatmap", "compare", "positions", "gap"):
        assert command in result.output


def test_no_progress_bar_when_output_is_not_a_terminal(tmp_path):
    result = run("aggregate", str(REPO / "examples"), "--out", str(tmp_path), "--no-pictures")
    assert "Werkmappen lezen" not in result.output


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_counts_files_and_problems(tmp_path):
    stream = Terminal()
    progress = Progress(True, "nl", file=stream)
    clean = WorkbookReading("a.xlsx", tmp_path / "a.xlsx")
    troubled = WorkbookReading("b.xlsx", tmp_path / "b.xlsx")
    troubled.problem("empty-file")
    progress(clean, 2)
    progress(troubled, 2)
    progress.close()
    shown = stream.getvalue()
    assert "Werkmappen lezen" in shown and "2/2" in shown and "1 met problemen" in shown
    silent = io.StringIO()
    quiet = Progress(False, "nl", file=silent)
    quiet(clean, 1)
    quiet.close()
    assert silent.getvalue() == ""
