"""The errors of the history: a file that cannot be used, a round that is not there, rounds that cannot be compared."""

from __future__ import annotations

from curriculum_map.core.catalogue import CurriculumMapError


class HistoryError(CurriculumMapError):
    """A history file, round or comparison that cannot be used: what and why, from the catalogue."""
