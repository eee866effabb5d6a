"""Function profiles: the workbook a team edits for one function of the organisation, and its suggestion.

From a positions consensus (a `positions aggregate` folder): each competence is suggested essential,
nice-to-have or not needed from how far its consensus position lies after the function's position (the
rule is data: `suggest_max_steps` in data/organisation.yaml); the organisation's own competences from
that report are rows of their own. From scratch: every competence, nothing suggested.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from curriculum_map.core.filenames import unique_file_names
from curriculum_map.core.report_files import ADDED_CSV
from curriculum_map.core.texts import text
from curriculum_map.coverage.results import ResultsError, read_rows
from curriculum_map.framework.levels import normalise
from curriculum_map.framework.model import NOT_APPLICABLE, Framework
from curriculum_map.organisation.reader import Kind, OrganisationReading, read_organisation_workbook
from curriculum_map.organisation.scales import PROFILE, OptionScale, scale
from curriculum_map.organisation.sheet import OWN_PREFIX, Question, SheetRow, WorkbookSpec, write_workbooks
from curriculum_map.positions.choices import ChoiceParser, Scale
from curriculum_map.positions.results import load_positions_results
from curriculum_map.workbook.builder import TemplateOptions
from curriculum_map.workbook.layout import SheetLayout

PROFILE_KIND = "profile"
PROFILE_LAYOUT = SheetLayout("profile", "competence", ("id", "competence", "consensus", "choice", "comment"), 7)
PROFILE_QUESTIONS = (Question("choice", scale(PROFILE)), Question("comment"))


@dataclass(frozen=True)
class OwnCompetence:
    """A competence the organisation added in its positions workbooks, with the position chosen for it."""

    component_id: str
    text: str
    position: str  # a position id, 'n/a', or ''


@dataclass(frozen=True)
class Consensus:
    """What a positions report says for one group: the consensus position per competence, own competences."""

    group: str
    positions: dict[str, str]
    own: tuple[OwnCompetence, ...] = ()


@dataclass(frozen=True)
class ProfileRequest:
    """One run of `profile template`: the functions, the organisation, and the function's position."""

    functions: tuple[str, ...]
    organisation: str = ""
    position: str = ""  # the position id the function is at (suggestions need it with a consensus)
    consensus: Consensus | None = None
    extra: dict[str, str] = field(default_factory=dict)


def load_consensus(folder: Path, framework: Framework, organisation: str = "") -> Consensus:
    """The consensus of `organisation` in a positions report folder (all together when empty or not a group)."""
    results = load_positions_results(folder, framework)
    wanted = normalise(organisation)
    group = next((g for g in results.groups if wanted and normalise(g.label) == wanted), results.overall)
    positions = {item: c.consensus for item, c in group.competences.items() if c.consensus}
    return Consensus(group.label, positions, _own_competences(folder, framework, group.organisations))


def _own_competences(folder: Path, framework: Framework, organisations: Sequence[str]) -> tuple[OwnCompetence, ...]:
    path = folder / ADDED_CSV
    if not path.is_file():
        return ()
    try:
        rows = read_rows(path, ("organisation", "component_id", "competence", "choice"))
    except ResultsError:
        return ()
    parser, components = ChoiceParser(framework), {k.id for k in framework.components}
    found: dict[tuple[str, str], OwnCompetence] = {}
    for row in rows:
        key = (row["component_id"], normalise(row["competence"]))
        if row["organisation"] in organisations and key[0] in components and key not in found:
            choice = parser.parse(row["choice"]).choice or ""
            found[key] = OwnCompetence(row["component_id"], row["competence"].strip(), choice)
    return tuple(found.values())


def suggest(profile: OptionScale, positions: Scale, consensus: str, position: str) -> str:
    """The option suggested for a competence whose consensus is `consensus`, for a function at `position`."""
    if not consensus or not position:
        return ""
    steps = positions.rank(consensus) - positions.rank(position)
    for option in profile.options:
        limit = option.flag("suggest_max_steps")
        if limit is not None and consensus != NOT_APPLICABLE and steps <= limit:
            return option.id
    return next((o.id for o in profile.options if o.flag("suggest_max_steps") is None), "")


def profile_rows(framework: Framework, request: ProfileRequest, lang: str) -> tuple[SheetRow, ...]:
    """Every competence in the framework's order, each component followed by the organisation's own ones."""
    positions, profile = Scale(framework), scale(PROFILE)
    consensus = request.consensus
    rows: list[SheetRow] = []
    for component in framework.components:
        for competence in component.competences:
            found = consensus.positions.get(competence.id, "") if consensus else ""
            rows.append(_row(competence.id, component.id, "", found, positions, profile, request.position, lang))
        own = [o for o in (consensus.own if consensus else ()) if o.component_id == component.id]
        for number, item in enumerate(own, 1):
            row_id = f"{component.id}.{OWN_PREFIX}{number}"
            rows.append(
                _row(row_id, component.id, item.text, item.position, positions, profile, request.position, lang)
            )
    return tuple(rows)


def _row(
    item_id: str, component_id: str, own: str, found: str, positions: Scale, profile: OptionScale, at: str, lang: str
) -> SheetRow:
    locked = positions.short(found, lang) if found else ""
    return SheetRow(item_id, component_id, own, locked, suggest(profile, positions, found, at), found)


def profile_specs(framework: Framework, request: ProfileRequest, lang: str) -> list[tuple[str, WorkbookSpec]]:
    """A file name and a workbook for each function."""
    rows = profile_rows(framework, request, lang)
    prefix = text("organisation.profile.filename", lang)
    wanted = [(" - ".join(p for p in (prefix, request.organisation, f) if p), "") for f in request.functions]
    names = unique_file_names(wanted, ".xlsx")
    group = request.consensus.group if request.consensus else ""
    specs = []
    for name, function in zip(names, request.functions, strict=True):
        title = text("organisation.profile.title", lang, function=function)
        metadata = (("organisation", request.organisation), ("function", function), ("consensus_of", group),
                    ("function_position", request.position))  # fmt: skip
        specs.append((name, WorkbookSpec(PROFILE_KIND, "sheet.profile", "profile", PROFILE_LAYOUT, PROFILE_QUESTIONS,
                                         rows, title, metadata)))  # fmt: skip
    return specs


def write_profile_templates(
    framework: Framework, out_dir: Path, request: ProfileRequest, options: TemplateOptions, force: bool = False
) -> list[Path]:
    """One profile workbook per function; raises ExistingFilesError (nothing written) when one would be replaced."""
    return write_workbooks(framework, out_dir, profile_specs(framework, request, options.lang), options, force)


PROFILE_READER = Kind(PROFILE_KIND, "sheet.profile", PROFILE_LAYOUT, PROFILE_QUESTIONS)


def read_profile_workbook(path: Path, framework: Framework, display: str | None = None) -> OrganisationReading:
    """Read one filled profile workbook (module level: worker processes call it)."""
    return read_organisation_workbook(PROFILE_READER, path, framework, display)
