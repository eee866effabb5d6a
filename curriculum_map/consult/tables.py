"""The rows of the tidy tables of `consult aggregate` (their columns: data/schemas/consult_*.json).

consult-responses.csv holds every answer typed into a consultation workbook (front sheet included) with
its file, sheet and cell; whatever could not be read is in problems.csv instead."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from curriculum_map.consult.aggregate import ALL, ConsultAggregation, Review, review_of
from curriculum_map.consult.questions import SECTOR, consult_scale, move_targets, questions
from curriculum_map.consult.reader import FRONT_ITEM
from curriculum_map.core.numbers import format_share
from curriculum_map.core.texts import text


def share(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}"


def share_of(count: int, total: int, lang: str) -> str:
    """A share with the counts beside it ('40% (2 van 5)'): a percentage of one answer says little alone."""
    return (
        text("consult.share_of", lang, share=format_share(count / total, lang), count=count, total=total)
        if total
        else ""
    )


def sectors_text(sectors: Iterable[str], lang: str) -> str:
    """Sectors in the scale's order, a missing sector said as such (last): 'middenveld, niet ingevuld'."""
    given = set(sectors)
    labels = [o.label.get(lang) for o in consult_scale(SECTOR).options if o.id in given]
    return ", ".join(labels + ([text("consult.revision.no_sector", lang)] if "" in given else []))


def sector_label(sector: str, lang: str) -> str:
    return consult_scale(SECTOR).label(sector, lang) if sector else ""


def describe_review(review: Review, lang: str, show_names: bool) -> str:
    """Who said it, as a shared report may say it: the sector, with the name only when names may be shown."""
    sector = sector_label(review.sector, lang) or text("consult.report.no_sector", lang)
    return f"{sector} ({review.reviewer or review.organisation})" if show_names and review.reviewer else sector


def response_rows(agg: ConsultAggregation, lang: str) -> Iterator[tuple[object, ...]]:
    """Every answer read, in the order of the files and their cells."""
    fw = agg.framework
    scales = {q.column: q.scale for q in questions(fw)} | {SECTOR: consult_scale(SECTOR)}
    for reading in agg.readings:
        if not reading.usable:
            continue
        review = review_of(reading)
        for a in reading.answers:
            item = fw.item(a.item_id)
            component = getattr(item, "component_id", "")
            cluster = fw.cluster_of(component).id if component else a.item_id.partition(".")[0] if a.item_id else ""
            scale = scales.get(a.question) if a.question != "competence" else None
            label = scale.label(a.value, lang) if scale is not None and a.value else ""
            yield (review.file, review.reviewer, review.organisation, review.sector,
                   a.item_id if a.item_id != FRONT_ITEM else "", cluster, component, a.question, a.value, label,
                   a.raw, a.sheet, a.cell)  # fmt: skip


def item_rows(agg: ConsultAggregation, lang: str) -> Iterator[tuple[object, ...]]:
    """Per competence (in rank order) and sector (all first) how many found it unclear or not relevant."""
    fw = agg.framework
    for item in sorted(agg.items.values(), key=lambda x: x.rank):
        competence = fw.competence(item.item_id)
        for sector in (ALL, *agg.sectors()):
            tally = item.tallies.get(sector)
            if tally is None:
                continue
            rewordings = sum(len(g.proposals) for g in item.rewordings)
            moves = len(item.moves)
            yield (item.rank, item.item_id, fw.cluster_of(competence.component_id).id, competence.component_id,
                   competence.text.get(lang), sector, len(tally.reviewers), tally.clear_answers, tally.unclear,
                   share(tally.share_unclear), tally.relevant_answers, tally.not_relevant,
                   share(tally.share_not_relevant), rewordings if sector == ALL else "",
                   moves if sector == ALL else "", share(item.attention) if sector == ALL else "")  # fmt: skip


def rewording_rows(agg: ConsultAggregation, lang: str) -> Iterator[tuple[object, ...]]:
    """Every proposed rewording verbatim, numbered by group, with how many proposed nearly the same."""
    for item in sorted(agg.items.values(), key=lambda x: x.rank):
        for number, group in enumerate(item.rewordings, 1):
            for p in group.proposals:
                yield (item.item_id, number, len(group.proposals), p.text, p.review.sector,
                       sector_label(p.review.sector, lang), p.review.file, p.sheet, p.cell)  # fmt: skip


def move_rows(agg: ConsultAggregation, lang: str) -> Iterator[tuple[object, ...]]:
    targets = move_targets(agg.framework)
    for item in sorted(agg.items.values(), key=lambda x: x.rank):
        for p in item.moves:
            yield (item.item_id, p.target, targets.label(p.target, lang), p.review.sector,
                   sector_label(p.review.sector, lang), p.review.file, p.sheet, p.cell)  # fmt: skip


def new_rows(agg: ConsultAggregation, lang: str) -> Iterator[tuple[object, ...]]:
    targets = move_targets(agg.framework)
    for number, group in enumerate(agg.new_groups, 1):  # rows of one group say nearly the same
        for p in group.proposals:
            target = targets.label(p.target, lang) if p.target else ""
            yield (p.item_id.partition(".")[0], number, p.item_id, p.text, p.target, target, p.review.sector,
                   sector_label(p.review.sector, lang), p.review.file, p.sheet, p.cell)  # fmt: skip
