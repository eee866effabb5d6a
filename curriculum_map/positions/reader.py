"""Read a filled positions workbook: per competence and position the expectation, plus added competences."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from curriculum_map.core.texts import all_translations, text
from curriculum_map.framework.levels import LevelParser, normalise
from curriculum_map.framework.model import Framework, Level
from curriculum_map.positions.template import POSITION_PREFIX, WORKBOOK_KIND, positions_layout
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
    describe_values,
    find_columns,
    id_text,
    name_cells_outside,
    name_invalid_level,
    name_missing_rows,
    name_renamed_columns,
    name_unread_sheets,
    open_grids,
    read_metadata,
    read_respondent,
    read_safely,
)

_OWN_ROW = re.compile(r"^(?P<component>.+)\.eigen(?P<number>\d+)$")


class PositionAnswer(NamedTuple):
    """One answered expectation cell: competence x position."""

    sheet: str
    cell: str
    item_id: str
    position_id: str
    level: Level
    raw: str
    own_choice: str = ""


@dataclass(frozen=True)
class OwnCompetence:
    """A competence a respondent added in one of the empty rows under a component, verbatim."""

    sheet: str
    cell: str
    component_id: str
    row_id: str
    text: str
    choices: tuple[tuple[str, Level], ...]
    own_choice: str = ""


@dataclass
class PositionsReading(Reading):
    organisation: str = ""
    answers: list[PositionAnswer] = field(default_factory=list)
    own: list[OwnCompetence] = field(default_factory=list)

    def discard_answers(self) -> None:
        self.answers.clear()
        self.own.clear()

    def compact(self, framework: Framework) -> PositionsReading:
        """Unpack (from a worker) and intern the fields that repeat across many workbooks."""
        packed = self.packed_answers
        rows = packed or self.answers
        if not rows:
            return self
        intern, new = sys.intern, tuple.__new__
        table = {level.score: level for level in framework.expectations}
        self.answers = [
            new(PositionAnswer, (intern(s), intern(c), intern(i), intern(p),
                                 table[v] if packed else table.get(v.score, v), intern(r), o))
            for s, c, i, p, v, r, o in rows
        ]  # fmt: skip
        self.packed_answers = ()
        return self


def read_positions_workbook(path: Path, framework: Framework, display: str | None = None) -> PositionsReading:
    """Read a filled positions workbook; problems are collected on the result, never raised."""
    return read_safely(PositionsReading(display or path.name, path), framework, _read)


def _read(reading: PositionsReading, sniffed: Sniffed, framework: Framework) -> None:
    with open_grids(reading.path) as grids:
        _read_grids(reading, sniffed, framework, grids)


def _read_grids(reading: PositionsReading, sniffed: Sniffed, framework: Framework, grids: Grids) -> None:
    from curriculum_map.workbook.container import formula_cells

    metadata = read_metadata(grids.get(METADATA_SHEET))
    if metadata is None:
        reading.problem("metadata-missing-positions", sheet=METADATA_SHEET)
    elif not check_metadata(reading, framework, metadata, WORKBOOK_KIND):
        return
    else:
        reading.organisation = metadata.get("organisation", "")
    sheet = _find_sheet(grids, framework)
    if sheet is None:
        missing = text("sheet.positions", reading.language)
        reading.problem("sheet-missing", sheet=missing, name=missing)
        return
    formulas = (
        formula_cells(reading.path, sniffed.kind or "xlsx", {sheet}).get(sheet, {}) if sniffed.may_have_formulas else {}
    )
    _read_sheet(reading, framework, sheet, grids[sheet], formulas)
    name_unread_sheets(reading, grids, {sheet})
    if sheet in grids.truncated:
        reading.problem("sheet-too-long", sheet, rows=grids.truncated[sheet], read=MAX_ROWS_SCANNED)
    if not reading.respondent.name:
        reading.respondent = Respondent(Path(reading.file).stem)
    if not reading.answers and not reading.own:
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


def _columns(grid: list[list[Any]], framework: Framework) -> ColumnMap:
    """Header row and column per field: id, competence, own_choice and 'position:<id>' per position."""
    layout = positions_layout(framework)
    translations = {key: set(all_translations(f"column.{key}")) for key in ("id", "competence", "own_choice")}
    for position in framework.positions:
        translations[POSITION_PREFIX + position.id] = {*position.name.all(), *position.aliases, position.id}
    return find_columns(
        grid,
        translations,
        lambda columns: any(key.startswith(POSITION_PREFIX) for key in columns),
        ColumnMap(layout.header_row - 1, {key: layout.column(key) for key in layout.columns}),
    )


def _read_sheet(
    reading: PositionsReading, framework: Framework, sheet: str, grid: list[list[Any]], formulas: dict[str, str]
) -> None:
    column_map = _columns(grid, framework)
    header, columns = column_map.header, column_map.columns
    reading.respondent = read_respondent(reading, grid, header, sheet)
    names = {POSITION_PREFIX + p.id: p.name.get(reading.language) for p in framework.positions}
    name_renamed_columns(
        reading, sheet, column_map, lambda key: names.get(key) or text(f"column.{key}", reading.language)
    )
    parser = LevelParser(framework.expectations)
    labels = ", ".join(f'"{level.label.get(reading.language)}"' for level in framework.expectations)
    position_columns = [
        (key[len(POSITION_PREFIX) :], col) for key, col in columns.items() if key.startswith(POSITION_PREFIX)
    ]
    expected = [x.id for x in framework.competences]
    expected_set = set(expected)
    components = {k.id for k in framework.components}
    seen: dict[str, str] = {}
    id_column = columns["id"]

    def value(row: list[Any], column: int | None) -> Any:
        return row[column] if column is not None and column < len(row) else None

    for index in range(header + 1, len(grid)):
        row = grid[index]
        row_number = index + 1
        item_id = id_text(value(row, id_column))
        own_choice = cell_text(value(row, columns.get("own_choice")))
        chosen = {pid: value(row, col) for pid, col in position_columns if cell_text(value(row, col))}
        row_formulas = {
            pid: formulas[cell_ref(row_number, col)]
            for pid, col in position_columns
            if cell_ref(row_number, col) in formulas
        }
        shown = {POSITION_PREFIX + k: v for k, v in chosen.items()}
        if own_choice:
            shown["own_choice"] = own_choice
        own = _OWN_ROW.match(item_id) if item_id else None
        if not item_id or (item_id not in expected_set and not (own and own.group("component") in components)):
            if shown or row_formulas:
                code = "row-added" if not item_id else "unknown-id"
                reading.problem(
                    code,
                    sheet,
                    cell_ref(row_number, id_column),
                    id=item_id,
                    item_type=text("item_type.competence", reading.language),
                    values=_describe(shown, row_formulas, framework, reading.language),
                )
            continue
        if item_id in seen:
            if shown or row_formulas:
                reading.problem(
                    "row-duplicated",
                    sheet,
                    cell_ref(row_number, id_column),
                    id=item_id,
                    first=seen[item_id],
                    values=_describe(shown, row_formulas, framework, reading.language),
                )
            continue
        seen[item_id] = cell_ref(row_number, id_column)
        levels: list[tuple[str, str, Level, str]] = []
        for position_id, col in position_columns:
            ref = cell_ref(row_number, col)
            if ref in formulas:
                reading.problem("formula-in-input", sheet, ref, value=formulas[ref])
                continue
            parsed = parser.parse(value(row, col))
            if parsed.blank:
                continue
            if parsed.level is None:
                name_invalid_level(reading, sheet, ref, value(row, col), parsed, labels)
                continue
            levels.append((position_id, ref, parsed.level, cell_text(value(row, col))))
        if own:
            statement = cell_text(value(row, columns.get("competence")))
            if statement:
                reading.own.append(
                    OwnCompetence(
                        sheet,
                        cell_ref(row_number, columns.get("competence", 1)),
                        own.group("component"),
                        item_id,
                        statement,
                        tuple((pid, level) for pid, _, level, _ in levels),
                        own_choice,
                    )
                )
            elif levels or own_choice:
                reading.problem(
                    "own-competence-without-text",
                    sheet,
                    cell_ref(row_number, columns.get("competence", 1)),
                    values=_describe(shown, {}, framework, reading.language),
                )
            continue
        for position_id, ref, level, raw in levels:
            reading.answers.append(PositionAnswer(sheet, ref, item_id, position_id, level, raw, own_choice))
        if not levels and own_choice:
            reading.problem(
                "text-without-level", sheet, cell_ref(row_number, columns["own_choice"]), item=item_id, value=own_choice
            )
    name_cells_outside(reading, sheet, grid, column_map)
    name_missing_rows(reading, sheet, expected, seen)


def _describe(values: dict[str, Any], formulas: dict[str, str], framework: Framework, lang: str) -> str:
    """Describe a row's values with position names as column names."""
    names = {POSITION_PREFIX + p.id: p.name.get(lang) for p in framework.positions}
    parts = [f'{names.get(k) or text(f"column.{k}", lang)} = "{cell_text(v)}"' for k, v in values.items()]
    parts += [f"{names.get(POSITION_PREFIX + k, k)} = {f}" for k, f in formulas.items()]
    return "; ".join(parts) if parts else describe_values({}, {}, lang)
