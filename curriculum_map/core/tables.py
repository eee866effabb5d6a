"""The tidy tables the tool writes, each said once: a Table Schema per table in `data/schemas/`.

A schema (frictionless' Table Schema, https://specs.frictionlessdata.io/table-schema/) names the
table's file, its columns in order, their types and meaning. The CSV writers take their header
from it, the pandas API its dtypes, the history its views, `datapackage.json` its resources and
docs/data-dictionary.md its column tables: to add a table, write its schema.

Table Schema types map to the words the dictionary and the pandas API use:

    string                         text       integer   integer
    string + constraints.enum      category   number    decimal
    string + "x-category": true    category   boolean   boolean
    string + "x-ordered": DOMAIN   ordered    date      date

`x-ordered` names the domain that gives the order (programme, item, field, level, severity, kind,
position, position_id, round, ...); the pandas API fills it from the framework. A column that
stands for several (one per position of the framework) has a pattern name with `x-repeat`:
`count_<choice_id>` with `"x-repeat": "choice_id"` is `count_beginner`, `count_n/a`, ...

    python -m curriculum_map.core.tables --dictionary docs/data-dictionary.md

rewrites the dictionary's generated sections from the schemas.
"""

from __future__ import annotations

import json
import re
import sys
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from typing import Any

TYPES = ("text", "integer", "decimal", "boolean", "date", "category", "ordered")
_SCHEMA_TYPES = {"integer": "integer", "number": "decimal", "boolean": "boolean", "date": "date"}
_PACKAGE = "curriculum_map.data"
_FOLDER = "schemas"
_DICTIONARY = "dictionary.json"  # the sections of docs/data-dictionary.md and their tables, in order
GENERATED_START = (
    "<!-- Generated from curriculum_map/data/schemas/ up to the history file's section: edit the schemas and run"
    " `python -m curriculum_map.core.tables --dictionary docs/data-dictionary.md`. -->"
)
GENERATED_END = "<!-- End of the generated sections. -->"


@dataclass(frozen=True)
class Field:
    """One column: its name, its type in the dictionary's words, what it means."""

    name: str
    type: str  # one of TYPES
    description: str
    domain: str = ""  # for ordered columns: the domain giving the order
    enum: tuple[str, ...] = ()  # the values of a category with a fixed set
    repeat: str = ""  # a pattern column (count_<choice_id>): the values it stands for are given when writing
    descriptor: dict[str, Any] | None = None  # the field as the schema writes it

    def named(self, name: str) -> Field:
        """This pattern column as one concrete column."""
        descriptor = {k: v for k, v in (self.descriptor or {}).items() if k != "x-repeat"}
        return replace(self, name=name, repeat="", descriptor={**descriptor, "name": name})

    def matches(self, name: str) -> bool:
        """Whether a header column is this column (or one of those a pattern column stands for)."""
        if not self.repeat:
            return name == self.name
        head, _, tail = self.name.partition(f"<{self.repeat}>")
        return len(name) > len(head) + len(tail) and name.startswith(head) and name.endswith(tail)


@dataclass(frozen=True)
class Table:
    """A tidy table: its name (pandas, the history's views, datapackage.json), its file and its columns."""

    name: str
    title: str
    description: str
    path: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...] = ()
    heading: str = ""  # what docs/data-dictionary.md says after the file name: `responses.csv` (positions)

    @property
    def file(self) -> str:
        return self.path

    @property
    def columns(self) -> tuple[Field, ...]:
        return self.fields

    @property
    def names(self) -> tuple[str, ...]:
        """The column names, a pattern column as its pattern."""
        return tuple(f.name for f in self.fields)

    def header(self, **repeats: Sequence[str]) -> tuple[str, ...]:
        """The columns of a file, each pattern column expanded by the values given for it (choice_id=[...])."""
        return tuple(f.name for f in self.expand(**repeats).fields)

    def expand(self, **repeats: Sequence[str]) -> Table:
        """The table with every pattern column replaced by one column per value given for it."""
        found: list[Field] = []
        for f in self.fields:
            if not f.repeat:
                found.append(f)
                continue
            if f.repeat not in repeats:
                raise ValueError(f"{self.name}: the values of {f.name} are not given")
            found += [f.named(f.name.replace(f"<{f.repeat}>", str(v))) for v in repeats[f.repeat]]
        return replace(self, fields=tuple(found))

    def resolve(self, header: list[str] | tuple[str, ...]) -> Table | None:
        """The table as a file with this header has it (pattern columns matched), or None when it does not fit."""
        found: list[Field] = []
        position = 0
        for f in self.fields:
            if not f.repeat:
                if position >= len(header) or header[position] != f.name:
                    return None
                found.append(f)
                position += 1
                continue
            known = set(self.names)
            while position < len(header) and header[position] not in known and f.matches(header[position]):
                found.append(f.named(header[position]))
                position += 1
        return replace(self, fields=tuple(found)) if position == len(header) else None

    def schema(self) -> dict[str, Any]:
        """The table's Table Schema descriptor (as in a Data Package resource): fields, primary key, missing values."""
        descriptor: dict[str, Any] = {"fields": [dict(f.descriptor or {}) for f in self.fields], "missingValues": [""]}
        if self.primary_key:
            descriptor["primaryKey"] = list(self.primary_key)
        return descriptor


def _field(descriptor: dict[str, Any], table: str) -> Field:
    kind = descriptor.get("type", "string")
    enum = tuple(descriptor.get("constraints", {}).get("enum", ()))
    if "x-ordered" in descriptor:
        vocabulary = "ordered"
    elif kind == "string":
        vocabulary = "category" if enum or descriptor.get("x-category") else "text"
    elif kind in _SCHEMA_TYPES:
        vocabulary = _SCHEMA_TYPES[kind]
    else:
        raise ValueError(f"{table}.{descriptor.get('name')}: type {kind!r} is not one the tool writes")
    return Field(
        name=descriptor["name"],
        type=vocabulary,
        description=descriptor.get("description", ""),
        domain=descriptor.get("x-ordered", ""),
        enum=enum,
        repeat=descriptor.get("x-repeat", ""),
        descriptor=descriptor,
    )


def parse_table(descriptor: dict[str, Any]) -> Table:
    """A table from its schema descriptor."""
    name = descriptor["name"]
    fields = tuple(_field(f, name) for f in descriptor["fields"])
    names = [f.name for f in fields]
    if len(set(names)) != len(names):
        raise ValueError(f"{name}: a column is named twice")
    if not set(descriptor.get("primaryKey", ())) <= set(names):
        raise ValueError(f"{name}: the primary key names a column the table does not have")
    return Table(
        name=name,
        title=descriptor.get("title", name),
        description=descriptor.get("description", ""),
        path=descriptor["path"],
        fields=fields,
        primary_key=tuple(descriptor.get("primaryKey", ())),
        heading=descriptor.get("x-heading", ""),
    )


@cache
def load_tables() -> dict[str, Table]:
    """Every tidy table, by name, from the schemas shipped in the package."""
    folder = resources.files(_PACKAGE).joinpath(_FOLDER)
    found = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".json"):
            table = parse_table(json.loads(entry.read_text(encoding="utf-8")))
            found[table.name] = table
    return found


def table(name: str) -> Table:
    """One tidy table by its name (`consensus`, `position_responses`, ...)."""
    return load_tables()[name]


def tables_for(path: str) -> list[Table]:
    """The tables written as a file of this name (responses.csv is one of coverage and one of positions)."""
    return [t for t in load_tables().values() if t.path == path]


# docs/data-dictionary.md


def dictionary_sections() -> list[dict[str, Any]]:
    """The dictionary's sections: heading, text and table names, in order."""
    text = resources.files(_PACKAGE).joinpath(_DICTIONARY).read_text(encoding="utf-8")
    sections: list[dict[str, Any]] = json.loads(text)["sections"]
    return sections


def _wrap(text: str) -> list[str]:
    return textwrap.wrap(text, width=100, break_long_words=False, break_on_hyphens=False) if text else []


def _cell(text: str) -> str:
    return text.replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|")


def table_section(t: Table) -> list[str]:
    """One table's section of the dictionary: heading, what a row is, its columns."""
    heading = f"### `{t.path}`" + (f" {t.heading}" if t.heading else "")
    lines = [heading, ""]
    if t.description:
        lines += [*_wrap(t.description), ""]
    lines += ["| Column | Type | Meaning |", "|---|---|---|"]
    lines += [f"| {_cell(f.name)} | {f.type} | {f.description} |" for f in t.fields]
    return [*lines, ""]


def generated_dictionary() -> str:
    """The dictionary's generated part: every section and its tables' columns, from the schemas."""
    tables = load_tables()
    lines = [GENERATED_START, ""]
    for section in dictionary_sections():
        lines += [f"## {section['heading']}", ""]
        if section.get("text"):
            lines += [*_wrap(section["text"]), ""]
        for name in section["tables"]:
            lines += table_section(tables[name])
    return "\n".join([*lines, GENERATED_END])


def render_dictionary(document: str) -> str:
    """The dictionary with its generated part replaced by the one the schemas give now."""
    pattern = re.compile(re.escape(GENERATED_START) + r".*?" + re.escape(GENERATED_END), re.S)
    if not pattern.search(document):
        raise ValueError("the dictionary has no generated part (its start and end markers)")
    return pattern.sub(lambda _: generated_dictionary(), document, count=1)


def _main(arguments: list[str]) -> int:
    """Dev command: `--dictionary FILE` rewrites FILE's generated sections; with `--check` only says if it differs."""
    if len(arguments) < 2 or arguments[0] != "--dictionary":
        print("usage: python -m curriculum_map.core.tables --dictionary docs/data-dictionary.md [--check]")
        return 2
    from pathlib import Path

    path = Path(arguments[1])
    document = path.read_text(encoding="utf-8")
    updated = render_dictionary(document)
    if "--check" in arguments:
        print(f"{path}: {'up to date' if updated == document else 'differs from the schemas'}")
        return int(updated != document)
    path.write_text(updated, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
