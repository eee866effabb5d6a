"""Positions in organisations: the workbook, its aggregation (shares, classes, alpha, profiles) and the gap view."""

from __future__ import annotations

import csv
from pathlib import Path

import html5lib
import krippendorff
import numpy as np
import openpyxl
import pytest
from click.testing import CliRunner

from curriculum_map.cli import cli
from curriculum_map.positions.aggregate import consensus_class
from curriculum_map.positions.reader import read_positions_workbook
from curriculum_map.positions.template import own_row_id, positions_layout, write_positions_template
from make_examples import fill_positions_workbook

LABELS = ["niet verwacht", "wenselijk", "essentieel"]
POSITIONS = ["beginner", "ervaren", "pionier", "gangmaker"]


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def blank(tmp_path_factory, framework) -> Path:
    return write_positions_template(framework, tmp_path_factory.mktemp("blank"), "De Vonk vzw")


def test_the_workbook_has_a_dropdown_per_position_and_rows_for_own_competences(blank, framework):
    wb = openpyxl.load_workbook(blank)
    assert wb.sheetnames == ["Instructies", "Posities", "_metadata"]
    assert wb["_metadata"].sheet_state == "hidden"
    metadata = {r[0]: r[1] for r in wb["_metadata"].iter_rows(values_only=True)}
    assert metadata["workbook_kind"] == "positions" and metadata["organisation"] == "De Vonk vzw"
    ws = wb["Posities"]
    assert ws.protection.sheet
    layout = positions_layout(framework)
    header = [c.value for c in ws[layout.header_row]]
    assert header == [
        "ID",
        "Competentie",
        "Beginner",
        "Hulpverlener met ervaring",
        "Pionier",
        "Gangmaker",
        "Eigen keuze / toelichting",
    ]
    ids = [str(ws.cell(r, 1).value) for r in range(layout.first_data_row, ws.max_row + 1) if ws.cell(r, 1).value]
    own = [own_row_id(k.id, n) for k in framework.components for n in (1, 2)]
    assert [i for i in ids if "eigen" not in i] == [c.id for c in framework.competences]
    assert [i for i in ids if "eigen" in i] == own
    validations = {}
    for validation in ws.data_validations.dataValidation:
        for cells in str(validation.sqref).split():
            validations[cells] = validation.formula1
    assert set(validations.values()) == {'"niet verwacht,wenselijk,essentieel"'}
    rows = {str(ws.cell(r, 1).value): r for r in range(layout.first_data_row, ws.max_row + 1)}
    for row_id in ("1.1.1", "9.3.3", "5.2.eigen2"):
        r = rows[row_id]
        for column in "CDEFG":
            assert ws[f"{column}{r}"].protection.locked is False, (row_id, column)
    assert ws[f"B{rows['5.2.eigen2']}"].protection.locked is False  # the own competence is typed here
    assert ws[f"B{rows['1.1.1']}"].protection.locked is not False
    instructions = " ".join(str(c.value) for row in wb["Instructies"].iter_rows() for c in row if c.value)
    for position in framework.positions:
        assert position.description.get() in instructions


@pytest.mark.libreoffice
def test_libreoffice_round_trip_of_a_filled_positions_workbook(blank, framework, tmp_path):
    from conftest import soffice_convert

    filled = fill_positions_workbook(
        blank,
        tmp_path / "p.xlsx",
        {
            ("1.1.1", "beginner"): "essentieel",
            ("9.3.3", "gangmaker"): "wenselijk",
            ("1.1.eigen1", "competence"): "eigen tekst",
            ("1.1.eigen1", "pionier"): "essentieel",
        },
        {"name": "Lies"},
    )
    original = read_positions_workbook(filled, framework)
    for target in ("xlsx", "ods"):
        converted_path = soffice_convert(filled, tmp_path / target, target)
        if target == "xlsx":  # what Excel users get back from a LibreOffice user
            wb = openpyxl.load_workbook(converted_path)
            ws = wb["Posities"]
            assert ws.protection.sheet
            assert {v.formula1 for v in ws.data_validations.dataValidation} == {'"niet verwacht,wenselijk,essentieel"'}
            assert wb["_metadata"].sheet_state == "hidden"
            rows = {str(ws.cell(r, 1).value): r for r in range(8, ws.max_row + 1)}
            assert ws[f"C{rows['1.1.2']}"].protection.locked is False and ws[f"A{rows['1.1.2']}"].protection.locked
        converted = read_positions_workbook(converted_path, framework)
        assert [p.code for p in converted.problems] == [], target
        assert [(a.cell, a.item_id, a.position_id, a.level.score) for a in converted.answers] == [
            (a.cell, a.item_id, a.position_id, a.level.score) for a in original.answers
        ]
        assert [(o.text, o.choices) for o in converted.own] == [("eigen tekst", original.own[0].choices)]


@pytest.mark.parametrize(
    ("share", "answered", "expected"),
    [
        (1.0, 5, "consensus-expected"),
        (0.8, 5, "consensus-expected"),
        (0.75, 4, "majority-expected"),
        (0.6, 5, "discuss"),
        (0.5, 4, "discuss"),
        (0.4, 5, "discuss"),
        (0.25, 4, "majority-not-expected"),
        (0.2, 5, "consensus-not-expected"),
        (0.0, 3, "consensus-not-expected"),
        (1.0, 1, "too-few"),
        (None, 0, "too-few"),
    ],
)
def test_consensus_classes(share, answered, expected):
    assert consensus_class(share, answered) == expected


# Four respondents; (competence, position) -> score per respondent (None = blank)
MATRIX = {
    ("1.1.1", "beginner"): [2, 2, 2, 1],
    ("1.1.1", "gangmaker"): [2, 2, 2, 2],
    ("1.1.2", "beginner"): [0, 2, 0, 2],
    ("1.1.2", "pionier"): [0, 0, 0, None],
    ("2.2.1", "ervaren"): [1, 0, 0, 0],
    ("9.3.3", "gangmaker"): [2, 1, 0, 2],
}
NAMES = ["Ann", "Bo", "Cas", "Dee"]


@pytest.fixture
def four_respondents(blank, tmp_path) -> Path:
    folder = tmp_path / "posities"
    folder.mkdir()
    for r, name in enumerate(NAMES):
        answers = {key: LABELS[scores[r]] for key, scores in MATRIX.items() if scores[r] is not None}
        if name == "Bo":
            answers[("4.2.eigen1", "competence")] = "=cliënten helpen met <b>itsme</b>"
            answers[("4.2.eigen1", "beginner")] = "wenselijk"
        fill_positions_workbook(blank, folder / f"{name}.xlsx", answers, {"name": name, "date": f"2025-09-0{r + 1}"})
    return folder


def test_shares_classes_alpha_profiles_and_added_competences(four_respondents, tmp_path):
    out = tmp_path / "out"
    result = run("positions", "aggregate", str(four_respondents), "--out", str(out), "--no-pictures")
    assert result.exit_code == 0, result.output
    rows = {(r["item_id"], r["position_id"]): r for r in read_csv(out / "expectations.csv")}
    for key, scores in MATRIX.items():
        answered = [s for s in scores if s is not None]
        expecting = sum(s >= 1 for s in answered)
        row = rows[key]
        assert int(row["answered"]) == len(answered) and int(row["expecting"]) == expecting, key
        assert float(row["share"]) == pytest.approx(expecting / len(answered))
        assert int(row["essential"]) == sum(s == 2 for s in answered)
        assert row["class"] == consensus_class(expecting / len(answered), len(answered))
    assert rows[("1.1.2", "beginner")]["class"] == "discuss"
    assert rows[("1.1.1", "gangmaker")]["class"] == "consensus-expected"
    assert rows[("5.1.1", "beginner")]["answered"] == "0" and rows[("5.1.1", "beginner")]["class"] == "too-few"

    units = [(c, p) for c in ("1.1.1", "1.1.2", "1.1.3", "1.1.4", "1.2.1") for p in POSITIONS]
    data = np.array([[MATRIX.get(u, [None] * 4)[r] for u in units] for r in range(4)], dtype=float)
    expected_alpha = krippendorff.alpha(reliability_data=data, level_of_measurement="ordinal", value_domain=[0, 1, 2])
    wb = openpyxl.load_workbook(out / "positions.xlsx")
    agreement = {r[0]: r[1] for r in wb["Overeenstemming"].iter_rows(min_row=5, values_only=True)}
    cluster1 = agreement["1. Aandacht hebben voor en bevorderen van digitale inclusie"]
    all_units = [
        (c.id, p)
        for c in __import__("curriculum_map.framework").framework.load_framework().competences
        for p in POSITIONS
    ]
    overall = np.array([[MATRIX.get(u, [None] * 4)[r] for u in all_units] for r in range(4)], dtype=float)
    assert agreement["Alle competenties"] == pytest.approx(
        krippendorff.alpha(reliability_data=overall, level_of_measurement="ordinal", value_domain=[0, 1, 2])
    )
    cluster1_units = [u for u in all_units if u[0].startswith("1.")]
    cluster1_data = np.array([[MATRIX.get(u, [None] * 4)[r] for u in cluster1_units] for r in range(4)], dtype=float)
    assert cluster1 == pytest.approx(
        krippendorff.alpha(reliability_data=cluster1_data, level_of_measurement="ordinal", value_domain=[0, 1, 2])
    )
    assert expected_alpha == pytest.approx(cluster1)  # the other cluster 1 units are all blank

    profiles = list(wb["Profielen"].iter_rows(min_row=5, values_only=True))
    row_11 = next(r for r in profiles if str(r[1]).startswith("1.1 "))
    # majority (> 50%) expects: 1.1.1 of Beginner and Gangmaker; 1.1.2 of nobody (50% is no majority)
    assert row_11[2:] == (1, 0, 0, 1)

    added = read_csv(out / "added-competences.csv")
    assert [(a["respondent"], a["component_id"], a["competence"], a["positions"]) for a in added] == [
        ("Bo", "4.2", "'=cliënten helpen met <b>itsme</b>", "Beginner: wenselijk")
    ]
    responses = read_csv(out / "responses.csv")
    assert len(responses) == sum(s is not None for scores in MATRIX.values() for s in scores)
    assert responses[0]["file"] == "Ann.xlsx" and responses[0]["position"] == "Beginner"


def test_few_respondents_are_not_exposed_in_the_html(four_respondents, tmp_path):
    out = tmp_path / "out"
    run("positions", "aggregate", str(four_respondents), "--out", str(out), "--min-respondents", "5")
    html = (out / "report.html").read_text(encoding="utf-8")
    document = html5lib.parse(html, namespaceHTMLElements=False)
    text = " ".join(document.itertext())
    assert "Er zijn minder dan 5 respondenten" in text
    assert not any(name in text for name in ("Ann", "Bo ", "Cas", "Dee"))
    assert "&lt;b&gt;itsme&lt;/b&gt;" in html and not list(document.iter("b"))
    assert (out / "posities-clusters.png").exists()
    out2 = tmp_path / "out2"
    run("positions", "aggregate", str(four_respondents), "--out", str(out2), "--no-pictures")
    text2 = " ".join(
        html5lib.parse((out2 / "report.html").read_text(encoding="utf-8"), namespaceHTMLElements=False).itertext()
    )
    assert "Ann" in text2 and "Dee" in text2


def test_positions_problems_name_their_cells(blank, framework, tmp_path, blank_workbooks):
    path = fill_positions_workbook(
        blank,
        tmp_path / "x.xlsx",
        {
            ("1.1.1", "beginner"): "essentiel",
            ("1.1.2", "pionier"): "misschien",
            ("2.1.eigen2", "gangmaker"): "essentieel",
        },
        {"name": "Eva"},
    )
    reading = read_positions_workbook(path, framework)
    ws = openpyxl.load_workbook(path)["Posities"]
    rows = {str(ws.cell(r, 1).value): r for r in range(8, ws.max_row + 1)}
    codes = [(p.code, p.sheet, p.cell) for p in reading.problems]
    assert codes == [
        ("invalid-level-suggestion", "Posities", f"C{rows['1.1.1']}"),
        ("invalid-level", "Posities", f"E{rows['1.1.2']}"),
        ("own-competence-without-text", "Posities", f"B{rows['2.1.eigen2']}"),
        ("no-answers", "", ""),
    ]
    assert 'bedoelde je "essentieel"' in reading.problems[0].message()
    assert "Gangmaker" in reading.problems[2].message()
    wrong = read_positions_workbook(blank_workbooks["sociaal-werk"], framework)
    assert [(p.code, p.severity) for p in wrong.problems] == [("wrong-workbook-kind", "info")]


def test_gap_view_on_a_small_constructed_case(fill, blank, tmp_path):
    # Programmes: Sociaal werk practises 1.1.1 but only exemplifies 1.1.2; Orthopedagogie answered
    # no competences, only component 1.1 (goed gekaderd) and 1.2 (exemplarisch).
    fill(
        "sociaal-werk",
        "sw.xlsx",
        {
            ("competences", "1.1.1", "level"): "geoefend",
            ("competences", "1.1.2", "level"): "exemplarisch",
            ("competences", "1.2.1", "level"): "komt niet aan bod",
        },
        {"name": "S"},
    )
    fill(
        "orthopedagogie",
        "or.xlsx",
        {("matrix", "1.1", "level"): "goed gekaderd", ("matrix", "1.2", "level"): "exemplarisch"},
        {"name": "O"},
    )
    assert run("aggregate", str(tmp_path / "in"), "--out", str(tmp_path / "prog"), "--no-pictures").exit_code == 0
    # Organisations: Beginner expected of 1.1.1 (3 of 3), 1.1.2 (2 of 3), 1.2.1 (3 of 3); not of 1.1.3 (1 of 3)
    beginner = {"1.1.1": [2, 2, 1], "1.1.2": [1, 0, 2], "1.1.3": [0, 0, 1], "1.2.1": [2, 2, 2]}
    folder = tmp_path / "pos"
    folder.mkdir()
    for r, name in enumerate(("A", "B", "C")):
        fill_positions_workbook(
            blank,
            folder / f"{name}.xlsx",
            {(item, "beginner"): LABELS[s[r]] for item, s in beginner.items()},
            {"name": name},
        )
    assert (
        run("positions", "aggregate", str(folder), "--out", str(tmp_path / "posout"), "--no-pictures", "-q").exit_code
        == 0
    )
    result = run("gap", str(tmp_path / "prog"), str(tmp_path / "posout"), "--out", str(tmp_path / "gap"))
    assert result.exit_code == 0, result.output
    rows = {(r["programme"], r["item_id"]): r for r in read_csv(tmp_path / "gap" / "gap.csv")}
    expected = {
        ("Sociaal werk", "1.1.1"): ("ok", "3", "competence"),
        ("Sociaal werk", "1.1.2"): ("gap", "1", "competence"),
        ("Sociaal werk", "1.1.3"): ("not-expected", "", ""),
        ("Sociaal werk", "1.2.1"): ("gap", "0", "competence"),
        ("Orthopedagogie", "1.1.1"): ("ok", "2", "component"),
        ("Orthopedagogie", "1.1.2"): ("ok", "2", "component"),
        ("Orthopedagogie", "1.2.1"): ("gap", "1", "component"),
        ("Orthopedagogie", "9.3.3"): ("unknown", "", ""),
    }
    for key, (status, score, source) in expected.items():
        assert (rows[key]["status"], rows[key]["coverage_score"], rows[key]["source"]) == (status, score, source), key
    assert result.output.startswith("3 tekort(en) over 2 opleiding(en)")
    assert (tmp_path / "gap" / "heatmap-tekorten.png").stat().st_size > 50_000
