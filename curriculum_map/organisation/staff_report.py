"""`staff read`: a growth plan per person in that person's own folder, the team overview (groups only) and
the HR lead's desk (problems, which name files and cells).

    OUT/persons/<name>/growth-plan.html, self-assessment.csv   for that person only
    OUT/team/team.html, training-needs.csv, competence-needs.csv, team-groups.csv, framework.yaml
                                                                to share: no name, no individual answer; what
                                                                `history add` keeps of a team round
    OUT/desk/problems.csv                                       for the HR lead
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from curriculum_map.core.filenames import unique_file_names
from curriculum_map.core.problems import Problem, counts_as_failure
from curriculum_map.core.report_files import (
    COMPETENCE_NEEDS_CSV,
    GROWTH_PLAN_HTML,
    PROBLEMS_CSV,
    SELF_ASSESSMENT_CSV,
    TEAM_GROUPS_CSV,
    TEAM_HTML,
    TRAINING_NEEDS_CSV,
)
from curriculum_map.core.tables import table
from curriculum_map.core.texts import text
from curriculum_map.framework.model import Framework, framework_output
from curriculum_map.organisation.growth import (
    SCOPE_ALL,
    SCOPE_OTHERS,
    CompetenceNeed,
    Plan,
    Team,
    plan_of,
    team_overview,
)
from curriculum_map.organisation.profile_report import text_writer
from curriculum_map.organisation.reader import OrganisationReading
from curriculum_map.organisation.scales import ACQUIRED, PROFILE, RELEVANT, scale
from curriculum_map.organisation.staff import read_self_assessment
from curriculum_map.render.csv import write_problems_csv, write_table
from curriculum_map.render.html import render_template
from curriculum_map.render.output import atomic_path, ensure_folder, run_folder, write_datapackage
from curriculum_map.workbook.ingest import read_workbooks

PERSONS, TEAM, DESK = "persons", "team", "desk"


@dataclass
class StaffResult:
    plans: list[Plan] = field(default_factory=list)
    team: Team = field(default_factory=Team)
    problems: list[Problem] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not counts_as_failure(self.problems)


def person_rows(reading: OrganisationReading, plan: Plan, lang: str) -> list[tuple[str, ...]]:
    """Every answer of one person, one row per answer cell (tidy)."""
    texts = {line.item_id: line for line in plan.lines}
    scales = {"relevant": scale(RELEVANT), "acquired": scale(ACQUIRED)}
    profile = scale(PROFILE)
    rows: list[tuple[str, ...]] = []
    for a in reading.answers:
        line = texts[a.item_id]
        shown = scales[a.question].label(a.value, lang) if a.question in scales else a.value
        rows.append((a.item_id, line.competence, profile.label(line.profile, lang), a.question,
                     a.value if a.question in scales else "", shown, a.sheet, a.cell))  # fmt: skip
    return rows


def growth_page(plan: Plan, framework: Framework, lang: str) -> str:
    cluster_names = {c.id: c.name.get(lang) for c in framework.clusters}
    acquired = scale(ACQUIRED)
    context = {"lang": lang, "t": lambda key, **v: text(key, lang, **v), "plan": plan, "clusters": cluster_names,
               "profile": scale(PROFILE), "acquired": acquired, "first_acquired": acquired.options[0].id}  # fmt: skip
    return render_template("growth-plan.html.j2", context)


def shown(count: int | None) -> object:
    """A count as the tidy tables write it: empty when withheld."""
    return "" if count is None else count


def needs_rows(team: Team, framework: Framework, lang: str) -> list[tuple[object, ...]]:
    components = {k.id: k for k in framework.components}
    return [
        (g.label, g.scope, g.respondents, components[n.component_id].cluster_id, n.component_id,
         f"{n.component_id} {components[n.component_id].kind.label.get(lang)}", shown(n.people), shown(n.needs),
         shown(n.essential), n.asked if not n.withheld else "", "true" if n.withheld else "false")
        for g in team.groups for n in g.needs
    ]  # fmt: skip


def competence_needs_rows(team: Team, framework: Framework) -> list[tuple[object, ...]]:
    """Per group shown and competence asked: how many have a learning need (groups only, as the team sees);
    a count over fewer than the minimum who answered is left empty and marked."""
    clusters = {k.id: k.cluster_id for k in framework.components}
    return [
        (g.label, g.scope, g.respondents, n.item_id, clusters[n.component_id], n.component_id, n.competence,
         shown(n.people), shown(n.essential), n.asked if not n.withheld else "", "true" if n.withheld else "false")
        for g in team.groups for n in g.competences
    ]  # fmt: skip


def group_rows(team: Team, organisation: str, min_respondents: int) -> list[tuple[object, ...]]:
    """The groups shown, with the organisation and the minimum group size of the run (team-groups.csv)."""
    return [(organisation, g.label, g.scope, g.respondents, min_respondents) for g in team.groups]


def organisation_of(readings: Sequence[OrganisationReading]) -> str:
    """The organisation of the workbooks read; several (a pooled read) joined, in the order first met."""
    return " + ".join(dict.fromkeys(r.organisation.strip() for r in readings if r.organisation.strip()))


@dataclass(frozen=True)
class GroupFindings:
    """What stands out in one group: the components and competences with the most colleagues with a need."""

    label: str
    respondents: int
    components: list[tuple[str, int, int]]  # (component, people with a need, people who answered)
    competences: list[CompetenceNeed]
    essential: int  # competences with a need on an essential one


def team_findings(team: Team, framework: Framework, lang: str, top: int = 3) -> list[GroupFindings]:
    """Per group shown, from the counts shown only (a withheld count is in no finding)."""
    clusters = {c.id: c.name.get(lang) for c in framework.clusters}
    components = {k.id: f"{k.id} {k.kind.label.get(lang)} – {clusters[k.cluster_id]}" for k in framework.components}
    found = []
    for group in team.groups:
        needs = sorted((n for n in group.needs if n.people), key=lambda n: -(n.people or 0))[:top]
        competences = [c for c in group.competences if c.people]
        competences.sort(key=lambda c: (-(c.people or 0), -(c.essential or 0)))
        found.append(GroupFindings(group.label, group.respondents,
                                   [(components[n.component_id], n.people or 0, n.asked) for n in needs],
                                   competences[: top + 2], sum(1 for c in competences if c.essential)))  # fmt: skip
    return found


def team_page(team: Team, framework: Framework, lang: str, min_respondents: int) -> str:
    clusters = [(c, [k.id for k in c.components]) for c in framework.clusters]
    context = {"lang": lang, "t": lambda key, **v: text(key, lang, **v), "team": team, "clusters": clusters,
               "minimum": min_respondents, "components": {k.id: k for k in framework.components},
               "findings": team_findings(team, framework, lang)}  # fmt: skip
    return render_template("team.html.j2", context)


def write_person(folder: Path, reading: OrganisationReading, plan: Plan, framework: Framework, lang: str) -> None:
    """The person's own folder: the growth plan and their answers, nothing of anyone else."""
    ensure_folder(folder)
    with atomic_path(folder / GROWTH_PLAN_HTML) as temporary:
        temporary.write_text(growth_page(plan, framework, lang), encoding="utf-8")
    with atomic_path(folder / SELF_ASSESSMENT_CSV) as temporary:
        write_table(temporary, table("self_assessment"), person_rows(reading, plan, lang))
    write_datapackage(folder, [SELF_ASSESSMENT_CSV], "self-assessment")


def publish(folder: Path, kind: str, outputs: Sequence[tuple[str, Callable[[Path], None]]]) -> None:
    with run_folder(folder, kind) as run:
        for name, write in outputs:
            with atomic_path(run.path(name)) as temporary:
                write(temporary)
        run.publish()


def run_staff_read(
    inputs: Sequence[Path],
    framework: Framework,
    out_dir: Path,
    lang: str,
    min_respondents: int = 3,
    jobs: int | None = None,
) -> StaffResult:
    """Read self-assessments; write each growth plan to its person's folder, the team overview and the desk."""
    ingest = read_workbooks(
        inputs, framework, read_self_assessment, jobs=jobs, exclude=[out_dir], blank=OrganisationReading
    )
    result = StaffResult(problems=list(ingest.problems))
    used = []
    for reading in ingest.readings:
        result.problems.extend(reading.problems)
        if reading.usable:
            used.append((reading, plan_of(reading, framework, lang)))
    result.plans = [plan for _, plan in used]
    folders = unique_file_names([(plan.name, plan.respondent_id) for plan in result.plans], "", fallback="persoon")
    for folder, (reading, plan) in zip(folders, used, strict=True):
        write_person(out_dir / PERSONS / folder, reading, plan, framework, lang)
    labels = {SCOPE_OTHERS: text("organisation.team.others", lang), SCOPE_ALL: text("organisation.team.all", lang)}
    result.team = team_overview(result.plans, framework, min_respondents, labels)
    page = team_page(result.team, framework, lang, min_respondents)
    needs = table("training_needs")
    groups = group_rows(result.team, organisation_of([reading for reading, _ in used]), min_respondents)
    publish(out_dir / TEAM, "team", [
        (TEAM_HTML, text_writer(page)),
        (TRAINING_NEEDS_CSV, lambda p: write_table(p, needs, needs_rows(result.team, framework, lang))),
        (COMPETENCE_NEEDS_CSV, lambda p: write_table(p, table("competence_needs"),
                                                    competence_needs_rows(result.team, framework))),
        (TEAM_GROUPS_CSV, lambda p: write_table(p, table("team_groups"), groups)),
        framework_output(framework, lang),  # the history reads the team folder with the framework it was made with
    ])  # fmt: skip
    publish(
        out_dir / DESK,
        "desk",
        [(PROBLEMS_CSV, lambda p: write_problems_csv(result.problems, p, lang))],
    )
    return result
