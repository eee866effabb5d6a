"""Unknown keys in a framework file are errors with a "did you mean", in the loader and in `framework validate`."""

from __future__ import annotations

import pytest
import yaml

from conftest import REPO, run
from curriculum_map.framework.check import check_framework_file
from curriculum_map.framework.model import FrameworkError, load_framework


def starter() -> dict:
    return yaml.safe_load((REPO / "curriculum_map" / "data" / "framework-new.yaml").read_text(encoding="utf-8"))


def test_a_misspelt_key_is_named_with_the_key_meant(tmp_path):
    document = starter()
    component = document["focuses"][0]["clusters"][0]["components"][0]
    component["competencies"] = component.pop("competences")
    document["titel"] = "Mijn kader"
    document["levels"][0]["lable"] = "x"
    path = tmp_path / "kader.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = run("framework", "validate", str(path))
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.startswith(str(path))]
    assert (
        f"{path}: focuses[0].clusters[0].components[0].competencies: onbekende sleutel 'competencies'; "
        "bedoelde je 'competences'?" in lines
    )
    assert f"{path}: titel: onbekende sleutel 'titel'; bedoelde je 'title'?" in lines
    assert f"{path}: levels[0].lable: onbekende sleutel 'lable'; bedoelde je 'label'?" in lines
    assert len(lines) == 3  # the schema and the loader find each once
    with pytest.raises(FrameworkError):
        load_framework(path)
    english = run("framework", "validate", str(path), "--lang", "en")
    assert "unknown key 'competencies'; did you mean 'competences'?" in english.output


def test_a_key_far_from_any_known_one_lists_what_is_allowed(tmp_path):
    document = starter()
    document["focuses"][0]["xyz"] = 1
    path = tmp_path / "kader.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
    problems = [p.render("en") for p in check_framework_file(path)]
    assert problems == [
        "focuses[0].xyz: unknown key 'xyz'; allowed here: id, code, short, case, name, aliases, description, "
        "explanation, clusters"
    ]


def test_the_builtin_and_the_starter_framework_have_no_unknown_key(tmp_path):
    assert check_framework_file(REPO / "curriculum_map" / "data" / "framework.yaml") == []
    assert check_framework_file(REPO / "curriculum_map" / "data" / "framework-new.yaml") == []
