"""The tidy result tables of the coverage report, computed from the aggregation. No I/O.

consensus.csv, summary.csv and respondents.csv hold what coverage.xlsx shows, one fact per row,
so that pandas, R or Power BI need not re-implement "median rounded down"; items.csv (the
framework flattened, `framework.items`) is the table to join them on. Their columns and types
are documented in docs/data-dictionary.md, and a test keeps the two in step. The rows are
computed without I/O; `tidy_outputs` hands `run_aggregate` their writers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from curriculum_map.core.dates import parse_date
from curriculum_map.core.report_files import CONSENSUS_CSV, ITEMS_CSV, RESPONDENTS_CSV, SUMMARY_CSV, TEXTS_CSV
from curriculum_map.core.tables import Table, table
from curriculum_map.coverage.aggregate import Aggregation
from curriculum_map.framework.items import item_rows, sort_keys, text_rows
from curriculum_map.framework.model import Cluster, Focus
from curriculum_map.render.csv import write_table
from curriculum_map.workbook.layout import LEVEL_FIELDS

MEAN_DECIMALS = 4

Row = tuple[object, ...]


def boolean(value: bool | None) -> str:
    """How the tidy tables write a yes/no: true, false, or empty when it is not known."""
    return "" if value is None else "true" if value else "false"


def blank(value: object) -> object:
    return "" if value is None else value


def consensus_rows(aggregation: Aggregation) -> Iterator[Row]:
    """One row per programme that answered, item (components, then competences) and field.

    Cells nobody of the programme answered are rows too, with an empty consensus and 0 answered:
    not answered is not the lowest level.
    """
    fw = aggregation.framework
    default = fw.default_language
    keys = sort_keys(fw)
    labels = {level.score: level.label.get(default) for level in fw.levels}
    items = [(x.id, "component") for x in fw.components] + [(x.id, "competence") for x in fw.competences]
    for programme in aggregation.programmes:
        name = programme.name.get(default)
        for item_id, item_type in items:
            for field_name in LEVEL_FIELDS:
                cell = aggregation.cell(programme.id, item_id, field_name)
                consensus, spread = cell.consensus, cell.spread
                yield (
                    programme.id,
                    name,
                    item_id,
                    keys[(item_type, item_id)],
                    item_type,
                    field_name,
                    blank(consensus),
                    labels[consensus] if consensus is not None else "",
                    min(cell.scores) if cell.scores else "",
                    max(cell.scores) if cell.scores else "",
                    len(cell.scores),
                    cell.respondents,
                    blank(spread),
                    boolean(None if spread is None else spread >= aggregation.disagreement),
                )


def mean_text(value: float | None) -> object:
    """A mean as the tidy tables write it (rounded to four decimals), or empty."""
    return "" if value is None else round(value, MEAN_DECIMALS)


def summary_rows(aggregation: Aggregation) -> Iterator[Row]:
    """Per programme, field and focus or cluster: the mean consensus of its components and what was counted."""
    fw = aggregation.framework
    default = fw.default_language
    keys = sort_keys(fw)
    lowest_score = fw.scale.bottom
    groups: list[tuple[str, Focus | Cluster]] = []
    for focus in fw.focuses:
        groups.append(("focus", focus))
        groups.extend(("cluster", cluster) for cluster in focus.clusters)
    for programme in aggregation.programmes:
        name = programme.name.get(default)
        for field_name in LEVEL_FIELDS:
            for scope, group in groups:
                components = (
                    group.components
                    if isinstance(group, Cluster)
                    else [k for c in group.clusters for k in c.components]
                )
                scores = [aggregation.cell(programme.id, k.id, field_name).consensus for k in components]
                answered = [s for s in scores if s is not None]
                mean = sum(answered) / len(answered) if answered else None
                yield (
                    programme.id,
                    name,
                    scope,
                    group.id,
                    keys[(scope, group.id)],
                    field_name,
                    mean_text(mean),
                    len(answered),
                    len(scores) - len(answered),
                    sum(s == lowest_score for s in answered),
                    boolean(None if mean is None else mean >= aggregation.threshold),
                )


def respondent_rows(aggregation: Aggregation) -> Iterator[Row]:
    """One row per workbook that counts: whose it is, when it was filled in and how much was answered."""
    default = aggregation.framework.default_language
    for s in aggregation.submissions:
        date = parse_date(s.date, s.language)
        yield (
            s.programme.id,
            s.programme.name.get(default),
            s.respondent,
            s.role,
            date.isoformat() if date is not None else "",
            s.date,
            s.file,
            s.language,
            s.answered,
            s.unanswered,
        )


def tidy_outputs(aggregation: Aggregation) -> list[tuple[str, Callable[[Path], None]]]:
    """The tidy tables as (file name, writer) pairs for the report's list of outputs."""
    tables = (
        (ITEMS_CSV, table("items"), lambda: item_rows(aggregation.framework)),
        (TEXTS_CSV, table("texts"), lambda: text_rows(aggregation.framework)),
        (CONSENSUS_CSV, table("consensus"), lambda: consensus_rows(aggregation)),
        (SUMMARY_CSV, table("summary"), lambda: summary_rows(aggregation)),
        (RESPONDENTS_CSV, table("respondents"), lambda: respondent_rows(aggregation)),
    )
    return [(name, _writer(schema, rows)) for name, schema, rows in tables]


def _writer(schema: Table, rows: Callable[[], Iterator[Row]]) -> Callable[[Path], None]:
    return lambda path: write_table(path, schema, rows())
