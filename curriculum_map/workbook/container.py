"""What a file really is, checked before any parser sees it, and where its formulas are.

Workbooks arrive by e-mail and from shared drives: some are empty, truncated, encrypted, legacy
.xls, CSV files renamed to .xlsx, or hostile (zip bombs, XML entities). This module looks at the
bytes and the zip directory only; XML is parsed with defusedxml.
"""

from __future__ import annotations

import os
import re
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from defusedxml import ElementTree as SafeElementTree
from defusedxml.common import DefusedXmlException

from curriculum_map.core.catalogue import Message
from curriculum_map.core.problems import Problem

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
ENCRYPTION_MARKER = "EncryptionInfo".encode("utf-16-le")
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"

# Limits against decompression bombs; a filled workbook of this tool is about 30 KB.
MAX_ENTRY_BYTES = 256 * 1024 * 1024
MAX_TOTAL_BYTES = 512 * 1024 * 1024
MAX_RATIO = 200
RATIO_CHECK_FROM = 10 * 1024 * 1024
MAX_ENTRIES = 2000
MAX_SHEET_CELLS = 4_000_000  # the used range of one sheet; a filled workbook of this tool has about 1,500
PROLOG_BYTES = 4096
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')

_FORMULA_XLSX = re.compile(rb"<(?:\w+:)?f[\s>/]")
_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_NS_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"


@dataclass(frozen=True)
class Sniffed:
    """The kind of a file ('xlsx' or 'ods' when readable), or the problem that stops reading it."""

    kind: str | None
    problem: Problem | None = None
    may_have_formulas: bool = True  # False when every sheet was looked at and none holds a formula


def sniff(path: Path, display: str) -> Sniffed:
    """Decide from the bytes whether `path` is a workbook this tool can read."""

    def fail(code: str, **params: object) -> Sniffed:
        return Sniffed(None, Problem(code, display, params=params))

    try:
        info = path.stat()
    except FileNotFoundError:
        return fail("file-not-found")
    except OSError as exc:
        return fail("unreadable-file", reason=exc.strerror or str(exc))
    if stat.S_ISDIR(info.st_mode):
        return fail("is-a-folder")
    if info.st_size == 0:
        return fail("empty-file")
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        return fail("unreadable-file", reason=exc.strerror or str(exc))
    if head.startswith(OLE_MAGIC):
        # Excel's password encryption wraps the .xlsx in an OLE container with an EncryptionInfo stream.
        try:
            data = path.read_bytes()
        except OSError as exc:
            return fail("unreadable-file", reason=exc.strerror or str(exc))
        return fail("encrypted-workbook") if ENCRYPTION_MARKER in data else fail("legacy-xls")
    if not head.startswith(ZIP_MAGIC):
        return fail("not-a-workbook", kind=_describe_non_zip(path))
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            problem = _check_sizes(entries)
            formulas = False
            if not problem:
                problem, formulas = _check_parts(archive, entries)
            if problem:
                return fail("unsafe-workbook", reason=problem)
            names = {e.filename for e in entries}
            if "xl/workbook.xml" in names:
                return Sniffed("xlsx", may_have_formulas=formulas)
            if "mimetype" in names and archive.read("mimetype").strip() == ODS_MIMETYPE:
                return Sniffed("ods")
            if "content.xml" in names and "META-INF/manifest.xml" in names:
                return Sniffed("ods")
    except (zipfile.BadZipFile, EOFError, ValueError) as exc:
        return fail("corrupt-workbook", reason=f"zip: {exc}")
    except OSError as exc:
        return fail("unreadable-file", reason=exc.strerror or str(exc))
    return fail("not-a-workbook", kind=Message("reason.zip_archive"))


def _check_parts(archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo]) -> tuple[Message | None, bool]:
    """Look at every XML part before any parser does; tell whether any sheet holds a formula.

    No part may declare a DTD: entities are how XXE and billion-laughs attacks work. No sheet may
    declare a used range so large that the cell reader would allocate millions of cells. Sheets
    are read whole (sizes are checked already) so that the formula scan can be skipped when no
    sheet holds one, which is the common case.
    """
    formulas = False
    for entry in entries:
        if not entry.filename.endswith((".xml", ".rels")):
            continue
        sheet = entry.filename.startswith("xl/worksheets/")
        with archive.open(entry) as member:
            data = member.read() if sheet else member.read(PROLOG_BYTES)
        prolog = data[:PROLOG_BYTES]
        if b"<!DOCTYPE" in prolog or b"<!ENTITY" in prolog:
            return Message("reason.dtd", part=entry.filename), formulas
        if not sheet:
            continue
        formulas = formulas or bool(_FORMULA_XLSX.search(data))
        match = _DIMENSION.search(prolog)
        if match is None or match.group(3) is None:
            continue
        first_col, first_row, last_col, last_row = match.groups()
        rows = int(last_row) - int(first_row) + 1
        columns = _column_number(last_col) - _column_number(first_col) + 1
        if rows * columns > MAX_SHEET_CELLS:
            return Message("reason.used_range", part=entry.filename, rows=rows, columns=columns), formulas
    return None, formulas


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _describe_non_zip(path: Path) -> Message:
    with path.open("rb") as handle:
        sample = handle.read(4096)
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError:
        return Message("reason.unknown_type")
    if sample.lstrip().lower().startswith((b"<html", b"<!doctype html")):
        return Message("reason.html")
    if b"," in sample or b";" in sample or b"\t" in sample:
        return Message("reason.csv")
    return Message("reason.text")


def _check_sizes(entries: list[zipfile.ZipInfo]) -> Message | None:
    if len(entries) > MAX_ENTRIES:
        return Message("reason.parts", count=len(entries))
    total = 0
    for entry in entries:
        total += entry.file_size
        if entry.file_size > MAX_ENTRY_BYTES:
            return Message("reason.part_size", part=entry.filename, megabytes=entry.file_size // (1024 * 1024))
        if entry.file_size > RATIO_CHECK_FROM and entry.file_size > MAX_RATIO * max(entry.compress_size, 1):
            ratio = entry.file_size // max(entry.compress_size, 1)
            return Message("reason.ratio", part=entry.filename, ratio=ratio)
    if total > MAX_TOTAL_BYTES:
        return Message("reason.total", megabytes=total // (1024 * 1024))
    return None


def formula_cells(path: Path, kind: str, sheets: set[str]) -> dict[str, dict[str, str]]:
    """Per sheet name (of `sheets`), the cells that hold a formula, with the formula text."""
    try:
        with zipfile.ZipFile(path) as archive:
            if kind == "xlsx":
                return _xlsx_formulas(archive, sheets)
            return _ods_formulas(archive, sheets)
    except (KeyError, zipfile.BadZipFile, SafeElementTree.ParseError, DefusedXmlException, OSError):
        return {}


def _xlsx_sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    workbook = SafeElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = SafeElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_NS_PKG_REL}Relationship")}
    parts = {}
    for sheet in workbook.iter(f"{_NS_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_NS_REL}id"), "")
        if target.startswith("/"):
            part = target.lstrip("/")
        else:
            part = str(PurePosixPath("xl") / target)
        parts[sheet.get("name", "")] = os.path.normpath(part).replace(os.sep, "/")
    return parts


def _xlsx_formulas(archive: zipfile.ZipFile, sheets: set[str]) -> dict[str, dict[str, str]]:
    found: dict[str, dict[str, str]] = {}
    for name, part in _xlsx_sheet_parts(archive).items():
        if name not in sheets:
            continue
        data = archive.read(part)
        if not _FORMULA_XLSX.search(data):
            continue
        cells: dict[str, str] = {}
        for element in SafeElementTree.fromstring(data).iter(f"{_NS_MAIN}c"):
            formula = element.find(f"{_NS_MAIN}f")
            if formula is not None:
                cells[element.get("r", "")] = "=" + (formula.text or "")
        if cells:
            found[name] = cells
    return found


def _ods_formulas(archive: zipfile.ZipFile, sheets: set[str]) -> dict[str, dict[str, str]]:
    data = archive.read("content.xml")
    if b"table:formula=" not in data:
        return {}
    from xlsxwriter.utility import xl_rowcol_to_cell

    found: dict[str, dict[str, str]] = {}
    for table in SafeElementTree.fromstring(data).iter(f"{_NS_TABLE}table"):
        name = table.get(f"{_NS_TABLE}name", "")
        if name not in sheets:
            continue
        cells: dict[str, str] = {}
        row = 0
        for row_element in table.iter(f"{_NS_TABLE}table-row"):
            rows_repeated = int(row_element.get(f"{_NS_TABLE}number-rows-repeated", "1"))
            col = 0
            for cell in row_element:
                if cell.tag not in (f"{_NS_TABLE}table-cell", f"{_NS_TABLE}covered-table-cell"):
                    continue
                repeated = int(cell.get(f"{_NS_TABLE}number-columns-repeated", "1"))
                formula = cell.get(f"{_NS_TABLE}formula")
                if formula:
                    for r in range(min(rows_repeated, 1000)):
                        for c in range(min(repeated, 1000)):
                            cells[xl_rowcol_to_cell(row + r, col + c)] = formula.split(":", 1)[-1]
                col += repeated
            row += rows_repeated
        if cells:
            found[name] = cells
    return found
