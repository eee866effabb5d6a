"""Issue 24 end to end, for two organisations: positions consensus -> two function profiles edited in their
workbooks -> 12 staff self-assessments from a roster (filled with openpyxl, one saved by LibreOffice) -> growth
plans, team overview, training needs; a training list mapped to competences -> needs against offer; then the
sector view over both organisations. Every answer typed is in a tidy CSV or named as a problem at its cell."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest
from test_organisation import csv_rows, data_rows

from conftest import REPO, run, soffice_path

VONK, ANKER = "De Vonk vzw", "CAW Het Anker"
STAFF = {
    VONK: [("An Peeters", "Hulpverlener"), ("Bert Claes", "Hulpverlener"), ("Chloë Maes", "Hulpverlener"),
           ("Dirk Smet", "Teamcoach"), ("Els Wouters", "Teamcoach"), ("Farid Amrani", "Teamcoach")],
    ANKER: [("Gust Janssens", "Hulpverlener"), ("Hilde Mertens", "Hulpverlener"), ("Ivo Goossens", "Hulpverlener"),
            ("Jana De Smet", "Hulpverlener"), ("Karel Vos", "Teamcoach"), ("Lien Aerts", "Teamcoach")],
}  # fmt: skip
TRAININGS = "code;naam;uren;intern/extern\nVTO01;Veilig online werken;8;intern\nVTO02;Digitale inclusie in de praktijk;4;extern\nVTO03;Teamdag sociale media;3;intern\n"  # noqa: E501
ACQUIRED = ("verworven", "in ontwikkeling", "Nog niet")


def typed_answers(index: int, rows: dict[str, int]) -> dict[str, str]:
    """What staff member `index` types (cell -> value): relevant, acquired and a wish that names them."""
    first = sorted(rows, key=rows.get)[:8]
    typed = {}
    for offset, item in enumerate(first):
        typed[f"D{rows[item]}"] = "ja" if (index + offset) % 5 else "nee"
        typed[f"E{rows[item]}"] = ACQUIRED[(index + offset) % 3]
    typed[f"F{rows[first[0]]}"] = f"meelopen met een collega (wens {index})"
    if index % 6 == 2:  # one person in each organisation
        typed[f"E{rows[first[3]]}"] = "half"  # no choice: a problem at its cell
    return typed


def fill(path: Path, sheet: str, typed: dict[str, str]) -> None:
    wb = openpyxl.load_workbook(path)
    for cell, value in typed.items():
        wb[sheet][cell] = value
    wb.save(path)


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> dict:
    """Both organisations through the whole workflow; every path and typed answer for the tests to check."""
    root = tmp_path_factory.mktemp("e2e")
    positions = root / "posities"
    result = run("positions", "aggregate", REPO / "examples" / "positions", "--out", positions, "--no-pictures", "-q")
    assert result.exit_code == 1, result.output  # one example holds a deliberate mistake
    world: dict = {"root": root, "positions": positions, "typed": {}, "orgs": {}}
    index = 0
    for org in (VONK, ANKER):
        org_dir = root / org.replace(" ", "_")
        made = run("profile", "template", "--out", org_dir / "profielwerkmappen", "--function", "Hulpverlener",
                   "--function", "Teamcoach", "--positions", positions, "--organisation", org)  # fmt: skip
        assert made.exit_code == 0, made.output
        hulp, coach = (Path(line) for line in made.output.splitlines())
        edits = {
            hulp: ({"1.1.1": "essentieel", "1.1.2": "niet nodig", "9.1.1": "Essentieel"}, {"1.1.1": "basis"}),
            coach: ({"1.1.1": "nice-to-have", "2.1.1": "essentieel"}, {"2.1.1": "voor het hele team"}),
        }
        for path, (choices, comments) in edits.items():
            rows = data_rows(openpyxl.load_workbook(path)["Profiel"])
            typed = {f"D{rows[i]}": v for i, v in choices.items()} | {f"E{rows[i]}": v for i, v in comments.items()}
            fill(path, "Profiel", typed)
            world["typed"][path.name] = typed
        read = run("profile", "read", org_dir / "profielwerkmappen", "--out", org_dir / "profielen")
        assert read.exit_code == 0, read.output
        roster = org_dir / "medewerkers.csv"
        roster.write_text("naam;e-mail;functie\n" + "".join(f"{n};{n.split()[0].lower()}@org.be;{f}\n"
                                                             for n, f in STAFF[org]), encoding="utf-8")  # fmt: skip
        made = run("staff", "template", "--staff", roster, "--profiles", org_dir / "profielen", "--out",
                   org_dir / "ingevuld", "--organisation", org)  # fmt: skip
        assert made.exit_code == 0, made.output
        for path in (Path(line) for line in made.stdout.splitlines()):
            typed = typed_answers(index, data_rows(openpyxl.load_workbook(path)["Zelfevaluatie"]))
            fill(path, "Zelfevaluatie", typed)
            world["typed"][path.name] = typed
            index += 1
        world["orgs"][org] = org_dir
    return world


@pytest.fixture(scope="module")
def through_libreoffice(world) -> str:
    """An Peeters saves her workbook in LibreOffice Calc (as .ods): it is read back like the others."""
    if soffice_path() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    from conftest import soffice_convert

    folder = world["orgs"][VONK] / "ingevuld"
    source = folder / "Zelfevaluatie - An Peeters.xlsx"
    converted = soffice_convert(source, world["root"] / "lo", "ods")
    source.unlink()
    shutil.move(converted, folder / converted.name)
    world["typed"][converted.name] = world["typed"].pop(source.name)
    return converted.name


@pytest.fixture(scope="module")
def staff_read(world, through_libreoffice) -> dict[str, object]:
    results = {}
    for org, org_dir in world["orgs"].items():
        result = run("staff", "read", org_dir / "ingevuld", "--out", org_dir / "resultaat")
        results[org] = result
    return results


@pytest.fixture(scope="module")
def offer(world, staff_read) -> dict[str, object]:
    """De Vonk's trainings mapped to competences, read back, and set against the needs and profiles."""
    org_dir = world["orgs"][VONK]
    vto = org_dir / "vto.csv"
    vto.write_text(TRAININGS, encoding="utf-8")
    made = run("training", "template", "--trainings", vto, "--out", org_dir / "vto-werkmap", "--organisation", VONK,
               "--profiles", org_dir / "profielen")  # fmt: skip
    assert made.exit_code == 0, made.output
    path = Path(made.output.strip())
    rows = data_rows(openpyxl.load_workbook(path)["Vormingsaanbod"])
    typed = {f"D{rows['1.1.1']}": "VTO02 – Digitale inclusie in de praktijk", f"D{rows['1.1.2']}": "VTO02; vto01",
             f"D{rows['3.1.1']}": "Veilig online werkn", f"D{rows['4.1.1']}": "Cursus die niet bestaat",
             f"E{rows['4.1.1']}": "in voorbereiding"}  # fmt: skip
    fill(path, "Vormingsaanbod", typed)
    world["typed"][path.name] = typed
    read = run("training", "read", path, "--trainings", vto, "--out", org_dir / "vto")
    gap = run("training", "gap", "--map", org_dir / "vto", "--needs", org_dir / "resultaat", "--profiles",
              org_dir / "profielen", "--out", org_dir / "aanbod")  # fmt: skip
    return {"read": read, "gap": gap, "map": org_dir / "vto", "out": org_dir / "aanbod", "workbook": path}


@pytest.fixture(scope="module")
def sector(world, offer) -> dict[str, object]:
    inputs = [REPO / "examples" / "positions"]
    for org_dir in world["orgs"].values():
        inputs += [org_dir / "profielwerkmappen", org_dir / "ingevuld"]
    inputs.append(offer["workbook"])
    out, strict = world["root"] / "sector", world["root"] / "sector-7"
    result = run("sector", "aggregate", *inputs, "--out", out, "--jobs", 1)
    high = run("sector", "aggregate", *inputs, "--out", strict, "--min-respondents", 7, "--jobs", 1)
    return {"result": result, "out": out, "strict": strict, "high": high}


def whole_team_needs(world) -> dict[str, str]:
    """De Vonk's whole team in its team overview: competence -> colleagues with a learning need."""
    rows = csv_rows(world["orgs"][VONK] / "resultaat" / "team" / "competence-needs.csv")
    return {r["item_id"]: r["people_with_need"] for r in rows if r["scope"] == "all"}


def test_profiles_and_self_assessments_are_read_for_both_organisations(world, staff_read):
    for org, org_dir in world["orgs"].items():
        assert staff_read[org].exit_code == 1  # 'half' is no choice
        profiles = {(r["function"], r["item_id"]): r["choice_id"] for r in csv_rows(org_dir / "profielen" /
                                                                                      "profiles.csv")}  # fmt: skip
        assert profiles[("Hulpverlener", "9.1.1")] == "essential" and profiles[("Teamcoach", "2.1.1")] == "essential"
        people = sorted(p.name for p in (org_dir / "resultaat" / "persons").iterdir())
        assert people == sorted(name for name, _ in STAFF[org])


def test_the_team_overview_shows_only_groups_at_the_threshold(world, staff_read):
    vonk = csv_rows(world["orgs"][VONK] / "resultaat" / "team" / "training-needs.csv")
    assert {(r["group"], r["respondents"]) for r in vonk} == {("Het hele team", "6"), ("Hulpverlener", "3"),
                                                               ("Teamcoach", "3")}  # fmt: skip
    anker = csv_rows(world["orgs"][ANKER] / "resultaat" / "team" / "competence-needs.csv")
    # two team coaches: not on their own, and not the whole team either (it would give them away)
    assert {(r["group"], r["respondents"]) for r in anker} == {("Hulpverlener", "4")}


def test_the_training_map_is_read_back_with_unknown_names_at_their_cell(offer):
    assert offer["read"].exit_code == 1, offer["read"].output  # "Cursus die niet bestaat": a warning
    links = {(r["training_code"], r["item_id"]) for r in csv_rows(offer["map"] / "training-map.csv")}
    assert links == {("VTO02", "1.1.1"), ("VTO02", "1.1.2"), ("VTO01", "1.1.2"), ("VTO01", "3.1.1")}
    problems = {p["code"]: p["cell"] for p in csv_rows(offer["map"] / "problems.csv")}
    assert set(problems) == {"training-guessed", "training-unknown"}
    trainings = {r["training_code"]: r for r in csv_rows(offer["map"] / "trainings.csv")}
    assert trainings["VTO03"]["competences"] == "0" and trainings["VTO02"]["delivery_id"] == "external"


def test_needs_against_offer_names_the_gaps_and_the_trainings_nobody_needs(offer, world):
    assert offer["gap"].exit_code == 0, offer["gap"].output
    rows = {r["item_id"]: r for r in csv_rows(offer["out"] / "needs-offer.csv")}
    assert rows["9.1.1"]["finding"] == "gap" and rows["9.1.1"]["functions"] == "Hulpverlener"
    assert rows["1.1.1"]["finding"] == "covered" and rows["1.1.1"]["training_codes"] == "VTO02"
    needs = {item: int(people) if people else None for item, people in whole_team_needs(world).items()}
    for item, people in needs.items():
        assert rows[item]["people_with_need"] == ("" if people is None else str(people))  # withheld: too few asked
        assert rows[item]["below_minimum"] == ("true" if people is None else "false")
        assert rows[item]["finding"] in (("gap", "covered") if people else ("gap", "covered", "offered-not-needed", ""))
    trainings = {r["training_code"]: r["finding"] for r in csv_rows(offer["out"] / "offer.csv")}
    assert trainings["VTO03"] == "addresses-nothing"
    html = (offer["out"] / "offer.html").read_text(encoding="utf-8")
    assert html.index("Nodig, maar geen vorming werkt eraan") < html.index("Per competentie")  # findings first
    assert "VTO03 – Teamdag sociale media: aan geen enkele competentie gekoppeld." in html


def test_the_sector_view_counts_both_organisations_as_groups(sector, world):
    assert sector["result"].exit_code == 1, sector["result"].output  # the deliberate mistakes, named in desk/
    report = sector["out"] / "report"
    organisations = {r["organisation"]: r for r in csv_rows(report / "sector-organisations.csv")}
    assert organisations[VONK]["self_assessments"] == "6" and organisations[ANKER]["self_assessments"] == "6"
    assert organisations[VONK]["profiles"] == "2" and organisations[VONK]["training_map"] == "1"
    assert organisations[VONK]["positions_respondents"] == "4"
    rows = csv_rows(report / "sector-competences.csv")
    assert {r["group"] for r in rows} == {"De hele sector", VONK, ANKER}
    vonk_needs = whole_team_needs(world)
    for row in rows:
        if row["group"] == VONK and row["item_id"] in vonk_needs:
            assert row["people_with_need"] == vonk_needs[row["item_id"]], row["item_id"]
    sector_row = {r["item_id"]: r for r in rows if r["scope"] == "sector"}
    assert sector_row["1.1.1"]["organisations_offering"] == "1" and sector_row["9.1.1"]["profiles_essential"] == "2"
    html = (report / "sector.html").read_text(encoding="utf-8")
    assert html.index("Waar de noden het grootst zijn") < html.index("Per competentie, over de sector")
    desk = csv_rows(sector["out"] / "desk" / "problems.csv")
    assert any(p["code"] == "invalid-option" for p in desk)


def test_the_sector_view_never_shows_a_person_or_a_group_below_the_threshold(sector):
    assert sector["high"].exit_code == 1
    strict = sector["strict"] / "report"
    rows = csv_rows(strict / "sector-competences.csv")
    assert {(r["group"], r["respondents"]) for r in rows} == {("De hele sector", "12")}  # 6 and 6 are below 7
    for folder in (sector["out"] / "report", strict):
        for path in folder.iterdir():
            if path.suffix not in (".csv", ".html"):
                continue
            content = path.read_text(encoding="utf-8-sig")
            for org in STAFF.values():
                for name, _ in org:
                    assert name not in content and name.split()[0].lower() + "@" not in content, (path, name)
            assert "(wens " not in content and "meelopen" not in content and ".xlsx" not in content


def test_every_answer_typed_is_in_a_tidy_csv_or_named_as_a_problem_at_its_cell(world, staff_read, offer):
    recorded: set[tuple[str, str]] = set()
    problems: set[tuple[str, str]] = set()
    for org_dir in world["orgs"].values():
        for person in (org_dir / "resultaat" / "persons").iterdir():
            answers = csv_rows(person / "self-assessment.csv")
            recorded |= {(person.name, r["cell"]) for r in answers}
        problems |= {(p["file"], p["cell"]) for p in csv_rows(org_dir / "resultaat" / "desk" / "problems.csv")}
        profile_rows = csv_rows(org_dir / "profielen" / "profiles.csv")
        recorded |= {(r["file"], r["cell"]) for r in profile_rows if r["choice_id"]}
        recorded |= {(r["file"], r["comment_cell"]) for r in profile_rows if r["comment"]}
    recorded |= {(r["file"], r["cell"]) for r in csv_rows(offer["map"] / "training-answers.csv")}
    assert len(world["typed"]) == 4 + 12 + 1  # profiles, self-assessments, the training map
    for file, typed in world["typed"].items():
        person = Path(file).stem.split(" - ")[-1]  # a person's answers are in their own folder
        for cell in typed:
            assert (person, cell) in recorded or (file, cell) in recorded or (file, cell) in problems, (file, cell)


def test_the_workbook_saved_by_libreoffice_is_read_like_the_others(world, staff_read, through_libreoffice):
    answers = csv_rows(world["orgs"][VONK] / "resultaat" / "persons" / "An Peeters" / "self-assessment.csv")
    typed = world["typed"][through_libreoffice]
    assert {r["cell"] for r in answers} == set(typed)
    assert {r["answer"] for r in answers if r["question"] == "help"} == {"meelopen met een collega (wens 0)"}


def test_every_folder_of_the_offer_and_the_sector_is_a_valid_data_package(offer, sector):
    frictionless = pytest.importorskip("frictionless")
    folders = [offer["out"], offer["map"], sector["out"] / "report", sector["out"] / "desk"]
    for folder in folders:
        report = frictionless.validate(folder / "datapackage.json")
        assert report.valid, (folder, [e.message for task in report.tasks for e in task.errors][:3])
        listed = [r.path for r in frictionless.Package(folder / "datapackage.json").resources]
        assert sorted(listed) == sorted(p.name for p in folder.glob("*.csv"))
