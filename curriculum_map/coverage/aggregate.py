"""Combine the readings of many workbooks into per-programme consensus, summaries and gaps. No I/O.

Consensus rule: when several respondents answer for one programme, the programme's level for an
item is the median of their scores, rounded down (so 1 and 2 give 1: the tool never reports more
coverage than half of the respondents claim). The spread is the highest minus the lowest score.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from curriculum_map.core.dates import parse_date
from curriculum_map.core.problems import Problem, ProblemRecord
from curriculum_map.coverage.reader import Answer, WorkbookReading
from curriculum_map.framework.levels import normalise
from curriculum_map.framework.model import Cluster, Focus, Framework, Programme, Text
from curriculum_map.workbook.duplicates import select_submissions
from curriculum_map.workbook.layout import LEVEL_FIELDS
from curriculum_map.workbook.reading import Respondent


@dataclass(frozen=True)
class Cell:
    """One programme's answers for one item and field (level or ambition)."""

    scores: tuple[int, ...]
    respondents: int

    @cached_property
    def consensus(self) -> int | None:  # asked for by every output: computed once per cell
        return math.floor(statistics.median(self.scores)) if self.scores else None

    @property
    def spread(self) -> int | None:
        return max(self.scores) - min(self.scores) if self.scores else None

    @property
    def unanswered(self) -> int:
        return self.respondents - len(self.scores)


@dataclass(frozen=True)
class Submission:
    """One workbook that counts: whose it is and how much of it was answered."""

    file: str
    programme: Programme
    respondent: str
    role: str
    date: str
    language: str
    answered: int
    unanswered: int
    # level cells answered on each sheet: components (the matrix) and competences
    components_answered: int = 0
    competences_answered: int = 0


@dataclass(frozen=True)
class GroupSummary:
    """Per cluster or focus: mean consensus score per programme and counts over all programmes."""

    group_id: str
    name: Text  # in every language of the framework: the report shows it in the run's
    means: dict[str, float | None]  # programme id -> mean consensus score of the group's components
    share_at_least: float | None  # share of programmes whose mean reaches the 'well covered' threshold
    lowest_count: int  # programme x component cells whose consensus is the lowest level
    unanswered_count: int  # programme x component cells nobody of that programme answered


@dataclass(frozen=True)
class Note:
    """Evidence or a comment a respondent wrote next to an item."""

    programme: Programme
    respondent: str
    item_id: str
    evidence: str
    comment: str


@dataclass
class Aggregation:
    """The result of aggregating: what counts, the consensus per cell, and every problem."""

    framework: Framework
    readings: list[WorkbookReading]
    used: list[WorkbookReading]
    submissions: list[Submission]
    cells: dict[tuple[str, str, str], Cell]
    problems: list[ProblemRecord]
    programmes: list[Programme]  # programmes with at least one workbook that counts
    missing_programmes: list[Programme]
    data_date: str = ""
    notes: list[Note] = field(default_factory=list)

    def cell(self, programme_id: str, item_id: str, field_name: str = "level") -> Cell:
        respondents = self.respondent_count(programme_id)
        return self.cells.get((programme_id, item_id, field_name), Cell((), respondents))

    def respondent_count(self, programme_id: str) -> int:
        return self.respondents_per_programme.get(programme_id, 0)

    @cached_property
    def respondents_per_programme(self) -> Counter[str]:
        return Counter(s.programme.id for s in self.submissions)

    def answers(self) -> Iterable[tuple[WorkbookReading, Answer]]:
        for reading in self.used:
            for answer in reading.answers:
                yield reading, answer

    @property
    def threshold(self) -> int:
        """The score from which an item counts as 'well covered' (the framework's `covered_level`)."""
        return self.framework.scale.covered

    @property
    def disagreement(self) -> int:
        """Answers this many levels apart are a discussion point and marked on the maps (the framework's)."""
        return self.framework.scale.disagreement

    def group_summaries(self, groups: Iterable[Cluster | Focus], field_name: str = "level") -> list[GroupSummary]:
        rows = []
        for group in groups:
            components = _components_of(group)
            means: dict[str, float | None] = {}
            lowest = unanswered = 0
            for programme in self.programmes:
                scores = []
                for component in components:
                    consensus = self.cell(programme.id, component.id, field_name).consensus
                    if consensus is None:
                        unanswered += 1
                    else:
                        scores.append(consensus)
                        lowest += consensus == self.framework.scale.bottom
                means[programme.id] = statistics.fmean(scores) if scores else None
            answered = [m for m in means.values() if m is not None]
            share = sum(m >= self.threshold for m in answered) / len(answered) if answered else None
            rows.append(GroupSummary(group.id, group.name, means, share, lowest, unanswered))
        return rows

    def gap_items(self, item_ids: Iterable[str]) -> tuple[list[str], list[str], list[str]]:
        """Items no programme practises (none reaches its target), items no programme covers at all (the
        lowest level everywhere), items nobody answered."""
        fw = self.framework
        bottom = fw.scale.bottom
        not_practised, not_covered, no_data = [], [], []
        for item_id in item_ids:
            values = [(self.cell(p.id, item_id).consensus, fw.target_for(p)) for p in self.programmes]
            answered = [(v, target) for v, target in values if v is not None]
            if not answered:
                no_data.append(item_id)
                continue
            if all(v < target for v, target in answered):
                not_practised.append(item_id)
            if max(v for v, _ in answered) == bottom:
                not_covered.append(item_id)
        return not_practised, not_covered, no_data


@dataclass(frozen=True)
class Prompt:
    """A discussion point: an item where people or programmes differ, or where ambition outruns practice."""

    item_id: str
    programme: Programme | None
    size: int  # levels apart, or ambition minus current
    detail: tuple[int, ...]  # the scores behind it


def within_programme_disagreements(
    aggregation: Aggregation, item_ids: Iterable[str], minimum: int | None = None
) -> list[Prompt]:
    """Programme x item cells whose respondents are `minimum` (the scale's threshold) or more levels apart,
    largest first."""
    minimum = aggregation.disagreement if minimum is None else minimum
    found = []
    for item_id in item_ids:
        for programme in aggregation.programmes:
            cell = aggregation.cell(programme.id, item_id)
            if len(cell.scores) > 1 and (cell.spread or 0) >= minimum:
                found.append(Prompt(item_id, programme, cell.spread or 0, tuple(sorted(cell.scores))))
    return sorted(found, key=lambda p: -p.size)


def between_programme_disagreements(
    aggregation: Aggregation, item_ids: Iterable[str], minimum: int | None = None
) -> list[Prompt]:
    """Items on which the programmes' consensus levels lie `minimum` (the scale's threshold) or more levels
    apart, largest first."""
    minimum = aggregation.disagreement if minimum is None else minimum
    found = []
    for item_id in item_ids:
        values = [aggregation.cell(p.id, item_id).consensus for p in aggregation.programmes]
        answered = [v for v in values if v is not None]
        if len(answered) > 1 and max(answered) - min(answered) >= minimum:
            found.append(Prompt(item_id, None, max(answered) - min(answered), tuple(answered)))
    return sorted(found, key=lambda p: (-p.size, -statistics.pstdev(p.detail)))


def ambition_gaps(aggregation: Aggregation, item_ids: Iterable[str], minimum: int | None = None) -> list[Prompt]:
    """Programme x item cells where the ambition lies `minimum` (the scale's threshold) or more levels above
    the current level."""
    minimum = aggregation.disagreement if minimum is None else minimum
    found = []
    for item_id in item_ids:
        for programme in aggregation.programmes:
            current = aggregation.cell(programme.id, item_id, "level").consensus
            ambition = aggregation.cell(programme.id, item_id, "ambition").consensus
            if current is not None and ambition is not None and ambition - current >= minimum:
                found.append(Prompt(item_id, programme, ambition - current, (current, ambition)))
    return sorted(found, key=lambda p: -p.size)


def _components_of(group: Cluster | Focus) -> list:
    if isinstance(group, Cluster):
        return list(group.components)
    return [k for c in group.clusters for k in c.components]


def answer_set(reading: WorkbookReading) -> frozenset[tuple[str, str, int, str, str]]:
    """What a respondent answered, for finding copies: item, field, score and the row's texts."""
    return frozenset((a.item_id, a.field, a.level.score, a.evidence, a.comment) for a in reading.answers)


def aggregate(
    readings: list[WorkbookReading], framework: Framework, extra_problems: Iterable[Problem] = ()
) -> Aggregation:
    """Decide which readings count, then compute the consensus of every programme, item and field."""
    problems: list[Problem] = list(extra_problems)
    for reading in readings:
        problems.extend(reading.problems)
    selection = select_submissions(
        (r for r in readings if r.programme is not None),
        group_of=lambda r: programme_of(r).id,
        respondent_of=lambda r: normalise(r.respondent.name),
        answers_of=answer_set,
        label=lambda r: programme_of(r).name.get(),
    )
    used = selection.kept
    problems += selection.problems
    order = {p.id: index for index, p in enumerate(framework.programmes)}
    used.sort(key=lambda r: (order[programme_of(r).id], r.file))
    present = {programme_of(r).id for r in used}
    for programme in framework.programmes:
        if programme.id not in present:
            problems.append(Problem("programme-missing", params={"programme": programme.name.get()}))
    scores: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    notes = []
    for reading in used:
        programme = programme_of(reading)
        noted = set()
        for answer in reading.answers:
            scores[(programme.id, answer.item_id, answer.field)].append(answer.level.score)
            if (answer.evidence or answer.comment) and answer.item_id not in noted:
                noted.add(answer.item_id)
                notes.append(Note(programme, reading.respondent.name, answer.item_id, answer.evidence, answer.comment))
    submissions = [
        submission(
            framework,
            r.file,
            programme_of(r),
            r.respondent,
            r.language,
            answered=len(r.answers),
            competences=sum(a.item_type == "competence" for a in r.answers),
        )
        for r in used
    ]
    return build_aggregation(framework, submissions, scores, notes, problems, readings, used)


def programme_of(reading: WorkbookReading) -> Programme:
    """The programme of a reading that counts (readings without one never do)."""
    assert reading.programme is not None
    return reading.programme


def submission(
    framework: Framework,
    file: str,
    programme: Programme,
    respondent: Respondent,
    language: str,
    answered: int,
    competences: int = 0,
) -> Submission:
    """One respondent's workbook as it counts, with how many of its level cells were answered (`competences`
    of them on the competences sheet)."""
    cells = (len(framework.components) + len(framework.competences)) * len(LEVEL_FIELDS)
    return Submission(
        file,
        programme,
        respondent.name,
        respondent.role,
        respondent.date,
        language,
        answered,
        cells - answered,
        answered - competences,
        competences,
    )


def build_aggregation(
    framework: Framework,
    submissions: list[Submission],
    scores: Mapping[tuple[str, str, str], Sequence[int]],
    notes: list[Note],
    problems: Sequence[ProblemRecord],
    readings: Sequence[WorkbookReading] = (),
    used: Sequence[WorkbookReading] = (),
) -> Aggregation:
    """The one way from who answered what to an aggregation: used by `aggregate` on workbooks just read
    and by `results.load_results` on a finished report, so that the two cannot drift apart.

    `scores` holds, per (programme id, item id, field), the score of every respondent who answered.
    """
    order = {p.id: index for index, p in enumerate(framework.programmes)}
    submissions = sorted(submissions, key=lambda s: (order[s.programme.id], s.file))
    respondents = Counter(s.programme.id for s in submissions)
    dates = sorted(d for d in (parse_date(s.date, s.language) for s in submissions) if d is not None)
    return Aggregation(
        framework=framework,
        readings=list(readings),
        used=list(used),
        submissions=submissions,
        cells={key: Cell(tuple(values), respondents[key[0]]) for key, values in scores.items()},
        problems=list(problems),
        programmes=[p for p in framework.programmes if p.id in respondents],
        missing_programmes=[p for p in framework.programmes if p.id not in respondents],
        data_date=dates[-1].isoformat() if dates else "",
        notes=notes,
    )
