"""The organisation workflow end to end: a positions consensus -> function profiles edited in their workbooks
-> staff self-assessments from a roster, filled with openpyxl -> growth plans and the team overview."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest

from conftest import POSITION_EXAMPLES, run

ORGANISATION = "De Vonk vzw"


def csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def data_rows(ws) -> dict[str, int]:
    """Competence id -> its row number on a data sheet."""
    return {str(row[0].value): row[0].row for row in ws.iter_rows(min_row=8) if row[0].value}


@pytest.fixture(scope="module")
def positions(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("positions") / "posities"
    result = run("positions", "aggregate", POSITION_EXAMPLES, "--out", out, "--no-pictures", "-q")
    assert result.exit_code in (0, 1), result.output  # one example holds a deliberate mistake
    return out


@pytest.fixture(scope="module")
def profiles(positions, tmp_path_factory) -> dict[str, Path]:
    """Two function profiles written from the consensus and edited by the team, then read back."""
    root = tmp_path_factory.mktemp("profiles")
    result = run(
        "profile", "template", "--out", root / "werkmappen", "--function", "Hulpverlener", "--function", "Teamcoach",
        "--positions", positions, "--organisation", ORGANISATION, "--position", "Beginner",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    paths = [Path(line) for line in result.output.splitlines()]
    assert [p.name for p in paths] == [
        "Functieprofiel - De Vonk vzw - Hulpverlener.xlsx",
        "Functieprofiel - De Vonk vzw - Teamcoach.xlsx",
    ]
    edit_profile(paths[0], {"1.1.1": "Essentieel", "1.1.2": "niet nodig", "2.1.1": "esentieel"}, {"1.1.1": "basis"})
    edit_profile(paths[1], {"1.1.1": "nice-to-have", "9.1.1": "essentieel"}, {})
    out = root / "profielen"
    read = run("profile", "read", root / "werkmappen", "--out", out)
    return {"workbooks": root / "werkmappen", "out": out, "read_status": read.exit_code, "output": read.output}  # type: ignore[dict-item]


def edit_profile(path: Path, choices: dict[str, str], comments: dict[str, str]) -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb["Profiel"]
    rows = data_rows(ws)
    for item, value in choices.items():
        ws.cell(rows[item], 4, value)
    for item, value in comments.items():
        ws.cell(rows[item], 5, value)
    wb.save(path)


def test_a_profile_workbook_suggests_from_the_consensus_and_carries_own_competences(profiles, positions):
    wb = openpyxl.load_workbook(profiles["workbooks"] / "Functieprofiel - De Vonk vzw - Teamcoach.xlsx")
    ws = wb["Profiel"]
    rows = data_rows(ws)
    assert ws.protection.sheet
    assert "5.2.eigen1" in rows  # a competence De Vonk's staff added in their positions workbooks
    assert ws.cell(rows["5.2.eigen1"], 2).value.startswith("veilig kunnen omgaan met groepschats")
    consensus = {
        r["item_id"]: r["consensus"]
        for r in csv_rows(positions / "position-choices.csv")
        if r["organisation"] == ORGANISATION
    }
    labels = {"Beginner": "essentieel", "Hulpverlener met ervaring": "nice-to-have"}
    for item in ("1.1.2", "3.1.1", "6.2.1"):
        assert ws.cell(rows[item], 3).value == consensus[item]
        assert ws.cell(rows[item], 4).value == labels.get(consensus[item], "niet nodig voor onze werking")
    validations = [v for v in ws.data_validations.dataValidation if "D" in str(v.sqref)]
    assert validations and all(v.type == "list" for v in validations)


def test_profile_read_writes_tidy_rows_a_page_and_a_vacancy_per_function(profiles):
    out = profiles["out"]
    assert profiles["read_status"] == 1  # 'esentieel' is no choice
    rows = csv_rows(out / "profiles.csv")
    by = {(r["function"], r["item_id"]): r for r in rows}
    assert by[("Hulpverlener", "1.1.1")]["choice_id"] == "essential"
    assert by[("Hulpverlener", "1.1.1")]["comment"] == "basis"
    assert by[("Hulpverlener", "1.1.2")]["choice_id"] == "not_needed"
    assert by[("Teamcoach", "9.1.1")]["choice_id"] == "essential"
    assert by[("Hulpverlener", "2.1.1")]["choice_id"] == ""  # named as a problem at its cell instead
    problems = csv_rows(out / "problems.csv")
    assert [(p["code"], p["cell"]) for p in problems] == [
        ("invalid-option-suggestion", f"D{cell_of(profiles, '2.1.1')}")
    ]
    page = (out / "profile-Hulpverlener.html").read_text(encoding="utf-8")
    assert "<script" not in page and "@page" in page and "Weten wat digitale uitsluiting" in page
    vacancy = (out / "vacancy-Hulpverlener.txt").read_text(encoding="utf-8")
    assert "- Weten wat digitale uitsluiting en digitale inclusie inhouden." in vacancy
    assert "erkennen." not in vacancy.split("\n\n")[1]  # 1.1.2 is not needed for this function


def cell_of(profiles, item: str) -> int:
    wb = openpyxl.load_workbook(profiles["workbooks"] / "Functieprofiel - De Vonk vzw - Hulpverlener.xlsx")
    return data_rows(wb["Profiel"])[item]


STAFF = [
    ("An Peeters", "an@vonk.be", "Hulpverlener"),
    ("Bert Claes", "bert@vonk.be", "Hulpverlener"),
    ("Chloë Maes", "chloe@vonk.be", "hulpverlener"),
    ("Dirk Smet", "dirk@vonk.be", "Teamcoach"),
    ("Els Wouters", "els@vonk.be", "Teamcoach"),
    ("Farid Amrani", "farid@vonk.be", "Teamcoach"),
    ("Greet Jacobs", "greet@vonk.be", "Onthaal"),  # alone in her function, and without a profile
]


def answers_of(index: int, rows: dict[str, int]) -> dict[str, str]:
    """What person `index` types: cell -> value; different for each, with free text that names them."""
    first = sorted(rows, key=rows.get)[:6]
    typed = {}
    for offset, item in enumerate(first):
        row = rows[item]
        typed[f"D{row}"] = "ja" if (index + offset) % 4 else "nee"
        typed[f"E{row}"] = ("verworven", "in ontwikkeling", "Nog niet")[(index + offset) % 3]
    typed[f"F{rows[first[0]]}"] = f"coaching door een collega (wens {index})"
    if index == 1:
        typed[f"E{rows[first[1]]}"] = "bijna"  # no choice: a problem at its cell
        typed[f"H{rows[first[2]]}"] = "een notitie naast de tabel"
    return typed


@pytest.fixture(scope="module")
def staff(profiles, tmp_path_factory) -> dict[str, object]:
    root = tmp_path_factory.mktemp("staff")
    roster = root / "medewerkers.csv"
    roster.write_text("naam;e-mail;functie\n" + "".join(f"{n};{e};{f}\n" for n, e, f in STAFF), encoding="utf-8")
    result = run("staff", "template", "--staff", roster, "--profiles", profiles["out"], "--out", root / "in",
                 "--organisation", ORGANISATION)  # fmt: skip
    assert result.exit_code == 0, result.output
    paths = [Path(line) for line in result.stdout.splitlines()]
    typed: dict[str, dict[str, str]] = {}
    for index, path in enumerate(paths):
        wb = openpyxl.load_workbook(path)
        ws = wb["Zelfevaluatie"]
        typed[path.name] = answers_of(index, data_rows(ws))
        for cell, value in typed[path.name].items():
            ws[cell] = value
        wb.save(path)
    out = root / "uit"
    read = run("staff", "read", root / "in", "--out", out)
    return {"paths": paths, "typed": typed, "out": out, "status": read.exit_code, "output": read.output}


def test_a_personal_workbook_holds_the_competences_of_the_function_profile(staff, profiles):
    paths = staff["paths"]
    assert [p.name for p in paths][0] == "Zelfevaluatie - An Peeters.xlsx"
    profile = {r["item_id"]: r for r in csv_rows(profiles["out"] / "profiles.csv") if r["function"] == "Hulpverlener"}
    asked = {item for item, r in profile.items() if r["choice_id"] in ("essential", "nice")}
    ws = openpyxl.load_workbook(paths[0])["Zelfevaluatie"]
    assert set(data_rows(ws)) == asked and "1.1.2" not in asked  # 'not needed' is not asked
    assert ws["C3"].value == "An Peeters" and ws["C4"].value == "Hulpverlener"
    without_profile = openpyxl.load_workbook(paths[-1])["Zelfevaluatie"]
    assert len(data_rows(without_profile)) == 120  # Onthaal has no profile: every competence


def test_each_growth_plan_holds_only_its_persons_data(staff):
    out = staff["out"]
    assert staff["status"] == 1  # 'bijna' and the note beside the table
    for index, (name, _, _) in enumerate(STAFF):
        folder = out / "persons" / name
        names = sorted(p.name for p in folder.iterdir())
        assert names == ["datapackage.json", "growth-plan.html", "self-assessment.csv"]  # the package: columns only
        plan = (folder / "growth-plan.html").read_text(encoding="utf-8")
        assert name in plan and f"(wens {index})" in plan and "<script" not in plan
        others = [n for n, _, _ in STAFF if n != name]
        assert not any(other in plan for other in others)
        assert not any(f"(wens {i})" in plan for i in range(len(STAFF)) if i != index)
        own_rows = csv_rows(folder / "self-assessment.csv")
        assert {r["answer"] for r in own_rows if r["question"] == "help"} == {
            f"coaching door een collega (wens {index})"
        }


def test_the_team_overview_shows_no_name_no_answer_and_no_group_below_the_threshold(staff):
    team = staff["out"] / "team"
    texts = [p.read_text(encoding="utf-8-sig") for p in team.iterdir() if p.suffix in (".html", ".csv")]
    assert len(texts) == 4  # team.html, training-needs.csv, competence-needs.csv, team-groups.csv
    for content in texts:
        for name, email, _ in STAFF:
            assert name not in content and email not in content and name.split()[0] not in content
        assert "(wens " not in content and "coaching door een collega" not in content  # free text stays in the plan
        assert "Onthaal" not in content  # one respondent: not shown
    needs = csv_rows(team / "training-needs.csv")
    assert {(r["group"], r["respondents"]) for r in needs} == {("Hulpverlener", "3"), ("Teamcoach", "3")}
    html = (team / "team.html").read_text(encoding="utf-8")
    assert "Het hele team samen wordt niet getoond" in html  # it would give away Greet's answers by subtraction
    assert "1 functie met minder dan 3 respondenten wordt niet apart getoond" in html


def test_every_answer_typed_is_in_a_tidy_csv_or_named_as_a_problem_at_its_cell(staff):
    out = staff["out"]
    problems = {(p["file"], p["cell"]) for p in csv_rows(out / "desk" / "problems.csv") if p["cell"]}
    assert (
        "Zelfevaluatie - Bert Claes.xlsx",
        next(c for c, v in staff["typed"]["Zelfevaluatie - Bert Claes.xlsx"].items() if v == "bijna"),
    ) in problems
    for (name, _, _), path in zip(STAFF, staff["paths"], strict=True):
        recorded = {r["cell"] for r in csv_rows(out / "persons" / name / "self-assessment.csv")}
        for cell in staff["typed"][path.name]:
            assert cell in recorded or (path.name, cell) in problems, (path.name, cell)


@pytest.mark.parametrize("minimum", [3, 8])
def test_the_sector_view_shows_no_name_no_answer_and_no_organisation_below_the_threshold(staff, tmp_path, minimum):
    out = tmp_path / "sector"
    result = run("sector", "aggregate", staff["paths"][0].parent, "--out", out, "--min-respondents", minimum)
    assert result.exit_code == 1  # the problems of the staff fixture, named in desk/ only
    shared = [p for p in (out / "report").iterdir() if p.suffix in (".html", ".csv")]
    assert len(shared) == 4
    for path in shared:
        content = path.read_text(encoding="utf-8-sig")
        for name, email, _ in STAFF:
            assert name not in content and email not in content, (path.name, name)
        assert "(wens " not in content and "coaching door een collega" not in content and ".xlsx" not in content
    groups = {r["group"] for r in csv_rows(out / "report" / "sector-competences.csv")}
    assert groups == ({"De hele sector", ORGANISATION} if minimum == 3 else set())  # 7 staff: below 8, none
    assert {p["file"] for p in csv_rows(out / "desk" / "problems.csv")} >= {"Zelfevaluatie - Bert Claes.xlsx"}


def test_every_folder_of_the_workflow_is_a_valid_data_package(staff, profiles):
    frictionless = pytest.importorskip("frictionless")
    out = staff["out"]
    person = out / "persons" / STAFF[0][0]
    for folder in (profiles["out"], out / "team", out / "desk", person):
        report = frictionless.validate(folder / "datapackage.json")
        assert report.valid, (folder, [e.message for task in report.tasks for e in task.errors][:3])
        listed = [r.path for r in frictionless.Package(folder / "datapackage.json").resources]
        assert sorted(listed) == sorted(p.name for p in folder.glob("*.csv"))
