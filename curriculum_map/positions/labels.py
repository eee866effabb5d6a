"""Texts every positions output shares: choices, numbers, alpha in words, the notes and rules."""

from __future__ import annotations

from curriculum_map.core.numbers import format_number, format_share
from curriculum_map.core.texts import text
from curriculum_map.framework.model import Competence, Framework
from curriculum_map.positions.aggregate import (
    TALK_SHARE,
    TALK_STEPS,
    CompetenceResult,
    GroupResult,
    PositionsAggregation,
)
from curriculum_map.positions.lists import plain_proposal_name

# Krippendorff's own reading: from 0.8 reliable, from 0.667 tentative conclusions; below that, less.
ALPHA_BANDS = ((0.8, "high"), (0.667, "fair"), (0.4, "moderate"), (0.0, "low"))


def share_text(share: float | None, lang: str) -> str:
    """A share of respondents as a percentage (50%), or a dash when nobody answered."""
    return format_share(share, lang)


def alpha_text(alpha: float | None, lang: str) -> str:
    """Krippendorff's alpha with two decimals in the reader's separator (0,62), or a dash."""
    return format_number(alpha, lang, 2)


def alpha_band(alpha: float | None) -> str:
    """Which plain sentence describes alpha: high, fair, moderate, low, below-chance or none."""
    if alpha is None:
        return "none"
    for bound, band in ALPHA_BANDS:
        if round(alpha, 9) >= bound:
            return band
    return "below-chance"


def alpha_sentence(alpha: float | None, lang: str) -> str:
    """Alpha explained in one plain sentence, to stand next to the number."""
    return text(f"positions.alpha.{alpha_band(alpha)}", lang)


def choice_text(aggregation: PositionsAggregation, choice: str | None, lang: str) -> str:
    """A choice as reports show it, or a dash."""
    return aggregation.scale.short(choice, lang) if choice else "–"


def spread_text(aggregation: PositionsAggregation, result: CompetenceResult, lang: str) -> str:
    """The range of the answers: 'Beginner – Pionier (2 stappen)', one name when everyone agrees."""
    if result.first is None or result.last is None:
        return "–"
    if result.first == result.last:
        return choice_text(aggregation, result.first, lang)
    first, last = choice_text(aggregation, result.first, lang), choice_text(aggregation, result.last, lang)
    return f"{first} – {last} ({text('positions.steps', lang, count=result.steps)})"


def departure_text(departure: int | None, lang: str) -> str:
    """A departure from the proposal in words: '2 posities vroeger', '1 positie later', or a dash."""
    if not departure:
        return "–"
    key = "positions.departure.earlier" if departure < 0 else "positions.departure.later"
    return text(key, lang, count=abs(departure))


def distribution_text(aggregation: PositionsAggregation, result: CompetenceResult, lang: str) -> str:
    """How many chose each answer: 'Beginner 2 · Pionier 1 · niet van toepassing 1'."""
    parts = [f"{choice_text(aggregation, c, lang)} {n}" for c, n in result.counts.items() if n]
    return " · ".join(parts) if parts else "–"


def respondents_text(group: GroupResult, lang: str) -> str:
    """'4 respondenten' / '1 respondent'."""
    return text("count.respondents", lang, count=group.respondents)


def data_note(aggregation: PositionsAggregation, lang: str) -> str:
    """Whose data this is: the organisations, how many respondents, the latest date."""
    count = len(aggregation.used)
    return text(
        "positions.report.data_of",
        lang,
        date=aggregation.data_date or "–",
        respondents=text("count.respondents", lang, count=count),
        organisations=", ".join(aggregation.organisations) or "–",
    )


def title(aggregation: PositionsAggregation, lang: str) -> str:
    """The report's title with the organisation(s) it is about."""
    names = ", ".join(aggregation.organisations)
    return text("positions.report.title", lang) + (f" – {names}" if names else "")


def consensus_rule(lang: str) -> str:
    """The consensus rule in words."""
    return text("positions.report.rule", lang)


def talk_rule(lang: str, per_cluster: bool = False) -> str:
    """When a competence is on the conversation list, and in which order, in words: per cluster (the report)
    or as one list ranked by disagreement (the workbook)."""
    rule = text("positions.talk.rule", lang, share=format_share(TALK_SHARE, lang), steps=TALK_STEPS)
    order = text("positions.talk.order.clusters" if per_cluster else "positions.talk.order.list", lang)
    return f"{rule} {order}"


def proposal_name(aggregation: PositionsAggregation, lang: str) -> str:
    """The proposal's name as staff read it: '' without a proposal, or when its name is only a file name."""
    return plain_proposal_name(aggregation.proposal, lang) if aggregation.proposal else ""


def proposal_note(aggregation: PositionsAggregation, lang: str) -> str:
    """'Compared with the proposal: name.', without a file name; '' without a proposal."""
    if aggregation.proposal is None:
        return ""
    name = proposal_name(aggregation, lang)
    if name:
        return text("positions.report.proposal", lang, name=name)
    return text("positions.report.proposal.unnamed", lang, column=text("positions.column.proposal", lang))


def departures_note(aggregation: PositionsAggregation, lang: str) -> str:
    """What the departures are, naming the proposal when it has a name of its own."""
    if aggregation.proposal is None:
        return text("positions.departures.none", lang)
    name = proposal_name(aggregation, lang)
    if name:
        return text("positions.departures.note", lang, name=name)
    return text("positions.departures.note.unnamed", lang)


def has_majority(result: CompetenceResult) -> bool:
    """Whether at least half of those who answered chose exactly the consensus position."""
    return result.share is not None and round(result.share, 9) >= 0.5


def consensus_cell(aggregation: PositionsAggregation, result: CompetenceResult, lang: str) -> str:
    """The consensus position for a table cell: 'Pionier', or 'Pionier (geen meerderheid)' when under half chose it."""
    choice = choice_text(aggregation, result.consensus, lang)
    if result.consensus is None or has_majority(result):
        return choice
    return text("positions.consensus.cell.no_majority", lang, choice=choice)


def consensus_sentence(aggregation: PositionsAggregation, result: CompetenceResult, lang: str) -> str:
    """'Consensuspositie: Pionier (2 van de 3 kozen die positie)', or the middle position with 'geen meerderheid'."""
    if result.consensus is None:
        return f"{text('positions.column.consensus', lang)}: –"
    key = "positions.consensus.majority" if has_majority(result) else "positions.consensus.no_majority"
    chosen = result.counts[result.consensus]
    choice = choice_text(aggregation, result.consensus, lang)
    return text(key, lang, choice=choice, chosen=chosen, answered=result.answered)


def agreement_text(alpha: float | None, lang: str) -> str:
    """Agreement in words, the number after it: 'Redelijke overeenstemming: ... Alfa: 0,62.'"""
    return text("positions.card.agreement", lang, sentence=alpha_sentence(alpha, lang), alpha=alpha_text(alpha, lang))


def competence_text(framework: Framework, item_id: str, lang: str) -> str:
    """The statement of the competence `item_id`, on one line."""
    competence = framework.item(item_id)
    assert isinstance(competence, Competence)
    return competence.text.get(lang).replace("\n", " ")


def show_names(group: GroupResult, names_asked: bool, min_respondents: int) -> bool:
    """Names of respondents appear only when asked for and never below the minimum number of respondents."""
    return names_asked and group.respondents >= min_respondents
