"""The minimum group size, applied to groups of people and to the people behind each count.

A group is shown at or above the minimum; the small ones are pooled when together they reach it, and
everyone together only when no small group could be worked out by subtracting the groups shown. The same
care holds per competence and per component: a group of 3 may hold only 1 person who answered a
competence (the others were not asked it), so each count is shown only over at least the minimum number of
people who answered, and the whole only when subtracting the parts shown leaves nobody or enough people.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Visibility:
    """Which groups may be shown: each at or above the minimum, the small ones pooled when together they reach
    it, and everyone together only when no small group could be worked out by subtracting the groups shown."""

    shown: tuple[str, ...]
    pooled: tuple[str, ...]
    pooled_shown: bool
    all_shown: bool


def visibility(sizes: Mapping[str, int], minimum: int) -> Visibility:
    """The groups of people that may be shown (the team overview's and the sector view's rule)."""
    present = {key: size for key, size in sizes.items() if size}
    shown = tuple(key for key, size in present.items() if size >= minimum)
    small = tuple(key for key in present if key not in shown)
    pooled = sum(present[key] for key in small)
    pooled_shown = pooled >= minimum and bool(shown)
    all_shown = sum(present.values()) >= minimum and (not small or pooled >= minimum)
    return Visibility(shown, small, pooled_shown, all_shown)


@dataclass(frozen=True)
class CountsShown:
    """For one competence or component: which parts may show their count, and whether the whole may."""

    parts: tuple[bool, ...]
    whole: bool


def counts_shown(parts: Sequence[int], whole: int | None, minimum: int) -> CountsShown:
    """`parts` are the people who answered in each group shown apart (groups that never overlap), `whole` in
    everyone together (None when the whole is not shown). A part shows its count over at least `minimum`
    people; the whole too, and only when what is left after subtracting the parts shown is nobody or at
    least `minimum` people, so no count over fewer can be worked out."""
    shown = tuple(size >= minimum for size in parts)
    if whole is None:
        return CountsShown(shown, False)
    rest = whole - sum(size for size, show in zip(parts, shown, strict=True) if show)
    return CountsShown(shown, whole >= minimum and (rest == 0 or rest >= minimum))
