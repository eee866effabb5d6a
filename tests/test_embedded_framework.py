"""Workbooks carry their framework: validate and aggregate read them without --framework."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import openpyxl
import pytest

from conftest import REPO, run, soffice_convert
from curriculum_map.coverage.template import write_templates
from curriculum_map.framework import load_framework
from curriculum_map.workbook.embedded import KEY, embedded_framework
from curriculum_map.workbook.layout import METADATA_SHEET
from make_examples import fill_workbook


@pytest.fixture
def own_framework(tmp_path) -> Path:
    """A small framework of someone's own, as `framework new` writes it (two programmes, three levels)."""
    path = tmp_path / "kader.yaml"
    assert run("framework", "new", "--out", str(path)).exit_code == 0
    return path


def filled(framework_path: Path, folder: Path) -> list[Path]:
    framework = load_framework(framework_path)
    blank = write_templates(framework, folder / "blank")
    folder.mkdir(exist_ok=True)
    paths = []
    for number, workbook in enumerate(blank.workbooks):
        target = folder / f"{workbook.programme.id}.xlsx"
        answers = {("matrix", "1.1", "level"): framework.levels[-1].label.get("nl")}
        paths.append(fill_workbook(workbook.path, target, answers, {"name": f"Docent {number}"}))
    shutil.rmtree(folder / "blank")
    return paths


def metadata(path: Path) -> dict[str, str]:
    sheet = openpyxl.load_workbook(path)[METADATA_SHEET]
    return {str(row[0].value): str(row[1].value) for row in sheet.iter_rows() if row[0].value}


def test_a_workbook_carries_its_framework(own_framework, tmp_path):
    framework = load_framework(own_framework)
    path = filled(own_framework, tmp_path / "in")[0]
    carried = embedded_framework(metadata(path))
    assert carried is not None and carried.hash == framework.hash and carried.id == framework.id
    assert [c.id for c in carried.competences] == [c.id for c in framework.competences]


def test_validate_and_aggregate_need_no_framework_option(own_framework, tmp_path):
    folder = tmp_path / "in"
    filled(own_framework, folder)
    checked = run("validate", str(folder))
    assert checked.exit_code == 0, checked.output
    assert "2 bestanden nagekeken: 2 zonder problemen" in checked.output
    result = run("aggregate", str(folder), "--out", str(tmp_path / "rapport"), "--no-pictures")
    assert result.exit_code == 0, result.output
    assert "mijn-organisatie.digitale-competenties" in result.output  # says which framework it used
    rows = list(csv.DictReader((tmp_path / "rapport" / "responses.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert {r["programme_id"] for r in rows} == {"opleiding-a", "opleiding-b"}


def test_workbooks_of_two_frameworks_in_one_folder_are_named_not_mixed(own_framework, tmp_path, fill):
    folder = tmp_path / "in"
    filled(own_framework, folder)
    # named "0 ..." so that it is read first: the framework most workbooks carry is used all the same
    fill("sociaal-werk", "0 flemish.xlsx", {("matrix", "1.1", "level"): "geoefend"}, {"name": "An"}, folder=folder)
    result = run("aggregate", str(folder), "--out", str(tmp_path / "rapport"), "--no-pictures")
    assert result.exit_code == 1
    assert "mijn-organisatie.digitale-competenties" in result.output  # the framework of most workbooks
    problems = list(csv.DictReader((tmp_path / "rapport" / "problems.csv").read_text("utf-8-sig").splitlines()))
    assert [(p["file"], p["code"]) for p in problems if p["severity"] == "error"] == [
        ("0 flemish.xlsx", "framework-mismatch")
    ]
    rows = list(csv.DictReader((tmp_path / "rapport" / "responses.csv").read_text("utf-8-sig").splitlines()))
    assert {r["programme_id"] for r in rows} == {"opleiding-a", "opleiding-b"}  # never mixed


def test_a_damaged_copy_of_the_framework_is_not_used(own_framework, tmp_path):
    path = filled(own_framework, tmp_path / "in")[0]
    workbook = openpyxl.load_workbook(path)
    sheet = workbook[METADATA_SHEET]
    for row in sheet.iter_rows():
        if row[0].value == KEY:
            row[1].value = row[1].value[:-40] + "A" * 40
    workbook.save(path)
    assert embedded_framework(metadata(path)) is None
    result = run("validate", str(path))
    assert result.exit_code == 1
    assert "mijn-organisatie.digitale-competenties" in result.output  # named as a workbook of another framework


@pytest.mark.libreoffice
@pytest.mark.parametrize("target", ["xlsx", "ods"])
def test_libreoffice_keeps_the_framework(own_framework, tmp_path, target):
    path = filled(own_framework, tmp_path / "in")[0]
    saved = soffice_convert(path, tmp_path / "calc", target)
    result = run("validate", str(saved))
    assert result.exit_code == 0, result.output


def test_the_builtin_framework_fits_in_the_metadata(framework):
    from curriculum_map.workbook.embedded import CHUNK, embedded_rows

    rows = embedded_rows(framework)
    assert rows and all(len(value) <= CHUNK for _, value in rows)
    carried = embedded_framework({**dict(rows), "framework_hash": framework.hash})
    assert carried is not None and (carried.hash, carried.competences) == (framework.hash, framework.competences)
    assert (REPO / "templates").exists()
