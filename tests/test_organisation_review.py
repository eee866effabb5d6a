"""What a newcomer's review of the organisation workflow found (issue 24): growth plans that say what was not
read, answers in the wrong column, a function without a profile, an unknown training."""

from __future__ import annotations

from html import unescape
from pathlib import Path

import openpyxl
from test_organisation import ORGANISATION, csv_rows, data_rows, positions, profiles  # noqa: F401 - fixtures
from test_organisation_privacy import fill_every_row, write_staff

from conftest import run
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
