"""Krippendorff's alpha for ordinal answers, and how much each unit adds to the disagreement. No I/O.

alpha = 1 - D_o / D_e: the disagreement observed between respondents on the same competence (D_o),
against the disagreement expected if the same answers had been given at random (D_e). 1 means
everyone chose the same, 0 no more agreement than chance, below 0 systematic disagreement.

Computed from the coincidence matrix (Krippendorff 2011, "Computing Krippendorff's alpha-reliability"),
with the ordinal distance: the distance between two answers grows with the number of answers that
lie between them. A unit (competence) counts when at least two respondents answered it. A unit's
contribution is its part of the observed disagreement: the competences that lower alpha most.
The tests check the result against the `krippendorff` package.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Agreement:
    """Alpha over a set of units (None when it cannot be computed) and each unit's share of the disagreement."""

    alpha: float | None
    units: int  # units answered by at least two respondents
    contributions: Mapping[str, float] = field(default_factory=dict)  # unit -> share of D_o (sums to 1)


def ordinal_alpha(units: Mapping[str, Sequence[int]]) -> Agreement:
    """Alpha for ordinal values (any integers; only their order matters) given per unit by its respondents."""
    # per unit, how often each value was given: pairs are counted from these, not one by one
    pairable = {unit: Counter(values) for unit, values in units.items() if len(values) >= 2}
    coincidences: dict[tuple[int, int], float] = defaultdict(float)
    for counts in pairable.values():
        weight = 1 / (sum(counts.values()) - 1)
        for first, n_first in counts.items():
            for second, n_second in counts.items():
                pairs = n_first * (n_first - 1) if first == second else n_first * n_second
                coincidences[(first, second)] += pairs * weight
    marginals: dict[int, float] = defaultdict(float)
    for (first, _), count in coincidences.items():
        marginals[first] += count
    total = sum(marginals.values())
    if len([v for v in marginals.values() if v]) < 2:  # one value only (or nothing pairable): no variation
        return Agreement(None, len(pairable))
    distance = _ordinal_distances(marginals)
    observed = sum(count * distance[pair] for pair, count in coincidences.items())
    expected = sum(marginals[c] * marginals[k] * distance[(c, k)] for c in marginals for k in marginals)
    alpha = 1 - (total - 1) * observed / expected
    per_unit = {unit: _unit_disagreement(counts, distance) for unit, counts in pairable.items()}
    summed = sum(per_unit.values())
    contributions = {unit: value / summed if summed else 0.0 for unit, value in per_unit.items()}
    return Agreement(alpha, len(pairable), contributions)


def _ordinal_distances(marginals: Mapping[int, float]) -> dict[tuple[int, int], float]:
    """delta^2(c, k) = (sum of n_g for g from c to k, minus (n_c + n_k) / 2)^2, for every pair of values seen."""
    values = sorted(marginals)
    distance: dict[tuple[int, int], float] = {}
    for a, low in enumerate(values):
        for high in values[a:]:
            between = sum(marginals[g] for g in values if low <= g <= high)
            squared = (between - (marginals[low] + marginals[high]) / 2) ** 2 if low != high else 0.0
            distance[(low, high)] = distance[(high, low)] = squared
    return distance


def _unit_disagreement(counts: Mapping[int, int], distance: Mapping[tuple[int, int], float]) -> float:
    """A unit's part of the observed disagreement (before dividing by the number of pairable values)."""
    pairs = sum(n_a * n_b * distance[(a, b)] for a, n_a in counts.items() for b, n_b in counts.items() if a != b)
    return pairs / (sum(counts.values()) - 1)
