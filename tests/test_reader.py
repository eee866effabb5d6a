"""Reading one filled workbook: levels as people type them, structure changes, metadata, formulas."""

from __future__ import annotations

import openpyxl
import pytest

from curriculum_map.core.problems import Problem
from curriculum_map.coverage.reader import read_workbook
from make_examples import Formula


def codes(reading) -> list[tuple[str, str, str]]:
    return [(p.code, p.sheet, p.cell) for p in reading.problems]


def answered(reading) -> dict[tuple[str, str], int]:
    return {(a.item_id, a.field): a.level.score for a in reading.answers}


def test_levels_are_read_regardless_of_case_spaces_unicode_score_or_language(fill, framework):
    path = fill(
        "sociaal-werk",
        "Sociaal werk.xlsx",
        {
            ("matrix", "1.1", "level"): "  Goed\u00a0Gekaderd ",
            ("matrix", "1.1", "ambition"): "GEOEFEND",
            ("matrix", "1.2", "level"): 2,
            ("matrix", "1.2", "ambition"): "3",
            ("matrix", "1.3", "level"): "practised",
            ("matrix", "1.3", "ambition"): "Not addressed",
            ("matrix", "2.1", "level"): "ｅｘｅｍｐｌａｒｉｓｃｈ",  # full-width letters (NFKC)
            ("matrix", "2.1", "ambition"): "exemplarisch\u200b".replace("\u200b", ""),
            ("competences", "1.1.1", "level"): "komt niet aan bod",
        },
    )
    reading = read_workbook(path, framework)
    assert codes(reading) == []
    assert answered(reading) == {
        ("1.1", "level"): 2,
        ("1.1", "ambition"): 3,
        ("1.2", "level"): 2,
        ("1.2", "ambition"): 3,
        ("1.3", "level"): 3,
        ("1.3", "ambition"): 0,
        ("2.1", "level"): 1,
        ("2.1", "ambition"): 1,
        ("1.1.1", "level"): 0,
    }
    first = next(a for a in reading.answers if a.item_id == "1.1" and a.field == "level")
    assert (first.sheet, first.cell, first.raw) == ("Matrix", "D9", "Goed\u00a0Gekaderd")
    assert reading.programme.id == "sociaal-werk"
    assert reading.respondent.name == "Sociaal werk"


def test_invalid_level_names_file_sheet_cell_and_suggests(fill, framework):
    path = fill(
        "sociaal-werk",
        "Sociaal werk.xlsx",
        {
            ("matrix", "1.1", "level"): "goed",
            ("matrix", "1.2", "level"): "ja",
            ("matrix", "1.3", "level"): 7,
            ("competences", "1.1.2", "ambition"): "geoeffend",
        },
    )
    reading = read_workbook(path, framework)
    assert reading.problems[-1].code == "no-answers"
    rendered = [p.render() for p in reading.problems[:-1]]
    assert rendered[0] == 'Sociaal werk.xlsx: Matrix!D9: "goed" is geen geldig niveau; bedoelde je "goed gekaderd"?'
    labels = '"komt niet aan bod", "exemplarisch", "goed gekaderd", "geoefend"'
    assert rendered[1:] == [
        Problem("invalid-level", "Sociaal werk.xlsx", "Matrix", "D10", {"value": "ja", "labels": labels}).render(),
        Problem("invalid-level", "Sociaal werk.xlsx", "Matrix", "D11", {"value": "7", "labels": labels}).render(),
        Problem(
            "invalid-level-suggestion",
            "Sociaal werk.xlsx",
            "Competenties",
            "D9",
            {"value": "geoeffend", "suggestion": "geoefend"},
        ).render(),
    ]
    assert reading.answers == []
    english = reading.problems[0].render("en")
    assert english == 'Sociaal werk.xlsx: Matrix!D9: "goed" is not a valid level; did you mean "goed gekaderd"?'


def test_blank_is_not_answered_and_text_without_level_is_kept(fill, framework):
    path = fill(
        "orthopedagogie",
        "o.xlsx",
        {
            ("matrix", "1.1", "level"): "geoefend",
            ("matrix", "1.1", "evidence"): "Stage 3",
            ("matrix", "1.2", "comment"): "weet ik niet",
        },
    )
    reading = read_workbook(path, framework)
    assert answered(reading) == {("1.1", "level"): 3}
    assert reading.answers[0].evidence == "Stage 3"
    assert codes(reading) == [("text-without-level", "Matrix", "G10")]
    assert "weet ik niet" in reading.problems[0].message()


def test_rows_deleted_duplicated_added_and_unknown(fill, framework, tmp_path):
    path = fill("sociaal-werk", "s.xlsx", {("matrix", "1.1", "level"): "geoefend"})
    wb = openpyxl.load_workbook(path)
    ws = wb["Matrix"]
    assert ws["A9"].value == "1.1" and ws["A12"].value == "2.1"
    ws.delete_rows(12)  # row 2.1 deleted
    ws.unmerge_cells("B8:G8")
    ws["A8"] = "1.1"  # a group row turned into a copy of 1.1, with an answer
    ws["D8"] = "exemplarisch"
    ws.cell(ws.max_row + 2, 4).value = "goed gekaderd"  # answer typed below the table, no id
    added_row = ws.max_row
    ws["A10"] = "9.9"  # id changed into one the framework does not have
    ws["D10"] = "geoefend"
    wb.save(path)
    reading = read_workbook(path, framework)
    assert codes(reading) == [
        ("cluster-mismatch", "Matrix", "B8"),  # the focus label beside the copied id
        ("row-duplicated", "Matrix", "A9"),
        ("unknown-id", "Matrix", "A10"),
        ("row-added", "Matrix", f"A{added_row}"),
        ("rows-missing", "Matrix", ""),
    ]
    messages = [p.message() for p in reading.problems[1:]]
    assert "eerst in A8" in messages[0] and '"geoefend"' in messages[0]
    assert "'9.9'" in messages[1]
    assert '"goed gekaderd"' in messages[2]
    assert "1.2, 2.1" in messages[3] and messages[3].startswith("2 rijen ontbreken")
    # the first occurrence (the copied group row) counts; the original row is reported, not used
    assert answered(reading) == {("1.1", "level"): 1}


def test_formulas_in_input_cells_are_named_not_used(fill, framework):
    path = fill(
        "sociaal-werk",
        "f.xlsx",
        {
            ("matrix", "1.1", "level"): Formula("=Instructies!A10"),
            ("matrix", "1.2", "comment"): Formula('=HYPERLINK("http://example.org","klik")'),
            ("matrix", "1.2", "level"): "geoefend",
            ("matrix", "1.3", "comment"): "=geen formule, gewoon tekst",
        },
    )
    reading = read_workbook(path, framework)
    assert codes(reading) == [
        ("formula-in-input", "Matrix", "D9"),
        ("formula-in-input", "Matrix", "G10"),
        ("text-without-level", "Matrix", "G11"),  # '=...' typed in a text cell is text, not a formula
    ]
    assert "=Instructies!A10" in reading.problems[0].message()
    assert answered(reading) == {("1.2", "level"): 3}
    assert reading.answers[0].comment == ""


def test_other_framework_version_is_not_counted(fill, framework):
    path = fill("sociaal-werk", "v.xlsx", {("matrix", "1.1", "level"): "geoefend"})
    wb = openpyxl.load_workbook(path)
    meta = wb["_metadata"]
    for row in meta.iter_rows():
        if row[0].value == "framework_version":
            row[1].value = "2023-01-01"
    wb.save(path)
    reading = read_workbook(path, framework)
    assert codes(reading) == [("framework-mismatch", "_metadata", "")]
    assert "2023-01-01" in reading.problems[0].message()
    assert not reading.usable and reading.answers == []


def test_missing_metadata_falls_back_to_sheet_title_then_file_name(fill, framework, tmp_path):
    path = fill("orthopedagogie", "whatever.xlsx", {("matrix", "1.1", "level"): "geoefend"})
    wb = openpyxl.load_workbook(path)
    del wb["_metadata"]
    wb.save(path)
    reading = read_workbook(path, framework)
    assert reading.programme.id == "orthopedagogie"
    assert codes(reading) == [("metadata-missing", "_metadata", "")]
    assert "de titel van het blad" in reading.problems[0].message()
    assert answered(reading) == {("1.1", "level"): 3}

    # values copied into a fresh file: no metadata, no title, programme only in the file name
    fresh = openpyxl.Workbook()
    fresh.active.title = "Matrix"
    source = openpyxl.load_workbook(path)["Matrix"]
    for row in source.iter_rows(min_row=7):
        for cell in row:
            fresh.active.cell(cell.row, cell.column).value = cell.value
    copy = tmp_path / "kopie Orthopedagogie.xlsx"
    fresh.save(copy)
    reading = read_workbook(copy, framework)
    assert reading.programme.id == "orthopedagogie"
    assert ("metadata-missing", "_metadata", "") in codes(reading)
    assert "de bestandsnaam" in reading.problems[0].message()
    assert ("sheet-missing", "Competenties", "") in codes(reading)
    assert answered(reading) == {("1.1", "level"): 3}


def test_a_blank_workbook_sent_back_is_named(blank_workbooks, framework):
    reading = read_workbook(blank_workbooks["sociaal-werk"], framework)
    assert [p.code for p in reading.problems] == ["respondent-missing", "no-answers"]
    assert reading.usable and reading.respondent.name == "Sociaal werk"


def test_unknown_programme_without_metadata(fill, framework, tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "Matrix"
    path = tmp_path / "antwoorden.xlsx"
    wb.save(path)
    reading = read_workbook(path, framework)
    assert codes(reading) == [("programme-unknown", "", "")]
    assert not reading.usable


@pytest.mark.libreoffice
def test_libreoffice_xlsx_and_ods_copies_read_the_same(fill, framework, tmp_path):
    from conftest import soffice_convert

    answers = {
        ("matrix", "1.1", "level"): "geoefend",
        ("matrix", "9.3", "ambition"): "exemplarisch",
        ("matrix", "4.2", "comment"): "=ook tekst",
        ("matrix", "4.2", "level"): "exemplarisch",
        ("competences", "5.2.10", "level"): "goed gekaderd",
    }
    path = fill("sociaal-werk", "Sociaal werk.xlsx", answers, {"name": "Ilse", "role": "lector", "date": "2025-06-01"})
    original = read_workbook(path, framework)
    assert codes(original) == []
    for target in ("xlsx", "ods"):
        converted = soffice_convert(path, tmp_path / target, target)
        reading = read_workbook(converted, framework)
        assert codes(reading) == [], target
        assert [(a.sheet, a.cell, a.item_id, a.field, a.level.score, a.comment) for a in reading.answers] == [
            (a.sheet, a.cell, a.item_id, a.field, a.level.score, a.comment) for a in original.answers
        ], target
        assert reading.respondent == original.respondent


def test_cluster_names_accept_aliases_and_name_a_mismatch(fill, framework):
    path = fill(
        "sociaal-werk",
        "c.xlsx",
        {("matrix", "7.1", "level"): "geoefend", ("matrix", "8.1", "level"): "exemplarisch"},
        {"name": "Els"},
    )
    wb = openpyxl.load_workbook(path)
    ws = wb["Matrix"]
    rows = {ws.cell(r, 1).value: r for r in range(8, ws.max_row + 1)}
    ws.cell(rows["8.1"], 2).value = "Constructief kritisch blended hulp evalueren"  # the programme table's spelling
    ws.cell(rows["7.1"], 2).value = "8. Constructief kritisch blended hulp bieden evalueren"  # another cluster's name
    wb.save(path)
    reading = read_workbook(path, framework)
    assert codes(reading) == [("cluster-mismatch", "Matrix", f"B{rows['7.1']}")]
    assert "Probleemoplossend (mee) blended agogisch handelen vormgeven" in reading.problems[0].message()
    assert answered(reading) == {("7.1", "level"): 3, ("8.1", "level"): 1}  # the id decides


def test_remembered_level_values_stay_few_and_short(framework):
    """Dropdown values are remembered across workbooks; long or countless texts are not kept."""
    from curriculum_map.framework.levels import LevelParser

    parser = LevelParser(framework.levels)
    assert parser.parse(" Goed  Gekaderd ").level.score == 2
    assert parser.parse(" Goed  Gekaderd ") is parser.parse(" Goed  Gekaderd ")  # remembered
    for index in range(50):
        assert parser.parse(f"{index:05d}" + "x" * 32_000).level is None
    assert len(parser.memo) == 1
    for index in range(LevelParser.MEMO_LIMIT + 100):
        parser.parse(f"waarde {index}")
    assert len(parser.memo) == LevelParser.MEMO_LIMIT
