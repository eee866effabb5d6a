"""Growth over the rounds: per programme, focus, cluster, component and competence, the consensus of each round. No I/O.

A round's numbers are those of its own report (consensus.csv for components and competences,
summary.csv's means for clusters and focuses): they are computed by the same functions from the
same answers, so that trend.csv matches the report folders of the rounds exactly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from curriculum_map.coverage.aggregate import Aggregation
from curriculum_map.coverage.tidy import consensus_rows, summary_rows
from curriculum_map.framework.model import Framework, Programme
from curriculum_map.workbook.layout import LEVEL_FIELDS

SCOPES = ("focus", "cluster", "component", "competence")


@dataclass(frozen=True)
class TrendRound:
    label: str
    data_date: str
    aggregation: Aggregation


@dataclass(frozen=True)
class Point:
    """One value of one series in one round."""

    round: str
    programme_id: str
    scope: str  # focus, cluster, component or competence
    item_id: str
    sort_key: int
    field: str
    value: float  # the consensus score (components, competences) or the mean of the components' (clusters, focuses)
    label: str  # the level's label for components and competences; "" for means
    respondents: int
    change: float | None = None  # against the round before, when both have a value


@dataclass
class Trend:
    """Every round's values, in the order of the rounds, for every programme that answered in any of them."""

    framework: Framework  # the newest round's: names and order come from it
    rounds: list[TrendRound]
    points: list[Point] = field(default_factory=list)

    @property
    def programmes(self) -> list[Programme]:
        present = {p.programme_id for p in self.points}
        return [p for p in self.framework.programmes if p.id in present]

    def series(self, programme_id: str, scope: str, item_id: str, field_name: str = "level") -> list[float | None]:
        """The values of one series, one per round (None where the round has none)."""
        found = {p.round: p.value for p in self._index.get((programme_id, scope, item_id, field_name), [])}
        return [found.get(r.label) for r in self.rounds]

    @property
    def _index(self) -> dict[tuple[str, str, str, str], list[Point]]:
        index: dict[tuple[str, str, str, str], list[Point]] = {}
        for point in self.points:
            index.setdefault((point.programme_id, point.scope, point.item_id, point.field), []).append(point)
        return index


def build_trend(rounds: Sequence[TrendRound]) -> Trend:
    """The trend over `rounds` (in their order), every aggregation in the same framework version."""
    framework = rounds[-1].aggregation.framework
    points: list[Point] = []
    for trend_round in rounds:
        aggregation = trend_round.aggregation
        for row in consensus_rows(aggregation):
            programme_id, _, item_id, sort_key, item_type, field_name, consensus, label = map(str, row[:8])
            if consensus:
                respondents = int(str(row[11]))
                points.append(
                    Point(
                        trend_round.label,
                        programme_id,
                        item_type,
                        item_id,
                        int(sort_key),
                        field_name,
                        float(consensus),
                        label,
                        respondents,
                    )
                )
        for row in summary_rows(aggregation):
            programme_id, _, scope, group_id, sort_key, field_name, mean = map(str, row[:7])
            if mean:
                respondents = aggregation.respondent_count(programme_id)
                points.append(
                    Point(
                        trend_round.label,
                        programme_id,
                        scope,
                        group_id,
                        int(sort_key),
                        field_name,
                        float(mean),
                        "",
                        respondents,
                    )
                )
    order = {p.id: i for i, p in enumerate(framework.programmes)}
    rounds_order = {r.label: i for i, r in enumerate(rounds)}
    fields = {name: i for i, name in enumerate(LEVEL_FIELDS)}
    points.sort(
        key=lambda p: (order.get(p.programme_id, len(order)), fields[p.field], p.sort_key, rounds_order[p.round])
    )
    with_change = []
    previous: dict[tuple[str, str, str, str], Point] = {}
    for point in points:
        key = (point.programme_id, point.scope, point.item_id, point.field)
        before = previous.get(key)
        adjacent = before is not None and rounds_order[before.round] == rounds_order[point.round] - 1
        change = round(point.value - before.value, 4) if adjacent and before is not None else None
        with_change.append(Point(**{**point.__dict__, "change": change}))
        previous[key] = point
    return Trend(framework, list(rounds), with_change)
