"""Read a filled profile or self-assessment workbook with the shared reading layer: every answer cell read
against its scale, and every value not read named as a problem at its cell."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from curriculum_map.core.texts import all_translations, text
from curriculum_map.framework.levels import normalise
from curriculum_map.framework.model import Framework
from curriculum_map.organisation.sheet import Question, SheetRow, decode_rows
from curriculum_map.workbook.container import Sniffed
from curriculum_map.workbook.layout import METADATA_SHEET, SheetLayout, cell_ref
from curriculum_map.workbook.reading import (
    ColumnMap,
    Grids,
    Reading,
    at,
    cell_text,
    check_metadata,
    find_columns,
    id_text,
    name_cells_beyond,
    name_cells_outside,
    name_missing_rows,
    name_unread_sheets,
    open_grids,
    read_metadata,
    read_respondent,
    read_safely,
)


class Answer(NamedTuple):
    """One answer cell as read: where, which row and question, the option id (or free text) and what was typed."""

    sheet: str
    cell: str
    item_id: str
    question: str
    value: str
    raw: str


@dataclass
class OrganisationReading(Reading):
    kind: str = ""
    organisation: str = ""
    function: str = ""
    rows: tuple[SheetRow, ...] = ()
    answers: list[Answer] = field(default_factory=list)
    unread: list[Answer] = field(default_factory=list)  # answer cells whose value is none of the choices
    cells: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)  # (item, question) -> (sheet, cell)

    def discard_answers(self) -> None:
        self.answers.clear()

    def pack(self) -> OrganisationReading:
        return self  # plain strings only: nothing to pack

    def answer(self, item_id: str, question: str) -> str:
        return next((a.value for a in self.answers if a.item_id == item_id and a.question == question), "")


@dataclass(frozen=True)
class Kind:
    """What the reader needs of a workbook kind: its name, data sheet, layout and questions."""

    name: str
    sheet_key: str
    layout: SheetLayout
    questions: tuple[Question, ...]
    personal: bool = False  # a respondent block with the person's name
    own_sheets: tuple[str, ...] = ()  # text keys of other sheets the tool writes (a list to pick from)
    # sheets of the kind's own besides the data sheet (a front sheet): reads them onto the reading and returns
    # their names (a module-level function: readings are made in worker processes)
    front: Callable[[OrganisationReading, Grids], set[str]] | None = None
    open_marker: str = ""  # rows whose id holds this are the respondent's own: their statement is an answer too
    empty_code: str = "no-answers"  # the problem of a workbook sent back without any answer

    @property
    def locked_column(self) -> bool:
        return self.layout.columns[2] not in {q.column for q in self.questions}


def read_organisation_workbook(kind: Kind, path: Path, framework: Framework, display: str | None = None) -> Any:
    """Read one workbook of `kind`; problems are collected on the reading, never raised."""
    reading = OrganisationReading(display or path.name, path, kind=kind.name)
    return read_safely(reading, framework, lambda r, sniffed, fw: _read(r, sniffed, fw, kind))


def _read(reading: OrganisationReading, sniffed: Sniffed, framework: Framework, kind: Kind) -> None:
    from curriculum_map.workbook.container import formula_cells

    with open_grids(reading.path, sniffed) as grids:
        metadata = read_metadata(grids.get(METADATA_SHEET))
        if metadata is None or not check_metadata(reading, framework, metadata, kind.name):
            if metadata is None:
                reading.problem("metadata-missing-organisation", sheet=METADATA_SHEET)
            return
        rows = decode_rows(metadata)
        sheet = _find_sheet(grids, kind)
        if rows is None or sheet is None:
            missing = text(kind.sheet_key, reading.language)
            reading.problem("sheet-missing", sheet=missing, name=missing) if sheet is None else reading.problem(
                "metadata-missing-organisation", sheet=METADATA_SHEET
            )
            return
        reading.rows, reading.organisation = rows, metadata.get("organisation", "")
        reading.function = metadata.get("function", "")
        formulas = (
            formula_cells(reading.path, sniffed.kind or "xlsx", {sheet}).get(sheet, {})
            if sniffed.may_have_formulas
            else {}
        )
        _RowReader(reading, kind, sheet, grids[sheet], formulas).read()
        own = {name for key in kind.own_sheets for name in all_translations(key)}
        read_names = {sheet, *own, *(kind.front(reading, grids) if kind.front is not None else ())}
        name_unread_sheets(reading, grids, read_names)
        name_cells_beyond(reading, grids)
    if not reading.answers:
        reading.problem(kind.empty_code)
    reading.usable = True


def _find_sheet(grids: Grids, kind: Kind) -> str | None:
    names = {normalise(n) for n in all_translations(kind.sheet_key)}
    return next((name for name in grids if normalise(name) in names), None)


class _RowReader:
    """The rows of the data sheet: each answer cell against its scale, the locked column checked."""

    def __init__(self, reading: OrganisationReading, kind: Kind, sheet: str, grid: list[list[Any]], formulas: dict):
        self.reading, self.kind, self.sheet, self.grid, self.formulas = reading, kind, sheet, grid, formulas
        self.rows = {row.item_id: row for row in reading.rows}
        self.column_map = self._columns()
        self.seen: dict[str, str] = {}

    def _columns(self) -> ColumnMap:
        layout = self.kind.layout
        translations = {key: set(all_translations(self.column_key(key))) for key in layout.columns[2:]}
        translations.get("profile", set()).update(all_translations("organisation.column.no_profile"))
        translations |= {key: set(all_translations(f"column.{key}")) for key in ("id", "competence")}
        default = ColumnMap(layout.header_row - 1, {key: layout.column(key) for key in layout.columns})
        return find_columns(self.grid, translations, lambda c: all(q.column in c for q in self.kind.questions), default)

    def column_key(self, key: str) -> str:
        """The text key of a column's header: the kind's own ('consult.column.clear') or the organisation's."""
        return f"{self.kind.name}.column.{key}" if self.kind.open_marker else f"organisation.column.{key}"

    def read(self) -> None:
        header = self.column_map.header
        if self.kind.personal:
            self.reading.respondent = read_respondent(self.reading, self.grid, header, self.sheet)
        for index in range(header + 1, len(self.grid)):
            self.read_row(self.grid[index], index + 1)
        name_cells_outside(self.reading, self.sheet, self.grid, self.column_map)
        name_missing_rows(self.reading, self.sheet, list(self.rows), self.seen)

    def ref(self, row_number: int, key: str) -> str:
        return cell_ref(row_number, self.column_map.columns.get(key, self.kind.layout.column(key)))

    def questions(self, item_id: str) -> tuple[Question, ...]:
        """The cells read on a row: the questions, and on a row of the respondent's own its statement."""
        if self.kind.open_marker and self.kind.open_marker in item_id:
            return (Question("competence"), *self.kind.questions)
        return self.kind.questions

    def typed(self, row: list[Any], row_number: int) -> dict[str, str]:
        """The question cells of a row that hold something (a formula as its formula)."""
        shown = {}
        item_id = id_text(at(row, self.column_map.columns.get("id", 0)))
        for question in self.questions(item_id):
            ref = self.ref(row_number, question.column)
            value = self.formulas.get(ref) or cell_text(at(row, self.column_map.columns.get(question.column, -1)))
            if value:
                shown[question.column] = value
        return shown

    def read_row(self, row: list[Any], row_number: int) -> None:
        item_id = id_text(at(row, self.column_map.columns.get("id", 0)))
        shown = self.typed(row, row_number)
        id_cell = self.ref(row_number, "id")
        values = "; ".join(f'{text(self.column_key(k), self.reading.language)} = "{v}"' for k, v in shown.items())
        if item_id not in self.rows or item_id in self.seen:
            if item_id in self.seen and shown:
                self.reading.problem(
                    "row-duplicated", self.sheet, id_cell, id=item_id, first=self.seen[item_id], values=values
                )
            elif shown:
                code = "unknown-id" if item_id else "row-added"
                item_type = text("item_type.competence", self.reading.language)
                self.reading.problem(code, self.sheet, id_cell, id=item_id, item_type=item_type, values=values)
            return
        self.seen[item_id] = id_cell
        for question in self.questions(item_id):  # where each answer belongs, answered or not
            self.reading.cells[(item_id, question.column)] = (self.sheet, self.ref(row_number, question.column))
        if self.kind.locked_column:
            self.check_locked(row, row_number, self.rows[item_id])
        for question in self.questions(item_id):
            if question.column in shown:
                self.read_answer(item_id, question, row, row_number)
        self.name_misplaced_choices(shown, row_number)

    def name_misplaced_choices(self, shown: dict[str, str], row_number: int) -> None:
        """A choice typed in a free-text column while its own column is empty (a cell off): kept as text, named."""
        lang = self.reading.language
        for free in (q for q in self.kind.questions if q.scale is None and q.column in shown):
            for question in (q for q in self.kind.questions if q.scale is not None and q.column not in shown):
                if question.scale is not None and question.scale.parse(shown[free.column], lang).choice is not None:
                    self.reading.problem(
                        "choice-in-text-column", self.sheet, self.ref(row_number, free.column),
                        value=shown[free.column], column=text(self.column_key(free.column), lang),
                        meant=text(self.column_key(question.column), lang),
                        target=self.ref(row_number, question.column),
                    )  # fmt: skip
                    break

    def check_locked(self, row: list[Any], row_number: int, expected: SheetRow) -> None:
        column = self.kind.layout.columns[2]
        found = cell_text(at(row, self.column_map.columns.get(column, 2)))
        if found != expected.locked:
            self.reading.problem(
                "locked-cell-changed", self.sheet, self.ref(row_number, column), value=found, expected=expected.locked
            )

    def read_answer(self, item_id: str, question: Question, row: list[Any], row_number: int) -> None:
        ref = self.ref(row_number, question.column)
        if ref in self.formulas:
            self.reading.problem("formula-in-input", self.sheet, ref, value=self.formulas[ref])
            return
        raw = at(row, self.column_map.columns.get(question.column, -1))
        if question.scale is None:
            self.reading.answers.append(
                Answer(self.sheet, ref, item_id, question.column, cell_text(raw), cell_text(raw))
            )
            return
        parsed = question.scale.parse(raw, self.reading.language)
        if parsed.choice is None:
            self.reading.unread.append(Answer(self.sheet, ref, item_id, question.column, "", cell_text(raw)))
            labels = ", ".join(f'"{label}"' for label in question.scale.labels(self.reading.language))
            if parsed.suggestion:
                self.reading.problem(
                    "invalid-option-suggestion", self.sheet, ref, value=cell_text(raw), suggestion=parsed.suggestion
                )
            else:
                self.reading.problem("invalid-option", self.sheet, ref, value=cell_text(raw), labels=labels)
            return
        self.reading.answers.append(Answer(self.sheet, ref, item_id, question.column, parsed.choice, cell_text(raw)))
