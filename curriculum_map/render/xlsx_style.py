"""Helpers shared by the xlsx writers: one table of styles, the workbook options, headers and row heights.

The styles are data (xlsxwriter format properties), so a writer picks the ones it needs and a test
can read them. Cell styles are drawn on top of a table base (font, borders, alignment): each kind of
workbook keeps its own look while naming the same things the same way.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TypeVar

from xlsxwriter.workbook import Format, Workbook
from xlsxwriter.worksheet import Worksheet

from curriculum_map.core.numbers import MEAN_DECIMALS, xlsx_number_format
from curriculum_map.core.palette import NOT_ANSWERED, text_colour

Properties = Mapping[str, Any]
Key = TypeVar("Key")

LINE_HEIGHT = 15.0
A4 = 9  # xlsxwriter's paper size code
# Every text is written as a string: nothing a respondent typed becomes a formula, a link or a number.
WORKBOOK_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}

TITLE_COLOUR = "#1f3b57"
NOTE_COLOUR = "#404040"
MUTED_COLOUR = "#595959"
HEADER_FILL = "#e7e6e6"

# Texts above a table, in the workbook's own font.
PAGE_STYLES: dict[str, Properties] = {
    "title": {"bold": True, "font_size": 14, "font_color": TITLE_COLOUR},
    "note": {"italic": True, "font_color": NOTE_COLOUR},
    # the same over a table's columns, wrapped (see `banner`)
    "title_wrap": {"bold": True, "font_size": 14, "font_color": TITLE_COLOUR, "text_wrap": True, "valign": "top"},
    "note_wrap": {"italic": True, "font_color": NOTE_COLOUR, "text_wrap": True, "valign": "top"},
}
# A4 landscape with narrow side margins (inches): a wide table prints larger
PAGE_MARGINS = {"left": 0.25, "right": 0.25, "top": 0.5, "bottom": 0.6}
# Table cells, drawn on top of a table base.
CELL_STYLES: dict[str, Properties] = {
    "header": {"bold": True, "bg_color": HEADER_FILL, "text_wrap": True, "valign": "vcenter"},
    "text": {"text_wrap": True},
    "plain": {},
    "number": {"num_format": "0.00"},
    "mean": {"num_format": xlsx_number_format(MEAN_DECIMALS)},  # a mean score, as in the pictures and the report
    "integer": {"num_format": "0"},
    "signed": {"num_format": "+0;-0;0"},
    "percent": {"num_format": "0%"},
    "blank": {"italic": True, "font_color": MUTED_COLOUR, "bg_color": NOT_ANSWERED},  # not answered
}
# Table bases: the reports' compact tables (many columns on a landscape page) ...
COMPACT_TABLE: Properties = {
    "font_name": "Calibri", "font_size": 10, "valign": "top", "border": 1, "border_color": "#bfbfbf",
}  # fmt: skip
# ... tables in the workbook's default font with black borders ...
DEFAULT_TABLE: Properties = {"border": 1, "valign": "top"}
# ... and the forms people fill in: larger type, every cell wrapped.
FORM_TABLE: Properties = {
    "font_name": "Calibri", "font_size": 11, "valign": "top", "border": 1, "border_color": "#a6a6a6", "text_wrap": True,
}  # fmt: skip


def fill(colour: str) -> dict[str, str]:
    """A background colour with black or white text, whichever reads better on it."""
    return {"bg_color": colour, "font_color": text_colour(colour)}


def add_styles(
    workbook: Workbook, table: Properties, overrides: Mapping[str, Properties] | None = None
) -> dict[str, Format]:
    """Register the page and cell styles on `workbook` (cells on top of `table`, then `overrides` by name)."""
    overrides = overrides or {}
    styles = {name: {**properties} for name, properties in PAGE_STYLES.items()}
    styles.update({name: {**table, **properties} for name, properties in CELL_STYLES.items()})
    # xlsxwriter writes only the formats a cell uses, so registering them all costs nothing in the file
    return {name: workbook.add_format({**properties, **overrides.get(name, {})}) for name, properties in styles.items()}


def add_fills(workbook: Workbook, table: Properties, colours: Mapping[Key, str]) -> dict[Key, Format]:
    """One format per colour (a level, a class), on top of `table`."""
    return {key: workbook.add_format({**table, **fill(colour)}) for key, colour in colours.items()}


def write_header(ws: Worksheet, row: int, columns: Sequence[tuple[str, float]], style: Format) -> None:
    """A table's header row: each column's label and its width."""
    for col, (label, width) in enumerate(columns):
        ws.write_string(row, col, label, style)
        ws.set_column(col, col, width)


def banner(ws: Worksheet, row: int, value: str, style: Format, widths: Sequence[float], size: float = 10) -> None:
    """A title or note over a table's columns, wrapped, its row as high as its lines.

    Written in one cell, a long text runs on past the table's last column, and a sheet printed to the
    page's width is then printed smaller to hold it (coverage.xlsx's findings printed at 4.5 pt)."""
    if len(widths) > 1:
        ws.merge_range(row, 0, row, len(widths) - 1, value, style)
    else:
        ws.write_string(row, 0, value, style)
    ws.set_row(row, row_height([(value, sum(widths) * 10 / size)], size * 1.35))


def row_height(cells: Iterable[tuple[str, float]], line_height: float = LINE_HEIGHT) -> float:
    """A row height that shows every wrapped text in full (texts paired with their column widths).

    Clients differ in whether they grow rows to fit wrapped text (Excel does on load, LibreOffice's
    PDF export and Google Sheets do not), so the writers set heights themselves.
    """
    lines = 1
    for value, width in cells:
        per_line = max(width * 1.1 - 2, 8)
        count = sum(max(1, math.ceil(len(part) / per_line)) for part in str(value).split("\n"))
        lines = max(lines, count)
    return lines * line_height + 3
