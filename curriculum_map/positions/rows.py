"""The CSV rows of a positions aggregate: every answer, every group's consensus per competence, the
profiles and the added competences. Texts in the framework's default language, ids beside them."""

from __future__ import annotations

from collections.abc import Iterator

from curriculum_map.framework.model import NOT_APPLICABLE, Framework
from curriculum_map.positions.aggregate import PositionsAggregation
from curriculum_map.positions.labels import competence_text

Row = tuple[object, ...]


def choice_ids(framework: Framework) -> tuple[str, ...]:
    """Every answer a positions workbook takes: the framework's positions, then not applicable.

    position-choices.csv has a count column per answer (its schema's `count_<choice_id>`).
    """
    return (*(p.id for p in framework.positions), NOT_APPLICABLE)


def response_rows(aggregation: PositionsAggregation) -> Iterator[Row]:
    """One row per answered row of every workbook used: choices and explanations, then added competences."""
    scale = aggregation.scale
    default = aggregation.framework.default_language
    for reading in aggregation.used:
        person = reading.respondent
        for a in reading.answers:
            label = scale.short(a.choice, default) if a.choice else ""
            yield (reading.file, a.sheet, a.cell, reading.organisation, person.name, a.item_id, "", label, a.choice,
                   a.raw, a.comment, person.role, person.date, reading.language)  # fmt: skip
        for own in reading.own:
            label = scale.short(own.choice, default) if own.choice else ""
            yield (reading.file, own.sheet, own.cell, reading.organisation, person.name, own.row_id, own.text, label,
                   own.choice, "", own.comment, person.role, person.date, reading.language)  # fmt: skip


def consensus_rows(aggregation: PositionsAggregation) -> Iterator[Row]:
    """One row per group and competence: counts per answer, consensus, spread, proposal, departure, conversation."""
    fw, scale = aggregation.framework, aggregation.scale
    default = fw.default_language
    for group in aggregation.groups:
        rank = {r.item_id: n for n, r in enumerate(group.conversation, 1)}
        scope = "organisation" if group.key else "all"
        for competence in fw.competences:
            r = group.competences[competence.id]
            yield (
                group.label,
                scope,
                "; ".join(group.organisations),
                group.respondents,
                competence.id,
                competence_text(fw, competence.id, default),
                r.answered,
                *r.counts.values(),
                r.consensus or "",
                scale.short(r.consensus, default) if r.consensus else "",
                "" if r.share is None else round(r.share, 4),
                r.first or "",
                r.last or "",
                r.steps if r.answered else "",
                r.proposal or "",
                scale.short(r.proposal, default) if r.proposal else "",
                "" if r.departure is None else r.departure,
                rank.get(competence.id, ""),
                round(r.contribution, 4) if r.answered >= 2 else "",
            )


def profile_rows(aggregation: PositionsAggregation) -> Iterator[Row]:
    """Per group and position: every competence expected of it (consensus at it or earlier), then the
    competences staff added that they expect of it (their own choice, one person's)."""
    fw, scale = aggregation.framework, aggregation.scale
    default = fw.default_language
    for group in aggregation.groups:
        for position in fw.positions:
            name = position.name.get(default)
            for item_id in group.profile(scale, position.id, [x.id for x in fw.competences]):
                consensus = group.competences[item_id].consensus or ""
                cluster = fw.cluster_of(item_id).id
                text = competence_text(fw, item_id, default)
                yield (group.label, position.id, name, cluster, item_id, text, consensus, "consensus", "")
            limit = scale.rank(position.id)
            for added in group.added:
                choice = added.own.choice
                if choice and choice != NOT_APPLICABLE and scale.rank(choice) <= limit:
                    cluster = fw.cluster_of(added.own.component_id).id
                    yield (group.label, position.id, name, cluster, added.own.row_id, added.own.text, choice, "own",
                           added.respondent)  # fmt: skip


def added_rows(aggregation: PositionsAggregation, lang: str) -> Iterator[Row]:
    """One row per competence a respondent added, with the answer they chose for it."""
    scale = aggregation.scale
    for added in aggregation.added:
        own = added.own
        choice = scale.short(own.choice, lang) if own.choice else ""
        yield (added.file, own.sheet, own.cell, added.organisation, added.respondent, own.component_id, own.text,
               choice, own.comment)  # fmt: skip
