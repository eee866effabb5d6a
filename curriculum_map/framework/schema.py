"""The JSON Schema of the framework file (data/framework.schema.json): the one statement of its structure.

`framework validate` checks a file against it in full; the loader, which runs on every command and
cannot spend the tenth of a second jsonschema takes to start, takes from it which keys each part of
a file may have. The rules a schema cannot say (ids that follow their parent, references between
parts, the order of the legend) are the loader's (model.py).
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

SCHEMA_FILE = "framework.schema.json"
# where each part of a framework file is described in the schema (a JSON pointer)
PARTS = {
    "framework": "",
    "proposal": "/properties/proposal",
    "translation": "/properties/translations/additionalProperties",
    "case": "/properties/case",
    "kind": "/$defs/kind",
    "level": "/$defs/legend/items",
    "programme": "/$defs/programme",
    "position": "/$defs/position",
    "focus": "/$defs/focus",
    "cluster": "/$defs/cluster",
    "component": "/$defs/component",
    "competence": "/$defs/competence",
}


@cache
def _schema_text() -> str:
    return (resources.files("curriculum_map") / "data" / SCHEMA_FILE).read_text(encoding="utf-8")


def framework_schema() -> dict[str, Any]:
    """The JSON Schema of the framework format, as shipped in the package (a fresh copy: callers may keep it)."""
    return json.loads(_schema_text())


@cache
def keys(part: str) -> tuple[str, ...]:
    """The keys a part of a framework file may have ('focus', 'level', ...), in the schema's order."""
    node: Any = framework_schema()
    for step in PARTS[part].split("/")[1:]:
        node = node[step]
    return tuple(node["properties"])
