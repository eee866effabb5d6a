"""responses.csv of the coverage report: one row per answered level cell, traceable to file, sheet and cell."""

from __future__ import annotations

import codecs
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from curriculum_map.core.tables import table
from curriculum_map.coverage.aggregate import Aggregation
from curriculum_map.coverage.reader import WorkbookReading
from curriculum_map.framework.model import Framework
from curriculum_map.render.csv import ResponseSpool, csv_bytes, current_delimiter, neutralise


def response_rows(reading: WorkbookReading, framework: Framework) -> Iterable[tuple[object, ...]]:
    """One row per answered level cell of a workbook, already neutralised.

    The values that repeat on every row of a workbook are neutralised once, so that hundreds of
    thousands of rows stay fast.
    """
    assert reading.programme is not None
    default = framework.default_language
    labels = {level.score: neutralise(level.label.get(default)) for level in framework.levels}
    file, programme, respondent, programme_id, role, date, language, remark = (
        neutralise(v)
        for v in (
            reading.file,
            reading.programme.name.get(default),
            reading.respondent.name,
            reading.programme.id,
            reading.respondent.role,
            reading.respondent.date,
            reading.language,
            reading.respondent.remark,
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
            neutralise(answer.evidence), neutralise(answer.comment), role, date, language, remark,
        )  # fmt: skip


def response_block(reading: WorkbookReading, framework: Framework, delimiter: str = ",") -> bytes:
    """A workbook's rows of responses.csv as UTF-8 bytes (rendered in worker processes: the separator is passed)."""
    return csv_bytes(response_rows(reading, framework), delimiter)


def write_responses_csv(aggregation: Aggregation, path: Path, spool: ResponseSpool | None = None) -> None:
    """responses.csv: the header, then the rows of every workbook that counts, spooled or rendered now."""
    handles: dict[str, BinaryIO] = {}
    try:
        with path.open("wb") as out:
            out.write(codecs.BOM_UTF8 + csv_bytes([table("responses").names]))
            for reading in aggregation.used:
                spooled = reading.spooled_rows if spool is not None else None
                if spool is None or spooled is None:
                    out.write(response_block(reading, aggregation.framework, current_delimiter()))
                    continue
                name, offset, length = spooled
                if name not in handles:
                    handles[name] = (spool.folder / name).open("rb")
                handles[name].seek(offset)  # not os.pread: that does not exist on Windows
                out.write(handles[name].read(length))
    finally:
        for handle in handles.values():
            handle.close()
