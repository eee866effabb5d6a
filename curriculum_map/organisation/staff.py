"""The staff's self-assessment: the staff list (name, e-mail, function), one personal workbook per person
with the competences of their function's profile (every competence when the function has none), and its
reader."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from curriculum_map.core.filenames import unique_file_names
from curriculum_map.core.listfile import ListFileError, ListKind, find_columns, read_list
from curriculum_map.core.report_files import PROFILES_CSV
from curriculum_map.core.texts import text
from curriculum_map.coverage.results import ResultsError, read_rows
from curriculum_map.framework.model import Framework
from curriculum_map.organisation.reader import Kind, OrganisationReading, read_organisation_workbook
from curriculum_map.organisation.scales import ACQUIRED, PROFILE, RELEVANT, scale
from curriculum_map.organisation.sheet import Question, SheetRow, WorkbookSpec, write_workbooks
from curriculum_map.workbook.builder import TemplateOptions
from curriculum_map.workbook.layout import SheetLayout
from curriculum_map.workbook.roster import HEADERS as ROSTER_HEADERS
from curriculum_map.workbook.roster import respondent_id

SELF_KIND = "self-assessment"
SELF_LAYOUT = SheetLayout("self", "competence", ("id", "competence", "profile", "relevant", "acquired", "help"), 7)
SELF_QUESTIONS = (Question("relevant", scale(RELEVANT)), Question("acquired", scale(ACQUIRED)), Question("help"))
SELF_READER = Kind(SELF_KIND, "sheet.self_assessment", SELF_LAYOUT, SELF_QUESTIONS, personal=True,
                   empty_code="self-assessment-empty")  # fmt: skip
HEADERS = {  # a staff list names people as a roster does; its group is a function
    "name": ROSTER_HEADERS["name"],
    "email": ROSTER_HEADERS["email"],
    "function": ("functie", "function", "job", "job title"),
}


class StaffListError(ListFileError):
    """A staff list that cannot be used, with the row and what to fix."""


STAFF = ListKind("list.kind.staff", StaffListError)


@dataclass(frozen=True)
class StaffMember:
    respondent_id: str
    name: str
    email: str
    function: str


def load_staff(path: Path) -> list[StaffMember]:
    """The staff list; raises StaffListError naming the row for a row without a name or a person listed twice."""
    rows = read_list(path, STAFF).rows
    if not rows:
        raise StaffListError("roster-empty", path=path)
    header, *body = rows
    columns = find_columns(header, HEADERS)
    if "name" not in columns or "function" not in columns:
        raise StaffListError("staff-columns", path=path, found=", ".join(c for c in header.cells if c))
    people: list[StaffMember] = []
    seen: dict[str, int] = {}
    for row in body:
        values = {key: row.cell(index) for key, index in columns.items()}
        if not values["name"]:
            raise StaffListError("roster-no-name", path=path, row=row.number)
        person = StaffMember(respondent_id(values.get("email", ""), values["name"]), values["name"],
                             values.get("email", ""), values["function"])  # fmt: skip
        if person.respondent_id in seen:
            raise StaffListError("roster-duplicate", path=path, row=row.number, first=seen[person.respondent_id],
                                 name=person.name)  # fmt: skip
        seen[person.respondent_id] = row.number
        people.append(person)
    return people


def load_profile_rows(folder: Path | None) -> dict[str, tuple[SheetRow, ...]]:
    """Per function (folded) the rows a self-assessment asks: the profile's competences that are `asked`."""
    if folder is None:
        return {}
    asked = set(scale(PROFILE).ids("asked"))
    found: dict[str, list[SheetRow]] = {}
    lines = read_rows(folder / PROFILES_CSV, ("function", "item_id", "component_id", "competence", "choice_id"))
    for line in lines:
        rows = found.setdefault(line["function"].casefold(), [])
        if line["choice_id"] in asked:
            own = line["competence"] if "." in line["item_id"] and "eigen" in line["item_id"] else ""
            rows.append(SheetRow(line["item_id"], line["component_id"], own, line["choice"], "", line["choice_id"]))
    return {key: tuple(rows) for key, rows in found.items()}


def all_rows(framework: Framework) -> tuple[SheetRow, ...]:
    return tuple(SheetRow(x.id, x.component_id) for x in framework.competences)


def staff_specs(
    framework: Framework,
    staff: Sequence[StaffMember],
    profiles: dict[str, tuple[SheetRow, ...]],
    organisation: str,
    lang: str,
) -> list[tuple[str, WorkbookSpec]]:
    """A file name and a personal workbook for each person."""
    prefix = text("organisation.self.filename", lang)
    names = unique_file_names([(f"{prefix} - {p.name}", p.email.partition("@")[0]) for p in staff], ".xlsx")
    specs = []
    for name, person in zip(names, staff, strict=True):
        rows = profiles.get(person.function.casefold()) or all_rows(framework)
        metadata = (
            ("organisation", organisation),
            ("function", person.function),
            ("respondent_id", person.respondent_id),
        )
        title = text("organisation.self.title", lang, name=person.name)
        respondent = {"name": person.name, "role": person.function}
        specs.append((name, WorkbookSpec(SELF_KIND, "sheet.self_assessment", "self", SELF_LAYOUT, SELF_QUESTIONS,
                                         rows, title, metadata, respondent)))  # fmt: skip
    return specs


def write_staff_templates(
    framework: Framework,
    out_dir: Path,
    staff: Sequence[StaffMember],
    profiles_dir: Path | None,
    options: TemplateOptions,
    organisation: str = "",
    force: bool = False,
) -> list[Path]:
    """One personal self-assessment workbook per person on the staff list."""
    try:
        profiles = load_profile_rows(profiles_dir)
    except ResultsError:
        raise
    specs = staff_specs(framework, staff, profiles, organisation, options.lang)
    return write_workbooks(framework, out_dir, specs, options, force)


def read_self_assessment(path: Path, framework: Framework, display: str | None = None) -> OrganisationReading:
    """Read one filled self-assessment workbook (module level: worker processes call it)."""
    return read_organisation_workbook(SELF_READER, path, framework, display)
