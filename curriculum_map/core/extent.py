"""How large each sheet really is, measured from the cells it holds, before any cell reader allocates it.

A sheet's declared used range (`<dimension>`) is whatever its writer said, and the fast cell reader
(python-calamine) allocates a dense grid from the first to the last cell that holds a value: one
stray cell at XFD1048576 would be 17 billion cells, and the process dies. So the size comes from the
cells themselves. Most sheets are checked with a few byte searches (every cell has its reference,
none beyond row 9,999 or column AX); a sheet that fails that check is measured cell by cell. An .ods
sheet is always measured, its repeated rows and cells multiplied, never expanded.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from defusedxml.ElementTree import iterparse

# The area of a sheet the readers look at: far more than any table of this tool (a framework of 1,000
# competences is 1,000 rows and 9 columns). What lies outside it is named, never read as an answer.
WINDOW_ROWS = 5000
WINDOW_COLUMNS = 50
DENSE_LIMIT = 1_000_000  # cells the fast reader may allocate for one sheet (32 MB)
MAX_SHEET_CELLS = 1_000_000  # cell elements one sheet may hold, with or without a value
MAX_SHEET_VALUES = 500_000  # cells holding a value on one sheet (after .ods repeats); a filled workbook has 1,500


@dataclass(frozen=True)
class SheetSize:
    """A sheet's real size: the last row and column that hold a value (1-based; 0 when empty) and how many do."""

    rows: int
    columns: int
    values: int

    @property
    def fits_dense(self) -> bool:
        """Whether the fast reader may allocate the sheet's whole used range."""
        return self.rows * self.columns <= DENSE_LIMIT

    @property
    def too_many_values(self) -> bool:
        return self.values > MAX_SHEET_VALUES


class TooManyCells(Exception):
    """A sheet holds more cells than any workbook of this tool could (a generated or hostile file)."""

    def __init__(self, count: int):
        super().__init__(count)
        self.count = count


# A reference beyond row 9,999 or column AX (50): the quick check cannot vouch for the sheet's size. (Each
# pattern starts with a literal, which the regex engine looks for fast: these run on every sheet.)
_FAR_REFERENCE = re.compile(rb'r="(?:[A-Z]{3}|[B-Z][A-Z]|A[YZ]|[A-Z]{0,2}[0-9]{5})')
_POSITIONAL_CELL = re.compile(rb'<c(?:>| (?!r="))')  # a cell without its reference first
_PREFIXED_CELL = re.compile(rb":c[\s>/]")  # cells written with a namespace prefix (<x:c>)
_SMALLEST_CELL = 12  # bytes of the shortest cell element, <c r="A1"/>
_TAG = re.compile(rb"<(?:[\w.-]+:)?(row|c|v|is)(?=[\s/>])([^>]*)>")
_REFERENCE = re.compile(rb'\br="([A-Z]*)([0-9]*)"')


def xlsx_sheet_size(data: bytes) -> SheetSize | None:
    """The size of an .xlsx sheet part; None when quick checks show it lies within the window.

    Raises TooManyCells for a sheet with more cell elements than MAX_SHEET_CELLS.
    """
    if len(data) > _SMALLEST_CELL * MAX_SHEET_CELLS and (cells := data.count(b"<c ")) > MAX_SHEET_CELLS:
        raise TooManyCells(cells)  # below that length the sheet cannot hold that many
    positional = _POSITIONAL_CELL.search(data) or (b"<c " not in data and _PREFIXED_CELL.search(data))
    if not positional and _FAR_REFERENCE.search(data) is None:
        return None
    return _measure_xlsx(data)


def _measure_xlsx(data: bytes) -> SheetSize:
    """Every row and cell element in order: references where written, positions counted where not."""
    row = column = last_row = last_column = values = elements = 0
    open_cell = False  # a cell element whose value (<v> or <is>) may follow
    for match in _TAG.finditer(data):
        tag, attributes = match.group(1), match.group(2)
        if tag == b"row":
            reference = _REFERENCE.search(attributes)
            row = int(reference.group(2)) if reference and reference.group(2) else row + 1
            column = 0
        elif tag == b"c":
            elements += 1
            if elements > MAX_SHEET_CELLS:
                raise TooManyCells(elements)
            reference = _REFERENCE.search(attributes)
            if reference and reference.group(1):
                column = column_number(reference.group(1))
                row = int(reference.group(2)) if reference.group(2) else row
            else:
                column += 1
            open_cell = not attributes.rstrip().endswith(b"/")
        elif open_cell:  # <v> or <is>: the open cell holds a value
            open_cell = False
            values += 1
            last_row, last_column = max(last_row, row), max(last_column, column)
    return SheetSize(last_row, last_column, values)


def column_number(letters: bytes) -> int:
    """1 for A, 27 for AA, 16384 for XFD."""
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
ODS_CELLS = (f"{_TABLE}table-cell", f"{_TABLE}covered-table-cell")


def repeat(element: Any, attribute: str) -> int:
    """A row's or cell's repeat count (number-rows-repeated, number-columns-repeated); 1 when absent or odd."""
    value = element.get(f"{_TABLE}{attribute}", "1")
    return int(value) if value.isdigit() and 0 < int(value) <= 1_048_576 else 1


def holds_value(cell: Any) -> bool:
    """An .ods cell with a value: typed, or with text in it."""
    return cell.get(f"{_OFFICE}value-type") is not None or len(cell) > 0


def ods_rows(content: IO[bytes]) -> Iterator[tuple[str, int, Any]]:
    """(sheet name, first row 0-based, row element) for every row of content.xml, streamed.

    Each row element is complete when yielded and cleared afterwards: memory stays one row deep.
    """
    table, row = "", 0
    for event, element in iterparse(content, events=("start", "end")):
        if element.tag == f"{_TABLE}table":
            if event == "start":
                table, row = element.get(f"{_TABLE}name", ""), 0
            continue
        if event == "end" and element.tag == f"{_TABLE}table-row":
            yield table, row, element
            row += repeat(element, "number-rows-repeated")
            element.clear()


def ods_sheet_sizes(content: IO[bytes]) -> dict[str, SheetSize]:
    """The size of every sheet of an .ods file's content.xml, repeats multiplied, never expanded."""
    sizes: dict[str, list[int]] = {}
    elements = 0
    for table, first_row, element in ods_rows(content):
        size = sizes.setdefault(table, [0, 0, 0])
        rows = repeat(element, "number-rows-repeated")
        column = 0
        for cell in element:
            if cell.tag not in ODS_CELLS:
                continue
            elements += 1
            if elements > MAX_SHEET_CELLS:
                raise TooManyCells(elements)
            columns = repeat(cell, "number-columns-repeated")
            if holds_value(cell):
                size[0] = max(size[0], first_row + rows)
                size[1] = max(size[1], column + columns)
                size[2] += rows * columns
                if size[2] > MAX_SHEET_VALUES:
                    raise TooManyCells(size[2])
            column += columns
    return {name: SheetSize(*values) for name, values in sizes.items()}


def largest_sheet(archive: zipfile.ZipFile) -> SheetSize | None:
    """The sheet of an .xlsx or .ods archive with the largest used range (None when every sheet is plainly small).

    For files whose parts are already known to be of bounded size (see workbook.container for workbooks).
    Raises TooManyCells.
    """
    names = set(archive.namelist())
    if "content.xml" in names and "xl/workbook.xml" not in names:
        with archive.open("content.xml") as content:
            sizes = list(ods_sheet_sizes(content).values())
    else:
        measured = (
            xlsx_sheet_size(archive.read(n)) for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml")
        )
        sizes = [size for size in measured if size is not None]
    return max(sizes, key=lambda size: size.rows * size.columns, default=None)
