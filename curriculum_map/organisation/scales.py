"""The answer scales of the organisation workflow, read from data/organisation.yaml (never written in code):
the profile of a function, 'relevant for my function?' and how far a competence is acquired."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources
from typing import Any

from curriculum_map.core.yamlfile import parse_package_yaml
from curriculum_map.framework.model import Text
from curriculum_map.positions.choices import loose

PROFILE, RELEVANT, ACQUIRED, DELIVERY = "profile", "relevant", "acquired", "delivery"


@dataclass(frozen=True)
class Option:
    """One answer: its id, its label per language, other ways people type it, and its flags (asked, need...)."""

    id: str
    label: Text
    aliases: tuple[str, ...] = ()
    flags: dict[str, Any] = field(default_factory=dict)

    def flag(self, name: str) -> Any:
        return self.flags.get(name)


@dataclass(frozen=True)
class OptionReading:
    """What an answer cell holds: an option's id, a blank, or text that is none (with the closest label)."""

    choice: str | None
    blank: bool = False
    suggestion: str | None = None


@dataclass(frozen=True)
class OptionScale:
    """The ordered options of one question."""

    key: str
    options: tuple[Option, ...]

    def option(self, option_id: str) -> Option:
        return next(o for o in self.options if o.id == option_id)

    def label(self, option_id: str, lang: str) -> str:
        return self.option(option_id).label.get(lang) if option_id else ""

    def labels(self, lang: str) -> list[str]:
        return [o.label.get(lang) for o in self.options]

    def ids(self, flag: str) -> tuple[str, ...]:
        """The ids of the options that have `flag` set."""
        return tuple(o.id for o in self.options if o.flag(flag))

    def parse(self, value: object, lang: str = "nl") -> OptionReading:
        """An answer as typed or picked: any case, spacing, language or alias; None with a suggestion when unknown."""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        key = loose(value) if value is not None else ""
        if not key:
            return OptionReading(None, blank=True)
        known = self._by_text()
        if key in known:
            return OptionReading(known[key])
        close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.75)
        starts = {known[k] for k in known if len(key) >= 3 and k.startswith(key)}
        meant = close[0] if close else None
        suggestion = known[meant] if meant else (starts.pop() if len(starts) == 1 else None)
        return OptionReading(None, suggestion=self.label(suggestion, lang) if suggestion else None)

    def _by_text(self) -> dict[str, str]:
        return self._index

    @cached_property
    def _index(self) -> dict[str, str]:
        found: dict[str, str] = {}
        for option in self.options:
            for name in (option.id, *option.label.all(), *option.aliases):
                found.setdefault(loose(name), option.id)
        return found


@cache
def scale(key: str, source: str = "organisation.yaml") -> OptionScale:
    """The scale `key` (profile, relevant, acquired) of the package's data file `source` (another workflow's
    scales, such as the consultation's, live in a data file of their own)."""
    raw = (resources.files("curriculum_map") / "data" / source).read_text(encoding="utf-8")
    entries = parse_package_yaml(raw)[key]
    options = []
    for entry in entries:
        flags = {k: v for k, v in entry.items() if k not in ("id", "label", "aliases")}
        options.append(Option(str(entry["id"]), Text(entry["label"]), tuple(entry.get("aliases", ())), flags))
    return OptionScale(key, tuple(options))
