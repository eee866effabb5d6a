"""The sector view: positions, function profiles, self-assessments and training maps of many organisations,
folded into running counts per organisation as they are read (pure: no files).

A federation may survey tens of thousands of staff: each workbook is read in a worker process and sent back
as a `SectorReading`, which holds counts of competences and never a name or an answer of its own; the main
process adds it to `SectorCounts` and drops it, so memory grows with organisations x competences, never with
the number of workbooks. Each organisation is a group, shown only at or above the minimum group size.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from curriculum_map.core.texts import text
from curriculum_map.framework.levels import normalise
from curriculum_map.framework.model import Framework
from curriculum_map.organisation.growth import plan_of
from curriculum_map.organisation.privacy import counts_shown, visibility
from curriculum_map.organisation.profile_report import function_profile
from curriculum_map.organisation.profiles import PROFILE_KIND, read_profile_workbook
from curriculum_map.organisation.scales import PROFILE, scale
from curriculum_map.organisation.staff import SELF_KIND, read_self_assessment
from curriculum_map.organisation.training import TRAINING_KIND, read_training_workbook
from curriculum_map.positions.reader import read_positions_workbook
from curriculum_map.workbook.layout import METADATA_SHEET
from curriculum_map.workbook.reading import Reading, Respondent, open_grids, read_metadata

POSITIONS_KIND = "positions"
SCOPE_ORGANISATION, SCOPE_OTHERS, SCOPE_SECTOR = "organisation", "others", "sector"


@dataclass
class SectorReading(Reading):
    """What the sector counts of one workbook: its kind, organisation and competences, never who answered."""

    kind: str = ""
    organisation: str = ""
    asked: tuple[str, ...] = ()  # self-assessment: the competences asked
    needs: tuple[str, ...] = ()  # self-assessment: those with a learning need
    essential: tuple[str, ...] = ()  # function profile: the competences it calls essential
    offered: tuple[str, ...] = ()  # training map: the competences a training is named for
    positions: tuple[tuple[str, str], ...] = ()  # positions: (competence, position id)


def workbook_kind(path: Path) -> str:
    """The kind a workbook says it is in its metadata ('' when it says nothing readable)."""
    try:
        with open_grids(path) as grids:
            metadata = read_metadata(grids.get(METADATA_SHEET)) or {}
    except Exception:  # noqa: BLE001 - the reader of the first guess has named what is wrong with the file
        return ""
    return metadata.get("workbook_kind", "programme")


def read_sector_workbook(path: Path, framework: Framework, display: str | None = None) -> SectorReading:
    """Read one workbook of any organisation kind into its counts (module level: worker processes call it)."""
    reading: Reading = read_self_assessment(path, framework, display)
    if any(p.code == "wrong-workbook-kind" for p in reading.problems):
        readers = {PROFILE_KIND: read_profile_workbook, TRAINING_KIND: read_training_workbook,
                   POSITIONS_KIND: read_positions_workbook}  # fmt: skip
        reader = readers.get(workbook_kind(path))
        if reader is not None:
            reading = reader(path, framework, display)
    return counted(reading, framework)


def counted(reading: Reading, framework: Framework) -> SectorReading:
    """The counts of a reading; its respondent, answers and free texts stay behind in the worker."""
    kind = getattr(reading, "kind", "") or (POSITIONS_KIND if hasattr(reading, "choices") else "")
    organisation = getattr(reading, "organisation", "")
    result = SectorReading(reading.file, reading.path, Respondent(""), reading.language, problems=reading.problems,
                           usable=reading.usable, kind=kind, organisation=organisation)  # fmt: skip
    if not reading.usable:
        return result
    if kind == SELF_KIND:
        plan = plan_of(reading, framework, reading.language)  # type: ignore[arg-type]
        result.asked = tuple(line.item_id for line in plan.lines if line.answered)  # an empty one counts nowhere
        result.needs = tuple(line.item_id for line in plan.lines if line.need)
    elif kind == PROFILE_KIND:
        essential = set(scale(PROFILE).ids("vacancy"))
        profile = function_profile(reading, framework, reading.language)  # type: ignore[arg-type]
        result.essential = tuple(x.item_id for x in profile.lines if x.choice in essential)
    elif kind == TRAINING_KIND:
        answers = getattr(reading, "answers", [])
        result.offered = tuple(dict.fromkeys(a.item_id for a in answers if a.question == "trainings" and a.value))
    elif kind == POSITIONS_KIND:
        result.positions = tuple(getattr(reading, "choices", {}).items())
    return result


@dataclass
class OrganisationCounts:
    """Running counts of one organisation."""

    label: str
    self_assessments: int = 0
    asked: Counter[str] = field(default_factory=Counter)
    needs: Counter[str] = field(default_factory=Counter)
    profiles: int = 0
    essential: Counter[str] = field(default_factory=Counter)
    maps: int = 0
    offered: set[str] = field(default_factory=set)
    positions_respondents: int = 0
    positions: Counter[tuple[str, str]] = field(default_factory=Counter)


@dataclass
class SectorCounts:
    """The running counts of the whole sector: per organisation, plus how many workbooks were read."""

    organisations: dict[str, OrganisationCounts] = field(default_factory=dict)
    workbooks: int = 0
    used: int = 0

    def add(self, reading: SectorReading, unknown: str) -> None:
        """Fold one reading into the counts (the reading can be dropped afterwards)."""
        self.workbooks += 1
        if not reading.usable or not reading.kind:
            return
        self.used += 1
        label = reading.organisation.strip() or unknown
        counts = self.organisations.setdefault(normalise(label), OrganisationCounts(label))
        if reading.kind == SELF_KIND:
            counts.self_assessments += bool(reading.asked)  # a workbook without answers is no respondent
            counts.asked.update(reading.asked)
            counts.needs.update(reading.needs)
        elif reading.kind == PROFILE_KIND:
            counts.profiles += 1
            counts.essential.update(reading.essential)
        elif reading.kind == TRAINING_KIND:
            counts.maps += 1
            counts.offered.update(reading.offered)
        elif reading.kind == POSITIONS_KIND:
            counts.positions_respondents += 1
            counts.positions.update(reading.positions)


@dataclass(frozen=True)
class GroupCounts:
    """One group of the sector view (an organisation, the smaller ones pooled, or the sector)."""

    label: str
    scope: str
    organisations: int
    respondents: int
    asked: Counter[str]
    needs: Counter[str]
    essential: Counter[str]
    offering: Counter[str]  # per competence: organisations whose training map addresses it
    maps: int
    withheld: frozenset[str] = frozenset()  # competences whose need counts are over too few people

    def share(self, item_id: str) -> float:
        return self.needs[item_id] / self.asked[item_id] if self.asked[item_id] else 0.0

    def shows(self, item_id: str) -> bool:
        """Whether this group may show the need counts of a competence (answered by enough people)."""
        return bool(self.asked[item_id]) and item_id not in self.withheld


def pooled(label: str, scope: str, members: Iterable[OrganisationCounts]) -> GroupCounts:
    members = list(members)
    asked, needs, essential, offering = Counter[str](), Counter[str](), Counter[str](), Counter[str]()
    for m in members:
        asked.update(m.asked)
        needs.update(m.needs)
        essential.update(m.essential)
        offering.update(m.offered)
    return GroupCounts(label, scope, len(members), sum(m.self_assessments for m in members), asked, needs, essential,
                       offering, sum(1 for m in members if m.maps))  # fmt: skip


@dataclass
class SectorView:
    """The groups the sector may see, and what the findings are computed from."""

    groups: list[GroupCounts]
    basis: GroupCounts  # the sector, or (when it would give a small group away) the groups shown together
    hidden: int  # organisations whose self-assessments are too few to show on their own
    organisations: list[OrganisationCounts]
    positions: list[tuple[str, str, int, Counter[tuple[str, str]]]]  # (label, scope, respondents, counts)


def sector_view(counts: SectorCounts, minimum: int, lang: str) -> SectorView:
    """The groups to show of the running counts: organisations at or above `minimum` self-assessments."""
    orgs = counts.organisations
    seen = visibility({k: o.self_assessments for k, o in orgs.items()}, minimum)
    groups = [pooled(orgs[k].label, SCOPE_ORGANISATION, [orgs[k]]) for k in seen.shown]
    if seen.pooled_shown:
        groups.append(pooled(text("sector.group.others", lang), SCOPE_OTHERS, [orgs[k] for k in seen.pooled]))
    everyone = pooled(text("sector.group.sector", lang), SCOPE_SECTOR, orgs.values())
    if seen.all_shown:
        groups.insert(0, everyone)
        basis = everyone
    else:
        shown = [orgs[k] for k in seen.shown] + ([orgs[k] for k in seen.pooled] if seen.pooled_shown else [])
        basis = pooled(text("sector.group.shown", lang), SCOPE_SECTOR, shown)
        # what is not personal (profiles, the offer) still counts for every organisation
        basis = GroupCounts(basis.label, basis.scope, basis.organisations, basis.respondents, basis.asked,
                            basis.needs, everyone.essential, everyone.offering, everyone.maps)  # fmt: skip
    groups, basis = withhold_small_counts(groups, basis, minimum)
    return SectorView(groups, basis, len(seen.pooled), list(orgs.values()), positions_groups(counts, minimum, lang))


def withhold_small_counts(
    groups: list[GroupCounts], basis: GroupCounts, minimum: int
) -> tuple[list[GroupCounts], GroupCounts]:
    """Mark per group the competences answered by fewer than `minimum` staff, and those of the whole (the sector
    or the groups shown together) that subtracting the organisations shown would give away."""
    parts = [i for i, g in enumerate(groups) if g.scope != SCOPE_SECTOR]
    hidden: dict[int, set[str]] = {i: set() for i in parts}
    whole: set[str] = set()
    for item in set(basis.asked).union(*(groups[i].asked for i in parts)):
        seen = counts_shown([groups[i].asked[item] for i in parts], basis.asked[item], minimum)
        for i, show in zip(parts, seen.parts, strict=True):
            if not show:
                hidden[i].add(item)
        if not seen.whole:
            whole.add(item)
    basis = replace(basis, withheld=frozenset(whole))
    shown = [replace(g, withheld=frozenset(hidden[i])) if i in hidden else basis for i, g in enumerate(groups)]
    return shown, basis


def positions_groups(counts: SectorCounts, minimum: int, lang: str) -> list[tuple[str, str, int, Counter]]:
    orgs = counts.organisations
    seen = visibility({k: o.positions_respondents for k, o in orgs.items()}, minimum)
    found = [(orgs[k].label, SCOPE_ORGANISATION, orgs[k].positions_respondents, orgs[k].positions) for k in seen.shown]
    if seen.all_shown:
        total: Counter[tuple[str, str]] = Counter()
        for o in orgs.values():
            total.update(o.positions)
        found.insert(0, (text("sector.group.sector", lang), SCOPE_SECTOR,
                         sum(o.positions_respondents for o in orgs.values()), total))  # fmt: skip
    return found
