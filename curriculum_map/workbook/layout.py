"""Where things are in a programme workbook: sheets, columns and rows, shared by writer and reader."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache

from xlsxwriter.utility import xl_col_to_name

TEMPLATE_VERSION = "1"
METADATA_SHEET = "_metadata"

LEVEL_FIELDS = ("level", "ambition")
TEXT_FIELDS = ("evidence", "comment")
INPUT_FIELDS = LEVEL_FIELDS + TEXT_FIELDS


@dataclass(frozen=True)
class SheetLayout:
    """One data sheet: its text key, the item type its rows hold, its columns and header row."""

    key: str
    item_type: str
    columns: tuple[str, ...]
    header_row: int  # 1-based, as the user sees it

    @property
    def first_data_row(self) -> int:
        return self.header_row + 1

    def column(self, name: str) -> int:
        """0-based column index of a named column."""
        return self.columns.index(name)

    def letter(self, name: str) -> str:
        return xl_col_to_name(self.column(name))

    def with_previous(self) -> SheetLayout:
        """The same sheet with a locked column showing last year's answers (prefilled workbooks)."""
        return replace(self, columns=(*self.columns, "previous"))


MATRIX = SheetLayout(
    key="matrix",
    item_type="component",
    columns=("id", "cluster", "component", "level", "ambition", "evidence", "comment"),
    header_row=7,
)
COMPETENCES = SheetLayout(
    key="competences",
    item_type="competence",
    columns=("id", "competence", "level", "ambition", "evidence", "comment"),
    header_row=4,
)
DATA_SHEETS = (MATRIX, COMPETENCES)

# The respondent block on the matrix sheet: field -> 1-based row; label in column B, answer in C.
RESPONDENT_ROWS = {"name": 3, "role": 4, "date": 5}
# A general remark under the block (programme workbooks); the reader finds it by its label, like the others.
REMARK_ROW = 6
RESPONDENT_LABEL_COLUMN = 1
RESPONDENT_VALUE_COLUMN = 2


@cache
def column_letter(col: int) -> str:
    """Excel's letters for a 0-based column: 3 -> 'D'."""
    return xl_col_to_name(col)


def cell_ref(row: int, col: int) -> str:
    """Excel reference of a cell from a 1-based row and a 0-based column: (7, 3) -> 'D7'."""
    return f"{column_letter(col)}{row}"
