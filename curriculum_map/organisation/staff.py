"""The staff's self-assessment: the staff list (name, e-mail, function), one personal workbook per person
with the competences of their function's profile (every competence when the function has none), and its
reader."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from curriculum_map.core.filenames import unique_file_names
from curriculum_map.core.listfile import ListFileError, ListKind, read_list_table
from curriculum_map.core.problems import Problem, counts_as_failure
from curriculum_map.core.report_files import PROFILES_CSV
from curriculum_map.core.texts import text
from curriculum_map.coverage.results import read_rows
from curriculum_map.framework.model import Framework
from curriculum_map.organisation.reader import Kind, OrganisationReading, read_organisation_workbook
from curriculum_map.organisation.scales import ACQUIRED, PROFILE, RELEVANT, scale
from curriculum_map.organisation.sheet import Question, SheetRow, WorkbookSpec, write_workbooks
from curriculum_map.workbook.builder import TemplateOptions
from curriculum_map.workbook.layout import SheetLayout, cell_ref
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
    cell: str = ""  # where the staff list names the function ('C4'), for a problem about it


@dataclass
class StaffTemplates:
    """The personal workbooks written, and what to check in the staff list (a function without a profile)."""

    paths: list[Path]
    problems: list[Problem] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not counts_as_failure(self.problems)


def load_staff(path: Path) -> list[StaffMember]:
    """The staff list; raises StaffListError naming the row for a row without a name or a person listed twice."""
    table = read_list_table(
        path, STAFF, HEADERS, lambda found: {"name", "function"} <= set(found), ("roster-empty", "staff-columns")
    )
    people: list[StaffMember] = []
    seen: dict[str, int] = {}
    for row in table.body:
        values = table.values(row)
        if not values["name"]:
            raise StaffListError("roster-no-name", path=path, row=row.number)
        person = StaffMember(respondent_id(values.get("email", ""), values["name"]), values["name"],
                             values.get("email", ""), values["function"],
                             cell_ref(row.number, table.columns["function"]))  # fmt: skip
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
        rows = profiles.get(person.function.casefold())
        metadata = (
            ("organisation", organisation),
            ("function", person.function),
            ("respondent_id", person.respondent_id),
        )
        title = text("organisation.self.title", lang, name=person.name)
        respondent = {"name": person.name, "role": person.function}
        labels = () if rows else (("profile", "organisation.column.no_profile"),)  # never 'In the profile' without one
        specs.append((name, WorkbookSpec(SELF_KIND, "sheet.self_assessment", "self", SELF_LAYOUT, SELF_QUESTIONS,
                                         rows or all_rows(framework), title, metadata, respondent,
                                         labels=labels)))  # fmt: skip
    return specs


def profile_functions(folder: Path) -> dict[str, str]:
    """The functions that have a profile, by their folded name, spelled as the profile spells them."""
    return {line["function"].casefold(): line["function"] for line in read_rows(folder / PROFILES_CSV, ("function",))}


def functions_without_profile(
    staff: Sequence[StaffMember], profiles: dict[str, str], staff_file: Path
) -> list[Problem]:
    """A problem per function of the staff list that no profile has (with the profile meant, when one is close):
    its people are asked every competence, which is rarely what was meant ('Hulpverleners' for 'Hulpverlener')."""
    problems: list[Problem] = []
    seen: set[str] = set()
    for person in staff:
        key = person.function.strip().casefold()
        if key in profiles or key in seen:
            continue
        seen.add(key)
        close = difflib.get_close_matches(key, list(profiles), n=1, cutoff=0.75)
        values = {"function": person.function, "name": person.name}
        if close:
            problems.append(Problem("function-without-profile-suggestion", staff_file.name, "", person.cell,
                                    {**values, "suggestion": profiles[close[0]]}))  # fmt: skip
        else:
            problems.append(Problem("function-without-profile", staff_file.name, "", person.cell, values))
    return problems


def write_staff_workbooks(
    framework: Framework,
    out_dir: Path,
    staff_file: Path,
    profiles_dir: Path | None,
    options: TemplateOptions,
    organisation: str = "",
    force: bool = False,
) -> StaffTemplates:
    """`staff template`: read the staff list, write a personal workbook per person, and name each function the
    profiles do not know (only when profiles are given: without them everyone is asked every competence)."""
    staff = load_staff(staff_file)
    profiles = load_profile_rows(profiles_dir)
    paths = write_workbooks(framework, out_dir, staff_specs(framework, staff, profiles, organisation, options.lang),
                            options, force)  # fmt: skip
    problems = [] if profiles_dir is None else functions_without_profile(staff, profile_functions(profiles_dir),
                                                                          staff_file)  # fmt: skip
    return StaffTemplates(paths, problems)


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
    profiles = load_profile_rows(profiles_dir)
    specs = staff_specs(framework, staff, profiles, organisation, options.lang)
    return write_workbooks(framework, out_dir, specs, options, force)


def read_self_assessment(path: Path, framework: Framework, display: str | None = None) -> OrganisationReading:
    """Read one filled self-assessment workbook (module level: worker processes call it)."""
    return read_organisation_workbook(SELF_READER, path, framework, display)
