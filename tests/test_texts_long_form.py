"""texts.csv and the history's texts: every item's texts in every language the framework has, in long form, so that
a French framework's names are not lost (items.csv keeps only name_nl and name_en)."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

import pytest

import curriculum_map as cm
from conftest import REPO, run
from curriculum_map.framework.items import text_rows
from curriculum_map.framework.model import build_framework, load_framework
from curriculum_map.history.schema import SCHEMA_VERSION
from large_framework import write_large_framework
from make_examples import fill_workbook


def csv_dicts(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def expected_texts(framework) -> set[tuple[str, str, str, str, str]]:
    """Every text the framework holds, read from its model (not from the writer)."""
    found = set()
    for kind, items in (("focus", framework.focuses), ("cluster", framework.clusters)):
        found |= {(kind, x.id, "name", lang, t) for x in items for lang, t in x.name.values.items() if t}
    for x in framework.components:
        found |= {("component", x.id, "name", lang, t) for lang, t in x.kind.label.values.items() if t}
    for x in framework.competences:
        found |= {("competence", x.id, "name", lang, t) for lang, t in x.text.values.items() if t}
        if x.subtheme is not None:
            found |= {("competence", x.id, "subtheme", lang, t) for lang, t in x.subtheme.values.items() if t}
    return found


@pytest.fixture(scope="module")
def french(tmp_path_factory) -> dict[str, Path]:
    """A framework in Dutch, English and French; a workbook filled in French and aggregated, added to a history."""
    root = tmp_path_factory.mktemp("frans")
    path = write_large_framework(root / "trois.yaml", ("nl", "en", "fr"), programmes=2, clusters=3)
    framework = load_framework(path)
    blank = root / "blank"
    assert run("template", "--framework", path, "--out", blank, "--lang", "fr").exit_code == 0
    inputs = root / "in"
    inputs.mkdir()
    component = framework.components[0].id
    template = blank / f"{framework.programmes[0].name.get('fr')}.xlsx"
    fill_workbook(template, inputs / "fr.xlsx", {("matrix", component, "level"): "pratiqué"}, {"name": "Amélie"}, "fr")
    out = root / "rapport"
    assert run("aggregate", inputs, "--out", out, "--lang", "fr", "--no-pictures").exit_code == 0
    history = root / "h.sqlite"
    assert run("history", "add", out, "--round", "2025-2026", "--history", history).exit_code == 0
    return {"framework": path, "report": out, "history": history}


def test_texts_csv_holds_every_text_in_every_language_and_items_csv_stays_as_it_was(french):
    framework = load_framework(french["framework"])
    rows = csv_dicts(french["report"] / "texts.csv")
    assert {tuple(r.values()) for r in rows} == expected_texts(framework)
    assert {r["language"] for r in rows} == {"nl", "en", "fr"}
    cluster = framework.clusters[0]
    assert {"kind": "cluster", "item_id": cluster.id, "field": "name", "language": "fr",
            "text": cluster.name.get("fr")} in rows  # fmt: skip
    assert rows[0]["kind"] == "focus" and [r["language"] for r in rows[:3]] == ["nl", "en", "fr"]  # default first
    with (french["report"] / "items.csv").open(encoding="utf-8-sig") as handle:
        assert handle.readline().strip().endswith("name_nl,name_en,subtheme_nl,subtheme_en")


def test_the_history_and_pandas_keep_the_french_texts(french):
    framework = load_framework(french["framework"])
    with sqlite3.connect(french["history"]) as connection:
        stored = set(connection.execute("SELECT kind, item_id, field, language, text FROM texts"))
        assert connection.execute("SELECT DISTINCT round FROM texts").fetchall() == [("2025-2026",)]
    assert stored == expected_texts(framework)
    for tables in (cm.read_report(french["report"]), cm.read_history(french["history"])):
        texts = tables.texts
        assert set(texts["language"].cat.categories) == {"nl", "en", "fr"}
        french_names = texts[(texts["language"] == "fr") & (texts["kind"] == "competence")]
        assert list(french_names["text"])[0] == framework.competences[0].text.get("fr")
        assert texts["kind"].cat.ordered


def test_a_history_of_schema_version_1_gets_the_texts_of_its_stored_framework(tmp_path):
    path = tmp_path / "oud.sqlite"
    with sqlite3.connect(path) as connection:
        connection.executescript((REPO / "tests" / "data" / "history-v1.sql").read_text(encoding="utf-8"))
        (model,) = connection.execute("SELECT model FROM frameworks").fetchone()
    assert run("history", "list", "--history", path).exit_code == 0  # opening it upgrades it
    framework, _ = build_framework(json.loads(model))
    assert framework is not None
    with sqlite3.connect(path) as connection:
        stored = list(connection.execute("SELECT kind, item_id, field, language, text FROM framework_texts"))
        assert connection.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] == SCHEMA_VERSION
    assert stored and set(stored) == set(text_rows(framework)) == expected_texts(framework)
