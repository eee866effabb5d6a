"""Read a filled positions workbook: per competence and position the expectation, plus added competences."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from curriculum_map.core.texts import all_translations, text
from curriculum_map.coverage.reader import (
    MAX_ROWS_SCANNED,
    Grids,
    Reading,
    Respondent,
    cell_text,
    check_metadata,
    describe_values,
    id_text,
    open_grids,
    read_metadata,
    read_respondent,
    read_safely,
)
from curriculum_map.framework.levels import LevelParser, normalise
from curriculum_map.framework.model import Framework, Level
from curriculum_map.positions.template import POSITION_PREFIX, WORKBOOK_KIND, positions_layout
from curriculum_map.workbook.container import Sniffed
from curriculum_map.workbook.layout import METADATA_SHEET, cell_ref

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
    if sheet in grids.truncated:
        reading.problem("sheet-too-long", sheet, rows=grids.truncated[sheet], read=MAX_ROWS_SCANNED)
    if not reading.respondent.name:
        reading.respondent = Respondent(Path(reading.file).stem)
    if not reading.answers and not reading.own:
        reading.problem("no-answers")
    reading.usable = True


def _find_sheet(grids: dict[str, list[list[Any]]], framework: Framework) -> str | None:
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


def _columns(grid: list[list[Any]], framework: Framework) -> tuple[int, dict[str, int]]:
    """Header row and column per field: id, competence, own_choice and 'position:<id>' per position."""
    layout = positions_layout(framework)
    headers = {
        normalise(t): key for key in ("id", "competence", "own_choice") for t in all_translations(f"column.{key}")
    }
    for position in framework.positions:
        for name in (*position.name.all(), *position.aliases, position.id):
            headers[normalise(name)] = POSITION_PREFIX + position.id
    for index, row in enumerate(grid[:40]):
        columns = {
            headers[normalise(v)]: c for c, v in enumerate(row) if isinstance(v, str) and normalise(v) in headers
        }
        if "id" in columns and any(key.startswith(POSITION_PREFIX) for key in columns):
            return index, columns
    return layout.header_row - 1, {key: layout.column(key) for key in layout.columns}


def _read_sheet(
    reading: PositionsReading, framework: Framework, sheet: str, grid: list[list[Any]], formulas: dict[str, str]
) -> None:
    header, columns = _columns(grid, framework)
    reading.respondent = read_respondent(reading, grid, header, sheet)
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
                raw = cell_text(value(row, col))
                if parsed.suggestion:
                    reading.problem("invalid-level-suggestion", sheet, ref, value=raw, suggestion=parsed.suggestion)
                else:
                    reading.problem("invalid-level", sheet, ref, value=raw, labels=labels)
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
    missing = [item_id for item_id in expected if item_id not in seen]
    if missing:
        listed = ", ".join(missing[:12]) + (" ..." if len(missing) > 12 else "")
        reading.problem("rows-missing", sheet, count=len(missing), ids=listed)


def _describe(values: dict[str, Any], formulas: dict[str, str], framework: Framework, lang: str) -> str:
    """Describe a row's values with position names as column names."""
    names = {POSITION_PREFIX + p.id: p.name.get(lang) for p in framework.positions}
    parts = [f'{names.get(k) or text(f"column.{k}", lang)} = "{cell_text(v)}"' for k, v in values.items()]
    parts += [f"{names.get(POSITION_PREFIX + k, k)} = {f}" for k, f in formulas.items()]
    return "; ".join(parts) if parts else describe_values({}, {}, lang)
