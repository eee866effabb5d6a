"""Any framework, any version: framework files, CASE exchange, English, crosswalks and next year's round."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import jsonschema
import openpyxl
import pytest
import yaml

from conftest import REPO, run
from curriculum_map.coverage.template import TemplateOptions, write_template, write_templates
from curriculum_map.framework.case import export_case, import_case
from curriculum_map.framework.check import check_framework_file
from curriculum_map.framework.model import load_framework
from make_examples import fill_workbook
from workbook_inspection import offered_choices

SHARED = REPO.parent / "shared" / "reference"
needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/reference is not next to this checkout")


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def small_framework(tmp_path) -> Path:
    """The starter file of 'framework new': 2 focuses, 3 levels, 2 programmes, 2 positions."""
    path = tmp_path / "klein.yaml"
    assert run("framework", "new", "--out", str(path)).exit_code == 0
    return path


def test_new_framework_file_is_valid_and_small(small_framework):
    assert check_framework_file(small_framework) == []
    result = run("framework", "validate", str(small_framework))
    assert result.exit_code == 0 and "in orde" in result.output
    framework = load_framework(small_framework)
    assert (len(framework.focuses), len(framework.levels), len(framework.programmes)) == (2, 3, 2)
    assert "# " in small_framework.read_text(encoding="utf-8").splitlines()[0]  # it carries comments
    again = run("framework", "new", "--out", str(small_framework))
    assert again.exit_code == 2 and "bestaat al" in again.output


def test_validate_lists_every_problem_with_its_path(small_framework, tmp_path):
    document = yaml.safe_load(small_framework.read_text(encoding="utf-8"))
    document["levels"][2]["score"] = 7
    document["focuses"][1]["clusters"][0]["components"][0]["id"] = "9.1"
    del document["focuses"][0]["clusters"][0]["description"]
    document["programmes"][0]["name"] = ["not", "a", "text"]
    bad = tmp_path / "fout.yaml"
    bad.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    result = run("framework", "validate", str(bad))
    assert result.exit_code == 1
    paths = {line.split(": ")[1] for line in result.output.splitlines() if line.startswith(str(bad))}
    assert {
        "levels[2].score",
        "focuses[1].clusters[0].components[0].id",
        "focuses[0].clusters[0]",
        "programmes[0].name",
    } <= paths
    assert "Traceback" not in result.output


def test_the_schema_accepts_the_builtin_framework():
    assert check_framework_file(REPO / "curriculum_map" / "data" / "framework.yaml") == []


def test_a_small_custom_framework_goes_through_template_fill_aggregate_report(small_framework, tmp_path):
    framework = load_framework(small_framework)
    out = tmp_path / "werkmappen"
    assert run("template", "--framework", str(small_framework), "--out", str(out)).exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == ["Opleiding A.xlsx", "Opleiding B.xlsx"]
    wb = openpyxl.load_workbook(out / "Opleiding A.xlsx")
    matrix = wb["Matrix"]
    validation = matrix.data_validations.dataValidation[0]
    assert offered_choices(wb, validation.formula1) == ["niet", "deels", "volledig"]
    filled = tmp_path / "in"
    filled.mkdir()
    fill_workbook(
        out / "Opleiding A.xlsx",
        filled / "a.xlsx",
        {
            ("matrix", "1.1", "level"): "volledig",
            ("matrix", "2.2", "level"): "deels",
            ("competences", "2.2.1", "level"): "Fully",
        },
        {"name": "An"},
    )
    fill_workbook(out / "Opleiding B.xlsx", filled / "b.xlsx", {("matrix", "1.1", "level"): "niet"}, {"name": "Bo"})
    report = tmp_path / "rapport"
    result = run("aggregate", str(filled), "--framework", str(small_framework), "--out", str(report))
    assert result.exit_code == 0, result.output
    rows = read_csv(report / "responses.csv")
    assert [(r["programme"], r["item_id"], r["label"], r["score"]) for r in rows] == [
        ("Opleiding A", "1.1", "volledig", "2"),
        ("Opleiding A", "2.2", "deels", "1"),
        ("Opleiding A", "2.2.1", "volledig", "2"),
        ("Opleiding B", "1.1", "niet", "0"),
    ]
    html = (report / "report.html").read_text(encoding="utf-8")
    assert "Eerste cluster" in html and "volledig" in html
    overview = openpyxl.load_workbook(report / "coverage.xlsx")["Overzicht"]
    assert overview.max_row == 4 + len(framework.components)
    assert (
        run("positions", "template", "--framework", str(small_framework), "--out", str(tmp_path / "p")).exit_code == 0
    )


@needs_shared
def test_case_export_validates_and_round_trips(tmp_path):
    schema = json.loads((SHARED / "case-v1p0-cfpackage-schema.json").read_text(encoding="utf-8"))
    out = tmp_path / "kader.case.json"
    assert run("framework", "export", "--format", "case", "--out", str(out)).exit_code == 0
    package = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.validate(package, schema)
    framework = load_framework()
    items = package["CFItems"]
    assert len(items) == len(framework.focuses) + len(framework.clusters) + len(framework.components) + 120
    competence = next(i for i in items if i["humanCodingScheme"] == "9.3.3")
    assert competence["CFItemType"] == "Competence" and competence["language"] == "nl"
    assert competence["fullStatement"] == framework.item("9.3.3").text.get("nl")
    children = [a for a in package["CFAssociations"] if a["associationType"] == "isChildOf"]
    assert len(children) == len(items) and all(isinstance(a["sequenceNumber"], int) for a in children)
    levels = package["CFRubrics"][0]["CFRubricCriteria"][0]["CFRubricCriterionLevels"]
    assert [(lv["quality"], lv["score"]) for lv in levels] == [(lv.label.get(), lv.score) for lv in framework.levels]
    assert "http" not in json.dumps({k: v for k, v in package.items()})  # identifiers are urn:uuid, no addresses
    again = tmp_path / "again.json"
    run("framework", "export", "--out", str(again))
    assert again.read_bytes() == out.read_bytes()  # deterministic (uuid5)
    back = tmp_path / "terug.yaml"
    assert run("framework", "import", "--format", "case", str(out), "--out", str(back)).exit_code == 0
    assert load_framework(back).hash == framework.hash


@needs_shared
def test_custom_framework_round_trips_through_case(small_framework):
    framework = load_framework(small_framework)
    document = import_case(export_case(framework)).document
    from curriculum_map.framework.model import build_framework

    rebuilt, problems = build_framework(document)
    assert problems == [] and rebuilt.hash == framework.hash


@needs_shared
@pytest.mark.parametrize(
    "sample",
    [
        "SmartLevelFramework.json",
        "opensalt-framework-20c5134f-423d-4097-a971-3dd5152bf507.json",
        "Utf8TestFramework.json",
    ],
)
def test_foreign_case_samples_import_with_every_item_placed(sample, tmp_path):
    out = tmp_path / "kader.yaml"
    result = run("framework", "import", "--format", "case", str(SHARED / "case-samples" / sample), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "0 niet geplaatst" in result.output
    framework = load_framework(out)
    assert framework.competences and framework.clusters
    assert check_framework_file(out) == []
    if sample.startswith("opensalt"):
        assert "sequenceNumber '1' is tekst" in result.output  # warned, and went on
        assert any(c.text.get() == "Represent proportional relationships by equations." for c in framework.competences)
        empty = [c for c in framework.clusters if not c.components[0].competences]
        assert len(empty) == 4  # standards without components are clusters of their own, not left out
    if sample.startswith("Utf8"):  # one level: a flat list of competences
        assert "het pakket heeft 1 niveau" in result.output and len(framework.competences) == 1
    explicit = run("framework", "import", str(SHARED / "case-samples" / sample), "--out", str(out), "--depths", "0,0,1")
    assert explicit.exit_code == 0
    wrong = run("framework", "import", str(SHARED / "case-samples" / sample), "--out", str(out), "--depths", "1,2,9")
    assert wrong.exit_code == 2 and "past niet" in wrong.output


def old_version(tmp_path: Path) -> Path:
    """This year's framework with competence 1.1.1 renumbered to 1.1.5 and 1.1.4 dropped: version 2026."""
    document = yaml.safe_load((REPO / "curriculum_map" / "data" / "framework.yaml").read_text(encoding="utf-8"))
    document["version"] = "2026-01-01"
    competences = document["focuses"][0]["clusters"][0]["components"][0]["competences"]
    competences[0]["id"] = "1.1.5"
    del competences[3]
    path = tmp_path / "kader-2026.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_versions_are_never_mixed_silently_and_a_crosswalk_carries_answers(fill, tmp_path):
    new_framework = old_version(tmp_path)
    old = fill(
        "sociaal-werk",
        "oud.xlsx",
        {
            ("matrix", "1.1", "level"): "geoefend",
            ("competences", "1.1.1", "level"): "goed gekaderd",
            ("competences", "1.1.4", "level"): "exemplarisch",
        },
        {"name": "Els"},
    )
    template_dir = tmp_path / "nieuw"
    run("template", "--framework", str(new_framework), "--out", str(template_dir), "--programme", "Orthopedagogie")
    fill_workbook(
        template_dir / "Orthopedagogie.xlsx",
        old.parent / "nieuw.xlsx",
        {("matrix", "1.1", "level"): "exemplarisch"},
        {"name": "Jo"},
    )
    out = tmp_path / "out"
    result = run("aggregate", str(old.parent), "--framework", str(new_framework), "--out", str(out), "--no-pictures")
    assert result.exit_code == 1
    # the workbook of the older version is named and set aside; the others make the report
    assert "Werkmappen van een andere kaderversie tellen niet mee (de andere wel)" in result.output
    assert "  oud.xlsx: onlinehulp-vlaanderen.digitale-competenties-sociaal-agogisch 2024-03-04" in result.output
    assert "  nieuw.xlsx" not in result.output
    assert "Rapport in" in result.output
    assert {r["file"] for r in read_csv(out / "responses.csv")} == {"nieuw.xlsx"}

    crosswalk = tmp_path / "crosswalk.yaml"
    crosswalk.write_text(
        'from_version: "2024-03-04"\nto_version: "2026-01-01"\nmap:\n  "1.1.1": "1.1.5"\n  "1.1.4": null\n',
        encoding="utf-8",
    )
    result = run(
        "aggregate",
        str(old.parent),
        "--framework",
        str(new_framework),
        "--out",
        str(out),
        "--no-pictures",
        "--crosswalk",
        str(crosswalk),
    )
    assert result.exit_code == 1  # the removed item is named
    rows = {(r["file"], r["item_id"]): r["label"] for r in read_csv(out / "responses.csv")}
    assert rows == {
        ("oud.xlsx", "1.1"): "geoefend",
        ("oud.xlsx", "1.1.5"): "goed gekaderd",
        ("nieuw.xlsx", "1.1"): "exemplarisch",
    }
    problems = read_csv(out / "problems.csv")
    removed = [p for p in problems if p["code"] == "item-removed"]
    assert len(removed) == 1 and removed[0]["file"] == "oud.xlsx" and '"exemplarisch"' in removed[0]["message"]
    bad = tmp_path / "fout.yaml"
    bad.write_text('from_version: "2024-03-04"\nmap: {"1.1.1": "7.7.7"}\n', encoding="utf-8")
    result = run(
        "aggregate", str(old.parent), "--framework", str(new_framework), "--out", str(out), "--crosswalk", str(bad)
    )
    assert result.exit_code == 2 and "7.7.7" in result.output


def test_english_workbooks_are_fully_english_and_aggregate_with_dutch_ones(fill, framework, tmp_path):
    programme = framework.find_programme("Orthopedagogie")
    english = write_template(framework, programme, tmp_path / "en.xlsx", TemplateOptions(lang="en"))
    wb = openpyxl.load_workbook(english)
    assert wb.sheetnames == ["Instructions", "Matrix", "Competences", "_metadata"]
    competences = wb["Competences"]
    texts = [str(c.value) for row in competences.iter_rows() for c in row if c.value]
    assert "knowing what digital exclusion and digital inclusion mean" in texts
    assert any("Being alert to the digital divide" in t for t in texts)
    assert any("Informing online" in t for t in texts)
    instructions = " ".join(str(c.value) for row in wb["Instructions"].iter_rows() for c in row if c.value)
    assert "Unofficial English translation" in instructions
    fill_workbook(
        english,
        tmp_path / "in" / "english.xlsx",
        {("matrix", "1.1", "level"): "practised", ("competences", "1.1.1", "ambition"): "well framed"},
        {"name": "Kim"},
        lang="en",
    )
    fill("orthopedagogie", "nederlands.xlsx", {("matrix", "1.1", "level"): "exemplarisch"}, {"name": "Lou"})
    out = tmp_path / "out"
    result = run("aggregate", str(tmp_path / "in"), "--out", str(out), "--no-pictures")
    assert result.exit_code == 0, result.output
    rows = [(r["respondent"], r["item_id"], r["label"], r["language"]) for r in read_csv(out / "responses.csv")]
    assert rows == [
        ("Kim", "1.1", "geoefend", "en"),
        ("Kim", "1.1.1", "goed gekaderd", "en"),
        ("Lou", "1.1", "exemplarisch", "nl"),
    ]
    en_out = tmp_path / "out-en"
    run("aggregate", str(tmp_path / "in"), "--out", str(en_out), "--lang", "en")
    html = (en_out / "report.html").read_text(encoding="utf-8")
    assert "How to read this report" in html and "Paying attention to and promoting digital inclusion" in html


def test_next_years_workbooks_are_prefilled_and_marked(fill, framework, tmp_path):
    fill(
        "sociaal-werk",
        "a.xlsx",
        {
            ("matrix", "1.1", "level"): "goed gekaderd",
            ("matrix", "1.1", "ambition"): "geoefend",
            ("competences", "2.2.1", "level"): "exemplarisch",
        },
        {"name": "A", "date": "2025-06-01"},
    )
    last_year = tmp_path / "2025"
    run("aggregate", str(tmp_path / "in"), "--out", str(last_year), "--no-pictures")
    this_year = tmp_path / "2026"
    result = run("template", "--out", str(this_year), "--prefill", str(last_year))
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(this_year / "Sociaal werk.xlsx")
    matrix = wb["Matrix"]
    header = [c.value for c in matrix[7]]
    assert header[-1] == "Vorig jaar"
    row = next(r for r in range(8, 40) if matrix.cell(r, 1).value == "1.1")
    assert (matrix.cell(row, 4).value, matrix.cell(row, 5).value) == ("goed gekaderd", "geoefend")
    assert "Overgenomen van vorig jaar (2025-06-01)" in matrix.cell(row, 8).value
    assert matrix.cell(row, 8).protection.locked is not False
    assert {r[0]: r[1] for r in wb["_metadata"].iter_rows(values_only=True)}["prefilled_from"] == "2025-06-01"
    # a lecturer who changes nothing sends back last year's answers, and they read as such
    from curriculum_map.coverage.reader import read_workbook

    reading = read_workbook(this_year / "Sociaal werk.xlsx", framework)
    assert {(a.item_id, a.field, a.level.label.get()) for a in reading.answers} == {
        ("1.1", "level", "goed gekaderd"),
        ("1.1", "ambition", "geoefend"),
        ("2.2.1", "level", "exemplarisch"),
    }
    untouched = openpyxl.load_workbook(this_year / "Orthopedagogie.xlsx")["Matrix"]
    assert untouched.cell(7, 8).value is None  # no data last year: a blank workbook
    blank = write_templates(framework, tmp_path / "blank").workbooks[0].path
    assert openpyxl.load_workbook(blank)["Matrix"].max_column == 7


def test_cluster_names_with_a_dotted_number_give_no_false_problem(tmp_path):
    """DigComp-style names ("1.1. Browsing ...") beside dotted ids: a fresh template reads clean."""
    import yaml

    from curriculum_map.coverage.reader import read_workbook
    from curriculum_map.coverage.template import write_templates
    from curriculum_map.framework import load_framework

    document = yaml.safe_load((REPO / "curriculum_map" / "data" / "framework-new.yaml").read_text(encoding="utf-8"))
    for focus in document["focuses"]:
        for cluster in focus["clusters"]:
            old = cluster["id"]
            cluster["id"] = f"{old}.1"  # DigComp numbers its competence areas 1.1, 1.2, ...
            cluster["name"] = f"{cluster['id']}. Browsing, searching and filtering data"
            cluster.pop("aliases", None)
            for component in cluster["components"]:
                component["id"] = cluster["id"] + component["id"][len(old) :]
                for competence in component["competences"]:
                    competence["id"] = cluster["id"] + competence["id"][len(old) :]
    path = tmp_path / "digcomp.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    framework = load_framework(path)
    written = write_templates(framework, tmp_path / "blank")
    for workbook in written.workbooks:
        codes = [p.code for p in read_workbook(workbook.path, framework).problems]
        assert "cluster-mismatch" not in codes
        assert codes == ["respondent-missing", "no-answers"]
