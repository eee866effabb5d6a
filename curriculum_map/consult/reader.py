"""Read a returned consultation workbook with the organisation's reader (the data sheet, every answer cell
against its scale) and the shared reading layer; the front sheet (who, organisation, sector, a remark) is
read here, every value on it that is not one of its fields named as a problem."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from curriculum_map.consult.questions import KIND, LAYOUT, NEW_MARKER, SECTOR, consult_scale, questions
from curriculum_map.consult.template import FRONT_FIELDS, FRONT_FIRST
from curriculum_map.core.cells import cell_text
from curriculum_map.core.texts import all_translations, text
from curriculum_map.framework.levels import normalise
from curriculum_map.framework.model import Framework
from curriculum_map.organisation.reader import Answer, Kind, OrganisationReading, read_organisation_workbook
from curriculum_map.workbook.layout import cell_ref
from curriculum_map.workbook.reading import Grids

FRONT_ITEM = ""  # the item id of the front sheet's answers in the tidy table


def read_front(reading: OrganisationReading, grids: Grids) -> set[str]:
    """The front sheet's fields, found by their labels in column A; anything else typed there is named."""
    names = {normalise(n) for n in all_translations("sheet.consult_front")}
    sheet = next((name for name in grids if normalise(name) in names), None)
    if sheet is None:
        return set()
    labels = {normalise(t): key for key in FRONT_FIELDS for t in all_translations(f"consult.front.{key}")}
    found: set[str] = set()
    for index, row in enumerate(grids[sheet]):
        key = labels.get(normalise(row[0])) if row and isinstance(row[0], str) else None
        for column, value in enumerate(row):
            shown = cell_text(value)
            if not shown or (index < 3 and column == 0) or (column == 0 and key):
                continue  # the title, the framework line and the introduction are the template's own
            if key and column == 1 and key not in found:
                _front_answer(reading, sheet, cell_ref(index + 1, 1), key, value)
            else:
                reading.problem("text-outside-table", sheet, cell_ref(index + 1, column), value=shown)
        if key:
            found.add(key)
    return {sheet}


def _front_answer(reading: OrganisationReading, sheet: str, ref: str, key: str, raw: Any) -> None:
    shown = cell_text(raw)
    if key != SECTOR:
        reading.answers.append(Answer(sheet, ref, FRONT_ITEM, key, shown, shown))
        return
    sectors = consult_scale(SECTOR)
    parsed = sectors.parse(raw, reading.language)
    if parsed.choice is not None:
        reading.answers.append(Answer(sheet, ref, FRONT_ITEM, key, parsed.choice, shown))
    elif parsed.suggestion:
        reading.problem("invalid-option-suggestion", sheet, ref, value=shown, suggestion=parsed.suggestion)
    else:
        labels = ", ".join(f'"{label}"' for label in sectors.labels(reading.language))
        reading.problem("invalid-option", sheet, ref, value=shown, labels=labels)


def consult_kind(framework: Framework) -> Kind:
    """The reader's description of a consultation workbook made from `framework`."""
    return Kind(KIND, "sheet.consult", LAYOUT, questions(framework), front=read_front, open_marker=f".{NEW_MARKER}")


def read_consult_workbook(path: Path, framework: Framework, display: str | None = None) -> OrganisationReading:
    """Read one returned consultation workbook (module level: worker processes call it)."""
    reading: OrganisationReading = read_organisation_workbook(consult_kind(framework), path, framework, display)
    if reading.usable:
        check_answered(reading)
    return reading


def check_answered(reading: OrganisationReading) -> None:
    """A workbook with nothing but who answers is no answer: named, and not counted as a reviewer anywhere;
    one that answers without a sector is named at the sector cell.

    The name and organisation are written by `consult template` and the sector says who, not what: only an
    answer on the data sheet or a general remark counts."""
    front = {a.question for a in reading.answers if a.item_id == FRONT_ITEM}
    if any(a.item_id != FRONT_ITEM for a in reading.answers) or "remark" in front:
        sheet = next((a.sheet for a in reading.answers if a.item_id == FRONT_ITEM), "")
        sheet = sheet or text("sheet.consult_front", reading.language)
        cell = cell_ref(FRONT_FIRST + FRONT_FIELDS.index(SECTOR), 1)
        if SECTOR not in front and not any(p.cell == cell and p.sheet == sheet for p in reading.problems):
            reading.problem("consult-sector-missing", sheet, cell)  # a sector that is no choice is named already
        return
    reading.problems = [p for p in reading.problems if p.code != "no-answers"]
    reading.problem("consult-no-answers")
    reading.usable = False
