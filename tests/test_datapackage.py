"""datapackage.json in every report folder: the CSV files written, each with its schema, separator and encoding,
valid for frictionless (the values checked against their types, categories and keys)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import EXAMPLES, POSITION_EXAMPLES, REPO, run
from curriculum_map.core.report_files import DATAPACKAGE, read_manifest
from curriculum_map.core.tables import table

frictionless = pytest.importorskip("frictionless")
LISTS = ["--roster", str(REPO / "examples" / "lijsten" / "lectoren.csv"), "--courses",
         str(REPO / "examples" / "lijsten" / "opleidingsonderdelen.csv")]  # fmt: skip


@pytest.fixture(scope="module")
def folders(tmp_path_factory) -> dict[str, Path]:
    """The report folders of the examples, as a user makes them; one aggregate with semicolons."""
    root = tmp_path_factory.mktemp("pakket")
    found = {name: root / name for name in ("rapport", "puntkomma", "posities", "groei", "tekort", "trend")}
    assert run("aggregate", EXAMPLES, "--out", found["rapport"], "--no-pictures", *LISTS).exit_code == 1
    semicolon = run("aggregate", EXAMPLES, "--out", found["puntkomma"], "--no-pictures",
                    env={"CURRICULUM_MAP_CSV_DELIMITER": ";"})  # fmt: skip
    assert semicolon.exit_code == 1
    assert run("positions", "aggregate", POSITION_EXAMPLES, "--out", found["posities"], "--no-pictures").exit_code == 1
    assert run("compare", found["rapport"], found["rapport"], "--out", found["groei"]).exit_code == 0
    assert run("gap", found["rapport"], found["posities"], "--out", found["tekort"]).exit_code == 0
    history = root / "h.sqlite"
    assert run("history", "add", found["rapport"], "--round", "2025-2026", "--history", history).exit_code == 0
    trend = run("history", "trend", "--history", history, "--out", found["trend"], "--no-pictures")
    assert trend.exit_code == 0
    return found


def descriptor(folder: Path) -> dict:
    return json.loads((folder / DATAPACKAGE).read_text(encoding="utf-8"))


def test_every_report_folder_describes_every_csv_file_it_holds(folders):
    for name, folder in folders.items():
        package = descriptor(folder)
        assert sorted(r["path"] for r in package["resources"]) == sorted(p.name for p in folder.glob("*.csv")), name
        manifest = read_manifest(folder)
        assert manifest is None or DATAPACKAGE in manifest["files"], name  # compare writes no manifest
        for resource in package["resources"]:
            assert resource["encoding"] == "utf-8-sig" and resource["dialect"]["header"] is True
            expected = ";" if name == "puntkomma" else ","
            assert resource["dialect"]["delimiter"] == expected, (name, resource["path"])


def test_the_resources_carry_their_schemas_and_the_positions_counts_as_written(folders):
    resources = {r["name"]: r for r in descriptor(folders["rapport"])["resources"]}
    assert resources["consensus"]["schema"] == table("consensus").schema()
    assert resources["consensus"]["schema"]["primaryKey"] == ["programme_id", "item_id", "field"]
    positions = {r["name"]: r for r in descriptor(folders["posities"])["resources"]}
    assert positions["position_responses"]["path"] == "responses.csv"
    counts = [f["name"] for f in positions["position_choices"]["schema"]["fields"] if f["name"].startswith("count_")]
    with (folders["posities"] / "position-choices.csv").open(encoding="utf-8-sig") as handle:
        header = handle.readline().strip().split(",")
    assert counts == [h for h in header if h.startswith("count_")] and counts[-1] == "count_n/a"


def test_frictionless_finds_every_report_folder_valid(folders):
    for name, folder in folders.items():
        report = frictionless.validate(folder / DATAPACKAGE)
        errors = [e.message for task in report.tasks for e in task.errors][:5]
        assert report.valid, (name, errors)
        assert len(report.tasks) == len(descriptor(folder)["resources"])


def test_a_value_against_its_type_is_found(folders, tmp_path):
    broken = tmp_path / "kapot"
    shutil.copytree(folders["rapport"], broken)
    path = broken / "consensus.csv"
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    lines[1] = lines[1].replace(",level,", ",niveau,", 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    report = frictionless.validate(broken / DATAPACKAGE)
    assert not report.valid
    assert [(e.type, e.field_name) for task in report.tasks for e in task.errors] == [("constraint-error", "field")]


@pytest.mark.slow
def test_the_frictionless_command_validates_the_examples_report(folders):
    command = shutil.which("frictionless")
    if command is None:
        pytest.skip("the frictionless command is not on the PATH")
    done = subprocess.run([command, "validate", DATAPACKAGE], cwd=folders["rapport"], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-2000:]
