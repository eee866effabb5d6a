"""Combine positions workbooks: shares, consensus classes, agreement (Krippendorff's alpha), profiles. No I/O.

Consensus rule, on the respondents who answered a cell (competence x position), with p the share
who expect the competence of that position ('wenselijk' or higher):
    p >= 0.8  consensus: expected            p <= 0.2  consensus: not expected
    0.6 < p < 0.8  majority expects           0.2 < p < 0.4  majority does not expect
    0.4 <= p <= 0.6  to discuss               fewer than 2 answers: too few answers
A position's profile counts the competences that a majority (p > 0.5) expects of it.
"""

from __future__ import annotations

import itertools
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from curriculum_map.core.dates import parse_date
from curriculum_map.core.problems import Problem
from curriculum_map.framework.levels import normalise
from curriculum_map.framework.model import Cluster, Framework
from curriculum_map.positions.reader import OwnCompetence, PositionsReading
from curriculum_map.workbook.duplicates import select_submissions

CONSENSUS, NO_CONSENSUS = 0.8, 0.2  # at least / at most this share: consensus
DISCUSS_FROM, DISCUSS_TO = 0.4, 0.6  # between these shares (inclusive): to discuss
CLASSES = ("consensus-expected", "majority-expected", "discuss", "majority-not-expected",
           "consensus-not-expected", "too-few")  # fmt: skip


def consensus_class(share: float | None, answered: int) -> str:
    """The consensus class of a share of respondents expecting a competence (see the module docstring)."""
    if share is None or answered < 2:
        return "too-few"
    share = round(share, 9)  # 4 of 5 is 0.8 exactly, whatever the floating point says
    if share >= CONSENSUS:
        return "consensus-expected"
    if share <= NO_CONSENSUS:
        return "consensus-not-expected"
    if DISCUSS_FROM <= share <= DISCUSS_TO:
        return "discuss"
    return "majority-expected" if share > 0.5 else "majority-not-expected"


@dataclass(frozen=True)
class ExpectationCell:
    """The answers of all respondents for one competence and one position."""

    scores: tuple[int, ...]
    respondents: int

    @property
    def answered(self) -> int:
        return len(self.scores)

    @property
    def expecting(self) -> int:
        return sum(score >= 1 for score in self.scores)

    @property
    def share(self) -> float | None:
        return self.expecting / self.answered if self.scores else None

    @property
    def consensus(self) -> str:
        return consensus_class(self.share, self.answered)

    @property
    def disagreement(self) -> float:
        """Mean absolute difference between two respondents' scores (0 = everyone agrees)."""
        pairs = list(itertools.combinations(self.scores, 2))
        return statistics.fmean(abs(a - b) for a, b in pairs) if pairs else 0.0


@dataclass(frozen=True)
class AddedCompetence:
    own: OwnCompetence
    respondent: str
    file: str


@dataclass(frozen=True)
class PositionsRespondent:
    file: str
    respondent: str
    role: str
    date: str
    organisation: str
    answered: int


@dataclass
class PositionsAggregation:
    framework: Framework
    readings: list[PositionsReading]
    used: list[PositionsReading]
    cells: dict[tuple[str, str], ExpectationCell]
    problems: list[Problem]
    respondents: list[PositionsRespondent]
    added: list[AddedCompetence]
    alpha: float | None
    alpha_per_cluster: dict[str, float | None] = field(default_factory=dict)
    data_date: str = ""

    def cell(self, item_id: str, position_id: str) -> ExpectationCell:
        return self.cells.get((item_id, position_id), ExpectationCell((), len(self.used)))

    def profile(self, position_id: str, items: Iterable[str]) -> int:
        """How many of `items` a majority expects of the position."""
        return sum(1 for item in items if (self.cell(item, position_id).share or 0) > 0.5)

    def most_disagreement(self, limit: int = 15) -> list[tuple[str, float]]:
        """Competences ranked by disagreement between respondents, summed over the positions."""
        ranked = []
        for competence in self.framework.competences:
            total = sum(self.cell(competence.id, p.id).disagreement for p in self.framework.positions)
            if total > 0:
                ranked.append((competence.id, total))
        return sorted(ranked, key=lambda pair: -pair[1])[:limit]


def krippendorff_alpha(used: list[PositionsReading], units: list[tuple[str, str]], domain: list[int]) -> float | None:
    """Ordinal Krippendorff's alpha over respondents x units; None when it is not defined."""
    import krippendorff

    if len(used) < 2 or not units:
        return None
    index = {unit: i for i, unit in enumerate(units)}
    data = np.full((len(used), len(units)), np.nan)
    for r, reading in enumerate(used):
        for answer in reading.answers:
            column = index.get((answer.item_id, answer.position_id))
            if column is not None:
                data[r, column] = answer.level.score
    pairable = np.sum(~np.isnan(data), axis=0) >= 2
    if not pairable.any() or len(np.unique(data[~np.isnan(data)])) < 2:
        return None
    try:
        value = float(krippendorff.alpha(reliability_data=data, level_of_measurement="ordinal", value_domain=domain))
    except (ValueError, ZeroDivisionError):
        return None
    return None if np.isnan(value) else value


def _units(framework: Framework, clusters: Iterable[Cluster]) -> list[tuple[str, str]]:
    return [(x.id, p.id) for c in clusters for k in c.components for x in k.competences for p in framework.positions]


def answer_set(reading: PositionsReading) -> frozenset[tuple[object, ...]]:
    """What a respondent answered, for finding copies: every expectation and every added competence."""
    expected = ((a.item_id, a.position_id, a.level.score, a.own_choice) for a in reading.answers)
    added = (
        (own.row_id, own.text, tuple((position, level.score) for position, level in own.choices), own.own_choice)
        for own in reading.own
    )
    return frozenset((*expected, *added))


def aggregate_positions(
    readings: list[PositionsReading], framework: Framework, extra_problems: Iterable[Problem] = ()
) -> PositionsAggregation:
    """Decide which readings count, then compute every cell, the agreement and the added competences."""
    problems: list[Problem] = list(extra_problems)
    for reading in readings:
        problems.extend(reading.problems)
    selection = select_submissions(
        readings,
        group_of=lambda r: normalise(r.organisation),
        respondent_of=lambda r: normalise(r.respondent.name),
        answers_of=answer_set,
        label=lambda r: r.organisation or "-",
    )
    used = selection.kept
    problems += selection.problems
    used.sort(key=lambda r: r.file)
    scores: dict[tuple[str, str], list[int]] = defaultdict(list)
    for reading in used:
        for answer in reading.answers:
            scores[(answer.item_id, answer.position_id)].append(answer.level.score)
    domain = [level.score for level in framework.expectations]
    dates = sorted(d for d in (parse_date(r.respondent.date, r.language) for r in used) if d is not None)
    return PositionsAggregation(
        framework=framework,
        readings=readings,
        used=used,
        cells={key: ExpectationCell(tuple(v), len(used)) for key, v in scores.items()},
        problems=problems,
        respondents=[
            PositionsRespondent(
                r.file, r.respondent.name, r.respondent.role, r.respondent.date, r.organisation, len(r.answers)
            )
            for r in used
        ],
        added=[AddedCompetence(own, r.respondent.name, r.file) for r in used for own in r.own],
        alpha=krippendorff_alpha(used, _units(framework, framework.clusters), domain),
        alpha_per_cluster={c.id: krippendorff_alpha(used, _units(framework, [c]), domain) for c in framework.clusters},
        data_date=dates[-1].isoformat() if dates else "",
    )
