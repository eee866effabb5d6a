"""Course units and study years: picked or typed beside an answer, they make a course map and learning lines."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import html5lib
import openpyxl
import pytest

from conftest import EXAMPLES, REPO, run
from curriculum_map.core.texts import text
from curriculum_map.coverage.reader import read_workbook
from make_examples import fill_workbook

COURSES = REPO / "examples" / "lijsten" / "opleidingsonderdelen.csv"


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


def test_a_quoted_semicolon_in_a_name_keeps_the_name_and_the_study_year(tmp_path):
    """csv.Sniffer read doubled quotes as the end of the cell: the name was cut, the study year became ' praktijk"'."""
    courses = tmp_path / "opleidingsonderdelen.csv"
    with courses.open("w", encoding="cp1252", newline="") as handle:  # Excel on Windows: cp1252, semicolons
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["Opleiding", "Code", "Naam", "Studiejaar"])
        writer.writerow(["Sociaal werk", "SW150", 'Methodiek "Samen"; praktijk', "1"])
        writer.writerow(["Sociaal werk", "SW250", "Zorg; ethiek", "2"])
    assert '"Methodiek ""Samen""; praktijk"' in courses.read_text(encoding="cp1252")
    result = run("template", "--out", str(tmp_path / "w"), "--programme", "Sociaal werk", "--courses", str(courses))
    assert result.exit_code == 0, result.output
    workbook = openpyxl.load_workbook(tmp_path / "w" / "Sociaal werk.xlsx")
    units = [row[0] for row in workbook["Opleidingsonderdelen"].iter_rows(min_row=5, values_only=True) if row[0]]
    assert units == ['SW150 – Methodiek "Samen"; praktijk (1)', "SW250 – Zorg; ethiek (2)"]


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
    assert result.exit_code == 0, result.output  # an unknown or guessed course unit is a note, not a problem
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


def test_notes_about_course_units_point_at_the_cell_where_the_units_are_written(tmp_path):
    run("template", "--out", str(tmp_path / "blank"), "--programme", "Sociaal werk", "--courses", str(COURSES))
    folder = tmp_path / "in"
    folder.mkdir()
    answers = {
        ("matrix", "1.3", "level"): "exemplarisch",
        ("matrix", "1.3", "ambition"): "geoefend",
        ("matrix", "1.3", "evidence"): "Filosofie, Sociale inclusei",  # one unknown, one with a typo
        ("competences", "1.1.1", "evidence"): "Filosofie",  # evidence without a level: no answer, no note here
    }
    path = fill_workbook(tmp_path / "blank" / "Sociaal werk.xlsx", folder / "An.xlsx", answers, {"name": "An"})
    ws = openpyxl.load_workbook(path)["Matrix"]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "1.3")
    column = next(
        c.column_letter for line in ws.iter_rows(max_row=row) for c in line if c.value == text("column.evidence")
    )
    out = tmp_path / "out"
    result = run("aggregate", str(folder), "--out", str(out), "--courses", str(COURSES), "--no-pictures")
    assert result.exit_code == 0, result.output
    notes = [(p["code"], p["sheet"], p["cell"]) for p in rows(out / "problems.csv") if p["code"].startswith("course")]
    where = f"{column}{row}"  # the evidence column (F), not the level cell (D) of the same row
    assert sorted(notes) == [("course-unit-guessed", "Matrix", where), ("course-unit-unknown", "Matrix", where)]


def test_lists_among_the_inputs_are_skipped_with_the_option_that_reads_them(tmp_path):
    """The roster and course list in a folder of workbooks, as CSV and saved as a workbook: skipped, each with a
    note naming its option (not as the tool's own output or an Office lock file)."""
    from curriculum_map.core.problems import Problem

    inbox = tmp_path / "in"
    shutil.copytree(EXAMPLES, inbox)
    shutil.copy(COURSES, inbox)
    roster = openpyxl.Workbook()
    for line in (REPO / "examples" / "lijsten" / "lectoren.csv").read_text(encoding="utf-8-sig").splitlines():
        roster.active.append(line.split(";"))
    roster.save(inbox / "lectoren.xlsx")
    out = tmp_path / "out"
    result = run("aggregate", str(inbox), "--out", str(out), "--no-pictures")
    assert result.exit_code == 1  # the examples hold deliberate mistakes
    problems = rows(out / "problems.csv")
    lists = [(p["file"], p["severity"], p["message"]) for p in problems if p["code"] == "input-is-a-list"]
    assert lists == [
        (name, "info", Problem("input-is-a-list", params={"option": option}).message("nl"))
        for name, option in (("lectoren.xlsx", "--roster"), ("opleidingsonderdelen.csv", "--courses"))
    ]
    assert not {"inputs-skipped", "not-a-workbook", "not-curriculum-map-workbook"} & {p["code"] for p in problems}
    assert "--roster" in result.output and "--courses" in result.output


# Two lecturers of Sociaal werk name course units as people do: picked from the dropdown, codes and
# names in other case, an accent too many, a typo, and names that are on no list.
AN = {
    ("matrix", "1.1", "level"): "goed gekaderd",
    ("matrix", "1.1", "evidence"): "SW210 – Sociale inclusie (2)",  # picked
    ("matrix", "1.2", "level"): "geoefend",
    ("matrix", "1.2", "evidence"): "sw301; ONLINE HULPVERLENING",
    ("matrix", "1.3", "level"): "exemplarisch",
    ("matrix", "1.3", "evidence"): "Gegevensbescherming en beroepsgeheim (3e bach), Filosofie",
    ("matrix", "2.1", "level"): "geoefend",
    ("matrix", "2.1", "evidence"): "Sociale inclusei",  # a typo: read as SW210, with a note
    ("competences", "3.1.1", "level"): "goed gekaderd",
    ("competences", "3.1.1", "evidence"): "Sociaal wérk: een introductie",  # counts for component 3.1
}
BRAM = {
    ("matrix", "1.1", "level"): "exemplarisch",
    ("matrix", "1.1", "evidence"): "SW210",
    ("matrix", "1.2", "level"): "exemplarisch",
    ("matrix", "1.2", "evidence"): "Digitale vaardigheden voor sociaal werkers",
    ("matrix", "2.1", "level"): "komt niet aan bod",
    ("matrix", "2.1", "evidence"): "stage",  # too short to guess, and on no list
}
UNITS = {
    "SW101": "Sociaal werk: een introductie",
    "SW120": "Digitale vaardigheden voor sociaal werkers",
    "SW210": "Sociale inclusie",
    "SW225": "Online hulpverlening",
    "SW301": "Stage sociaal werk",
    "SW318": "Gegevensbescherming en beroepsgeheim",
}
# what the course map must hold: (code, item, highest current level, named by)
COURSE_MAP = {
    ("SW210", "1.1", "goed gekaderd", ("An Peeters", "Bram De Smet")),
    ("SW225", "1.2", "geoefend", ("An Peeters",)),
    ("SW301", "1.2", "geoefend", ("An Peeters",)),
    ("SW120", "1.2", "exemplarisch", ("Bram De Smet",)),
    ("SW318", "1.3", "exemplarisch", ("An Peeters",)),
    ("SW210", "2.1", "geoefend", ("An Peeters",)),
    ("SW101", "3.1.1", "goed gekaderd", ("An Peeters",)),
}
# and the learning lines: component -> study year -> (highest level, course units)
LINES = {
    "1.1": {"2": ("goed gekaderd", ["SW210"])},
    "1.2": {"1": ("exemplarisch", ["SW120"]), "2": ("geoefend", ["SW225"]), "3": ("geoefend", ["SW301"])},
    "1.3": {"3": ("exemplarisch", ["SW318"])},
    "2.1": {"2": ("geoefend", ["SW210"])},
    "3.1": {"1": ("goed gekaderd", ["SW101"])},
}


def lecturers(tmp_path: Path) -> Path:
    """The two lecturers' workbooks, made with the course list and filled in."""
    blank = tmp_path / "blank"
    made = run("template", "--out", str(blank), "--programme", "Sociaal werk", "--courses", str(COURSES))
    assert made.exit_code == 0, made.output
    folder = tmp_path / "in"
    folder.mkdir()
    fill_workbook(blank / "Sociaal werk.xlsx", folder / "An.xlsx", AN, {"name": "An Peeters", "date": "1/3/2027"})
    fill_workbook(blank / "Sociaal werk.xlsx", folder / "Bram.xlsx", BRAM, {"name": "Bram De Smet", "date": "2/3/2027"})
    return folder


@pytest.fixture(scope="module")
def course_report(tmp_path_factory) -> Path:
    """The two lecturers aggregated with the course list, pictures included."""
    root = tmp_path_factory.mktemp("courses")
    out = root / "rapport"
    result = run("aggregate", str(lecturers(root)), "--out", str(out), "--courses", str(COURSES), "--pictures")
    assert result.exit_code == 0, result.output  # notes only
    return out


def sheet_rows(path: Path, sheet: str) -> list[dict[str, object]]:
    """A coverage.xlsx table as dicts by header (the header is on row 4), with each level cell's fill."""
    ws = openpyxl.load_workbook(path)[sheet]
    header = [c.value for c in ws[4]]
    found = []
    for row in ws.iter_rows(min_row=5):
        values = {name: cell.value for name, cell in zip(header, row, strict=True)}
        values["fills"] = {name: cell.fill.fgColor.rgb for name, cell in zip(header, row, strict=True)}
        found.append(values)
    return found


def fill_of(label: str) -> str:
    from curriculum_map.core.palette import level_colours
    from curriculum_map.framework.model import load_framework

    levels = load_framework().levels
    colour = level_colours(len(levels))[next(lv.score for lv in levels if lv.label.get("nl") == label)]
    return "FF" + colour.lstrip("#").upper()


def test_coverage_xlsx_holds_the_course_map(course_report):
    rows = sheet_rows(course_report / "coverage.xlsx", "Curriculumkaart")
    found = {(r["Code"], r["ID"], r["Hoogste niveau"], tuple(sorted(str(r["Genoemd door"]).split(", ")))) for r in rows}
    assert found == COURSE_MAP and len(rows) == len(COURSE_MAP)
    for row in rows:
        assert row["Opleiding"] == "Sociaal werk" and row["Opleidingsonderdeel"] == UNITS[str(row["Code"])]
        assert row["Studiejaar"] == str(row["Code"])[2]  # SW210 is a unit of year 2
        assert row["fills"]["Hoogste niveau"] == fill_of(str(row["Hoogste niveau"]))  # coloured like the other sheets
    kinds = {r["ID"]: r["Soort"] for r in rows}
    assert kinds["1.1"] == "component" and kinds["3.1.1"] == "competentie"
    ws = openpyxl.load_workbook(course_report / "coverage.xlsx")["Curriculumkaart"]
    assert ws.freeze_panes == "D5" and ws.auto_filter.ref == f"A4:I{4 + len(rows)}"


def test_coverage_xlsx_holds_the_learning_lines(course_report):
    rows = sheet_rows(course_report / "coverage.xlsx", "Leerlijnen")
    assert len(rows) == 27 and {r["Opleiding"] for r in rows} == {"Sociaal werk"}  # every component, blank or not
    found = {}
    for row in rows:
        for year in ("1", "2", "3"):
            level, units = row[f"Jaar {year}: niveau"], row[f"Jaar {year}: opleidingsonderdelen"]
            if level is None:
                assert units is None
                continue
            assert row["fills"][f"Jaar {year}: niveau"] == fill_of(str(level))
            codes = [part.split(" ", 1)[0] for part in str(units).split("; ")]
            assert str(units) == "; ".join(f"{code} {UNITS[code]}" for code in codes)
            found.setdefault(row["ID"], {})[year] = (level, codes)
    assert found == LINES
    csv_lines = {(r["item_id"], r["study_year"]): (r["label"], r["course_codes"]) for r in rows_of(course_report)}
    assert csv_lines == {(k, y): (v[0], "; ".join(v[1])) for k, years in LINES.items() for y, v in years.items()}


def rows_of(report: Path) -> list[dict[str, str]]:
    return rows(report / "learning-lines.csv")


def test_the_learning_line_picture(course_report):
    from test_report import png_size

    width, height = png_size(course_report / "heatmap-leerlijnen.png")
    assert 1000 < width < 4000 and 700 < height < 4000 and width > height  # an A4 landscape page
    assert (course_report / "heatmap-leerlijnen.png").stat().st_size > 30_000
    manifest = (course_report / "manifest.json").read_text(encoding="utf-8")
    assert "heatmap-leerlijnen.png" in manifest


def test_the_learning_line_picture_reads_in_black_and_white_with_a_complete_legend(tmp_path):
    """Drawn as SVG (text stays text): each cell's level as a number, each colour and mark in the legend."""
    import matplotlib
    from test_report import svg_texts

    from curriculum_map.coverage.courses import course_map
    from curriculum_map.coverage.pictures import CoveragePainter
    from curriculum_map.coverage.report import run_aggregate
    from curriculum_map.framework.model import load_framework
    from curriculum_map.render.pictures import RC, render
    from curriculum_map.workbook.courses import load_courses

    fw = load_framework()
    courses = load_courses(COURSES, lambda written: getattr(fw.find_programme(written), "id", None))
    result = run_aggregate([lecturers(tmp_path)], fw, tmp_path / "out", pictures=False, courses=courses)
    assert result.course_map is not None
    assert result.course_map.lines == course_map(result.aggregation, courses).lines  # computed once, the same
    with matplotlib.rc_context(RC):
        picture = CoveragePainter(result.aggregation, "nl", result.course_map.summary()).learning_lines(0)
    texts = svg_texts(render(picture, tmp_path, ("svg",), None).paths[0])
    legend = ["0 = komt niet aan bod", "1 = exemplarisch", "2 = goed gekaderd", "3 = geoefend"]
    assert set(legend) <= set(texts)
    assert "– = geen opleidingsonderdeel genoemd" in texts and "kolommen 1, 2, 3: studiejaar" in texts
    assert "Sociaal werk" in texts  # the programme over its study years
    scores = {"exemplarisch": "1", "goed gekaderd": "2", "geoefend": "3"}
    cells = [
        scores[LINES[component.id][year][0]] if year in LINES.get(component.id, {}) else "–"
        for component in fw.components
        for year in ("1", "2", "3")
    ]
    start = texts.index(cells[0])
    assert texts[start : start + len(cells)] == cells  # every cell, row by row, says its level as text


def test_report_html_has_the_learning_lines_and_the_desk_the_names_not_on_the_list(course_report):
    html = (course_report / "report.html").read_text(encoding="utf-8")
    document = html5lib.parse(html, namespaceHTMLElements=False)
    section = next(e for e in document.iter("section") if e.get("id") == "leerlijnen")
    assert "".join(section.find("h2").itertext()) == "Leerlijnen"
    figure = section.find(".//figure")  # a table per programme: which units, in which year, build what
    assert "".join(figure.find("figcaption").itertext()) == "Leerlijnen van Sociaal werk"
    assert any(a.get("href") == "#leerlijnen" for a in document.iter("a"))  # in the table of contents
    lines = " ".join(figure.itertext())
    assert "SW301" in lines
    assert not [t for t in document.iter("table") if t.get("class") == "unmatched"]  # the coordinator's to fix
    desk = html5lib.parse((course_report / "desk.html").read_text(encoding="utf-8"), namespaceHTMLElements=False)
    section = next(e for e in desk.iter("section") if e.get("id") == "niet-in-lijst")
    text = " ".join(" ".join(section.itertext()).split())
    table = next(t for t in section.iter("table") if t.get("class") == "unmatched")
    entries = [[" ".join("".join(td.itertext()).split()) for td in tr.iter("td")] for tr in table.iter("tr")][1:]
    assert [e[0] for e in entries] == ["Filosofie", "stage", "Sociale inclusei"]  # not found first, then guessed
    assert entries[0][2] == "niet gevonden" and entries[0][3].startswith("An Peeters, Matrix!")
    assert entries[2][2] == "SW210 – Sociale inclusie (2)"
    assert text
    notes = {(p["code"], p["severity"]) for p in rows(course_report / "problems.csv")}
    assert {("course-unit-unknown", "info"), ("course-unit-guessed", "info")} <= notes


def test_in_english_and_without_course_lists(tmp_path):
    folder = lecturers(tmp_path)
    english = tmp_path / "en"
    result = run("aggregate", str(folder), "--out", str(english), "--courses", str(COURSES), "--no-pictures",
                 "--lang", "en")  # fmt: skip
    assert result.exit_code == 0, result.output
    workbook = openpyxl.load_workbook(english / "coverage.xlsx")
    assert {"Course map", "Learning lines"} <= set(workbook.sheetnames)
    assert workbook["Learning lines"]["D4"].value == "Year 1: level"
    html = (english / "report.html").read_text(encoding="utf-8")
    assert '<section id="leerlijnen"' in html and ">Learning lines</h2>" in html
    desk = (english / "desk.html").read_text(encoding="utf-8")
    assert "Names that are not on the list" in desk and "<td>not found</td>" in desk and "niet gevonden" not in desk

    plain = tmp_path / "plain"
    assert run("aggregate", str(folder), "--out", str(plain), "--no-pictures").exit_code == 0
    assert not {"Curriculumkaart", "Leerlijnen"} & set(openpyxl.load_workbook(plain / "coverage.xlsx").sheetnames)
    html = (plain / "report.html").read_text(encoding="utf-8")
    assert 'id="leerlijnen"' not in html and "course-unit" not in html
    assert not (plain / "learning-lines.csv").exists()


def test_a_typo_is_read_as_the_one_unit_it_resembles():
    from curriculum_map.workbook.courses import Courses, CourseUnit

    units = Courses(
        (
            CourseUnit("sw", "SW210", "Sociale inclusie", "2"),
            CourseUnit("sw", "SW201", "Sociale media", "2"),
            CourseUnit("sw", "SW310", "Ethiek 1", "3"),
            CourseUnit("sw", "SW311", "Ethiek 2", "3"),
        )
    )
    found = units.match("sw", "Sociale inclusei; SW2100; Ethiek 3; Socale media (2e bach)")
    assert [u.code for u in found.units] == ["SW210", "SW201"]
    assert [(written, u.code) for written, u in found.guessed] == [("Sociale inclusei", "SW210"),
                                                                    ("Socale media (2e bach)", "SW201")]  # fmt: skip
    assert found.unknown == ["SW2100", "Ethiek 3"]  # codes are never guessed; 'Ethiek 3' is as close to two units
