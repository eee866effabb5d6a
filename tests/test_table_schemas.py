"""The tidy tables' schemas (curriculum_map/data/schemas/): valid Table Schemas, read into the tool's types,
and the data dictionary's column sections generated from them."""

from __future__ import annotations

import json
import re

import pytest

from conftest import REPO
from curriculum_map.core.tables import (
    TYPES,
    dictionary_sections,
    load_tables,
    parse_table,
    render_dictionary,
    table,
    tables_for,
)

SCHEMAS = REPO / "curriculum_map" / "data" / "schemas"
DICTIONARY = REPO / "docs" / "data-dictionary.md"


def test_every_schema_file_is_a_table_named_as_its_file_with_typed_documented_columns():
    files = sorted(SCHEMAS.glob("*.json"))
    assert [p.stem for p in files] == sorted(load_tables())
    for path in files:
        descriptor = json.loads(path.read_text(encoding="utf-8"))
        assert descriptor["name"] == path.stem
        assert re.fullmatch(r"[a-z0-9_]+", descriptor["name"])  # a Data Package resource name
        assert descriptor["path"].endswith(".csv") and descriptor["title"] and descriptor["description"]
        for field in descriptor["fields"]:
            assert field["type"] in ("string", "integer", "number", "boolean", "date"), (path.name, field)
            assert field["description"].strip(), (path.name, field["name"])
        for field in load_tables()[path.stem].fields:
            assert field.type in TYPES
            assert (field.type == "ordered") == bool(field.domain)


def test_the_schema_types_map_to_the_dictionary_words():
    fields = {f.name: f for f in table("consensus").fields}
    assert [fields[n].type for n in ("programme", "item_type", "consensus", "disagreement", "sort_key")] == [
        "ordered", "category", "integer", "boolean", "integer"]  # fmt: skip
    assert fields["field"].domain == "field" and fields["field"].enum == ("level", "ambition")
    respondents = {f.name: f.type for f in table("respondents").fields}
    assert (respondents["date"], respondents["language"], respondents["role"]) == ("date", "category", "text")
    assert {f.name: f.type for f in table("summary").fields}["mean"] == "decimal"


def test_a_pattern_column_stands_for_one_column_per_value():
    choices = table("position_choices")
    header = choices.header(choice_id=["beginner", "n/a"])
    assert header[header.index("answered") + 1 : header.index("consensus_id")] == ("count_beginner", "count_n/a")
    resolved = choices.resolve(list(header))
    assert resolved is not None and resolved.names == header
    assert resolved.schema()["fields"][7] == {**resolved.schema()["fields"][7], "name": "count_beginner"}
    assert "x-repeat" not in resolved.schema()["fields"][7]
    assert choices.resolve([*header, "extra"]) is None
    assert table("consensus").resolve(list(table("consensus").names)) == table("consensus")
    with pytest.raises(ValueError, match="count_<choice_id>"):
        choices.header()


def test_a_file_name_may_be_two_tables():
    assert {t.name for t in tables_for("responses.csv")} == {"responses", "position_responses"}


def test_a_schema_with_a_column_twice_or_a_key_it_lacks_is_refused():
    column = {"name": "a", "type": "string", "description": "A."}
    with pytest.raises(ValueError, match="twice"):
        parse_table({"name": "x", "path": "x.csv", "fields": [column, column]})
    with pytest.raises(ValueError, match="primary key"):
        parse_table({"name": "x", "path": "x.csv", "fields": [column], "primaryKey": ["b"]})
    with pytest.raises(ValueError, match="type 'any'"):
        parse_table({"name": "x", "path": "x.csv", "fields": [{**column, "type": "any"}]})


def test_every_table_is_in_one_section_of_the_dictionary():
    listed = [name for section in dictionary_sections() for name in section["tables"]]
    assert sorted(listed) == sorted(load_tables())


def test_the_committed_dictionary_is_the_one_the_schemas_give():
    document = DICTIONARY.read_text(encoding="utf-8")
    assert render_dictionary(document) == document, (
        "docs/data-dictionary.md differs from the schemas: run "
        "`python -m curriculum_map.core.tables --dictionary docs/data-dictionary.md`"
    )
    for t in load_tables().values():
        assert f"### `{t.path}`" in document
