from __future__ import annotations

import os
import shutil
import subprocess
import sys
import traceback
import uuid
from collections.abc import Mapping
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from curriculum_map.cli import cli
from curriculum_map.framework.model import Framework, load_framework

REPO = Path(__file__).resolve().parents[1]
# the examples, one kind per folder: the programmes' workbooks and the positions workbooks
EXAMPLES = REPO / "examples" / "opleidingen"
POSITION_EXAMPLES = REPO / "examples" / "posities"


# A run starts from the tool's defaults, whatever the shell of the person running the tests has set.
SETTINGS = ("CURRICULUM_MAP_LANG", "CURRICULUM_MAP_CSV_DELIMITER")


def run(*args: object, env: Mapping[str, str | None] | None = None, input: str | bytes | None = None) -> Result:
    """Run the CLI in-process as a user would; an exception it did not turn into an exit status fails the test."""
    result = CliRunner().invoke(
        cli, [str(arg) for arg in args], env={**dict.fromkeys(SETTINGS), **(env or {})}, input=input
    )
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        assert result.exc_info is not None
        pytest.fail(
            f"curriculum-map {' '.join(map(str, args))} ended in an unexpected exception:\n"
            + "".join(traceback.format_exception(*result.exc_info))
            + f"\noutput:\n{result.output}",
            pytrace=False,
        )
    return result


@pytest.fixture(scope="session")
def framework() -> Framework:
    return load_framework()


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def soffice_convert(source: Path, out_dir: Path, target: str = "xlsx") -> Path:
    """Open `source` in LibreOffice and save it as `target`, as a lecturer using Calc would."""
    soffice = soffice_path()
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    out_dir.mkdir(parents=True, exist_ok=True)
    profile = out_dir / f".lo-profile-{uuid.uuid4().hex}"
    env = {**os.environ, "HOME": str(out_dir)}
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(out_dir),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
        env=env,
    )
    shutil.rmtree(profile, ignore_errors=True)
    converted = out_dir / (source.stem + "." + target.split(":")[0])
    assert converted.exists(), f"LibreOffice did not write {converted}"
    return converted


sys.path.insert(0, str(REPO / "examples"))


@pytest.fixture(scope="session")
def blank_workbooks(tmp_path_factory, framework) -> dict[str, Path]:
    """One blank workbook per programme id, made by the tool (never modified by tests)."""
    from curriculum_map.coverage.template import write_templates

    out = tmp_path_factory.mktemp("blank")
    result = write_templates(framework, out)
    return {w.programme.id: w.path for w in result.workbooks}


@pytest.fixture
def fill(blank_workbooks, tmp_path):
    """fill(programme_id, name, answers, respondent=...) -> path of a filled copy in tmp_path/in."""
    from make_examples import fill_workbook

    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)

    def _fill(programme_id: str, filename: str, answers, respondent=None, folder: Path = folder) -> Path:
        respondent = {"name": Path(filename).stem} if respondent is None else respondent
        return fill_workbook(blank_workbooks[programme_id], folder / filename, answers, respondent)

    return _fill


# Tests that take seconds each: LibreOffice, whole runs in separate processes, the type checker, big
# generated files. `pytest -m "not slow"` is the quick run (about half the time); CI runs them all.
SLOW_MODULES = {"test_interrupted.py"}
SLOW_TESTS = {
    "test_worker_processes_also_work_when_started_fresh_as_on_windows_and_macos",
    "test_examples_are_up_to_date",
    "test_zip_bomb_over_a_gigabyte_is_refused_before_parsing",
    "test_heatmap_command_writes_svg_and_pdf_with_readable_text",
    "test_report_renders_in_headless_chromium",
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        name = getattr(item, "originalname", item.name)
        if item.get_closest_marker("libreoffice") or item.path.name in SLOW_MODULES or name in SLOW_TESTS:
            item.add_marker(pytest.mark.slow)


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


@pytest.fixture(scope="session")
def browser():
    """The system Chromium driven by Playwright (its own browsers are never downloaded); skipped without one."""
    executable = chromium_path()
    if executable is None:
        pytest.skip("Chromium is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def axe_violations(page) -> list[dict]:
    """Every axe-core violation on the page (all rules axe runs by default, best practices included)."""
    from axe_playwright_python.sync_playwright import Axe

    return Axe().run(page).response["violations"]


def describe_violations(violations: list[dict]) -> str:
    return "\n".join(f"{v['id']} ({v['impact']}): {v['help']} - {v['nodes'][0]['target']}" for v in violations)
