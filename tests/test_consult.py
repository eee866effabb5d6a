"""The framework's own consultation round (issue 25): consult template -> filled by reviewers of four
sectors -> consult aggregate -> decisions in revisielijst.xlsx -> framework revise -> last round's answers
carried over to version 2 -> compare across the versions."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import jsonschema
import openpyxl
import pytest
import yaml
from markupsafe import escape

from conftest import REPO, run, soffice_convert, soffice_path
from curriculum_map.consult.questions import DECISION, SECTOR, consult_scale
from curriculum_map.core.texts import text
from curriculum_map.framework.model import load_framework

SCHEMA = REPO.parent / "shared" / "reference" / "case-v1p0-cfpackage-schema.json"
REVIEWERS = [  # name, e-mail, organisation, sector (as a coordinator types it)
    ("An Peeters", "an@vonk.be", "De Vonk vzw", "organisatie"),
    ("Bart Claes", "bart@ocmw.be", "OCMW Gent", "organisatie"),
    ("Carla Maes", "carla@sam.be", "SAM", "middenveld"),
    ("Dirk Wouters", "dirk@koepel.be", "Koepel", "middenveld"),
    ("Els Jacobs", "els@vlaanderen.be", "Departement WVG", "overheid"),
    ("Fien Smet", "fien@stad.be", "Stad Antwerpen", "overheid"),
    ("Geert Vos", "geert@hogent.be", "HOGENT", "opleiding"),
    ("Hilde Mertens", "hilde@ap.be", "AP Hogeschool", "opleiding"),
    ("Ines Goossens", "ines@odisee.be", "Odisee", ""),  # chooses the sector on the front sheet herself
]
REWORDING = "Weten wat digitale uitsluiting en digitale inclusie betekenen"
NEARLY = ["weten wat digitale uitsluiting en digitale inclusie betekenen.", "Weten wat digitale uitsluiting en "
          "digitale inclusie  betekenen!"]  # fmt: skip


def rows_by_id(ws) -> dict[str, int]:
    return {str(ws.cell(r, 1).value): r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value}


def column_of(ws, header_row: int, header: str) -> int:
    return next(c for c in range(1, ws.max_column + 1) if ws.cell(header_row, c).value == header)


def fill(path: Path, answers: dict[tuple[str, str], str], front: dict[str, str] | None = None) -> Path:
    """Fill a consultation workbook as a reviewer would: front sheet fields and answers per (row id, column)."""
    wb = openpyxl.load_workbook(path)
    sheet = wb[text("sheet.consult_front", "nl")]
    labels = {sheet.cell(r, 1).value: r for r in range(1, sheet.max_row + 1)}
    for key, value in (front or {}).items():
        sheet.cell(labels[text(f"consult.front.{key}", "nl")], 2).value = value
    ws = wb[text("sheet.consult", "nl")]
    rows = rows_by_id(ws)
    for (item_id, column), value in answers.items():
        header = text(f"consult.column.{column}", "nl") if column != "competence" else text("column.competence", "nl")
        ws.cell(rows[item_id], column_of(ws, 4, header)).value = value
    wb.save(path)
    return path


def write_reviewers(path: Path) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["naam", "e-mail", "organisatie", "sector"])
        writer.writerows(REVIEWERS)
    return path


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def answers_of(number: int) -> dict[tuple[str, str], str]:
    """What reviewer `number` (0-8) answers: three propose nearly the same rewording of 1.1.1, two a move."""
    answers = {
        ("1.1.1", "clear"): "onduidelijk" if number < 5 else "duidelijk",
        ("1.1.1", "relevant"): "relevant",
        ("2.1.1", "clear"): "deels duidelijk",
        ("1.1.3", "relevant"): "niet relevant" if number % 2 else "relevant",
    }
    if number < 3:
        answers[("1.1.1", "rewording")] = [REWORDING, *NEARLY][number]
    if number in (3, 4):
        answers[("1.1.2", "move")] = "2.1"
        answers[("1.1.2", "remark")] = "past beter bij mediawijsheid"
    if number == 5:
        answers[("1.1.3", "rewording")] = "De digitale kloof herkennen en benoemen"
        answers[("2.1.1", "rewording")] = "Eigen mediagebruik kritisch bekijken"
    if number == 6:
        answers[("3.nieuw1", "competence")] = "Digitale veiligheid van cliënten bewaken"
        answers[("3.nieuw1", "move")] = "3.1"
    return answers


@pytest.fixture(scope="module")
def consultation(tmp_path_factory):
    """Nine filled consultation workbooks of four sectors (one of them saved by LibreOffice), aggregated."""
    base = tmp_path_factory.mktemp("consult")
    result = run("consult", "template", "--out", base / "out", "--reviewers", write_reviewers(base / "reviewers.csv"))
    assert result.exit_code == 0, result.output
    blank = sorted((base / "out").glob("*.xlsx"))
    assert len(blank) == 9
    filled_dir = base / "in"
    filled_dir.mkdir()
    for number, path in enumerate(sorted(blank, key=lambda p: next(i for i, r in enumerate(REVIEWERS)
                                                                      if r[0] in p.name))):  # fmt: skip
        front = {"sector": "opleiding hoger onderwijs"} if number == 8 else {}
        filled = fill(shutil.copy(path, filled_dir / path.name), answers_of(number), front)
        if number == 8 and soffice_path():  # a reviewer who uses LibreOffice Calc
            converted = soffice_convert(filled, base / "calc")
            shutil.move(converted, filled)
    result = run("consult", "aggregate", filled_dir, "--out", base / "report")
    return base, result


def test_nine_reviewers_of_four_sectors_aggregated(consultation):
    base, result = consultation
    assert result.exit_code == 0, result.output
    report = base / "report"
    written = {p.name for p in report.iterdir()}
    assert {"report.html", "revisielijst.xlsx", "consult-responses.csv", "consult-items.csv", "problems.csv",
            "consult-rewordings.csv", "consult-moves.csv", "consult-new.csv"} <= written  # fmt: skip
    sectors = {r["sector_id"] for r in read_csv(report / "consult-responses.csv") if r["question"] == "sector"}
    assert sectors == {o.id for o in consult_scale(SECTOR).options}
    items = {(r["item_id"], r["sector_id"]): r for r in read_csv(report / "consult-items.csv")}
    overall = items[("1.1.1", "all")]
    assert (overall["reviewers"], overall["clear_answers"], overall["unclear"]) == ("9", "9", "5")
    assert items[("1.1.1", "overheid")]["unclear"] == "1" and items[("1.1.1", "opleiding")]["unclear"] == "0"
    ranks = {r["item_id"]: int(r["rank"]) for r in items.values() if r["sector_id"] == "all"}
    # 2.1.1 'deels duidelijk' for all nine, 1.1.1 unclear or reworded for five, 1.1.3 four, 1.1.2 two
    assert sorted(ranks, key=ranks.get)[:4] == ["2.1.1", "1.1.1", "1.1.3", "1.1.2"]
    rewordings = [r for r in read_csv(report / "consult-rewordings.csv") if r["item_id"] == "1.1.1"]
    assert [r["text"] for r in rewordings] == [REWORDING, *NEARLY]  # verbatim
    assert {r["group"] for r in rewordings} == {"1"} and {r["same_count"] for r in rewordings} == {"3"}
    moves = read_csv(report / "consult-moves.csv")
    assert sorted((m["item_id"], m["target_id"], m["sector_id"]) for m in moves) == [
        ("1.1.2", "2.1", "middenveld"), ("1.1.2", "2.1", "overheid")
    ]  # fmt: skip
    new = read_csv(report / "consult-new.csv")
    assert [(n["cluster_id"], n["text"], n["target_id"]) for n in new] == [
        ("3", "Digitale veiligheid van cliënten bewaken", "3.1")
    ]
    html = (report / "report.html").read_text(encoding="utf-8")
    assert html.index(text("consult.report.findings", "nl")) < html.index(text("consult.report.per_competence", "nl"))
    assert REWORDING in html and "An Peeters" not in html  # names only with --show-names


def decide(report: Path, out: Path, marks: list[tuple[str, str, str, str, str]], lang: str = "nl") -> Path:
    """Mark decisions in the revisielijst: (id, kind of proposal or '' for an own row, decision, target, text)."""
    wb = openpyxl.load_workbook(report / "revisielijst.xlsx")
    ws = wb[text("sheet.revision", lang)]
    header = 4
    col = {key: column_of(ws, header, text(f"consult.revision.column.{key}", lang))
           for key in ("id", "kind", "decision", "target", "new_text")}  # fmt: skip
    free = next(r for r in range(header + 1, ws.max_row + 1) if not ws.cell(r, col["id"]).value)
    for item_id, kind, decision, target, new_text in marks:
        kind_label = text(f"consult.revision.kind.{kind}", lang) if kind else None
        row = next((r for r in range(header + 1, free) if ws.cell(r, col["id"]).value == item_id
                    and ws.cell(r, col["kind"]).value == kind_label), None) if kind else None  # fmt: skip
        if row is None:
            row, free = free, free + 1
            ws.cell(row, col["id"]).value = item_id
        ws.cell(row, col["decision"]).value = consult_scale(DECISION).label(decision, lang)
        if target:
            ws.cell(row, col["target"]).value = target
        if new_text:
            ws.cell(row, col["new_text"]).value = new_text
    wb.save(out)
    return out


DECISIONS = [
    ("1.1.1", "rewording", "reword", "", ""),  # the reviewers' text, as prefilled
    ("1.1.3", "rewording", "reword", "", ""),
    ("2.1.1", "rewording", "reword", "", "Het eigen mediagebruik kritisch bekijken"),  # the owners' own wording
    ("1.1.2", "move", "move", "", ""),  # to 2.1, as proposed
    ("1.1.4", "", "split", "", "de digitale noden van kwetsbare doelgroepen kennen\nhun digitale mogelijkheden kennen"),
    ("1.2.1", "", "merge", "1.2.2", "gericht doorverwijzen en zelf meewerken aan het dichten van de digitale kloof"),
    ("3", "new", "add", "", ""),  # into 3.1, as the reviewer proposed
    ("4", "", "add", "4.2", "digitale hulpmiddelen kiezen die passen bij de cliënt"),
]


def test_decisions_give_version_two_a_crosswalk_and_a_case_package(consultation, tmp_path, framework):
    base, _ = consultation
    decisions = decide(base / "report", tmp_path / "revisielijst.xlsx", DECISIONS)
    result = run("framework", "revise", "--decisions", decisions, "--out", tmp_path / "v2", "--version", "2")
    assert result.exit_code == 0, result.output
    v2 = load_framework(tmp_path / "v2" / "framework.yaml")
    assert v2.version == "2" and v2.id == framework.id
    assert v2.competence("1.1.1").text.get("nl") == "w" + REWORDING[1:]  # written as the framework writes them
    assert v2.competence("2.1.1").text.get("nl") == "het eigen mediagebruik kritisch bekijken"
    assert v2.item("1.1.2") is None and v2.item("1.1.4") is None and v2.item("1.2.1") is None
    unchanged = [x.id for x in framework.competences if x.id not in ("1.1.1", "1.1.2", "1.1.3", "1.1.4", "1.2.1",
                                                                       "1.2.2", "2.1.1")]  # fmt: skip
    assert all(v2.competence(i).text == framework.competence(i).text for i in unchanged)  # old ids kept
    crosswalk = yaml.safe_load((tmp_path / "v2" / "crosswalk.yaml").read_text(encoding="utf-8"))
    assert crosswalk["from_version"] == framework.version and crosswalk["to_version"] == "2"
    moved, first_part = crosswalk["map"]["1.1.2"], crosswalk["map"]["1.1.4"]
    assert moved.startswith("2.1.") and v2.competence(moved).text == framework.competence("1.1.2").text
    assert crosswalk["map"]["1.2.1"] == "1.2.2" and first_part.startswith("1.1.")
    added = [i for i, change in crosswalk["changes"].items() if change == "added"]
    assert sorted(v2.competence(i).component_id for i in added) == ["3.1", "4.2"]
    assert len(v2.competences) == len(framework.competences) + 2 + 1 - 1  # two added, one split in two, one merged
    package = json.loads((tmp_path / "v2" / "case.json").read_text(encoding="utf-8"))
    jsonschema.validators.validator_for(json.loads(SCHEMA.read_text(encoding="utf-8")))(
        json.loads(SCHEMA.read_text(encoding="utf-8"))
    ).validate(package)
    replaced = [a for a in package["CFAssociations"] if a["associationType"] == "replacedBy"]
    assert sorted((a["originNodeURI"]["title"], a["destinationNodeURI"]["identifier"]) for a in replaced) == sorted(
        (old, next(i["identifier"] for i in package["CFItems"] if i["humanCodingScheme"] == new))
        for old, new in [("1.1.2", moved), ("1.2.1", "1.2.2")]
        + [("1.1.4", n) for n in (i for i, c in crosswalk["changes"].items() if c == "split")]  # fmt: skip
    )


def test_last_rounds_answers_carry_over_and_compare_names_the_changed_items(consultation, tmp_path, framework):
    base, _ = consultation
    decisions = decide(base / "report", tmp_path / "revisielijst.xlsx", DECISIONS)
    assert (
        run("framework", "revise", "--decisions", decisions, "--out", tmp_path / "v2", "--version", "2").exit_code == 0
    )
    v2_file, crosswalk = tmp_path / "v2" / "framework.yaml", tmp_path / "v2" / "crosswalk.yaml"
    walk = yaml.safe_load(crosswalk.read_text(encoding="utf-8"))
    moved, parts = walk["map"]["1.1.2"], walk["splits"]["1.1.4"]
    assert len(parts) == 2 and walk["map"]["1.1.4"] == parts[0]  # map keeps one id: older readers read it
    last = tmp_path / "last-round"  # last round's coverage answers: the example workbooks
    assert run("aggregate", REPO / "examples", "--out", last).exit_code == 1  # one example holds mistakes on purpose
    old_scores = {(r["programme_id"], r["field"]): r["label"] for r in read_csv(last / "responses.csv")
                  if r["item_id"] == "1.1.2"}  # fmt: skip
    split_scores = {(r["programme_id"], r["field"]): r["label"] for r in read_csv(last / "responses.csv")
                    if r["item_id"] == "1.1.4"}  # fmt: skip
    assert old_scores and split_scores
    result = run(
        "template", "--out", tmp_path / "wb2", "--framework", v2_file, "--prefill", last, "--crosswalk", crosswalk
    )
    assert result.exit_code == 0, result.output
    programme = next(iter(old_scores))[0]
    name = load_framework(v2_file).find_programme(programme).name.get("nl")
    ws = openpyxl.load_workbook(tmp_path / "wb2" / f"{name}.xlsx")[text("sheet.competences", "nl")]
    row = rows_by_id(ws)[moved]
    assert ws.cell(row, 3).value == old_scores.get((programme, "level"))  # last year's answer, at the new id
    note = text("prefill.changed", "nl", change=text("compare.change.moved", "nl"))
    assert ws.cell(row, ws.max_column).value.endswith(note)  # the programme sees the competence changed
    split_note = text("prefill.changed", "nl", change=text("compare.change.split", "nl"))
    for part in parts:  # both parts of the split carry last year's answer on the whole
        assert ws.cell(rows_by_id(ws)[part], 3).value == split_scores.get((programme, "level")), part
        assert ws.cell(rows_by_id(ws)[part], ws.max_column).value.endswith(split_note)
        assert not ws.cell(rows_by_id(ws)[part], ws.max_column).value.startswith(text("prefill.none", "nl"))
    this = tmp_path / "this-round"
    assert run("aggregate", tmp_path / "wb2", "--out", this, "--framework", v2_file).exit_code in (0, 1)
    result = run("compare", last, this, "--out", tmp_path / "compare", "--crosswalk", crosswalk)
    assert result.exit_code == 0, result.output
    changed = {moved: "moved", "1.1.1": "reworded"}
    for item, kind in changed.items():
        assert f"{item} ({text(f'compare.change.{kind}', 'nl')})" in result.output
    changes = read_csv(tmp_path / "compare" / "changes.csv")
    assert any(c["item_id"] == moved and c["change"] == "same" for c in changes)  # the moved answer, compared
    assert {c["framework_change"] for c in changes if c["item_id"] == moved} == {"moved"}
    listed = yaml.safe_load(crosswalk.read_text(encoding="utf-8"))["changes"]
    assert {c["framework_change"] for c in changes if c["item_id"] not in listed} == {""}  # unchanged items
    html = " ".join((tmp_path / "compare" / "compare.html").read_text(encoding="utf-8").split())
    for sentence in (text("compare.framework.moved", "nl", old="1.1.2", new=moved),
                     text("compare.framework.merged_into", "nl", old="1.2.1", new="1.2.2"),
                     text("compare.framework.reworded", "nl", new="1.1.1"),
                     f'{text("compare.framework.new_text", "nl")}: “w{REWORDING[1:]}”',
                     f'{text("compare.framework.old_text", "nl")}: “{framework.competence("1.1.1").text.get("nl")}”',
                     text("compare.counts", "nl", up=0, same=0, down=0, new=0, gone=0).partition(":")[0]):  # fmt: skip
        assert sentence in html, sentence


def cells(path: Path) -> dict[tuple[str, str], object]:
    wb = openpyxl.load_workbook(path)
    return {(ws.title, c.coordinate): c.value for ws in wb.worksheets if ws.title != "_metadata"
            for row in ws.iter_rows() for c in row if c.value not in (None, "")}  # fmt: skip


def test_every_answer_typed_is_in_the_tidy_table_or_a_problem(tmp_path):
    assert run("consult", "template", "--out", tmp_path / "out", "--organisation", "De Vonk vzw").exit_code == 0
    blank = next((tmp_path / "out").glob("*.xlsx"))
    filled = Path(shutil.copy(blank, tmp_path / "in.xlsx"))
    typed = {("1.1.1", "clear"): "duidelijk", ("1.1.1", "relevant"): "niet relevant", ("1.1.1", "rewording"): "x",
             ("1.1.1", "move"): "3.2", ("1.1.1", "remark"): "r", ("1.1.2", "clear"): "misschien",
             ("1.1.3", "move"): "99.9", ("2.nieuw2", "competence"): "nieuw", ("2.nieuw2", "remark"): "waarom",
             ("9.nieuw3", "move"): "9.1", ("1.1.4", "relevant"): "relevnt"}  # fmt: skip
    fill(filled, typed, {"name": "Jo", "sector": "bestuur", "remark": "algemeen"})
    wb = openpyxl.load_workbook(filled)
    data = wb[text("sheet.consult", "nl")]
    data.cell(rows_by_id(data)["1.2.1"], 12).value = "naast de tabel"
    wb[text("sheet.consult_front", "nl")]["D5"] = "op het voorblad"
    wb.save(filled)
    before, after = cells(blank), cells(filled)
    typed_cells = {key for key, value in after.items() if before.get(key) != value}
    assert len(typed_cells) == len(typed) + 3 + 2  # the answers, three on the front sheet, two stray values
    result = run("consult", "aggregate", filled, "--out", tmp_path / "report")
    assert result.exit_code == 1
    found = {(r["sheet"], r["cell"]) for r in read_csv(tmp_path / "report" / "consult-responses.csv")}
    problems = read_csv(tmp_path / "report" / "problems.csv")
    assert typed_cells <= found | {(p["sheet"], p["cell"]) for p in problems}
    assert {p["code"] for p in problems} == {"invalid-option", "invalid-option-suggestion", "text-outside-table"}


def test_decisions_that_cannot_be_carried_out_are_named_at_their_cell(consultation, tmp_path):
    base, _ = consultation
    decisions = decide(base / "report", tmp_path / "revisielijst.xlsx", [
        ("9.9.9", "", "reword", "", "een tekst"),  # no such competence
        ("1.1.1", "rewording", "reword", "", ""),
        ("1.1.1", "", "move", "2.1", ""),  # a second decision on 1.1.1
        ("1.1.2", "move", "move", "12", ""),  # no cluster 12
    ])  # fmt: skip
    result = run("framework", "revise", "--decisions", decisions, "--out", tmp_path / "v2")
    assert result.exit_code == 1
    problems = read_csv(tmp_path / "v2" / "problems.csv")
    assert sorted(p["code"] for p in problems) == ["decision-conflict", "decision-target-unknown",
                                                   "decision-unknown-id"]  # fmt: skip
    assert all(p["sheet"] == text("sheet.revision", "nl") and p["cell"] for p in problems)
    assert not (tmp_path / "v2" / "framework.yaml").exists()
    conflict = next(p for p in problems if p["code"] == "decision-conflict")
    assert "1.1.1" in conflict["message"]


def test_the_consultation_report_is_a_valid_data_package(consultation):
    frictionless = pytest.importorskip("frictionless")
    report_dir = consultation[0] / "report"
    report = frictionless.validate(report_dir / "datapackage.json")
    assert report.valid, [e.message for task in report.tasks for e in task.errors][:3]
    listed = [r.path for r in frictionless.Package(report_dir / "datapackage.json").resources]
    assert sorted(listed) == sorted(p.name for p in report_dir.glob("*.csv"))


def small_round(tmp_path: Path, filled: dict[str, tuple[dict, dict]], *names: str, extra: tuple = ()) -> Path:
    """`consult template` for `names` (organisation De Vonk vzw), each filled as given: (answers, front)."""
    write_reviewers_of(tmp_path / "reviewers.csv", names)
    assert run("consult", "template", "--out", tmp_path / "out", "--reviewers", tmp_path / "reviewers.csv",
               *extra).exit_code == 0  # fmt: skip
    returned = tmp_path / "in"
    returned.mkdir()
    for path in sorted((tmp_path / "out").glob("*.xlsx")):
        name = next(n for n in names if n in path.name)
        answers, front = filled.get(name, ({}, {}))
        fill(Path(shutil.copy(path, returned / path.name)), answers, front)
    return returned


def write_reviewers_of(path: Path, names: tuple[str, ...], sector: str = "organisatie") -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["naam", "organisatie", "sector"])
        writer.writerows([(n, "De Vonk vzw", sector if not n.startswith("Zonder") else "") for n in names])
    return path


def test_a_blank_workbook_sent_back_is_named_and_not_counted(tmp_path, framework):
    returned = small_round(tmp_path, {"An": ({("1.1.1", "clear"): "onduidelijk"}, {})}, "An", "Bo")
    result = run("consult", "aggregate", returned, "--out", tmp_path / "report")
    assert result.exit_code == 1  # a warning: someone should look
    problems = read_csv(tmp_path / "report" / "problems.csv")
    assert [(p["code"], "Bo" in p["file"]) for p in problems] == [("consult-no-answers", True)]
    assert problems[0]["message"] == text("consult-no-answers", "nl")
    responses = read_csv(tmp_path / "report" / "consult-responses.csv")
    assert {r["file"] for r in responses} == {next(p.name for p in returned.iterdir() if "An" in p.name)}
    items = {(r["item_id"], r["sector_id"]): r for r in read_csv(tmp_path / "report" / "consult-items.csv")}
    assert items[("1.1.1", "all")]["reviewers"] == "1"
    html = (tmp_path / "report" / "report.html").read_text(encoding="utf-8")
    summary = text("consult.report.summary", "nl", reviews=1, flagged=1, competences=len(framework.competences), new=0)
    assert summary.split(".")[0] in html
    assert result.output.strip().endswith(text("cli.consult.summary", "nl", reviews=1, flagged=1, errors=0,
                                               warnings=1, notes=0, out=tmp_path / "report"))  # fmt: skip


def test_a_general_remark_alone_is_an_answer_and_a_missing_sector_is_named(tmp_path):
    returned = small_round(tmp_path, {"Zonder sector": ({("1.1.1", "clear"): "duidelijk"}, {}),
                                      "An": ({}, {"remark": "Goed initiatief."})}, "An", "Zonder sector")  # fmt: skip
    result = run("consult", "aggregate", returned, "--out", tmp_path / "report")
    assert result.exit_code == 1
    problems = read_csv(tmp_path / "report" / "problems.csv")
    assert [(p["code"], p["sheet"], p["cell"], "Zonder" in p["file"]) for p in problems] == [
        ("consult-sector-missing", text("sheet.consult_front", "nl"), "B6", True)
    ]
    assert result.output.strip().endswith(text("cli.consult.summary", "nl", reviews=2, flagged=0, errors=0,
                                               warnings=1, notes=0, out=tmp_path / "report"))  # fmt: skip


def test_general_remarks_are_in_the_report_and_the_revisielijst(tmp_path):
    remarks = {"An": "Goed initiatief, maar  sommige competenties zijn erg lang.", "Bo": "Meer over gegevensdeling."}
    returned = small_round(tmp_path, {n: ({("1.1.1", "clear"): "duidelijk"}, {"remark": r}) for n, r in
                                      remarks.items()}, "An", "Bo", "Cas")  # fmt: skip
    for names, folder in (((), "report"), (("--show-names",), "named")):
        result = run("consult", "aggregate", returned, "--out", tmp_path / folder, "--min-respondents", "2", *names)
        assert result.exit_code == 1, result.output  # Cas sent his workbook back blank
        html = (tmp_path / folder / "report.html").read_text(encoding="utf-8")
        section = html[html.index(text("consult.report.general", "nl")) :]
        assert all(remark.replace("  ", " ") in " ".join(section.split()) for remark in remarks.values())
        sheet = openpyxl.load_workbook(tmp_path / folder / "revisielijst.xlsx")[text("sheet.general_remarks", "nl")]
        rows = [(sheet.cell(r, 1).value, sheet.cell(r, 2).value) for r in range(4, sheet.max_row + 1)]
        sector = consult_scale(SECTOR).label("organisation", "nl")
        expected = [f"{sector} ({n})" if names else sector for n in remarks]
        assert rows == list(zip(expected, remarks.values(), strict=True))  # verbatim
        assert ("An" in section) is bool(names)


def test_the_share_unclear_says_it_counts_partly_clear_and_shows_its_counts(tmp_path):
    answers = {("1.1.1", "clear"): "deels duidelijk", ("1.1.1", "relevant"): "relevant"}
    returned = small_round(tmp_path, {"An": (answers, {})}, "An")
    assert run("consult", "aggregate", returned, "--out", tmp_path / "report").exit_code == 0
    html = (tmp_path / "report" / "report.html").read_text(encoding="utf-8")
    label = text("consult.report.column.unclear", "nl")
    assert label.startswith("Onduidelijk of deels duidelijk") and label in html
    one_of_one = text("consult.share_of", "nl", share="100%", count=1, total=1)
    assert f'<td class="number">{one_of_one}</td>' in html  # the 'deels duidelijk' answer, counted
    assert text("consult.report.top_caption", "nl", shown=1, count=1) in html  # the real number, not 'the first 15'
    ws = openpyxl.load_workbook(tmp_path / "report" / "revisielijst.xlsx")[text("sheet.revision", "nl")]
    unclear = column_of(ws, 4, text("consult.revision.column.unclear", "nl"))
    assert "deels duidelijk" in ws.cell(4, unclear).value and ws.cell(5, unclear).value == one_of_one
    not_relevant = column_of(ws, 4, text("consult.revision.column.not_relevant", "nl"))
    assert ws.cell(5, not_relevant).value == text("consult.share_of", "nl", share="0%", count=0, total=1)


def test_a_sloppy_rewording_is_tidied_to_the_frameworks_style_and_the_common_variant_prefilled(tmp_path, framework):
    sloppy, common = "Weten wat digitale  uitsluiting en digitale inclusie betekenen.", "weten wat digitale uitsluiting"
    variants = {"An": sloppy, "Bo": f"{common} en inclusie betekenen", "Cas": f"{common}  en inclusie betekenen"}
    returned = small_round(tmp_path, {n: ({("1.1.1", "rewording"): v}, {}) for n, v in variants.items()}, *variants)
    assert run("consult", "aggregate", returned, "--out", tmp_path / "report").exit_code == 0
    ws = openpyxl.load_workbook(tmp_path / "report" / "revisielijst.xlsx")[text("sheet.revision", "nl")]
    new_text = column_of(ws, 4, text("consult.revision.column.new_text", "nl"))
    rows = rows_by_id(ws)
    assert ws.cell(rows["1.1.1"], new_text).value == f"{common} en inclusie betekenen"  # two of three, not the first
    assert ws.cell(rows["1.1.1"], column_of(ws, 4, text("consult.revision.column.count", "nl"))).value == "3"
    own = "  Digitale veiligheid\tvan cliënten bewaken. \nAI-toepassingen kritisch  inzetten."
    decisions = decide(tmp_path / "report", tmp_path / "besluiten.xlsx", [("1.1.4", "", "split", "", own)])
    assert run("framework", "revise", "--decisions", decisions, "--out", tmp_path / "v2").exit_code == 0
    v2 = load_framework(tmp_path / "v2" / "framework.yaml")
    written = {c.text.get("nl") for c in v2.competences} - {c.text.get("nl") for c in framework.competences}
    # most of the framework's competences start in lower case without a full stop; a word in capitals stays
    assert written == {"digitale veiligheid van cliënten bewaken", "AI-toepassingen kritisch inzetten"}


def test_the_revisielijst_says_a_sector_was_not_given(tmp_path):
    answers = {("1.1.2", "move"): "2.1", ("1.1.3", "clear"): "onduidelijk"}
    returned = small_round(tmp_path, {"An": (answers, {}), "Zonder sector": (answers, {})}, "An", "Zonder sector")
    assert run("consult", "aggregate", returned, "--out", tmp_path / "report").exit_code == 1  # the missing sector
    ws = openpyxl.load_workbook(tmp_path / "report" / "revisielijst.xlsx")[text("sheet.revision", "nl")]
    sectors = column_of(ws, 4, text("consult.revision.column.sectors", "nl"))
    rows = rows_by_id(ws)
    both = f"{consult_scale(SECTOR).label('organisation', 'nl')}, {text('consult.revision.no_sector', 'nl')}"
    assert ws.cell(rows["1.1.2"], sectors).value == both  # the move: no leading comma
    assert ws.cell(rows["1.1.3"], sectors).value == both  # flagged without a proposal: its sectors too


def test_one_organisation_with_a_reviewer_is_one_workbook_for_that_reviewer(tmp_path):
    result = run("consult", "template", "--out", tmp_path / "one", "--organisation", "De Vonk vzw",
                 "--reviewer", "An Peeters")  # fmt: skip
    assert result.exit_code == 0, result.output
    written = [p.name for p in (tmp_path / "one").glob("*.xlsx")]
    assert text("cli.wrote_templates", "nl", count=1, path=tmp_path / "one") in result.output  # a count, not only paths
    assert text("cli.consult.template_next", "nl", path=tmp_path / "one") in result.output  # and the next step
    assert written == [f"{text('consult.filename', 'nl')} - De Vonk vzw - An Peeters.xlsx"]
    front = openpyxl.load_workbook(tmp_path / "one" / written[0])[text("sheet.consult_front", "nl")]
    assert (front["B4"].value, front["B5"].value) == ("An Peeters", "De Vonk vzw")
    result = run("consult", "template", "--out", tmp_path / "two", "--organisation", "De Vonk vzw",
                 "--organisation", "SAM", "--reviewer", "An Peeters")  # fmt: skip
    assert result.exit_code == 0 and len(list((tmp_path / "two").glob("*.xlsx"))) == 3


def test_a_small_sector_is_pooled_and_names_withheld_are_explained(tmp_path):
    answers = {("1.1.1", "clear"): "onduidelijk"}
    remark = {("1.1.1", "clear"): "onduidelijk", ("1.1.1", "remark"): "te vaag"}
    returned = small_round(tmp_path, {n: (remark, {"sector": "middenveld"}) if n == "Zonder sector" else (answers, {})
                                      for n in ("An", "Bo", "Cas", "Zonder sector")}, "An", "Bo", "Cas",
                           "Zonder sector")  # fmt: skip
    result = run("consult", "aggregate", returned, "--out", tmp_path / "report", "--show-names",
                 "--min-respondents", "3")  # fmt: skip
    assert result.exit_code == 0, result.output
    html = " ".join((tmp_path / "report" / "report.html").read_text(encoding="utf-8").split())
    middenveld, others = consult_scale(SECTOR).label("middenveld", "nl"), text("consult.report.other_sectors", "nl")
    assert middenveld not in html and f"<td>{others}</td>" in html  # one reviewer's sector is not named
    assert f"{others} (Zonder sector)" in html and escape(text("consult.report.pooled", "nl", minimum=3)) in html
    assert escape(text("consult.report.names_withheld", "nl", reviews=4, minimum=3)) not in html
    run("consult", "aggregate", returned, "--out", tmp_path / "few", "--show-names", "--min-respondents", "10")
    html = " ".join((tmp_path / "few" / "report.html").read_text(encoding="utf-8").split())
    assert escape(text("consult.report.names_withheld", "nl", reviews=4, minimum=10)) in html and "(An)" not in html


def test_a_dutch_rewording_in_an_english_revision_list_is_stored_as_dutch(tmp_path, framework):
    returned = small_round(tmp_path, {"An": ({("1.1.1", "rewording"): REWORDING}, {})}, "An")
    assert run("consult", "aggregate", returned, "--out", tmp_path / "report", "--lang", "en").exit_code == 0
    decisions = decide(tmp_path / "report", tmp_path / "decisions.xlsx", [("1.1.1", "rewording", "reword", "", "")],
                       lang="en")  # fmt: skip
    result = run("framework", "revise", "--decisions", decisions, "--out", tmp_path / "v2", "--lang", "en")
    assert result.exit_code == 0, result.output
    v2 = load_framework(tmp_path / "v2" / "framework.yaml")
    assert v2.competence("1.1.1").text.values == {"nl": "w" + REWORDING[1:]}  # Dutch, as the reviewer wrote it
    assert text("cli.revise.language_differs", "en", language="nl", given="en") in result.output
    dropped = text("cli.revise.translations_dropped", "en", count=1, language="nl", others="en")
    assert dropped in result.output
    result = run("framework", "revise", "--decisions", decisions, "--out", tmp_path / "v2nl", "--lang", "nl")
    assert result.exit_code == 0 and "taal 'nl'" in result.output and "--lang" not in result.output


def test_merged_competences_prefill_the_targets_answer_and_name_the_other(tmp_path, framework, fill):
    """1.2.1 merged into 1.2.2: the target's own answer is prefilled (none: the merged one's), and the
    *Vorig jaar* note names the merged competence's different answer in words."""
    low, high = (level.label.get("nl") for level in framework.levels[1:3])
    folder = tmp_path / "vorig"
    folder.mkdir()
    fill("sociaal-werk", "Sociaal werk.xlsx", {("competences", "1.2.1", "level"): low,
         ("competences", "1.2.2", "level"): high}, folder=folder)  # fmt: skip
    fill("orthopedagogie", "Orthopedagogie.xlsx", {("competences", "1.2.1", "level"): low}, folder=folder)
    assert run("aggregate", folder, "--out", tmp_path / "last").exit_code == 0
    crosswalk = tmp_path / "crosswalk.yaml"
    walk = {"from_version": "0", "to_version": framework.version, "map": {"1.2.1": "1.2.2"}}
    crosswalk.write_text(yaml.safe_dump(walk), encoding="utf-8")
    result = run("template", "--out", tmp_path / "wb", "--prefill", tmp_path / "last", "--crosswalk", crosswalk)
    assert result.exit_code == 0, result.output
    answer = f"{text('column.level', 'nl')}: {low}"
    expected = {"sociaal-werk": (high, text("prefill.merged", "nl", id="1.2.1", answer=answer)),
                "orthopedagogie": (low, None)}  # fmt: skip
    for programme_id, (prefilled, note) in expected.items():
        name = framework.find_programme(programme_id).name.get("nl")
        ws = openpyxl.load_workbook(tmp_path / "wb" / f"{name}.xlsx")[text("sheet.competences", "nl")]
        row = rows_by_id(ws)["1.2.2"]
        assert ws.cell(row, 3).value == prefilled
        previous = ws.cell(row, ws.max_column).value
        assert (note in previous) if note else "1.2.1" not in previous  # the same or no other answer: no note


def test_the_longest_id_fits_its_column_and_the_columns_fit_a4_at_9_points(tmp_path):
    """'9.nieuw1' once ran over the ID column when printed; widening it kept the page's width (132 characters
    print to A4 landscape at 9 points or more, see consult/questions.py)."""
    assert run("consult", "template", "--out", tmp_path, "--reviewer", "Lotte Claeys").exit_code == 0
    ws = openpyxl.load_workbook(next(tmp_path.glob("*.xlsx")))[text("sheet.consult", "nl")]
    ids = [str(ws.cell(r, 1).value) for r in range(5, ws.max_row + 1) if ws.cell(r, 1).value]
    widths = [ws.column_dimensions[chr(ord("A") + c)].width for c in range(7)]
    assert widths[0] >= max(len(i) for i in ids) + 1  # a bold character and the cell's padding
    assert sum(widths) - 7 * 0.71 <= 132.5  # as read back, each width holds about 0.71 of padding


def test_nearly_the_same_new_competence_from_several_reviewers_is_one_proposal(tmp_path):
    """Two reviewers (and one of them twice) propose nearly the same missing competence for cluster 3: one group,
    as rewordings are grouped; a different one, and the same text in another cluster, stay apart."""
    same = ["Digitale veiligheid van cliënten bewaken", "digitale veiligheid van cliënten bewaken.",
            "Digitale veiligheid van de cliënten bewaken"]  # fmt: skip
    other = "Een digitaal dossier zorgvuldig bijhouden"
    filled = {"An": ({("3.nieuw1", "competence"): same[0], ("3.nieuw1", "move"): "3.1",
                      ("3.nieuw2", "competence"): other, ("4.nieuw1", "competence"): same[0]}, {}),
              "Bo": ({("3.nieuw1", "competence"): same[1], ("3.nieuw3", "competence"): same[2]}, {})}  # fmt: skip
    returned = small_round(tmp_path, filled, "An", "Bo")
    assert run("consult", "aggregate", returned, "--out", tmp_path / "report").exit_code == 0
    rows = read_csv(tmp_path / "report" / "consult-new.csv")
    groups = {(r["cluster_id"], r["text"]): r["group"] for r in rows}
    assert len(rows) == 5 and len(set(groups.values())) == 3
    assert {groups[("3", text_)] for text_ in same} != {groups[("3", other)]}
    assert len({groups[("3", text_)] for text_ in same}) == 1 and groups[("4", same[0])] != groups[("3", same[0])]
    ws = openpyxl.load_workbook(tmp_path / "report" / "revisielijst.xlsx")[text("sheet.revision", "nl")]
    count = column_of(ws, 4, text("consult.revision.column.count", "nl"))
    new_rows = [r for r in range(5, ws.max_row + 1) if ws.cell(r, 1).value in ("3", "4")]
    assert sorted((ws.cell(r, 1).value, ws.cell(r, count).value) for r in new_rows) == [("3", "1"), ("3", "3"),
                                                                                         ("4", "1")]  # fmt: skip
    html = " ".join((tmp_path / "report" / "report.html").read_text(encoding="utf-8").split())
    assert str(escape(text("consult.report.new_group", "nl", cluster="3", count=3))) in html
