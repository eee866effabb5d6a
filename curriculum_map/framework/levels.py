"""Reading a level as people type it: any case, stray spaces, a score, or a label in any language."""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from curriculum_map.framework.model import Level


def normalise(value: object) -> str:
    """Fold case, Unicode form and every kind of space, so that ' Goed\u00a0Gekaderd ' reads as 'goed gekaderd'."""
    text = value if isinstance(value, str) else str(value)
    return _remembered_normalise(text) if len(text) <= 200 else _normalise_text(text)


def _normalise_text(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split()).casefold()


# headers, labels and level names repeat in every workbook: short texts are remembered
_remembered_normalise = lru_cache(maxsize=8192)(_normalise_text)


@dataclass(frozen=True)
class LevelReading:
    """The level a cell holds, or why it holds none (with the closest label, when one is close)."""

    level: Level | None
    blank: bool = False
    suggestion: str | None = None


class LevelParser:
    """Parses level cells against one legend (a framework's levels or its expectation levels).

    Thousands of workbooks hold the same few dropdown values, so readings of short values are
    remembered (a bounded number of them: a hostile sheet must not fill the memory).
    """

    MEMO_LIMIT = 10_000

    def __init__(self, levels: Sequence[Level]):
        self.levels = tuple(levels)
        self.memo: dict[tuple[type, object], LevelReading] = {}
        self.by_text: dict[str, Level] = {}
        for level in self.levels:
            for label in level.label.all():
                self.by_text[normalise(label)] = level
            self.by_text[str(level.score)] = level
        self.by_score = {level.score: level for level in self.levels}
        # the labels exactly as the dropdown writes them: the common case, checked before normalising
        self.exact = {label: level for level in self.levels for label in level.label.all()}
        self.canonical = {normalise(lab): level.label.get() for level in self.levels for lab in level.label.all()}

    def parse(self, value: object) -> LevelReading:
        key = (value.__class__, value)
        reading = self.memo.get(key)
        if reading is None:
            reading = self._parse(value)
            if len(self.memo) < self.MEMO_LIMIT and not (isinstance(value, str) and len(value) > 200):
                self.memo[key] = reading
        return reading

    def _parse(self, value: object) -> LevelReading:
        if value is None or isinstance(value, bool):
            return LevelReading(None, blank=value is None)
        if isinstance(value, (int, float)):
            if float(value).is_integer() and int(value) in self.by_score:
                return LevelReading(self.by_score[int(value)])
            return LevelReading(None)
        if isinstance(value, str) and value in self.exact:
            return LevelReading(self.exact[value])
        key = normalise(value)
        if not key:
            return LevelReading(None, blank=True)
        if key in self.by_text:
            return LevelReading(self.by_text[key])
        if key.replace(",", ".").endswith(".0") and key[:-2] in self.by_text:
            return LevelReading(self.by_text[key[:-2]])
        return LevelReading(None, suggestion=self.suggest(key))

    def suggest(self, key: str) -> str | None:
        """The canonical label the user most likely meant, or None when nothing is close."""
        starts = {label for text, label in self.canonical.items() if text.startswith(key) or key.startswith(text)}
        if len(starts) == 1 and len(key) >= 3:
            return starts.pop()
        close = difflib.get_close_matches(key, list(self.canonical), n=1, cutoff=0.6)
        return self.canonical[close[0]] if close else None
