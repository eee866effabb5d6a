"""Problems found in the input, as data: codes of the message catalogue with a severity (data/problems.yaml)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Protocol

from curriculum_map.core.catalogue import check, codes, entries, render
from curriculum_map.core.catalogue import placeholders as catalogue_placeholders

SEVERITIES = ("error", "warning", "info")


@cache
def catalogue() -> dict[str, dict[str, str]]:
    """Every problem code with its severity and its message templates per language."""
    everything = entries()
    return {code: everything[code] for code in codes("problems.yaml")}


def placeholders(code: str) -> frozenset[str]:
    """The names in {braces} that a problem's message templates use, in any language."""
    return catalogue_placeholders(code)


def sheet_ref(sheet: str, cell: str = "") -> str:
    """An Excel reference such as Matrix!D7, quoting sheet names that need it ('Mijn blad'!D7)."""
    if not sheet:
        return cell
    quoted = sheet if sheet.replace("_", "").isalnum() else "'" + sheet.replace("'", "''") + "'"
    return f"{quoted}!{cell}" if cell else quoted


class ProblemRecord(Protocol):
    """What reports need of a problem: a Problem just found, or one read back from problems.csv."""

    @property
    def code(self) -> str: ...

    @property
    def file(self) -> str: ...

    @property
    def sheet(self) -> str: ...

    @property
    def cell(self) -> str: ...

    @property
    def severity(self) -> str: ...

    def message(self, lang: str = "nl") -> str: ...

    def render(self, lang: str = "nl") -> str: ...


@dataclass(frozen=True)
class Problem:
    """One problem: where (file, sheet, cell), what (code, values), rendered from the catalogue."""

    code: str
    file: str = ""
    sheet: str = ""
    cell: str = ""
    params: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        if "severity" not in entries().get(self.code, {}):
            raise KeyError(f"unknown problem code {self.code!r}")
        check(self.code, self.params)  # caught here, where the problem is made, not later when a report renders it

    @property
    def severity(self) -> str:
        return catalogue()[self.code]["severity"]

    def message(self, lang: str = "nl") -> str:
        return render(self.code, lang, **self.params)

    def location(self) -> str:
        parts = [p for p in (self.file, sheet_ref(self.sheet, self.cell)) if p]
        return ": ".join(parts)

    def render(self, lang: str = "nl") -> str:
        """The problem as one line: location first, then what is wrong and what to do."""
        location = self.location()
        return f"{location}: {self.message(lang)}" if location else self.message(lang)


def problem_cells(problem: ProblemRecord, lang: str = "nl") -> tuple[str, str, str, str, str, str]:
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


def counts_as_failure(problems: Sequence[ProblemRecord]) -> bool:
    """Whether the problems make a run 'not clean' (errors and warnings do; notes do not)."""
    return any(p.severity in ("error", "warning") for p in problems)
