"""Finished report folders read back as they were written: which workflow, which run, the rows of each table.

Texts come back raw: the apostrophe the CSV files put before a text that a spreadsheet could run
as a formula is a CSV concern and is taken off here.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from curriculum_map.core.report_files import (
    MANIFEST,
    POSITION_CONSENSUS_CSV,
    PROBLEMS_CSV,
    RESPONSES_CSV,
    file_hash,
    read_manifest,
)
from curriculum_map.coverage.results import ResultsError

COVERAGE, POSITIONS = "coverage", "positions"
_KIND_OF_RUN = {"aggregate": COVERAGE, "positions": POSITIONS}  # the manifest's "kind" -> the workflow


def unneutralise(value: str) -> str:
    """A text as typed: without the apostrophe put before '=', '+', '-', '@', tab or carriage return."""
    return value[1:] if value[:1] == "'" and value[1:2] in ("=", "+", "-", "@", "\t", "\r") else value


def delimiter_of(header_line: str) -> str:
    """',' for the tool's CSV files; ';' when a file was written (or saved by Excel) for a Dutch-language Excel."""
    return ";" if header_line.count(";") > header_line.count(",") else ","


@dataclass(frozen=True)
class ReportFolder:
    """A finished report folder: its workflow (coverage or positions) and the run that wrote it."""

    path: Path
    kind: str
    run_id: str
    files: dict[str, str]  # file name -> hash, as the manifest lists them (empty for reports from before manifests)

    def table_path(self, name: str) -> Path:
        """The path of one of the folder's files, checked to belong to the folder's run."""
        path = self.path / name
        if not path.is_file():
            raise ResultsError("results-not-found", path=path)
        expected = self.files.get(name)
        if self.files and (expected is None or file_hash(path) != expected):
            raise ResultsError("results-mixed-runs", path=path)
        return path

    def has(self, name: str) -> bool:
        return (self.path / name).is_file() and (not self.files or name in self.files)

    def rows(self, name: str, required: tuple[str, ...] = ()) -> tuple[list[str], list[dict[str, str]]]:
        """The header and the rows of one CSV file of the folder, texts raw."""
        return read_csv(self.table_path(name), required)


def read_csv(path: Path, required: tuple[str, ...] = ()) -> tuple[list[str], list[dict[str, str]]]:
    """A CSV file the tool wrote (UTF-8 with BOM, ',' or ';'): its header and its rows, texts raw."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            first = handle.readline()
            handle.seek(0)
            reader = csv.DictReader(handle, delimiter=delimiter_of(first))
            header = list(reader.fieldnames or [])
            missing = [c for c in required if c not in header]
            if missing:
                raise ResultsError("results-columns-missing", path=path, columns=", ".join(missing))
            rows = [{k: unneutralise(v or "") for k, v in row.items() if k is not None} for row in reader]
    except FileNotFoundError:
        raise ResultsError("results-not-found", path=path) from None
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ResultsError("results-unreadable", path=path, reason=str(exc)) from None
    return header, rows


def open_report(path: Path) -> ReportFolder:
    """The report folder at `path` (or the folder of a responses.csv given instead), complete and of one run."""
    folder = path.parent if path.is_file() else path
    if not (folder / RESPONSES_CSV).is_file() and not (folder / PROBLEMS_CSV).is_file():
        raise ResultsError("results-not-found", path=folder / RESPONSES_CSV)
    manifest = read_manifest(folder)
    if (folder / MANIFEST).exists():
        if manifest is None or not manifest.get("complete"):
            raise ResultsError("results-incomplete", folder=folder)
        kind = _KIND_OF_RUN.get(str(manifest.get("kind")), "")
        files = {str(k): str(v) for k, v in manifest.get("files", {}).items()}
        run_id = str(manifest.get("run_id", ""))
    else:  # a report from before manifests: the columns tell the workflow
        kind, files, run_id = "", {}, ""
    if not kind:
        kind = _kind_from_columns(folder)
    return ReportFolder(folder, kind, run_id, files)


def _kind_from_columns(folder: Path) -> str:
    if (folder / POSITION_CONSENSUS_CSV).is_file():
        return POSITIONS
    try:
        with (folder / RESPONSES_CSV).open(encoding="utf-8-sig") as handle:
            header = handle.readline()
    except OSError:
        header = ""
    return COVERAGE if "programme_id" in header or not header else POSITIONS
