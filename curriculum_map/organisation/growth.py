"""Growth plans and the team overview, computed from the self-assessments (pure: no files).

A growth plan holds one person's answers only. The team overview holds groups only: each function with at
least `min_respondents` respondents, the smaller functions pooled when together they reach it, and all staff
together only when no group below the threshold could be worked out by subtracting the groups shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from curriculum_map.framework.model import Framework
from curriculum_map.organisation.reader import OrganisationReading
from curriculum_map.organisation.scales import ACQUIRED, PROFILE, scale

SCOPE_FUNCTION, SCOPE_OTHERS, SCOPE_ALL = "function", "others", "all"


@dataclass(frozen=True)
class PlanLine:
    """One competence of a person's self-assessment, with what they answered."""

    item_id: str
    component_id: str
    cluster_id: str
    competence: str
    profile: str  # the profile's option id, '' without a profile
    relevant: str
    acquired: str
    help: str

    @property
    def need(self) -> bool:
        """A training need: relevant (or not said otherwise) and not yet acquired."""
        return (
            self.relevant != "no" and bool(self.acquired) and bool(scale(ACQUIRED).option(self.acquired).flag("need"))
        )


@dataclass(frozen=True)
class Plan:
    """One person's growth plan: who, their function, and their competences, the ones to work on first."""

    name: str
    function: str
    respondent_id: str
    file: str
    lines: tuple[PlanLine, ...]

    @property
    def to_grow(self) -> list[PlanLine]:
        """Needs, essentials first, then the ones not yet started, then in the framework's order."""
        profile_order = {o.id: rank for rank, o in enumerate(scale(PROFILE).options)}
        acquired_order = {o.id: -rank for rank, o in enumerate(scale(ACQUIRED).options)}
        needs = [line for line in self.lines if line.need]
        return sorted(
            needs, key=lambda x: (profile_order.get(x.profile, len(profile_order)), acquired_order[x.acquired])
        )

    @property
    def other_notes(self) -> list[PlanLine]:
        """What the person wrote would help for a competence that is not on the list to work on."""
        growing = {line.item_id for line in self.to_grow}
        return [line for line in self.lines if line.help and line.item_id not in growing]

    def of(self, acquired: str) -> list[PlanLine]:
        return [line for line in self.lines if line.acquired == acquired and line.relevant != "no"]


def plan_of(reading: OrganisationReading, framework: Framework, lang: str) -> Plan:
    component_of = {k.id: k for k in framework.components}
    lines = tuple(
        PlanLine(
            row.item_id,
            row.component_id,
            component_of[row.component_id].cluster_id,
            row.text(framework, lang),
            row.value,
            reading.answer(row.item_id, "relevant"),
            reading.answer(row.item_id, "acquired"),
            reading.answer(row.item_id, "help"),
        )  # fmt: skip
        for row in reading.rows
    )
    return Plan(reading.respondent.name, reading.function, reading.respondent_id, reading.file, lines)


@dataclass(frozen=True)
class Need:
    """A group's training need in one component: how many people have one, how many needs, on essentials."""

    component_id: str
    people: int
    needs: int
    essential: int


@dataclass(frozen=True)
class CompetenceNeed:
    """A group's training need in one competence: how many people have one, of them on an essential."""

    item_id: str
    component_id: str
    competence: str
    people: int
    essential: int


@dataclass(frozen=True)
class Group:
    label: str
    scope: str
    respondents: int
    needs: tuple[Need, ...]
    competences: tuple[CompetenceNeed, ...] = ()


@dataclass
class Team:
    groups: list[Group] = field(default_factory=list)
    hidden_functions: int = 0  # functions below the threshold, not shown on their own
    all_hidden: bool = False  # all staff together not shown: it would reveal a group below the threshold
    respondents: int = 0


def group_needs(plans: Sequence[Plan], framework: Framework) -> tuple[Need, ...]:
    essential = set(scale(PROFILE).ids("vacancy"))
    result = []
    for component in framework.components:
        per_person = [[x for x in p.lines if x.component_id == component.id and x.need] for p in plans]
        result.append(Need(component.id, sum(1 for lines in per_person if lines), sum(map(len, per_person)),
                           sum(1 for lines in per_person for x in lines if x.profile in essential)))  # fmt: skip
    return tuple(result)


def competence_needs(plans: Sequence[Plan]) -> tuple[CompetenceNeed, ...]:
    """Per competence anyone in the group was asked, in the order first met: the people with a need."""
    essential = set(scale(PROFILE).ids("vacancy"))
    found: dict[str, list[int]] = {}
    lines: dict[str, PlanLine] = {}
    for plan in plans:
        for line in plan.lines:
            counts = found.setdefault(line.item_id, [0, 0])
            lines.setdefault(line.item_id, line)
            counts[0] += line.need
            counts[1] += line.need and line.profile in essential
    return tuple(
        CompetenceNeed(item, lines[item].component_id, lines[item].competence, people, on_essential)
        for item, (people, on_essential) in found.items()
    )


def group_of(label: str, scope: str, plans: Sequence[Plan], framework: Framework) -> Group:
    return Group(label, scope, len(plans), group_needs(plans, framework), competence_needs(plans))


def team_overview(plans: Sequence[Plan], framework: Framework, min_respondents: int, labels: dict[str, str]) -> Team:
    """The groups the team may see; `labels` names the pooled group ('others') and all staff ('all')."""
    by_function: dict[str, list[Plan]] = {}
    for plan in plans:
        by_function.setdefault(plan.function.strip().casefold(), []).append(plan)
    team = Team(respondents=len(plans))
    small: list[Plan] = []
    for members in by_function.values():
        if len(members) >= min_respondents:
            team.groups.append(group_of(members[0].function, SCOPE_FUNCTION, members, framework))
        else:
            small += members
            team.hidden_functions += 1
    if len(small) >= min_respondents and team.groups:
        team.groups.append(group_of(labels[SCOPE_OTHERS], SCOPE_OTHERS, small, framework))
    if len(plans) >= min_respondents and (not small or len(small) >= min_respondents):
        team.groups.insert(0, group_of(labels[SCOPE_ALL], SCOPE_ALL, plans, framework))
    else:
        team.all_hidden = bool(plans)
    return team
