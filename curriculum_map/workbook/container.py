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
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from xml.etree.ElementTree import ParseError

from defusedxml import ElementTree as SafeElementTree
from defusedxml.common import DefusedXmlException

from curriculum_map.core.catalogue import Message
from curriculum_map.core.extent import (
    WINDOW_COLUMNS,
    WINDOW_ROWS,
    SheetSize,
    TooManyCells,
    ods_sheet_sizes,
    xlsx_sheet_size,
)
from curriculum_map.core.problems import Problem

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
ENCRYPTION_MARKER = "EncryptionInfo".encode("utf-16-le")
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"

# Limits against decompression bombs; a filled workbook of this tool is about 30 KB.
MAX_ENTRY_BYTES = 256 * 1024 * 1024  # any part (a picture pasted in is not read, but stays bounded)
MAX_XML_PART_BYTES = 64 * 1024 * 1024  # a part that is parsed: a workbook of 1,000 competences is about 2 MB
MAX_TOTAL_BYTES = 512 * 1024 * 1024
MAX_RATIO = 200
RATIO_CHECK_FROM = 10 * 1024 * 1024
MAX_ENTRIES = 2000
READ_CHUNK = 1024 * 1024  # parts are inflated in chunks of this size, never whole and unchecked
# The parts the cell readers parse (calamine, openpyxl): inflated whole here, so that one inflating beyond
# what it declares is caught before they see it; sheets are measured too (extent.py).
PARSED_WHOLE = (
    "xl/worksheets/",
    "xl/sharedStrings.xml",
    "xl/styles.xml",
    "xl/workbook.xml",
    "xl/_rels/",
    "content.xml",
)
PROLOG_BYTES = 4096

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
    # per sheet name, the real size of the sheets that are not plainly small (see extent.py)
    sizes: Mapping[str, SheetSize] = field(default_factory=dict)


def sniff(path: Path, display: str) -> Sniffed:
    """Decide from the bytes whether `path` is a workbook this tool can read, and how large its sheets are."""

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
        if head.startswith(OLE_MAGIC):
            return fail("encrypted-workbook") if _encrypted(path) else fail("legacy-xls")
    except OSError as exc:
        return fail("unreadable-file", reason=exc.strerror or str(exc))
    if not head.startswith(ZIP_MAGIC):
        return fail("not-a-workbook", kind=_describe_non_zip(path))
    try:
        with zipfile.ZipFile(path) as archive:
            return _sniff_archive(archive, fail)
    except (zipfile.BadZipFile, EOFError, ValueError, zlib.error) as exc:
        return fail("corrupt-workbook", reason=f"zip: {exc}")
    except (ParseError, DefusedXmlException) as exc:
        return fail("corrupt-workbook", reason=f"xml: {exc}")
    except TooManyCells as exc:
        return fail("unsafe-workbook", reason=Message("reason.cells", count=exc.count))
    except OSError as exc:
        return fail("unreadable-file", reason=exc.strerror or str(exc))


def _encrypted(path: Path) -> bool:
    """Excel's password encryption wraps the .xlsx in an OLE container with an EncryptionInfo stream."""
    with path.open("rb") as handle:
        tail = b""
        while chunk := handle.read(READ_CHUNK):
            if ENCRYPTION_MARKER in tail + chunk:
                return True
            tail = chunk[-len(ENCRYPTION_MARKER) :]
    return False


def _sniff_archive(archive: zipfile.ZipFile, fail: Callable[..., Sniffed]) -> Sniffed:
    entries = archive.infolist()
    problem = _check_sizes(entries)
    if problem:
        return fail("unsafe-workbook", reason=problem)
    names = {e.filename for e in entries}
    problem, formulas, part_sizes = _check_parts(archive, entries)
    if problem:
        return fail("unsafe-workbook", reason=problem)
    if "xl/workbook.xml" in names:
        # the sheets' names are looked up only for the rare sheet that reaches far
        parts = _xlsx_sheet_parts(archive) if part_sizes else {}
        sizes = {name: part_sizes[part] for name, part in parts.items() if part in part_sizes}
        return Sniffed("xlsx", may_have_formulas=formulas, sizes=sizes)
    ods = "content.xml" in names and (
        "META-INF/manifest.xml" in names or ("mimetype" in names and archive.read("mimetype").strip() == ODS_MIMETYPE)
    )
    if not ods:
        return fail("not-a-workbook", kind=Message("reason.zip_archive"))
    with archive.open("content.xml") as content:
        sizes = ods_sheet_sizes(content)
    return Sniffed("ods", sizes={name: size for name, size in sizes.items() if not _small(size)})


def _small(size: SheetSize) -> bool:
    return size.rows <= WINDOW_ROWS and size.columns <= WINDOW_COLUMNS


def _check_parts(
    archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo]
) -> tuple[Message | None, bool, dict[str, SheetSize]]:
    """Inflate every XML part in bounded chunks before any parser does; measure the sheets.

    No part may declare a DTD: entities are how XXE and billion-laughs attacks work. A part that
    holds more than it declares is refused without inflating it (deflate never makes data larger by
    more than a fraction of a percent); one that inflates beyond its declared size stops there and
    is named as damaged (zipfile checks the CRC). Tells whether any sheet holds a formula, and the
    size of every sheet that is not plainly small.
    """
    formulas = False
    sizes: dict[str, SheetSize] = {}
    for entry in entries:
        if not entry.filename.endswith((".xml", ".rels")):
            continue
        if entry.file_size > MAX_XML_PART_BYTES:
            megabytes = entry.file_size // (1024 * 1024)
            return Message("reason.part_size", part=entry.filename, megabytes=megabytes), False, {}
        if entry.compress_size > entry.file_size + entry.file_size // 100 + 1024:
            return Message("reason.declared", part=entry.filename), False, {}
        parsed = entry.filename.startswith(PARSED_WHOLE)
        data = _inflate(archive, entry) if parsed else _prolog(archive, entry)
        prolog = data[:PROLOG_BYTES]
        if b"<!DOCTYPE" in prolog or b"<!ENTITY" in prolog:
            return Message("reason.dtd", part=entry.filename), False, {}
        if not entry.filename.startswith("xl/worksheets/"):
            continue
        formulas = formulas or bool(_FORMULA_XLSX.search(data))
        size = xlsx_sheet_size(data)
        if size is not None and not _small(size):
            sizes[entry.filename] = size
    return None, formulas, sizes


def _prolog(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> bytes:
    """The first bytes of a part no cell reader parses (themes, document properties): enough to see a DTD."""
    with archive.open(entry) as member:
        return member.read(PROLOG_BYTES)


def _inflate(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> bytes:
    """A part's bytes, inflated a chunk at a time; zipfile stops at the declared size and checks the CRC."""
    chunks = []
    with archive.open(entry) as member:
        while chunk := member.read(READ_CHUNK):
            chunks.append(chunk)
    return b"".join(chunks)


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
