"""Which files to read: workbooks in the files and folders given, minus lock files and the tool's own outputs."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from curriculum_map.core.listfile import ListFileError, ListKind, find_columns, read_list
from curriculum_map.core.problems import Problem
from curriculum_map.core.report_files import is_report_folder, own_outputs
from curriculum_map.workbook.courses import HEADERS as COURSE_HEADERS
from curriculum_map.workbook.roster import HEADERS as ROSTER_HEADERS


class MissingInputs(Exception):
    """Inputs named on the command line that do not exist: a usage error, not a problem in a workbook."""

    def __init__(self, paths: Sequence[Path]):
        self.paths = list(paths)
        super().__init__(", ".join(str(p) for p in self.paths))


def check_inputs(inputs: Sequence[Path]) -> None:
    """Raise MissingInputs when a file or folder given does not exist (a typing mistake)."""
    missing = [path for path in inputs if not path.exists() and not path.is_symlink()]
    if missing:
        raise MissingInputs(missing)


def expand_inputs(inputs: Sequence[Path], exclude: Sequence[Path] = ()) -> tuple[list[tuple[Path, str]], list[Problem]]:
    """Files to read, with the name to show, from files and folders (recursive).

    Folders give their workbooks and the files people mistake for one (.xls, .csv, ...), which are
    read so that the problem is named; hidden files, other files (notes, PDFs, scripts) and the
    `exclude` folders are left alone. Office lock files (~$...) and what this tool wrote itself (a
    report folder, its CSV and xlsx files) are skipped wherever they are given, with one note.
    """
    files: list[tuple[Path, str]] = []
    skipped: list[str] = []
    excluded = {p.resolve() for p in exclude}
    for given in inputs:
        if given.is_dir() and given.suffix.lower() not in WORKBOOK_SUFFIXES:
            if is_report_folder(given) and _only_outputs_below(given):
                skipped.append(str(given))
                continue
            for root, dirs, names in os.walk(given):
                folder = Path(root)
                kept = []
                for name in sorted(dirs):
                    path = folder / name
                    if name.startswith(".") or path.resolve() in excluded:
                        continue
                    if path.suffix.lower() in WORKBOOK_SUFFIXES:
                        # A folder named like a workbook is what the user meant to send: name the problem.
                        files.append((path, str(path.relative_to(given))))
                    elif is_report_folder(path):
                        skipped.append(str(path.relative_to(given)))
                    else:
                        kept.append(name)
                dirs[:] = kept
                outputs_here = own_outputs(folder)
                for name in sorted(names):
                    path = folder / name
                    shown = str(path.relative_to(given))
                    if name.startswith((".", "~$")):  # hidden, or Office's lock file beside an open workbook
                        continue
                    if name in outputs_here or is_list_file(path):
                        skipped.append(shown)
                    elif path.suffix.lower() in WORKBOOK_SUFFIXES + LOOKALIKE_SUFFIXES:
                        files.append((path, shown))
        elif given.name.startswith("~$") or given.name in own_outputs(given.parent) or is_list_file(given):
            skipped.append(str(given))
        else:
            files.append((given, str(given) if not given.is_absolute() else given.name))
    problems = []
    if skipped:
        shown = ", ".join(skipped[:10]) + (f" (+{len(skipped) - 10})" if len(skipped) > 10 else "")
        problems.append(Problem("inputs-skipped", params={"count": len(skipped), "files": shown}))
    return files, problems


def _only_outputs_below(folder: Path) -> bool:
    """A report folder given as input holds nothing else to read (no workbooks were saved into it)."""
    own = own_outputs(folder)
    return not any(
        p.suffix.lower() in WORKBOOK_SUFFIXES and p.name not in own and not p.name.startswith((".", "~$"))
        for p in folder.rglob("*")
    )


WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".ods")
# Files users send as "the workbook" although they are not one: read them, so the problem is named.
LOOKALIKE_SUFFIXES = (".xls", ".xlsb", ".xltx", ".csv", ".numbers")


def is_list_file(path: Path) -> bool:
    """A roster or course list (CSV) the tool reads itself: its header names people or course units."""
    if path.suffix.lower() != ".csv" or not path.is_file():
        return False
    try:
        rows = read_list(path, ListKind("list.kind.roster")).rows
    except ListFileError:
        return False
    columns = find_columns(rows[0], {**ROSTER_HEADERS, "code": COURSE_HEADERS["code"]}) if rows else {}
    return "group" in columns and ("name" in columns or "code" in columns)
