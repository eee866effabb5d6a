"""Which workbooks count: dates as people type them decide between two of one respondent, copies count once.

Built as a user would meet it: fill workbooks, save them at chosen times, run `aggregate`, read the CSVs.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import time
from pathlib import Path

import openpyxl
import pytest

from conftest import run as run_cli
from curriculum_map.core.dates import month_number, parse_date
from curriculum_map.core.problems import Problem
from curriculum_map.core.texts import text
from curriculum_map.framework.model import Framework
from curriculum_map.workbook.layout import RESPONDENT_ROWS, RESPONDENT_VALUE_COLUMN, cell_ref

SW = "sociaal-werk"
LEVEL = ("matrix", "1.1", "level")
LEVEL_13 = ("matrix", "1.3", "level")
DATE_CELL = cell_ref(RESPONDENT_ROWS["date"], RESPONDENT_VALUE_COLUMN)
DUPLICATE_CODES = (
    "duplicate-submission",
    "duplicate-submission-same-date",
    "duplicate-submission-undated",
    "duplicate-submission-no-dates",
    "identical-submission",
)


def run(*args: str):
    return run_cli(*args, "--no-pictures")


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def saved(path: Path, minutes_ago: int) -> None:
    """Set the file's modification time, as if it was last saved `minutes_ago` minutes ago."""
    moment = time.time() - 60 * minutes_ago
    os.utime(path, (moment, moment))


def aggregate(folder: Path, out: Path, *options: str) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """Run `curriculum-map aggregate` and give responses.csv and problems.csv."""
    run("aggregate", str(folder), "--out", str(out), *options)
    return read_csv(out / "responses.csv"), read_csv(out / "problems.csv")


def about_duplicates(problems: list[dict[str, str]]) -> list[tuple[str, str, str, str, str]]:
    return [
        (p["file"], p["sheet"], p["cell"], p["code"], p["message"]) for p in problems if p["code"] in DUPLICATE_CODES
    ]


def programme_name(framework: Framework, programme_id: str) -> str:
    return next(p.name.get() for p in framework.programmes if p.id == programme_id)


def sheet_values(path: Path, sheet: str) -> set[str]:
    worksheet = openpyxl.load_workbook(path, read_only=True)[sheet]
    return {str(v) for row in worksheet.iter_rows(values_only=True) for v in row if v is not None}


# -- parse_date ---------------------------------------------------------------------------------

MARCH_12 = dt.date(2026, 3, 12)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("12/3/2026", MARCH_12),
        ("12/03/2026", MARCH_12),
        ("2/4/2026", dt.date(2026, 4, 2)),  # day first: 2 April, not 4 February
        ("12-3-2026", MARCH_12),
        ("12.3.2026", MARCH_12),
        ("12/3/26", MARCH_12),
        ("12.3.26", MARCH_12),
        (" 12 / 3 / 2026 ", MARCH_12),
        ("12/3/2026\u00a0", MARCH_12),  # a non-breaking space pasted along
        ("12/3/2026 14:30", MARCH_12),
        ("12/3/2026 14u30", MARCH_12),
        ("13/4/2026", dt.date(2026, 4, 13)),
        ("4/13/2026", dt.date(2026, 4, 13)),  # no month 13: read month first
        ("2026-03-12", MARCH_12),
        ("2026-3-12", MARCH_12),
        ("2026-03-12 10:30:00", MARCH_12),  # how the reader shows a date-and-time cell
        ("2026-03-12T10:30", MARCH_12),
        ("2026/03/12", MARCH_12),
        ("12 maart 2026", MARCH_12),
        ("12 Maart 2026", MARCH_12),
        ("12 mrt 2026", MARCH_12),
        ("12 mrt. 2026", MARCH_12),
        ("12-mrt-26", MARCH_12),  # Excel's d-mmm-yy
        ("12de maart 2026", MARCH_12),
        ("12 March 2026", MARCH_12),
        ("12th March 2026", MARCH_12),
        ("March 12, 2026", MARCH_12),
        ("Mar 12 2026", MARCH_12),
        ("1 mei 2026", dt.date(2026, 5, 1)),
        ("1 sept 2026", dt.date(2026, 9, 1)),
        ("31 okt 2026", dt.date(2026, 10, 31)),
        ("46093", MARCH_12),  # a number cell's date as the reader shows it: Excel's serial number
        (46093, MARCH_12),
        (46093.75, MARCH_12),
        (MARCH_12, MARCH_12),
        (dt.datetime(2026, 3, 12, 23, 59), MARCH_12),
        ("29/2/2028", dt.date(2028, 2, 29)),
        ("31/2/2026", None),
        ("29/2/2026", None),
        ("32/13/2026", None),
        ("13/13/2026", None),
        ("0/3/2026", None),
        ("12/3", None),
        ("2026", None),
        ("12/3/226", None),
        ("volgende week", None),
        ("12 ma 2026", None),  # maart or march? mei or may? too short to say
        ("12 foo 2026", None),
        ("", None),
        ("   ", None),
        (None, None),
        (True, None),
        (2026, None),  # a year in a number cell is not a serial number
        (19999, None),
        (80001, None),
        (float("nan"), None),
    ],
)
def test_parse_date(typed, expected):
    assert parse_date(typed) == expected
    assert parse_date(typed, "en") == expected  # Belgian workbooks put the day first in English too


def test_two_digit_years_follow_strptime():
    assert parse_date("1/1/68") == dt.date(2068, 1, 1)
    assert parse_date("1/1/69") == dt.date(1969, 1, 1)
    assert parse_date("1/1/69") == dt.datetime.strptime("1/1/69", "%d/%m/%y").date()


@pytest.mark.parametrize(
    ("name", "number"),
    [("maart", 3), ("mrt", 3), ("mar", 3), ("March", 3), ("mei", 5), ("may", 5), ("okt", 10), ("oct", 10),
     ("sept", 9), ("ma", None), ("ju", None), ("xyz", None)],
)  # fmt: skip
def test_month_names(name, number):
    assert month_number(name) == number


# -- one respondent, two workbooks: the date decides ------------------------------------------------


def test_the_newest_date_counts_not_the_newest_file(fill, framework, tmp_path):
    march = fill(SW, "maart.xlsx", {LEVEL: "exemplarisch"}, {"name": "Els", "date": "12/3/2026"})
    april = fill(SW, "april.xlsx", {LEVEL: "geoefend"}, {"name": "Els", "date": "2/4/2026"})
    saved(april, 60)
    saved(march, 5)  # the March workbook was saved last (opened and saved again, say)
    responses, problems = aggregate(march.parent, tmp_path / "out")

    assert [(r["file"], r["label"], r["respondent_date"]) for r in responses] == [
        ("april.xlsx", "geoefend", "2/4/2026")
    ]
    params = {
        "programme": programme_name(framework, SW),
        "respondent": "Els",
        "kept": "april.xlsx",
        "kept_date": "2026-04-02",
        "date": "2026-03-12",
    }
    expected = Problem("duplicate-submission", params=params).message("nl")
    assert about_duplicates(problems) == [("maart.xlsx", "Matrix", DATE_CELL, "duplicate-submission", expected)]
    assert "2026-04-02" in expected and "2026-03-12" in expected
    # the report's date is the newest date of the data, shown unambiguously, in words
    respondents_sheet = text("report.sheet.respondents")
    note = text("report.data_note", date="2 april 2026", workbooks="1 werkmap", programmes="1 opleiding")
    assert note in sheet_values(tmp_path / "out" / "coverage.xlsx", respondents_sheet)

    _, problems_en = aggregate(march.parent, tmp_path / "out-en", "--lang", "en")
    messages = [message for *_, message in about_duplicates(problems_en)]
    assert messages == [Problem("duplicate-submission", params=params).message("en")]


@pytest.mark.parametrize(
    ("older", "newer"),
    [
        ("12-3-2026", "2-4-2026"),
        ("12.3.2026", "2.4.2026"),
        ("12/3/26", " 2 / 4 / 26 "),
        ("12 maart 2026", "2 april 2026"),
        ("2026-03-12", "2/4/2026"),
        (dt.date(2026, 3, 12), dt.datetime(2026, 4, 2, 9, 30)),  # real date cells
        (46093, 46114),  # dates typed into number cells: Excel keeps the serial numbers
    ],
)
def test_dates_in_every_form_people_type_them(fill, framework, tmp_path, older, newer):
    march = fill(SW, "maart.xlsx", {LEVEL: "exemplarisch"}, {"name": "Els", "date": older})
    april = fill(SW, "april.xlsx", {LEVEL: "geoefend"}, {"name": "Els", "date": newer})
    saved(april, 60)
    saved(march, 5)
    responses, problems = aggregate(march.parent, tmp_path / "out")

    assert {r["file"] for r in responses} == {"april.xlsx"}
    params = {
        "programme": programme_name(framework, SW),
        "respondent": "Els",
        "kept": "april.xlsx",
        "kept_date": "2026-04-02",
        "date": "2026-03-12",
    }
    expected = Problem("duplicate-submission", params=params).message("nl")
    assert about_duplicates(problems) == [("maart.xlsx", "Matrix", DATE_CELL, "duplicate-submission", expected)]


@pytest.mark.parametrize(
    ("first_date", "last_date", "code", "kept"),
    [
        # neither has a date: the file saved last counts, and the message says so
        (None, None, "duplicate-submission-no-dates", "b.xlsx"),
        ("volgende week", "", "duplicate-submission-no-dates", "b.xlsx"),
        # the same day twice: the file saved last counts
        ("12/3/2026", "12-3-2026", "duplicate-submission-same-date", "b.xlsx"),
        # only one has a (readable) date: that one counts, though saved earlier
        ("12/3/2026", None, "duplicate-submission-undated", "a.xlsx"),
        ("12/3/2026", "32/13/2026", "duplicate-submission-undated", "a.xlsx"),
    ],
)
def test_what_decides_when_the_dates_do_not(fill, framework, tmp_path, first_date, last_date, code, kept):
    def respondent(date):
        return {"name": "Els"} if date is None else {"name": "Els", "date": date}

    a = fill(SW, "a.xlsx", {LEVEL: "exemplarisch"}, respondent(first_date))
    b = fill(SW, "b.xlsx", {LEVEL: "geoefend"}, respondent(last_date))
    saved(a, 60)
    saved(b, 5)
    responses, problems = aggregate(a.parent, tmp_path / "out")

    assert {r["file"] for r in responses} == {kept}
    set_aside = ({"a.xlsx", "b.xlsx"} - {kept}).pop()
    dates = {"a.xlsx": parse_date(first_date or ""), "b.xlsx": parse_date(last_date or "")}
    params = {
        "programme": programme_name(framework, SW),
        "respondent": "Els",
        "kept": kept,
        "kept_date": dates[kept].isoformat() if dates[kept] else "",
        "date": dates[set_aside].isoformat() if dates[set_aside] else "",
    }
    expected = Problem(code, params=params).message("nl")
    assert [(f, c, m) for f, _, _, c, m in about_duplicates(problems)] == [(set_aside, code, expected)]
    if code == "duplicate-submission-no-dates":
        assert kept in expected and "datum" in expected  # says that no date decided, and which file counts


def test_a_date_that_cannot_be_read_is_named_where_it_was_typed(fill, tmp_path):
    bad = fill(SW, "volgende week.xlsx", {LEVEL: "geoefend"}, {"name": "Els", "date": "volgende week"})
    fill(SW, "no month 13.xlsx", {LEVEL: "geoefend"}, {"name": "Bo", "date": "32/13/2026"})
    fill(SW, "fine.xlsx", {LEVEL: "geoefend"}, {"name": "Cas", "date": "12 maart 2026"})
    fill(SW, "no date.xlsx", {LEVEL: "geoefend"}, {"name": "Dee"})
    _, problems = aggregate(bad.parent, tmp_path / "out")

    found = sorted((p["file"], p["sheet"], p["cell"], p["message"]) for p in problems if p["code"] == "date-unreadable")
    assert found == [
        ("no month 13.xlsx", "Matrix", DATE_CELL, Problem("date-unreadable", params={"value": "32/13/2026"}).message()),
        (
            "volgende week.xlsx",
            "Matrix",
            DATE_CELL,
            Problem("date-unreadable", params={"value": "volgende week"}).message(),
        ),
    ]


# -- one workbook, saved twice under two names ------------------------------------------------------

COPY = {
    ("matrix", "1.1", "level"): "goed gekaderd",
    ("matrix", "1.1", "ambition"): "geoefend",
    ("matrix", "1.1", "evidence"): "Stage in het 2e jaar",
    ("matrix", "1.2", "level"): "exemplarisch",
    ("competences", "1.1.1", "level"): "geoefend",
}


def test_identical_copies_count_as_one_respondent(fill, framework, tmp_path):
    first = fill(SW, "Sociaal werk.xlsx", COPY, respondent={})
    second = fill(SW, "Sociaal werk (1).xlsx", COPY, respondent={})
    other_comment = fill(SW, "Sociaal werk (2).xlsx", {**COPY, ("matrix", "1.2", "comment"): "enkel in keuzevak"}, {})
    fill(SW, "Ann.xlsx", {LEVEL: "komt niet aan bod"}, {"name": "Ann"})
    saved(first, 60)
    saved(second, 5)
    saved(other_comment, 30)
    responses, problems = aggregate(first.parent, tmp_path / "out")

    programme = programme_name(framework, SW)
    respondents = {r["respondent"] for r in responses if r["programme"] == programme}
    assert respondents == {"Sociaal werk (1)", "Sociaal werk (2)", "Ann"}  # a different comment is no copy
    copies = [r for r in responses if r["file"].startswith("Sociaal werk")]
    assert {r["file"] for r in copies} == {"Sociaal werk (1).xlsx", "Sociaal werk (2).xlsx"}
    params = {
        "programme": programme,
        "file": "Sociaal werk.xlsx",
        "respondent": "Sociaal werk",
        "kept": "Sociaal werk (1).xlsx",
        "kept_respondent": "Sociaal werk (1)",
    }
    expected = Problem("identical-submission", params=params).message("nl")
    assert about_duplicates(problems) == [("Sociaal werk.xlsx", "", "", "identical-submission", expected)]
    assert "Sociaal werk.xlsx" in expected and "Sociaal werk (1).xlsx" in expected
    # the missing names are still named: nothing about the copies is hidden
    missing = sorted(p["file"] for p in problems if p["code"] == "respondent-missing")
    assert missing == ["Sociaal werk (1).xlsx", "Sociaal werk (2).xlsx", "Sociaal werk.xlsx"]


SPARSE = {("matrix", "1.1", "level"): "geoefend", ("matrix", "1.2", "level"): "exemplarisch", LEVEL_13: "geoefend"}


def with_respondent_id(path: Path, respondent_id: str) -> Path:
    """A personal workbook, as `template --roster` writes it: the respondent id in the metadata sheet."""
    from curriculum_map.workbook.layout import METADATA_SHEET

    workbook = openpyxl.load_workbook(path)
    workbook[METADATA_SHEET].append(["respondent_id", respondent_id])
    workbook.save(path)
    return path


def test_people_who_can_be_told_apart_are_never_merged_however_alike_their_answers(fill, framework, tmp_path):
    # issue 21, item 11: two named lecturers, and two personal workbooks without a name, give the same
    # three answers: four respondents, not two
    fill(SW, "Lies.xlsx", SPARSE, {"name": "Lies Wuyts"})
    fill(SW, "Gert.xlsx", SPARSE, {"name": "Gert Jacobs"})
    with_respondent_id(fill(SW, "persoonlijk 1.xlsx", SPARSE, respondent={}), "an.peeters-example.org")
    with_respondent_id(fill(SW, "persoonlijk 2.xlsx", SPARSE, respondent={}), "bram.desmet-example.org")
    responses, problems = aggregate(tmp_path / "in", tmp_path / "out")

    assert about_duplicates(problems) == []
    assert len({r["file"] for r in responses}) == 4
    consensus = read_csv(tmp_path / "out" / "consensus.csv")
    counts = {r["respondents"] for r in consensus if r["programme_id"] == SW}
    assert counts == {"4"}


def test_copies_in_different_programmes_are_both_counted(fill, framework, tmp_path):
    path = fill(SW, "Sociaal werk.xlsx", COPY, respondent={})
    fill("orthopedagogie", "Orthopedagogie.xlsx", COPY, respondent={})
    responses, problems = aggregate(path.parent, tmp_path / "out")

    assert {r["file"] for r in responses} == {"Sociaal werk.xlsx", "Orthopedagogie.xlsx"}
    assert about_duplicates(problems) == []


def test_identical_blank_workbooks_are_not_merged(fill, tmp_path):
    first = fill(SW, "leeg.xlsx", {}, respondent={})
    fill(SW, "leeg (1).xlsx", {}, respondent={})
    responses, problems = aggregate(first.parent, tmp_path / "out")

    assert responses == []
    assert about_duplicates(problems) == []
    assert sorted(p["file"] for p in problems if p["code"] == "no-answers") == ["leeg (1).xlsx", "leeg.xlsx"]
    listed = sheet_values(tmp_path / "out" / "coverage.xlsx", text("report.sheet.respondents"))
    assert {"leeg.xlsx", "leeg (1).xlsx"} <= listed  # both still count as respondents (without answers)


# -- positions workbooks: the same rules, per organisation --------------------------------------------


@pytest.fixture(scope="module")
def positions_blank(tmp_path_factory, framework) -> Path:
    from curriculum_map.positions.template import write_positions_template

    return write_positions_template(framework, tmp_path_factory.mktemp("positions-blank"), "De Vonk vzw")


def test_positions_copies_and_dates(positions_blank, tmp_path):
    from make_examples import fill_positions_workbook

    folder = tmp_path / "posities"
    folder.mkdir()
    answers = {
        ("1.1.1", "choice"): "Beginner",
        ("1.1.2", "choice"): "Gangmaker",
        ("4.2.eigen1", "competence"): "cliënten helpen met itsme",
        ("4.2.eigen1", "choice"): "Beginner",
    }
    other_own = {**answers, ("4.2.eigen1", "competence"): "cliënten helpen met de eID"}

    def positions(name: str, values, respondent, minutes_ago: int) -> Path:
        path = fill_positions_workbook(positions_blank, folder / name, values, respondent)
        saved(path, minutes_ago)
        return path

    positions("kopie.xlsx", answers, {}, 60)
    positions("kopie (1).xlsx", answers, {}, 5)
    positions("eigen.xlsx", other_own, {}, 30)  # the same expectations, another added competence: no copy
    positions("hanne maart.xlsx", {("1.1.1", "choice"): "Beginner"}, {"name": "Hanne", "date": "12.3.2026"}, 5)
    positions("hanne april.xlsx", {("1.1.1", "choice"): "Pionier"}, {"name": "Hanne", "date": "2.4.2026"}, 60)
    out = tmp_path / "out"
    run("positions", "aggregate", str(folder), "--out", str(out))
    responses, problems = read_csv(out / "responses.csv"), read_csv(out / "problems.csv")

    assert {r["respondent"] for r in responses} == {"kopie (1)", "eigen", "Hanne"}
    assert {r["file"] for r in responses if r["respondent"] == "Hanne"} == {"hanne april.xlsx"}
    identical = {
        "programme": "De Vonk vzw",
        "file": "kopie.xlsx",
        "respondent": "kopie",
        "kept": "kopie (1).xlsx",
        "kept_respondent": "kopie (1)",
    }
    duplicate = {
        "programme": "De Vonk vzw",
        "respondent": "Hanne",
        "kept": "hanne april.xlsx",
        "kept_date": "2026-04-02",
        "date": "2026-03-12",
    }
    assert sorted((f, c, m) for f, _, _, c, m in about_duplicates(problems)) == [
        ("hanne maart.xlsx", "duplicate-submission", Problem("duplicate-submission", params=duplicate).message()),
        ("kopie.xlsx", "identical-submission", Problem("identical-submission", params=identical).message()),
    ]
    added = read_csv(out / "added-competences.csv")
    assert sorted(a["file"] for a in added) == ["eigen.xlsx", "kopie (1).xlsx"]
