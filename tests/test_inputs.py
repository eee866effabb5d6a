"""What is read and what is skipped among the inputs: the tool's own outputs, lock files, typing mistakes."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import openpyxl

from conftest import run
from curriculum_map.coverage.reader import read_workbook


def problems(out: Path) -> list[dict[str, str]]:
    return list(csv.DictReader((out / "problems.csv").read_text(encoding="utf-8-sig").splitlines()))


def codes(out: Path) -> list[str]:
    return [p["code"] for p in problems(out)]


def inbox_with_two(fill, tmp_path: Path) -> Path:
    fill("sociaal-werk", "Sociaal werk - An.xlsx", {("matrix", "1.1", "level"): "geoefend"}, {"name": "An"})
    fill("orthopedagogie", "Orthopedagogie - Bo.xlsx", {("matrix", "1.1", "level"): "exemplarisch"}, {"name": "Bo"})
    return tmp_path / "in"


def test_a_report_written_into_the_input_folder_is_not_read_back(fill, tmp_path):
    inbox = inbox_with_two(fill, tmp_path)
    first = run("aggregate", str(inbox), "--out", str(inbox), "--no-pictures")
    second = run("aggregate", str(inbox), "--out", str(inbox), "--no-pictures")
    assert first.exit_code == second.exit_code == 0, second.output
    assert "inputs-skipped" in codes(inbox)
    skipped = next(p for p in problems(inbox) if p["code"] == "inputs-skipped")
    assert "coverage.xlsx" in skipped["message"] and skipped["severity"] == "info"
    # the workbooks are still there, untouched, beside the report
    assert {"Sociaal werk - An.xlsx", "Orthopedagogie - Bo.xlsx", "coverage.xlsx"} <= {p.name for p in inbox.iterdir()}
    # and a shell glob that names the report's own workbook and a lock file does the same
    (inbox / "~$Sociaal werk - An.xlsx").write_bytes(b"lock")
    globbed = sorted(str(p) for p in inbox.glob("*.xlsx"))
    result = run("aggregate", *globbed, "--out", str(tmp_path / "out"), "--no-pictures")
    assert result.exit_code == 0, result.output
    message = next(p for p in problems(tmp_path / "out") if p["code"] == "inputs-skipped")["message"]
    assert "coverage.xlsx" in message and "~$Sociaal werk" in message


def test_last_rounds_report_folder_inside_the_inbox_is_skipped(fill, tmp_path):
    inbox = inbox_with_two(fill, tmp_path)
    assert run("aggregate", str(inbox), "--out", str(inbox / "rapport 2025"), "--no-pictures").exit_code == 0
    shutil.copytree(inbox / "rapport 2025", inbox / "kopie van vorig jaar")  # copied by hand: still ours
    result = run("aggregate", str(inbox), "--out", str(tmp_path / "out"), "--no-pictures")
    assert result.exit_code == 0, result.output
    assert [c for c in codes(tmp_path / "out") if c != "programme-missing"] == ["inputs-skipped"]
    assert "kopie van vorig jaar" in problems(tmp_path / "out")[0]["message"]


def test_a_mistyped_input_is_a_usage_error_and_writes_nothing(fill, tmp_path):
    inbox = inbox_with_two(fill, tmp_path)
    out = tmp_path / "out"
    for command in (["aggregate"], ["positions", "aggregate"], ["validate"]):
        extra = [] if command == ["validate"] else ["--out", str(out)]
        result = run(*command, str(inbox), str(tmp_path / "inbxo"), *extra)
        assert result.exit_code == 2, (command, result.output)
        assert "inbxo" in result.output and "niet gevonden" in result.output
        english = run(*command, str(tmp_path / "inbxo"), *extra, "--lang", "en")
        assert "not found" in english.output and "niet gevonden" not in english.output
    assert not out.exists()


def test_validate_checks_the_workbooks_in_a_folder(fill, tmp_path):
    inbox = inbox_with_two(fill, tmp_path)
    fill("sociaal-werk", "fout.xlsx", {("matrix", "1.1", "level"): "goed"}, {"name": "Cas"})
    result = run("validate", str(inbox))
    assert result.exit_code == 1
    assert "fout.xlsx: Matrix!D9" in result.output
    assert "3 bestanden nagekeken: 2 zonder problemen" in result.output
    assert "map met de naam van een werkmap" not in result.output


def test_respondent_missing_points_at_the_name_cell_after_rows_were_inserted(blank_workbooks, tmp_path, framework):
    path = tmp_path / "ingevoegd.xlsx"
    shutil.copy(blank_workbooks["sociaal-werk"], path)
    workbook = openpyxl.load_workbook(path)
    workbook["Matrix"].insert_rows(1, 2)  # the sheet's first used row is now row 3
    assert workbook["Matrix"]["A11"].value == "1.1"
    workbook["Matrix"]["D11"] = "goed"
    workbook["Matrix"]["E11"] = "geoefend"
    workbook.save(path)
    reading = read_workbook(path, framework)
    missing = next(p for p in reading.problems if p.code == "respondent-missing")
    assert (missing.sheet, missing.cell) == ("Matrix", "C5")
    invalid = next(p for p in reading.problems if p.code == "invalid-level-suggestion")
    assert invalid.cell == "D11"  # cell references count rows as Excel shows them
    assert [(a.cell, a.item_id) for a in reading.answers] == [("E11", "1.1")]
