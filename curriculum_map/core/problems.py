"""Problems found in the input, as data: one catalogue of codes and message templates."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from string import Formatter
from typing import Any

from curriculum_map.core.yamlfile import parse_yaml

SEVERITIES = ("error", "warning", "info")


@cache
def catalogue() -> dict[str, dict[str, str]]:
    """Every problem code with its severity and its message templates per language."""
    raw = (resources.files("curriculum_map") / "data" / "problems.yaml").read_text(encoding="utf-8")
    return parse_yaml(raw)


@cache
def placeholders(code: str) -> frozenset[str]:
    """The names in {braces} that a problem's message templates use, in any language."""
    entry = catalogue()[code]
    return frozenset(
        name
        for lang, template in entry.items()
        if lang != "severity"
        for _, name, _, _ in Formatter().parse(template)
        if name
    )


def sheet_ref(sheet: str, cell: str = "") -> str:
    """An Excel reference such as Matrix!D7, quoting sheet names that need it ('Mijn blad'!D7)."""
    if not sheet:
        return cell
    quoted = sheet if sheet.replace("_", "").isalnum() else "'" + sheet.replace("'", "''") + "'"
    return f"{quoted}!{cell}" if cell else quoted


@dataclass(frozen=True)
class Problem:
    """One problem: where (file, sheet, cell), what (code, values), rendered from the catalogue."""

    code: str
    file: str = ""
    sheet: str = ""
    cell: str = ""
    params: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        if self.code not in catalogue():
            raise KeyError(f"unknown problem code {self.code!r}")
        missing = placeholders(self.code) - self.params.keys()
        if missing:  # caught here, where the problem is made, not later when a report renders it
            raise KeyError(f"problem {self.code!r} needs {', '.join(sorted(missing))}")

    @property
    def severity(self) -> str:
        return catalogue()[self.code]["severity"]

    def message(self, lang: str = "nl") -> str:
        entry = catalogue()[self.code]
        return entry.get(lang, entry["nl"]).format(**self.params)

    def location(self) -> str:
        parts = [p for p in (self.file, sheet_ref(self.sheet, self.cell)) if p]
        return ": ".join(parts)

    def render(self, lang: str = "nl") -> str:
        """The problem as one line: location first, then what is wrong and what to do."""
        location = self.location()
        return f"{location}: {self.message(lang)}" if location else self.message(lang)


def problem_cells(problem: Problem, lang: str = "nl") -> tuple[str, str, str, str, str, str]:
    """A problem as the columns of a report table: file, sheet, cell, code, severity (in words), message."""
    from curriculum_map.core.texts import text

    return (
        problem.file,
        problem.sheet,
        problem.cell,
        problem.code,
        text(f"severity.{problem.severity}", lang),
        problem.message(lang),
    )


def counts_as_failure(problems: list[Problem]) -> bool:
    """Whether the problems make a run 'not clean' (errors and warnings do; notes do not)."""
    return any(p.severity in ("error", "warning") for p in problems)
