"""Growth plans and the team overview, computed from the self-assessments (pure: no files).

A growth plan holds one person's answers only. The team overview holds groups only: each function with at
least `min_respondents` respondents, the smaller functions pooled when together they reach it, and all staff
together only when no group below the threshold could be worked out by subtracting the groups shown. Each
count per component and competence follows the same rule over the people who answered it (privacy.py).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from curriculum_map.framework.model import Framework
from curriculum_map.organisation.privacy import counts_shown
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
    def answered(self) -> bool:
        """Said whether it is relevant or how far it is acquired (a wish alone is no answer to count)."""
        return bool(self.relevant or self.acquired)

    @property
    def need(self) -> bool:
        """A training need: relevant (or not said otherwise) and not yet acquired."""
        return (
            self.relevant != "no" and bool(self.acquired) and bool(scale(ACQUIRED).option(self.acquired).flag("need"))
        )


@dataclass(frozen=True)
class Unread:
    """An answer typed that is none of the choices: which competence, column and cell, and what was typed."""

    competence: str
    question: str
    cell: str
    value: str


@dataclass(frozen=True)
class Plan:
    """One person's growth plan: who, their function, and their competences, the ones to work on first."""

    name: str
    function: str
    respondent_id: str
    file: str
    lines: tuple[PlanLine, ...]
    unread: tuple[Unread, ...] = ()  # what the person typed that could not be read (only they see their plan)

    @property
    def answered(self) -> bool:
        """At least one competence answered: a workbook sent back empty is no respondent."""
        return any(line.answered for line in self.lines)

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
    texts = {line.item_id: line.competence for line in lines}
    unread = tuple(Unread(texts.get(a.item_id, a.item_id), a.question, a.cell, a.raw) for a in reading.unread)
    return Plan(reading.respondent.name, reading.function, reading.respondent_id, reading.file, lines, unread)


@dataclass(frozen=True)
class Need:
    """A group's training need in one component: how many answered, how many have a need, how many needs, how
    many on essentials; the counts are None when withheld (fewer than the minimum answered)."""

    component_id: str
    asked: int  # people who answered at least one of its competences
    people: int | None
    needs: int | None
    essential: int | None

    @property
    def withheld(self) -> bool:
        return self.people is None


@dataclass(frozen=True)
class CompetenceNeed:
    """A group's training need in one competence: how many answered it, how many have a need, of them on an
    essential; the counts are None when withheld (fewer than the minimum answered)."""

    item_id: str
    component_id: str
    competence: str
    asked: int
    people: int | None
    essential: int | None

    @property
    def withheld(self) -> bool:
        return self.people is None


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
    respondents: int = 0  # workbooks with at least one answer (an empty one is no respondent)
    unanswered: int = 0  # workbooks returned without any answer
    minimum: int = 0


def group_needs(plans: Sequence[Plan], framework: Framework) -> tuple[Need, ...]:
    essential = set(scale(PROFILE).ids("vacancy"))
    result = []
    for component in framework.components:
        answered = [[x for x in p.lines if x.component_id == component.id and x.answered] for p in plans]
        per_person = [[x for x in lines if x.need] for lines in answered]
        result.append(Need(component.id, sum(1 for lines in answered if lines),
                           sum(1 for lines in per_person if lines), sum(map(len, per_person)),
                           sum(1 for lines in per_person for x in lines if x.profile in essential)))  # fmt: skip
    return tuple(result)


def competence_needs(plans: Sequence[Plan]) -> tuple[CompetenceNeed, ...]:
    """Per competence anyone in the group was asked, in the order first met: who answered, who has a need."""
    essential = set(scale(PROFILE).ids("vacancy"))
    found: dict[str, list[int]] = {}
    lines: dict[str, PlanLine] = {}
    for plan in plans:
        for line in plan.lines:
            counts = found.setdefault(line.item_id, [0, 0, 0])
            lines.setdefault(line.item_id, line)
            counts[0] += line.answered
            counts[1] += line.need
            counts[2] += line.need and line.profile in essential
    return tuple(
        CompetenceNeed(item, lines[item].component_id, lines[item].competence, asked, people, on_essential)
        for item, (asked, people, on_essential) in found.items()
    )


def group_of(label: str, scope: str, plans: Sequence[Plan], framework: Framework) -> Group:
    return Group(label, scope, len(plans), group_needs(plans, framework), competence_needs(plans))


def withheld(groups: Sequence[Group], minimum: int, asked: Callable[[Group], dict[str, int]]) -> list[set[str]]:
    """Per group the keys (components or competences) whose counts may not be shown: fewer than `minimum`
    answered, or the whole minus the groups shown would leave a count over fewer (privacy.counts_shown)."""
    parts = [i for i, g in enumerate(groups) if g.scope != SCOPE_ALL]
    whole = next((i for i, g in enumerate(groups) if g.scope == SCOPE_ALL), None)
    sizes = [asked(g) for g in groups]
    hidden: list[set[str]] = [set() for _ in groups]
    for key in set().union(*sizes):
        total = sizes[whole].get(key, 0) if whole is not None else None
        seen = counts_shown([sizes[i].get(key, 0) for i in parts], total, minimum)
        hidden_parts = [i for i, show in zip(parts, seen.parts, strict=True) if not show]
        for i in hidden_parts + ([whole] if whole is not None and not seen.whole else []):
            hidden[i].add(key)
    return hidden


def withhold_small_counts(groups: Sequence[Group], minimum: int) -> list[Group]:
    """The groups with each count over fewer than `minimum` people (or giving such a count away) left out."""
    by_component = withheld(groups, minimum, lambda g: {n.component_id: n.asked for n in g.needs})
    by_item = withheld(groups, minimum, lambda g: {c.item_id: c.asked for c in g.competences})
    return [
        replace(
            group,
            needs=tuple(
                replace(n, people=None, needs=None, essential=None) if n.component_id in components else n
                for n in group.needs
            ),
            competences=tuple(
                replace(c, people=None, essential=None) if c.item_id in items else c for c in group.competences
            ),
        )  # fmt: skip
        for group, components, items in zip(groups, by_component, by_item, strict=True)
    ]


def team_overview(plans: Sequence[Plan], framework: Framework, min_respondents: int, labels: dict[str, str]) -> Team:
    """The groups the team may see; `labels` names the pooled group ('others') and all staff ('all').

    A workbook without any answer is no respondent: it would let a group of two pass for three."""
    answered = [plan for plan in plans if plan.answered]
    by_function: dict[str, list[Plan]] = {}
    for plan in answered:
        by_function.setdefault(plan.function.strip().casefold(), []).append(plan)
    team = Team(respondents=len(answered), unanswered=len(plans) - len(answered), minimum=min_respondents)
    small: list[Plan] = []
    for members in by_function.values():
        if len(members) >= min_respondents:
            team.groups.append(group_of(members[0].function, SCOPE_FUNCTION, members, framework))
        else:
            small += members
            team.hidden_functions += 1
    if len(small) >= min_respondents and team.groups:
        team.groups.append(group_of(labels[SCOPE_OTHERS], SCOPE_OTHERS, small, framework))
    if len(answered) >= min_respondents and (not small or len(small) >= min_respondents):
        team.groups.insert(0, group_of(labels[SCOPE_ALL], SCOPE_ALL, answered, framework))
    else:
        team.all_hidden = len(answered) >= min_respondents  # fewer: "no group yet" says it
    team.groups = withhold_small_counts(team.groups, min_respondents)
    return team
