"""Write the aggregate outputs into a folder: each file complete or not at all."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from curriculum_map.core.problems import ProblemRecord, counts_as_failure
from curriculum_map.core.report_files import (
    COURSE_MAP_CSV,
    COVERAGE_XLSX,
    DESK_HTML,
    LEARNING_LINES_CSV,
    PROBLEMS_CSV,
    PROMPTS_CSV,
    REPORT_HTML,
    RESPONSES_CSV,
    ROSTER_CSV,
)
from curriculum_map.coverage.aggregate import Aggregation, aggregate
from curriculum_map.coverage.courses import CourseMap, course_map, write_course_map_csv, write_learning_lines_csv
from curriculum_map.coverage.findings import find
from curriculum_map.coverage.html import NO_NAMES, NameRule, render_desk, render_html
from curriculum_map.coverage.prompts import write_prompts_csv
from curriculum_map.coverage.reader import WorkbookReading, read_workbook
from curriculum_map.coverage.responses import response_block, write_responses_csv
from curriculum_map.coverage.roster import roster_status, write_roster_csv
from curriculum_map.coverage.tidy import tidy_outputs
from curriculum_map.coverage.xlsx import write_coverage_xlsx
from curriculum_map.framework.crosswalk import Crosswalk, load_crosswalk
from curriculum_map.framework.languages import LanguageChoice, choose_language
from curriculum_map.framework.model import Framework, framework_output, load_framework
from curriculum_map.render.csv import ResponseSpool, use_delimiter, write_problems_csv
from curriculum_map.render.output import atomic_path, run_folder
from curriculum_map.workbook.choice import Choice, read_with_chosen_framework
from curriculum_map.workbook.courses import Courses, load_courses
from curriculum_map.workbook.ingest import Ingest, read_workbooks
from curriculum_map.workbook.roster import Roster, RosterStatus, load_roster


@dataclass(frozen=True)
class AggregateResult:
    """What `aggregate` read, computed and wrote; `clean` is False when problems were found."""

    aggregation: Aggregation
    problems: list[ProblemRecord]
    written: list[Path]
    report_written: bool
    # (file, framework and version) of every workbook of another version: set aside, the others counted
    other_versions: list[tuple[str, str]] = field(default_factory=list)
    roster: RosterStatus | None = None  # who answered, when a roster was given
    course_map: CourseMap | None = None  # course units named with the answers, when course lists were given
    choice: Choice | None = None  # the framework the run read with, and where it came from
    language: LanguageChoice | None = None  # the language of the outputs, and the notes about it

    @property
    def clean(self) -> bool:
        return not counts_as_failure(self.problems)


def run_aggregate(
    inputs: Sequence[Path],
    framework: Framework | None,
    out_dir: Path,
    lang: str = "nl",
    strict: bool = False,
    jobs: int | None = None,
    on_progress: Callable[[Any, int], None] | None = None,
    picture_formats: Sequence[str] = ("png",),
    pictures: bool = False,
    crosswalk: Crosswalk | Path | None = None,
    roster: Roster | Path | None = None,
    csv_delimiter: str = ",",
    courses: Courses | Path | None = None,
    names: NameRule = NO_NAMES,
) -> AggregateResult:
    """Read every workbook, aggregate, and write the CSV files, coverage.xlsx, heatmaps and report.html.

    `framework` None: the framework most workbooks carry (workbook.choice), the built-in one for
    workbooks that carry none. Lists given as paths (crosswalk, roster, courses) are read against the
    framework chosen; `lang` falls back to a language the framework has (`result.language` says so).
    report.html is for the room (names only as `names` allows), desk.html for the coordinator; with
    `pictures`, PNG copies of the maps for e-mail and documents.
    Everything is written into a staging folder and swapped in at the end: `out_dir` always holds
    one run's files (with --strict and a problem, only problems.csv).
    """
    with run_folder(out_dir, "aggregate") as run:
        # the rows of responses.csv are rendered where each workbook is read, and kept here meanwhile
        spool = ResponseSpool(run.path(".rows"), partial(response_block, delimiter=csv_delimiter))
        spool.folder.mkdir()

        def read(fw: Framework) -> Ingest:
            offered = load_crosswalk(crosswalk, fw) if isinstance(crosswalk, Path) else crosswalk
            reader = partial(read_workbook, crosswalk=offered)
            return read_workbooks(
                inputs,
                fw,
                jobs=jobs,
                on_progress=on_progress,
                reader=reader,
                exclude=[out_dir],
                after_read=spool,
                blank=WorkbookReading,
            )

        choice, ingest = read_with_chosen_framework(inputs, framework, load_framework, read, exclude=[out_dir])
        framework = choice.framework
        language = choose_language(framework, lang)
        lang = language.lang
        if isinstance(roster, Path):
            roster = load_roster(roster, framework.programme_id)
        if isinstance(courses, Path):
            courses = load_courses(courses, framework.programme_id)
        aggregation = aggregate(ingest.readings, framework, ingest.problems)
        problems = aggregation.problems
        written: list[Path] = []
        report = not (strict and counts_as_failure(problems))
        outputs = [(PROBLEMS_CSV, lambda p: write_problems_csv(problems, p, lang))]
        # the course links are computed once, here, and handed to every output that shows them
        links = course_map(aggregation, courses) if report and courses is not None else None
        if links is not None:
            problems += links.problems  # course units named that are on no list, or read despite a typo: notes
        status = roster_status(aggregation, roster) if roster is not None else None
        findings = find(aggregation, status)  # once all problems are known; every output shows the same findings
        if report:
            outputs += [
                (RESPONSES_CSV, lambda p: write_responses_csv(aggregation, p, spool)),
                (COVERAGE_XLSX, lambda p: write_coverage_xlsx(aggregation, problems, p, lang, links, status, findings)),
                (PROMPTS_CSV, lambda p: write_prompts_csv(aggregation, p, lang, findings)),
            ]
            outputs += tidy_outputs(aggregation)  # consensus.csv, items.csv, ...: docs/data-dictionary.md
            outputs.append(framework_output(framework, lang))
        if links is not None:
            found, lines = links.links, links.lines
            outputs += [
                (COURSE_MAP_CSV, lambda p: write_course_map_csv(aggregation, found, p)),
                (LEARNING_LINES_CSV, lambda p: write_learning_lines_csv(aggregation, lines, p)),
            ]
        if status is not None:
            outputs.append((ROSTER_CSV, lambda p: write_roster_csv(status, aggregation, p, lang)))
        pictures_done: Callable[[], list[Any]] = list
        if report and pictures and aggregation.programmes:  # nothing to draw without programmes
            from curriculum_map.coverage.pictures import start_rendering

            # drawn in worker processes while the other files are written; the report shows tables, not these
            pictures_done = start_rendering(aggregation, run.staging, picture_formats, lang, jobs=jobs, courses=links)
        if report:
            room = partial(render_html, aggregation, lang, links, status, findings, names)
            desk = partial(render_desk, aggregation, lang, links, status, findings)
            outputs.append((REPORT_HTML, lambda p: p.write_text(room(), encoding="utf-8")))
            outputs.append((DESK_HTML, lambda p: p.write_text(desk(), encoding="utf-8")))
        with use_delimiter(csv_delimiter):  # every CSV file of the run
            for name, write in outputs:
                with atomic_path(run.path(name)) as temporary:
                    write(temporary)
                written.append(out_dir / name)
        written += [out_dir / path.name for picture in pictures_done() for path in picture.paths]
        shutil.rmtree(spool.folder)
        run.publish()
        written = [out_dir / path.name for path in written]
        versions = other_versions(ingest.readings)
        return AggregateResult(aggregation, problems, written, report, versions, status, links, choice, language)


def other_versions(readings: Sequence[WorkbookReading]) -> list[tuple[str, str]]:
    """(file, framework and version) of every workbook of another framework version, set aside by the run."""
    return [
        (reading.file, problem.params["found"])
        for reading in readings
        for problem in reading.problems
        if problem.code == "framework-mismatch"
    ]
