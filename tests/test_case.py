"""CASE packages of others, imported and exported faithfully: every item placed, identifiers and associations kept."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import REPO, run
from curriculum_map.framework.check import check_framework_file
from curriculum_map.framework.model import load_framework

DATA = REPO / "tests" / "data" / "case"
SHARED = REPO.parent / "shared" / "reference"
SCHEMA = SHARED / "case-v1p0-cfpackage-schema.json"
needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/reference is not next to this checkout")

ELA = DATA / "smarterbalanced-ela-g3-c1-t1.json"
DOK = DATA / "smarterbalanced-dok.json"
OPENSALT = SHARED / "case-samples" / "opensalt-framework-20c5134f-423d-4097-a971-3dd5152bf507.json"
PACKAGES = [
    ELA,
    DOK,
    OPENSALT,
    SHARED / "case-samples" / "SmartLevelFramework.json",
    SHARED / "case-samples" / "Utf8TestFramework.json",
]


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8-sig"))


def import_package(source: Path, out: Path, *options: str):
    result = run("framework", "import", source, "--out", out, *options)
    return result


def summary(output: str) -> dict[str, int]:
    """The counts of the import's summary: items read, placed, not placed, associations kept, and per role."""
    found = re.search(
        r"([\d.]+) items? gelezen, (\d+) geplaatst, (\d+) niet geplaatst; ([\d.]+) associaties? bewaard", output
    )
    assert found, output
    numbers = [int(n.replace(".", "")) for n in found.groups()]  # 1.250 in Dutch
    counts = dict(zip(("items", "placed", "unplaced", "associations"), numbers, strict=True))
    for role, label in (("focus", "focus"), ("cluster", "cluster"), ("competence", "competentie")):
        counts[role] = int(re.search(rf"^  {label}: (\d+)", output, re.M).group(1))
    other = re.search(r"^  in 'Overige items › Items zonder cluster': (\d+)", output, re.M)
    orphan = re.search(r"^  in 'Overige items › Buiten de hiërarchie': (\d+)", output, re.M)
    counts["other"] = int(other.group(1)) if other else 0
    counts["orphan"] = int(orphan.group(1)) if orphan else 0
    return counts


def comparable(association: dict) -> dict:
    """An association as the source meant it: a sequenceNumber written as text is the number it spells."""
    association = dict(association)
    if isinstance(association.get("sequenceNumber"), str):
        association["sequenceNumber"] = int(association["sequenceNumber"])
    return association


@needs_shared
@pytest.mark.parametrize("source", PACKAGES, ids=lambda p: p.stem[:30])
def test_import_then_export_keeps_every_item_identifier_and_association(source, tmp_path):
    package = load(source)
    framework_file = tmp_path / "kader.yaml"
    result = import_package(source, framework_file)
    assert result.exit_code == 0, result.output
    counts = summary(result.output)
    assert counts["items"] == counts["placed"] == len(package["CFItems"]) and counts["unplaced"] == 0
    assert counts["associations"] == len(package["CFAssociations"])
    assert sum(counts[r] for r in ("focus", "cluster", "competence", "other", "orphan")) == counts["placed"]
    assert check_framework_file(framework_file) == []
    framework = load_framework(framework_file)
    assert framework.programmes == ()

    exported = tmp_path / "terug.json"
    assert run("framework", "export", "--framework", framework_file, "--out", exported).exit_code == 0
    back = load(exported)
    jsonschema.validate(back, load(SCHEMA))
    source_items = {item["identifier"]: item for item in package["CFItems"]}
    back_items = {item["identifier"]: item for item in back["CFItems"]}
    assert len(back["CFItems"]) == len(package["CFItems"])  # no item added, none lost
    assert back_items == source_items  # same identifiers, same properties
    source_associations = {a["identifier"]: comparable(a) for a in package["CFAssociations"]}
    back_associations = {a["identifier"]: a for a in back["CFAssociations"]}
    assert len(back["CFAssociations"]) == len(package["CFAssociations"])
    assert back_associations == source_associations
    assert Counter(a["associationType"] for a in back["CFAssociations"]) == Counter(
        a["associationType"] for a in package["CFAssociations"]
    )
    document = {k: v for k, v in back["CFDocument"].items() if k != "curriculumMap"}
    assert document == package["CFDocument"]


def test_an_assessment_specification_of_uneven_depth_goes_where_the_summary_says(tmp_path):
    out = tmp_path / "ela.yaml"
    result = import_package(ELA, out)
    assert result.exit_code == 0, result.output
    counts = summary(result.output)
    assert counts == {
        "items": 37,
        "placed": 37,
        "unplaced": 0,
        "associations": 56,
        "focus": 3,
        "cluster": 6,
        "competence": 27,
        "other": 1,
        "orphan": 0,
    }
    assert "(exactMatchOf 2, isChildOf 37, isRelatedTo 17)" in result.output
    assert "waarvan 3 competenties onder een andere competentie" in result.output
    assert "in 'Overige items › Items zonder cluster': 1 (Clarification 1)" in result.output
    assert "samengevoegd" not in result.output  # nothing is dropped, so nothing is said to be merged
    framework = load_framework(out)
    target = framework.focuses[0]
    assert (target.code, target.short.get()) == ("E.G3.C1RL.T1", "Key Details")
    assert target.name.get().startswith("Given an inference or conclusion")
    skill = target.clusters[0]
    assert skill.code == "E.G3.C1RL.T1.RL.3.1"
    # items between the cluster and the deepest level are rows, the rows below them carry their name
    general = next(c for c in framework.clusters if c.name.get() == "General Item Information")
    rows = [(x.short.get() if x.short else x.text.get(), x.subtheme.get()) for x in general.components[0].competences]
    assert rows[:3] == [
        ("Stimulus Information", "General Item Information"),
        ("Stimuli/Passages", "Stimulus Information"),
        ("Dual-Text Stimuli", "Stimulus Information"),
    ]
    assert len(rows) == 8
    document = yaml.safe_load(out.read_text(encoding="utf-8"))
    kept = document["case"]
    assert len(kept["associations"]) == 56 and kept["placement"] == {"depths": [1, 2, 4]}
    task_model = document["focuses"][2]["clusters"][0]
    assert task_model["case"]["CFItemType"] == "Task Model"
    assert task_model["case"]["educationLevel"] == ["03"]
    assert task_model["case"]["identifier"] == "85f4b2a6-cc76-11e7-b913-f5b8cabca6e9"
    assert task_model["components"][0]["case"] == {"added_by_import": True}


def test_a_two_level_depth_of_knowledge_scheme_becomes_clusters_of_one_focus(tmp_path):
    out = tmp_path / "dok.yaml"
    result = import_package(DOK, out, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "the package has 2 levels" in result.output
    framework = load_framework(out)
    assert [f.name.get() for f in framework.focuses] == [
        "Norm Webb's Depth of Knowledge [DOK] Levels of Cognitive Difficulty"
    ]
    assert [c.name.get() for c in framework.clusters] == ["Reading", "Writing", "Math"]
    reading = framework.clusters[0].components[0].competences
    assert [(x.code, x.short.get()) for x in reading] == [
        ("R-DOK1", "Level 1: Recall and Reproduction"),
        ("R-DOK2", "Level 2: Skills and Concepts"),
        ("R-DOK3", "Level 3: Strategic Thinking"),
        ("R-DOK4", "Level 4: Extended Thinking"),
    ]


def test_an_exported_import_imports_back_to_the_same_framework(tmp_path):
    first = tmp_path / "ela.yaml"
    assert import_package(ELA, first).exit_code == 0
    document = yaml.safe_load(first.read_text(encoding="utf-8"))
    document["programmes"] = [{"id": "lo", "name": "Lerarenopleiding"}]
    first.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
    exported = tmp_path / "ela.json"
    assert run("framework", "export", "--framework", first, "--out", exported).exit_code == 0
    again = tmp_path / "again.yaml"
    result = import_package(exported, again)
    assert result.exit_code == 0, result.output
    assert load_framework(again).hash == load_framework(first).hash  # programmes and legend came back too


def test_items_added_or_removed_after_the_import_are_exported_as_such(tmp_path):
    out = tmp_path / "dok.yaml"
    assert import_package(DOK, out).exit_code == 0
    document = yaml.safe_load(out.read_text(encoding="utf-8"))
    reading = document["focuses"][0]["clusters"][0]
    rows = reading["components"][0]["competences"]
    removed = rows.pop(3)["case"]["identifier"]  # R-DOK4
    rows.append({"id": "1.1.9", "text": "Level 5: invented here", "code": "R-DOK5"})
    out.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
    exported = tmp_path / "dok.json"
    assert run("framework", "export", "--framework", out, "--out", exported).exit_code == 0
    back = load(exported)
    source = load(DOK)
    identifiers = {item["identifier"] for item in back["CFItems"]}
    assert removed not in identifiers and len(identifiers) == len(source["CFItems"])
    new = next(item for item in back["CFItems"] if item.get("humanCodingScheme") == "R-DOK5")
    assert new["fullStatement"] == "Level 5: invented here" and new["identifier"] not in {
        i["identifier"] for i in source["CFItems"]
    }
    parent = next(a for a in back["CFAssociations"] if a["originNodeURI"]["identifier"] == new["identifier"])
    assert parent["associationType"] == "isChildOf"
    assert parent["destinationNodeURI"]["identifier"] == reading["case"]["identifier"]  # Reading, not the grouping
    assert not any(
        removed in (a["originNodeURI"]["identifier"], a["destinationNodeURI"]["identifier"])
        for a in back["CFAssociations"]
    )
    if SCHEMA.is_file():
        jsonschema.validate(back, load(SCHEMA))


def orphan_package() -> dict:
    def item(identifier: str, statement: str, **extra) -> dict:
        return {"identifier": identifier, "uri": f"urn:uuid:{identifier}", "fullStatement": statement, **extra}

    def child(identifier: str, origin: str, destination: str) -> dict:
        return {
            "identifier": identifier,
            "uri": f"urn:uuid:{identifier}",
            "associationType": "isChildOf",
            "originNodeURI": {"title": origin, "identifier": origin, "uri": f"urn:uuid:{origin}"},
            "destinationNodeURI": {"title": destination, "identifier": destination, "uri": f"urn:uuid:{destination}"},
            "lastChangeDateTime": "2024-01-01T00:00:00+00:00",
        }

    doc = "d0000000-0000-0000-0000-000000000000"
    ids = [f"00000000-0000-0000-0000-00000000000{i}" for i in range(8)]
    return {
        "CFDocument": {
            "identifier": doc,
            "uri": f"urn:uuid:{doc}",
            "creator": "me",
            "title": "Orphans",
            "language": "nl",
        },
        "CFItems": [
            item(ids[0], "Domein"),
            item(ids[1], "Cluster"),
            item(ids[2], "Competentie"),
            item(ids[3], "Wees zonder ouder"),
            item(ids[4], "Kind van de wees"),
            item(ids[5], "Kring A"),
            item(ids[6], "Kring B"),
            {"fullStatement": "zonder identifier"},
        ],
        "CFAssociations": [
            child("a0000000-0000-0000-0000-000000000000", ids[0], doc),
            child("a0000000-0000-0000-0000-000000000001", ids[1], ids[0]),
            child("a0000000-0000-0000-0000-000000000002", ids[2], ids[1]),
            child("a0000000-0000-0000-0000-000000000004", ids[4], ids[3]),
            child("a0000000-0000-0000-0000-000000000005", ids[5], ids[6]),
            child("a0000000-0000-0000-0000-000000000006", ids[6], ids[5]),
        ],
    }


def test_orphans_and_cycles_are_kept_in_a_visible_group_and_an_unplaceable_item_fails_the_import(tmp_path):
    source = tmp_path / "orphans.json"
    source.write_text(json.dumps(orphan_package()), encoding="utf-8")
    out = tmp_path / "kader.yaml"
    result = import_package(source, out)
    assert result.exit_code == 1, result.output  # one item could not be placed: no identifier
    assert "CFItems[7] heeft geen identifier; dit item kon niet geplaatst worden" in result.output
    counts = summary(result.output)
    assert (counts["items"], counts["placed"], counts["unplaced"]) == (8, 7, 1)
    assert (counts["focus"], counts["cluster"], counts["competence"], counts["orphan"]) == (1, 1, 1, 4)
    framework = load_framework(out)  # written all the same: everything else is in it
    group = framework.focuses[-1]
    assert group.name.get() == "Overige items"
    assert [
        (x.text.get(), x.subtheme.get() if x.subtheme else None) for x in group.clusters[0].components[0].competences
    ] == [
        ("Wees zonder ouder", "Buiten de hiërarchie"),
        ("Kind van de wees", "Wees zonder ouder"),
        ("Kring A", "Buiten de hiërarchie"),
        ("Kring B", "Kring A"),
    ]
    exported = tmp_path / "terug.json"
    assert run("framework", "export", "--framework", out, "--out", exported).exit_code == 0
    back = load(exported)
    assert len(back["CFItems"]) == 7 and len(back["CFAssociations"]) == 6  # the orphan gets no parent it never had


def test_a_wrapped_package_with_a_byte_order_mark_reads_like_a_plain_one(tmp_path):
    wrapped = tmp_path / "wrapped.json"
    wrapped.write_text(json.dumps({"CFPackage": load(DOK)}), encoding="utf-8-sig")
    assert wrapped.read_bytes().startswith(b"\xef\xbb\xbf")
    plain, other = tmp_path / "plain.yaml", tmp_path / "wrapped.yaml"
    assert import_package(DOK, plain).exit_code == 0
    result = import_package(wrapped, other)
    assert result.exit_code == 0, result.output
    assert load_framework(other).hash == load_framework(plain).hash


@needs_shared
def test_types_choose_focus_cluster_and_competence_instead_of_depths(tmp_path):
    out = tmp_path / "typed.yaml"
    result = import_package(OPENSALT, out, "--types", "Cluster=focus,Standard=cluster,Component=competence")
    assert result.exit_code == 0, result.output
    counts = summary(result.output)
    assert (counts["focus"], counts["cluster"], counts["competence"]) == (2, 6, 8)
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["case"]["placement"] == {
        "types": {"Cluster": "focus", "Standard": "cluster", "Component": "competence"}
    }
    typo = import_package(OPENSALT, out, "--types", "Standaard=cluster")
    assert typo.exit_code == 2 and "Standaard" in typo.output and "Standard" in typo.output
    bad = import_package(OPENSALT, out, "--types", "Standard=row")
    assert bad.exit_code == 2 and "--types verwacht" in bad.output


def test_the_import_warns_about_missing_programmes_and_legend_and_template_refuses_then(tmp_path):
    out = tmp_path / "dok.yaml"
    result = import_package(DOK, out)
    assert "het kader heeft nog geen opleidingen" in result.output
    assert "het pakket heeft geen legende (CFRubric)" in result.output
    for lang, words in (("nl", "heeft geen opleidingen"), ("en", "has no programmes")):
        refused = run("template", "--framework", out, "--out", tmp_path / "wb", "--lang", lang)
        assert refused.exit_code == 2 and words in refused.output and "programmes:" in refused.output
        assert "Traceback" not in refused.output
    assert not (tmp_path / "wb").exists()


def test_the_summary_speaks_the_language_asked_for(tmp_path):
    from test_messages import foreign_words

    for lang in ("nl", "en"):
        result = run("framework", "import", DOK, "--out", tmp_path / "dok.yaml", "--lang", lang)
        assert result.exit_code == 0, result.output
        assert foreign_words(result.output, lang, tmp_path, DOK) == set(), result.output
