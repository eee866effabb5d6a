"""The one reader of the lists people give the tool: rosters, course units, respondents, proposals, crosswalks.

A list is typed in a spreadsheet and saved the way that program saves it: Excel on Windows writes
"CSV (puntkomma-gescheiden)" in the Windows encoding (cp1252) with semicolons, "CSV UTF-8" with a
byte-order mark and commas, "Unicode-tekst" in UTF-16 with tabs; LibreOffice asks. Or the list is
kept as a workbook (.xlsx, .xls, .ods: its first sheet). This module reads all of them into rows of
text, with each row's number as the user sees it (the row in Excel; blank rows are skipped but
counted), so that a list kind only describes its headers and the rules of its rows.

What the file is, is decided by its bytes, not its name: a workbook renamed to .csv is read as a
workbook, a CSV file renamed to .xlsx as text. Text is UTF-8 when it decodes strictly as UTF-8
(a cp1252 file with accented letters practically never does), else cp1252. The delimiter is the one
of `,` `;` and tab that the header line holds most often outside quotes; quoting is RFC 4180's
(`"Jan ""JP"" Peeters"` is `Jan "JP" Peeters`), never guessed. A list is at most MAX_BYTES large and
MAX_ROWS rows long: a bigger file is not the list (a whole export, the wrong file) and is refused
before it is parsed.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from curriculum_map.core.catalogue import CurriculumMapError, Message
from curriculum_map.core.cells import cell_text
from curriculum_map.core.extent import TooManyCells, largest_sheet

MAX_BYTES = 20 * 1024 * 1024  # a roster of 10,000 people in CSV is about 1 MB
MAX_ROWS = 50_000
MAX_CELLS = 4_000_000  # of a workbook list's first sheet, as read: 50,000 rows of 80 columns
MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # a workbook list, unzipped: against decompression bombs
DELIMITERS = ("\t", ";", ",")  # on a tie the first: a header's text may hold a comma, rarely a semicolon or tab
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, or an .xlsx encrypted with a password
_NOT_LETTER_OR_DIGIT = re.compile(r"[\W_]+")


class ListFileError(CurriculumMapError):
    """A list file that cannot be used: not there, not readable, too large, or a row that breaks its rules."""


@dataclass(frozen=True)
class ListKind:
    """What a list is to the user (a text code: 'the list of people') and the error its loader raises."""

    what: str
    error: type[ListFileError] = ListFileError

    def describe(self) -> Message:
        """The list as a message names it: 'de lijst met personen'."""
        return Message(self.what)

    def fail(self, code: str, path: Path, **values: object) -> ListFileError:
        """The error of this kind for a code of messages.yaml with {path} and {what}."""
        return self.error(code, path=path, what=self.describe(), **values)


@dataclass(frozen=True)
class Row:
    """One non-blank row: its number as the user sees it (Excel's row, the CSV's record), its cells as text."""

    number: int
    cells: tuple[str, ...]

    def cell(self, column: int | None) -> str:
        """The text of a column ('' for a column the row does not reach, or None)."""
        return self.cells[column] if column is not None and column < len(self.cells) else ""


@dataclass(frozen=True)
class ListFile:
    """The non-blank rows of a list file, and how it was read."""

    path: Path
    rows: tuple[Row, ...]
    encoding: str = ""  # of a text file: 'utf-8', 'utf-8-sig', 'utf-16' or 'cp1252'; '' for a workbook
    delimiter: str = ""  # of a text file


def header_key(value: object) -> str:
    """A header as it is compared: 'E-mailadres ', 'e-mailadres' and 'E‑mail adres' are the same."""
    folded = unicodedata.normalize("NFKD", str(value)).encode("ascii", "ignore").decode("ascii").casefold()
    return _NOT_LETTER_OR_DIGIT.sub("", folded)


def find_columns(row: Row, headers: Mapping[str, Iterable[str]]) -> dict[str, int]:
    """The column of each field that `row` names as a header, by any of its names (the first such column)."""
    wanted = {header_key(name): key for key, names in headers.items() for name in names}
    found: dict[str, int] = {}
    for index, value in enumerate(row.cells):
        key = wanted.get(header_key(value))
        if key is not None and key not in found:
            found[key] = index
    return found


def read_list(path: Path, kind: ListKind) -> ListFile:
    """The rows of a list file (CSV or workbook), or the error of `kind` that says what to do."""
    data = _read_bytes(path, kind)
    if data.startswith((_ZIP_MAGIC, _OLE_MAGIC)):
        return ListFile(path, _workbook_rows(path, data, kind))
    text, encoding = decode_text(data, path, kind)
    delimiter = choose_delimiter(text)
    return ListFile(path, _text_rows(text, delimiter, path, kind), encoding, delimiter)


@dataclass(frozen=True)
class ListTable:
    """A list's rows under its header, and the column of each field the header names."""

    columns: dict[str, int]
    body: tuple[Row, ...]

    def values(self, row: Row) -> dict[str, str]:
        """The row's text per field found in the header."""
        return {key: row.cell(index) for key, index in self.columns.items()}


def read_list_table(
    path: Path,
    kind: ListKind,
    headers: Mapping[str, Iterable[str]],
    usable: Callable[[Collection[str]], bool],
    codes: tuple[str, str],
) -> ListTable:
    """The rows of a list under a header naming what `usable` needs; else the kind's error with `codes`
    (an empty list, a header without the columns needed) naming the file and the header found."""
    rows = read_list(path, kind).rows
    empty, columns_code = codes
    if not rows:
        raise kind.error(empty, path=path)
    header, *body = rows
    columns = find_columns(header, headers)
    if not usable(columns):
        raise kind.error(columns_code, path=path, found=", ".join(cell for cell in header.cells if cell))
    return ListTable(columns, tuple(body))


def read_list_text(path: Path, kind: ListKind) -> str:
    """A list kept as text of its own format (a YAML crosswalk): the same checks of size and encoding."""
    return decode_text(_read_bytes(path, kind), path, kind)[0]


def _read_bytes(path: Path, kind: ListKind) -> bytes:
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise kind.fail("list-file-is-folder", path)
        if size > MAX_BYTES:
            raise kind.fail("list-file-too-large", path, megabytes=-(-size // 2**20), limit=MAX_BYTES // 2**20)
        return path.read_bytes()
    except FileNotFoundError:
        raise kind.fail("list-file-not-found", path) from None
    except OSError as exc:
        raise kind.fail("list-file-unreadable", path, reason=exc.strerror or str(exc)) from None


def decode_text(data: bytes, path: Path, kind: ListKind) -> tuple[str, str]:
    """The text of a list and its encoding: a byte-order mark decides, else strict UTF-8, else cp1252."""
    candidates: tuple[str, ...]
    if data.startswith(codecs.BOM_UTF8):
        candidates = ("utf-8-sig",)
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ("utf-16",)  # Excel's "Unicode-tekst"
    else:
        candidates = ("utf-8", "cp1252")
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:  # NUL in text means a binary file that happened to decode
            return text, encoding
    raise kind.fail("list-file-not-text", path)


def choose_delimiter(text: str) -> str:
    """The delimiter the first non-blank line uses most often outside quotes (',' when it holds none)."""
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    started = False
    for char in text[: 64 * 1024]:
        if char == '"':
            quoted = not quoted  # a doubled quote toggles twice: still inside
            started = True
        elif quoted:
            continue
        elif char in "\r\n":
            if started:
                break
        elif char in counts:
            counts[char] += 1
            started = True
        elif not char.isspace():
            started = True
    best = max(DELIMITERS, key=lambda d: counts[d])  # max keeps the first of equal counts
    return best if counts[best] else ","


def _text_rows(text: str, delimiter: str, path: Path, kind: ListKind) -> tuple[Row, ...]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"', doublequote=True)
    rows: list[Row] = []
    number = 0
    ended = 0  # the line of the file the last record read ended on
    begun = 1  # and the line it began on
    try:
        for record in reader:
            begun, ended = ended + 1, reader.line_num
            number += 1
            if number > MAX_ROWS and any(cell.strip() for cell in record):
                raise kind.fail("list-file-too-many-rows", path, limit=MAX_ROWS)
            cells = tuple(cell_text(cell) for cell in record)
            if any(cells):
                rows.append(Row(number, cells))
    except csv.Error:
        # the only error left with these settings: a cell grew past csv's limit of 128 KB, a quote left open
        raise kind.fail("list-file-open-quote", path, line=ended + 1) from None
    if ended > begun and _open_quote_at_end(text, begun - 1, delimiter):
        raise kind.fail("list-file-open-quote", path, line=begun)
    return tuple(rows)


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _open_quote_at_end(text: str, ended: int, delimiter: str) -> bool:
    """Whether the last record, after line `ended`, opens a quote that the file never closes.

    csv reads such a file without a word, the rest of the file becoming one cell; a quote left open
    runs to the end, so only the last record needs a look, and only when it spans several lines.
    """
    start = 0
    for _, match in zip(range(ended), _LINE_BREAK.finditer(text), strict=False):
        start = match.end()
    if ended and start == 0:
        return False
    quoted = False
    at_start = True
    index = start
    while index < len(text):
        char = text[index]
        if quoted:
            if char == '"':
                if text.startswith('"', index + 1):
                    index += 1  # a doubled quote: a quote in the text
                else:
                    quoted = False
        elif char == '"' and at_start:
            quoted, at_start = True, False
        elif char == "\n" or char == "\r":
            return False  # the record ended: it is not the last, or it closed its quotes
        else:
            at_start = char == delimiter
        index += 1
    return quoted


def _workbook_rows(path: Path, data: bytes, kind: ListKind) -> tuple[Row, ...]:
    from python_calamine import CalamineWorkbook, PasswordError

    if data.startswith(_ZIP_MAGIC):
        _check_unpacked_size(path, data, kind)
        _check_sheet_sizes(path, data, kind)  # measured from the cells present, before calamine allocates them
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        try:
            sheet = workbook.get_sheet_by_index(0)
            _check_used_range(path, sheet, kind)
            # rows anchored at A1 (not at the first used cell), so that numbers are Excel's; one row
            # more than allowed tells a list that is too long
            grid = sheet.to_python(skip_empty_area=False, nrows=MAX_ROWS + 1)
        finally:
            workbook.close()
    except ListFileError:
        raise
    except PasswordError:
        raise kind.fail("list-file-unreadable", path, reason=Message("reason.password")) from None
    except Exception as exc:  # noqa: BLE001 - whatever the parser says, the user gets one line and what to do
        raise kind.fail("list-file-unreadable", path, reason=f"{type(exc).__name__}: {str(exc)[:120]}") from None
    rows = []
    for number, values in enumerate(grid, start=1):
        cells = tuple(cell_text(v) for v in values)
        if any(cells):
            if number > MAX_ROWS:
                raise kind.fail("list-file-too-many-rows", path, limit=MAX_ROWS)
            rows.append(Row(number, cells))
    return tuple(rows)


def _check_used_range(path: Path, sheet: Any, kind: ListKind) -> None:
    """Refuse a sheet whose cells would fill the memory: a stray value far right of or below the list."""
    first_row, first_column = sheet.start or (0, 0)
    rows = first_row + min(sheet.height, MAX_ROWS + 1)
    columns = first_column + sheet.width
    if rows * columns > MAX_CELLS:
        reason = Message("reason.used_range", part=sheet.name, rows=first_row + sheet.height, columns=columns)
        raise kind.fail("list-file-unreadable", path, reason=reason)


def _check_sheet_sizes(path: Path, data: bytes, kind: ListKind) -> None:
    """Refuse a list whose sheets reach far (a stray value at XFD1048576) before any cell reader allocates them."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            largest = largest_sheet(archive)
    except TooManyCells as exc:
        raise kind.fail("list-file-unreadable", path, reason=Message("reason.cells", count=exc.count)) from None
    except Exception:  # noqa: BLE001 - a damaged archive: the cell reader names it below
        return
    if largest is not None and largest.rows * largest.columns > MAX_CELLS:
        reason = Message("reason.far_cell", rows=largest.rows, columns=largest.columns)
        raise kind.fail("list-file-unreadable", path, reason=reason)


def _check_unpacked_size(path: Path, data: bytes, kind: ListKind) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(entry.file_size for entry in archive.infolist())
    except (zipfile.BadZipFile, EOFError, ValueError) as exc:
        raise kind.fail("list-file-unreadable", path, reason=f"zip: {exc}") from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise kind.fail("list-file-too-large", path, megabytes=-(-unpacked // 2**20), limit=MAX_UNPACKED_BYTES // 2**20)
