"""`framework export --format moodle`: the CSV Moodle's competency framework importer (admin/tool/lpimportcsv) reads."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from conftest import REPO, run
from curriculum_map.framework.model import load_framework

# The importer's columns, in its order (tool_lpimportcsv's list_required_headers, English labels)
MOODLE_COLUMNS = [
    "Parent ID number",
    "ID number",
    "Short name",
    "Description",
    "Description format",
    "Scale values",
    "Scale configuration",
    "Rule type (optional)",
    "Rule outcome (optional)",
    "Rule config (optional)",
    "Cross-referenced competency ID numbers",
    "Exported ID (optional)",
    "Is framework",
    "Taxonomy",
]
MOODLE_TAXONOMIES = {"behaviour", "competency", "concept", "domain", "indicator", "level", "outcome", "practice"}
MOODLE_TAXONOMIES |= {"proficiency", "skill", "value"}


def read_rows(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")  # a byte-order mark would become part of the first header
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def test_the_builtin_framework_exports_one_row_per_item_with_the_importers_columns(tmp_path):
    out = tmp_path / "moodle.csv"
    result = run("framework", "export", "--format", "moodle", "--out", out)
    assert result.exit_code == 0, result.output
    header, *rows = read_rows(out)
    assert header == MOODLE_COLUMNS
    assert all(len(row) == len(MOODLE_COLUMNS) for row in rows)
    framework = load_framework()
    items = len(framework.focuses) + len(framework.clusters) + len(framework.components) + len(framework.competences)
    assert len(rows) == 1 + items == 1 + 3 + 9 + 27 + 120
    column = {name: i for i, name in enumerate(MOODLE_COLUMNS)}
    first, competences = rows[0], rows[1:]
    assert first[column["Is framework"]] == "1" and first[column["Parent ID number"]] == ""
    assert first[column["ID number"]] == framework.id
    assert first[column["Scale values"]].split(",") == [lv.label.get("nl") for lv in framework.levels]
    configuration = json.loads(first[column["Scale configuration"]])
    assert configuration[0] == {"scaleid": "0"}
    assert [c["scaledefault"] for c in configuration[1:]] == [1, 0, 0, 0]
    assert [c["proficient"] for c in configuration[1:]] == [0, 0, 0, 1]
    taxonomies = first[column["Taxonomy"]].split(",")
    assert len(taxonomies) == 4 and set(taxonomies) <= MOODLE_TAXONOMIES
    idnumbers = [row[column["ID number"]] for row in competences]
    assert len(set(idnumbers)) == len(idnumbers) == items  # unique within the framework
    for row in competences:  # every parent comes before its children, focuses hang under the framework
        parent = row[column["Parent ID number"]]
        assert parent == "" or parent in idnumbers[: idnumbers.index(row[column["ID number"]])]
        assert row[column["Is framework"]] == "" and row[column["Description format"]] == "2"
        assert 0 < len(row[column["Short name"]]) <= 100 and len(row[column["ID number"]]) <= 100
    by_id = {row[column["ID number"]]: row for row in competences}
    assert by_id["9.3.3"][column["Parent ID number"]] == "9.3"
    assert by_id["9.3.3"][column["Description"]] == framework.competence("9.3.3").text.get("nl")
    assert by_id["9"][column["Parent ID number"]] == "F-3"


def test_the_moodle_export_speaks_the_language_asked_for(tmp_path):
    out = tmp_path / "moodle-en.csv"
    assert run("framework", "export", "--format", "moodle", "--out", out, "--lang", "en").exit_code == 0
    header, framework_row, *_ = read_rows(out)
    assert framework_row[header.index("Scale values")] == "not addressed,exemplary,well framed,practised"
    assert framework_row[header.index("Short name")].startswith("A framework for digital competences")


def test_related_items_of_an_imported_case_package_are_cross_referenced(tmp_path):
    framework_file = tmp_path / "ela.yaml"
    source = REPO / "tests" / "data" / "case" / "smarterbalanced-ela-g3-c1-t1.json"
    assert run("framework", "import", source, "--out", framework_file).exit_code == 0
    out = tmp_path / "ela.csv"
    assert run("framework", "export", "--format", "moodle", "--framework", framework_file, "--out", out).exit_code == 0
    header, *rows = read_rows(out)
    framework = load_framework(framework_file)
    assert len(rows) == 1 + sum(
        (len(framework.focuses), len(framework.clusters), len(framework.components), len(framework.competences))
    )
    by_name = {row[header.index("Short name")]: row for row in rows}
    task_model = next(row for name, row in by_name.items() if name.endswith("Task Model 1"))
    evidence = next(row for name, row in by_name.items() if name.endswith("Evidence Required 1"))
    assert task_model[header.index("Cross-referenced competency ID numbers")] == evidence[header.index("ID number")]
