"""What a newcomer's review of the organisation workflow found (issue 24): growth plans that say what was not
read, answers in the wrong column, a function without a profile, an unknown training."""

from __future__ import annotations

from html import unescape
from pathlib import Path

import openpyxl
from test_organisation import ORGANISATION, csv_rows, data_rows, positions, profiles  # noqa: F401 - fixtures
from test_organisation_privacy import fill_every_row, team, write_staff  # noqa: F401 - a fixture

from conftest import run
from curriculum_map.core.problems import Problem
from curriculum_map.core.texts import text


def plan_of(out: Path, name: str) -> str:
    return unescape((out / "persons" / name / "growth-plan.html").read_text(encoding="utf-8"))


def test_a_growth_plan_says_plainly_that_no_answers_came_in_and_lists_what_was_not_read(profiles, tmp_path):  # noqa: F811
    staff = [("Dirk Smet", "dirk@vonk.be", "Teamcoach"), ("Els Wouters", "els@vonk.be", "Teamcoach")]
    paths = write_staff(tmp_path, profiles["out"], staff)
    fill_every_row(paths[0], 0)
    wb = openpyxl.load_workbook(paths[0])
    ws = wb["Zelfevaluatie"]
    first = min(data_rows(ws).values())
    ws.cell(first, 4, "ja")
    ws.cell(first, 5, "in ontwikkelng")  # a typo: the competence would vanish from the plan
    competence = ws.cell(first, 2).value
    wb.save(paths[0])
    out = tmp_path / "resultaat"
    assert run("staff", "read", tmp_path / "ingevuld", "--out", out).exit_code == 1
    dirk = plan_of(out, "Dirk Smet")
    assert text("organisation.plan.unread", "nl") in dirk
    line = text("organisation.plan.unread_line", "nl", value="in ontwikkelng",
                column=text("organisation.column.acquired", "nl"), cell=f"E{first}")  # fmt: skip
    assert f"{competence}: {line}" in dirk
    els = plan_of(out, "Els Wouters")
    assert text("organisation.plan.empty", "nl") in els and text("organisation.plan.nothing", "nl") not in els
    assert text("organisation.plan.to_grow", "nl") not in els
    desk = {(p["file"], p["code"]) for p in csv_rows(out / "desk" / "problems.csv")}
    assert desk == {(paths[1].name, "self-assessment-empty"), (paths[0].name, "invalid-option-suggestion")}


def test_the_team_page_gives_its_findings_first_in_plain_words(team):  # noqa: F811 - the imported fixture
    html = unescape((team["out"] / "team" / "team.html").read_text(encoding="utf-8"))
    findings = html.index(text("organisation.team.findings", "nl"))
    assert findings < html.index("<table")
    rows = [r for r in csv_rows(team["out"] / "team" / "competence-needs.csv") if r["scope"] == "all"]
    shown = [r for r in rows if r["below_minimum"] == "false"]
    most = max(shown, key=lambda r: (int(r["people_with_need"]), int(r["needs_essential"])))
    line = text("organisation.team.finding.competence", "nl", people=int(most["people_with_need"]),
                asked=int(most["asked"]), essential=int(most["needs_essential"]))  # fmt: skip
    assert f"{most['item_id']} {most['competence']}: {line}" in html[findings : html.index("<table")]
    essential = sum(1 for r in shown if int(r["needs_essential"]))
    assert text("organisation.team.finding.essential", "nl", count=essential) in html
    assert text("organisation.team.explain", "nl") in html  # what 'Leernoden' and 'Waarvan essentieel' count
    withheld = {r["item_id"] for r in rows if r["below_minimum"] == "true"}
    section = html[findings : html.index("<table")]
    assert not any(f"<li>{item} " in section for item in withheld)  # a withheld count is in no finding


def test_a_function_without_a_matching_profile_is_named_with_the_profile_meant(profiles, tmp_path):  # noqa: F811
    roster = tmp_path / "medewerkers.csv"
    roster.write_text("naam;e-mail;functie\nAn Peeters;an@vonk.be;Hulpverleners\nGreet Jacobs;greet@vonk.be;Onthaal\n"
                      "Dirk Smet;dirk@vonk.be;Teamcoach\n", encoding="utf-8")  # fmt: skip
    result = run("staff", "template", "--staff", roster, "--profiles", profiles["out"], "--out", tmp_path / "in",
                 "--organisation", ORGANISATION)  # fmt: skip
    assert result.exit_code == 1  # a warning: 'Hulpverleners' is most likely 'Hulpverlener'
    meant = Problem("function-without-profile-suggestion", roster.name, "", "C2",
                    {"name": "An Peeters", "function": "Hulpverleners", "suggestion": "Hulpverlener"})  # fmt: skip
    alone = Problem("function-without-profile", roster.name, "", "C3", {"name": "Greet Jacobs", "function": "Onthaal"})
    assert meant.severity == "warning" and alone.severity == "info"  # a function may have no profile on purpose
    assert result.stderr.splitlines() == [meant.render("nl"), alone.render("nl")]
    paths = [Path(line) for line in result.stdout.splitlines()]
    assert len(paths) == 3
    for path, has_profile in zip(paths, (False, False, True), strict=True):
        ws = openpyxl.load_workbook(path)["Zelfevaluatie"]
        headers = [cell.value for cell in ws[7]]
        assert (text("organisation.column.profile", "nl") in headers) is has_profile, headers
        assert (text("organisation.column.no_profile", "nl") in headers) is not has_profile, headers
    # the workbook without a profile is read back as any other
    fill_every_row(paths[0], 0)
    read = run("staff", "read", paths[0], "--out", tmp_path / "uit")
    assert read.exit_code == 0, read.output


def test_a_choice_typed_in_a_text_column_is_named_at_its_cell_and_kept(profiles, positions, tmp_path):  # noqa: F811
    paths = write_staff(tmp_path, profiles["out"], [("Tom Vermeulen", "tom@vonk.be", "Teamcoach")])
    fill_every_row(paths[0], 0)
    wb = openpyxl.load_workbook(paths[0])
    ws = wb["Zelfevaluatie"]
    row = min(data_rows(ws).values())
    ws.cell(row, 5).value = None
    ws.cell(row, 6, "nog niet")  # one cell off: meant for 'Hoe ver verworven?'
    wb.save(paths[0])
    out = tmp_path / "uit"
    assert run("staff", "read", paths[0], "--out", out).exit_code == 1
    expected = Problem("choice-in-text-column", paths[0].name, "Zelfevaluatie", f"F{row}",
                       {"value": "nog niet", "column": text("organisation.column.help", "nl"),
                        "meant": text("organisation.column.acquired", "nl"), "target": f"E{row}"})  # fmt: skip
    problems = csv_rows(out / "desk" / "problems.csv")
    assert [(p["code"], p["cell"], p["message"]) for p in problems] == [
        ("choice-in-text-column", f"F{row}", expected.message("nl"))
    ]
    answers = csv_rows(out / "persons" / "Tom Vermeulen" / "self-assessment.csv")
    assert any(a["cell"] == f"F{row}" and a["answer"] == "nog niet" for a in answers)  # the text is kept
    made = run("profile", "template", "--out", tmp_path / "profiel", "--function", "Teamcoach", "--positions",
               positions, "--organisation", ORGANISATION)  # fmt: skip
    (path,) = (Path(line) for line in made.stdout.splitlines())
    wb = openpyxl.load_workbook(path)
    ws = wb["Profiel"]
    row = data_rows(ws)["9.1.1"]
    ws.cell(row, 4).value = None
    ws.cell(row, 5, "essentieel")
    wb.save(path)
    read = run("profile", "read", path, "--out", tmp_path / "profielen")
    assert read.exit_code == 1
    problems = csv_rows(tmp_path / "profielen" / "problems.csv")
    assert [(p["code"], p["cell"]) for p in problems] == [("choice-in-text-column", f"E{row}")]


def test_an_unknown_training_is_a_warning_with_the_training_meant(tmp_path):
    trainings = tmp_path / "vto.csv"
    trainings.write_text("code;naam\nVTO01;Chathulpverlening: de basis\nVTO02;Beeldbellen met cliënten\n",
                         encoding="utf-8")  # fmt: skip
    made = run("training", "template", "--trainings", trainings, "--out", tmp_path / "map")
    path = Path(made.stdout.strip())
    wb = openpyxl.load_workbook(path)
    ws = wb["Vormingsaanbod"]
    rows = data_rows(ws)
    ws.cell(rows["5.1.1"], 4, "VTO1")  # one zero short of VTO01
    ws.cell(rows["5.1.2"], 4, "Teamdag AI")  # not on the list, close to nothing
    wb.save(path)
    read = run("training", "read", path, "--trainings", trainings, "--out", tmp_path / "vto")
    assert read.exit_code == 1  # warnings: what is not on the list is not in the offer
    problems = {p["cell"]: p for p in csv_rows(tmp_path / "vto" / "problems.csv")}
    suggestion = "VTO01 – Chathulpverlening: de basis"
    meant = Problem("training-unknown-suggestion", path.name, "Vormingsaanbod", f"D{rows['5.1.1']}",
                    {"value": "VTO1", "item": "5.1.1", "suggestion": suggestion})  # fmt: skip
    assert problems[meant.cell]["message"] == meant.message("nl") and meant.severity == "warning"
    assert 'bedoelde je "VTO01 – Chathulpverlening: de basis"?' in meant.message("nl")
    unknown = problems[f"D{rows['5.1.2']}"]
    assert (unknown["code"], unknown["severity"]) == ("training-unknown", "warning")


def test_the_small_things_the_review_found(tmp_path):
    made = run("profile", "template", "--out", tmp_path / "profiles", "--function", "Care worker", "--lang", "en")
    (path,) = (Path(line) for line in made.stdout.splitlines())
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[1]
    rows = data_rows(ws)
    ws.cell(rows["1.1.1"], 4, "essential")
    wb.save(path)
    read = run("profile", "read", path, "--out", tmp_path / "done", "--lang", "en")
    assert read.exit_code == 0, read.output
    vacancy = (tmp_path / "done" / "vacancy-Care worker.txt").read_text(encoding="utf-8")
    assert vacancy.startswith("As a care worker you can")  # an article, and the role in lower case
    written = csv_rows(tmp_path / "done" / "profiles.csv")
    unanswered = [r for r in written if not r["choice_id"]]
    assert unanswered and all(r["sheet"] == ws.title and r["cell"] == f"D{rows[r['item_id']]}" for r in unanswered)
    for command in ("staff", "training"):
        helped = run(command, "template", "--help")
        assert "consensus" not in helped.stdout and text("help.organisation.name", "nl") in " ".join(
            helped.stdout.split()
        )
    trainings = tmp_path / "vto.csv"
    trainings.write_text("code;naam\nVTO01;Chathulpverlening\n", encoding="utf-8")
    made = run("training", "template", "--trainings", trainings, "--out", tmp_path / "map")
    instructions = openpyxl.load_workbook(Path(made.stdout.strip())).worksheets[0]
    written = [c.value for row in instructions.iter_rows() for c in row if c.value]
    assert text("organisation.answers.heading", "nl") not in written  # no heading with nothing under it
