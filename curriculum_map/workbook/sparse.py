"""Read a sheet whose cells reach far beyond its table (a stray cell in row 1,048,576), cell by cell.

The fast reader allocates the whole used range; for such a sheet only the cells that are there are
visited. The window (extent.WINDOW_ROWS x WINDOW_COLUMNS from A1) becomes the usual grid; the cells
beyond it are listed, so that the reader can name them instead of losing them.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from curriculum_map.core.extent import (
    ODS_CELLS,
    WINDOW_COLUMNS,
    WINDOW_ROWS,
    holds_value,
    ods_rows,
    repeat,
)

MAX_LISTED = 100  # cells beyond the window named one by one; the rest are counted


@dataclass
class SparseSheet:
    """A sheet's window as a grid anchored at A1, and the cells found beyond it."""

    grid: list[list[Any]] = field(default_factory=list)
    beyond: list[tuple[int, int, Any]] = field(default_factory=list)  # (row, column) 0-based, value
    beyond_count: int = 0

    def put(self, row: int, column: int, value: Any) -> None:
        if value is None or value == "":
            return
        if row < WINDOW_ROWS and column < WINDOW_COLUMNS:
            while len(self.grid) <= row:
                self.grid.append([""] * WINDOW_COLUMNS)
            self.grid[row][column] = value
            return
        self.beyond_count += 1
        if len(self.beyond) < MAX_LISTED:
            self.beyond.append((row, column, value))


def read_sparse(path: Path, kind: str, sheet: str) -> SparseSheet:
    """The window and the far cells of one sheet of an .xlsx (openpyxl, streamed) or .ods file."""
    return _read_ods(path, sheet) if kind == "ods" else _read_xlsx(path, sheet)


def _read_xlsx(path: Path, sheet: str) -> SparseSheet:
    import openpyxl

    found = SparseSheet()
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        worksheet = workbook[sheet]
        worksheet.reset_dimensions()  # the declared used range is not trusted: rows come as they are stored
        for row, values in enumerate(worksheet.iter_rows(values_only=True)):
            for column, value in enumerate(values):
                # the fast reader gives numbers as floats: ids typed as numbers read the same either way
                found.put(row, column, float(value) if type(value) is int else value)
    finally:
        workbook.close()
    return found


def _read_ods(path: Path, sheet: str) -> SparseSheet:
    found = SparseSheet()
    with zipfile.ZipFile(path) as archive, archive.open("content.xml") as content:
        for table, first_row, element in ods_rows(content):
            if table != sheet:
                continue
            rows = repeat(element, "number-rows-repeated")
            column = 0
            for cell in element:
                if cell.tag not in ODS_CELLS:
                    continue
                columns = repeat(cell, "number-columns-repeated")
                if holds_value(cell):
                    value = _ods_value(cell)
                    # repeats are put one by one only as far as the window and the list reach
                    for row in range(first_row, first_row + min(rows, WINDOW_ROWS + MAX_LISTED)):
                        for offset in range(min(columns, WINDOW_COLUMNS + MAX_LISTED)):
                            found.put(row, column + offset, value)
                    found.beyond_count += rows * columns - min(rows, WINDOW_ROWS + MAX_LISTED) * min(
                        columns, WINDOW_COLUMNS + MAX_LISTED
                    )
                column += columns
    return found


_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"


def _ods_value(cell: Any) -> Any:
    """A cell's value as the fast reader gives it: float, bool, datetime or text."""
    kind = cell.get(f"{_OFFICE}value-type")
    try:
        if kind in ("float", "percentage", "currency"):
            return float(cell.get(f"{_OFFICE}value", ""))
        if kind == "boolean":
            return cell.get(f"{_OFFICE}boolean-value", "") == "true"
        if kind == "date":
            return dt.datetime.fromisoformat(cell.get(f"{_OFFICE}date-value", ""))
    except ValueError:
        pass
    paragraphs = [_paragraph_text(p) for p in cell if p.tag == f"{_TEXT}p"]
    return "\n".join(paragraphs)


def _paragraph_text(element: Any) -> str:
    """The text of a paragraph, with LibreOffice's spaces (<text:s text:c="3"/>), tabs and line breaks."""
    parts = [element.text or ""]
    for child in element:
        if child.tag == f"{_TEXT}s":
            count = child.get(f"{_TEXT}c", "1")
            parts.append(" " * (int(count) if count.isdigit() and int(count) < 1000 else 1))
        elif child.tag == f"{_TEXT}tab":
            parts.append("\t")
        elif child.tag == f"{_TEXT}line-break":
            parts.append("\n")
        else:
            parts.append(_paragraph_text(child))
        parts.append(child.tail or "")
    return "".join(parts)
