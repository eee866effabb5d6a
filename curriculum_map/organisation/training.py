"""The organisation's training offer (VTO): the list of trainings (code, name, hours, internal or external),
the workbook that maps them to competences, and its reader.

The list is read by the one list reader (core.listfile) as course units are; the workbook is an organisation
workbook whose answer column picks trainings from a list sheet, as a programme workbook picks course units
(workbook.builder's unit list); what is typed there is matched with the course units' matcher
(workbook.courses: codes and names in any case, several to a cell, a typo in a long name read as the name).
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from curriculum_map.core.listfile import ListFileError, ListKind, read_list_table
from curriculum_map.core.report_files import PROFILES_CSV
from curriculum_map.core.texts import text
from curriculum_map.coverage.results import read_rows
from curriculum_map.framework.model import Framework
from curriculum_map.organisation.reader import Kind, OrganisationReading, read_organisation_workbook
from curriculum_map.organisation.scales import DELIVERY, PROFILE, scale
from curriculum_map.organisation.sheet import OWN_PREFIX, Question, SheetRow, UnitList, WorkbookSpec, write_workbooks
from curriculum_map.positions.choices import loose
from curriculum_map.workbook.builder import TemplateOptions
from curriculum_map.workbook.courses import HEADERS as COURSE_HEADERS
from curriculum_map.workbook.courses import CourseMatch, Courses, CourseUnit
from curriculum_map.workbook.layout import SheetLayout

TRAINING_KIND = "training-map"
TRAINING_LAYOUT = SheetLayout("training", "competence", ("id", "competence", "functions", "trainings", "comment"), 7)
TRAINING_QUESTIONS = (Question("trainings"), Question("comment"))
TRAINING_READER = Kind(TRAINING_KIND, "sheet.training_map", TRAINING_LAYOUT, TRAINING_QUESTIONS,
                       own_sheets=("sheet.trainings",))  # fmt: skip
OFFER = "offer"  # the group of the trainings for the course units' matcher: an organisation has one offer
HEADERS = {
    "code": (*COURSE_HEADERS["code"], "vto-code", "vormingscode", "training code"),
    "name": ("naam", "name", "vorming", "training", "titel", "title", "opleiding"),
    "hours": ("uren", "uur", "duur", "hours", "duration", "aantal uren"),
    "delivery": ("intern/extern", "intern of extern", "internal/external", "internal or external", "aanbieder",
                 "provider", "type"),
}  # fmt: skip


class TrainingsError(ListFileError):
    """A training list that cannot be used, with the row and what to fix."""


TRAININGS = ListKind("list.kind.trainings", TrainingsError)


@dataclass(frozen=True)
class Training:
    code: str
    name: str
    hours: str  # as the list writes it ('8', '2,5')
    delivery: str  # an option id of the delivery scale, '' when not said

    @property
    def unit(self) -> CourseUnit:
        """The training as the course units' matcher sees it."""
        return CourseUnit(OFFER, self.code, self.name, "")

    def label(self) -> str:
        return self.unit.label()


@dataclass(frozen=True)
class Trainings:
    trainings: tuple[Training, ...]

    def match(self, written: str) -> CourseMatch:
        """The trainings a cell names (as course units), the parts read despite a typo and the parts naming none."""
        return Courses(tuple(t.unit for t in self.trainings)).match(OFFER, written)

    def of(self, unit: CourseUnit) -> Training:
        return next(t for t in self.trainings if t.unit == unit)

    def suggest(self, written: str) -> Training | None:
        """The training a name not on the list most likely means ('VTO1' for VTO01), None when none is close."""
        key = loose(written)
        names = {loose(name): t for t in self.trainings for name in (t.code, t.name, t.label()) if name}
        close = difflib.get_close_matches(key, list(names), n=1, cutoff=0.75)
        return names[close[0]] if close else None


def load_trainings(path: Path) -> Trainings:
    """Read a training list; raises TrainingsError naming the file and row (no name, a code twice, ...)."""
    table = read_list_table(
        path, TRAININGS, HEADERS, lambda found: "name" in found, ("trainings-empty", "trainings-columns")
    )
    found: list[Training] = []
    seen: dict[str, int] = {}
    delivery = scale(DELIVERY)
    for row in table.body:
        values = table.values(row)
        if not values.get("name"):
            raise TrainingsError("trainings-no-name", path=path, row=row.number)
        key = (values.get("code") or values["name"]).casefold()
        if key in seen:
            raise TrainingsError("trainings-duplicate", path=path, row=row.number, first=seen[key],
                                 name=values.get("code") or values["name"])  # fmt: skip
        seen[key] = row.number
        said = delivery.parse(values.get("delivery", ""))
        if said.choice is None and not said.blank:
            raise TrainingsError("trainings-delivery", path=path, row=row.number, value=values.get("delivery", ""),
                                 labels=", ".join(delivery.labels("nl") + delivery.labels("en")))  # fmt: skip
        found.append(Training(values.get("code", ""), values["name"], values.get("hours", ""), said.choice or ""))
    return Trainings(tuple(found))


def profile_summary(folder: Path | None, lang: str) -> dict[str, str]:
    """Per competence what the function profiles say of it ('essentieel: Hulpverlener'), from `profile read`."""
    if folder is None:
        return {}
    profile = scale(PROFILE)
    chosen: dict[str, dict[str, list[str]]] = {}
    for line in read_rows(folder / PROFILES_CSV, ("function", "item_id", "choice_id")):
        if line["choice_id"] and profile.option(line["choice_id"]).flag("asked"):
            chosen.setdefault(line["item_id"], {}).setdefault(line["choice_id"], []).append(line["function"])
    return {
        item: "; ".join(f"{profile.label(choice, lang)}: {', '.join(functions)}" for choice, functions in by.items())
        for item, by in chosen.items()
    }


def training_rows(framework: Framework, profiles: Path | None, lang: str) -> tuple[SheetRow, ...]:
    """Every competence of the framework, each component followed by the profiles' own competences."""
    said = profile_summary(profiles, lang)
    own: dict[str, list[tuple[str, str]]] = {}
    if profiles is not None:
        for line in read_rows(profiles / PROFILES_CSV, ("item_id", "component_id", "competence")):
            if f".{OWN_PREFIX}" in line["item_id"] and line["item_id"] not in dict(own.get(line["component_id"], [])):
                own.setdefault(line["component_id"], []).append((line["item_id"], line["competence"]))
    rows: list[SheetRow] = []
    for component in framework.components:
        rows += [SheetRow(c.id, component.id, "", said.get(c.id, "")) for c in component.competences]
        rows += [SheetRow(i, component.id, t, said.get(i, "")) for i, t in own.get(component.id, [])]
    return tuple(rows)


def training_units(trainings: Trainings, lang: str) -> UnitList:
    delivery = scale(DELIVERY)
    widths = {"label": 50, "code": 12, "name": 40, "hours": 10, "delivery": 14}
    headers = tuple((text(f"organisation.trainings.column.{key}", lang), width) for key, width in widths.items())
    rows = tuple((t.label(), t.code, t.name, t.hours, delivery.label(t.delivery, lang)) for t in trainings.trainings)
    column = text("organisation.column.trainings", lang)
    return UnitList("sheet.trainings", text("organisation.trainings.title", lang),
                    text("organisation.trainings.subtitle", lang, column=column), "trainings", headers, rows,
                    (text("organisation.trainings.validation.title", lang),
                     text("organisation.trainings.validation.message", lang)))  # fmt: skip


def write_training_template(
    framework: Framework,
    out_dir: Path,
    trainings: Trainings,
    options: TemplateOptions,
    organisation: str = "",
    profiles: Path | None = None,
    force: bool = False,
) -> list[Path]:
    """The workbook that maps the organisation's trainings to competences (one per organisation)."""
    lang = options.lang
    prefix = text("organisation.training.filename", lang)
    name = " - ".join(p for p in (prefix, organisation) if p) + ".xlsx"
    title = text("organisation.training.title", lang, organisation=organisation or prefix)
    spec = WorkbookSpec(TRAINING_KIND, "sheet.training_map", "training", TRAINING_LAYOUT, TRAINING_QUESTIONS,
                        training_rows(framework, profiles, lang), title, (("organisation", organisation),),
                        units=training_units(trainings, lang))  # fmt: skip
    return write_workbooks(framework, out_dir, [(name, spec)], options, force)


def read_training_workbook(path: Path, framework: Framework, display: str | None = None) -> OrganisationReading:
    """Read one filled training map (module level: worker processes call it)."""
    return read_organisation_workbook(TRAINING_READER, path, framework, display)


def names_of(trainings: Sequence[Training]) -> str:
    return "; ".join(t.code or t.name for t in trainings)
