"""Who has answered, against the roster: response rates per programme and roster.csv for reminders."""

from __future__ import annotations

from pathlib import Path

from curriculum_map.core.tables import table
from curriculum_map.core.texts import text
from curriculum_map.coverage.aggregate import Aggregation
from curriculum_map.render.csv import write_table
from curriculum_map.workbook.roster import Roster, RosterStatus, match_roster


def roster_status(aggregation: Aggregation, roster: Roster) -> RosterStatus:
    """Match every workbook that was read (counted or set aside as a second copy) to the roster."""
    returned = [
        (r.file, r.programme.id, r.respondent_id, r.respondent.name)
        for r in aggregation.readings
        if r.usable and r.programme is not None
    ]
    return match_roster(roster, returned)


def write_roster_csv(status: RosterStatus, aggregation: Aggregation, path: Path, lang: str) -> None:
    """One row per person on the roster (answered, missing, answered twice), then the files of people not on it."""
    names = {p.id: p.name.get(lang) for p in aggregation.framework.programmes}
    doubles = {p.respondent_id for p in status.doubles()}
    rows = []
    for person in status.roster.people:
        files = status.answered.get(person.respondent_id, [])
        state = "double" if person.respondent_id in doubles else "answered" if files else "missing"
        rows.append((person.group, names.get(person.group, person.group), person.name, person.email, person.role,
                     text(f"roster.status.{state}", lang), "; ".join(files)))  # fmt: skip
    for file, group, name in status.strangers:
        rows.append((group, names.get(group, group), name, "", "", text("roster.status.stranger", lang), file))
    write_table(path, table("roster"), rows)
