"""Combine positions workbooks: per competence the choices, the consensus position and the spread; the
agreement (Krippendorff's alpha); departures from the proposal; the conversation list; the profile of
each position. Per organisation when several answered, and across all. No I/O.

The rules, in words (docs/positions.md says the same for readers):
- The answers are ordered: the positions in the framework's order, then 'not applicable' (expected of
  no position). Blank is not an answer.
- Consensus position: the median of the answers; with an even number of answers the later of the two
  middle ones. In other words: the first position of which more than half of those who answered
  expect the competence ('not applicable' when no position gets more than half).
- Spread: from the earliest to the latest answer, and the number of steps between them.
- Departure: how many steps the consensus lies before (-) or after (+) the proposed position.
- Conversation list: competences answered by at least two where fewer than two thirds chose the
  consensus position, or where the answers lie two or more steps apart; ordered by their part of the
  disagreement that lowers alpha, then by spread.
- Profile of a position: the competences whose consensus position is that position or an earlier one.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from curriculum_map.core.dates import parse_date
from curriculum_map.core.problems import Problem
from curriculum_map.framework.levels import normalise
from curriculum_map.framework.model import NOT_APPLICABLE, Framework, Proposal
from curriculum_map.positions.alpha import ordinal_alpha
from curriculum_map.positions.choices import Scale
from curriculum_map.positions.lists import same_proposal
from curriculum_map.positions.reader import OwnCompetence, PositionsReading
from curriculum_map.workbook.duplicates import select_submissions

TALK_SHARE = 2 / 3  # below this share choosing the consensus position, a competence is talked about
TALK_STEPS = 2  # ... and also when the answers lie this many steps apart or more
BY_ORGANISATION, BY_ALL = "organisation", "all"


@dataclass(frozen=True)
class Comment:
    """An explanation typed beside a choice, with who typed it (shown only when names may be shown)."""

    respondent: str
    choice: str
    text: str


@dataclass(frozen=True)
class CompetenceResult:
    """What one group answered for one competence."""

    item_id: str
    counts: dict[str, int]  # per choice (positions and 'n/a'), in the scale's order
    consensus: str | None
    share: float | None  # of those who answered, the part who chose the consensus position
    first: str | None  # earliest answer
    last: str | None  # latest answer
    steps: int  # between the earliest and the latest answer
    proposal: str | None
    departure: int | None  # consensus minus proposal, in steps (negative: expected earlier than proposed)
    contribution: float  # part of the group's observed disagreement (0 to 1)
    comments: tuple[Comment, ...] = ()

    @property
    def answered(self) -> int:
        return sum(self.counts.values())

    @property
    def talk(self) -> bool:
        """On the conversation list (see the module docstring)."""
        if self.answered < 2 or self.share is None:
            return False
        return round(self.share, 9) < round(TALK_SHARE, 9) or self.steps >= TALK_STEPS


@dataclass(frozen=True)
class Move:
    """Per answer: how many competences the consensus put at it that the proposal put elsewhere, and back."""

    choice: str
    moved_in: int
    moved_out: int


@dataclass(frozen=True)
class AddedCompetence:
    own: OwnCompetence
    respondent: str
    file: str
    organisation: str


@dataclass(frozen=True)
class PositionsRespondent:
    file: str
    respondent: str
    role: str
    date: str
    organisation: str
    answered: int


@dataclass
class GroupResult:
    """Everything computed for one group of respondents: an organisation, or all of them."""

    key: str  # the organisation's folded name, or '' for all respondents together
    label: str
    organisations: list[str]
    readings: list[PositionsReading]
    competences: dict[str, CompetenceResult]
    alpha: float | None
    alpha_units: int
    alpha_per_cluster: dict[str, float | None]
    departures: list[CompetenceResult]
    moves: list[Move]
    conversation: list[CompetenceResult]
    added: list[AddedCompetence]

    @property
    def respondents(self) -> int:
        return len(self.readings)

    def profile(self, scale: Scale, position_id: str, item_ids: Iterable[str] | None = None) -> list[str]:
        """The competences expected of a position: consensus at it or at an earlier one."""
        limit = scale.rank(position_id)
        ids = item_ids if item_ids is not None else self.competences
        return [
            i
            for i in ids
            if (r := self.competences.get(i)) and r.consensus not in (None, NOT_APPLICABLE)
            and scale.rank(r.consensus) <= limit
        ]  # fmt: skip


@dataclass
class PositionsAggregation:
    framework: Framework
    scale: Scale
    readings: list[PositionsReading]
    used: list[PositionsReading]
    problems: list[Problem]
    respondents: list[PositionsRespondent]
    groups: list[GroupResult]  # across all first (or the only organisation), then each organisation
    proposal: Proposal | None
    data_date: str = ""
    by: str = BY_ORGANISATION
    organisations: list[str] = field(default_factory=list)

    @property
    def overall(self) -> GroupResult:
        return self.groups[0]

    @property
    def alpha(self) -> float | None:
        return self.groups[0].alpha if self.groups else None

    @property
    def added(self) -> list[AddedCompetence]:
        return self.groups[0].added if self.groups else []

    @property
    def talking_groups(self) -> list[GroupResult]:
        """The groups that hold a conversation: each organisation (people of one organisation talk together)."""
        organisations = [g for g in self.groups if g.key]
        return organisations or self.groups[:1]


def consensus_rank(ranks: Sequence[int]) -> int:
    """The median of ranked answers; with an even number of answers, the later of the two middle ones."""
    return sorted(ranks)[len(ranks) // 2]


def answer_set(reading: PositionsReading) -> frozenset[tuple[object, ...]]:
    """What a respondent answered, for finding copies: every choice, explanation and added competence."""
    chosen = ((a.item_id, a.choice, a.comment) for a in reading.answers)
    added = ((own.row_id, own.text, own.choice, own.comment) for own in reading.own)
    return frozenset((*chosen, *added))


def organisation_label(reading: PositionsReading) -> str:
    return reading.organisation.strip()


def aggregate_positions(
    readings: list[PositionsReading],
    framework: Framework,
    extra_problems: Iterable[Problem] = (),
    proposal: Proposal | None = None,
    by: str = BY_ORGANISATION,
    unknown_organisation: str = "",
    all_label: str = "",
) -> PositionsAggregation:
    """Decide which readings count, then compute every group's results.

    `proposal` (given on the command line) wins; otherwise the proposal the workbooks were made with,
    otherwise the framework's. `unknown_organisation` and `all_label` name groups in the report's language.
    """
    problems: list[Problem] = list(extra_problems)
    for reading in readings:
        problems.extend(reading.problems)
    selection = select_submissions(
        readings,
        group_of=lambda r: normalise(r.organisation),
        respondent_of=lambda r: normalise(r.respondent.name),
        answers_of=answer_set,
        label=lambda r: organisation_label(r) or "-",
    )
    used = sorted(selection.kept, key=lambda r: (normalise(r.organisation), r.file))
    problems += selection.problems
    if proposal is None:  # one given on the command line is the user's choice: no warnings then
        proposal = _carried_proposal(used) or framework.proposal
        problems += [
            Problem("proposal-differs", r.file, params={"proposal": proposal.name.get() if proposal else "-"})
            for r in used
            if r.proposal is not None and not same_proposal(r.proposal, proposal)
        ]
    scale = Scale(framework)
    organisations = _organisations(used, unknown_organisation)
    names = [label for _, label in organisations]
    # everyone first (the one organisation, when only one answered), then each organisation
    everyone = names[0] if len(names) == 1 else (all_label or ", ".join(names))
    groups: list[tuple[str, str, list[str], list[PositionsReading]]] = [("", everyone, names, used)]
    if by == BY_ORGANISATION and len(organisations) > 1:
        for key, label in organisations:
            members = [r for r in used if normalise(r.organisation) == key]
            groups.append((key, label, [label], members))
    dates = sorted(d for d in (parse_date(r.respondent.date, r.language) for r in used) if d is not None)
    return PositionsAggregation(
        framework=framework,
        scale=scale,
        readings=readings,
        used=used,
        problems=problems,
        respondents=[
            PositionsRespondent(
                r.file,
                r.respondent.name,
                r.respondent.role,
                r.respondent.date,
                organisation_label(r) or unknown_organisation,
                len(r.choices),
            )
            for r in used
        ],
        groups=[_group(framework, scale, proposal, *group) for group in groups],
        proposal=proposal,
        data_date=dates[-1].isoformat() if dates else "",
        by=by,
        organisations=names,
    )


def _carried_proposal(used: Sequence[PositionsReading]) -> Proposal | None:
    """The proposal most of the workbooks were made with."""
    carried = [r.proposal for r in used if r.proposal is not None]
    if not carried:
        return None
    counts = Counter(tuple(sorted(p.positions.items())) for p in carried)
    most = counts.most_common(1)[0][0]
    return next(p for p in carried if tuple(sorted(p.positions.items())) == most)


def _organisations(used: Sequence[PositionsReading], unknown: str) -> list[tuple[str, str]]:
    """Each organisation once (folded name, name as first written), in alphabetical order."""
    found: dict[str, str] = {}
    for reading in used:
        found.setdefault(normalise(reading.organisation), organisation_label(reading) or unknown)
    return sorted(found.items(), key=lambda pair: normalise(pair[1]))


def _group(
    framework: Framework,
    scale: Scale,
    proposal: Proposal | None,
    key: str,
    label: str,
    organisations: list[str],
    readings: list[PositionsReading],
) -> GroupResult:
    ranks: dict[str, list[int]] = defaultdict(list)
    comments: dict[str, list[Comment]] = defaultdict(list)
    for reading in readings:
        for answer in reading.answers:
            if answer.choice:
                ranks[answer.item_id].append(scale.rank(answer.choice))
            if answer.comment:
                comments[answer.item_id].append(Comment(reading.respondent.name, answer.choice, answer.comment))
    agreement = ordinal_alpha(ranks)
    competences = {
        x.id: _competence(
            scale,
            x.id,
            ranks.get(x.id, []),
            proposal.positions.get(x.id) if proposal else None,
            agreement.contributions.get(x.id, 0.0),
            comments.get(x.id, []),
        )
        for x in framework.competences
    }
    per_cluster = {}
    for cluster in framework.clusters:
        ids = {x.id for k in cluster.components for x in k.competences}
        per_cluster[cluster.id] = ordinal_alpha({i: v for i, v in ranks.items() if i in ids}).alpha
    order = {x.id: n for n, x in enumerate(framework.competences)}
    departures = sorted(
        (r for r in competences.values() if r.departure),
        key=lambda r: (-abs(r.departure or 0), order[r.item_id]),
    )
    conversation = sorted(
        (r for r in competences.values() if r.talk), key=lambda r: (-r.contribution, -r.steps, order[r.item_id])
    )
    added = [AddedCompetence(own, r.respondent.name, r.file, organisation_label(r)) for r in readings for own in r.own]
    return GroupResult(
        key=key,
        label=label,
        organisations=organisations,
        readings=readings,
        competences=competences,
        alpha=agreement.alpha,
        alpha_units=agreement.units,
        alpha_per_cluster=per_cluster,
        departures=departures,
        moves=_moves(scale, competences.values()) if proposal else [],
        conversation=conversation,
        added=added,
    )


def _competence(
    scale: Scale, item_id: str, ranks: list[int], proposed: str | None, contribution: float, comments: list[Comment]
) -> CompetenceResult:
    counts = {choice: 0 for choice in scale.choices}
    for rank in ranks:
        counts[scale.choices[rank]] += 1
    if not ranks:
        return CompetenceResult(item_id, counts, None, None, None, None, 0, proposed, None, 0.0, tuple(comments))
    ordered = sorted(ranks)
    consensus = scale.choices[consensus_rank(ordered)]
    departure = scale.rank(consensus) - scale.rank(proposed) if proposed else None
    return CompetenceResult(
        item_id=item_id,
        counts=counts,
        consensus=consensus,
        share=counts[consensus] / len(ranks),
        first=scale.choices[ordered[0]],
        last=scale.choices[ordered[-1]],
        steps=ordered[-1] - ordered[0],
        proposal=proposed,
        departure=departure,
        contribution=contribution,
        comments=tuple(comments),
    )


def _moves(scale: Scale, results: Iterable[CompetenceResult]) -> list[Move]:
    """Per answer, the competences moved in (consensus here, proposal elsewhere) and out (the reverse)."""
    moved_in: Counter[str] = Counter()
    moved_out: Counter[str] = Counter()
    for r in results:
        if r.consensus and r.proposal and r.consensus != r.proposal:
            moved_in[r.consensus] += 1
            moved_out[r.proposal] += 1
    return [Move(choice, moved_in[choice], moved_out[choice]) for choice in scale.choices]
