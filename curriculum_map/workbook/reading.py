"""The reading layer every workbook kind shares: grids, the file's checks, metadata, the respondent
block, header matching, and the checks that name every value not read (never guessed, never dropped).

A workbook kind (coverage.reader, positions.reader) describes its own columns and reads its rows;
what is the same for every kind lives here. Cell values come from python-calamine (fast); formulas
are found by container.formula_cells.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from curriculum_map.core.catalogue import Message, is_language_tag
from curriculum_map.core.cells import cell_text
from curriculum_map.core.dates import parse_date
from curriculum_map.core.extent import WINDOW_COLUMNS, WINDOW_ROWS
from curriculum_map.core.problems import Problem
from curriculum_map.core.texts import all_translations, text
from curriculum_map.framework.crosswalk import Crosswalk
from curriculum_map.framework.levels import LevelReading, normalise
from curriculum_map.framework.model import Framework
from curriculum_map.workbook.container import Sniffed, sniff
from curriculum_map.workbook.embedded import carried_fingerprint
from curriculum_map.workbook.layout import (
    METADATA_SHEET,
    RESPONDENT_ROWS,
    RESPONDENT_VALUE_COLUMN,
    cell_ref,
)
from curriculum_map.workbook.sparse import SparseSheet, read_sparse

MAX_ROWS_SCANNED = WINDOW_ROWS
MAX_COLUMNS_SCANNED = WINDOW_COLUMNS


@dataclass(frozen=True)
class Respondent:
    name: str
    role: str = ""
    date: str = ""  # as typed (ISO when the cell held a real date)
    sheet: str = ""  # where the block is, for messages about it
    date_cell: str = ""
    remark: str = ""  # a general remark about the whole workbook
    named: bool = True  # False when no name was filled in and the file's name stands for the respondent


@dataclass
class Reading:
    """What every read file has: where it came from, who answered, the problems, whether it counts."""

    file: str
    path: Path
    respondent: Respondent = Respondent("")
    language: str = "nl"
    framework_version: str = ""
    respondent_id: str = ""  # from a personal workbook (template --roster): who it was written for
    framework_fingerprint: str = ""  # of the framework the workbook carries ('' when it carries none)
    problems: list[Problem] = field(default_factory=list)
    usable: bool = False
    modified: float = 0.0
    crosswalk: Crosswalk | None = None  # set when the workbook is of the crosswalk's old version
    offered_crosswalk: Crosswalk | None = None
    # answers as plain tuples while a reading travels between processes (see `pack`)
    packed_answers: tuple[tuple[Any, ...], ...] = ()

    def problem(self, code: str, sheet: str = "", cell: str = "", **params: Any) -> None:
        self.problems.append(Problem(code, self.file, sheet, cell, params))

    def discard_answers(self) -> None:
        """Forget what was read (the file turned out to be unreadable half-way)."""

    def pack(self) -> Reading:
        """Answers as plain tuples, levels as scores, for the trip back from a worker process.

        Pickling plain tuples of strings and numbers is several times faster than pickling named
        tuples that hold Level objects, and the main process unpacks them in `compact` anyway.
        """
        answers: list[Any] | None = getattr(self, "answers", None)
        if answers:
            index = type(answers[0])._fields.index("level")
            self.packed_answers = tuple((*a[:index], a.level.score, *a[index + 1 :]) for a in answers)
            setattr(self, "answers", [])  # noqa: B010 - every kind has answers; the base class declares none
        return self

    def compact(self, framework: Framework) -> Reading:
        """Unpack the answers and share the strings and levels that repeat across thousands of readings.

        Each workbook kind spells out its own fields: this runs in the main process for every workbook.
        """
        return self


R = TypeVar("R", bound=Reading)


def read_safely(reading: R, framework: Framework, read: Callable[[R, Sniffed, Framework], None]) -> R:
    """Check the container, then run `read`; whatever goes wrong becomes a problem on the reading."""
    sniffed = sniff(reading.path, reading.file)
    if sniffed.problem is not None:
        reading.problems.append(sniffed.problem)
        return reading
    try:
        reading.modified = reading.path.stat().st_mtime
        read(reading, sniffed, framework)
    except Exception as exc:  # noqa: BLE001 - one bad file must never stop the others
        reading.usable = False
        reading.discard_answers()
        code, reason = classify_error(exc)
        reading.problem(code, reason=reason)
    return reading


def classify_error(exc: Exception) -> tuple[str, str | Message]:
    import python_calamine

    name = type(exc).__name__
    if isinstance(exc, python_calamine.PasswordError):
        return "encrypted-workbook", name
    if isinstance(exc, (python_calamine.ZipError, python_calamine.XmlError, python_calamine.CalamineError)):
        return "corrupt-workbook", f"{name}: {str(exc)[:120]}"
    if isinstance(exc, MemoryError):
        return "unsafe-workbook", Message("reason.too_big")
    return "read-failed", f"{name}: {str(exc)[:120]}"


class Grids(Mapping[str, list[list[Any]]]):
    """The sheets of an open workbook as grids anchored at A1, each read only when asked for.

    calamine starts a sheet at its first used cell; the grids start at A1, so that indexes are
    Excel's rows and columns. A grid holds at most MAX_ROWS_SCANNED rows and MAX_COLUMNS_SCANNED
    columns: a longer sheet is noted in `truncated`, and values right of the window (or, on a sheet
    whose cells reach far, anywhere beyond it) are kept in `beyond` to be named. A sheet that the
    sniff measured as reaching far is read cell by cell (sparse), never as one dense range.
    """

    def __init__(self, workbook: Any, path: Path | None = None, sniffed: Sniffed | None = None):
        self.workbook = workbook
        self.path = path
        self.sniffed = sniffed or Sniffed("xlsx")
        self.names = list(workbook.sheet_names)
        self.cache: dict[str, list[list[Any]]] = {}
        self.truncated: dict[str, int] = {}  # sheet -> its real number of rows, when longer than read
        self.beyond: dict[str, SparseSheet] = {}  # sheet -> the values outside the window, when any

    def __getitem__(self, name: str) -> list[list[Any]]:
        if name not in self.names:
            raise KeyError(name)
        if name not in self.cache:
            size = self.sniffed.sizes.get(name)
            if size is not None and not size.fits_dense and self.path is not None:
                sheet = read_sparse(self.path, self.sniffed.kind or "xlsx", name)
                self.cache[name] = sheet.grid
                if sheet.beyond_count:
                    self.beyond[name] = sheet
            else:
                self.cache[name] = self._dense(name)
        return self.cache[name]

    def _dense(self, name: str) -> list[list[Any]]:
        sheet = self.workbook.get_sheet_by_name(name)
        start = sheet.start or (0, 0)
        if start[0] + sheet.height > MAX_ROWS_SCANNED:
            self.truncated[name] = start[0] + sheet.height
        # without skipping the empty area, the grid starts at A1 whatever the first used cell
        rows = sheet.to_python(skip_empty_area=False, nrows=MAX_ROWS_SCANNED)
        if rows and len(rows[0]) > MAX_COLUMNS_SCANNED:
            far = SparseSheet()
            for index, row in enumerate(rows):
                for column in range(MAX_COLUMNS_SCANNED, len(row)):
                    far.put(index, column, row[column])
            if far.beyond_count:
                self.beyond[name] = far
            rows = [row[:MAX_COLUMNS_SCANNED] for row in rows]
        return rows

    def __contains__(self, name: object) -> bool:
        return name in self.names

    def __iter__(self) -> Iterator[str]:
        return iter(self.names)

    def __len__(self) -> int:
        return len(self.names)


@contextmanager
def open_grids(path: Path, sniffed: Sniffed | None = None) -> Iterator[Grids]:
    """The sheets of a workbook file, read lazily with python-calamine; closed afterwards.

    Without `sniffed`, the file is checked here first; one that is unsafe raises UnsafeWorkbook.
    """
    from python_calamine import CalamineWorkbook

    if sniffed is None:
        sniffed = sniff(path, path.name)
        if sniffed.problem is not None:
            raise UnsafeWorkbook(sniffed.problem)
    workbook = CalamineWorkbook.from_path(str(path))
    try:
        yield Grids(workbook, path, sniffed)
    finally:
        workbook.close()


class UnsafeWorkbook(Exception):
    """A workbook that the container checks refuse: the problem says why."""

    def __init__(self, problem: Problem):
        super().__init__(problem.code)
        self.problem = problem


def name_cells_beyond(reading: Reading, grids: Grids) -> None:
    """Every value found far outside the sheets' tables (pressed Ctrl+Down and typed) is named, never lost."""
    for name, sheet in grids.beyond.items():
        if name == METADATA_SHEET:
            continue
        for row, column, value in sheet.beyond:
            reading.problem("text-outside-table", name, cell_ref(row + 1, column), value=cell_text(value))
        if sheet.beyond_count > len(sheet.beyond):
            reading.problem("text-outside-table-more", name, count=sheet.beyond_count - len(sheet.beyond))


def read_metadata(grid: list[list[Any]] | None) -> dict[str, str] | None:
    if grid is None:
        return None
    return {cell_text(row[0]): cell_text(row[1]) for row in grid if len(row) >= 2 and row[0] not in (None, "")}


def check_metadata(reading: Reading, framework: Framework, metadata: dict[str, str], kind: str) -> bool:
    """Language, workbook kind and framework version from the metadata; False when the answers cannot count."""
    language = metadata.get("language", "")
    reading.language = language if is_language_tag(language) else "nl"  # any language of a framework (fr)
    reading.respondent_id = metadata.get("respondent_id", "")  # a personal workbook, written from a roster
    found_kind = metadata.get("workbook_kind", "programme")
    if found_kind != kind:
        commands = {
            "positions": "positions aggregate",
            "profile": "profile read",
            "self-assessment": "staff read",
            "consult": "consult aggregate",
        }
        command = commands.get(found_kind, "aggregate")
        reading.problem("wrong-workbook-kind", sheet=METADATA_SHEET, command=command)
        return False
    found_id, found_version = metadata.get("framework_id", ""), metadata.get("framework_version", "")
    reading.framework_version = found_version
    # a workbook that carries its framework is compared with the run's framework once all are read (choice.py)
    reading.framework_fingerprint = carried_fingerprint(metadata)
    crosswalk = reading.offered_crosswalk
    if found_id == framework.id and crosswalk is not None and found_version == crosswalk.from_version:
        reading.crosswalk = crosswalk
        return True
    if (found_id, found_version) != (framework.id, framework.version):
        reading.problem(
            "framework-mismatch",
            sheet=METADATA_SHEET,
            found=f"{found_id} {found_version}".strip(),
            expected=f"{framework.id} {framework.version}",
        )
        return False
    found_hash = metadata.get("framework_hash", "")
    if not reading.framework_fingerprint and found_hash and found_hash != framework.hash:
        reading.problem(
            "framework-changed",
            sheet=METADATA_SHEET,
            version=found_version,
            found=found_hash[:12],
            expected=framework.hash[:12],
        )
    return True


def name_unread_sheets(reading: Reading, grids: Grids, read_names: set[str]) -> None:
    """A sheet the tool neither wrote nor reads (a lecturer's own notes) is named when it holds anything."""
    own = {METADATA_SHEET, *read_names, *all_translations("sheet.courses")}  # the course list is the tool's own
    instructions = {normalise(n) for n in all_translations("sheet.instructions")}
    for name in grids:
        if name in own or any(n in normalise(name) for n in instructions):  # a copy of the instructions is harmless
            continue
        filled = [
            cell_ref(index + 1, column)
            for index, row in enumerate(grids[name])
            for column, value in enumerate(row)
            if cell_text(value)
        ]
        if filled:
            reading.problem("sheet-not-read", name, count=len(filled), first=filled[0])


def id_text(value: Any) -> str:
    if isinstance(value, float):
        return repr(value)
    return cell_text(value)


@dataclass(frozen=True)
class ColumnMap:
    """Where a data sheet's fields are: the header row (0-based) and each field's column (0-based).

    `renamed` lists header cells whose text was edited but still names a known field (read, with a
    warning); `unknown` lists header cells inside the table that name no field (their values are named).
    """

    header: int
    columns: dict[str, int]
    renamed: tuple[tuple[str, int, str], ...] = ()  # (field, column, header text as found)
    unknown: tuple[tuple[int, str], ...] = ()  # (column, header text)

    @property
    def width(self) -> int:
        """Columns from A to the table's last header, inclusive."""
        return max([*self.columns.values(), *(c for c, _ in self.unknown)], default=-1) + 1


def _header_words(value: str) -> tuple[str, ...]:
    return tuple(w for w in re.findall(r"[^\W\d_]+", normalise(value)) if len(w) >= 3)


def _fuzzy_field(value: str, candidates: dict[str, set[str]]) -> str | None:
    """The one field whose header `value` is an edited form of ('Ambitie 2030' for 'Ambitie (toekomst)')."""
    words = _header_words(value)
    if not words:
        return None
    matches = {
        key
        for key, headers in candidates.items()
        for header in headers
        if (known := _header_words(header)) and (words[0] == known[0] or normalise(value).startswith(normalise(header)))
    }
    return matches.pop() if len(matches) == 1 else None


def find_columns(
    grid: list[list[Any]],
    translations: dict[str, set[str]],
    is_table: Callable[[dict[str, int]], bool],
    default: ColumnMap,
) -> ColumnMap:
    """The header row and the column of each field, read from the header texts (`translations`).

    Headers are matched exactly (any language, any case and spacing); a header that was edited but
    still starts like a known one ('Huidig niveau (2025)') is matched too and reported as renamed.
    The header row is the first of the first 40 with an 'id' column for which `is_table` holds.
    """
    headers = {normalise(t): key for key, texts in translations.items() for t in texts}
    for index, row in enumerate(grid[:40]):
        exact = [(c, headers.get(normalise(v))) for c, v in enumerate(row) if isinstance(v, str)]
        if not any(key == "id" for _, key in exact):
            continue
        columns: dict[str, int] = {}
        for c, key in exact:
            if key is not None and key not in columns:  # a header repeated further right is not the field
                columns[key] = c
        renamed, unknown = [], []
        for c, v in enumerate(row):
            if c in columns.values() or not cell_text(v):
                continue
            missing = {key: texts for key, texts in translations.items() if key not in columns}
            key = _fuzzy_field(v, missing) if isinstance(v, str) else None
            if key is not None:
                columns[key] = c
                renamed.append((key, c, cell_text(v)))
            else:
                unknown.append((c, cell_text(v)))
        if is_table(columns):
            return ColumnMap(index, columns, tuple(renamed), tuple(unknown))
    return default


def name_renamed_columns(reading: Reading, sheet: str, column_map: ColumnMap, label: Callable[[str], str]) -> None:
    """A warning for each header that was edited but is still read as its field (`label` names the field)."""
    for field_name, column, found in column_map.renamed:
        reading.problem(
            "column-renamed", sheet, cell_ref(column_map.header + 1, column), found=found, expected=label(field_name)
        )


def name_invalid_level(reading: Reading, sheet: str, ref: str, raw: Any, parsed: LevelReading, labels: str) -> None:
    """A value in a level cell that is no level: with the label meant when one is close."""
    if parsed.suggestion:
        reading.problem("invalid-level-suggestion", sheet, ref, value=cell_text(raw), suggestion=parsed.suggestion)
    else:
        reading.problem("invalid-level", sheet, ref, value=cell_text(raw), labels=labels)


def name_missing_rows(reading: Reading, sheet: str, expected: Sequence[str], seen: Container[str]) -> None:
    """Rows of the framework not found on a sheet (deleted): one warning listing their ids."""
    missing = [item_id for item_id in expected if item_id not in seen]
    if missing:
        shown = ", ".join(missing[:12]) + (" ..." if len(missing) > 12 else "")
        reading.problem("rows-missing", sheet, count=len(missing), ids=shown)


def at(row: list[Any], column: int) -> Any:
    return row[column] if 0 <= column < len(row) else None


def name_cells_outside(reading: Reading, sheet: str, grid: list[list[Any]], column_map: ColumnMap) -> None:
    """Every value typed outside the table's known columns is named, so that nothing is dropped unseen.

    Above the header only the columns right of the table count (the title and respondent block are
    the template's own); below it, columns under an unknown header or under no header at all.
    """
    width = column_map.width
    known = set(column_map.columns.values())
    unknown_headers = dict(column_map.unknown)
    inside = [c for c in range(width) if c not in known]
    for index, row in enumerate(grid):
        if len(row) <= width and (not inside or index <= column_map.header):
            continue
        columns = range(width, len(row)) if index <= column_map.header else [*inside, *range(width, len(row))]
        for column in columns:
            value = at(row, column)
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            ref = cell_ref(index + 1, column)
            if column in unknown_headers and index > column_map.header:
                reading.problem("column-unknown", sheet, ref, header=unknown_headers[column], value=cell_text(value))
            elif index != column_map.header or column not in unknown_headers:
                reading.problem("text-outside-table", sheet, ref, value=cell_text(value))


def describe_values(filled: dict[str, Any], formulas: dict[str, str], lang: str) -> str:
    parts = [f'{text(f"column.{key}", lang)} = "{cell_text(value)}"' for key, value in filled.items()]
    parts += [f"{text(f'column.{key}', lang)} = {formula}" for key, formula in formulas.items() if key not in filled]
    return "; ".join(parts)


def read_respondent(reading: Reading, grid: list[list[Any]], header: int, sheet: str) -> Respondent:
    """Name, role and date from the block above the header; labels are looked up, not assumed."""
    keys = (*RESPONDENT_ROWS, "remark")
    labels = {normalise(t): key for key in keys for t in all_translations(f"respondent.{key}")}
    values: dict[str, str] = {}
    cells: dict[str, str] = {}
    for index, row in enumerate(grid[:header]):
        for column, value in enumerate(row):
            key = labels.get(normalise(value)) if isinstance(value, str) else None
            if key and key not in values:
                # the answer is the cell right of its label (the legend may stand further right)
                values[key] = cell_text(row[column + 1]) if column + 1 < len(row) else ""
                cells[key] = cell_ref(index + 1, column + 1)
    name = values.get("name", "")
    if not name:
        name = Path(reading.file).stem
        cell = cells.get("name", cell_ref(RESPONDENT_ROWS["name"], RESPONDENT_VALUE_COLUMN))
        reading.problem("respondent-missing", sheet, cell, respondent=name)
    date = values.get("date", "")
    if date and parse_date(date, reading.language) is None:
        reading.problem("date-unreadable", sheet, cells["date"], value=date)
    remark = values.get("remark", "")
    return Respondent(
        name, values.get("role", ""), date, sheet, cells.get("date", ""), remark, named=bool(values.get("name"))
    )
