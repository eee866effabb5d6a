"""`sector aggregate`: the sector view for umbrella organisations, read as a stream.

    OUT/report/sector.html, sector-*.csv   to share: organisations and groups, never a person
    OUT/desk/problems.csv                  for whoever collects the workbooks (file names name people)

Each workbook's counts are folded into the running counts and dropped; each problem is written to the
desk's problems.csv as it arrives. Nothing kept grows with the number of workbooks but their list of paths.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from curriculum_map.core.problems import Problem, counts_as_failure
from curriculum_map.core.report_files import (
    PROBLEMS_CSV,
    SECTOR_COMPETENCES_CSV,
    SECTOR_HTML,
    SECTOR_ORGANISATIONS_CSV,
    SECTOR_POSITIONS_CSV,
)
from curriculum_map.core.tables import table
from curriculum_map.core.texts import text
from curriculum_map.framework.model import Framework
from curriculum_map.organisation.profile_report import text_writer
from curriculum_map.organisation.sector import SectorCounts, SectorView, read_sector_workbook, sector_view
from curriculum_map.organisation.staff_report import publish
from curriculum_map.positions.choices import Scale
from curriculum_map.render.csv import current_delimiter, neutralise, problem_rows, write_table
from curriculum_map.render.html import render_template
from curriculum_map.render.output import atomic_path, run_folder
from curriculum_map.workbook.ingest import collector_paused, iter_files
from curriculum_map.workbook.inputs import expand_inputs

REPORT, DESK = "report", "desk"
TOP = 10  # competences named in each finding


@dataclass
class SectorResult:
    counts: SectorCounts = field(default_factory=SectorCounts)
    view: SectorView | None = None
    problems: list[Problem] = field(default_factory=list)  # about the inputs only; the rest are in the desk file
    severities: dict[str, int] = field(default_factory=lambda: {"error": 0, "warning": 0, "info": 0})

    @property
    def clean(self) -> bool:
        return not counts_as_failure(self.problems) and not self.severities["error"] + self.severities["warning"]


def fold_workbooks(
    files: Sequence[tuple[Path, str]], framework: Framework, lang: str, on_problem: Callable[[Problem], None],
    jobs: int | None = None,
) -> tuple[SectorCounts, dict[str, int]]:  # fmt: skip
    """Read every file and fold it into the counts as it arrives; each problem goes to `on_problem`."""
    counts, severities = SectorCounts(), {"error": 0, "warning": 0, "info": 0}
    unknown = text("positions.organisation.unknown", lang)
    workers = jobs if jobs is not None else min(os.cpu_count() or 1, 8)
    with collector_paused():
        for reading in iter_files(files, framework, read_sector_workbook, workers):
            counts.add(reading, unknown)  # type: ignore[arg-type]
            for problem in reading.problems:
                severities[problem.severity] = severities.get(problem.severity, 0) + 1
                on_problem(problem)
    return counts, severities


def organisation_rows(view: SectorView, minimum: int) -> list[tuple[object, ...]]:
    return [(o.label, o.self_assessments, "true" if o.self_assessments >= minimum else "false", o.profiles,
             o.positions_respondents, o.maps) for o in view.organisations]  # fmt: skip


def competence_rows(view: SectorView, framework: Framework) -> list[tuple[object, ...]]:
    """Per group and competence; the need counts over fewer than the minimum who answered are left empty."""
    clusters = {k.id: k.cluster_id for k in framework.components}
    rows: list[tuple[object, ...]] = []
    for g in view.groups:
        for c in framework.competences:
            shows = g.shows(c.id)
            counts = (g.asked[c.id], g.needs[c.id], round(g.share(c.id), 3)) if shows else ("", "", "")
            rows.append((g.label, g.scope, g.organisations, g.respondents, c.id, clusters[c.component_id],
                         c.component_id, *counts, g.essential[c.id], g.offering[c.id], g.maps,
                         "false" if shows else "true"))  # fmt: skip
    return rows


def position_rows(view: SectorView, framework: Framework, lang: str) -> list[tuple[object, ...]]:
    positions = Scale(framework)
    return [
        (label, scope, respondents, item, position, positions.short(position, lang), count)
        for label, scope, respondents, counts in view.positions
        for (item, position), count in sorted(counts.items())
    ]  # fmt: skip


def findings(view: SectorView, framework: Framework) -> dict[str, Any]:
    """The competences with the largest share of learning needs, and the needed ones the offer covers least."""
    basis = view.basis
    items = [c for c in framework.competences if basis.shows(c.id)]  # never a count over too few people
    largest = sorted(items, key=lambda c: (-basis.share(c.id), -basis.needs[c.id]))[:TOP]
    needs = {c.id: basis.needs[c.id] for c in items}
    needed = [c for c in framework.competences if needs.get(c.id) or basis.essential[c.id]]
    thin = sorted(needed, key=lambda c: (basis.offering[c.id], -needs.get(c.id, 0), -basis.essential[c.id]))[:TOP]
    return {"largest": [c for c in largest if basis.needs[c.id]], "thin": thin, "needs": needs}


def sector_page(view: SectorView, framework: Framework, lang: str, minimum: int) -> str:
    context = {"lang": lang, "t": lambda key, **v: text(key, lang, **v), "view": view, "minimum": minimum,
               "findings": findings(view, framework), "framework": framework,
               "clusters": [(c, [k.id for k in c.components]) for c in framework.clusters]}  # fmt: skip
    return render_template("sector.html.j2", context)


def run_sector_aggregate(
    inputs: Sequence[Path], framework: Framework, out_dir: Path, lang: str, min_respondents: int = 3,
    jobs: int | None = None,
) -> SectorResult:  # fmt: skip
    """Stream every workbook into the sector's counts; write the report (groups only) and the desk."""
    files, input_problems = expand_inputs(inputs, [out_dir])
    result = SectorResult(problems=input_problems)
    if not files:
        result.problems.append(Problem("no-workbooks", ", ".join(str(p) for p in inputs)))
    with run_folder(out_dir / DESK, "desk") as desk:
        with atomic_path(desk.path(PROBLEMS_CSV)) as temporary, temporary.open("w", encoding="utf-8-sig",
                                                                               newline="") as handle:  # fmt: skip
            writer = csv.writer(handle, delimiter=current_delimiter())
            writer.writerow(table("problems").header())

            def write(problem: Problem) -> None:
                writer.writerows([neutralise(v) for v in row] for row in problem_rows([problem], lang))

            for problem in result.problems:
                write(problem)
            if files:
                result.counts, result.severities = fold_workbooks(files, framework, lang, write, jobs)
        desk.publish()
    view = result.view = sector_view(result.counts, min_respondents, lang)
    publish(out_dir / REPORT, "sector", [
        (SECTOR_HTML, text_writer(sector_page(view, framework, lang, min_respondents))),
        (SECTOR_ORGANISATIONS_CSV, lambda p: write_table(p, table("sector_organisations"),
                                                          organisation_rows(view, min_respondents))),
        (SECTOR_COMPETENCES_CSV, lambda p: write_table(p, table("sector_competences"),
                                                        competence_rows(view, framework))),
        (SECTOR_POSITIONS_CSV, lambda p: write_table(p, table("sector_positions"),
                                                      position_rows(view, framework, lang))),
    ])  # fmt: skip
    return result
