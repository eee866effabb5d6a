"""`profile read`: the edited profile workbooks as a tidy CSV, a printable A4 page per function and a
vacancy text listing the essential competences (one run's files, in one folder)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from curriculum_map.core.filenames import unique_file_names
from curriculum_map.core.problems import Problem, counts_as_failure
from curriculum_map.core.report_files import PROBLEMS_CSV, PROFILES_CSV
from curriculum_map.core.tables import table
from curriculum_map.core.texts import text
from curriculum_map.framework.model import Framework, framework_output
from curriculum_map.organisation.profiles import read_profile_workbook
from curriculum_map.organisation.reader import OrganisationReading
from curriculum_map.organisation.scales import PROFILE, scale
from curriculum_map.render.csv import write_problems_csv, write_table
from curriculum_map.render.html import render_template
from curriculum_map.render.output import atomic_path, run_folder
from curriculum_map.workbook.ingest import read_workbooks


@dataclass(frozen=True)
class ProfileLine:
    """One competence of a function's profile as the team chose it."""

    item_id: str
    cluster_id: str
    component_id: str
    competence: str
    choice: str  # an option id of the profile scale, '' when left blank
    comment: str
    sheet: str
    cell: str
    comment_cell: str


@dataclass(frozen=True)
class FunctionProfile:
    function: str
    organisation: str
    file: str
    lines: tuple[ProfileLine, ...]

    def of(self, choice: str) -> list[ProfileLine]:
        return [line for line in self.lines if line.choice == choice]


@dataclass
class ProfileResult:
    profiles: list[FunctionProfile] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not counts_as_failure(self.problems)


def function_profile(reading: OrganisationReading, framework: Framework, lang: str) -> FunctionProfile:
    """The profile a reading holds: every row of the workbook, with the choice and explanation typed."""
    component_of = {k.id: k for k in framework.components}
    lines = []
    for row in reading.rows:
        found = {a.question: a for a in reading.answers if a.item_id == row.item_id}
        choice, comment = found.get("choice"), found.get("comment")
        # an unanswered row still names the cell its answer belongs in
        sheet, cell = reading.cells.get((row.item_id, "choice"), ("", ""))
        comment_cell = reading.cells.get((row.item_id, "comment"), ("", ""))[1]
        lines.append(ProfileLine(
            row.item_id, component_of[row.component_id].cluster_id, row.component_id, row.text(framework, lang),
            choice.value if choice else "", comment.value if comment else "", choice.sheet if choice else sheet,
            choice.cell if choice else cell, comment.cell if comment else comment_cell,
        ))  # fmt: skip
    return FunctionProfile(reading.function, reading.organisation, reading.file, tuple(lines))


def collect_profiles(readings: Sequence[OrganisationReading], framework: Framework, lang: str) -> ProfileResult:
    """One profile per function: a second workbook for the same function is named, not used."""
    result = ProfileResult()
    first: dict[str, str] = {}
    for reading in readings:
        result.problems.extend(reading.problems)
        if not reading.usable:
            continue
        key = reading.function.casefold()
        if key in first:
            result.problems.append(
                Problem(
                    "profile-function-twice", reading.file, params={"function": reading.function, "first": first[key]}
                )
            )
            continue
        first[key] = reading.file
        result.profiles.append(function_profile(reading, framework, lang))
    return result


def profile_rows(profiles: Sequence[FunctionProfile], lang: str) -> list[tuple[str, ...]]:
    profile_scale = scale(PROFILE)
    return [
        (p.function, p.organisation, x.item_id, x.cluster_id, x.component_id, x.competence, x.choice,
         profile_scale.label(x.choice, lang), x.comment, p.file, x.sheet, x.cell, x.comment_cell)
        for p in profiles for x in p.lines
    ]  # fmt: skip


def vacancy_text(profile: FunctionProfile, framework: Framework, lang: str) -> str:
    """The competences to emphasise in a vacancy, in plain sentences, grouped by cluster."""
    wanted = set(scale(PROFILE).ids("vacancy"))
    lines = [text("organisation.vacancy.intro", lang, function=role(profile.function, lang))]
    for cluster in framework.clusters:
        chosen = [x for x in profile.lines if x.cluster_id == cluster.id and x.choice in wanted]
        if chosen:
            lines += ["", cluster.name.get(lang)]
            lines += [f"- {sentence(x.competence)}" for x in chosen]
    if len(lines) == 1:
        lines.append(text("organisation.vacancy.none", lang))
    return "\n".join(lines) + "\n"


def role(function: str, lang: str) -> str:
    """The function as the vacancy's first sentence names it: English takes an article and a lower-case role
    ('As a care worker'); an abbreviation ('ICT coach') keeps its capitals."""
    if lang != "en" or not function:
        return function
    word = function if function[:2].isupper() else function[0].lower() + function[1:]
    return ("an " if word[0].lower() in "aeiou" else "a ") + word


def sentence(statement: str) -> str:
    """A competence as a sentence: a capital first letter and a full stop ('weten wat ...' -> 'Weten wat ....')."""
    first = statement.strip().split("\n")[0].rstrip(" .:;")
    return first[:1].upper() + first[1:] + "."


def profile_page(profile: FunctionProfile, framework: Framework, lang: str) -> str:
    """The printable A4 page of one function: essentials and nice-to-haves per cluster, the vacancy text."""
    profile_scale = scale(PROFILE)
    sections = []
    for option in profile_scale.options:
        if not option.flag("asked"):
            continue
        clusters = [(c.name.get(lang), [x.competence for x in profile.of(option.id) if x.cluster_id == c.id])
                    for c in framework.clusters]  # fmt: skip
        sections.append({"label": option.label.get(lang), "clusters": [c for c in clusters if c[1]]})
    not_needed = sum(1 for x in profile.lines if x.choice and not profile_scale.option(x.choice).flag("asked"))
    context = {
        "lang": lang, "t": lambda key, **v: text(key, lang, **v), "profile": profile, "sections": sections,
        "not_needed": not_needed, "open": sum(1 for x in profile.lines if not x.choice),
        "vacancy": vacancy_text(profile, framework, lang), "framework": framework.title.get(lang),
    }  # fmt: skip
    return render_template("profile.html.j2", context)


def text_writer(content: str) -> Callable[[Path], None]:
    """A writer of an output file that holds `content` (UTF-8)."""

    def write(path: Path) -> None:
        path.write_text(content, encoding="utf-8")

    return write


def run_profile_read(
    inputs: Sequence[Path], framework: Framework, out_dir: Path, lang: str, jobs: int | None = None
) -> ProfileResult:
    """Read profile workbooks and write profiles.csv, a page and a vacancy text per function, problems.csv."""
    with run_folder(out_dir, "profiles") as run:
        ingest = read_workbooks(
            inputs, framework, read_profile_workbook, jobs=jobs, exclude=[out_dir], blank=OrganisationReading
        )
        result = collect_profiles(ingest.readings, framework, lang)
        result.problems[:0] = ingest.problems
        stems = unique_file_names([(p.function, "") for p in result.profiles], "")
        outputs: list[tuple[str, Callable[[Path], None]]] = [
            (PROFILES_CSV, lambda path: write_table(path, table("profiles"), profile_rows(result.profiles, lang))),
            (PROBLEMS_CSV, lambda path: write_problems_csv(result.problems, path, lang)),
            framework_output(framework, lang),
        ]
        for stem, profile in zip(stems, result.profiles, strict=True):
            page, vacancy = profile_page(profile, framework, lang), vacancy_text(profile, framework, lang)
            outputs.append((f"profile-{stem}.html", text_writer(page)))
            outputs.append((f"vacancy-{stem}.txt", text_writer(vacancy)))
        for name, write in outputs:
            with atomic_path(run.path(name)) as temporary:
                write(temporary)
        run.publish()
        result.written = [out_dir / name for name, _ in outputs]
    return result
