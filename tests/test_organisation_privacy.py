"""The minimum group size holds for every count the team, the offer and the sector see: per group, per
competence and per component over the people who answered it, an empty workbook counting as nobody."""

from __future__ import annotations

from html import unescape
from pathlib import Path

import openpyxl
import pytest
from test_organisation import ORGANISATION, csv_rows, data_rows, positions, profiles  # noqa: F401 - fixtures

from conftest import run

MINIMUM = 3
# Hulpverlener has a profile and three people; two team coaches (a profile) and the one person at the desk
# (no profile: asked all 120 competences) are pooled as the others, and the whole team of six is shown.
STAFF = [
    ("An Peeters", "an@vonk.be", "Hulpverlener"),
    ("Bert Claes", "bert@vonk.be", "Hulpverlener"),
    ("Chloë Maes", "chloe@vonk.be", "Hulpverlener"),
    ("Dirk Smet", "dirk@vonk.be", "Teamcoach"),
    ("Els Wouters", "els@vonk.be", "Teamcoach"),
    ("Greet Jacobs", "greet@vonk.be", "Onthaal"),
]


def fill_every_row(path: Path, index: int) -> set[str]:
    """Answer every competence of the workbook (a need for some), as a person would; the competences asked."""
    wb = openpyxl.load_workbook(path)
    ws = wb["Zelfevaluatie"]
    rows = data_rows(ws)
    for offset, row in enumerate(rows.values()):
        ws.cell(row, 4, "ja")
        ws.cell(row, 5, ("verworven", "in ontwikkeling", "nog niet")[(index + offset) % 3])
    wb.save(path)
    return set(rows)


def write_staff(root: Path, profiles_out: Path, staff: list[tuple[str, str, str]]) -> list[Path]:
    roster = root / "medewerkers.csv"
    roster.write_text("naam;e-mail;functie\n" + "".join(f"{n};{e};{f}\n" for n, e, f in staff), encoding="utf-8")
    result = run("staff", "template", "--staff", roster, "--profiles", profiles_out, "--out", root / "ingevuld",
                 "--organisation", ORGANISATION)  # fmt: skip
    assert result.exit_code == 0, result.output
    return [Path(line) for line in result.stdout.splitlines()]


@pytest.fixture(scope="module")
def team(profiles, tmp_path_factory) -> dict[str, object]:  # noqa: F811 - the imported fixture
    root = tmp_path_factory.mktemp("privacy")
    paths = write_staff(root, profiles["out"], STAFF)
    asked = {function: set() for _, _, function in STAFF}
    people: dict[str, list[set[str]]] = {}
    for index, (path, (_, _, function)) in enumerate(zip(paths, STAFF, strict=True)):
        items = fill_every_row(path, index)
        people.setdefault(function, []).append(items)
        asked[function] |= items
    out = root / "resultaat"
    result = run("staff", "read", root / "ingevuld", "--out", out, "--min-respondents", MINIMUM)
    return {"root": root, "out": out, "status": result.exit_code, "people": people}


def answered(people: dict[str, list[set[str]]], functions: set[str], item: str) -> int:
    return sum(item in items for function in functions for items in people[function])


GROUPS = {"Hulpverlener": {"Hulpverlener"}, "Andere functies samen": {"Teamcoach", "Onthaal"},
          "Het hele team": {"Hulpverlener", "Teamcoach", "Onthaal"}}  # fmt: skip


def test_no_count_of_a_competence_is_over_fewer_than_the_minimum_who_answered_it(team):
    assert team["status"] == 0
    rows = csv_rows(team["out"] / "team" / "competence-needs.csv")
    assert {r["group"] for r in rows} == set(GROUPS)
    withheld = {(r["group"], r["item_id"]) for r in rows if r["below_minimum"] == "true"}
    for row in rows:
        truth = answered(team["people"], GROUPS[row["group"]], row["item_id"])
        if (row["group"], row["item_id"]) in withheld:
            assert row["people_with_need"] == row["needs_essential"] == row["asked"] == "", row
        else:
            assert int(row["asked"]) == truth >= MINIMUM, row
            assert row["people_with_need"].isdigit(), row
    # the competences only the desk was asked (no profile): one person, in the others and in the whole team
    only_greet = {r["item_id"] for r in rows if answered(team["people"], {"Hulpverlener", "Teamcoach"},
                                                          r["item_id"]) == 0}  # fmt: skip
    assert only_greet and all(("Het hele team", i) in withheld and ("Andere functies samen", i) in withheld
                              for i in only_greet)  # fmt: skip


def test_the_whole_team_gives_no_small_count_away_by_subtracting_the_groups_shown(team):
    rows = csv_rows(team["out"] / "team" / "competence-needs.csv")
    shown = {(r["group"], r["item_id"]) for r in rows if r["below_minimum"] == "false"}
    subtracted = 0
    for group, item in shown:
        if group != "Het hele team":
            continue
        parts = sum(answered(team["people"], GROUPS[g], item) for g in GROUPS if g != group and (g, item) in shown)
        rest = answered(team["people"], GROUPS[group], item) - parts
        assert rest == 0 or rest >= MINIMUM, (item, rest)
    for item in {r["item_id"] for r in rows}:
        # a Hulpverlener's competence the desk alone answers among the others: the whole would give Greet away
        if (("Hulpverlener", item) in shown and ("Andere functies samen", item) not in shown
                and answered(team["people"], GROUPS["Andere functies samen"], item)):  # fmt: skip
            assert ("Het hele team", item) not in shown
            subtracted += 1
    assert subtracted


def test_component_counts_follow_the_same_rule(team):
    rows = csv_rows(team["out"] / "team" / "training-needs.csv")
    assert any(r["below_minimum"] == "true" for r in rows)
    for row in rows:
        if row["below_minimum"] == "true":
            assert row["people_with_need"] == row["needs"] == row["needs_essential"] == "", row
        else:
            assert int(row["asked"]) >= MINIMUM, row
    html = unescape((team["out"] / "team" / "team.html").read_text(encoding="utf-8"))
    assert f"niet getoond: minder dan {MINIMUM} collega's in deze groep beantwoordden dit" in html


def test_the_offer_and_the_sector_show_no_withheld_count(team, tmp_path):
    trainings = tmp_path / "vto.csv"
    trainings.write_text("code;naam\nVTO01;Chathulpverlening\n", encoding="utf-8")
    assert run("training", "template", "--trainings", trainings, "--out", tmp_path / "map").exit_code == 0
    path = next((tmp_path / "map").glob("*.xlsx"))
    wb = openpyxl.load_workbook(path)
    wb["Vormingsaanbod"].cell(data_rows(wb["Vormingsaanbod"])["5.1.1"], 4, "VTO01")
    wb.save(path)
    assert run("training", "read", tmp_path / "map", "--trainings", trainings, "--out", tmp_path / "vto").exit_code == 0
    gap = run("training", "gap", "--map", tmp_path / "vto", "--needs", team["out"], "--out", tmp_path / "gap")
    assert gap.exit_code == 0, gap.output
    team_rows = csv_rows(team["out"] / "team" / "competence-needs.csv")
    hidden = {r["item_id"] for r in team_rows if r["group"] == "Het hele team" and r["below_minimum"] == "true"}
    for row in csv_rows(tmp_path / "gap" / "needs-offer.csv"):
        if row["item_id"] in hidden:
            assert row["people_with_need"] == "" and row["below_minimum"] == "true", row
            assert row["finding"] != "gap", row  # a withheld count makes nothing needed
    html = unescape((tmp_path / "gap" / "offer.html").read_text(encoding="utf-8"))
    assert "niet getoond: te weinig collega's antwoordden" in html
    sector = run("sector", "aggregate", team["root"] / "ingevuld", "--out", tmp_path / "sector",
                 "--min-respondents", MINIMUM)  # fmt: skip
    assert sector.exit_code == 0, sector.output
    rows = csv_rows(tmp_path / "sector" / "report" / "sector-competences.csv")
    everyone = {"Hulpverlener", "Teamcoach", "Onthaal"}
    for row in rows:
        truth = answered(team["people"], everyone, row["item_id"])
        if truth < MINIMUM:
            assert row["below_minimum"] == "true" and row["people_with_need"] == row["asked"] == "", row
        else:
            assert row["below_minimum"] == "false" and int(row["asked"]) == truth, row
    page = (tmp_path / "sector" / "report" / "sector.html").read_text(encoding="utf-8")
    assert "niet getoond: minder dan 3 medewerkers antwoordden" in unescape(page)


def test_an_empty_workbook_is_no_respondent_anywhere(profiles, tmp_path):  # noqa: F811 - the imported fixture
    staff = [("Dirk Smet", "dirk@vonk.be", "Teamcoach"), ("Els Wouters", "els@vonk.be", "Teamcoach"),
             ("Farid Amrani", "farid@vonk.be", "Teamcoach")]  # fmt: skip
    paths = write_staff(tmp_path, profiles["out"], staff)
    for index, path in enumerate(paths[:2]):
        fill_every_row(path, index)  # Farid sends his workbook back as it came
    out = tmp_path / "resultaat"
    result = run("staff", "read", tmp_path / "ingevuld", "--out", out)
    assert result.exit_code == 1  # the empty workbook, named in desk/
    problems = csv_rows(out / "desk" / "problems.csv")
    assert [(p["file"], p["code"]) for p in problems] == [(paths[2].name, "self-assessment-empty")]
    html = unescape((out / "team" / "team.html").read_text(encoding="utf-8"))
    assert "2 collega's vulden de zelfevaluatie in" in html and "(3 respondenten)" not in html
    assert "1 werkmap kwam leeg terug en telt niet mee" in html
    assert csv_rows(out / "team" / "training-needs.csv") == []  # two people: below the minimum
    sector = run("sector", "aggregate", tmp_path / "ingevuld", "--out", tmp_path / "sector")
    assert sector.exit_code == 1
    organisations = csv_rows(tmp_path / "sector" / "report" / "sector-organisations.csv")
    assert [(o["self_assessments"], o["needs_shown"]) for o in organisations] == [("2", "false")]
    assert csv_rows(tmp_path / "sector" / "report" / "sector-competences.csv") == []
