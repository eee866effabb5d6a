"""Issue 21, items 1-3: a file is read within bounds measured from what it holds, never from what it declares,
and a file that still kills its reader is named while the others are read. Files are built here the way
they arise: openpyxl (a lecturer's stray cell), hand-made zip parts (what a hostile sender controls),
LibreOffice for the .ods."""

from __future__ import annotations

import os
import re
import signal
import zipfile
from pathlib import Path

import openpyxl
import pytest
from test_hostile import GOOD, peak_memory_mb

from conftest import soffice_convert
from curriculum_map.coverage.reader import WorkbookReading, read_workbook
from curriculum_map.workbook.ingest import read_workbooks

MATRIX_PART = "xl/worksheets/sheet2.xml"


def patched(source: Path, target: Path, part: str, change) -> Path:
    """A copy of a workbook whose part `part` is `change(bytes)`."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info.filename)
            new.writestr(info.filename, change(data) if info.filename == part else data)
    return target


def far_cell(reference: str, row: int):
    """A cell far away, with the sheet's declared used range left at A1 (the writer's word is not trusted)."""

    def change(data: bytes) -> bytes:
        data = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1"/>', data)
        cell = f'<row r="{row}"><c r="{reference}" t="inlineStr"><is><t>ver weg</t></is></c></row>'
        return data.replace(b"</sheetData>", cell.encode() + b"</sheetData>")

    return change


@pytest.mark.parametrize(("reference", "row"), [("XFD1048576", 1048576), ("XFD5000", 5000), ("A1048576", 1048576)])
def test_a_stray_far_cell_is_named_and_the_answers_count(fill, framework, tmp_path, reference, row):
    good = fill("sociaal-werk", "goed.xlsx", GOOD, {"name": "Els"})
    path = patched(good, tmp_path / "ver.xlsx", MATRIX_PART, far_cell(reference, row))
    found, peak = peak_memory_mb(path)
    assert found == ["text-outside-table"]
    assert peak < 300, f"{reference}: {peak:.0f} MB"
    reading = read_workbook(path, framework)
    assert [a.level.label.get() for a in reading.answers] == ["geoefend"]
    assert (reading.problems[0].sheet, reading.problems[0].cell) == ("Matrix", reference)
    assert reading.problems[0].params["value"] == "ver weg"


def test_many_far_cells_are_named_up_to_a_hundred_then_counted(fill, framework, tmp_path):
    good = fill("sociaal-werk", "goed.xlsx", GOOD, {"name": "Els"})
    cells = "".join(f'<c r="{col}{200000}" t="inlineStr"><is><t>x</t></is></c>' for col in ("A", "B", "C"))
    rows = "".join(f'<row r="{200000 + i}">' + cells.replace("200000", str(200000 + i)) + "</row>" for i in range(40))
    path = patched(
        good, tmp_path / "veel.xlsx", MATRIX_PART, lambda d: d.replace(b"</sheetData>", rows.encode() + b"</sheetData>")
    )
    reading = read_workbook(path, framework)
    found = [p.code for p in reading.problems]
    assert found.count("text-outside-table") == 100
    assert found.count("text-outside-table-more") == 1
    assert reading.problems[-1].params["count"] == 20
    assert [a.level.label.get() for a in reading.answers] == ["geoefend"]


def test_a_value_right_of_column_ax_is_named_not_dropped(fill, framework, tmp_path):
    good = fill("sociaal-werk", "goed.xlsx", GOOD, {"name": "Els"})
    wb = openpyxl.load_workbook(good)
    wb["Matrix"]["BZ12"] = "vergeten opmerking"
    wb.save(tmp_path / "breed.xlsx")
    reading = read_workbook(tmp_path / "breed.xlsx", framework)
    assert [(p.code, p.cell) for p in reading.problems] == [("text-outside-table", "BZ12")]
    assert len(reading.answers) == 1


def test_an_ods_row_repeated_a_hundred_thousand_times_is_refused_in_bounded_memory(tmp_path):
    row = (
        '<table:table-row table:number-rows-repeated="100000">'
        '<table:table-cell table:number-columns-repeated="1000" office:value-type="float" office:value="1"/>'
        "</table:table-row>"
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="Matrix">{row}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    path = tmp_path / "herhaald.ods"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        archive.writestr("content.xml", content)
        archive.writestr("META-INF/manifest.xml", "<manifest/>")
    assert path.stat().st_size < 1200
    found, peak = peak_memory_mb(path)
    assert found == ["unsafe-workbook"]
    assert peak < 300


@pytest.mark.libreoffice
def test_an_ods_from_libreoffice_with_a_stray_far_cell(fill, framework, tmp_path):
    good = fill("sociaal-werk", "goed.xlsx", GOOD, {"name": "Els"})
    wb = openpyxl.load_workbook(good)
    wb["Matrix"]["E1048000"] = "ver weg"
    wb.save(tmp_path / "ver.xlsx")
    ods = soffice_convert(tmp_path / "ver.xlsx", tmp_path / "calc", "ods")
    found, peak = peak_memory_mb(ods)
    assert peak < 300
    reading = read_workbook(ods, framework)
    assert [a.level.label.get() for a in reading.answers] == ["geoefend"]
    assert [(p.code, p.cell, p.params.get("value")) for p in reading.problems] == [
        ("text-outside-table", "E1048000", "ver weg")
    ]
    assert found == ["text-outside-table"]


def lying_part(source: Path, target: Path, declared: int, real: int) -> Path:
    """A copy whose Matrix part holds `real` bytes but whose directory says `declared` (what a hostile zip does)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info.filename)
            if info.filename == MATRIX_PART:
                data = data.replace(b"</sheetData>", b"</sheetData>" + b" " * real)
            new.writestr(info.filename, data)
            if info.filename == MATRIX_PART:
                new.filelist[-1].file_size = declared  # the central directory is written from this at close
    return target


@pytest.mark.parametrize(
    ("declared", "expected"), [(24 * 1024, "unsafe-workbook"), (8 * 1024 * 1024, "corrupt-workbook")]
)
def test_a_part_that_inflates_beyond_what_it_declares(fill, tmp_path, declared, expected):
    good = fill("sociaal-werk", "goed.xlsx", GOOD, {"name": "Els"})
    path = lying_part(good, tmp_path / "liegt.xlsx", declared, 300 * 1024 * 1024)
    assert path.stat().st_size < 2 * 1024 * 1024
    found, peak = peak_memory_mb(path)
    # far more than it declares: refused from the directory alone; somewhat more: inflation stops at the
    # declared size and the check sum names it as damaged. Never 300 MB in memory.
    assert found == [expected]
    assert peak < 200, f"{peak:.0f} MB"


def dies_on_bad(path: Path, framework, shown: str) -> WorkbookReading:
    """A reader whose process is killed by one file, as a crash in the cell reader or the kernel's OOM killer would."""
    if "bad" in path.name:
        os.kill(os.getpid(), signal.SIGKILL)
    return read_workbook(path, framework, shown)


def hogs_memory_on_bad(path: Path, framework, shown: str) -> WorkbookReading:
    """A reader that asks for 3 GB on one file: the worker's memory bound stops it."""
    if "bad" in path.name:
        try:
            bytearray(3 * 1024 * 1024 * 1024)
        except MemoryError:
            reading = WorkbookReading(shown, path)
            reading.problem("unsafe-workbook", reason="MemoryError")
            return reading
        raise AssertionError("3 GB were allocated: the worker has no memory bound")
    return read_workbook(path, framework, shown)


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_file_that_kills_its_worker_is_named_and_the_others_are_read(fill, framework, tmp_path, jobs):
    folder = tmp_path / "in"
    for name in ("a", "b", "c-bad", "d", "e"):
        fill("sociaal-werk", f"{name}.xlsx", GOOD, {"name": name})
    ingest = read_workbooks([folder], framework, dies_on_bad, jobs=jobs, blank=WorkbookReading)
    assert [r.file for r in ingest.readings] == ["a.xlsx", "b.xlsx", "c-bad.xlsx", "d.xlsx", "e.xlsx"]
    crashed = ingest.readings[2]
    assert [p.code for p in crashed.problems] == ["read-crashed"]
    assert not crashed.answers
    assert all(len(r.answers) == 1 and not r.problems for i, r in enumerate(ingest.readings) if i != 2)


def test_every_file_is_read_under_a_memory_bound(fill, framework, tmp_path):
    folder = tmp_path / "in"
    for name in ("a", "bad", "c"):
        fill("sociaal-werk", f"{name}.xlsx", GOOD, {"name": name})
    ingest = read_workbooks([folder], framework, hogs_memory_on_bad, jobs=1, blank=WorkbookReading)
    assert [[p.code for p in r.problems] for r in ingest.readings] == [[], ["unsafe-workbook"], []]


def test_text_typed_below_the_table_in_the_label_columns_is_named(fill, framework, tmp_path):
    # issue 21, item 10: under the last row, in the columns the template fills with texts
    good = fill("sociaal-werk", "goed.xlsx", GOOD, {"name": "Els"})
    wb = openpyxl.load_workbook(good)
    matrix, competences = wb["Matrix"], wb["Competenties"]
    below_matrix, below_competences = matrix.max_row + 2, competences.max_row + 3
    matrix[f"B{below_matrix}"] = "ook digitale weerbaarheid"
    matrix[f"C{below_matrix}"] = "vooral in het 3e jaar"
    competences[f"B{below_competences}"] = "mist: AI-geletterdheid"
    wb.save(tmp_path / "onder.xlsx")
    reading = read_workbook(tmp_path / "onder.xlsx", framework)
    assert [(p.code, p.sheet, p.cell, p.params["value"]) for p in reading.problems] == [
        ("text-outside-table", "Matrix", f"B{below_matrix}", "ook digitale weerbaarheid"),
        ("text-outside-table", "Matrix", f"C{below_matrix}", "vooral in het 3e jaar"),
        ("text-outside-table", "Competenties", f"B{below_competences}", "mist: AI-geletterdheid"),
    ]
    assert [a.level.label.get() for a in reading.answers] == ["geoefend"]


@pytest.mark.parametrize(
    ("xml", "expected"),
    [
        # references written: the quick check vouches for a small sheet
        (b'<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData>', None),
        # positions counted where no reference is written: the 60th cell of row 3 is column BH
        (b'<sheetData><row r="3">' + b"<c><v>1</v></c>" * 60 + b"</row></sheetData>", (3, 60, 60)),
        (b'<sheetData><row><c r="A1"><v>1</v></c></row><row><c t="s"><v>0</v></c></row></sheetData>', (2, 1, 2)),
        # a namespace prefix, as some generators write it, and a far reference
        (b'<x:sheetData><x:row r="12000"><x:c r="B12000"><x:v>1</x:v></x:c></x:row></x:sheetData>', (12000, 2, 1)),
        # a styled cell without a value far away does not count as used
        (
            b'<sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="90000"><c r="Z90000" s="3"/></row></sheetData>',
            (1, 1, 1),
        ),
    ],
)
def test_a_sheets_size_is_measured_from_the_cells_it_holds(xml, expected):
    from curriculum_map.core.extent import xlsx_sheet_size

    size = xlsx_sheet_size(b"<worksheet>" + xml + b"</worksheet>")
    assert (None if size is None else (size.rows, size.columns, size.values)) == expected
