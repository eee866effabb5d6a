"""The history's views follow the tables' schemas; its stored tables hold every column of them."""

from __future__ import annotations

import sqlite3

from curriculum_map.core.tables import table
from curriculum_map.history.schema import (
    FRAMEWORK_TABLES,
    SCHEMA_VERSION,
    VIEWS,
    base_table,
    migrate,
    sync_views,
    view_prefix,
)

SQL_TYPES = {"integer": "INTEGER", "decimal": "REAL", "boolean": "INTEGER"}  # every other type is TEXT


def fresh() -> sqlite3.Connection:
    connection = sqlite3.connect(":memory:", isolation_level=None)
    connection.execute("BEGIN")
    assert migrate(connection, "test", "2026-01-01T00:00:00Z")[-1] == SCHEMA_VERSION
    connection.execute("COMMIT")
    return connection


def columns(connection: sqlite3.Connection, name: str) -> list[tuple[str, str]]:
    return [(row[1], row[2]) for row in connection.execute(f"PRAGMA table_info({name})")]


def test_every_view_is_its_schema_with_the_round_in_front_and_its_table_stores_every_column_typed():
    connection = fresh()
    for view in VIEWS:
        prefix = ("round",) if view in FRAMEWORK_TABLES else view_prefix(view)
        assert [name for name, _ in columns(connection, view)] == [*prefix, *table(view).names], view
        stored = dict(columns(connection, base_table(view)))
        for field in table(view).fields:
            assert stored.get(field.name) == SQL_TYPES.get(field.type, "TEXT"), (
                f"{view}.{field.name} ({field.type}) is not stored as such: a change to a schema the history keeps "
                "needs a new migration at the end of curriculum_map/history/schema.py"
            )


def test_a_view_behind_its_schema_is_made_again_and_one_in_step_is_left_alone():
    connection = fresh()
    assert sync_views(connection) == []
    connection.execute("DROP VIEW consensus")
    connection.execute(
        "CREATE VIEW consensus AS SELECT r.label AS round, x.programme_id FROM round_consensus AS x"
        " JOIN rounds AS r USING (round_id)"
    )
    connection.execute("DROP VIEW items")
    assert sorted(sync_views(connection)) == ["consensus", "items"]
    assert [name for name, _ in columns(connection, "consensus")] == ["round", *table("consensus").names]
    assert sync_views(connection) == []
