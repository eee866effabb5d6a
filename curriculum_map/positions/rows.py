"""The CSV rows of a positions aggregate: every answer, every expectation cell, every added competence."""

from __future__ import annotations

from collections.abc import Iterator

from curriculum_map.positions.aggregate import PositionsAggregation
from curriculum_map.positions.labels import choices_text, position_names

RESPONSE_COLUMNS = (
    "file", "sheet", "cell", "organisation", "respondent", "item_id", "position", "label", "score",
    "position_id", "value", "own_choice", "respondent_role", "respondent_date", "language",
)  # fmt: skip
EXPECTATION_COLUMNS = ("item_id", "position", "position_id", "answered", "expecting", "share", "essential", "class")
ADDED_COLUMNS = ("file", "sheet", "cell", "respondent", "component_id", "competence", "positions", "own_choice")

Row = tuple[object, ...]


def response_rows(aggregation: PositionsAggregation) -> Iterator[Row]:
    """One row per answer of every workbook used, in the framework's default language."""
    default = aggregation.framework.default_language
    names = position_names(aggregation.framework, default)
    for reading in aggregation.used:
        for a in reading.answers:
            yield (
                reading.file,
                a.sheet,
                a.cell,
                reading.organisation,
                reading.respondent.name,
                a.item_id,
                names[a.position_id],
                a.level.label.get(default),
                a.level.score,
                a.position_id,
                a.raw,
                a.own_choice,
                reading.respondent.role,
                reading.respondent.date,
                reading.language,
            )


def expectation_rows(aggregation: PositionsAggregation) -> Iterator[Row]:
    """One row per competence and position: how many answered, expect it, find it essential, and the class."""
    fw = aggregation.framework
    for competence in fw.competences:
        for position in fw.positions:
            cell = aggregation.cell(competence.id, position.id)
            share = "" if cell.share is None else round(cell.share, 4)
            essential = sum(score == fw.expectations[-1].score for score in cell.scores)
            yield (
                competence.id,
                position.name.get(fw.default_language),
                position.id,
                cell.answered,
                cell.expecting,
                share,
                essential,
                cell.consensus,
            )


def added_rows(aggregation: PositionsAggregation, lang: str) -> Iterator[Row]:
    """One row per competence a respondent added, with the positions and levels they chose for it."""
    names = position_names(aggregation.framework, lang)
    for added in aggregation.added:
        yield (
            added.file,
            added.own.sheet,
            added.own.cell,
            added.respondent,
            added.own.component_id,
            added.own.text,
            choices_text(added, names, lang),
            added.own.own_choice,
        )
