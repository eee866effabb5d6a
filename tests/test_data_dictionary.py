"""docs/data-dictionary.md, the files the tool writes, the pandas API and the history's views agree, column by column.

The outputs are made as a user makes them (aggregate the examples, positions aggregate, compare, gap,
history trend); every CSV file in them must be documented, with its columns in order, and every value
must be of its documented type.
"""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest

from conftest import EXAMPLES, REPO, run

DICTIONARY = REPO / "docs" / "data-dictionary.md"
VALUE = {
    "integer": re.compile(r"^-?\d+$"),
    "decimal": re.compile(r"^-?\d+(\.\d+)?$"),
    "boolean": re.compile(r"^(true|false)$"),
    "date": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
}


def documented() -> dict[str, list[tuple[str, str]]]:
    """File (or file and workflow) -> [(column, type)], from the tables under each ### heading."""
    files: dict[str, list[tuple[str, str]]] = {}
    current = None
    for line in DICTIONARY.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^### `([^`]+)`(.*)$", line)
        if heading:
            current = heading.group(1) + (" (positions)" if heading.group(2).strip() == "(positions)" else "")
            files[current] = []
            continue
        if line.startswith("## "):
            current = None
        cells = [c.strip() for c in line.strip().strip("|").split("|")] if line.startswith("|") else []
        if current and len(cells) == 3 and cells[0] not in ("Column", "---"):
            files[current].append((cells[0].replace("&lt;", "<").replace("&gt;", ">"), cells[1]))
    return files


def read_csv(path: Path) -> tuple[list[str], list[list[str]]]:
    import csv

    with path.open(encoding="utf-8-sig", newline="") as handle:
        table = list(csv.reader(handle))
    return table[0], table[1:]


def expand(columns: list[tuple[str, str]], header: list[str]) -> list[tuple[str, str]]:
    """A documented pattern column (count_<choice id>) stands for every header column it matches, in place."""
    found = []
    for name, kind in columns:
        if "<" in name:
            pattern = re.compile("^" + re.escape(name.split("<")[0]) + ".+$")
            known = {n for n, _ in columns}
            found += [(h, kind) for h in header if pattern.match(h) and h not in known]
        else:
            found.append((name, kind))
    return found


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> dict[str, Path]:
    """Every kind of output folder, made from the examples as a user would."""
    from curriculum_map.core.report_files import file_hash
    from curriculum_map.framework.model import load_framework
    from curriculum_map.positions.report import run_positions_aggregate
    from curriculum_map.positions.tidy import position_tidy_outputs
    from make_examples import make_position_examples

    root = tmp_path_factory.mktemp("outputs")
    coverage = root / "rapport"
    lists = REPO / "examples" / "lijsten"
    with_lists = ["--roster", str(lists / "lectoren.csv"), "--courses", str(lists / "opleidingsonderdelen.csv")]
    assert run("aggregate", str(EXAMPLES), "--out", str(coverage), "--no-pictures", *with_lists).exit_code == 1
    positions = root / "posities"
    result = run_positions_aggregate(
        [make_position_examples(root / "posities-in")[0].parent], load_framework(), positions
    )
    manifest = json.loads((positions / "manifest.json").read_text(encoding="utf-8"))
    for name, write in position_tidy_outputs(result.aggregation):
        if name not in manifest["files"]:  # what positions/report.py writes once position_tidy_outputs is hooked in
            write(positions / name)
            manifest["files"][name] = file_hash(positions / name)
    (positions / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    assert run("compare", str(coverage), str(coverage), "--out", str(root / "groei")).exit_code == 0
    assert run("gap", str(coverage), str(positions), "--out", str(root / "tekort")).exit_code == 0
    history = root / "h.sqlite"
    for label in ("2024-2025", "2025-2026"):
        assert run("history", "add", str(coverage), "--round", label, "--history", str(history)).exit_code == 0
    assert run("history", "add", str(positions), "--round", "2025-2026", "--history", str(history)).exit_code == 0
    trend = run("history", "trend", "--history", str(history), "--out", str(root / "trend"), "--no-pictures")
    assert trend.exit_code == 0, trend.output
    return {"coverage": coverage, "positions": positions, "compare": root / "groei", "gap": root / "tekort",
            "trend": root / "trend", "history": history}  # fmt: skip


def test_the_dictionary_names_the_schema_version_and_its_changes():
    from curriculum_map.history.schema import SCHEMA_VERSION

    text = DICTIONARY.read_text(encoding="utf-8")
    assert re.search(r"^Schema version: \*\*(\d+)\*\*$", text, re.M).group(1) == str(SCHEMA_VERSION)
    versions = re.findall(r"^\| (\d+) \| .* \| (?:no|yes)[^|]* \|$", text, re.M)
    assert versions == [str(v) for v in range(1, SCHEMA_VERSION + 1)]
    types = {kind for columns in documented().values() for _, kind in columns}
    assert types <= {"text", "integer", "decimal", "boolean", "date", "category", "ordered"}


def test_the_pandas_spec_and_the_schemas_agree_with_the_dictionary():
    from curriculum_map.core.tables import load_tables
    from curriculum_map.history.columns import TABLES

    docs = documented()
    for table in TABLES.values():
        key = table.file + (" (positions)" if table.name == "position_responses" else "")
        assert [(c.name, c.type) for c in table.columns] == docs[key], table.name
    for table in load_tables().values():
        key = table.path + (" (positions)" if table.name == "position_responses" else "")
        assert [(f.name, f.type) for f in table.fields] == docs[key], table.name


@pytest.mark.slow
def test_every_file_written_is_documented_column_by_column_and_value_by_value(outputs):
    docs = documented()
    checked = set()
    for kind, folder in outputs.items():
        if kind == "history":
            continue
        for path in sorted(folder.glob("*.csv")):
            key = path.name + (" (positions)" if kind == "positions" and path.name == "responses.csv" else "")
            assert key in docs, f"{path.name} ({kind}) is not in docs/data-dictionary.md"
            header, body = read_csv(path)
            columns = expand(docs[key], header)
            assert header == [name for name, _ in columns], key
            assert body, f"{key} has no rows to check"
            for number, row in enumerate(body, start=2):
                for (name, type_), value in zip(columns, row, strict=True):
                    pattern = VALUE.get(type_)
                    assert not value or pattern is None or pattern.match(value), f"{key}:{number} {name}={value!r}"
            checked.add(key)
    assert {"consensus.csv", "items.csv", "summary.csv", "respondents.csv", "position_consensus.csv", "trend.csv",
            "changes.csv", "gap.csv", "responses.csv", "responses.csv (positions)", "roster.csv", "course-map.csv",
            "learning-lines.csv"} <= checked  # fmt: skip


@pytest.mark.slow
def test_the_history_views_are_the_tidy_tables_with_the_round_in_front(outputs):
    from curriculum_map.history.columns import TABLES
    from curriculum_map.history.schema import BASE_TABLES, view_prefix

    text = DICTIONARY.read_text(encoding="utf-8")
    with sqlite3.connect(outputs["history"]) as connection:
        objects = dict(connection.execute("SELECT name, type FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"))
        for name, kind in objects.items():
            if kind in ("table", "view"):
                assert f"`{name}`" in text, f"the {kind} {name} is not documented"
        for view in (*BASE_TABLES, "items"):
            assert objects[view] == "view"
            columns = [row[1] for row in connection.execute(f"PRAGMA table_info({view})")]
            assert columns == [*view_prefix(view), *TABLES[view].names], view
            assert connection.execute(f"SELECT COUNT(*) FROM {view}").fetchone()[0] > 0, view
    # a round of each workflow under one label
    shown = run("history", "show", "2025-2026", "--history", str(outputs["history"]))
    assert shown.exit_code == 0, shown.output
    assert "Ronde 2025-2026 (dekking)" in shown.stdout and "Ronde 2025-2026 (posities)" in shown.stdout
    assert "De Vonk vzw" in shown.stdout and "CAW Het Anker" in shown.stdout


@pytest.mark.slow
def test_the_pandas_dtypes_are_the_documented_types(outputs):
    import pandas as pd

    import curriculum_map as cm
    from curriculum_map.history.columns import TABLES

    expected = {
        "integer": lambda d: str(d) == "Int64",
        "decimal": lambda d: str(d) == "float64",
        "boolean": lambda d: str(d) == "boolean",
        "date": lambda d: pd.api.types.is_datetime64_any_dtype(d),
        "category": lambda d: isinstance(d, pd.CategoricalDtype) and not d.ordered,
        "ordered": lambda d: isinstance(d, pd.CategoricalDtype) and d.ordered,
        "text": lambda d: pd.api.types.is_string_dtype(d) and not isinstance(d, pd.CategoricalDtype),
    }
    docs = documented()
    for tables in (cm.read_report(outputs["coverage"]), cm.read_report(outputs["positions"]),
                   cm.read_history(outputs["history"])):  # fmt: skip
        for name in tables.names:
            if name == "rounds":
                continue
            frame = tables[name]
            key = {"position_responses": "responses.csv (positions)"}.get(name) or TABLES[name].file
            for column, type_ in docs[key]:
                assert expected[type_](frame[column].dtype), f"{tables.kind} {name}.{column}: {frame[column].dtype}"
