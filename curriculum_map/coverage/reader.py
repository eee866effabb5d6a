"""Read one filled programme workbook into answers and problems, never guessing and never dropping a value.

Cell values come from python-calamine (fast); formulas are found by container.formula_cells.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from curriculum_map.core.dates import parse_date
from curriculum_map.core.problems import Problem
from curriculum_map.core.texts import LANGUAGES, all_translations, text
from curriculum_map.framework.crosswalk import Crosswalk
from curriculum_map.framework.levels import LevelParser, LevelReading, normalise
from curriculum_map.framework.model import Framework, Level, Programme
from curriculum_map.render.output import is_output_name, is_report_folder, read_manifest
from curriculum_map.workbook.container import Sniffed, formula_cells, sniff
from curriculum_map.workbook.layout import (
    DATA_SHEETS,
    INPUT_FIELDS,
    LEVEL_FIELDS,
    METADATA_SHEET,
    RESPONDENT_ROWS,
    RESPONDENT_VALUE_COLUMN,
    TEXT_FIELDS,
    SheetLayout,
    cell_ref,
    column_letter,
)

MAX_ROWS_SCANNED = 5000
MAX_COLUMNS_SCANNED = 50


@dataclass(frozen=True)
class Respondent:
    name: str
    role: str = ""
    date: str = ""  # as typed (ISO when the cell held a real date)
    sheet: str = ""  # where the block is, for messages about it
    date_cell: str = ""


class Answer(NamedTuple):
    """One answered level cell, with the row's free texts."""

    sheet: str
    cell: str
    item_id: str
    item_type: str
    field: str
    level: Level
    raw: str
    evidence: str = ""
    comment: str = ""


@dataclass
class Reading:
    """What every read file has: where it came from, who answered, the problems, whether it counts."""

    file: str
    path: Path
    respondent: Respondent = Respondent("")
    language: str = "nl"
    framework_version: str = ""
    problems: list[Problem] = field(default_factory=list)
    usable: bool = False
    modified: float = 0.0
    crosswalk: Crosswalk | None = None  # set when the workbook is of the crosswalk's old version
    offered_crosswalk: Crosswalk | None = None
    # answers as plain tuples while a reading travels between processes (see ingest.pack)
    packed_answers: tuple[tuple[Any, ...], ...] = ()

    def problem(self, code: str, sheet: str = "", cell: str = "", **params: Any) -> None:
        self.problems.append(Problem(code, self.file, sheet, cell, params))

    def discard_answers(self) -> None:
        """Forget what was read (the file turned out to be unreadable half-way)."""


@dataclass
class WorkbookReading(Reading):
    """Everything read from one programme workbook: the programme, the answers, the problems."""

    programme: Programme | None = None
    answers: list[Answer] = field(default_factory=list)
    # where render_csv.ResponseSpool put this workbook's rows of responses.csv: (file, offset, length)
    spooled_rows: tuple[str, int, int] | None = None

    def discard_answers(self) -> None:
        self.answers.clear()


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


def read_workbook(
    path: Path, framework: Framework, display: str | None = None, crosswalk: Crosswalk | None = None
) -> WorkbookReading:
    """Read a filled programme workbook; problems are collected on the result, never raised.

    With a crosswalk, a workbook of the crosswalk's old version is read with its ids translated.
    """
    reading = WorkbookReading(display or path.name, path, offered_crosswalk=crosswalk)
    return read_safely(reading, framework, _read)


def classify_error(exc: Exception) -> tuple[str, str]:
    import python_calamine

    name = type(exc).__name__
    if isinstance(exc, python_calamine.PasswordError):
        return "encrypted-workbook", name
    if isinstance(exc, (python_calamine.ZipError, python_calamine.XmlError, python_calamine.CalamineError)):
        return "corrupt-workbook", f"{name}: {str(exc)[:120]}"
    if isinstance(exc, MemoryError):
        return "unsafe-workbook", "te groot om te lezen"
    return "read-failed", f"{name}: {str(exc)[:120]}"


def cell_text(value: Any) -> str:
    """A cell value as the text a user sees ('3' for 3.0, ISO dates)."""
    if value.__class__ is str:  # the common case first: this runs for every cell read
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _read(reading: WorkbookReading, sniffed: Sniffed, framework: Framework) -> None:
    with open_grids(reading.path) as grids:
        _read_grids(reading, sniffed, framework, grids)


def _read_grids(reading: WorkbookReading, sniffed: Sniffed, framework: Framework, grids: Grids) -> None:
    metadata = read_metadata(grids.get(METADATA_SHEET))
    if not _identify(reading, framework, metadata, grids):
        return
    sheets = _find_data_sheets(grids, framework)
    copies = {layout.key: _copies_of(grids, layout, sheets) for layout in DATA_SHEETS}
    read_names = {*sheets.values(), *(name for names in copies.values() for name in names)}
    formulas = formula_cells(reading.path, sniffed.kind or "xlsx", read_names) if sniffed.may_have_formulas else {}
    plan = read_plan(framework)
    for layout in DATA_SHEETS:
        sheet_name = sheets.get(layout.key)
        if sheet_name is None:
            reading.problem("sheet-missing", sheet=text(f"sheet.{layout.key}", reading.language),
                            name=text(f"sheet.{layout.key}", reading.language))  # fmt: skip
            continue
        if copies[layout.key]:
            _read_sheet_and_copies(reading, plan, layout, [sheet_name, *copies[layout.key]], grids, formulas)
        else:
            _read_sheet(reading, plan, layout, sheet_name, grids[sheet_name], formulas.get(sheet_name, {}))
    name_unread_sheets(reading, grids, read_names)
    for sheet_name, height in grids.truncated.items():
        if sheet_name in sheets.values():
            reading.problem("sheet-too-long", sheet_name, rows=height, read=MAX_ROWS_SCANNED)
    if not reading.respondent.name:
        reading.respondent = Respondent(Path(reading.file).stem)
    if not reading.answers:
        reading.problem("no-answers")
    reading.usable = True


class Grids(Mapping[str, list[list[Any]]]):
    """The sheets of an open workbook as grids anchored at A1, each read only when asked for.

    calamine starts a sheet at its first used cell; the grids start at A1, so that indexes are
    Excel's rows and columns. Reading stops at MAX_ROWS_SCANNED rows and MAX_COLUMNS_SCANNED columns.
    """

    def __init__(self, workbook: Any):
        self.workbook = workbook
        self.names = list(workbook.sheet_names)
        self.cache: dict[str, list[list[Any]]] = {}
        self.truncated: dict[str, int] = {}  # sheet -> its real number of rows, when longer than read

    def __getitem__(self, name: str) -> list[list[Any]]:
        if name not in self.names:
            raise KeyError(name)
        if name not in self.cache:
            sheet = self.workbook.get_sheet_by_name(name)
            start = sheet.start or (0, 0)
            if start[0] + sheet.height > MAX_ROWS_SCANNED:
                self.truncated[name] = start[0] + sheet.height
            # without skipping the empty area, the grid starts at A1 whatever the first used cell
            rows = sheet.to_python(skip_empty_area=False, nrows=MAX_ROWS_SCANNED)
            if rows and len(rows[0]) > MAX_COLUMNS_SCANNED:
                rows = [row[:MAX_COLUMNS_SCANNED] for row in rows]
            self.cache[name] = rows
        return self.cache[name]

    def __contains__(self, name: object) -> bool:
        return name in self.names

    def __iter__(self) -> Iterator[str]:
        return iter(self.names)

    def __len__(self) -> int:
        return len(self.names)


@contextmanager
def open_grids(path: Path) -> Iterator[Grids]:
    """The sheets of a workbook file, read lazily with python-calamine; closed afterwards."""
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_path(str(path))
    try:
        yield Grids(workbook)
    finally:
        workbook.close()


def read_metadata(grid: list[list[Any]] | None) -> dict[str, str] | None:
    if grid is None:
        return None
    return {cell_text(row[0]): cell_text(row[1]) for row in grid if len(row) >= 2 and row[0] not in (None, "")}


def _identify(
    reading: WorkbookReading, framework: Framework, metadata: dict[str, str] | None, grids: dict[str, list[list[Any]]]
) -> bool:
    """Programme, language and framework of the workbook; False when its answers cannot be counted."""
    if metadata is not None:
        if not check_metadata(reading, framework, metadata, "programme"):
            return False
        programme = framework.find_programme(metadata.get("programme_id", "")) or framework.find_programme(
            metadata.get("programme", "")
        )
        if programme is not None:
            reading.programme = programme
            return True
    reading.language = _guess_language(grids)
    programme, source = _programme_from_content(framework, grids, reading.path)
    if programme is None:
        reading.problem("programme-unknown")
        return False
    reading.programme = programme
    reading.framework_version = reading.framework_version or framework.version
    reading.problem("metadata-missing", sheet=METADATA_SHEET, programme=programme.name.get(), source=source)
    return True


def check_metadata(reading: Reading, framework: Framework, metadata: dict[str, str], kind: str) -> bool:
    """Language, workbook kind and framework version from the metadata; False when the answers cannot count."""
    reading.language = metadata.get("language") if metadata.get("language") in LANGUAGES else "nl"
    found_kind = metadata.get("workbook_kind", "programme")
    if found_kind != kind:
        command = "positions aggregate" if found_kind == "positions" else "aggregate"
        reading.problem("wrong-workbook-kind", sheet=METADATA_SHEET, command=command)
        return False
    found_id, found_version = metadata.get("framework_id", ""), metadata.get("framework_version", "")
    reading.framework_version = found_version
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
    if found_hash and found_hash != framework.hash:
        reading.problem(
            "framework-changed",
            sheet=METADATA_SHEET,
            version=found_version,
            found=found_hash[:12],
            expected=framework.hash[:12],
        )
    return True


def _guess_language(grids: dict[str, list[list[Any]]]) -> str:
    for lang in LANGUAGES:
        if text("sheet.competences", lang) in grids or text("sheet.instructions", lang) in grids:
            return lang
    return "nl"


def _programme_from_content(
    framework: Framework, grids: dict[str, list[list[Any]]], path: Path
) -> tuple[Programme | None, str]:
    """The programme named in a sheet title ('... – Sociaal werk') or, failing that, in the file name."""
    candidates = sorted(
        ((normalise(name), programme) for programme in framework.programmes for name in programme.name.all()),
        key=lambda pair: -len(pair[0]),
    )
    for grid in grids.values():
        title = normalise(cell_text(grid[0][0])) if grid and grid[0] else ""
        for name, programme in candidates:
            if title.endswith(name) and ("–" in title or "-" in title):
                return programme, "de titel van het blad"
    stem = normalise(path.stem)
    for name, programme in candidates:
        if name in stem:
            return programme, "de bestandsnaam"
    return None, ""


def _find_data_sheets(grids: dict[str, list[list[Any]]], framework: Framework) -> dict[str, str]:
    """Sheet name per layout key: by name in any language, else by the ids in its first column."""
    found: dict[str, str] = {}
    for layout in DATA_SHEETS:
        names = all_translations(f"sheet.{layout.key}")
        match = next((name for name in grids if name in names), None)
        if match is None:
            match = next((name for name in grids if normalise(name) in {normalise(n) for n in names}), None)
        if match is not None:
            found[layout.key] = match
    for layout in DATA_SHEETS:
        if layout.key in found:
            continue
        wanted = (
            {x.id for x in framework.components}
            if layout.item_type == "component"
            else {x.id for x in framework.competences}
        )
        best, best_count = None, 0
        for name, grid in grids.items():
            if name == METADATA_SHEET or name in found.values():
                continue
            count = sum(1 for row in grid if row and id_text(row[0]) in wanted)
            if count > best_count:
                best, best_count = name, count
        if best is not None and best_count >= max(1, len(wanted) // 3):
            found[layout.key] = best
    return found


def _copies_of(grids: Grids, layout: SheetLayout, found: dict[str, str]) -> list[str]:
    """Other sheets that look like a copy of a data sheet ('Matrix (2)', 'Kopie van Competenties')."""
    names = {normalise(n) for n in all_translations(f"sheet.{layout.key}")}
    skip = {METADATA_SHEET, *found.values()}
    return [name for name in grids if name not in skip and any(n in normalise(name) for n in names)]


def _read_sheet_and_copies(
    reading: WorkbookReading,
    plan: ReadPlan,
    layout: SheetLayout,
    names: list[str],
    grids: Grids,
    formulas: dict[str, dict[str, str]],
) -> None:
    """A data sheet that was duplicated: read the original, or the one copy filled in when it is blank.

    Every value on a sheet that is not used is named with its cell, so that no answer goes unseen.
    """
    parts = {}
    for name in names:
        part = WorkbookReading(reading.file, reading.path, language=reading.language, crosswalk=reading.crosswalk)
        _read_sheet(part, plan, layout, name, grids[name], formulas.get(name, {}))
        parts[name] = part
    original, *copies = names
    filled_copies = [name for name in copies if parts[name].answers]
    chosen = original
    if not parts[original].answers and filled_copies:
        chosen = max(filled_copies, key=lambda name: len(parts[name].answers))
    used = parts[chosen]
    reading.answers += used.answers
    reading.problems += used.problems
    if layout.key == "matrix":
        reading.respondent = used.respondent
    if chosen != original:
        reading.problem("sheet-copy-used", chosen, original=original, copy=chosen)
    for name in names:
        if name == chosen:
            continue
        for ref, value in _input_cells(grids[name], layout):
            reading.problem("sheet-copy-ignored", name, ref, original=chosen, value=value)


def _input_cells(grid: list[list[Any]], layout: SheetLayout) -> Iterator[tuple[str, str]]:
    """Every filled cell of a data sheet's input columns below its header, as (reference, text)."""
    column_map = _column_map(grid, layout)
    columns = sorted(c for f, c in column_map.columns.items() if f in (*LEVEL_FIELDS, *TEXT_FIELDS))
    for index in range(column_map.header + 1, len(grid)):
        for column in columns:
            value = cell_text(_at(grid[index], column))
            if value:
                yield cell_ref(index + 1, column), value


def name_unread_sheets(reading: Reading, grids: Grids, read_names: set[str]) -> None:
    """A sheet the tool neither wrote nor reads (a lecturer's own notes) is named when it holds anything."""
    own = {METADATA_SHEET, *read_names}
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


def _column_map(grid: list[list[Any]], layout: SheetLayout) -> ColumnMap:
    """The header row and the column of each field, read from the header texts.

    Headers are matched exactly (any language, any case and spacing); a header that was edited but
    still starts like a known one ('Huidig niveau (2025)') is matched too and reported as renamed.
    """
    # last year's column (prefilled workbooks) is the tool's own: known, never read
    translations = {key: all_translations(f"column.{key}") for key in dict.fromkeys((*layout.columns, "previous"))}
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
        if "level" in columns or "ambition" in columns:
            return ColumnMap(index, columns, tuple(renamed), tuple(unknown))
    return ColumnMap(layout.header_row - 1, {key: layout.column(key) for key in layout.columns})


@dataclass
class ReadPlan:
    """What reading needs from a framework, worked out once per framework and process.

    A worker reads thousands of workbooks of one framework: the parser (which remembers the few
    dropdown values it meets), the expected ids and the accepted cluster names are built once.
    """

    framework: Framework
    parser: LevelParser
    expected: dict[str, tuple[str, ...]]  # item type -> ids in framework order
    expected_sets: dict[str, frozenset[str]]
    cluster_names: dict[str, frozenset[str]]  # component or competence id -> accepted cluster names
    cluster_checked: dict[tuple[str, str], bool] = field(default_factory=dict)

    @classmethod
    def build(cls, framework: Framework) -> ReadPlan:
        expected = {
            "component": tuple(x.id for x in framework.components),
            "competence": tuple(x.id for x in framework.competences),
        }
        names = {}
        for cluster in framework.clusters:
            accepted = frozenset(normalise(name) for name in (*cluster.name.all(), *cluster.aliases))
            for component in cluster.components:
                names[component.id] = accepted
                names.update((competence.id, accepted) for competence in component.competences)
        return cls(
            framework,
            LevelParser(framework.levels),
            expected,
            {kind: frozenset(ids) for kind, ids in expected.items()},
            names,
        )

    def cluster_name_fits(self, item_id: str, written: str) -> bool:
        key = (item_id, written)
        fits = self.cluster_checked.get(key)
        if fits is None:
            accepted = self.cluster_names[item_id]
            fits = normalise(written) in accepted or normalise(_CLUSTER_NUMBER.sub("", written, count=1)) in accepted
            if len(self.cluster_checked) < 10_000 and len(written) <= 200:  # bounded, like the level memo
                self.cluster_checked[key] = fits
        return fits


_plans: dict[int, ReadPlan] = {}


def read_plan(framework: Framework) -> ReadPlan:
    plan = _plans.get(id(framework))
    if plan is None or plan.framework is not framework:
        if len(_plans) >= 8:
            _plans.clear()
        plan = _plans[id(framework)] = ReadPlan.build(framework)
    return plan


def _read_sheet(
    reading: WorkbookReading,
    plan: ReadPlan,
    layout: SheetLayout,
    sheet: str,
    grid: list[list[Any]],
    formulas: dict[str, str],
) -> None:
    """Every row of one data sheet: answers for known ids, a named problem for everything else.

    This loop runs for every row of every workbook, so the common row (a known id, dropdown
    values) takes the short way; rows that need a problem described take the long one.
    """
    framework, parser = plan.framework, plan.parser
    column_map = _column_map(grid, layout)
    header, columns = column_map.header, column_map.columns
    if layout.key == "matrix":
        reading.respondent = read_respondent(reading, grid, header, sheet)
    for field_name, column, found in column_map.renamed:
        reading.problem(
            "column-renamed",
            sheet,
            cell_ref(header + 1, column),
            found=found,
            expected=text(f"column.{field_name}", reading.language),
        )
    expected, expected_set = plan.expected[layout.item_type], plan.expected_sets[layout.item_type]
    seen: dict[str, str] = {}
    input_columns = [(f, columns[f]) for f in (*LEVEL_FIELDS, *TEXT_FIELDS) if f in columns]
    level_columns = [(f, columns[f], column_letter(columns[f])) for f in LEVEL_FIELDS if f in columns]
    id_column, id_letter = columns["id"], column_letter(columns["id"])
    cluster_column = columns.get("cluster")
    evidence_column, comment_column = columns.get("evidence", -1), columns.get("comment", -1)
    crosswalk = reading.crosswalk

    def filled_inputs(row: list[Any]) -> dict[str, Any]:
        found = {f: row[c] for f, c in input_columns if c < len(row)}
        return {f: v for f, v in found.items() if v is not None and (not isinstance(v, str) or v.strip())}

    def formulas_in(row_number: int) -> dict[str, str]:
        refs = {f: cell_ref(row_number, c) for f, c in input_columns}
        return {f: formulas[ref] for f, ref in refs.items() if ref in formulas}

    for index in range(header + 1, len(grid)):
        row = grid[index]
        width = len(row)
        row_number = index + 1
        raw_id = row[id_column] if id_column < width else None
        item_id = "" if raw_id is None else id_text(raw_id)
        if item_id and crosswalk is not None:
            old_id, item_id = item_id, crosswalk.translate(item_id) or ""
            if not item_id:
                if filled := filled_inputs(row):
                    reading.problem(
                        "item-removed",
                        sheet,
                        f"{id_letter}{row_number}",
                        id=old_id,
                        version=crosswalk.to_version,
                        values=describe_values(filled, {}, reading.language),
                    )
                continue
        if not item_id or item_id not in expected_set or item_id in seen:
            filled = filled_inputs(row)
            if filled and not item_id:  # an added row: its own labels (a component typed beside) are kept too
                filled = {**_filled_labels(row, columns), **filled}
            _misplaced_row(reading, framework, layout, sheet, row_number, f"{id_letter}{row_number}", item_id, seen,
                           filled, formulas_in(row_number) if formulas else {})  # fmt: skip
            continue
        seen[item_id] = f"{id_letter}{row_number}"
        if cluster_column is not None and cluster_column < width:
            written = row[cluster_column]
            # merged cells carry the name on the cluster's first row only
            if isinstance(written, str) and written.strip() and not plan.cluster_name_fits(item_id, written):
                reading.problem(
                    "cluster-mismatch",
                    sheet,
                    cell_ref(row_number, cluster_column),
                    id=item_id,
                    found=written.strip(),
                    expected=framework.cluster_of(item_id).name.get(reading.language),
                )
        evidence = cell_text(row[evidence_column]) if 0 <= evidence_column < width else ""
        comment = cell_text(row[comment_column]) if 0 <= comment_column < width else ""
        if formulas:
            for field_name, column in (("evidence", evidence_column), ("comment", comment_column)):
                ref = cell_ref(row_number, column) if column >= 0 else ""
                if ref in formulas:
                    reading.problem("formula-in-input", sheet, ref, value=formulas[ref])
                    if field_name == "evidence":
                        evidence = ""
                    else:
                        comment = ""
        answered = False
        for field_name, column, letter in level_columns:
            ref = f"{letter}{row_number}"
            raw = row[column] if column < width else None
            if formulas and ref in formulas:
                reading.problem("formula-in-input", sheet, ref, value=formulas[ref])
                continue
            level_reading = parser.parse(raw)
            if level_reading.blank:
                continue
            if level_reading.level is None:
                _invalid_level(reading, framework, sheet, ref, raw, level_reading)
                continue
            answered = True
            reading.answers.append(
                Answer(sheet, ref, item_id, layout.item_type, field_name, level_reading.level, cell_text(raw),
                       evidence, comment)
            )  # fmt: skip
        if evidence or comment:
            texts = {"evidence": (evidence_column, evidence), "comment": (comment_column, comment)}
            _check_free_texts(reading, parser, sheet, row_number, item_id, answered, row, columns, texts)
    _name_cells_outside(reading, sheet, grid, column_map)
    missing = [item_id for item_id in expected if item_id not in seen]
    if missing and crosswalk is None:  # items new since the old version are simply not answered
        shown = ", ".join(missing[:12]) + (" ..." if len(missing) > 12 else "")
        reading.problem("rows-missing", sheet, count=len(missing), ids=shown)


def _check_free_texts(
    reading: WorkbookReading,
    parser: LevelParser,
    sheet: str,
    row_number: int,
    item_id: str,
    answered: bool,
    row: list[Any],
    columns: dict[str, int],
    texts: dict[str, tuple[int, str]],
) -> None:
    """A level typed into a free-text column is named with the column meant; text alone is noted."""
    blank_levels = [f for f in LEVEL_FIELDS if f in columns and parser.parse(_at(row, columns[f])).blank]
    for field_name, (column, value) in texts.items():
        if not value:
            continue
        if blank_levels and parser.parse(value).level is not None:
            reading.problem(
                "level-in-text-column",
                sheet,
                cell_ref(row_number, column),
                value=value,
                column=text(f"column.{field_name}", reading.language),
                meant=text(f"column.{blank_levels[0]}", reading.language),
            )
        elif not answered:
            reading.problem("text-without-level", sheet, cell_ref(row_number, column), item=item_id, value=value)


def _filled_labels(row: list[Any], columns: dict[str, int]) -> dict[str, Any]:
    """The label columns of a row (cluster, component, competence) that hold text."""
    labels = {f: _at(row, c) for f, c in columns.items() if f not in (*INPUT_FIELDS, "id", "previous")}
    return {f: v for f, v in labels.items() if cell_text(v)}


def _at(row: list[Any], column: int) -> Any:
    return row[column] if 0 <= column < len(row) else None


def _name_cells_outside(reading: Reading, sheet: str, grid: list[list[Any]], column_map: ColumnMap) -> None:
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
            value = _at(row, column)
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            ref = cell_ref(index + 1, column)
            if column in unknown_headers and index > column_map.header:
                reading.problem("column-unknown", sheet, ref, header=unknown_headers[column], value=cell_text(value))
            elif index != column_map.header or column not in unknown_headers:
                reading.problem("text-outside-table", sheet, ref, value=cell_text(value))


def _misplaced_row(
    reading: WorkbookReading,
    framework: Framework,
    layout: SheetLayout,
    sheet: str,
    row_number: int,
    id_cell: str,
    item_id: str,
    seen: dict[str, str],
    filled: dict[str, Any],
    formulas: dict[str, str],
) -> None:
    """A row without an id, with an id of no item on this sheet, or with an id seen before.

    Empty rows (titles, spacing) are fine; a row with anything filled in is named, with its values,
    so that nothing is silently dropped.
    """
    values = describe_values(filled, formulas, reading.language)
    if not item_id:
        if values:
            reading.problem("row-added", sheet, id_cell, values=values)
    elif item_id in seen:
        if values:
            reading.problem("row-duplicated", sheet, id_cell, id=item_id, first=seen[item_id], values=values)
    elif values or framework.item(item_id) is None:
        item_type = text(f"item_type.{layout.item_type}", reading.language)
        reading.problem("unknown-id", sheet, id_cell, id=item_id, item_type=item_type, values=values or "-")


def _invalid_level(
    reading: WorkbookReading, framework: Framework, sheet: str, ref: str, raw: Any, level_reading: LevelReading
) -> None:
    if level_reading.suggestion:
        reading.problem(
            "invalid-level-suggestion", sheet, ref, value=cell_text(raw), suggestion=level_reading.suggestion
        )
    else:
        labels = ", ".join(f'"{label}"' for label in framework.level_labels(reading.language))
        reading.problem("invalid-level", sheet, ref, value=cell_text(raw), labels=labels)


_CLUSTER_NUMBER = re.compile(r"^\s*[0-9A-Za-z]+[.)]?\s+")


def describe_values(filled: dict[str, Any], formulas: dict[str, str], lang: str) -> str:
    parts = [f'{text(f"column.{key}", lang)} = "{cell_text(value)}"' for key, value in filled.items()]
    parts += [f"{text(f'column.{key}', lang)} = {formula}" for key, formula in formulas.items() if key not in filled]
    return "; ".join(parts)


def read_respondent(reading: Reading, grid: list[list[Any]], header: int, sheet: str) -> Respondent:
    """Name, role and date from the block above the header; labels are looked up, not assumed."""
    labels = {normalise(t): key for key in RESPONDENT_ROWS for t in all_translations(f"respondent.{key}")}
    values: dict[str, str] = {}
    cells: dict[str, str] = {}
    for index, row in enumerate(grid[:header]):
        for column, value in enumerate(row):
            key = labels.get(normalise(value)) if isinstance(value, str) else None
            if key and key not in values:
                filled = next((c for c in range(column + 1, len(row)) if cell_text(row[c])), None)
                values[key] = cell_text(row[filled]) if filled is not None else ""
                cells[key] = cell_ref(index + 1, filled if filled is not None else column + 1)
    name = values.get("name", "")
    if not name:
        name = Path(reading.file).stem
        cell = cells.get("name", cell_ref(RESPONDENT_ROWS["name"], RESPONDENT_VALUE_COLUMN))
        reading.problem("respondent-missing", sheet, cell, respondent=name)
    date = values.get("date", "")
    if date and parse_date(date, reading.language) is None:
        reading.problem("date-unreadable", sheet, cells["date"], value=date)
    return Respondent(name, values.get("role", ""), date, sheet, cells.get("date", ""))


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
                own_outputs = _own_outputs(folder)
                for name in sorted(names):
                    path = folder / name
                    shown = str(path.relative_to(given))
                    if name.startswith((".", "~$")):  # hidden, or Office's lock file beside an open workbook
                        continue
                    if name in own_outputs:
                        skipped.append(shown)
                    elif path.suffix.lower() in WORKBOOK_SUFFIXES + LOOKALIKE_SUFFIXES:
                        files.append((path, shown))
        elif given.name.startswith("~$") or given.name in _own_outputs(given.parent):
            skipped.append(str(given))
        else:
            files.append((given, str(given) if not given.is_absolute() else given.name))
    problems = []
    if skipped:
        shown = ", ".join(skipped[:10]) + (f" (+{len(skipped) - 10})" if len(skipped) > 10 else "")
        problems.append(Problem("inputs-skipped", params={"count": len(skipped), "files": shown}))
    return files, problems


def _own_outputs(folder: Path) -> set[str]:
    """The files in `folder` that this tool wrote as a report (none when it is no report folder)."""
    if not is_report_folder(folder):
        return set()
    manifest = read_manifest(folder)
    listed = set(manifest.get("files", {})) if manifest else set()
    return {p.name for p in folder.iterdir() if p.is_file() and (p.name in listed or is_output_name(p.name))}


def _only_outputs_below(folder: Path) -> bool:
    """A report folder given as input holds nothing else to read (no workbooks were saved into it)."""
    own = _own_outputs(folder)
    return not any(
        p.suffix.lower() in WORKBOOK_SUFFIXES and p.name not in own and not p.name.startswith((".", "~$"))
        for p in folder.rglob("*")
    )


WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".ods")
# Files users send as "the workbook" although they are not one: read them, so the problem is named.
LOOKALIKE_SUFFIXES = (".xls", ".xlsb", ".xltx", ".csv", ".numbers")
