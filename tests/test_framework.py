from __future__ import annotations

import copy
import json
import re

import pytest
import yaml

from conftest import run
from curriculum_map.framework.model import (
    FrameworkError,
    build_framework,
    builtin_framework_path,
    load_framework,
)
from seed_text import read_seed_competences, read_seed_focuses, read_seed_positions, seed_file


def raw_document() -> dict:
    return yaml.safe_load(builtin_framework_path().read_text(encoding="utf-8"))


def test_shape_of_the_builtin_framework(framework):
    assert [len(framework.focuses), len(framework.clusters), len(framework.components)] == [3, 9, 27]
    assert len(framework.competences) == 120
    assert [c.id for c in framework.clusters] == [str(i) for i in range(1, 10)]
    for cluster in framework.clusters:
        assert [k.id for k in cluster.components] == [f"{cluster.id}.{i}" for i in (1, 2, 3)]
        assert [k.kind.id for k in cluster.components] == ["kennis", "vaardigheden", "attitudes"]
    assert [(lv.label.get(), lv.score) for lv in framework.levels] == [
        ("komt niet aan bod", 0),
        ("exemplarisch", 1),
        ("goed gekaderd", 2),
        ("geoefend", 3),
    ]
    assert all(lv.description.get("nl") and lv.description.get("en") for lv in framework.levels)
    assert [p.name.get() for p in framework.programmes] == [
        "Gezinswetenschappen",
        "Orthopedagogie",
        "Pedagogie van het jonge kind",
        "Sociale readaptatiewetenschappen",
        "Sociaal werk",
        "Toegepaste psychologie",
    ]
    assert [p.name.get() for p in framework.positions] == [
        "Beginner",
        "Hulpverlener met ervaring",
        "Pionier",
        "Gangmaker",
    ]
    assert all(p.description.get() for p in framework.positions)
    assert re.fullmatch(r"[0-9a-f]{64}", framework.hash)


@pytest.mark.skipif(seed_file() is None, reason="the shared seed text is not next to this checkout")
def test_every_competence_text_is_the_seeds():
    seed = read_seed_competences(seed_file())
    framework = load_framework()
    ours = {
        c.id: {"text": c.text.get("nl"), "subtheme": c.subtheme.get("nl") if c.subtheme else None}
        for c in framework.competences
    }
    assert ours == seed


@pytest.mark.skipif(seed_file() is None, reason="the shared seed text is not next to this checkout")
def test_positions_and_focuses_use_the_seeds_own_words(framework):
    """The workbooks and reports say the framework's words (docs/positions.md), line for line, typos kept."""
    seed = read_seed_positions(seed_file())
    assert list(seed) == ["Beginner", "Hulpverleners met ervaring", "Pioniers", "Gangmaker"]
    for position, (name, description) in zip(framework.positions, seed.items(), strict=True):
        assert name in (position.name.get("nl"), *position.aliases)
        assert position.description.get("nl") == description
    assert framework.positions[0].description.get("nl").endswith("nog niet aan bod kunnen komen.")
    for focus, words in zip(framework.focuses, read_seed_focuses(seed_file()), strict=True):
        assert focus.description.get("nl") == words["description"]
        assert focus.explanation is not None and focus.explanation.get("nl") == words["explanation"]


def test_decisions_on_the_seeds_contradictions(framework):
    names = {c.id: c.name.get() for c in framework.clusters}
    assert names["7"] == "Probleemoplossend (mee) blended agogisch handelen vormgeven"
    assert names["8"] == "Constructief kritisch blended hulp bieden evalueren"
    cluster8 = framework.cluster_of("8.1")
    assert "Constructief kritisch blended hulp evalueren" in cluster8.aliases
    assert "monitoringtools" in cluster8.description.get()
    assert [x.id for x in framework.item("6.2").competences] == [f"6.2.{i}" for i in range(1, 6)]
    assert [x.id for x in framework.item("6.3").competences] == ["6.3.1", "6.3.2"]
    assert not any(x.text.get().strip(" .…") == "" for x in framework.competences)
    with_subtheme = {x.id for x in framework.competences if x.subtheme is not None}
    assert with_subtheme == {x.id for x in framework.competences if x.id.startswith("5.")}


def test_hash_ignores_layout_but_not_content(tmp_path):
    document = raw_document()
    reformatted = tmp_path / "reformatted.json"
    reformatted.write_text(json.dumps(document, indent=1, sort_keys=True), encoding="utf-8")
    assert load_framework(reformatted).hash == load_framework().hash
    document["focuses"][0]["clusters"][0]["components"][0]["competences"][0]["text"]["nl"] += "!"
    changed = tmp_path / "changed.yaml"
    changed.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    assert load_framework(changed).hash != load_framework().hash


@pytest.mark.parametrize(
    ("mutate", "path", "fragment"),
    [
        (
            lambda d: d["focuses"][0]["clusters"][0]["components"][0]["competences"][1].update(id="1.1.1"),
            "focuses[0].clusters[0].components[0].competences[1].id",
            "twee keer",
        ),
        (
            lambda d: d["focuses"][0]["clusters"][1]["components"][0].update(id="3.1"),
            "focuses[0].clusters[1].components[0].id",
            "moet dus met '2.' beginnen",
        ),
        (
            lambda d: d["focuses"][1]["clusters"][0]["components"].pop(),
            "focuses[1].clusters[0].components",
            "verwacht precies 3",
        ),
        (lambda d: d["levels"][1].update(score=5), "levels[1].score", "verwacht 1"),
        (
            lambda d: d["focuses"][2]["clusters"][2]["components"][1]["competences"][0].pop("text"),
            "focuses[2].clusters[2].components[1].competences[0].text",
            "ontbreekt",
        ),
    ],
)
def test_invalid_files_name_the_offending_entry(tmp_path, mutate, path, fragment):
    document = copy.deepcopy(raw_document())
    mutate(document)
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    with pytest.raises(FrameworkError) as caught:
        load_framework(bad)
    assert any(p.path == path and fragment in p.message for p in caught.value.problems), caught.value.problems
    assert str(bad) in str(caught.value)


def test_every_problem_is_collected_not_just_the_first():
    document = raw_document()
    document["levels"][1]["score"] = 3  # the first level may have any score, the next one must follow it
    document["focuses"][0]["clusters"][0]["id"] = "2"
    framework, problems = build_framework(document)
    assert framework is None
    assert {p.path for p in problems} >= {"levels[1].score", "focuses[0].clusters[1].id"}


def test_show_json_has_the_documented_shape():
    result = run("framework", "show", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert {"id", "version", "hash", "levels", "programmes", "positions", "focuses"} <= set(data)
    assert data["levels"][2] == {"label": "goed gekaderd", "score": 2, "description": data["levels"][2]["description"]}
    clusters = [c for f in data["focuses"] for c in f["clusters"]]
    components = [k for c in clusters for k in c["components"]]
    competences = [x for k in components for x in k["competences"]]
    assert (len(data["focuses"]), len(clusters), len(components), len(competences)) == (3, 9, 27, 120)
    assert {"id", "name", "description", "components"} <= set(clusters[0])
    assert set(components[0]) >= {"id", "kind", "competences"}
    assert set(competences[0]) >= {"id", "text", "subtheme"}
    assert competences[0] == {
        "id": "1.1.1",
        "text": "weten wat digitale uitsluiting en digitale inclusie inhouden",
        "subtheme": None,
    }


def test_show_text_lists_every_competence():
    result = run("framework", "show")
    assert result.exit_code == 0
    assert "9.3.3 nieuwe technologie (ook) met kritische zin" in result.output
    assert "[Online communiceren]" in result.output
    assert result.output.rstrip().endswith("3 focussen, 9 clusters, 27 componenten, 120 competenties")


def test_invalid_framework_file_is_one_line_and_exit_2(tmp_path):
    bad = tmp_path / "kader.yaml"
    bad.write_text("id: x\nfocuses: [\n", encoding="utf-8")
    result = run("framework", "show", "--framework", str(bad))
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert result.output.startswith("Fout: ")
    assert result.output.count("\n") == 1
    assert str(bad) in result.output
    missing = run("framework", "show", "--framework", str(tmp_path / "nope.yaml"))
    assert missing.exit_code == 2 and "niet gevonden" in missing.output
