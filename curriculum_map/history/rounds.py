"""A finished report folder turned into the rows of one round of the history. No database here.

Everything a round needs is read and computed before the history is opened for writing, so
that the write itself is short (other writers wait for it) and holds no surprises.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from curriculum_map.core.report_files import POSITION_CONSENSUS_CSV, PROBLEMS_CSV, RESPONSES_CSV
from curriculum_map.core.yamlfile import parse_yaml
from curriculum_map.coverage.results import ResultsError, load_results
from curriculum_map.coverage.tidy import consensus_rows, respondent_rows, summary_rows
from curriculum_map.framework.items import item_rows, text_rows
from curriculum_map.framework.model import Framework
from curriculum_map.history.columns import (
    CONSENSUS,
    ITEMS,
    POSITION_CONSENSUS,
    POSITION_RESPONSES,
    PROBLEMS,
    RESPONDENTS,
    RESPONSES,
    SUMMARY,
    TEXTS,
    Table,
)
from curriculum_map.history.errors import HistoryError
from curriculum_map.history.reports import COVERAGE, POSITIONS, ReportFolder, open_report
from curriculum_map.history.schema import BASE_TABLES

_EMPTY_IS_TEXT = ("text",)  # empty text stays ''; an empty number, flag, date or code is NULL


@dataclass(frozen=True)
class PreparedRound:
    """One round's rows per base table of the history, ready to be written."""

    kind: str
    framework: Framework
    model: str  # the framework file as JSON: a round can be read back without the file
    source: str
    run_id: str
    data_date: str
    tables: dict[str, tuple[tuple[str, ...], list[tuple[Any, ...]]]] = field(default_factory=dict)
    items: list[tuple[Any, ...]] = field(default_factory=list)
    texts: list[tuple[Any, ...]] = field(default_factory=list)  # framework_texts: every language the framework has

    @property
    def respondents(self) -> int:
        if self.kind == COVERAGE:
            return len(self.tables[BASE_TABLES["respondents"]][1])
        rows = self.tables[BASE_TABLES["position_responses"]][1]
        return len({(row[0], row[4]) for row in rows})  # file, respondent

    @property
    def responses(self) -> int:
        return len(self.tables[BASE_TABLES["responses" if self.kind == COVERAGE else "position_responses"]][1])


def sql_value(value: object, kind: str) -> object:
    """A value of a tidy table as the history stores it: booleans as 1/0, empty numbers and codes as NULL."""
    if kind in _EMPTY_IS_TEXT:
        return "" if value is None else str(value)
    if value is None or value == "":
        return None
    if kind == "boolean":
        return 1 if value in (True, "true") else 0
    if kind == "integer":
        return int(value)  # type: ignore[call-overload]
    if kind == "decimal":
        return float(value)  # type: ignore[arg-type]
    return str(value)


def sql_rows(table: Table, rows: Iterable[Sequence[object]]) -> tuple[tuple[str, ...], list[tuple[Any, ...]]]:
    """Rows in the order of the table's columns, converted for the history."""
    kinds = [c.type for c in table.columns]
    return table.names, [tuple(sql_value(v, k) for v, k in zip(row, kinds, strict=True)) for row in rows]


def dict_rows(table: Table, rows: Iterable[dict[str, str]]) -> tuple[tuple[str, ...], list[tuple[Any, ...]]]:
    """Rows read from a CSV file (by column name; a column the file lacks is empty), converted for the history."""
    return sql_rows(table, ([row.get(name, "") for name in table.names] for row in rows))


def framework_model(framework: Framework) -> str:
    """The framework file as JSON text, as it was loaded."""
    document = getattr(framework, "document", None)  # kept by newer loaders; else read the file again
    if not document and framework.path:
        document = parse_yaml(Path(framework.path).read_text(encoding="utf-8"))
    return json.dumps(document or framework.to_dict(), ensure_ascii=False, sort_keys=True)


def prepare_round(path: Path, framework: Framework) -> PreparedRound:
    """Read a report folder of `aggregate` or `positions aggregate` and compute what the history keeps of it."""
    report = open_report(path)
    if report.kind == POSITIONS:
        return _prepare_positions(report, framework)
    return _prepare_coverage(report, framework)


def _prepare_coverage(report: ReportFolder, framework: Framework) -> PreparedRound:
    aggregation = load_results(report.path, framework)  # the numbers exactly as `aggregate` makes them
    _, responses = report.rows(RESPONSES_CSV, RESPONSES.names[:10])
    _, problems = report.rows(PROBLEMS_CSV, PROBLEMS.names) if report.has(PROBLEMS_CSV) else ([], [])
    tables = {
        BASE_TABLES["responses"]: dict_rows(RESPONSES, responses),
        BASE_TABLES["problems"]: dict_rows(PROBLEMS, problems),
        BASE_TABLES["consensus"]: sql_rows(CONSENSUS, consensus_rows(aggregation)),
        BASE_TABLES["summary"]: sql_rows(SUMMARY, summary_rows(aggregation)),
        BASE_TABLES["respondents"]: sql_rows(RESPONDENTS, respondent_rows(aggregation)),
    }
    return _prepared(COVERAGE, framework, report, aggregation.data_date, tables)


def _prepare_positions(report: ReportFolder, framework: Framework) -> PreparedRound:
    if not report.has(POSITION_CONSENSUS_CSV):
        raise HistoryError("history-positions-old-report", folder=report.path)
    _, responses = report.rows(RESPONSES_CSV, ("file", "respondent", "item_id", "choice_id"))
    _, consensus = report.rows(POSITION_CONSENSUS_CSV, POSITION_CONSENSUS.names)
    _, problems = report.rows(PROBLEMS_CSV, PROBLEMS.names) if report.has(PROBLEMS_CSV) else ([], [])
    known = {x.id for x in framework.competences}
    foreign = next((row for row in consensus if row["item_id"] not in known), None)
    if foreign is not None:
        raise ResultsError(
            "results-foreign-row",
            path=report.path / POSITION_CONSENSUS_CSV,
            line=consensus.index(foreign) + 2,
            programme=foreign["organisation"],  # the group the row belongs to
            item=foreign["item_id"],
            framework=framework.id,
            version=framework.version,
        )
    from curriculum_map.core.dates import parse_date

    dates = sorted(
        d for d in (parse_date(r.get("respondent_date", ""), r.get("language") or "nl") for r in responses) if d
    )
    tables = {
        BASE_TABLES["position_responses"]: dict_rows(POSITION_RESPONSES, responses),
        BASE_TABLES["position_consensus"]: dict_rows(POSITION_CONSENSUS, consensus),
        BASE_TABLES["problems"]: dict_rows(PROBLEMS, problems),
    }
    return _prepared(POSITIONS, framework, report, dates[-1].isoformat() if dates else "", tables)


def _prepared(kind: str, framework: Framework, report: ReportFolder, data_date: str, tables: dict) -> PreparedRound:
    return PreparedRound(
        kind=kind,
        framework=framework,
        model=framework_model(framework),
        source=str(report.path.resolve()),
        run_id=report.run_id,
        data_date=data_date,
        tables=tables,
        items=sql_rows(ITEMS, item_rows(framework))[1],
        texts=sql_rows(TEXTS, text_rows(framework))[1],
    )
