"""CSV outputs: UTF-8 with a byte-order mark for Excel, every text neutralised against formula injection."""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from curriculum_map.core.problems import ProblemRecord
from curriculum_map.core.report_files import RESPONSES_CSV
from curriculum_map.core.tables import Table, table
from curriculum_map.framework.model import Framework
from curriculum_map.render.output import OutputError

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """Text that a spreadsheet could run as a formula gets a leading apostrophe (OWASP CSV injection)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


# The column separator of the CSV files. A comma (RFC 4180) is what scripts expect; a Dutch- or
# French-language Excel splits on a semicolon when a file is opened with a double click.
DELIMITERS = (",", ";")
DELIMITER_VARIABLE = "CURRICULUM_MAP_CSV_DELIMITER"
_delimiter = [","]  # the separator of the run in progress (`use_delimiter`)


@contextmanager
def use_delimiter(delimiter: str) -> Iterator[None]:
    """Write every CSV file of the block with `delimiter` (one of DELIMITERS) unless a writer says otherwise."""
    if delimiter not in DELIMITERS:
        raise ValueError(f"CSV delimiter {delimiter!r} is not one of {DELIMITERS}")
    _delimiter.append(delimiter)
    try:
        yield
    finally:
        _delimiter.pop()


def current_delimiter() -> str:
    """The separator CSV files are written with now (a comma outside `use_delimiter`)."""
    return _delimiter[-1]


def sniff_delimiter(header_line: str) -> str:
    """The separator of a CSV file this tool wrote, from its header (column names hold neither , nor ;)."""
    return ";" if ";" in header_line and "," not in header_line else ","


def write_rows(
    path: Path, header: Sequence[str], rows: Iterable[Sequence[object]], delimiter: str | None = None
) -> None:
    """Write a CSV file that Excel opens correctly (UTF-8 with BOM), every text cell neutralised."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter or current_delimiter())
        writer.writerow(header)
        writer.writerows([neutralise(v) for v in row] for row in rows)


def write_table(
    path: Path,
    table: Table,
    rows: Iterable[Sequence[object]],
    delimiter: str | None = None,
    **repeats: Sequence[str],
) -> None:
    """Write a tidy table: its header from its schema (pattern columns expanded by `repeats`), then the rows."""
    write_rows(path, table.header(**repeats), rows, delimiter)


def csv_bytes(rows: Iterable[Sequence[object]], delimiter: str | None = None) -> bytes:
    """Rows as CSV text (the csv module's Excel dialect), encoded as UTF-8."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter or current_delimiter()).writerows(rows)
    return buffer.getvalue().encode("utf-8")


@dataclass(frozen=True)
class ResponseSpool:
    """Rows of a CSV file rendered where each workbook is read, kept until the aggregation is done.

    With many workbooks the reading happens in worker processes; each renders the rows of the
    workbooks it reads into a file of its own in `folder` (used as an `after_read` of
    ingest.read_workbooks), so that the main process only copies the blocks of the workbooks that
    count, in their order, instead of rendering hundreds of thousands of rows on one core.
    """

    folder: Path
    render_block: Callable[[Any, Framework], bytes]  # a reading's rows as CSV bytes; module-level, to pickle

    def __call__(self, reading: Any, framework: Framework) -> None:
        if not reading.usable or not getattr(reading, "answers", None):
            return
        block = self.render_block(reading, framework)
        path = self.folder / f"rows-{os.getpid()}.csv"
        try:
            with path.open("ab") as handle:
                offset = handle.tell()
                handle.write(block)
        except OSError as exc:  # a full disk: name the file the rows are for
            raise OutputError(self.folder.parent / RESPONSES_CSV, exc.strerror or str(exc)) from None
        reading.spooled_rows = (path.name, offset, len(block))


def problem_rows(problems: Iterable[ProblemRecord], lang: str) -> Iterable[tuple[object, ...]]:
    for problem in problems:
        yield (problem.file, problem.sheet, problem.cell, problem.code, problem.severity, problem.message(lang))


def write_problems_csv(problems: Iterable[ProblemRecord], path: Path, lang: str) -> None:
    """problems.csv: one row per problem, its message in the language of the run."""
    write_table(path, table("problems"), problem_rows(problems, lang))
