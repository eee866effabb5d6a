"""The tidy tables of a report (consensus.csv, summary.csv, respondents.csv, items.csv) and the pandas API over them."""

from __future__ import annotations

import csv
import json
import os
import re
from pathlib import Path

import pytest

from conftest import EXAMPLES, REPO, run


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def report(fill, tmp_path) -> Path:
    """Orthopedagogie: two respondents who give 1 and 2, and 0 and 3; Sociaal werk: one respondent with texts
    a spreadsheet would run as formulas."""
    fill("orthopedagogie", "Orthopedagogie - An.xlsx", {
        ("matrix", "1.1", "level"): "exemplarisch", ("matrix", "1.2", "level"): "komt niet aan bod",
        ("matrix", "1.1", "ambition"): "geoefend",
    }, {"name": "An", "date": "12 maart 2026"})  # fmt: skip
    fill("orthopedagogie", "Orthopedagogie - Bo.xlsx", {
        ("matrix", "1.1", "level"): "goed gekaderd", ("matrix", "1.2", "level"): "geoefend",
    }, {"name": "Bo", "date": "2026-03-14"})  # fmt: skip
    fill("sociaal-werk", "Sociaal werk - Cas.xlsx", {
        ("matrix", "1.1", "level"): "geoefend", ("matrix", "1.1", "comment"): "=SUM(A1:A3)",
        ("matrix", "1.1", "evidence"): "+ stage jaar 3",
    }, {"name": "-Cas"})  # fmt: skip
    out = tmp_path / "rapport"
    assert run("aggregate", str(tmp_path / "in"), "--out", str(out), "--no-pictures").exit_code == 0
    return out


def test_consensus_csv_holds_the_median_rounded_down_and_the_spread(report):
    table = {(r["programme_id"], r["item_id"], r["field"]): r for r in rows(report / "consensus.csv")}
    one_two = table[("orthopedagogie", "1.1", "level")]
    assert (one_two["consensus"], one_two["label"], one_two["min"], one_two["max"]) == ("1", "exemplarisch", "1", "2")
    assert (one_two["answered"], one_two["respondents"], one_two["spread"], one_two["disagreement"]) == (
        "2", "2", "1", "false")  # fmt: skip
    zero_three = table[("orthopedagogie", "1.2", "level")]
    assert (zero_three["consensus"], zero_three["spread"], zero_three["disagreement"]) == ("1", "3", "true")
    only_one = table[("orthopedagogie", "1.1", "ambition")]
    assert (only_one["consensus"], only_one["answered"], only_one["respondents"]) == ("3", "1", "2")
    blank = table[("orthopedagogie", "1.3", "level")]
    assert (blank["consensus"], blank["label"], blank["answered"], blank["disagreement"]) == ("", "", "0", "")
    # every programme that answered, every item, both fields; programmes that did not answer have no rows
    assert len(table) == 2 * (27 + 120) * 2
    assert {r[0] for r in table} == {"orthopedagogie", "sociaal-werk"}


def test_summary_items_and_respondents(report):
    summary = {(r["programme_id"], r["scope"], r["group_id"], r["field"]): r for r in rows(report / "summary.csv")}
    cluster = summary[("orthopedagogie", "cluster", "1", "level")]  # 1.1 -> 1, 1.2 -> 1, 1.3 blank
    counted = ("mean", "answered", "unanswered", "lowest", "well_covered")
    assert [cluster[c] for c in counted] == ["1.0", "2", "1", "0", "false"]
    assert summary[("orthopedagogie", "focus", "2", "level")]["mean"] == ""
    items = rows(report / "items.csv")
    assert [r["sort_key"] for r in items] == [str(n) for n in range(1, len(items) + 1)]
    assert (items[0]["kind"], items[0]["code"], items[1]["kind"], items[1]["code"]) == ("focus", "F1", "cluster", "C1")
    component = next(r for r in items if r["item_id"] == "1.1")
    assert (component["kind"], component["component_kind"], component["name_nl"], component["name_en"]) == (
        "component", "kennis", "kennis", "knowledge")  # fmt: skip
    competence = next(r for r in items if r["item_id"] == "1.1.1")
    assert competence["component_id"] == "1.1" and competence["name_nl"] and competence["name_en"]
    people = {r["respondent"]: r for r in rows(report / "respondents.csv")}
    assert people["An"]["date"] == "2026-03-12" and people["An"]["date_as_typed"] == "12 maart 2026"
    assert people["Bo"]["answered"] == "2" and int(people["Bo"]["unanswered"]) == (27 + 120) * 2 - 2
    assert people["'-Cas"]["programme_id"] == "sociaal-werk", "texts are neutralised in the CSV files"


def test_read_report_gives_typed_tables_and_texts_as_typed(report):
    import pandas as pd

    import curriculum_map as cm

    tables = cm.read_report(report)
    assert tables.kind == "coverage"
    consensus = tables.consensus
    assert str(consensus["consensus"].dtype) == "Int64" and str(consensus["disagreement"].dtype) == "boolean"
    assert consensus["label"].cat.ordered
    assert list(consensus["label"].cat.categories) == ["komt niet aan bod", "exemplarisch", "goed gekaderd", "geoefend"]
    levels = consensus.query("field == 'level' and item_type == 'component'")
    table = levels.pivot(index="item_id", columns="programme", values="consensus")
    assert list(table.columns) == ["Orthopedagogie", "Sociaal werk"]  # the framework's order
    assert list(table.index[:4]) == ["1.1", "1.2", "1.3", "2.1"]
    assert table.loc["1.1", "Orthopedagogie"] == 1 and pd.isna(table.loc["1.3", "Orthopedagogie"])
    comment = tables.responses.query("programme_id == 'sociaal-werk' and item_id == '1.1' and field == 'level'")
    assert list(comment["comment"]) == ["=SUM(A1:A3)"] and list(comment["evidence"]) == ["+ stage jaar 3"]
    assert list(comment["respondent"]) == ["-Cas"]
    assert tables.respondents["date"].dtype.kind == "M"
    assert tables.position_consensus.empty and list(tables.position_consensus.columns)[:2] == ["organisation", "scope"]
    # an older report without the tidy tables: they are computed from responses.csv, the same numbers
    manifest = json.loads((report / "manifest.json").read_text(encoding="utf-8"))
    for name in ("consensus.csv", "summary.csv", "respondents.csv", "items.csv"):
        (report / name).unlink()
        del manifest["files"][name]
    (report / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    older = cm.read_report(report)
    pd.testing.assert_frame_equal(older.consensus, consensus)
    pd.testing.assert_frame_equal(older.summary, tables.summary)


def test_a_mixed_folder_is_refused(report):
    import curriculum_map as cm
    from curriculum_map.coverage.results import ResultsError

    (report / "consensus.csv").write_text("programme_id\n", encoding="utf-8")
    with pytest.raises(ResultsError, match="consensus.csv"):
        cm.read_report(report)


@pytest.mark.slow
def test_the_readme_pandas_examples_run(tmp_path):
    """The README's pandas lines, run where a report and a history of two rounds lie."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("### In pandas, R, Datasette or Power BI", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, re.S)
    # three lines each (blank lines, which ruff format puts after an import, do not count)
    assert len(blocks) == 2 and all(len([line for line in block.splitlines() if line.strip()]) == 3 for block in blocks)
    assert run("aggregate", str(EXAMPLES), "--out", str(tmp_path / "report"), "--no-pictures").exit_code == 1
    for label in ("2024-2025", "2025-2026"):
        added = run("history", "add", str(tmp_path / "report"), "--round", label, "--history",
                    str(tmp_path / "curriculum-map.sqlite"))  # fmt: skip
        assert added.exit_code == 0, added.output
    namespace: dict[str, object] = {}
    before = Path.cwd()
    os.chdir(tmp_path)
    try:
        for block in blocks:
            exec(compile(block, "README.md", "exec"), namespace)
    finally:
        os.chdir(before)
    table, growth = namespace["table"], namespace["growth"]
    assert list(table.columns) == [
        "Gezinswetenschappen", "Orthopedagogie", "Pedagogie van het jonge kind", "Sociale readaptatiewetenschappen",
        "Sociaal werk", "Toegepaste psychologie",
    ]  # fmt: skip
    assert list(table.index[:3]) == ["1.1", "1.1.1", "1.1.2"]
    assert list(growth.columns) == ["2024-2025", "2025-2026"]
    assert len(growth) == 6 * 9
