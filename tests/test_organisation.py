"""The organisation workflow end to end: a positions consensus -> function profiles edited in their workbooks
-> staff self-assessments from a roster, filled with openpyxl -> growth plans and the team overview."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest

from conftest import REPO, run

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
    result = run("positions", "aggregate", REPO / "examples" / "positions", "--out", out, "--no-pictures", "-q")
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
