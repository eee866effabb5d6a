"""The tidy result tables of a positions aggregate: position_consensus.csv, items.csv and texts.csv. No I/O but the
writers.

position_consensus.csv holds, per group (each organisation, and all respondents together) and
competence, the consensus position and the numbers behind it, one fact per row and with fixed
columns (the counts per answer, one column per position, stay in position-choices.csv), so that
it can be documented in docs/data-dictionary.md and kept in the history. Only the aggregation's
public fields are used: `framework`, `scale`, `groups` and each group's `competences`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from curriculum_map.core.report_files import ITEMS_CSV, POSITION_CONSENSUS_CSV, TEXTS_CSV
from curriculum_map.core.tables import table
from curriculum_map.framework.items import item_rows, sort_keys, text_rows
from curriculum_map.render.csv import write_table

DECIMALS = 4


def _boolean(value: bool) -> str:
    return "true" if value else "false"


def position_consensus_rows(aggregation: Any) -> Iterator[tuple[object, ...]]:
    """One row per group and competence: the consensus position, its share, the spread and the departure."""
    fw, scale = aggregation.framework, aggregation.scale
    default = fw.default_language
    keys = sort_keys(fw)
    for group in aggregation.groups:
        scope = "organisation" if group.key else "all"
        for competence in fw.competences:
            result = group.competences[competence.id]
            consensus = result.consensus
            yield (
                group.label,
                scope,
                competence.id,
                keys[("competence", competence.id)],
                group.respondents,
                result.answered,
                consensus or "",
                scale.short(consensus, default) if consensus else "",
                scale.rank(consensus) + 1 if consensus else "",
                "" if result.share is None else round(result.share, DECIMALS),
                result.first or "",
                result.last or "",
                result.steps if result.answered else "",
                result.proposal or "",
                "" if result.departure is None else result.departure,
                round(result.contribution, DECIMALS) if result.answered >= 2 else "",
                _boolean(result.talk),
            )


def position_tidy_outputs(aggregation: Any) -> list[tuple[str, Callable[[Path], None]]]:
    """position_consensus.csv, items.csv and texts.csv as (file name, writer) pairs for the positions report."""
    return [
        (
            POSITION_CONSENSUS_CSV,
            lambda p: write_table(p, table("position_consensus"), position_consensus_rows(aggregation)),
        ),
        (ITEMS_CSV, lambda p: write_table(p, table("items"), item_rows(aggregation.framework))),
        (TEXTS_CSV, lambda p: write_table(p, table("texts"), text_rows(aggregation.framework))),
    ]
