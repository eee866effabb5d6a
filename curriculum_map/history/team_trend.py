"""Growth per team over the team rounds: per group and component, the share of staff with a learning need. No I/O.

The numbers are those of each round's own training-needs.csv (people_with_need / respondents), so
that team-trend.csv matches the team folders exactly. A group is followed from round to round of
its organisation: a function by its name (case aside), the others together and all staff by
their scope. A change is given only between two consecutive rounds of the organisation in which
the group is shown with at least the larger of the two rounds' minimum group sizes: a group
that was too small in either round is never compared (its share would tell about few people).
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
    people_with_need: int
    min_respondents: int
    change: float | None = None  # share minus the share of the organisation's round before, when both may be compared

    @property
    def share(self) -> float:
        return self.people_with_need / self.respondents if self.respondents else 0.0

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
                      x.respondents, x.people_with_need, r.min_respondents
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
        comparable = (
            before is not None
            and before.round == before_of.get((point.round, point.organisation))
            and min(before.respondents, point.respondents) >= max(before.min_respondents, point.min_respondents)
        )
        change = round(point.share - before.share, 4) if comparable and before is not None else None
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
