"""CSV outputs: UTF-8 with a byte-order mark for Excel, every text neutralised against formula injection."""

from __future__ import annotations

import codecs
import csv
import io
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from curriculum_map.core.problems import Problem
from curriculum_map.coverage.aggregate import Aggregation
from curriculum_map.coverage.reader import WorkbookReading
from curriculum_map.framework.model import Framework
from curriculum_map.render.output import OutputError

RESPONSE_COLUMNS = (
    "file", "sheet", "cell", "programme", "respondent", "item_id", "item_type", "field", "label", "score",
    "programme_id", "value", "evidence", "comment", "respondent_role", "respondent_date", "language",
)  # fmt: skip
RESPONSES_CSV = "responses.csv"
PROBLEM_COLUMNS = ("file", "sheet", "cell", "code", "severity", "message")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """Text that a spreadsheet could run as a formula gets a leading apostrophe (OWASP CSV injection)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def write_rows(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """Write a CSV file that Excel opens correctly (UTF-8 with BOM), every text cell neutralised."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows([neutralise(v) for v in row] for row in rows)


def response_rows(reading: WorkbookReading, framework: Framework) -> Iterable[tuple[object, ...]]:
    """One row per answered level cell of a workbook, already neutralised.

    The values that repeat on every row of a workbook are neutralised once, so that hundreds of
    thousands of rows stay fast.
    """
    assert reading.programme is not None
    default = framework.default_language
    labels = {level.score: neutralise(level.label.get(default)) for level in framework.levels}
    file, programme, respondent, programme_id, role, date, language = (
        neutralise(v)
        for v in (
            reading.file,
            reading.programme.name.get(default),
            reading.respondent.name,
            reading.programme.id,
            reading.respondent.role,
            reading.respondent.date,
            reading.language,
        )
    )
    sheets: dict[str, object] = {}
    for answer in reading.answers:
        sheet = sheets.get(answer.sheet)
        if sheet is None:
            sheet = sheets[answer.sheet] = neutralise(answer.sheet)
        yield (
            file, sheet, answer.cell, programme, respondent, neutralise(answer.item_id), answer.item_type,
            answer.field, labels[answer.level.score], answer.level.score, programme_id, neutralise(answer.raw),
            neutralise(answer.evidence), neutralise(answer.comment), role, date, language,
        )  # fmt: skip


def csv_bytes(rows: Iterable[Sequence[object]]) -> bytes:
    """Rows as CSV text (the csv module's Excel dialect), encoded as UTF-8."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8")


def response_block(reading: WorkbookReading, framework: Framework) -> bytes:
    """A workbook's rows of responses.csv as UTF-8 bytes."""
    return csv_bytes(response_rows(reading, framework))


@dataclass(frozen=True)
class ResponseSpool:
    """Rows of responses.csv rendered where each workbook is read, kept until the aggregation is done.

    With many workbooks the reading happens in worker processes; each renders the rows of the
    workbooks it reads into a file of its own in `folder` (used as an `after_read` of
    ingest.read_workbooks), so that the main process only copies the blocks of the workbooks that
    count, in their order, instead of rendering hundreds of thousands of rows on one core.
    """

    folder: Path

    def __call__(self, reading: WorkbookReading, framework: Framework) -> None:
        if not reading.usable or not reading.answers or reading.programme is None:
            return
        block = response_block(reading, framework)
        path = self.folder / f"rows-{os.getpid()}.csv"
        try:
            with path.open("ab") as handle:
                offset = handle.tell()
                handle.write(block)
        except OSError as exc:  # a full disk: name the file the rows are for
            raise OutputError(self.folder.parent / RESPONSES_CSV, exc.strerror or str(exc)) from None
        reading.spooled_rows = (path.name, offset, len(block))


def write_responses_csv(aggregation: Aggregation, path: Path, spool: ResponseSpool | None = None) -> None:
    """responses.csv: the header, then the rows of every workbook that counts, spooled or rendered now."""
    handles: dict[str, BinaryIO] = {}
    try:
        with path.open("wb") as out:
            out.write(codecs.BOM_UTF8 + csv_bytes([RESPONSE_COLUMNS]))
            for reading in aggregation.used:
                spooled = reading.spooled_rows if spool is not None else None
                if spooled is None:
                    out.write(response_block(reading, aggregation.framework))
                    continue
                name, offset, length = spooled
                if name not in handles:
                    handles[name] = (spool.folder / name).open("rb")
                handles[name].seek(offset)  # not os.pread: that does not exist on Windows
                out.write(handles[name].read(length))
    finally:
        for handle in handles.values():
            handle.close()


def problem_rows(problems: Iterable[Problem], lang: str) -> Iterable[tuple[object, ...]]:
    for problem in problems:
        yield (problem.file, problem.sheet, problem.cell, problem.code, problem.severity, problem.message(lang))


def write_problems_csv(problems: Iterable[Problem], path: Path, lang: str) -> None:
    write_rows(path, PROBLEM_COLUMNS, problem_rows(problems, lang))
