"""What the consultation says, per competence and sector (pure: no I/O).

Rewordings are grouped when they say nearly the same, and so are the missing competences reviewers propose
for one cluster: both texts are normalised (case folded, punctuation
taken out, white space collapsed) and two texts are one group when the normalised texts are equal or
difflib's ratio between them is at least SAME_TEXT_RATIO; a text joins the first group it matches.

The revisielijst ranks the competences most in need of attention first: by the share of all reviewers (the
workbooks that count) who flagged a competence (unclear or partly clear, not relevant, a rewording or a move
proposed), then by the number of flags, then in the framework's order. All reviewers, not those who answered
about the competence: two reviewers out of forty who both propose a move are not everyone's concern.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from curriculum_map.consult.questions import CLEAR, RELEVANT, SECTOR, consult_scale, is_new_row
from curriculum_map.consult.reader import FRONT_ITEM
from curriculum_map.core.problems import Problem
from curriculum_map.framework.model import Framework
from curriculum_map.organisation.reader import Answer, OrganisationReading

SAME_TEXT_RATIO = 0.9
ALL = "all"  # the sector key of every reviewer together


@dataclass(frozen=True)
class Review:
    """One returned workbook that counts: who, for which organisation and sector, and the file."""

    file: str
    reviewer: str
    organisation: str
    sector: str  # a sector id, '' when not chosen


@dataclass(frozen=True)
class Proposal:
    """A text or target a reviewer proposed for a competence (or a missing competence for a cluster)."""

    item_id: str
    text: str
    review: Review
    sheet: str
    cell: str
    target: str = ""  # a component id: a move's target, or where a missing competence belongs


@dataclass
class Group:
    """Rewordings that say nearly the same; the first one stands for the group."""

    proposals: list[Proposal] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.proposals[0].text

    @property
    def common(self) -> str:
        """The variant proposed most often (white space collapsed; a tie goes to the first read)."""
        variants = Counter(" ".join(p.text.split()) for p in self.proposals)
        return max(variants, key=lambda v: variants[v])  # Counter keeps the order read; max keeps the first

    @property
    def sectors(self) -> list[str]:
        return sorted({p.review.sector for p in self.proposals})

    @property
    def target(self) -> str:
        """The component chosen most often (a missing competence's place; a tie goes to the first read)."""
        chosen = Counter(p.target for p in self.proposals if p.target)
        return max(chosen, key=lambda t: chosen[t]) if chosen else ""

    @property
    def cluster_id(self) -> str:
        """The cluster of a missing competence's rows ('3' of '3.nieuw1')."""
        return self.proposals[0].item_id.partition(".")[0]


@dataclass
class Tally:
    """Answers about one competence in one sector (or all)."""

    reviewers: set[str] = field(default_factory=set)
    clear_answers: int = 0
    unclear: int = 0
    relevant_answers: int = 0
    not_relevant: int = 0

    @property
    def share_unclear(self) -> float | None:
        return self.unclear / self.clear_answers if self.clear_answers else None

    @property
    def share_not_relevant(self) -> float | None:
        return self.not_relevant / self.relevant_answers if self.relevant_answers else None


@dataclass
class ItemFindings:
    """Everything the consultation says about one competence."""

    item_id: str
    tallies: dict[str, Tally] = field(default_factory=dict)  # sector id (or ALL) -> its tally
    rewordings: list[Group] = field(default_factory=list)
    moves: list[Proposal] = field(default_factory=list)
    remarks: list[Proposal] = field(default_factory=list)
    flagged_by: set[str] = field(default_factory=set)  # files whose reviewer flagged it
    flagged_sectors: set[str] = field(default_factory=set)  # their sectors ('' when not given)
    flags: int = 0
    rank: int = 0
    attention: float = 0.0  # the share of all reviewers who flagged it (set when ranked)

    def tally(self, sector: str = ALL) -> Tally:
        return self.tallies.setdefault(sector, Tally())


@dataclass
class ConsultAggregation:
    framework: Framework
    reviews: list[Review]
    items: dict[str, ItemFindings]
    new: list[Proposal]  # missing competences, in the framework's cluster order
    problems: list[Problem]
    readings: list[OrganisationReading]
    general: list[Proposal] = field(default_factory=list)  # the front sheet's general remarks, verbatim
    # the missing competences in groups of nearly the same text within one cluster, in the order of `new`
    new_groups: list[Group] = field(default_factory=list)

    def ranked(self) -> list[ItemFindings]:
        """The competences that were flagged, most in need of attention first."""
        return sorted((x for x in self.items.values() if x.flags), key=lambda x: x.rank)

    def sectors(self) -> list[str]:
        order = [o.id for o in consult_scale(SECTOR).options]
        return [s for s in order if any(r.sector == s for r in self.reviews)] + (
            [""] if any(not r.sector for r in self.reviews) else []
        )


def normalised(text: str) -> str:
    """A text as compared for near-duplicates: case folded, punctuation out, white space collapsed."""
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def same_text(a: str, b: str) -> bool:
    first, second = normalised(a), normalised(b)
    return first == second or difflib.SequenceMatcher(None, first, second).ratio() >= SAME_TEXT_RATIO


def group_rewordings(proposals: Sequence[Proposal]) -> list[Group]:
    """Proposals in groups of nearly the same text, in the order the first of each was read."""
    groups: list[Group] = []
    for proposal in proposals:
        group = next((g for g in groups if same_text(g.text, proposal.text)), None)
        if group is None:
            groups.append(group := Group())
        group.proposals.append(proposal)
    return groups


def group_new_competences(proposals: Sequence[Proposal]) -> list[Group]:
    """Missing competences grouped as rewordings are, within each cluster (clusters in the order first read)."""
    clusters = dict.fromkeys(p.item_id.partition(".")[0] for p in proposals)
    return [
        group
        for cluster in clusters
        for group in group_rewordings([p for p in proposals if p.item_id.partition(".")[0] == cluster])
    ]


def review_of(reading: OrganisationReading) -> Review:
    front = {a.question: a.value for a in reading.answers if a.item_id == FRONT_ITEM}
    name = front.get("name") or reading.respondent.name or ""
    return Review(reading.file, name, front.get("organisation", reading.organisation), front.get(SECTOR, ""))


def aggregate_consultation(
    readings: Sequence[OrganisationReading], framework: Framework, problems: Sequence[Problem] = ()
) -> ConsultAggregation:
    """Tallies, rewordings, moves, remarks and missing competences of the readings that count."""
    items = {x.id: ItemFindings(x.id) for x in framework.competences}
    agg = ConsultAggregation(framework, [], items, [], list(problems), list(readings))
    rewordings: dict[str, list[Proposal]] = {}
    for reading in readings:
        agg.problems.extend(reading.problems)
        if not reading.usable:
            continue
        review = review_of(reading)
        agg.reviews.append(review)
        for answer in reading.answers:
            if answer.item_id == FRONT_ITEM:
                if answer.question == "remark":
                    agg.general.append(Proposal("", answer.value, review, answer.sheet, answer.cell))
                continue
            if is_new_row(answer.item_id):
                continue  # read per row below: a statement with its target and remark
            _count(agg.items[answer.item_id], answer, review, rewordings)
        agg.new.extend(_new_competences(reading, review))
    for item_id, found in rewordings.items():
        items[item_id].rewordings = group_rewordings(found)
    agg.new_groups = group_new_competences(agg.new)
    _rank(agg)
    return agg


def _count(item: ItemFindings, answer: Answer, review: Review, rewordings: dict[str, list[Proposal]]) -> None:
    question, value = answer.question, answer.value
    proposal = Proposal(item.item_id, value, review, answer.sheet, answer.cell)
    for sector in (ALL, review.sector):
        item.tally(sector).reviewers.add(review.file)
    flagged = False
    if question in (CLEAR, RELEVANT):
        attention = value in consult_scale(question).ids("attention")
        for sector in (ALL, review.sector):
            tally = item.tally(sector)
            if question == CLEAR:
                tally.clear_answers += 1
                tally.unclear += attention
            else:
                tally.relevant_answers += 1
                tally.not_relevant += attention
        flagged = attention
    elif question == "rewording":
        rewordings.setdefault(item.item_id, []).append(proposal)
        flagged = True
    elif question == "move":
        item.moves.append(Proposal(item.item_id, "", review, answer.sheet, answer.cell, target=value))
        flagged = True
    elif question == "remark":
        item.remarks.append(proposal)
    if flagged:
        item.flags += 1
        item.flagged_by.add(review.file)
        item.flagged_sectors.add(review.sector)


def _new_competences(reading: OrganisationReading, review: Review) -> list[Proposal]:
    """The missing competences a reviewer typed: statement, the component where it belongs, the remark."""
    rows: dict[str, dict[str, Answer]] = {}
    for answer in reading.answers:
        if is_new_row(answer.item_id):
            rows.setdefault(answer.item_id, {})[answer.question] = answer
    found = []
    for item_id, answers in rows.items():
        statement = answers.get("competence")
        if statement is None:
            continue  # a target or remark without a statement is listed in the tidy table, not proposed
        target = answers.get("move")
        found.append(Proposal(item_id, statement.value, review, statement.sheet, statement.cell,
                              target=target.value if target else ""))  # fmt: skip
    return found


def _rank(agg: ConsultAggregation) -> None:
    order = {x.id: n for n, x in enumerate(agg.framework.competences)}
    for item in agg.items.values():
        item.attention = len(item.flagged_by) / len(agg.reviews) if agg.reviews else 0.0
    ranked = sorted(agg.items.values(), key=lambda x: (-x.attention, -x.flags, order[x.item_id]))
    for number, item in enumerate(ranked, 1):
        item.rank = number
