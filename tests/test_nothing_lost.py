"""Every value a person types ends up in responses.csv or is named in problems.csv, whatever they did.

Each scenario edits a blank workbook the way a lecturer would (openpyxl here; LibreOffice for the
cases a real client could change), recording every cell typed. After `aggregate`, every recorded
cell must be accounted for: as an answer row, as the evidence or comment of an answer row, or named
by a problem at its cell, at its row's id cell (with the value), or for the whole file.
"""

from __future__ import annotations

import csv
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils.cell import coordinate_from_string

from conftest import run, soffice_convert
from curriculum_map.core.problems import Problem
from curriculum_map.coverage.reader import read_workbook

FILE_LEVEL_CODES = {"duplicate-submission", "identical-submission", "sheet-not-read"}


def read_csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(path.read_text(encoding="utf-8-sig").splitlines()))


@dataclass
class Typist:
    """Types into a copy of a blank workbook and remembers every cell it typed."""

    path: Path
    workbook: openpyxl.Workbook
    typed: list[tuple[str, str, str]] = field(default_factory=list)  # (sheet, cell, value)

    @classmethod
    def open(cls, blank: Path, target: Path) -> Typist:
        shutil.copy(blank, target)
        return cls(target, openpyxl.load_workbook(target))

    def type(self, sheet: str, cell: str, value: object) -> None:
        ws = self.workbook[sheet]
        ws.protection.sheet = False  # a lecturer who unprotects the sheet can type anywhere
        ws[cell] = value
        self.typed.append((sheet, cell, str(value)))

    def save(self) -> Typist:
        self.workbook.save(self.path)
        return self


def matrix_row(workbook: openpyxl.Workbook, item_id: str, sheet: str = "Matrix") -> int:
    ws = workbook[sheet]
    return next(row for row in range(1, ws.max_row + 1) if ws.cell(row, 1).value == item_id)


def scenarios(blank: Path, folder: Path) -> list[Typist]:
    """Workbooks as real users return them: each with a different kind of mess."""
    made = []

    def new(name: str) -> Typist:
        typist = Typist.open(blank, folder / name)
        made.append(typist)
        return typist

    plain = new("gewoon.xlsx")
    plain.type("Matrix", "C3", "An Peeters")
    plain.type("Matrix", "C5", "12/3/2026")
    for item, level in (("1.1", "geoefend"), ("1.2", "exemplarisch"), ("2.1", "goed gekaderd")):
        row = matrix_row(plain.workbook, item)
        plain.type("Matrix", f"D{row}", level)
        plain.type("Matrix", f"E{row}", "geoefend")
        plain.type("Matrix", f"F{row}", "Methodiek 2")
    plain.type("Competenties", f"C{matrix_row(plain.workbook, '1.1.1', 'Competenties')}", "exemplarisch")
    plain.save()

    messy = new("rommelig.xlsx")
    messy.type("Matrix", "C3", "Bram")
    messy.type("Matrix", f"E{matrix_row(messy.workbook, '2.1')}", "exemplarisch")
    row = matrix_row(messy.workbook, "1.1")
    messy.type("Matrix", f"D{row}", "goed")  # not a level
    messy.type("Matrix", f"G{row}", "zie cursus")  # a comment on a row without a valid level
    row = matrix_row(messy.workbook, "1.2")
    messy.type("Matrix", f"G{row}", "geoefend")  # a level in the comment column
    messy.type("Matrix", f"I{row}", "nog navragen")  # beside the table
    messy.type("Matrix", "K2", "versie 2")  # above the table, far right
    messy.type("Matrix", f"D{matrix_row(messy.workbook, '3.1')}", 7)
    last = messy.workbook["Matrix"].max_row
    messy.type("Matrix", f"D{last + 2}", "geoefend")  # an added row without id
    messy.type("Matrix", f"C{last + 2}", "eigen component")
    messy.save()

    renamed = new("kolom hernoemd.xlsx")
    renamed.type("Matrix", "C3", "Chloë")
    renamed.type("Matrix", "E7", "Ambitie 2030")
    renamed.type("Matrix", "H7", "Notities")
    row = matrix_row(renamed.workbook, "4.2")
    renamed.type("Matrix", f"D{row}", "exemplarisch")
    renamed.type("Matrix", f"E{row}", "geoefend")
    renamed.type("Matrix", f"H{row}", "geoefend")  # under an unknown column
    renamed.typed = [t for t in renamed.typed if t[1] not in ("E7", "H7")]  # headers are not answers
    renamed.save()

    copied = new("blad gekopieerd.xlsx")
    copied.type("Matrix", "C3", "Dries")
    row = matrix_row(copied.workbook, "5.1")
    copied.type("Matrix", f"D{row}", "goed gekaderd")
    copy = copied.workbook.copy_worksheet(copied.workbook["Matrix"])
    copy.title = "Matrix (2)"
    copied.type("Matrix (2)", f"D{row}", "geoefend")
    copied.type("Matrix (2)", f"E{matrix_row(copied.workbook, '5.2', 'Matrix (2)')}", "geoefend")
    notes = copied.workbook.create_sheet("Notities")
    notes["A1"] = "vragen voor de coördinator"
    copied.typed.append(("Notities", "A1", "vragen voor de coördinator"))
    copied.save()

    missing = new("blad weg.xlsx")
    missing.type("Matrix", "C3", "Eva")
    missing.type("Matrix", f"D{matrix_row(missing.workbook, '6.1')}", "exemplarisch")
    del missing.workbook["Competenties"]
    missing.save()

    # the same workbook saved twice under another name, no name filled in: one respondent
    twice = new("Sociaal werk.xlsx")
    twice.type("Matrix", f"D{matrix_row(twice.workbook, '7.1')}", "geoefend")
    twice.save()
    again = Typist(folder / "Sociaal werk (1).xlsx", twice.workbook, list(twice.typed))
    made.append(again.save())
    return made


def accounted(typed: tuple[str, str, str], file: str, responses, problems) -> bool:
    sheet, cell, value = typed
    column, row = coordinate_from_string(cell)
    for answer in responses:
        if answer["file"] != file or answer["sheet"] != sheet:
            continue
        if answer["cell"] == cell:
            return True
        if coordinate_from_string(answer["cell"])[1] == row and value in (answer["evidence"], answer["comment"]):
            return True
        if sheet == "Matrix" and cell == "C3" and answer["respondent"] == value:
            return True
        if sheet == "Matrix" and cell == "C5" and answer["respondent_date"] == value:
            return True
    for problem in problems:
        if problem["file"] != file:
            continue
        if problem["code"] in FILE_LEVEL_CODES and problem["sheet"] in ("", sheet):
            return True
        if problem["sheet"] != sheet or not problem["cell"]:
            continue
        if problem["cell"] == cell:
            return True
        if coordinate_from_string(problem["cell"])[1] == row and value in problem["message"]:
            return True
    return False


def check_every_typed_cell(folder: Path, typists: list[Typist], out: Path) -> int:
    result = run("aggregate", str(folder), "--out", str(out), "--no-pictures")
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    responses = read_csv(out / "responses.csv")
    problems = read_csv(out / "problems.csv")
    lost = [
        (typist.path.name, *typed)
        for typist in typists
        for typed in typist.typed
        if not accounted(typed, typist.path.name, responses, problems)
    ]
    assert lost == []
    return sum(len(t.typed) for t in typists)


def test_every_typed_cell_is_an_answer_or_a_named_problem(blank_workbooks, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    typists = scenarios(blank_workbooks["sociaal-werk"], folder)
    assert check_every_typed_cell(folder, typists, tmp_path / "out") > 30


def problems_of(path: Path, framework) -> list[tuple[str, str, str]]:
    return sorted((p.code, p.sheet, p.cell) for p in read_workbook(path, framework).problems)


def test_each_mess_gets_its_own_code(blank_workbooks, tmp_path, framework):
    folder = tmp_path / "in"
    folder.mkdir()
    by_name = {t.path.name: t.path for t in scenarios(blank_workbooks["sociaal-werk"], folder)}
    messy = problems_of(by_name["rommelig.xlsx"], framework)
    for code in (
        "invalid-level-suggestion",
        "level-in-text-column",
        "text-outside-table",
        "row-added",
        "invalid-level",
    ):
        assert code in {c for c, _, _ in messy}, code
    assert ("text-outside-table", "Matrix", "K2") in messy
    renamed = problems_of(by_name["kolom hernoemd.xlsx"], framework)
    assert ("column-renamed", "Matrix", "E7") in renamed
    assert any(code == "column-unknown" and sheet == "Matrix" for code, sheet, _ in renamed)
    reading = read_workbook(by_name["kolom hernoemd.xlsx"], framework)
    assert {(a.item_id, a.field) for a in reading.answers} == {("4.2", "level"), ("4.2", "ambition")}
    copied = problems_of(by_name["blad gekopieerd.xlsx"], framework)
    assert {c for c, s, _ in copied if s == "Matrix (2)"} == {"sheet-copy-ignored"}
    assert ("sheet-not-read", "Notities", "") in copied
    missing = read_workbook(by_name["blad weg.xlsx"], framework)
    assert [p.code for p in missing.problems if p.severity == "error"] == ["sheet-missing"]
    assert missing.usable and [a.item_id for a in missing.answers] == ["6.1"]
    sheet_missing = next(p for p in missing.problems if p.code == "sheet-missing")
    assert sheet_missing.message("en") == Problem("sheet-missing", params={"name": "Competenties"}).message("en")


def test_a_blank_original_with_a_filled_copy_uses_the_copy(blank_workbooks, tmp_path, framework):
    typist = Typist.open(blank_workbooks["sociaal-werk"], tmp_path / "kopie.xlsx")
    copy = typist.workbook.copy_worksheet(typist.workbook["Matrix"])
    copy.title = "Kopie van Matrix"
    typist.type("Kopie van Matrix", "C3", "Fatima")
    typist.type("Kopie van Matrix", f"D{matrix_row(typist.workbook, '1.1')}", "geoefend")
    typist.save()
    reading = read_workbook(typist.path, framework)
    assert [(a.sheet, a.item_id) for a in reading.answers] == [("Kopie van Matrix", "1.1")]
    assert reading.respondent.name == "Fatima"
    assert "sheet-copy-used" in {p.code for p in reading.problems}


def test_validate_on_a_workbook_without_its_competence_sheet_names_the_problem(blank_workbooks, tmp_path):
    typist = Typist.open(blank_workbooks["sociaal-werk"], tmp_path / "half.xlsx")
    del typist.workbook["Competenties"]
    typist.save()
    for lang, sheet_word in (("nl", "ontbreekt"), ("en", "missing")):
        result = run("validate", str(typist.path), "--lang", lang)
        assert result.exit_code == 1
        assert sheet_word in result.output and "KeyError" not in result.output


@pytest.mark.libreoffice
@pytest.mark.parametrize("target", ["xlsx", "ods"])
def test_the_same_problems_after_libreoffice_saves_the_workbooks(blank_workbooks, tmp_path, framework, target):
    """A copied sheet, an edited header and a deleted sheet read the same after Calc saved the file."""
    folder = tmp_path / "in"
    folder.mkdir()
    by_name = {t.path.name: t.path for t in scenarios(blank_workbooks["sociaal-werk"], folder)}
    for name in ("blad gekopieerd.xlsx", "kolom hernoemd.xlsx", "blad weg.xlsx"):
        saved = soffice_convert(by_name[name], tmp_path / f"lo-{target}", target)
        before = read_workbook(by_name[name], framework)
        after = read_workbook(saved, framework)
        assert problems_of(saved, framework) == problems_of(by_name[name], framework), name
        assert sorted((a.sheet, a.cell, a.level.score) for a in after.answers) == sorted(
            (a.sheet, a.cell, a.level.score) for a in before.answers
        )
