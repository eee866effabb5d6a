"""Hostile and broken files: each ends in a named problem, in bounded time and memory, and nothing from
it reaches an output as a formula, markup or script. The files are generated here, not committed."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter

from conftest import run
from curriculum_map.coverage.reader import read_workbook
from make_examples import Formula

GOOD = {("matrix", "1.1", "level"): "geoefend"}


def codes(path: Path, framework) -> list[str]:
    return [p.code for p in read_workbook(path, framework).problems]


def rewrite(source: Path, target: Path, change: dict[str, bytes], extra: dict[str, bytes] | None = None) -> Path:
    """A copy of a workbook with some parts replaced (or added)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info.filename, change.get(info.filename, old.read(info.filename)))
        present = set(old.namelist())
        for name, data in {**{k: v for k, v in change.items() if k not in present}, **(extra or {})}.items():
            new.writestr(name, data)
    return target


def peak_memory_mb(path: Path) -> tuple[list[str], float]:
    """Read a file in a fresh process; its problem codes and its peak memory."""
    script = (
        "import resource, sys, json\n"
        "from pathlib import Path\n"
        "from curriculum_map.framework.model import load_framework\n"
        "from curriculum_map.coverage.reader import read_workbook\n"
        "r = read_workbook(Path(sys.argv[1]), load_framework())\n"
        # VmHWM is this process's own peak; ru_maxrss on Linux keeps the peak of the forking parent (pytest)
        "status = Path('/proc/self/status')\n"
        "hwm = [int(l.split()[1]) for l in status.read_text().splitlines() if l.startswith('VmHWM')] "
        "if status.exists() else []\n"
        "peak = hwm[0] if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "print(json.dumps([[p.code for p in r.problems], peak]))\n"
    )
    result = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, text=True, timeout=120)
    found, peak_kb = json.loads(result.stdout)
    return found, peak_kb / 1024


def test_openpyxl_parses_with_defusedxml():
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML, "install defusedxml: openpyxl then refuses XML entity attacks"


def test_zip_bomb_over_a_gigabyte_is_refused_before_parsing(tmp_path):
    path = tmp_path / "bom.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            block = b" " * (16 * 1024 * 1024)
            for _ in range(65):  # 1.04 GB of spaces, about 1 MB on disk
                member.write(block)
    assert path.stat().st_size < 5 * 1024 * 1024
    found, peak = peak_memory_mb(path)
    assert found == ["unsafe-workbook"]
    assert peak < 300, f"reading a zip bomb used {peak:.0f} MB"


def test_huge_compression_ratio_is_refused(tmp_path):
    path = tmp_path / "ratio.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/sharedStrings.xml", b"<sst>" + b"A" * (40 * 1024 * 1024) + b"</sst>")
    info = zipfile.ZipFile(path).getinfo("xl/sharedStrings.xml")
    assert info.file_size / info.compress_size > 200
    found, _ = peak_memory_mb(path)
    assert found == ["unsafe-workbook"]


@pytest.mark.parametrize("part", ["xl/sharedStrings.xml", "xl/worksheets/sheet2.xml"])
@pytest.mark.parametrize("attack", ["xxe", "billion-laughs"])
def test_xml_entities_are_refused(fill, framework, tmp_path, part, attack):
    good = fill("sociaal-werk", "goed.xlsx", GOOD, {"name": "Els"})
    original = zipfile.ZipFile(good).read(part) if part in zipfile.ZipFile(good).namelist() else b"<sst/>"
    if attack == "xxe":
        doctype = b'<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    else:
        doctype = (
            b'<!DOCTYPE x [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
            + b"".join(f'<!ENTITY {chr(99 + i)} "{("&" + chr(98 + i) + ";") * 10}">'.encode() for i in range(7))
            + b"]>"
        )
    body = original.split(b"?>", 1)
    poisoned = body[0] + b"?>" + doctype + body[1] if len(body) == 2 else doctype + original
    bad = rewrite(good, tmp_path / f"{attack}.xlsx", {part: poisoned})
    result = read_workbook(bad, framework)
    assert [p.code for p in result.problems] == ["unsafe-workbook"]
    assert "DTD" in result.problems[0].message()


def test_a_sheet_with_a_million_rows(fill, framework, tmp_path):
    good = fill("sociaal-werk", "goed.xlsx", GOOD, {"name": "Els"})
    wb = openpyxl.load_workbook(good)
    wb["Matrix"]["D1048576"] = "geoefend"  # Ctrl+Down and typed: far below the table
    wb.save(tmp_path / "lang.xlsx")
    found, peak = peak_memory_mb(tmp_path / "lang.xlsx")
    # the sheet is read cell by cell, never as 1,048,576 rows x 7 columns: the answer counts, the far cell is named
    assert found == ["text-outside-table"]
    assert peak < 300
    reading = read_workbook(tmp_path / "lang.xlsx", framework)
    assert [(a.cell, a.level.label.get()) for a in reading.answers] == [("D9", "geoefend")]
    assert reading.problems[0].location() == "lang.xlsx: Matrix!D1048576"
    longer = openpyxl.load_workbook(good)
    longer["Competenties"]["C20000"] = "geoefend"  # long, but within bounds: read, and what is not read is named
    longer.save(tmp_path / "langer.xlsx")
    reading = read_workbook(tmp_path / "langer.xlsx", framework)
    assert "sheet-too-long" in [p.code for p in reading.problems]
    assert reading.answers and reading.answers[0].level.label.get() == "geoefend"


def test_ten_thousand_sheets_are_refused(tmp_path):
    path = tmp_path / "bladen.xlsx"
    sheets = "".join(f'<sheet name="S{i}" sheetId="{i + 1}" r:id="rId{i + 1}"/>' for i in range(10_000))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", f"<workbook><sheets>{sheets}</sheets></workbook>")
        for i in range(10_000):
            archive.writestr(f"xl/worksheets/sheet{i + 1}.xml", "<worksheet/>")
    found, _ = peak_memory_mb(path)
    assert found == ["unsafe-workbook"]


def test_a_cell_of_32767_characters_is_kept_whole(fill, framework, tmp_path):
    long_text = ("lang " * 6554)[:32767]
    path = fill("sociaal-werk", "lang.xlsx", {**GOOD, ("matrix", "1.1", "comment"): long_text}, {"name": "Els"})
    out = tmp_path / "out"
    run("aggregate", str(path), "--out", str(out), "--no-pictures")
    with (out / "responses.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[0]["comment"] == long_text.strip()


def test_formulas_and_formula_like_texts_never_reach_an_output_as_formulas(fill, blank_workbooks, tmp_path):
    starts = ["=1+1", "+31 2 345", "-niet", "@rol", "\tingesprongen", "\rterug"]
    answers = {
        ("matrix", "1.1", "level"): Formula('=HYPERLINK("http://evil.example","klik")'),
        ("matrix", "1.2", "level"): Formula("=1+1"),
        ("matrix", "1.3", "level"): "=2",  # typed in a text cell: text, and not a level
    }
    for number, value in enumerate(starts):
        answers[("competences", f"1.1.{number % 4 + 1}" if number < 4 else f"1.2.{number - 3}", "level")] = "geoefend"
        key = f"1.1.{number % 4 + 1}" if number < 4 else f"1.2.{number - 3}"
        answers[("competences", key, "comment")] = value
    path = fill("sociaal-werk", "formules.xlsx", answers, {"name": "=cmd|' /C calc'!A0"})
    out = tmp_path / "out"
    result = run("aggregate", str(path), "--out", str(out))
    assert result.exit_code == 1
    with (out / "responses.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    comments = sorted(r["comment"] for r in rows if r["comment"])
    # texts are read without surrounding whitespace, so a leading tab or carriage return is gone;
    # whatever still starts like a formula gets the apostrophe
    expected = {("'" + v.strip()) if v.strip().startswith(("=", "+", "-", "@")) else v.strip() for v in starts}
    assert comments == sorted(expected)
    assert not any(c.startswith(("=", "+", "-", "@", "\t", "\r")) for c in comments)
    assert {r["respondent"] for r in rows} == {"'=cmd|' /C calc'!A0"}
    raw = (out / "problems.csv").read_text(encoding="utf-8-sig")
    for line in csv.reader(raw.splitlines()):
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in line)
    for workbook in ("coverage.xlsx",):
        wb = openpyxl.load_workbook(out / workbook)
        formulas = [c.coordinate for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.data_type == "f"]
        assert formulas == [], f"{workbook} holds formulas: {formulas[:5]}"
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "<script" not in html and "evil.example" not in html.replace("HYPERLINK(&#34;http://evil.example", "")
    problems = [p for p in csv.DictReader(raw.splitlines()) if p["code"] == "formula-in-input"]
    assert sorted(p["cell"] for p in problems) == ["D10", "D9"]


def test_a_file_name_with_spaces_accents_quotes_and_emoji(fill, tmp_path):
    name = "Sociaal werk 'Anaïs' \"v2\" 🎓.xlsx"
    path = fill("sociaal-werk", name, GOOD, {"name": "Anaïs"})
    out = tmp_path / "out"
    assert run("aggregate", str(path.parent), "--out", str(out)).exit_code == 0
    with (out / "responses.csv").open(encoding="utf-8-sig", newline="") as handle:
        assert next(csv.DictReader(handle))["file"] == name
    assert name.replace("'", "&#39;").replace('"', "&#34;") in (out / "desk.html").read_text(encoding="utf-8")
    assert "Anaïs" not in (out / "report.html").read_text(encoding="utf-8")  # the room's page names nobody
    assert run("validate", str(path)).exit_code == 0


def test_an_unreadable_file_is_named(fill, framework, tmp_path, monkeypatch):
    path = fill("sociaal-werk", "geheim.xlsx", GOOD, {"name": "Els"})
    real_open = Path.open

    def refuse(self, *args, **kwargs):
        if self == path:
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse)
    reading = read_workbook(path, framework)
    assert [p.code for p in reading.problems] == ["unreadable-file"]
    assert "Permission denied" in reading.problems[0].message()


def test_a_truncated_compressed_part_is_named(fill, framework, tmp_path):
    good = fill("sociaal-werk", "goed.xlsx", GOOD, {"name": "Els"})
    data = zipfile.ZipFile(good).read("xl/worksheets/sheet2.xml")
    broken = zlib.compress(data)[:-50]
    bad = rewrite(good, tmp_path / "kapot.xlsx", {"xl/worksheets/sheet2.xml": broken[: len(broken) // 2]})
    found = codes(bad, framework)
    assert found and found[0] in ("corrupt-workbook", "unsafe-workbook")


def test_other_files_still_aggregate_next_to_hostile_ones(fill, tmp_path):
    good = fill("sociaal-werk", "Sociaal werk.xlsx", GOOD, {"name": "Els"})
    folder = good.parent
    (folder / "leeg.xlsx").write_bytes(b"")
    with xlsxwriter.Workbook(str(folder / "vreemd.xlsx")) as wb:
        wb.add_worksheet("Iets").write(0, 0, "geen werkmap van ons")
    out = tmp_path / "out"
    result = run("aggregate", str(folder), "--out", str(out), "--no-pictures")
    assert result.exit_code == 1
    with (out / "responses.csv").open(encoding="utf-8-sig", newline="") as handle:
        assert [r["file"] for r in csv.DictReader(handle)] == ["Sociaal werk.xlsx"]
