"""Look inside a generated workbook with openpyxl, the way Excel would see it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
from openpyxl.utils import range_boundaries

from curriculum_map.workbook.layout import COMPETENCES, LEVEL_FIELDS, MATRIX, METADATA_SHEET, SheetLayout


@dataclass
class DataSheet:
    title: str
    protected: bool
    ids: list[str] = field(default_factory=list)
    # per level cell ("D8"): the list of labels its validation offers, or None when there is none
    level_validation: dict[str, list[str] | None] = field(default_factory=dict)
    level_unlocked: dict[str, bool] = field(default_factory=dict)
    locked_ids: bool = True


@dataclass
class WorkbookView:
    sheetnames: list[str]
    active: str
    metadata: dict[str, str]
    metadata_hidden: bool
    sheets: dict[str, DataSheet]


def offered_choices(wb, formula: str) -> list[str]:
    """The choices a list validation offers, as Excel shows them: its own list ("a,b,c") or the cells of its
    range ('_metadata'!$D$1:$D$3)."""
    if formula.startswith('"'):
        return [x.strip() for x in formula.strip('"').split(",")]
    sheet, _, cells = formula.lstrip("=").rpartition("!")
    ws = wb[sheet.strip("'").replace("''", "'")]
    return [str(cell.value) for row in ws[cells.replace("$", "")] for cell in row if cell.value is not None]


def validation_choices(ws) -> dict[str, list[str]]:
    """Each list validation of a sheet (its cells, as 'D9:D11 D13:D15') with the choices it offers."""
    return {
        str(v.sqref): offered_choices(ws.parent, v.formula1)
        for v in ws.data_validations.dataValidation
        if v.type == "list" and v.formula1
    }


def _validation_lists(ws) -> dict[str, list[str]]:
    offered: dict[str, list[str]] = {}
    for validation in ws.data_validations.dataValidation:
        if validation.type != "list" or not validation.formula1:
            continue
        labels = offered_choices(ws.parent, validation.formula1)
        for cell_range in str(validation.sqref).split():
            min_col, min_row, max_col, max_row = range_boundaries(cell_range)
            for row in range(min_row, max_row + 1):
                for col in range(min_col, max_col + 1):
                    offered[f"{openpyxl.utils.get_column_letter(col)}{row}"] = labels
    return offered


def _data_sheet(ws, layout: SheetLayout) -> DataSheet:
    sheet = DataSheet(ws.title, bool(ws.protection.sheet))
    offered = _validation_lists(ws)
    for row in range(layout.first_data_row, ws.max_row + 1):
        value = ws.cell(row, layout.column("id") + 1).value
        if value is None:
            continue
        sheet.ids.append(str(value))
        if ws.cell(row, layout.column("id") + 1).protection.locked is False:
            sheet.locked_ids = False
        for name in LEVEL_FIELDS:
            ref = f"{layout.letter(name)}{row}"
            sheet.level_validation[ref] = offered.get(ref)
            sheet.level_unlocked[ref] = ws[ref].protection.locked is False
    return sheet


def inspect_workbook(path: Path, sheet_names: dict[str, str]) -> WorkbookView:
    """Read structure, validations, protection and metadata; `sheet_names` maps layout keys to titles."""
    wb = openpyxl.load_workbook(path)
    meta_ws = wb[METADATA_SHEET]
    metadata = {str(r[0]): str(r[1]) for r in meta_ws.iter_rows(values_only=True) if r[0] is not None}
    sheets = {layout.key: _data_sheet(wb[sheet_names[layout.key]], layout) for layout in (MATRIX, COMPETENCES)}
    return WorkbookView(
        sheetnames=wb.sheetnames,
        active=wb.active.title,
        metadata=metadata,
        metadata_hidden=meta_ws.sheet_state != "visible",
        sheets=sheets,
    )
