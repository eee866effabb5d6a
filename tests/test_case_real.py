"""More real CASE packages nobody here wrote, imported, checked, put in a workbook and exported back.

Each package is described in tests/data/case/README.md (where it comes from, what it holds). For each: the import
exits 0, every CFItem is placed where the summary says, and the export gives back every item (same identifier, same
properties), every association and the CFDocument, valid against the CASE 1.0 schema.
"""

from __future__ import annotations

import json

import jsonschema
import openpyxl
import pytest
import yaml
from test_case import DATA, SCHEMA, comparable, import_package, load, run, summary

from curriculum_map.framework.check import check_framework_file
from curriculum_map.framework.model import load_framework

DOK = DATA / "smarterbalanced-dok.json"
ITEM_TYPES = DATA / "smarterbalanced-item-types.json"
ORDERING = DATA / "opensalt-test-framework-ordering.json"

# what went where, as the import's summary counts it
EXPECTED = {
    ITEM_TYPES: {
        "items": 19,
        "placed": 19,
        "unplaced": 0,
        "associations": 19,
        "focus": 0,
        "cluster": 0,
        "competence": 19,
        "other": 0,
        "orphan": 0,
    },
    ORDERING: {
        "items": 65,
        "placed": 65,
        "unplaced": 0,
        "associations": 65,
        "focus": 3,
        "cluster": 9,
        "competence": 52,
        "other": 1,
        "orphan": 0,
    },
}
REAL = list(EXPECTED)


def with_programme(framework_file, out):
    document = yaml.safe_load(framework_file.read_text(encoding="utf-8"))
    document["programmes"] = [{"id": "bio", "name": "Biology teacher education"}]
    out.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return out


@pytest.mark.parametrize("source", REAL, ids=lambda p: p.stem)
def test_every_item_of_a_real_package_is_placed_where_the_summary_says(source, tmp_path):
    out = tmp_path / "kader.yaml"
    result = import_package(source, out)
    assert result.exit_code == 0, result.output
    counts = summary(result.output)
    assert counts == EXPECTED[source]
    assert sum(counts[r] for r in ("focus", "cluster", "competence", "other", "orphan")) == len(load(source)["CFItems"])
    assert check_framework_file(out) == []
    framework = load_framework(out)
    # every item is a focus, cluster or row of the framework, with its source identifier
    identifiers = [
        node.raw_case_identifier
        for node in _framework_items(yaml.safe_load(out.read_text(encoding="utf-8")))
        if node.raw_case_identifier
    ]
    assert sorted(identifiers) == sorted(item["identifier"] for item in load(source)["CFItems"])
    assert framework.programmes == ()


@pytest.mark.parametrize("source", REAL, ids=lambda p: p.stem)
def test_a_real_package_comes_back_whole_and_schema_valid(source, tmp_path):
    package = load(source)
    out = tmp_path / "kader.yaml"
    assert import_package(source, out).exit_code == 0
    exported = tmp_path / "terug.json"
    assert run("framework", "export", "--framework", out, "--out", exported).exit_code == 0
    back = load(exported)
    if SCHEMA.is_file():
        jsonschema.validate(back, load(SCHEMA))
    assert {i["identifier"]: i for i in back["CFItems"]} == {i["identifier"]: i for i in package["CFItems"]}
    assert len(back["CFItems"]) == len(package["CFItems"])
    assert {a["identifier"]: a for a in back["CFAssociations"]} == {
        a["identifier"]: comparable(a) for a in package["CFAssociations"]
    }
    assert len(back["CFAssociations"]) == len(package["CFAssociations"])
    assert {k: v for k, v in back["CFDocument"].items() if k != "curriculumMap"} == package["CFDocument"]
    assert back["CFDefinitions"] == package["CFDefinitions"]
    assert "CFRubrics" not in back  # the package has none; the built-in legend put in for want of one stays out


@pytest.mark.parametrize("source", REAL, ids=lambda p: p.stem)
def test_a_real_package_gives_a_workbook_with_every_row(source, tmp_path):
    out = tmp_path / "kader.yaml"
    assert import_package(source, out).exit_code == 0
    framework_file = with_programme(out, tmp_path / "met-opleiding.yaml")
    result = run("template", "--framework", framework_file, "--out", tmp_path / "wb", "--lang", "en")
    assert result.exit_code == 0, result.output
    (workbook,) = (tmp_path / "wb").glob("*.xlsx")
    sheet = openpyxl.load_workbook(workbook)["Competences"]
    ids = {str(row[0]) for row in sheet.iter_rows(values_only=True) if row and row[0]}
    competences = [x.id for x in load_framework(framework_file).competences]
    assert competences and set(competences) <= ids


def test_a_flat_vocabulary_is_one_list_in_the_order_of_its_sequence_numbers(tmp_path):
    """Smarter Balanced's item types: one level, 17 items without a CFItemType, 2 'Item Type', two without a
    sequenceNumber (they come last, in file order)."""
    out = tmp_path / "types.yaml"
    result = import_package(ITEM_TYPES, out, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "the package has 1 level" in result.output
    assert "competence: 19 (no type 17, Item Type 2)" in result.output
    framework = load_framework(out)
    (focus,) = framework.focuses
    (cluster,) = focus.clusters
    assert focus.name.get() == cluster.name.get() == "Item Type/Response Type"
    rows = [x.short.get() if x.short else x.text.get() for x in cluster.components[0].competences]
    assert rows[:5] == [
        "Multiple Choice, single correct response",
        "Multiple Choice, multiple correct response",
        "Hot Text, select text",
        "Equation/Numeric",
        "Equation/Numeric (2 response boxes)",
    ]
    assert rows[-3:] == ["Drop-Down Menu", "Evidence-based Select Response", "Hot Text, reorder text"]
    # only competences asked for by type, and no type for clusters: everything is kept, in the visible group
    typed = import_package(ITEM_TYPES, tmp_path / "typed.yaml", "--lang", "en", "--types", "Item Type=competence")
    assert typed.exit_code == 0, typed.output
    assert "in 'Other items › Items without a cluster': 19 (no type 17, Item Type 2)" in typed.output


def test_a_deep_uneven_test_framework_keeps_its_chain_and_its_numeric_order(tmp_path):
    """OpenSALT's ordering test: six levels, a chain F > F.2 > F.2.1 > F.2.2 > F.1.3 > F.2.3, codes that sort
    wrongly as text (L1.10 before L1.2) and a level-1 item without children."""
    out = tmp_path / "ordering.yaml"
    result = import_package(ORDERING, out, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "in 'Other items › Items without a cluster': 1 (no type 1)" in result.output
    framework = load_framework(out)
    by_code = {x.code: x for x in framework.competences}
    assert by_code["F.2.3"].subtheme.get() == "3 Test › 4 Test › New Class"
    level_1 = [x.code for x in framework.competences if x.code.startswith("H.A.SCI.CSC.C.CE.L1.")]
    assert level_1 == [f"H.A.SCI.CSC.C.CE.L1.{n}" for n in (1, 2, 3, 4, 5, 6, 8, 9, *range(10, 21))]
    assert framework.focuses[-1].clusters[0].components[0].competences[0].code == "H.A.SCI.SCP"


def test_empty_texts_as_opensalt_writes_them_come_back_empty(tmp_path):
    """OpenSALT writes "abbreviatedStatement": "" for an item without a short name (42 of the 65 items here); the
    export used to leave the property out, so the item no longer equalled the source's."""
    source = load(ORDERING)
    assert sum(1 for item in source["CFItems"] if item["abbreviatedStatement"] == "") == 42
    out = tmp_path / "ordering.yaml"
    assert import_package(ORDERING, out).exit_code == 0
    exported = tmp_path / "terug.json"
    assert run("framework", "export", "--framework", out, "--out", exported).exit_code == 0
    back = {item["identifier"]: item for item in load(exported)["CFItems"]}
    for item in source["CFItems"]:
        assert back[item["identifier"]].get("abbreviatedStatement") == item["abbreviatedStatement"]


def test_edits_to_texts_the_package_wrote_unusually_still_travel(tmp_path):
    """A text kept as the package wrote it (with a trailing space, or empty) stays so only while it is unchanged."""
    out = tmp_path / "ordering.yaml"
    assert import_package(ORDERING, out).exit_code == 0
    document = yaml.safe_load(out.read_text(encoding="utf-8"))
    rows = {row.get("code"): row for row in _rows(document)}
    clusters = {c.get("code"): c for f in document["focuses"] for c in f["clusters"]}
    trailing = rows["H.A.SCI.CSC.C.CE.L1.11"]
    assert trailing["case"]["fullStatement"].endswith("invisible. ")  # kept: what is shown is stripped
    trailing["text"] = "Understand that light energy is recognised by the emission of light."
    clusters["F.1"]["short"] = "Semi 1"  # had "abbreviatedStatement": ""
    del rows["M.E.C1"]["code"]  # the code taken away
    out.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
    exported = tmp_path / "terug.json"
    assert run("framework", "export", "--framework", out, "--out", exported).exit_code == 0
    back = {item.get("humanCodingScheme", item["fullStatement"]): item for item in load(exported)["CFItems"]}
    assert back["H.A.SCI.CSC.C.CE.L1.11"]["fullStatement"] == trailing["text"]
    assert back["F.1"]["abbreviatedStatement"] == "Semi 1"
    assert "Exponent 1" in back and "humanCodingScheme" not in back["Exponent 1"]
    source = {item["identifier"]: item for item in load(ORDERING)["CFItems"]}
    changed = {i for i, item in ((item["identifier"], item) for item in back.values()) if item != source[i]}
    assert len(changed) == 3  # the three edited items, and no other
    if SCHEMA.is_file():
        jsonschema.validate(load(exported), load(SCHEMA))
    # and the edited package, imported and exported again, stays as it is
    again, twice = tmp_path / "again.yaml", tmp_path / "twice.json"
    assert import_package(exported, again).exit_code == 0
    assert run("framework", "export", "--framework", again, "--out", twice).exit_code == 0
    assert sorted(load(twice)["CFItems"], key=lambda i: i["identifier"]) == sorted(
        load(exported)["CFItems"], key=lambda i: i["identifier"]
    )


# -- helpers ------------------------------------------------------------------------------------------------------


class _Found:
    def __init__(self, raw: dict) -> None:
        case = raw.get("case") if isinstance(raw.get("case"), dict) else {}
        self.raw_case_identifier = None if case.get("added_by_import") else case.get("identifier")


def _framework_items(document: dict):
    for focus in document["focuses"]:
        yield _Found(focus)
        for cluster in focus["clusters"]:
            yield _Found(cluster)
            for component in cluster["components"]:
                yield _Found(component)
                for row in component.get("competences") or []:
                    yield _Found(row)


def _rows(document: dict):
    for focus in document["focuses"]:
        for cluster in focus["clusters"]:
            for component in cluster["components"]:
                yield from component.get("competences") or []


def test_the_new_packages_are_described_in_the_readme():
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    for source in REAL:
        assert source.name in readme
        json.loads(source.read_text(encoding="utf-8"))  # plain JSON, as published or converted


def test_nulls_as_a_case_1_1_server_writes_them_are_left_out_of_the_export(tmp_path):
    """OpenCASE (1EdTech's CASE 1.1 server) writes null for every property without a value; CASE 1.0 has none."""
    package = load(DOK)
    for key in ("frameworkType", "officialSourceURL", "statusStartDate"):
        package["CFDocument"].setdefault(key, None)
    for item in package["CFItems"]:
        for key in ("listEnumeration", "conceptKeywords", "licenseURI"):
            item.setdefault(key, None)
    for association in package["CFAssociations"]:
        association.setdefault("CFAssociationGroupingURI", None)
    source = tmp_path / "opencase.json"
    source.write_text(json.dumps({"CFPackage": package}), encoding="utf-8")
    out = tmp_path / "kader.yaml"
    result = import_package(source, out)
    assert result.exit_code == 0, result.output
    exported = tmp_path / "terug.json"
    assert run("framework", "export", "--framework", out, "--out", exported).exit_code == 0
    back = load(exported)
    if SCHEMA.is_file():
        jsonschema.validate(back, load(SCHEMA))
    plain = load(DOK)
    assert {i["identifier"]: i for i in back["CFItems"]} == {i["identifier"]: i for i in plain["CFItems"]}
    assert {a["identifier"]: a for a in back["CFAssociations"]} == {
        a["identifier"]: comparable(a) for a in plain["CFAssociations"]
    }
    assert {k: v for k, v in back["CFDocument"].items() if k != "curriculumMap"} == plain["CFDocument"]
