"""What a coordinator needs first, computed from an aggregation (no I/O, no words): a card per programme,
the few findings across programmes, what to do next, and every discussion prompt.

report.html, coverage.xlsx, prompts.csv and the slides put these into words; none of them computes
its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from curriculum_map.core.problems import ProblemRecord
from curriculum_map.coverage.aggregate import (
    Aggregation,
    Prompt,
    Submission,
    ambition_gaps,
    between_programme_disagreements,
    within_programme_disagreements,
)
from curriculum_map.framework.model import Cluster, Programme
from curriculum_map.workbook.layout import LEVEL_FIELDS
from curriculum_map.workbook.roster import Person, RosterStatus

# the discussion prompts, in the order the report shows them
PROMPT_KINDS = ("within", "between", "ambition")
# how much a card and the cross-programme findings name before saying "and n more"
CARD_CLUSTERS = 2
CARD_AMBITIONS = 3
FINDINGS_SHOWN = 5
SHEETS = ("matrix", "competences")  # the programme workbook's sheets people fill in


@dataclass(frozen=True)
class SheetFill:
    """How many level cells of one sheet a programme's respondents answered, of how many."""

    sheet: str  # "matrix" or "competences"
    answered: int
    cells: int

    @property
    def share(self) -> float:
        return self.answered / self.cells if self.cells else 0.0


@dataclass(frozen=True)
class ClusterMean:
    cluster: Cluster
    mean: float


@dataclass(frozen=True)
class ProgrammeCard:
    """One programme at a glance."""

    programme: Programme
    respondents: tuple[str, ...]
    sheets: tuple[SheetFill, ...]
    strongest: tuple[ClusterMean, ...]
    weakest: tuple[ClusterMean, ...]
    ambitions: tuple[Prompt, ...]  # components whose ambition lies furthest above the current level
    errors: int
    warnings: int
    response: tuple[int, int] | None = None  # (answered, on the roster), when a roster was given


@dataclass(frozen=True)
class Action:
    """One thing to do before the numbers are used.

    kind: "fix" (cells with errors: ask the respondent), "missing" (a programme sent no workbook),
    "remind" (people on the roster who have not answered), "empty" (a respondent left a sheet empty),
    "stranger" (a workbook from someone not on the roster), "check" (cells with warnings: have a look).
    """

    kind: str
    programme: Programme | None = None
    respondent: str = ""
    file: str = ""
    sheet: str = ""
    problems: tuple[ProblemRecord, ...] = ()
    people: tuple[Person, ...] = ()  # whom to remind


@dataclass
class Findings:
    """Everything the summary of a report shows, in the order it shows it."""

    aggregation: Aggregation
    cards: list[ProgrammeCard]
    not_practised: list[str]  # components no programme practises (none reaches its target level)
    not_covered: list[str]  # components no programme covers at all
    competences_not_practised: int
    most_different: list[Prompt]  # components on which the programmes lie furthest apart
    actions: list[Action]

    @cached_property
    def prompts(self) -> dict[str, list[Prompt]]:
        """Every discussion prompt per kind (components, then competences), largest first."""
        agg = self.aggregation
        fw = agg.framework
        ids = [x.id for x in fw.components] + [x.id for x in fw.competences]
        return {
            "within": within_programme_disagreements(agg, ids),
            "between": between_programme_disagreements(agg, ids),
            "ambition": ambition_gaps(agg, ids),
        }

    def prompts_of(self, item_ids: Sequence[str]) -> dict[str, list[Prompt]]:
        """The prompts about some items only (a cluster's), per kind."""
        wanted = set(item_ids)
        return {kind: [p for p in found if p.item_id in wanted] for kind, found in self.prompts.items()}


def find(aggregation: Aggregation, roster: RosterStatus | None = None) -> Findings:
    """The summary of an aggregation: cards, findings across programmes, and what to do next.

    With a roster, the cards show the response rate and the actions name whom to remind.
    """
    fw = aggregation.framework
    components = [c.id for c in fw.components]
    not_practised, not_covered, _ = aggregation.gap_items(components)
    competences_not_practised, _, _ = aggregation.gap_items(c.id for c in fw.competences)
    return Findings(
        aggregation=aggregation,
        cards=[_card(aggregation, p, roster) for p in aggregation.programmes],
        not_practised=not_practised,
        not_covered=not_covered,
        competences_not_practised=len(competences_not_practised),
        most_different=between_programme_disagreements(aggregation, components),
        actions=_actions(aggregation, roster),
    )


def _card(agg: Aggregation, programme: Programme, roster: RosterStatus | None) -> ProgrammeCard:
    fw = agg.framework
    submissions = [s for s in agg.submissions if s.programme.id == programme.id]
    per_sheet = {
        "matrix": (sum(s.components_answered for s in submissions), len(fw.components)),
        "competences": (sum(s.competences_answered for s in submissions), len(fw.competences)),
    }
    sheets = tuple(
        SheetFill(sheet, answered, items * len(LEVEL_FIELDS) * len(submissions))
        for sheet, (answered, items) in per_sheet.items()
    )
    means = [
        ClusterMean(cluster, mean)
        for cluster, summary in zip(fw.clusters, agg.group_summaries(fw.clusters), strict=True)
        if (mean := summary.means.get(programme.id)) is not None
    ]
    ranked = sorted(means, key=lambda m: -m.mean)  # stable: the framework's order among equals
    strongest = tuple(ranked[:CARD_CLUSTERS])
    weakest = tuple(m for m in sorted(means, key=lambda m: m.mean)[:CARD_CLUSTERS] if m not in strongest)
    ambitions = [p for p in ambition_gaps(agg, [c.id for c in fw.components], 1) if p.programme == programme]
    files = {s.file for s in submissions}
    problems = [p for p in agg.problems if p.file in files]
    return ProgrammeCard(
        programme=programme,
        respondents=tuple(s.respondent for s in submissions),
        sheets=sheets,
        strongest=strongest,
        weakest=weakest,
        ambitions=tuple(ambitions[:CARD_AMBITIONS]),
        errors=sum(p.severity == "error" for p in problems),
        warnings=sum(p.severity == "warning" for p in problems),
        response=roster.rate(programme.id) if roster is not None and roster.rate(programme.id)[1] else None,
    )


def _actions(agg: Aggregation, roster: RosterStatus | None = None) -> list[Action]:
    """Errors to fix (per file), programmes that sent nothing, people to remind, sheets left empty,
    workbooks from people not on the roster, warnings to check."""
    by_file: dict[str, Submission] = {s.file: s for s in agg.submissions}
    per_file: dict[tuple[str, str], list[ProblemRecord]] = {}
    for problem in agg.problems:
        if problem.file and problem.severity in ("error", "warning"):
            per_file.setdefault((problem.severity, problem.file), []).append(problem)

    def about(file: str, kind: str, found: list[ProblemRecord]) -> Action:
        submission = by_file.get(file)
        if submission is None:  # a file that did not count at all (unreadable, a copy)
            return Action(kind, file=file, problems=tuple(found))
        return Action(kind, submission.programme, submission.respondent, file, problems=tuple(found))

    actions = [about(file, "fix", found) for (severity, file), found in per_file.items() if severity == "error"]
    missing = roster.missing() if roster is not None else []
    # a programme with people on the roster to remind is named with them, not as a programme that sent nothing
    reminded = {person.group for person in missing}
    actions += [Action("missing", programme) for programme in agg.missing_programmes if programme.id not in reminded]
    for programme in agg.framework.programmes:
        people = tuple(person for person in missing if person.group == programme.id)
        if people:
            actions.append(Action("remind", programme, people=people))
    for submission in agg.submissions:
        counts = {"matrix": submission.components_answered, "competences": submission.competences_answered}
        actions += [
            Action("empty", submission.programme, submission.respondent, submission.file, sheet)
            for sheet in SHEETS
            if counts[sheet] == 0
        ]
    if roster is not None:
        programmes = {p.id: p for p in agg.framework.programmes}
        actions += [Action("stranger", programmes.get(group), name, file) for file, group, name in roster.strangers]
    actions += [about(file, "check", found) for (severity, file), found in per_file.items() if severity == "warning"]
    return actions
