"""A run that is killed leaves the report folder as one run's files and no process behind.

The tool is started as a user would start it (a separate process with worker processes), killed at
several moments, and the folder and the process table are checked afterwards.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from curriculum_map.core.report_files import MANIFEST, file_hash, read_manifest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")

WORKBOOKS = 40  # above ingest.PARALLEL_FROM, so that worker processes read the files


@pytest.fixture(scope="module")
def inbox(tmp_path_factory, blank_workbooks) -> Path:
    from make_examples import fill_workbook

    folder = tmp_path_factory.mktemp("inbox")
    first = fill_workbook(
        blank_workbooks["sociaal-werk"],
        folder / "Sociaal werk - 0.xlsx",
        {("matrix", "1.1", "level"): "geoefend", ("competences", "1.1.1", "level"): "exemplarisch"},
        {"name": "Respondent 0"},
    )
    for number in range(1, WORKBOOKS):
        shutil.copy(first, folder / f"Sociaal werk - {number}.xlsx")
    return folder


def start(inbox: Path, out: Path, *extra: str) -> subprocess.Popen:
    """The tool in a process of its own; what it prints goes to a file beside `out` (a pipe could fill up)."""
    # with the PNG copies of the maps: the run lasts long enough to be stopped while it draws, too
    command = [sys.executable, "-m", "curriculum_map", "aggregate", str(inbox), "--out", str(out), "--jobs", "2"]
    command.append("--pictures")
    log = (out.parent / f"{out.name}.log").open("ab")
    return subprocess.Popen([*command, *extra], stdout=log, stderr=log)


def finished(process: subprocess.Popen) -> bool:
    """The run ended by itself: 1, as the inbox's copies are one respondent's duplicates (warnings), never 2 or 3."""
    return process.wait(timeout=300) == 1


def processes_mentioning(marker: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
            state = next(line for line in (entry / "status").read_text().splitlines() if line.startswith("State:"))
        except (OSError, StopIteration):
            continue
        if marker.encode() in cmdline and "zombie" not in state:
            found.append(int(entry.name))
    return found


def assert_one_complete_run(out: Path) -> str:
    """Every file in the folder is listed in its manifest with the same content, and nothing is missing."""
    manifest = read_manifest(out)
    assert manifest is not None and manifest["complete"] is True
    present = sorted(p.name for p in out.iterdir() if p.name != MANIFEST)
    assert present == sorted(manifest["files"])
    for name, digest in manifest["files"].items():
        assert file_hash(out / name) == digest, name
    return manifest["run_id"]


def test_a_finished_run_writes_a_manifest_of_its_files(inbox, tmp_path):
    out = tmp_path / "rapport"
    process = start(inbox, out)
    assert finished(process)
    assert_one_complete_run(out)
    assert {"responses.csv", "coverage.xlsx", "report.html", "desk.html", "heatmap-componenten.png"} <= set(
        json.loads((out / MANIFEST).read_text())["files"]
    )
    assert not list(tmp_path.glob(".rapport.*")), "the staging folder is removed"


@pytest.mark.parametrize("after", [0.4, 1.2, 2.5, 4.0])
def test_killed_at_any_moment_the_folder_holds_one_run_and_no_worker_survives(inbox, tmp_path, after):
    out = tmp_path / "rapport"
    first = start(inbox, out)
    assert finished(first)
    before = assert_one_complete_run(out)

    second = start(inbox, out)
    time.sleep(after)
    second.send_signal(signal.SIGKILL)
    second.wait(timeout=30)
    deadline = time.monotonic() + 5
    while processes_mentioning(str(out)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert processes_mentioning(str(out)) == [], "a worker of the killed run is still running"
    after_kill = assert_one_complete_run(out)
    assert after_kill in (before, after_kill)  # the old run, or the new one if it had finished
    # a later run cleans up what the killed one left beside the folder
    third = start(inbox, out, "--no-pictures")
    assert finished(third)
    assert assert_one_complete_run(out) != before
    assert not list(tmp_path.glob(".rapport.*"))


def test_stopped_with_sigterm_it_cleans_up_and_says_so(inbox, tmp_path):
    out = tmp_path / "rapport"
    process = start(inbox, out)
    # signal it once the run is under way (its staging folder exists), however slow the machine is
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".rapport.*")) and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=60)
    if process.returncode == 1:
        pytest.skip("the run finished before the signal arrived")
    stderr = (tmp_path / "rapport.log").read_text()
    assert process.returncode == 130, stderr
    assert "onderbroken" in stderr and "Traceback" not in stderr
    assert not list(tmp_path.glob(".rapport.*"))
    assert processes_mentioning(str(out)) == []


def test_a_full_disk_names_the_file_and_keeps_the_old_report(inbox, tmp_path):
    """A file-size limit makes writing fail the way a full disk does: the error names the file."""
    out = tmp_path / "rapport"
    assert finished(start(inbox, out, "--no-pictures"))
    before = assert_one_complete_run(out)
    limit = "import resource, runpy, sys; resource.setrlimit(resource.RLIMIT_FSIZE, (20000, 20000)); "
    command = [
        sys.executable,
        "-c",
        limit + "sys.argv = ['curriculum-map'] + sys.argv[1:]; runpy.run_module('curriculum_map', run_name='__main__')",
        "aggregate", str(inbox), "--out", str(out), "--no-pictures", "--jobs", "1",
    ]  # fmt: skip
    env = {**os.environ}
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, env=env)
    assert result.returncode == 2, result.stderr
    assert "None" not in result.stderr and ".csv" in result.stderr or ".xlsx" in result.stderr
    assert assert_one_complete_run(out) == before
