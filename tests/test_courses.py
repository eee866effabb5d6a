"""Course units and study years: picked or typed beside an answer, they make a course map and learning lines."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from conftest import REPO
from curriculum_map.cli import cli
from curriculum_map.coverage.reader import read_workbook
from make_examples import fill_workbook

COURSES = REPO / "examples" / "lijsten" / "opleidingsonderdelen.csv"


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(path.read_text(encoding="utf-8-sig").splitlines()))


def test_the_workbook_offers_the_programmes_course_units(tmp_path, framework):
    result = run("template", "--out", str(tmp_path), "--programme", "Sociaal werk", "--courses", str(COURSES))
    assert result.exit_code == 0, result.output
    workbook = openpyxl.load_workbook(tmp_path / "Sociaal werk.xlsx")
    units = [row[0] for row in workbook["Opleidingsonderdelen"].iter_rows(min_row=5, values_only=True) if row[0]]
    assert units[0] == "SW101 – Sociaal werk: een introductie (1)" and len(units) == 6
    validations = workbook["Matrix"].data_validations.dataValidation
    course_lists = [v for v in validations if "Opleidingsonderdelen" in (v.formula1 or "")]
    assert course_lists and course_lists[0].errorStyle == "information"  # typing several stays allowed
    assert "F8" in str(course_lists[0].sqref) or "F9" in str(course_lists[0].sqref)
    reading = read_workbook(tmp_path / "Sociaal werk.xlsx", framework)
    assert "sheet-not-read" not in {p.code for p in reading.problems}


def test_picked_and_typed_course_units_make_the_course_map_and_learning_lines(tmp_path):
    run("template", "--out", str(tmp_path / "blank"), "--programme", "Sociaal werk", "--courses", str(COURSES))
    folder = tmp_path / "in"
    folder.mkdir()
    answers = {
        ("matrix", "1.1", "level"): "goed gekaderd",
        ("matrix", "1.1", "evidence"): "SW210 – Sociale inclusie (2)",  # picked from the dropdown
        ("matrix", "1.2", "level"): "geoefend",
        ("matrix", "1.2", "evidence"): "sw301; ONLINE HULPVERLENING",  # typed: a code and a name in capitals
        ("matrix", "1.3", "level"): "exemplarisch",
        ("matrix", "1.3", "evidence"): "Gegevensbescherming en beroepsgeheim (3e bach), Filosofie",  # one unknown
    }
    fill_workbook(tmp_path / "blank" / "Sociaal werk.xlsx", folder / "An.xlsx", answers, {"name": "An"})
    out = tmp_path / "out"
    result = run("aggregate", str(folder), "--out", str(out), "--courses", str(COURSES), "--no-pictures")
    assert result.exit_code in (0, 1), result.output
    links = {(r["item_id"], r["course_code"], r["study_year"], r["score"]) for r in rows(out / "course-map.csv")}
    assert links == {
        ("1.1", "SW210", "2", "2"),
        ("1.2", "SW301", "3", "3"),
        ("1.2", "SW225", "2", "3"),
        ("1.3", "SW318", "3", "1"),
    }
    lines = {(r["item_id"], r["study_year"]): (r["course_codes"], r["score"]) for r in rows(out / "learning-lines.csv")}
    assert lines[("1.2", "2")] == ("SW225", "3") and lines[("1.2", "3")] == ("SW301", "3")
    unknown = [p for p in rows(out / "problems.csv") if p["code"] == "course-unit-unknown"]
    assert len(unknown) == 1 and "Filosofie" in unknown[0]["message"] and unknown[0]["severity"] == "info"


def test_course_lists_in_an_input_folder_are_skipped(tmp_path):
    out = tmp_path / "out"
    result = run("aggregate", str(REPO / "examples"), "--out", str(out), "--no-pictures")
    skipped = [p for p in rows(out / "problems.csv") if p["code"] == "inputs-skipped"]
    assert skipped and "opleidingsonderdelen.csv" in skipped[0]["message"] and "lectoren.csv" in skipped[0]["message"]
    assert "not-a-workbook" not in {p["code"] for p in rows(out / "problems.csv")}
    assert result.exit_code == 1  # the examples hold deliberate mistakes
