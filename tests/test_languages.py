"""Frameworks in any number of languages: --lang fr, the fallback for a language a framework lacks, CASE per language.

The framework is a small one of tests/large_framework.py (its first three clusters), with every text in
Dutch (its default language), English and French.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import jsonschema
import openpyxl
import pytest
from markupsafe import escape

from conftest import REPO, run
from curriculum_map.core.catalogue import render
from curriculum_map.core.report_files import PICTURE_COMPONENTS, picture_stem
from curriculum_map.core.texts import text
from curriculum_map.framework.case import export_case, import_case
from curriculum_map.framework.languages import choose_language
from curriculum_map.framework.model import build_framework, load_framework
from large_framework import write_large_framework
from make_examples import fill_workbook
from workbook_inspection import offered_choices

SCHEMA = REPO.parent / "shared" / "reference" / "case-v1p0-cfpackage-schema.json"
INTERFACE_NOTE = render("lang.interface", "en", language="fr")


@pytest.fixture
def three_languages(tmp_path) -> Path:
    """Three clusters, two programmes, texts in nl (the default), en and fr."""
    return write_large_framework(tmp_path / "trois.yaml", ("nl", "en", "fr"), programmes=2, clusters=3)


def sheet_texts(ws) -> list[str]:
    return [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]


def test_a_run_in_french_has_the_framework_in_french_and_the_tool_in_english(three_languages, tmp_path):
    framework = load_framework(three_languages)
    blank = tmp_path / "blank"
    result = run("template", "--framework", str(three_languages), "--out", str(blank), "--lang", "fr")
    assert result.exit_code == 0, result.output
    assert result.stderr.count(INTERFACE_NOTE) == 1  # said once
    assert result.stderr.endswith("2 workbooks written to " + str(blank) + "\n")  # the tool's own words: English
    programme = framework.programmes[0]
    path = blank / f"{programme.name.get('fr')}.xlsx"  # the file is named in French too
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Instructions", "Matrix", "Competences", "_metadata"]
    matrix = wb["Matrix"]
    headers = [c.value for c in next(r for r in matrix.iter_rows() if r[0].value == "ID")]
    assert headers[:5] == ["ID", "Cluster", "Component", "Current level", "Ambition (future)"]
    texts = sheet_texts(matrix)
    assert "1. Rechercher, évaluer et conserver l'information en ligne" in texts  # a cluster in French
    assert any(t.startswith("connaissances – ") for t in texts)  # a component kind in French
    assert offered_choices(matrix.parent, matrix.data_validations.dataValidation[0].formula1) == [
        "non abordé", "à titre d'exemple", "bien encadré", "pratiqué",
    ]  # fmt: skip
    assert any(t.startswith("Le professionnel ") for t in sheet_texts(wb["Competences"]))
    assert INTERFACE_NOTE in " ".join(sheet_texts(wb["Instructions"]))
    metadata = {row[0]: row[1] for row in wb["_metadata"].iter_rows(values_only=True)}
    assert metadata["language"] == "fr"

    # filled in French, aggregated with a Dutch workbook of the other programme
    inputs = tmp_path / "in"
    inputs.mkdir()
    component = framework.components[0].id
    fill_workbook(path, inputs / "fr.xlsx", {("matrix", component, "level"): "pratiqué"}, {"name": "Amélie"}, "fr")
    dutch = run("template", "--framework", str(three_languages), "--out", str(tmp_path / "nl"))
    assert dutch.exit_code == 0 and "lang." not in dutch.stderr and INTERFACE_NOTE not in dutch.stderr
    other = tmp_path / "nl" / f"{framework.programmes[1].name.get('nl')}.xlsx"
    fill_workbook(other, inputs / "nl.xlsx", {("matrix", component, "level"): "exemplarisch"}, {"name": "Bart"})
    out = tmp_path / "rapport"
    result = run("aggregate", str(inputs), "--out", str(out), "--lang", "fr", "--no-pictures")
    assert result.exit_code == 0, result.output
    assert result.stderr.count(INTERFACE_NOTE) == 1
    with (out / "responses.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = [(r["respondent"], r["score"], r["language"]) for r in csv.DictReader(handle)]
    assert rows == [("Amélie", "3", "fr"), ("Bart", "1", "nl")]
    page = (out / "report.html").read_text(encoding="utf-8")
    assert '<html lang="fr">' in page
    assert escape("1. Rechercher, évaluer et conserver l'information en ligne") in page
    assert text("html.guide.heading", "en") in page and text("html.guide.heading", "nl") not in page
    assert escape(INTERFACE_NOTE) in page


def test_a_language_the_framework_lacks_gives_its_default_language_with_a_note(three_languages, tmp_path):
    blank = tmp_path / "blank"
    result = run("template", "--framework", str(three_languages), "--out", str(blank), "--lang", "de")
    assert result.exit_code == 0, result.output
    note = render("lang.fallback", "nl", asked="de", available="nl, en, fr", used="nl")
    assert result.stderr.count(note) == 1
    assert result.stderr.endswith("2 werkmappen geschreven in " + str(blank) + "\n")  # all in Dutch
    workbook = next(blank.glob("*.xlsx"))
    wb = openpyxl.load_workbook(workbook)
    assert wb.sheetnames[:3] == ["Instructies", "Matrix", "Competenties"]
    assert "1. Informatie online zoeken, beoordelen en bewaren" in sheet_texts(wb["Matrix"])
    assert {row[0]: row[1] for row in wb["_metadata"].iter_rows(values_only=True)}["language"] == "nl"
    # not a language at all: a usage error, in the language of the run so far
    wrong = run("template", "--framework", str(three_languages), "--out", str(blank), "--lang", "français!")
    assert wrong.exit_code == 2 and "geen taalcode" in wrong.output


def test_choosing_the_language_of_a_run(three_languages, framework):
    three = load_framework(three_languages)
    french = choose_language(three, "fr")
    assert (french.lang, french.interface, french.available) == ("fr", "en", ("nl", "en", "fr"))
    assert [n.code for n in french.notes()] == ["lang.interface"]
    assert choose_language(three, "fr-BE").lang == "fr"  # a region finds the language
    assert [n.code for n in choose_language(three, "nl").notes()] == []
    german = choose_language(three, "de")
    assert (german.lang, german.interface, [n.code for n in german.notes()]) == ("nl", "nl", ["lang.fallback"])
    # the built-in framework has Dutch and English; English is the tool's own language too: no note
    assert [n.code for n in choose_language(framework, "en").notes()] == []
    # the tool's own texts in a language the catalogue lacks: English, file names too
    assert text("html.guide.heading", "fr") == text("html.guide.heading", "en")
    assert picture_stem(PICTURE_COMPONENTS, "fr") == picture_stem(PICTURE_COMPONENTS, "en") == "heatmap-components"


def test_a_framework_without_english_says_its_texts_stay_in_the_default_language(tmp_path):
    dutch_only = write_large_framework(tmp_path / "nl.yaml", ("nl",), programmes=1, clusters=1)
    choice = choose_language(load_framework(dutch_only), "en")
    assert (choice.lang, choice.interface) == ("en", "en")
    assert [n.code for n in choice.notes()] == ["lang.framework_fallback"]


@pytest.mark.skipif(not SCHEMA.is_file(), reason="../shared/reference is not next to this checkout")
def test_case_export_gives_a_package_per_language_linked_item_by_item(three_languages, tmp_path):
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    framework = load_framework(three_languages)
    packages = {}
    for lang in ("nl", "fr"):
        out = tmp_path / f"case-{lang}.json"
        result = run("framework", "export", "--framework", str(three_languages), "--out", str(out), "--lang", lang)
        assert result.exit_code == 0, result.output
        packages[lang] = json.loads(out.read_text(encoding="utf-8"))
        jsonschema.validate(packages[lang], schema)
    default, french = packages["nl"], packages["fr"]
    assert default == export_case(framework)  # the default language's package is what it always was
    assert (default["CFDocument"]["language"], french["CFDocument"]["language"]) == ("nl", "fr")
    assert french["CFDocument"]["title"] == "Un grand référentiel"
    assert {i["language"] for i in default["CFItems"]} == {"nl"}
    assert {i["language"] for i in french["CFItems"]} == {"fr"}
    statements = {(i["CFItemType"], i["humanCodingScheme"]): i["fullStatement"] for i in french["CFItems"]}
    assert statements["Cluster", "1"] == "Rechercher, évaluer et conserver l'information en ligne"
    assert statements["Competence", "1.1.1"].startswith("Le professionnel ")
    assert french["CFRubrics"][0]["CFRubricCriteria"][0]["CFRubricCriterionLevels"][3]["quality"] == "pratiqué"
    # own identifiers, every item an exactMatchOf the same item of the default package
    ids = {(i["CFItemType"], i["humanCodingScheme"]): i["identifier"] for i in default["CFItems"]}
    french_ids = {i["identifier"]: (i["CFItemType"], i["humanCodingScheme"]) for i in french["CFItems"]}
    assert not set(ids.values()) & set(french_ids)
    matches = [a for a in french["CFAssociations"] if a["associationType"] == "exactMatchOf"]
    assert len(matches) == len(french["CFItems"]) == len(default["CFItems"])
    for match in matches:
        code = french_ids[match["originNodeURI"]["identifier"]]
        assert match["destinationNodeURI"]["identifier"] == ids[code]
    children = [a for a in french["CFAssociations"] if a["associationType"] == "isChildOf"]
    assert len(children) == len([a for a in default["CFAssociations"] if a["associationType"] == "isChildOf"])
    # each package keeps every language: importing either gives the same framework back
    for package in (default, french):
        back, problems = build_framework(import_case(package).document)
        assert problems == [] and back is not None and back.hash == framework.hash
        assert back.competences[0].text.values.keys() == {"nl", "en", "fr"}
    # only a typed --lang changes the package: CURRICULUM_MAP_LANG does not (identifiers depend on it)
    env_out = tmp_path / "case-env.json"
    run(
        "framework",
        "export",
        "--framework",
        str(three_languages),
        "--out",
        str(env_out),
        env={"CURRICULUM_MAP_LANG": "en"},
    )
    assert json.loads(env_out.read_text(encoding="utf-8")) == default
