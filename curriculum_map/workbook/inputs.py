"""Which files to read: workbooks in the files and folders given, minus lock files and the tool's own outputs."""

from __future__ import annotations

import os
import zipfile
from collections.abc import Sequence
from pathlib import Path

from curriculum_map.core.listfile import ListFileError, ListKind, find_columns, read_list
from curriculum_map.core.problems import Problem
from curriculum_map.core.report_files import is_report_folder, own_outputs
from curriculum_map.workbook.courses import HEADERS as COURSE_HEADERS
from curriculum_map.workbook.layout import METADATA_SHEET
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
    report folder, its CSV and xlsx files) are skipped wherever they are given, with one note; a list
    (of lecturers, of course units) with a note of its own that names the option it belongs to.
    """
    files: list[tuple[Path, str]] = []
    skipped: list[str] = []
    lists: list[Problem] = []
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
                    if name in outputs_here:
                        skipped.append(shown)
                    elif path.suffix.lower() in WORKBOOK_SUFFIXES + LOOKALIKE_SUFFIXES:
                        _read_or_skip_list(path, shown, files, lists)
        elif given.name.startswith("~$") or given.name in own_outputs(given.parent):
            skipped.append(str(given))
        else:
            _read_or_skip_list(given, str(given) if not given.is_absolute() else given.name, files, lists)
    problems = lists
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


# the list kinds a folder of workbooks may hold by mistake, with the option that takes each
LIST_OPTIONS = {"courses": "--courses", "roster": "--roster"}
LIST_BYTES = 2 * 1024 * 1024  # a list saved as a workbook is small; a workbook to fill in is never looked into


def _read_or_skip_list(path: Path, shown: str, files: list[tuple[Path, str]], lists: list[Problem]) -> None:
    """A file to read, or a list given among the workbooks: skipped with a note naming its option."""
    kind = list_kind(path)
    if kind is None:
        files.append((path, shown))
    else:
        lists.append(Problem("input-is-a-list", file=shown, params={"option": LIST_OPTIONS[kind]}))


def list_kind(path: Path) -> str | None:
    """'roster' or 'courses' for a list of lecturers or of course units (CSV, or a small workbook without
    the tool's metadata sheet); None for anything else."""
    suffix = path.suffix.lower()
    if not path.is_file() or suffix not in (".csv", *WORKBOOK_SUFFIXES):
        return None
    if suffix != ".csv" and (path.stat().st_size > LIST_BYTES or _has_metadata_sheet(path)):
        return None
    try:
        rows = read_list(path, ListKind("list.kind.roster")).rows
    except ListFileError:
        return None
    columns = find_columns(rows[0], {**ROSTER_HEADERS, "code": COURSE_HEADERS["code"]}) if rows else {}
    if "group" not in columns:
        return None
    return "courses" if "code" in columns else "roster" if "name" in columns else None


def _has_metadata_sheet(path: Path) -> bool:
    """Whether a workbook names the tool's metadata sheet (a workbook to fill in), without parsing it."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = [name for name in archive.namelist() if name in ("xl/workbook.xml", "content.xml")]
            return any(METADATA_SHEET.encode() in archive.read(name)[:1_000_000] for name in names)
    except (OSError, zipfile.BadZipFile, KeyError):
        return True  # not a list either way: read as a workbook, so its problem is named
