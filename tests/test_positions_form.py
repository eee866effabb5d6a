"""The positions form: the workbook as the framework's tables ask it, the proposal, the list of
respondents, typed answers read as meant, and the earlier grid form refused, never misread."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest

from conftest import REPO, run
from curriculum_map.core.texts import text
from curriculum_map.framework.model import NOT_APPLICABLE, Proposal, Text, load_framework
from curriculum_map.positions.lists import ListError, load_proposal
from curriculum_map.positions.reader import read_positions_workbook
from curriculum_map.positions.template import (
    form_minutes,
    own_row_id,
    positions_layout,
    write_positions_template,
)
from make_examples import PROPOSAL_FILE, example_proposal, fill_positions_workbook, write_example_proposal
from workbook_inspection import offered_choices, validation_choices

CHOICES = (
    "Beginner",
    "Hulpverlener met ervaring",
    "Pionier",
    "Gangmaker",
    "(nog) niet van toepassing in onze organisatie",
)
NAMES = {"beginner": "Beginner", "ervaren": "Hulpverlener met ervaring", "pionier": "Pionier", "gangmaker": "Gangmaker"}


def rows_by_id(ws) -> dict[str, int]:
    layout = positions_layout()
    return {str(ws.cell(r, 1).value): r for r in range(layout.first_data_row, ws.max_row + 1) if ws.cell(r, 1).value}


def validations(ws) -> dict[str, tuple[str, ...]]:
    """Each validated range with the choices of its list."""
    return {cells: tuple(choices) for cells, choices in validation_choices(ws).items()}


def validated(ws, cell: str) -> tuple[str, ...] | None:
    """The choices of the data validation covering `cell`."""
    for v in ws.data_validations.dataValidation:
        if cell in v.sqref:
            return tuple(offered_choices(ws.parent, v.formula1))
    return None


@pytest.fixture(scope="module")
def proposal(framework) -> Proposal:
    return load_proposal(PROPOSAL_FILE, framework)


@pytest.fixture(scope="module")
def blank(tmp_path_factory, framework, proposal) -> Path:
    return write_positions_template(framework, tmp_path_factory.mktemp("blank"), "De Vonk vzw", proposal=proposal)


def test_each_competence_has_a_locked_proposal_and_an_unlocked_dropdown_of_the_ordered_positions(
    blank, framework, proposal
):
    wb = openpyxl.load_workbook(blank)
    assert wb.sheetnames == ["Instructies", "Posities", "_metadata"]
    ws = wb["Posities"]
    assert ws.protection.sheet
    layout = positions_layout()
    assert [c.value for c in ws[layout.header_row]] == [
        "ID",
        "Competentie",
        "Voorstel positie",
        "Eigen keuze",
        "Toelichting",
    ]
    rows = rows_by_id(ws)
    ids = list(rows)
    assert [i for i in ids if "eigen" not in i] == [c.id for c in framework.competences]
    assert [i for i in ids if "eigen" in i] == [own_row_id(k.id, n) for k in framework.components for n in (1, 2)]
    for competence in framework.competences:
        r = rows[competence.id]
        assert ws[f"C{r}"].value == NAMES[proposal.positions[competence.id]], competence.id
        assert ws[f"C{r}"].protection.locked is not False
        assert ws[f"D{r}"].protection.locked is False and ws[f"E{r}"].protection.locked is False
        assert ws[f"B{r}"].protection.locked is not False
        assert validated(ws, f"D{r}") == CHOICES, competence.id
        assert validated(ws, f"C{r}") is None and validated(ws, f"E{r}") is None
    own = rows["5.2.eigen2"]
    assert ws[f"B{own}"].protection.locked is False and validated(ws, f"D{own}") == CHOICES
    assert ws[f"C{own}"].value in (None, "") and ws[f"C{own}"].protection.locked is not False
    # grouped as the framework's tables: focus, cluster, component, sub-theme rows above the competences
    headings = [ws.cell(r, 2).value for r in range(layout.first_data_row, rows["1.1.1"])]
    assert headings[0].startswith("Focus 1") and headings[-1] == "1.1 kennis"
    assert any(str(ws.cell(r, 2).value).startswith("Deelthema") for r in range(rows["5.1.1"], rows["5.3.1"]))

    metadata = {r[0]: r[1] for r in wb["_metadata"].iter_rows(values_only=True)}
    assert wb["_metadata"].sheet_state == "hidden"
    assert metadata["workbook_kind"] == "positions" and metadata["positions_form"] == "choice"
    assert metadata["organisation"] == "De Vonk vzw" and metadata["proposal_name"] == "voorstel-posities.csv"

    instructions = " ".join(str(c.value) for row in wb["Instructies"].iter_rows() for c in row if c.value)
    for position in framework.positions:
        assert position.description.get() in instructions
    assert "de eerste positie waarvan je ze verwacht" in instructions  # they build on each other
    low, high = form_minutes(framework, "nl")
    assert f"Reken op {low} tot {high} minuten" in instructions and (low, high) == (15, 35)
    assert "de contactpersoon van De Vonk vzw" in instructions
    assert "coördinator van je opleiding" not in instructions
    # staff read this: no command line, option, file name or message code (the proposal was read from a file)
    for technical in ("curriculum-map", "validate", "--", ".csv", "voorstel-posities"):
        assert technical not in instructions, technical
    assert "De kolom 'Voorstel positie' toont een voorstel. Het is een vertrekpunt" in instructions


def test_without_a_proposal_the_column_stays_blank_and_says_so(tmp_path, framework):
    path = write_positions_template(framework, tmp_path, "De Vonk vzw")
    wb = openpyxl.load_workbook(path)
    ws = wb["Posities"]
    rows = rows_by_id(ws)
    assert all(ws[f"C{rows[x.id]}"].value in (None, "") for x in framework.competences)
    assert "geen voorstel" in ws["A2"].value
    instructions = " ".join(str(c.value) for row in wb["Instructies"].iter_rows() for c in row if c.value)
    assert "Er is geen voorstel meegegeven" in instructions
    metadata = {r[0]: r[1] for r in wb["_metadata"].iter_rows(values_only=True)}
    assert "proposal" not in metadata


def test_a_proposal_with_a_name_of_its_own_is_named_and_a_file_name_never(tmp_path, framework):
    def instructions(name: str) -> str:
        proposal = Proposal(Text({"nl": name}), {"1.1.1": "beginner"})
        path = write_positions_template(framework, tmp_path / name, "De Vonk vzw", proposal=proposal)
        sheet = openpyxl.load_workbook(path)["Instructies"]
        return " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value)

    assert "toont een voorstel (Voorstel van de werkgroep)." in instructions("Voorstel van de werkgroep")
    for file_name in ("voorstel.CSV", "posities 2025.xlsx"):
        shown = instructions(file_name)
        assert "toont een voorstel. Het is" in shown and file_name not in shown


def test_english_form(tmp_path, framework):
    result = run("positions", "template", "--out", str(tmp_path), "--lang", "en")
    assert result.exit_code == 0, result.output
    ws = openpyxl.load_workbook(tmp_path / "Positions.xlsx")["Positions"]
    assert [c.value for c in ws[positions_layout().header_row]][2:] == [
        "Proposed position",
        "Own choice",
        "Explanation",
    ]
    labels = [p.name.get("en") for p in framework.positions] + [text("positions.choice.not_applicable", "en")]
    assert validated(ws, f"D{rows_by_id(ws)['1.1.1']}") == tuple(labels)


def test_typed_answers_are_read_as_meant_and_the_rest_is_named_with_its_cell(blank, framework, tmp_path):
    typed = {
        "1.1.1": "Pionier",  # from the dropdown
        "1.1.2": " pionier ",
        "1.1.3": "GANGMAKERS",
        "1.1.4": "Hulpverleners met ervaring",
        "1.2.1": "nvt",
        "1.2.2": "N.V.T.",
        "1.2.3": "(nog) niet van toepassing in onze organisatie",
        "1.3.1": "Pioneer",
        "1.3.2": 2,  # the number the instructions show
        "2.1.1": "beginner\u00a0",
        "2.1.2": "Pionir",  # close to a position
        "2.1.3": "misschien",  # no position at all
    }
    answers: dict[tuple[str, str], object] = {(item, "choice"): value for item, value in typed.items()}
    answers[("2.1.4", "comment")] = "Twijfel tussen Pionier en Gangmaker"  # an explanation without a choice
    answers[("2.2.1", "choice")] = "Gangmaker"
    answers[("2.2.1", "comment")] = "alleen voor wie de chat bemant"
    answers[("1.1.eigen1", "competence")] = "een eigen competentie"
    answers[("1.1.eigen1", "choice")] = "Beginner"
    answers[("1.1.eigen2", "choice")] = "Pionier"  # a choice without the competence itself
    path = fill_positions_workbook(blank, tmp_path / "ann.xlsx", answers, {"name": "Ann"})
    reading = read_positions_workbook(path, framework)
    rows = rows_by_id(openpyxl.load_workbook(path)["Posities"])
    assert reading.choices == {
        "1.1.1": "pionier",
        "1.1.2": "pionier",
        "1.1.3": "gangmaker",
        "1.1.4": "ervaren",
        "1.2.1": NOT_APPLICABLE,
        "1.2.2": NOT_APPLICABLE,
        "1.2.3": NOT_APPLICABLE,
        "1.3.1": "pionier",
        "1.3.2": "ervaren",
        "2.1.1": "beginner",
        "2.2.1": "gangmaker",
    }
    comments = {a.item_id: (a.choice, a.comment, a.cell) for a in reading.answers if a.comment}
    assert comments == {
        "2.1.4": ("", "Twijfel tussen Pionier en Gangmaker", f"E{rows['2.1.4']}"),
        "2.2.1": ("gangmaker", "alleen voor wie de chat bemant", f"D{rows['2.2.1']}"),
    }
    assert [(o.row_id, o.text, o.choice, o.cell) for o in reading.own] == [
        ("1.1.eigen1", "een eigen competentie", "beginner", f"B{rows['1.1.eigen1']}")
    ]
    problems = [(p.code, p.sheet, p.cell) for p in reading.problems]
    assert problems == [
        ("own-competence-without-text", "Posities", f"B{rows['1.1.eigen2']}"),
        ("invalid-position-suggestion", "Posities", f"D{rows['2.1.2']}"),
        ("invalid-position", "Posities", f"D{rows['2.1.3']}"),
    ]
    assert 'bedoelde je "Pionier"' in reading.problems[1].message()
    assert "misschien" in reading.problems[2].message("en") and "Gangmaker" in reading.problems[2].message("en")
    assert reading.proposal is not None and reading.organisation == "De Vonk vzw"


def test_a_formula_or_a_changed_proposal_is_named_not_read(blank, framework, tmp_path):
    from make_examples import Formula

    path = fill_positions_workbook(
        blank, tmp_path / "x.xlsx", {("1.1.1", "choice"): Formula('="Pio"&"nier"'), ("1.1.2", "proposal"): "Pionier"}
    )
    reading = read_positions_workbook(path, framework)
    rows = rows_by_id(openpyxl.load_workbook(path)["Posities"])
    assert [(p.code, p.cell) for p in reading.problems][:3] == [
        ("respondent-missing", "C3"),
        ("formula-in-input", f"D{rows['1.1.1']}"),
        ("proposal-cell-changed", f"C{rows['1.1.2']}"),
    ]
    assert reading.choices == {}


@pytest.mark.libreoffice
def test_libreoffice_keeps_the_locks_the_dropdown_and_the_answers(blank, framework, tmp_path):
    from conftest import soffice_convert

    filled = fill_positions_workbook(
        blank,
        tmp_path / "p.xlsx",
        {
            ("1.1.1", "choice"): "Beginner",
            ("9.3.3", "choice"): "(nog) niet van toepassing in onze organisatie",
            ("9.3.3", "comment"): "nog niet",
            ("1.1.eigen1", "competence"): "eigen tekst",
            ("1.1.eigen1", "choice"): "Pionier",
        },
        {"name": "Lies"},
    )
    original = read_positions_workbook(filled, framework)
    for target in ("xlsx", "ods"):
        converted_path = soffice_convert(filled, tmp_path / target, target)
        if target == "xlsx":  # what Excel users get back from a LibreOffice user
            wb = openpyxl.load_workbook(converted_path)
            ws = wb["Posities"]
            assert ws.protection.sheet and wb["_metadata"].sheet_state == "hidden"
            rows = rows_by_id(ws)
            assert set(validations(ws).values()) == {CHOICES}
            for item in ("1.1.2", "9.3.3"):
                assert validated(ws, f"D{rows[item]}") == CHOICES
                assert ws[f"D{rows[item]}"].protection.locked is False
                assert ws[f"C{rows[item]}"].protection.locked and ws[f"A{rows[item]}"].protection.locked
        converted = read_positions_workbook(converted_path, framework)
        assert [p.code for p in converted.problems] == [], target
        assert converted.answers == original.answers
        assert [(o.text, o.choice) for o in converted.own] == [("eigen tekst", "pionier")]
        assert converted.proposal == original.proposal


def grid_workbook(path: Path, framework, metadata: bool) -> Path:
    """A workbook of the earlier form: per competence a column per position with an expectation."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Posities"
    ws["A1"] = "Welke competenties verwacht je van welke positie?"
    ws["B3"], ws["C3"] = "Naam", "Hanne"
    header = ["ID", "Competentie", *(p.name.get() for p in framework.positions), "Eigen keuze / toelichting"]
    for column, value in enumerate(header, 1):
        ws.cell(7, column, value)
    for row, competence in enumerate(framework.competences[:5], 8):
        ws.cell(row, 1, competence.id)
        ws.cell(row, 2, competence.text.get())
        ws.cell(row, 3, "essentieel")
        ws.cell(row, 6, "wenselijk")
        ws.cell(row, 7, "Beginner")  # the old free-text column: must not be read as a choice
    if metadata:
        meta = wb.create_sheet("_metadata")
        for key, value in (
            ("workbook_kind", "positions"),
            ("framework_id", framework.id),
            ("framework_version", framework.version),
            ("framework_hash", framework.hash),
            ("organisation", "De Vonk vzw"),
            ("template_version", "1"),
            ("language", "nl"),
        ):
            meta.append([key, value])
        meta.sheet_state = "hidden"
    wb.save(path)
    return path


@pytest.mark.parametrize("metadata", [True, False], ids=["with metadata", "metadata removed"])
def test_the_earlier_grid_form_is_refused_never_misread(framework, tmp_path, metadata):
    path = grid_workbook(tmp_path / "oud.xlsx", framework, metadata)
    reading = read_positions_workbook(path, framework)
    assert "positions-grid-form" in [p.code for p in reading.problems]
    assert reading.answers == [] and not reading.usable
    error = next(p for p in reading.problems if p.code == "positions-grid-form")
    assert error.severity == "error" and error.sheet
    out = tmp_path / "out"
    result = run("positions", "aggregate", str(path), "--out", str(out), "--no-pictures")
    assert result.exit_code == 1 and "vroegere positieformulier" in result.output
    assert list(csv.DictReader((out / "responses.csv").open(encoding="utf-8-sig"))) == []


# -- the proposal -------------------------------------------------------------------------------------


def test_the_example_proposal_is_up_to_date(tmp_path, framework):
    fresh = write_example_proposal(tmp_path / "voorstel.csv", framework)
    assert fresh.read_bytes() == PROPOSAL_FILE.read_bytes(), "run python examples/make_examples.py"
    assert load_proposal(PROPOSAL_FILE, framework).positions == example_proposal(framework)


def test_a_proposal_is_read_from_csv_or_a_workbook_with_or_without_a_header(tmp_path, framework):
    plain = tmp_path / "plain.csv"
    plain.write_text("1.1.1,Beginner\n1.1.2., pioniers \n1.1.3,nvt\n1.1.4,\n", encoding="utf-8")
    assert dict(load_proposal(plain, framework).positions) == {"1.1.1": "beginner", "1.1.2": "pionier", "1.1.3": "n/a"}
    windows = tmp_path / "excel.csv"  # saved by a Dutch-language Excel: semicolons, Windows encoding
    windows.write_bytes("competentie;id;Voorstel positie\nweten wat...;1.1.1;Gangmaker\n".encode("cp1252"))
    assert dict(load_proposal(windows, framework).positions) == {"1.1.1": "gangmaker"}
    book = tmp_path / "voorstel.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["ID", "Positie"])
    wb.active.append(["9.3.3", "Hulpverlener met ervaring"])
    wb.save(book)
    assert dict(load_proposal(book, framework).positions) == {"9.3.3": "ervaren"}


def test_a_proposal_with_mistakes_stops_the_command_and_names_every_line(tmp_path, framework):
    bad = tmp_path / "voorstel.csv"
    bad.write_text("id;positie\n1.1.1;Beginner\n1.1.9;Pionier\n1.1.2;directeur\n1.1.1;Pionier\n", encoding="utf-8")
    with pytest.raises(ListError) as caught:
        load_proposal(bad, framework)
    message = caught.value.message("nl")
    assert "regel 3: '1.1.9' is geen competentie" in message
    assert "regel 4: 'directeur' is geen positie" in message
    assert "regel 5: competentie '1.1.1' staat al op regel 2" in message
    out = tmp_path / "out"
    result = run("positions", "template", "--out", str(out), "--proposal", str(bad), "--lang", "en")
    assert result.exit_code == 2 and result.output.startswith("Error: ") and "line 3" in result.output
    assert not out.exists() or not any(out.iterdir())
    missing = run("positions", "template", "--out", str(out), "--proposal", str(tmp_path / "nope.csv"))
    assert missing.exit_code == 2 and "bestand niet gevonden" in missing.output


def test_a_framework_may_carry_the_proposal_and_it_is_checked(tmp_path, framework):
    source = (REPO / "curriculum_map" / "data" / "framework.yaml").read_text(encoding="utf-8")
    good = tmp_path / "kader.yaml"
    good.write_text(source + "proposal:\n  positions:\n    1.1.1: pionier\n    9.3.3: n/a\n", encoding="utf-8")
    loaded = load_framework(good)
    assert loaded.proposal is not None and dict(loaded.proposal.positions) == {"1.1.1": "pionier", "9.3.3": "n/a"}
    assert run("positions", "template", "--framework", str(good), "--out", str(tmp_path / "p")).exit_code == 0
    ws = openpyxl.load_workbook(tmp_path / "p" / "Posities.xlsx")["Posities"]
    rows = rows_by_id(ws)
    assert ws[f"C{rows['1.1.1']}"].value == "Pionier"
    assert ws[f"C{rows['9.3.3']}"].value == "(nog) niet van toepassing in onze organisatie"
    # the workbook carries its framework: aggregating it needs no --framework, and compares with its proposal
    (tmp_path / "in").mkdir()
    answers = {("1.1.1", "choice"): "Beginner"}
    fill_positions_workbook(tmp_path / "p" / "Posities.xlsx", tmp_path / "in" / "a.xlsx", answers, {"name": "A"})
    result = run("positions", "aggregate", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--no-pictures")
    assert result.exit_code == 0, result.output
    with (tmp_path / "out" / "position-choices.csv").open(encoding="utf-8-sig") as handle:
        row = next(r for r in csv.DictReader(handle) if r["item_id"] == "1.1.1")
    assert (row["proposal_id"], row["consensus_id"], row["departure"]) == ("pionier", "beginner", "-2")
    bad = tmp_path / "fout.yaml"
    bad.write_text(source + "proposal:\n  positions:\n    1.1.9: pionier\n    1.1.1: baas\n", encoding="utf-8")
    result = run("framework", "validate", str(bad))
    assert result.exit_code == 1
    assert "proposal.positions.1.1.9: '1.1.9' is geen competentie van dit kader" in result.output
    assert "proposal.positions.1.1.1: 'baas' is geen positie" in result.output


# -- the respondents ----------------------------------------------------------------------------------


def test_one_workbook_per_respondent_with_the_name_filled_in(tmp_path):
    staff = tmp_path / "medewerkers.csv"
    staff.write_text("Naam;Rol\nHanne Peeters;teamcoach\n\nIlias  Bouzid;\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run(
        "positions", "template", "--out", str(out), "--organisation", "De Vonk vzw", "--respondents", str(staff)
    )
    assert result.exit_code == 0, result.output
    paths = result.output.split()
    assert [Path(p).name for p in result.output.strip().split("\n")] == [
        "Posities - De Vonk vzw - Hanne Peeters.xlsx",
        "Posities - De Vonk vzw - Ilias Bouzid.xlsx",
    ]
    ws = openpyxl.load_workbook(out / "Posities - De Vonk vzw - Hanne Peeters.xlsx")["Posities"]
    assert (ws["C3"].value, ws["C4"].value) == ("Hanne Peeters", "teamcoach") and ws["C3"].protection.locked is False
    assert paths
    again = run(
        "positions", "template", "--out", str(out), "--organisation", "De Vonk vzw", "--respondents", str(staff)
    )
    assert again.exit_code == 2  # the workbooks may have come back filled in
    twice = tmp_path / "dubbel.csv"
    twice.write_text("Hanne\nhanne\n", encoding="utf-8")
    result = run("positions", "template", "--out", str(tmp_path / "x"), "--respondents", str(twice))
    assert result.exit_code == 2 and "regel 2: 'hanne' staat al op regel 1" in result.output


def test_positions_validate_names_cells_and_sets_the_exit_status(blank, tmp_path):
    clean = fill_positions_workbook(blank, tmp_path / "ok.xlsx", {("1.1.1", "choice"): "Pionier"}, {"name": "Ok"})
    result = run("positions", "validate", str(clean))
    assert result.exit_code == 0, result.output
    wrong = fill_positions_workbook(blank, tmp_path / "fout.xlsx", {("1.1.1", "choice"): "baas"}, {"name": "Fout"})
    result = run("positions", "validate", str(wrong))
    assert (
        result.exit_code == 1 and "fout.xlsx: Posities!D" in result.output and '"baas" is geen positie' in result.output
    )
