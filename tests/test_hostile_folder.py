"""Issue 21, done when: one folder with six genuine workbooks and one hostile or accidental file of each kind,
aggregated without --framework under a 2 GB address-space limit. The run ends with status 1, every answer
of the genuine workbooks is in responses.csv, and each other file is named in problems.csv (or counts,
when it is only odd). Each file is built the way it arises: from the tool's own templates, filled with
openpyxl, edited as a person or a hostile sender would."""

from __future__ import annotations

import copy
import csv
import re
import resource
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from curriculum_map.coverage.template import write_templates
from curriculum_map.framework.model import build_framework
from curriculum_map.workbook.layout import METADATA_SHEET
from make_examples import fill_workbook

ADDRESS_SPACE = 2 * 1024**3
# the six genuine workbooks: one per programme, three answers each, a name each
GENUINE = {
    "gezinswetenschappen": ("Gezin - An.xlsx", "An Peeters"),
    "orthopedagogie": ("Ortho - Bram.xlsx", "Bram De Smet"),
    "pedagogie-jonge-kind": ("Pedagogie - Dries.xlsx", "Dries Wouters"),
    "sociaal-werk": ("Sociaal werk - Fatima.xlsx", "Fatima El Amrani"),
    "sociale-readaptatiewetenschappen": ("Readaptatie - Eva.xlsx", "Eva Claes"),
    "toegepaste-psychologie": ("Psychologie - Gert.xlsx", "Gert Jacobs"),
}
ANSWERS = {
    ("matrix", "1.1", "level"): "geoefend",
    ("matrix", "2.2", "ambition"): "goed gekaderd",
    ("competences", "3.1.1", "level"): "exemplarisch",
}


def blank_of(document: dict, folder: Path, programme: str = "sociaal-werk") -> Path:
    """The blank workbook of `programme` that `template` writes for a framework document."""
    framework, problems = build_framework(document, source="test")
    assert framework is not None and not problems, problems
    result = write_templates(framework, folder, [framework.find_programme(programme)])
    return result.workbooks[0].path


def reversed_legend(document: dict) -> dict:
    """The built-in framework with its labels in reverse order: 'geoefend' scores 0 (the hash is honest)."""
    changed = copy.deepcopy(document)
    labels = [level["label"] for level in changed["levels"]]
    descriptions = [level.get("description") for level in changed["levels"]]
    for level, label, description in zip(changed["levels"], reversed(labels), reversed(descriptions), strict=True):
        level["label"], level["description"] = label, description
    return changed


def other_target(document: dict) -> dict:
    changed = copy.deepcopy(document)
    changed["target_level"] = 1
    return changed


def many_competences(document: dict, count: int) -> dict:
    """The built-in id and version with `count` competences: 43 KB on disk, minutes of work if adopted."""
    changed = copy.deepcopy(document)
    component = changed["focuses"][0]["clusters"][0]["components"][0]
    extra = [{"id": f"1.1.{n}", "text": {"nl": f"competentie {n}", "en": f"competence {n}"}} for n in range(100, count)]
    component["competences"] = component["competences"] + extra
    return changed


def far_cell(source: Path, target: Path) -> Path:
    """A workbook with one cell at XFD1048576 whose sheet still declares A1 as its used range."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info.filename)
            if info.filename == "xl/worksheets/sheet2.xml":
                data = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1"/>', data)
                cell = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>ver weg</t></is></c></row>'
                data = data.replace(b"</sheetData>", cell + b"</sheetData>")
            new.writestr(info.filename, data)
    return target


def inflating_part(source: Path, target: Path) -> Path:
    """A workbook whose Matrix part declares 24 KB and inflates to 300 MB."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info.filename)
            if info.filename == "xl/worksheets/sheet2.xml":
                data = data.replace(b"</sheetData>", b"</sheetData>" + b" " * (300 * 1024 * 1024))
            new.writestr(info.filename, data)
            if info.filename == "xl/worksheets/sheet2.xml":
                new.filelist[-1].file_size = 24 * 1024
    return target


def repeated_ods(target: Path) -> Path:
    """800 bytes: a row of 1,000 numbers repeated 100,000 times."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"><office:body><office:spreadsheet>'
        '<table:table table:name="Matrix"><table:table-row table:number-rows-repeated="100000">'
        '<table:table-cell table:number-columns-repeated="1000" office:value-type="float" office:value="3"/>'
        "</table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"
    )
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        archive.writestr("content.xml", content)
        archive.writestr("META-INF/manifest.xml", "<manifest/>")
    return target


def edited_version(path: Path) -> Path:
    workbook = openpyxl.load_workbook(path)
    for row in workbook[METADATA_SHEET].iter_rows():
        if row[0].value == "framework_version":
            row[1].value = "2025-99-99"
    workbook.save(path)
    return path


@pytest.fixture(scope="module")
def folder(tmp_path_factory, blank_workbooks, framework) -> Path:
    root = tmp_path_factory.mktemp("hostile-folder")
    inbox = root / "inbox"
    inbox.mkdir()
    for programme, (name, person) in GENUINE.items():
        fill_workbook(blank_workbooks[programme], inbox / name, ANSWERS, {"name": person})
    sw = blank_workbooks["sociaal-werk"]
    document = framework.document
    # what reaches a coordinator by accident or on purpose, one file of each kind
    far_cell(fill_workbook(sw, root / "far.xlsx", ANSWERS, {"name": "Ctrl Pijl"}), inbox / "Ctrl-pijl omlaag.xlsx")
    inflating_part(fill_workbook(sw, root / "big.xlsx", ANSWERS, {"name": "Zip"}), inbox / "opgeblazen.xlsx")
    repeated_ods(inbox / "herhaald.ods")
    fill_workbook(sw, inbox / "Dollar.xlsx", ANSWERS, {"name": "Budget $\\foo{$ 2026"})
    edited_version(fill_workbook(sw, inbox / "versie.xlsx", ANSWERS, {"name": "Versie Veranderd"}))
    fill_workbook(
        blank_of(reversed_legend(document), root / "rev"), inbox / "0 omgekeerd.xlsx", ANSWERS, {"name": "Om"}
    )
    fill_workbook(blank_of(other_target(document), root / "target"), inbox / "1 doel.xlsx", ANSWERS, {"name": "Doel"})
    huge = blank_of(many_competences(document, 3600), root / "huge")
    fill_workbook(huge, inbox / "2 groot.xlsx", ANSWERS, {"name": "Groot"})
    return inbox


def limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


@pytest.fixture(scope="module")
def report(folder, tmp_path_factory) -> tuple[subprocess.CompletedProcess, Path]:
    out = tmp_path_factory.mktemp("hostile-report") / "rapport"
    command = [sys.executable, "-m", "curriculum_map", "aggregate", str(folder), "--out", str(out), "-q"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, preexec_fn=limited)
    return result, out


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_run_finishes_with_problems_found(report):
    result, out = report
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert (out / "report.html").is_file() and (out / "desk.html").is_file()


def test_every_answer_of_the_genuine_workbooks_counts(report):
    _, out = report
    answered = {(r["file"], r["sheet"], r["item_id"], r["field"], r["label"]) for r in rows(out / "responses.csv")}
    for name, _ in GENUINE.values():
        assert {(f, i, fld, label) for f, _, i, fld, label in answered if f == name} == {
            (name, "1.1", "level", "geoefend"),
            (name, "2.2", "ambition", "goed gekaderd"),
            (name, "3.1.1", "level", "exemplarisch"),
        }


def test_each_other_file_is_named_or_counts_as_what_it_is(report):
    _, out = report
    problems = rows(out / "problems.csv")
    codes = {(p["file"], p["code"]) for p in problems}
    assert ("Ctrl-pijl omlaag.xlsx", "text-outside-table") in codes
    assert ("opgeblazen.xlsx", "unsafe-workbook") in codes
    assert ("herhaald.ods", "unsafe-workbook") in codes
    assert ("versie.xlsx", "framework-mismatch") in codes
    assert ("0 omgekeerd.xlsx", "framework-differs") in codes
    assert ("1 doel.xlsx", "framework-settings-differ") in codes
    assert ("2 groot.xlsx", "framework-differs") in codes
    counted = {r["file"] for r in rows(out / "responses.csv")}
    # odd but genuine: the stray cell, the dollar signs, other report settings count; the others never
    assert {"Ctrl-pijl omlaag.xlsx", "Dollar.xlsx", "1 doel.xlsx"} <= counted
    assert not counted & {"opgeblazen.xlsx", "herhaald.ods", "versie.xlsx", "0 omgekeerd.xlsx", "2 groot.xlsx"}


def test_no_odd_file_re_scores_the_others(report, framework):
    """The reversed legend, read first by name, neither becomes the run's framework nor turns 'geoefend' into 0."""
    _, out = report
    consensus = rows(out / "consensus.csv")
    practised = {r["programme_id"] for r in consensus if r["item_id"] == "1.1" and r["field"] == "level"}
    assert practised == set(GENUINE)
    assert {r["consensus"] for r in consensus if r["item_id"] == "1.1" and r["field"] == "level"} == {"3"}
    assert "target_level" not in (out / "framework.yaml").read_text(encoding="utf-8")  # the built-in one's
    items = {r["item_id"] for r in rows(out / "items.csv")}
    assert {c.id for c in framework.competences} <= items and "1.1.100" not in items  # 3,600 never adopted


def test_with_strict_the_summary_says_no_report_was_written(folder, tmp_path):
    """Item 17: the last line never says "Rapport in" when only problems.csv was written."""
    from conftest import run

    out = tmp_path / "streng"
    result = run("aggregate", str(folder), "--out", str(out), "--strict", "--no-pictures", "-q")
    assert result.exit_code == 1
    assert "Rapport in" not in result.output
    assert result.output.splitlines()[-1].endswith(f"Geen rapport: alleen problems.csv in {out}")
    assert sorted(p.name for p in out.iterdir()) == ["datapackage.json", "manifest.json", "problems.csv"]


def test_workbooks_of_the_built_in_framework_are_read_once(fill, framework, tmp_path, monkeypatch):
    """The first guess (the framework the first workbook carries) is the built-in one: no second reading."""
    from curriculum_map.coverage import report as coverage_report
    from curriculum_map.workbook import ingest

    fill("sociaal-werk", "a.xlsx", ANSWERS, {"name": "A"})
    fill("orthopedagogie", "b.xlsx", ANSWERS, {"name": "B"})
    calls = []
    real = ingest.read_workbooks

    def counted(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(coverage_report, "read_workbooks", counted)
    result = coverage_report.run_aggregate([tmp_path / "in"], None, tmp_path / "out")
    assert len(calls) == 1 and len(result.aggregation.used) == 2
