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
    """Write a CSV file that Excel opens correctly (UTF-8 with BOM), every text cell neutralised."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows([neutralise(v) for v in row] for row in rows)


def response_rows(aggregation: Aggregation) -> Iterable[tuple[object, ...]]:
    """One row per answered level cell of every workbook that counts, already neutralised.

    The values that repeat on every row of a workbook are neutralised once per workbook, so that
    hundreds of thousands of rows stay fast.
    """
    default = aggregation.framework.default_language
    labels = {level.score: neutralise(level.label.get(default)) for level in aggregation.framework.levels}
    for reading in aggregation.used:
        assert reading.programme is not None
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


def problem_rows(problems: Iterable[Problem], lang: str) -> Iterable[tuple[object, ...]]:
    for problem in problems:
        yield (problem.file, problem.sheet, problem.cell, problem.code, problem.severity, problem.message(lang))


def write_responses_csv(aggregation: Aggregation, path: Path) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(RESPONSE_COLUMNS)
        writer.writerows(response_rows(aggregation))


def write_problems_csv(problems: Iterable[Problem], path: Path, lang: str) -> None:
    write_rows(path, PROBLEM_COLUMNS, problem_rows(problems, lang))
