"""Read a filled positions workbook: per competence the chosen position and the explanation, plus the
competences a respondent added in the empty rows.

A workbook of the earlier grid form (per competence and position an expectation) is refused with
positions-grid-form: its answers are not one choice per competence, and reading them as if they were
would misread them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from curriculum_map.core.texts import all_translations, text
from curriculum_map.framework.levels import normalise
from curriculum_map.framework.model import Framework, Proposal, Text
from curriculum_map.positions.choices import ChoiceParser
from curriculum_map.positions.lists import decode_proposal
from curriculum_map.positions.template import FORM, LAYOUT, WORKBOOK_KIND
from curriculum_map.workbook.container import Sniffed
from curriculum_map.workbook.layout import METADATA_SHEET, cell_ref
from curriculum_map.workbook.reading import (
    MAX_ROWS_SCANNED,
    ColumnMap,
    Grids,
    Reading,
    Respondent,
    cell_text,
    check_metadata,
    find_columns,
    id_text,
    name_cells_beyond,
    name_cells_outside,
    name_missing_rows,
    name_renamed_columns,
    name_unread_sheets,
    open_grids,
    read_metadata,
    read_respondent,
    read_safely,
)

_OWN_ROW = re.compile(r"^(?P<component>.+)\.eigen(?P<number>\d+)$")
INPUT_COLUMNS = ("choice", "comment")


class ChoiceAnswer(NamedTuple):
    """A competence's row as answered: the choice (a position id, 'n/a', or '' when only explained) and why."""

    sheet: str
    cell: str  # the choice cell, or the explanation's cell when no choice was made
    item_id: str
    choice: str
    raw: str
    comment: str = ""


@dataclass(frozen=True)
class OwnCompetence:
    """A competence a respondent added in one of the empty rows under a component, verbatim."""

    sheet: str
    cell: str
    component_id: str
    row_id: str
    text: str
    choice: str  # a position id, 'n/a', or '' when none was chosen
    comment: str = ""


@dataclass
class PositionsReading(Reading):
    organisation: str = ""
    answers: list[ChoiceAnswer] = field(default_factory=list)
    own: list[OwnCompetence] = field(default_factory=list)
    proposal: Proposal | None = None  # the proposal the workbook was made with (from its metadata)

    @property
    def choices(self) -> dict[str, str]:
        """The choice per competence (explanations without a choice left out)."""
        return {a.item_id: a.choice for a in self.answers if a.choice}

    def discard_answers(self) -> None:
        self.answers.clear()
        self.own.clear()

    def pack(self) -> PositionsReading:
        """Answers as plain tuples for the trip back from a worker process (they hold only strings)."""
        if self.answers:
            self.packed_answers = tuple(tuple(a) for a in self.answers)
            self.answers = []
        return self

    def compact(self, framework: Framework) -> PositionsReading:
        """Unpack the answers a worker sent."""
        if self.packed_answers:
            self.answers = [ChoiceAnswer(*row) for row in self.packed_answers]
            self.packed_answers = ()
        return self


def read_positions_workbook(path: Path, framework: Framework, display: str | None = None) -> PositionsReading:
    """Read a filled positions workbook; problems are collected on the result, never raised."""
    return read_safely(PositionsReading(display or path.name, path), framework, _read)


def _read(reading: PositionsReading, sniffed: Sniffed, framework: Framework) -> None:
    with open_grids(reading.path, sniffed) as grids:
        _read_grids(reading, sniffed, framework, grids)


def _read_grids(reading: PositionsReading, sniffed: Sniffed, framework: Framework, grids: Grids) -> None:
    from curriculum_map.workbook.container import formula_cells

    metadata = read_metadata(grids.get(METADATA_SHEET))
    if metadata is None:
        reading.problem("metadata-missing-positions", sheet=METADATA_SHEET)
    elif not check_metadata(reading, framework, metadata, WORKBOOK_KIND):
        return
    elif metadata.get("positions_form") != FORM:
        reading.problem("positions-grid-form", sheet=METADATA_SHEET)
        return
    else:
        reading.organisation = metadata.get("organisation", "")
        reading.proposal = decode_proposal(metadata.get("proposal_name", ""), metadata.get("proposal", ""), framework)
    sheet = _find_sheet(grids, framework)
    if sheet is None:
        missing = text("sheet.positions", reading.language)
        reading.problem("sheet-missing", sheet=missing, name=missing)
        return
    grid = grids[sheet]
    grid_header = _grid_form_header(grid, framework) if metadata is None else None
    if grid_header is not None:  # no metadata, but the columns of the earlier form
        reading.problem("positions-grid-form", sheet, grid_header)
        return
    formulas = (
        formula_cells(reading.path, sniffed.kind or "xlsx", {sheet}).get(sheet, {}) if sniffed.may_have_formulas else {}
    )
    _SheetReader(reading, framework, sheet, grid, formulas, metadata is None).read()
    name_unread_sheets(reading, grids, {sheet})
    name_cells_beyond(reading, grids)
    if sheet in grids.truncated:
        reading.problem("sheet-too-long", sheet, rows=grids.truncated[sheet], read=MAX_ROWS_SCANNED)
    if not reading.respondent.name:
        reading.respondent = Respondent(Path(reading.file).stem, named=False)
    if not any(a.choice for a in reading.answers) and not reading.own:
        reading.problem("no-answers")
    reading.usable = True


def _find_sheet(grids: Grids, framework: Framework) -> str | None:
    names = {normalise(n) for n in all_translations("sheet.positions")}
    for name in grids:
        if normalise(name) in names:
            return name
    wanted = {x.id for x in framework.competences}
    counts = {
        name: sum(1 for row in grid if row and id_text(row[0]) in wanted)
        for name, grid in grids.items()
        if name != METADATA_SHEET
    }
    best = max(counts, key=lambda n: counts[n], default=None)
    return best if best is not None and counts[best] >= len(wanted) // 3 else None


def _grid_form_header(grid: list[list[Any]], framework: Framework) -> str | None:
    """The cell of the header row of the earlier form (a column per position), when this sheet has one."""
    names = {normalise(n) for p in framework.positions for n in (*p.name.all(), *p.aliases)}
    ids = {normalise(n) for n in all_translations("column.id")}
    for index, row in enumerate(grid[:40]):
        headers = [normalise(value) if isinstance(value, str) else "" for value in row]
        found = [c for c, value in enumerate(headers) if value in names]
        if ids & set(headers) and len(found) >= min(2, len(framework.positions)):
            return cell_ref(index + 1, found[0])
    return None


def _columns(grid: list[list[Any]]) -> ColumnMap:
    """Header row and column of each field, found by their titles in any language."""
    translations = {"id": set(all_translations("column.id")), "competence": set(all_translations("column.competence"))}
    for key in ("proposal", "choice", "comment"):
        translations[key] = set(all_translations(f"positions.column.{key}"))
    return find_columns(
        grid,
        translations,
        lambda columns: "choice" in columns,
        ColumnMap(LAYOUT.header_row - 1, {key: LAYOUT.column(key) for key in LAYOUT.columns}),
    )


class _SheetReader:
    """Reads the rows of the data sheet: each competence's choice and explanation, and the own rows."""

    def __init__(
        self,
        reading: PositionsReading,
        framework: Framework,
        sheet: str,
        grid: list[list[Any]],
        formulas: dict[str, str],
        metadata_missing: bool,
    ):
        self.reading = reading
        self.framework = framework
        self.sheet = sheet
        self.grid = grid
        self.formulas = formulas
        self.column_map = _columns(grid)
        self.columns = self.column_map.columns
        self.parser = ChoiceParser(framework, reading.language)
        self.expected = [x.id for x in framework.competences]
        self.known = set(self.expected)
        self.components = {k.id for k in framework.components}
        self.seen: dict[str, str] = {}
        self.labels = ", ".join(f'"{label}"' for label in self.parser.scale.labels(reading.language))
        # without metadata, the proposal shown in the workbook is all there is to compare with
        self.metadata_missing = metadata_missing
        self.from_cells: dict[str, str] = {}

    def value(self, row: list[Any], key: str) -> Any:
        column = self.columns.get(key)
        return row[column] if column is not None and column < len(row) else None

    def ref(self, row_number: int, key: str) -> str:
        return cell_ref(row_number, self.columns.get(key, LAYOUT.column(key)))

    def read(self) -> None:
        reading = self.reading
        header = self.column_map.header
        reading.respondent = read_respondent(reading, self.grid, header, self.sheet)
        name_renamed_columns(reading, self.sheet, self.column_map, self.column_label)
        for index in range(header + 1, len(self.grid)):
            self.read_row(self.grid[index], index + 1)
        name_cells_outside(reading, self.sheet, self.grid, self.column_map)
        name_missing_rows(reading, self.sheet, self.expected, self.seen)
        if self.from_cells:
            reading.proposal = Proposal(Text({"nl": reading.file}), self.from_cells)

    def column_label(self, key: str) -> str:
        if key in ("proposal", "choice", "comment"):
            return text(f"positions.column.{key}", self.reading.language)
        return text(f"column.{key}", self.reading.language)

    def filled(self, row: list[Any], row_number: int) -> dict[str, str]:
        """What was typed in the row's input cells (formulas included, as their formula)."""
        shown = {key: cell_text(self.value(row, key)) for key in INPUT_COLUMNS}
        for key in INPUT_COLUMNS:
            formula = self.formulas.get(self.ref(row_number, key))
            if formula:
                shown[key] = formula
        return {key: value for key, value in shown.items() if value}

    def read_row(self, row: list[Any], row_number: int) -> None:
        reading = self.reading
        item_id = id_text(self.value(row, "id"))
        own = _OWN_ROW.match(item_id) if item_id else None
        shown = self.filled(row, row_number)
        id_cell = self.ref(row_number, "id")
        if not item_id or (item_id not in self.known and not (own and own.group("component") in self.components)):
            if shown:
                code = "row-added" if not item_id else "unknown-id"
                values = self.describe(shown)
                item_type = text("item_type.competence", reading.language)
                reading.problem(code, self.sheet, id_cell, id=item_id, item_type=item_type, values=values)
            return
        if item_id in self.seen:
            if shown:
                first = self.seen[item_id]
                reading.problem(
                    "row-duplicated", self.sheet, id_cell, id=item_id, first=first, values=self.describe(shown)
                )
            return
        self.seen[item_id] = id_cell
        self.check_proposal(row, row_number, item_id if not own else "")
        choice, raw = self.choice(row, row_number)
        comment = self.comment(row, row_number)
        if own:
            self.own_row(row, row_number, own.group("component"), item_id, choice, comment, shown)
        elif choice or comment:
            cell = self.ref(row_number, "choice" if choice else "comment")
            reading.answers.append(ChoiceAnswer(self.sheet, cell, item_id, choice, raw, comment))

    def check_proposal(self, row: list[Any], row_number: int, item_id: str) -> None:
        """The locked proposal cell holds what the template wrote; anything else typed there is named, not read.

        Without the metadata sheet, the proposal is read from these cells instead.
        """
        found = cell_text(self.value(row, "proposal"))
        if not found:
            return
        ref = self.ref(row_number, "proposal")
        if self.metadata_missing:
            parsed = self.parser.parse(found)
            if item_id and parsed.choice is not None:
                self.from_cells[item_id] = parsed.choice
            else:
                self.reading.problem("proposal-cell-changed", self.sheet, ref, value=found)
            return
        proposal = self.reading.proposal
        proposed = proposal.positions.get(item_id) if proposal and item_id else None
        if proposed is None or found != self.parser.scale.label(proposed, self.reading.language):
            self.reading.problem("proposal-cell-changed", self.sheet, ref, value=found)

    def choice(self, row: list[Any], row_number: int) -> tuple[str, str]:
        """The row's choice and what was typed; ('', '') when blank or when it is named as a problem."""
        ref = self.ref(row_number, "choice")
        if ref in self.formulas:
            self.reading.problem("formula-in-input", self.sheet, ref, value=self.formulas[ref])
            return "", ""
        raw = self.value(row, "choice")
        parsed = self.parser.parse(raw)
        if parsed.blank:
            return "", ""
        if parsed.choice is None:
            if parsed.suggestion:
                self.reading.problem(
                    "invalid-position-suggestion", self.sheet, ref, value=cell_text(raw), suggestion=parsed.suggestion
                )
            else:
                self.reading.problem("invalid-position", self.sheet, ref, value=cell_text(raw), labels=self.labels)
            return "", ""
        return parsed.choice, cell_text(raw)

    def comment(self, row: list[Any], row_number: int) -> str:
        ref = self.ref(row_number, "comment")
        if ref in self.formulas:
            self.reading.problem("formula-in-input", self.sheet, ref, value=self.formulas[ref])
            return ""
        return cell_text(self.value(row, "comment"))

    def own_row(
        self,
        row: list[Any],
        row_number: int,
        component_id: str,
        row_id: str,
        choice: str,
        comment: str,
        shown: dict[str, str],
    ) -> None:
        statement = cell_text(self.value(row, "competence"))
        ref = self.ref(row_number, "competence")
        if statement:
            self.reading.own.append(OwnCompetence(self.sheet, ref, component_id, row_id, statement, choice, comment))
        elif shown:
            self.reading.problem("own-competence-without-text", self.sheet, ref, values=self.describe(shown))

    def describe(self, shown: dict[str, str]) -> str:
        return "; ".join(f'{self.column_label(key)} = "{value}"' for key, value in shown.items())
