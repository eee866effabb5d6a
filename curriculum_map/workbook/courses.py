"""Course units per programme (a CSV or xlsx list, read by core.listfile), and finding them in what lecturers wrote.

A list row has a programme, a code, a name, a study year (or phase) and optionally ECTS credits.
Lecturers pick course units from a dropdown, or type them: codes and names are matched in any case,
with or without accents and extra spaces, several to a cell (separated by ';', ',' or a new line).
A name with a typo is read as the one unit it is close to (and said so in a note); what matches
nothing is reported as a note, never dropped.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from curriculum_map.core.listfile import ListFileError, ListKind, read_list_table
from curriculum_map.framework.levels import normalise

HEADERS = {
    "group": ("opleiding", "programme", "program"),
    "code": ("code", "opo-code", "ole-code", "course code"),
    "name": ("naam", "name", "opleidingsonderdeel", "course unit", "course"),
    "year": ("studiejaar", "jaar", "fase", "year", "study year", "phase"),
    "ects": ("ects", "studiepunten", "credits"),
}
_SEPARATORS = re.compile(r"[;\n,]+")
_TRAILING_NOTE = re.compile(r"\s*\([^)]*\)\s*$")
# A typed name this close to exactly one unit's name (difflib's ratio, on folded text) is read as that
# unit: 'Sociale inclusei' is 0.94 from 'Sociale inclusie'. Codes are never guessed: SW210 and SW201
# are both real. Short names are not guessed either: one letter off is a different word.
TYPO_CUTOFF = 0.85
TYPO_MIN_LENGTH = 8


class CoursesError(ListFileError):
    """A course list that cannot be used, with the row and what to fix."""


COURSES = ListKind("list.kind.courses", CoursesError)


@dataclass(frozen=True)
class CourseUnit:
    group: str  # the programme's id
    code: str
    name: str
    year: str  # as the list writes it: "1", "2", "3", "fase 2", ...
    ects: str = ""

    def label(self) -> str:
        """How the dropdown shows it: 'SW1234 – Digitale hulpverlening (jaar 2)'."""
        return f"{self.code} – {self.name}" + (f" ({self.year})" if self.year else "")


@dataclass(frozen=True)
class CourseMatch:
    """What a cell names: the units (in its order, once each), parts read despite a typo, parts naming none."""

    units: list[CourseUnit]
    guessed: list[tuple[str, CourseUnit]]  # (as written, the unit it was read as); the unit is in `units` too
    unknown: list[str]


@dataclass(frozen=True)
class Courses:
    units: tuple[CourseUnit, ...]

    def of_group(self, group: str) -> list[CourseUnit]:
        return [u for u in self.units if u.group == group]

    def match(self, group: str, written: str) -> CourseMatch:
        """The course units a cell names, the parts read despite a typo and the parts that name none."""
        keys: dict[str, CourseUnit] = {}
        names: dict[str, CourseUnit] = {}
        for unit in self.of_group(group):
            for key in (unit.code, unit.name, unit.label()):
                if key:
                    keys[fold(key)] = unit
            names[fold(unit.name)] = unit
        found: list[CourseUnit] = []
        guessed: list[tuple[str, CourseUnit]] = []
        unknown: list[str] = []
        for part in _parts(written, keys):
            # "Sociale inclusie (2e bach)": a study year written after the name is not part of it
            bare = fold(_TRAILING_NOTE.sub("", part))
            named = keys.get(fold(part)) or keys.get(bare)
            if named is None:
                named = _close_name(bare, names)
                if named is not None:
                    guessed.append((part, named))
            if named is None:
                unknown.append(part)
            elif named not in found:
                found.append(named)
        return CourseMatch(found, guessed, unknown)


def _close_name(written: str, names: dict[str, CourseUnit]) -> CourseUnit | None:
    """The one unit whose name `written` is a typo of, or None (too short, nothing close, or two close)."""
    if len(written) < TYPO_MIN_LENGTH:
        return None
    close = difflib.get_close_matches(written, list(names), n=2, cutoff=TYPO_CUTOFF)
    if len(close) == 1 or (len(close) == 2 and names[close[0]] == names[close[1]]):
        return names[close[0]]
    return None


def _parts(written: str, keys: dict[str, CourseUnit]) -> list[str]:
    """The pieces of a cell: the whole cell when it names one unit (names may hold commas), else its parts."""
    text = written.strip()
    if not text:
        return []
    if fold(text) in keys:
        return [text]
    return [part.strip() for part in _SEPARATORS.split(text) if part.strip()]


def fold(value: str) -> str:
    """A name as it is compared: lower case, without accents or extra spaces."""
    folded = unicodedata.normalize("NFKD", normalise(value)).encode("ascii", "ignore").decode("ascii")
    return folded.replace("–", "-")


def load_courses(path: Path, find_group: Callable[[str], str | None]) -> Courses:
    """Read a course list; raises CoursesError naming the file and row (an unknown programme, no name)."""
    table = read_list_table(
        path, COURSES, HEADERS, lambda found: {"group", "name"} <= set(found), ("courses-empty", "courses-columns")
    )
    units = []
    for row in table.body:
        values = table.values(row)
        if not any(values.values()):
            continue
        group = find_group(values.get("group", ""))
        if group is None:
            raise CoursesError("courses-unknown-group", path=path, row=row.number, value=values.get("group", ""))
        if not values.get("name"):
            raise CoursesError("courses-no-name", path=path, row=row.number)
        units.append(
            CourseUnit(group, values.get("code", ""), values["name"], values.get("year", ""), values.get("ects", ""))
        )
    return Courses(tuple(units))
