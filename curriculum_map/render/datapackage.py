"""datapackage.json: a report folder's CSV files described for frictionless, R, Power BI (a Data Package).

Each CSV file the tool wrote is a resource with its Table Schema inline (`curriculum_map/data/schemas/`),
its separator (comma or semicolon, as the run wrote it) and its encoding (UTF-8 with a byte-order
mark: `utf-8-sig`), so that `frictionless validate datapackage.json` checks every value against its
type and a reader opens the tables typed. https://specs.frictionlessdata.io/data-package/
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from curriculum_map.core.report_files import TOOL
from curriculum_map.core.tables import Table, tables_for
from curriculum_map.core.version import __version__

ENCODING = "utf-8-sig"


def read_header(path: Path) -> tuple[list[str], str]:
    """A CSV file's column names and separator (the tool's column names hold neither , nor ;)."""
    with path.open(encoding=ENCODING, newline="") as handle:
        line = handle.readline()
    delimiter = ";" if ";" in line and "," not in line else ","
    return next(csv.reader([line], delimiter=delimiter), []), delimiter


def table_of(name: str, header: list[str]) -> Table | None:
    """The table a file of this name and header is (responses.csv: of coverage or of positions), or None."""
    for candidate in tables_for(name):
        resolved = candidate.resolve(header)
        if resolved is not None:
            return resolved
    return None


def resource(path: Path, relative: str) -> dict[str, Any] | None:
    """A CSV file as a tabular data resource with its schema, or None for a file that is no known table."""
    header, delimiter = read_header(path)
    found = table_of(path.name, header)
    if found is None:
        return None
    return {
        "name": found.name,
        "path": relative,
        "profile": "tabular-data-resource",
        "title": found.title,
        "description": found.description,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": ENCODING,
        "dialect": {"delimiter": delimiter, "header": True, "doubleQuote": True, "quoteChar": '"'},
        "schema": found.schema(),
    }


def package(folder: Path, names: Iterable[str], kind: str) -> dict[str, Any] | None:
    """The Data Package descriptor of the CSV files `names` in `folder`; None when none of them is a known table."""
    resources = []
    for name in sorted(names):
        if name.endswith(".csv") and (folder / name).is_file():
            found = resource(folder / name, name)
            if found is not None:
                resources.append(found)
    if not resources:
        return None
    return {
        "profile": "tabular-data-package",
        "name": f"{TOOL}-{kind}".lower(),
        "title": f"{TOOL} {kind}",
        "description": "Tidy tables written by curriculum-map; docs/data-dictionary.md describes every column.",
        "x-tool-version": __version__,
        "resources": resources,
    }
