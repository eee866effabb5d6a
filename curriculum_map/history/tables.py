"""The pandas API: a report folder or a history as tidy DataFrames with proper dtypes.

    import curriculum_map as cm
    report = cm.read_report("report/")
    report.consensus.pivot(index="item_id", columns="programme", values="consensus")

Levels, fields, severities, programmes, items and rounds are ordered categoricals (so that sorting
and pivoting follow the framework, not the alphabet: 1.1, 2.1, 10.1), scores and counts are
nullable integers (Int64: not answered stays missing, never 0), flags are booleans, dates are
dates; texts come back as they were typed (the apostrophe the CSV files put before a text that a
spreadsheet could run as a formula is taken off). docs/data-dictionary.md describes every column.
pandas is imported here only, when a table is read.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from curriculum_map.core.problems import SEVERITIES
from curriculum_map.core.report_files import ITEMS_CSV
from curriculum_map.framework.items import KINDS
from curriculum_map.framework.model import Framework, load_framework, report_framework
from curriculum_map.history.columns import (
    CONSENSUS,
    ITEMS,
    POSITION_CONSENSUS,
    POSITION_RESPONSES,
    PROBLEMS,
    RESPONDENTS,
    RESPONSES,
    SUMMARY,
    TABLES,
    TEXTS,
    Table,
)
from curriculum_map.history.reports import COVERAGE, POSITIONS, delimiter_of, open_report
from curriculum_map.workbook.layout import LEVEL_FIELDS

if TYPE_CHECKING:
    import pandas as pd

_NEUTRALISED = r"^'(?=[=+\-@\t\r])"
_NAMES = ("responses", "consensus", "items", "texts", "summary", "problems", "respondents", "position_responses",
          "position_consensus")  # fmt: skip


@dataclass
class Tables:
    """Tidy tables as DataFrames: `responses`, `consensus`, `items`, `texts`, `summary`, `problems`, `respondents`,
    and for the positions workflow `position_responses` and `position_consensus`. A history adds `rounds`, a
    `round` column in front of every table, and its team rounds: `team_groups`, `training_needs` and
    `competence_needs`; a table the source does not have is empty, with its columns."""

    source: Path
    kind: str  # coverage, positions or history
    responses: pd.DataFrame
    consensus: pd.DataFrame
    items: pd.DataFrame
    summary: pd.DataFrame
    problems: pd.DataFrame
    respondents: pd.DataFrame
    position_responses: pd.DataFrame
    position_consensus: pd.DataFrame
    texts: pd.DataFrame  # the items' texts in every language of the framework (long form)
    rounds: pd.DataFrame | None = field(default=None)
    # a history's team rounds (staff read's team/ folder): groups at or above the minimum only, never a person
    team_groups: pd.DataFrame | None = field(default=None)
    training_needs: pd.DataFrame | None = field(default=None)
    competence_needs: pd.DataFrame | None = field(default=None)

    @property
    def names(self) -> list[str]:
        """The names of the tables."""
        return [f.name for f in fields(self) if f.name not in ("source", "kind") and getattr(self, f.name) is not None]

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in self.names:
            raise KeyError(name)
        frame: pd.DataFrame = getattr(self, name)
        return frame

    def __repr__(self) -> str:
        sizes = ", ".join(f"{name} ({len(self[name])} rows)" for name in self.names)
        return f"<Tables of {self.source} ({self.kind}): {sizes}>"


@dataclass(frozen=True)
class Domains:
    """The order of every ordered column, from the framework (and the history's rounds)."""

    values: dict[str, list[str]]

    @classmethod
    def of(cls, framework: Framework, item_order: Sequence[str] | None = None, rounds: Sequence[str] = ()) -> Domains:
        default = framework.default_language
        items = list(item_order) if item_order is not None else _outline_items(framework)
        return cls(
            {
                "programme": [p.name.get(default) for p in framework.programmes],
                "programme_id": [p.id for p in framework.programmes],
                "item": items,
                "field": list(LEVEL_FIELDS),
                "level": [lv.label.get(default) for lv in framework.levels],
                "expectation": [lv.label.get(default) for lv in framework.expectations],
                "severity": list(reversed(SEVERITIES)),  # info < warning < error
                "kind": list(KINDS),
                "position": [p.name.get(default) for p in framework.positions],
                "position_id": [p.id for p in framework.positions],
                "round": list(rounds),
            }
        )


def _outline_items(framework: Framework) -> list[str]:
    """Component and competence ids in the outline's order: 1.1, 1.1.1, 1.1.2, 1.2, ..."""
    ids = []
    for component in framework.components:
        ids.append(component.id)
        ids.extend(competence.id for competence in component.competences)
    return ids


def typed(table: Table, frame: pd.DataFrame, domains: Domains, prefix: Sequence[str] = ()) -> pd.DataFrame:
    """A frame of a tidy table (strings from a CSV file, or values from SQLite) with the dtypes of its columns."""
    import pandas as pd

    columns = {}
    for name in prefix:
        columns[name] = _ordered(frame[name], domains.values.get(name, [])) if name == "round" else _text(frame[name])
    for column in table.columns:
        raw = frame[column.name] if column.name in frame else pd.Series([""] * len(frame), dtype=object)
        columns[column.name] = _convert(raw.reset_index(drop=True), column.type, domains.values.get(column.domain, []))
    return pd.DataFrame(columns)


def _missing(series: pd.Series) -> pd.Series:
    return series.isna() | (series.astype(str) == "")


def _text(series: pd.Series) -> pd.Series:
    return series.where(~series.isna(), "").astype(str)


def _convert(series: pd.Series, kind: str, domain: Sequence[str]) -> pd.Series:
    import pandas as pd

    missing = _missing(series)
    if kind == "text":
        return _text(series)
    if kind == "integer":
        return pd.to_numeric(series.where(~missing, None)).astype("Int64")
    if kind == "decimal":
        return pd.to_numeric(series.where(~missing, None)).astype("float64")
    if kind == "boolean":  # 'true'/'false' in the CSV files, 1/0 in the history (1.0/0.0 beside NULLs)
        return series.map(_flag).where(~missing, None).astype("boolean")
    if kind == "date":
        return pd.to_datetime(series.where(~missing, None), format="%Y-%m-%d", errors="coerce")
    if kind == "category":
        return series.where(~missing, None).astype("category")
    return _ordered(series.where(~missing, None), domain)


def _flag(value: object) -> bool | None:
    text = str(value).strip().lower()
    return True if text in ("true", "1", "1.0") else False if text in ("false", "0", "0.0") else None


def _ordered(series: pd.Series, domain: Sequence[str]) -> pd.Series:
    """An ordered categorical in the domain's order; values outside the domain are kept, after it."""
    import pandas as pd

    present = [str(v) for v in series.dropna().unique()]
    categories = list(dict.fromkeys([*domain, *present]))
    values = series.map(lambda v: None if v is None or (isinstance(v, float) and v != v) else str(v))
    return pd.Series(pd.Categorical(values, categories=categories, ordered=True), name=series.name)


def empty(table: Table, domains: Domains, prefix: Sequence[str] = ()) -> pd.DataFrame:
    """A table with no rows, its columns typed."""
    import pandas as pd

    return typed(
        table, pd.DataFrame({name: pd.Series([], dtype=object) for name in (*prefix, *table.names)}), domains, prefix
    )


def _read(path: Path, table: Table, domains: Domains) -> pd.DataFrame:
    """One CSV file of a report as a typed table, texts as typed."""
    import pandas as pd

    with path.open(encoding="utf-8-sig") as handle:
        delimiter = delimiter_of(handle.readline())
    frame = pd.read_csv(path, sep=delimiter, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    for column in table.columns:
        if column.name in frame and column.type in ("text", "category", "ordered"):
            frame[column.name] = frame[column.name].str.replace(_NEUTRALISED, "", regex=True)
    return typed(table, frame, domains)


def read_report(path: str | Path, framework: Framework | str | Path | None = None) -> Tables:
    """The tidy tables of a report folder of `aggregate` or `positions aggregate` as pandas DataFrames.

    `framework` (a Framework or a framework file; by default the one the report was made with, kept
    in its framework.yaml) gives the order of programmes and levels; values it does not know are
    kept, ordered after the known ones.
    """
    report = open_report(Path(path))
    if isinstance(framework, Framework):
        fw = framework
    else:
        fw = load_framework(framework) if framework is not None else report_framework(report.path)
    item_order = None
    if report.has(ITEMS_CSV):
        items = _read(report.table_path(ITEMS_CSV), ITEMS, Domains.of(fw))
        parts = items[items["kind"].isin(["component", "competence"])].sort_values("sort_key")
        item_order = [str(v) for v in parts["item_id"]]
    domains = Domains.of(fw, item_order)
    wanted: tuple[Table, ...] = (RESPONSES, CONSENSUS, ITEMS, TEXTS, SUMMARY, PROBLEMS, RESPONDENTS)
    if report.kind == POSITIONS:
        wanted = (POSITION_RESPONSES, POSITION_CONSENSUS, ITEMS, TEXTS, PROBLEMS)
    frames: dict[str, Any] = {}
    for table in wanted:
        if report.has(table.file):
            frames[table.name] = _read(report.table_path(table.file), table, domains)
    if report.kind == COVERAGE and not report.has(CONSENSUS.file):
        frames.update(_computed(report.path, fw, domains))  # a report of a version without the tidy tables
    if ITEMS.name not in frames:
        frames[ITEMS.name] = _from_rows(ITEMS, _item_rows(fw), domains)
    if TEXTS.name not in frames:  # a report of a version without texts.csv: its framework's texts
        frames[TEXTS.name] = _from_rows(TEXTS, _text_rows(fw), domains)
    for name in _NAMES:
        frames.setdefault(name, empty(TABLES[name], domains))
    return Tables(source=Path(path), kind=report.kind, **frames)


def _item_rows(framework: Framework) -> Iterable[Sequence[object]]:
    from curriculum_map.framework.items import item_rows

    return item_rows(framework)


def _text_rows(framework: Framework) -> Iterable[Sequence[object]]:
    from curriculum_map.framework.items import text_rows

    return text_rows(framework)


def _from_rows(table: Table, rows: Iterable[Sequence[object]], domains: Domains) -> pd.DataFrame:
    import pandas as pd

    frame = pd.DataFrame([list(map(str, row)) for row in rows], columns=list(table.names), dtype=object)
    return typed(table, frame, domains)


def _computed(folder: Path, framework: Framework, domains: Domains) -> dict[str, pd.DataFrame]:
    """consensus, summary and respondents computed from responses.csv, as `aggregate` computes them."""
    from curriculum_map.coverage.results import load_results
    from curriculum_map.coverage.tidy import consensus_rows, respondent_rows, summary_rows

    aggregation = load_results(folder, framework)
    return {
        CONSENSUS.name: _from_rows(CONSENSUS, consensus_rows(aggregation), domains),
        SUMMARY.name: _from_rows(SUMMARY, summary_rows(aggregation), domains),
        RESPONDENTS.name: _from_rows(RESPONDENTS, respondent_rows(aggregation), domains),
    }


def read_history(path: str | Path) -> Tables:
    """Every round of a history file as tidy DataFrames, each with a `round` column (ordered as the rounds)."""
    import pandas as pd

    from curriculum_map.history.schema import FRAMEWORK_TABLES, TEAM_TABLES, view_prefix
    from curriculum_map.history.store import label_order, open_history

    with open_history(Path(path)) as history:
        infos = history.rounds()
        for info in infos:
            if info.kind == COVERAGE:  # a score outside the legend is named, not handed on as a number
                history.check_scores(info.label)
        teams = history.team_rounds()
        labels = sorted({*(info.label for info in infos), *(info.label for info in teams)}, key=label_order)
        newest = infos[-1] if infos else None
        framework = history.framework(newest.label, newest.kind) if newest is not None else load_framework()
        present = history.tables
        order = _history_item_order(history.connection, framework)
        domains = Domains.of(framework, order, labels)
        frames: dict[str, Any] = {}
        for name in _NAMES:
            prefix = ("round",) if name in FRAMEWORK_TABLES else view_prefix(name)
            if name in present:
                frame = pd.read_sql_query(f"SELECT * FROM {name}", history.connection, dtype=object)
                frames[name] = typed(TABLES[name], frame, domains, prefix)
            else:
                frames[name] = empty(TABLES[name], domains, prefix)
        for name in TEAM_TABLES:
            frames[name] = _team_frame(history, name, domains)
        rounds = pd.DataFrame(
            {
                "round": _ordered(pd.Series([i.label for i in infos], dtype=object), labels),
                "kind": pd.Series([i.kind for i in infos], dtype="category"),
                "data_date": pd.to_datetime(pd.Series([i.data_date or None for i in infos], dtype=object)),
                "recorded_at": pd.to_datetime(pd.Series([i.recorded_at for i in infos], dtype=object)),
                "framework_id": pd.Series([i.framework_id for i in infos], dtype=object).astype(str),
                "framework_version": pd.Series([i.framework_version for i in infos], dtype=object).astype(str),
                "groups": pd.Series([i.groups for i in infos], dtype="Int64"),
                "respondents": pd.Series([i.respondents for i in infos], dtype="Int64"),
                "responses": pd.Series([i.responses for i in infos], dtype="Int64"),
                "errors": pd.Series([i.errors for i in infos], dtype="Int64"),
                "warnings": pd.Series([i.warnings for i in infos], dtype="Int64"),
                "source": pd.Series([i.source for i in infos], dtype=object).astype(str),
            }
        )
    return Tables(source=Path(path), kind="history", rounds=rounds, **frames)


def _team_frame(history: Any, name: str, domains: Domains) -> pd.DataFrame:
    """One team view of a history as a typed table (empty, with its columns, in a history without team rounds)."""
    import pandas as pd

    from curriculum_map.history.schema import view_prefix

    prefix = view_prefix(name)
    if name not in history.tables:
        return empty(TABLES[name], domains, prefix)
    frame = pd.read_sql_query(f"SELECT * FROM {name}", history.connection, dtype=object)
    return typed(TABLES[name], frame, domains, prefix)


def _history_item_order(connection: Any, framework: Framework) -> list[str]:
    """Items of every framework in the history: the newest framework's outline first, then any others."""
    ids = _outline_items(framework)
    rows = connection.execute(
        "SELECT item_id FROM framework_items WHERE kind IN ('component', 'competence') ORDER BY framework_key DESC,"
        " sort_key"
    )
    return list(dict.fromkeys([*ids, *(row[0] for row in rows)]))
