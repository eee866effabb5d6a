"""CSV outputs: UTF-8 with a byte-order mark for Excel, every text neutralised against formula injection."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path

from .aggregate import Aggregation
from .problems import Problem

RESPONSE_COLUMNS = (
    "file", "sheet", "cell", "programme", "respondent", "item_id", "item_type", "field", "label", "score",
    "programme_id", "value", "evidence", "comment", "respondent_role", "respondent_date", "language",
)  # fmt: skip
PROBLEM_COLUMNS = ("file", "sheet", "cell", "code", "severity", "message")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """Text that a spreadsheet could run as a formula gets a leading apostrophe (OWASP CSV injection)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def write_rows(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for row in rows:
            writer.writerow([neutralise(v) for v in row])


def response_rows(aggregation: Aggregation) -> Iterable[tuple[object, ...]]:
    """One row per answered level cell of every workbook that counts."""
    default = aggregation.framework.default_language
    for reading, answer in aggregation.answers():
        assert reading.programme is not None
        yield (
            reading.file, answer.sheet, answer.cell, reading.programme.name.get(default), reading.respondent.name,
            answer.item_id, answer.item_type, answer.field, answer.level.label.get(default), answer.level.score,
            reading.programme.id, answer.raw, answer.evidence, answer.comment, reading.respondent.role,
            reading.respondent.date, reading.language,
        )  # fmt: skip


def problem_rows(problems: Iterable[Problem], lang: str) -> Iterable[tuple[object, ...]]:
    for problem in problems:
        yield (problem.file, problem.sheet, problem.cell, problem.code, problem.severity, problem.message(lang))


def write_responses_csv(aggregation: Aggregation, path: Path) -> None:
    write_rows(path, RESPONSE_COLUMNS, response_rows(aggregation))


def write_problems_csv(problems: Iterable[Problem], path: Path, lang: str) -> None:
    write_rows(path, PROBLEM_COLUMNS, problem_rows(problems, lang))
