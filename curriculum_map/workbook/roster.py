"""Who is asked to fill in a workbook: a roster (CSV or xlsx) of people, each with the group they answer for.

A roster row has a name, an e-mail address, a group (a programme, or an organisation), and
optionally a role and course units. Headers are matched in Dutch or English, in any case; the file
is read by core.listfile (CSV as Excel saves it, or a workbook). Every person gets a stable
respondent id, written into their personal workbook, so that returned workbooks are matched to the
roster even when the name was retyped; two rows with the same id are one person listed twice.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from curriculum_map.core.listfile import ListFileError, ListKind, read_list_table
from curriculum_map.framework.levels import normalise

HEADERS = {
    "name": ("naam", "name", "volledige naam", "full name"),
    "email": ("e-mail", "email", "e-mailadres", "email address", "mail"),
    "group": ("opleiding", "programme", "program", "organisatie", "organisation", "organization"),
    "role": ("rol", "role", "functie", "function"),
    "courses": ("opleidingsonderdelen", "course units", "courses", "vakken"),
}


class RosterError(ListFileError):
    """A roster that cannot be used, with the row and what to fix."""


ROSTER = ListKind("list.kind.roster", RosterError)


@dataclass(frozen=True)
class Person:
    """One person on the roster."""

    respondent_id: str
    name: str
    email: str
    group: str  # the programme's (or organisation's) id
    role: str = ""
    courses: tuple[str, ...] = ()


@dataclass(frozen=True)
class Roster:
    people: tuple[Person, ...]
    source: str = ""

    def of_group(self, group: str) -> list[Person]:
        return [p for p in self.people if p.group == group]


def respondent_id(email: str, name: str) -> str:
    """A stable id: the e-mail address folded (or the name, without one), safe in any file or cell."""
    base = email.strip().casefold() or normalise(name)
    ascii_text = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9@._-]+", "-", ascii_text).strip("-")


def load_roster(path: Path, find_group: Callable[[str], str | None]) -> Roster:
    """Read a roster; `find_group` turns a written programme or organisation into its id (None: unknown).

    Raises RosterError naming the file, row and what to fix: an unknown group, a row without a name, a
    person listed twice (the same e-mail address, or without one the same name).
    """
    table = read_list_table(
        path, ROSTER, HEADERS, lambda found: {"name", "group"} <= set(found), ("roster-empty", "roster-columns")
    )
    people: list[Person] = []
    seen: dict[str, int] = {}
    for row in table.body:
        values = table.values(row)
        if not any(values.values()):
            continue
        if not values.get("name"):
            raise RosterError("roster-no-name", path=path, row=row.number)
        group = find_group(values.get("group", ""))
        if group is None:
            raise RosterError("roster-unknown-group", path=path, row=row.number, value=values.get("group", ""))
        person_id = respondent_id(values.get("email", ""), values["name"])
        if person_id in seen:
            raise RosterError("roster-duplicate", path=path, row=row.number, first=seen[person_id], name=values["name"])
        seen[person_id] = row.number
        courses = tuple(c.strip() for c in re.split(r"[;\n]", values.get("courses", "")) if c.strip())
        people.append(
            Person(person_id, values["name"], values.get("email", ""), group, values.get("role", ""), courses)
        )
    return Roster(tuple(people), str(path))


@dataclass
class RosterStatus:
    """Who answered: per person the files that came back, and the files of people not on the roster."""

    roster: Roster
    answered: dict[str, list[str]] = field(default_factory=dict)  # respondent id -> files
    strangers: list[tuple[str, str, str]] = field(default_factory=list)  # (file, group, name)

    def missing(self) -> list[Person]:
        return [p for p in self.roster.people if not self.answered.get(p.respondent_id)]

    def doubles(self) -> list[Person]:
        return [p for p in self.roster.people if len(self.answered.get(p.respondent_id, ())) > 1]

    def rate(self, group: str | None = None) -> tuple[int, int]:
        """(answered, on the roster), for one group or for all."""
        people = self.roster.people if group is None else self.roster.of_group(group)
        return sum(1 for p in people if self.answered.get(p.respondent_id)), len(people)


def match_roster(roster: Roster, submissions: Sequence[tuple[str, str, str, str]]) -> RosterStatus:
    """Match returned workbooks (file, group, respondent id from the workbook, name typed) to the roster.

    The respondent id written into a personal workbook decides; a workbook without one (a blank
    template filled in) is matched by name within its group, ignoring case, accents and spacing.
    """
    status = RosterStatus(roster)
    by_name = {(p.group, _fold(p.name)): p for p in roster.people}
    known = {p.respondent_id: p for p in roster.people}
    for file, group, person_id, name in submissions:
        person = known.get(person_id) if person_id else by_name.get((group, _fold(name)))
        if person is None:
            status.strangers.append((file, group, name))
        else:
            status.answered.setdefault(person.respondent_id, []).append(file)
    return status


def _fold(name: str) -> str:
    return unicodedata.normalize("NFKD", normalise(name)).encode("ascii", "ignore").decode("ascii")
