"""Write a positions aggregate: CSV files, positions.xlsx, pictures and report.html (one run's files)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from curriculum_map.core.catalogue import CurriculumMapError
from curriculum_map.core.problems import counts_as_failure
from curriculum_map.core.report_files import (
    ADDED_CSV,
    POSITION_CHOICES_CSV,
    POSITION_PROFILES_CSV,
    POSITIONS_XLSX,
    PROBLEMS_CSV,
    REPORT_HTML,
    RESPONSES_CSV,
)
from curriculum_map.core.tables import table
from curriculum_map.core.texts import text
from curriculum_map.framework.languages import choose_language
from curriculum_map.framework.model import Framework, Proposal, framework_output, load_framework
from curriculum_map.positions.aggregate import BY_ORGANISATION, PositionsAggregation, aggregate_positions
from curriculum_map.positions.html import render_html
from curriculum_map.positions.lists import load_proposal
from curriculum_map.positions.reader import PositionsReading, read_positions_workbook
from curriculum_map.positions.rows import added_rows, choice_ids, consensus_rows, profile_rows, response_rows
from curriculum_map.positions.tidy import position_tidy_outputs
from curriculum_map.positions.xlsx import write_positions_xlsx
from curriculum_map.render.csv import write_problems_csv, write_table
from curriculum_map.render.output import atomic_path, run_folder
from curriculum_map.workbook.choice import Choice, read_with_chosen_framework
from curriculum_map.workbook.ingest import Ingest, read_workbooks


@dataclass(frozen=True)
class PositionsResult:
    aggregation: PositionsAggregation
    written: list[Path]
    choice: Choice | None = None  # the framework the run read with, and where it came from

    @property
    def clean(self) -> bool:
        return not counts_as_failure(self.aggregation.problems)


@dataclass(frozen=True)
class PositionsReportOptions:
    """How the report is made: language, grouping, names, the proposal to compare with, pictures."""

    lang: str = "nl"
    min_respondents: int = 3
    by: str = BY_ORGANISATION
    show_names: bool = False
    # given on the command line (a file: read against the run's framework); else the workbooks' or framework's
    proposal: Proposal | Path | None = None
    pictures: bool = True


def run_positions_aggregate(
    inputs: Sequence[Path],
    framework: Framework | None,
    out_dir: Path,
    options: PositionsReportOptions | None = None,
    jobs: int | None = None,
    on_progress: Callable[[Any, int], None] | None = None,
) -> PositionsResult:
    """Read positions workbooks, aggregate them and write every output into `out_dir` (one run's files).

    `framework` None: the framework most workbooks carry (see coverage.report.run_aggregate).
    """
    options = options or PositionsReportOptions()
    with run_folder(out_dir, "positions") as run:

        def read(fw: Framework) -> Ingest:
            return read_workbooks(
                inputs,
                fw,
                jobs=jobs,
                reader=read_positions_workbook,
                on_progress=on_progress,
                exclude=[out_dir],
                blank=PositionsReading,
            )

        choice, ingest = read_with_chosen_framework(inputs, framework, load_framework, read, exclude=[out_dir])
        framework = choice.framework
        if not framework.positions:
            raise CurriculumMapError("cli.no_positions", framework=framework.id)
        lang = choose_language(framework, options.lang).lang
        proposal = options.proposal
        if isinstance(proposal, Path):
            proposal = load_proposal(proposal, framework)
        agg = aggregate_positions(
            ingest.readings,
            framework,
            ingest.problems,
            proposal=proposal,
            by=options.by,
            unknown_organisation=text("positions.organisation.unknown", lang),
            all_label=text("positions.group.all", lang),
        )
        rendered = []
        if options.pictures and agg.used:
            # matplotlib is imported only when pictures are drawn
            from curriculum_map.positions.pictures import draw_pictures
            from curriculum_map.render.pictures import render

            rendered = [render(picture, run.staging, ("png",)) for picture in draw_pictures(agg, lang)]
        html = render_html(agg, rendered, lang, options.min_respondents, options.show_names)
        choices, ids = table("position_choices"), choice_ids(framework)
        outputs = [
            (RESPONSES_CSV, lambda p: write_table(p, table("position_responses"), response_rows(agg))),
            (PROBLEMS_CSV, lambda p: write_problems_csv(agg.problems, p, lang)),
            (POSITION_CHOICES_CSV, lambda p: write_table(p, choices, consensus_rows(agg), choice_id=ids)),
            (POSITION_PROFILES_CSV, lambda p: write_table(p, table("position_profiles"), profile_rows(agg))),
            (ADDED_CSV, lambda p: write_table(p, table("added_competences"), added_rows(agg, lang))),
            (POSITIONS_XLSX, lambda p: write_positions_xlsx(agg, p, lang, options.show_names, options.min_respondents)),
            (REPORT_HTML, lambda p: p.write_text(html, encoding="utf-8")),
            *position_tidy_outputs(agg),  # position_consensus.csv and items.csv: the tidy tables the history keeps
            framework_output(framework, lang),
        ]
        for name, write in outputs:
            with atomic_path(run.path(name)) as temporary:
                write(temporary)
        run.publish()
        written = [out_dir / name for name, _ in outputs]
        written += [out_dir / path.name for picture in rendered for path in picture.paths]
        return PositionsResult(aggregation=agg, written=written, choice=choice)
