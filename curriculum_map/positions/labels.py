"""Texts and colours every positions output shares: shares and alphas as text, the notes, the class colours."""

from __future__ import annotations

from curriculum_map.core.texts import text
from curriculum_map.framework.model import Competence, Framework
from curriculum_map.positions.aggregate import AddedCompetence, PositionsAggregation

CLASS_COLOURS = {
    "consensus-expected": "#225ea8", "majority-expected": "#7fcdbb", "discuss": "#fdb863",
    "majority-not-expected": "#edf8b1", "consensus-not-expected": "#ffffff", "too-few": "#d9d9d9",
}  # fmt: skip


def share_text(share: float | None) -> str:
    """A share of respondents as a percentage, or a dash when nobody answered."""
    return "–" if share is None else f"{share:.0%}"


def alpha_text(alpha: float | None) -> str:
    """Krippendorff's alpha with two decimals, or a dash when it cannot be computed."""
    return "–" if alpha is None else f"{alpha:.2f}"


def data_note(aggregation: PositionsAggregation, lang: str) -> str:
    """Whose data this is: the latest date and how many workbooks were used."""
    return text("positions.report.data_of", lang, date=aggregation.data_date or "-", count=len(aggregation.used))


def rule(framework: Framework, lang: str) -> str:
    """The consensus rule in words, naming the lowest level that counts as expecting."""
    return text("positions.report.rule", lang, low=framework.expectations[1].label.get(lang))


def position_names(framework: Framework, lang: str) -> dict[str, str]:
    """Each position's name by its id."""
    return {p.id: p.name.get(lang) for p in framework.positions}


def choices_text(added: AddedCompetence, names: dict[str, str], lang: str) -> str:
    """The positions and levels a respondent chose for a competence they added ('Position: level; ...')."""
    return "; ".join(f"{names[pid]}: {level.label.get(lang)}" for pid, level in added.own.choices)


def competence_text(framework: Framework, item_id: str, lang: str) -> str:
    """The statement of the competence `item_id`."""
    competence = framework.item(item_id)
    assert isinstance(competence, Competence)
    return competence.text.get(lang)
