"""The one answer of the positions form: the first position from which a competence is expected.

The framework's positions build on each other (what is expected of a Beginner is expected of every
later position), so one choice per competence says it all. The answers form an ordered scale: the
positions in the framework's order, then "(nog) niet van toepassing in onze organisatie", which
means "expected of no position" and so comes after the last one.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import cached_property

from curriculum_map.core.catalogue import languages
from curriculum_map.core.texts import LANGUAGES, text
from curriculum_map.framework.levels import normalise
from curriculum_map.framework.model import NOT_APPLICABLE, Framework

_NOT_WORD = re.compile(r"[\W_]+")


def loose(value: object) -> str:
    """A typed answer folded for matching: case, spaces and punctuation ignored ('N.v.t. ' -> 'n v t')."""
    return _NOT_WORD.sub(" ", normalise(value)).strip()


@dataclass(frozen=True)
class Scale:
    """The ordered answers of one framework: its positions, then 'not applicable'."""

    framework: Framework

    @cached_property
    def choices(self) -> tuple[str, ...]:
        return (*(p.id for p in self.framework.positions), NOT_APPLICABLE)

    @cached_property
    def _rank(self) -> dict[str, int]:
        return {choice: rank for rank, choice in enumerate(self.choices)}

    def rank(self, choice: str) -> int:
        """0 for the first position, ..., len(positions) for 'not applicable'."""
        return self._rank[choice]

    def label(self, choice: str, lang: str) -> str:
        """A choice as the dropdown shows it."""
        if choice == NOT_APPLICABLE:
            return text("positions.choice.not_applicable", lang)
        return next(p.name.get(lang) for p in self.framework.positions if p.id == choice)

    def short(self, choice: str, lang: str) -> str:
        """A choice as reports show it (the long 'not applicable' text shortened)."""
        if choice == NOT_APPLICABLE:
            return text("positions.choice.not_applicable.short", lang)
        return self.label(choice, lang)

    def labels(self, lang: str) -> list[str]:
        return [self.label(choice, lang) for choice in self.choices]

    def from_on(self, choice: str) -> tuple[str, ...]:
        """The positions a choice expects the competence of: the chosen one and every later one."""
        return tuple(c for c in self.choices[self.rank(choice) :] if c != NOT_APPLICABLE)


@dataclass(frozen=True)
class ChoiceReading:
    """What a cell of the choice column holds: a choice, a blank, or text that is none (with the closest)."""

    choice: str | None
    blank: bool = False
    suggestion: str | None = None


class ChoiceParser:
    """Reads a choice as people type or paste it: any case, stray spaces, any language, a plural, a number."""

    def __init__(self, framework: Framework, lang: str = "nl"):
        self.scale = Scale(framework)
        self.lang = lang
        self.by_text: dict[str, str] = {}
        for rank, position in enumerate(framework.positions, 1):
            names = {*position.name.all(), *position.aliases, position.id}
            for name in names:
                self.by_text[loose(name)] = position.id
                self.by_text[f"{rank} {loose(name)}"] = position.id  # '1. Beginner', as the instructions number them
            self.by_text[str(rank)] = position.id
        for words in languages("positions.choice.not_applicable.aliases").values():
            for word in words:
                self.by_text[loose(word)] = NOT_APPLICABLE
        for label in languages("positions.choice.not_applicable").values():
            self.by_text[loose(label)] = NOT_APPLICABLE
        self.exact = {
            label: choice
            for language in LANGUAGES
            for label, choice in zip(self.scale.labels(language), self.scale.choices, strict=True)
        }

    def parse(self, value: object) -> ChoiceReading:
        if value is None:
            return ChoiceReading(None, blank=True)
        if isinstance(value, str) and value in self.exact:  # the dropdown's own text: the common case
            return ChoiceReading(self.exact[value])
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        key = loose(value)
        if not key:
            return ChoiceReading(None, blank=True)
        if key in self.by_text:
            return ChoiceReading(self.by_text[key])
        return ChoiceReading(None, suggestion=self._suggest(key))

    def _suggest(self, key: str) -> str | None:
        """The label the person most likely meant ('Pionir', 'hulpverlener'), or None when nothing is close."""
        words = [k for k in self.by_text if not k[0].isdigit()]
        starts = {
            self.by_text[k] for k in words if min(len(k), len(key)) >= 3 and (k.startswith(key) or key.startswith(k))
        }
        if len(starts) == 1:
            return self.scale.label(starts.pop(), self.lang)
        close = difflib.get_close_matches(key, words, n=1, cutoff=0.75)
        return self.scale.label(self.by_text[close[0]], self.lang) if close else None
