"""Growth per team over the team rounds: per group and component, the share of staff with a learning need. No I/O.

The numbers are those of each round's own training-needs.csv (people_with_need / asked: the
group's staff who answered the component), so that team-trend.csv matches the team folders
exactly; a count staff read withheld (fewer than the minimum answered) stays withheld. A group is
followed from round to round of its organisation: a function by its name (case aside), the others
together and all staff by their scope. A change is given only between two consecutive rounds of
the organisation in which both counts are shown and at least the larger of the two rounds'
minimum group sizes answered: a count over too few people in either round is never compared.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from curriculum_map.framework.model import Framework


@dataclass(frozen=True)
class TeamRoundSeen:
    """One team round as the trend shows it."""

    label: str
    organisation: str
    data_date: str
    min_respondents: int
    groups: int
    respondents: int


@dataclass(frozen=True)
class TeamPoint:
    """One group's need in one component in one round."""

    round: str
    organisation: str
    group: str
    scope: str
    cluster_id: str
    component_id: str
    component: str
    respondents: int
    people_with_need: int | None  # None: withheld by staff read (fewer than the minimum answered)
    asked: int | None  # the group's staff who answered at least one competence of the component
    min_respondents: int
    change: float | None = None  # share minus the share of the organisation's round before, when both may be compared

    @property
    def share(self) -> float | None:
        """people_with_need / asked; None when withheld (or nobody answered)."""
        if self.people_with_need is None or not self.asked:
            return None
        return self.people_with_need / self.asked

    def comparable(self, other: TeamPoint) -> bool:
        """Whether a change between this count and `other` may be given: both shown, over enough people for both
        rounds' minimums."""
        if self.share is None or other.share is None:
            return False
        return min(self.asked or 0, other.asked or 0) >= max(self.min_respondents, other.min_respondents)

    @property
    def key(self) -> tuple[str, str, str]:
        """The group across rounds: a function by its name, the others and all staff by their scope."""
        return (self.organisation, self.scope, self.group.casefold() if self.scope == "function" else "")


@dataclass
class TeamTrend:
    """Every team round's group needs, in the order of the rounds, with the change against the round before."""

    framework: Framework  # the newest round's: the order of the components
    rounds: list[TeamRoundSeen]
    points: list[TeamPoint] = field(default_factory=list)

    @property
    def groups(self) -> list[tuple[str, str, str]]:
        """The groups (their keys) in the order first met."""
        return list(dict.fromkeys(p.key for p in self.points))

    def series(self, key: tuple[str, str, str], component_id: str) -> list[TeamPoint | None]:
        """One group's points for one component, one per round (None where the group is not shown)."""
        found = {p.round: p for p in self.points if p.key == key and p.component_id == component_id}
        return [found.get(r.label) if r.organisation == key[0] else None for r in self.rounds]


def load_team_trend(connection: sqlite3.Connection, framework: Framework) -> TeamTrend:
    """The team trend over every team round in a history (a connection to it, schema version 4 or later)."""
    rounds = [
        TeamRoundSeen(*row)
        for row in connection.execute(
            """SELECT r.label, r.organisation, r.data_date, r.min_respondents,
                      (SELECT COUNT(*) FROM team_round_groups g WHERE g.team_round_id = r.team_round_id),
                      COALESCE((SELECT respondents FROM team_round_groups g WHERE g.team_round_id = r.team_round_id
                                AND g.scope = 'all'),
                               (SELECT SUM(respondents) FROM team_round_groups g
                                WHERE g.team_round_id = r.team_round_id), 0)
               FROM team_rounds r ORDER BY r.round_order, r.organisation"""
        )
    ]
    points = [
        TeamPoint(*row)
        for row in connection.execute(
            """SELECT r.label, r.organisation, x."group", x.scope, x.cluster_id, x.component_id, x.component,
                      x.respondents, CASE WHEN x.below_minimum THEN NULL ELSE x.people_with_need END,
                      CASE WHEN x.below_minimum THEN NULL ELSE x.asked END, r.min_respondents
               FROM team_training_needs x JOIN team_rounds r USING (team_round_id)
               ORDER BY r.round_order, r.organisation, x.rowid"""
        )
    ]
    return build_team_trend(framework, rounds, points)


def build_team_trend(framework: Framework, rounds: list[TeamRoundSeen], points: list[TeamPoint]) -> TeamTrend:
    """Points sorted group after group, component after component, round after round, each with its change."""
    order = {(r.label, r.organisation): i for i, r in enumerate(rounds)}
    components = {c.id: i for i, c in enumerate(framework.components)}
    groups = {key: i for i, key in enumerate(dict.fromkeys(p.key for p in points))}
    last = len(components)
    points = sorted(
        points, key=lambda p: (groups[p.key], components.get(p.component_id, last), order[(p.round, p.organisation)])
    )
    before_of = _previous_rounds(rounds)
    previous: dict[tuple[tuple[str, str, str], str], TeamPoint] = {}
    with_change = []
    for point in points:
        before = previous.get((point.key, point.component_id))
        change = None
        if before is not None and before.round == before_of.get((point.round, point.organisation)):
            if point.comparable(before):
                change = round((point.share or 0.0) - (before.share or 0.0), 4)
        with_change.append(TeamPoint(**{**point.__dict__, "change": change}))
        previous[(point.key, point.component_id)] = point
    return TeamTrend(framework, rounds, with_change)


def _previous_rounds(rounds: list[TeamRoundSeen]) -> dict[tuple[str, str], str]:
    """Each round of an organisation -> the label of that organisation's round before it."""
    found: dict[tuple[str, str], str] = {}
    last: dict[str, str] = {}
    for r in rounds:
        if r.organisation in last:
            found[(r.label, r.organisation)] = last[r.organisation]
        last[r.organisation] = r.label
    return found
