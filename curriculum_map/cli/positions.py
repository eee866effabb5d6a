"""The positions workflow: `positions template`, `positions aggregate`, and `gap` (demand meets supply)."""

from __future__ import annotations

from pathlib import Path

import click

from curriculum_map.cli.common import (
    UserError,
    check_inputs,
    exit_with,
    open_framework,
    open_results,
    positions_framework,
    print_problems,
    refuse_existing,
    severity_counts,
    writing_outputs,
)
from curriculum_map.cli.localise import Command, Group, IntRange, PathType, argument, option
from curriculum_map.cli.options import (
    force_option,
    framework_option,
    lang_option,
    out_folder,
    progress,
    reading_options,
)
from curriculum_map.core.texts import text


@click.group(cls=Group, help="help.positions")
def positions() -> None:
    """The positions workflow."""


@positions.command("template", help="help.positions.template")
@out_folder("help.positions.template.out")
@option("--organisation", default=None, metavar="metavar.name", help="help.positions.template.organisation")
@option("--contact", default=None, metavar="metavar.text", help="help.positions.template.contact")
@option("--password", default=None, metavar="metavar.text", help="help.positions.template.password")
@force_option("help.option.force.one")
@framework_option
@lang_option
def positions_template(
    out_dir: Path,
    organisation: str | None,
    contact: str | None,
    password: str | None,
    force: bool,
    framework_file: Path | None,
    lang: str,
) -> None:
    """Write the workbook one staff member fills in."""
    from curriculum_map.coverage.template import ExistingFilesError, TemplateOptions
    from curriculum_map.positions.template import write_positions_template

    fw = positions_framework(framework_file, lang)
    options = TemplateOptions(lang, contact, password)
    try:
        with writing_outputs(lang):
            path = write_positions_template(fw, out_dir, organisation, options, overwrite=force)
    except ExistingFilesError as exc:
        refuse_existing(exc.paths, lang)
    click.echo(str(path))


@positions.command("aggregate", help="help.positions.aggregate")
@argument("inputs", "argument.inputs", nargs=-1, required=True, type=PathType())
@out_folder("help.positions.aggregate.out")
@option(
    "--min-respondents",
    type=IntRange(1, 1000),
    default=3,
    show_default=True,
    help="help.positions.aggregate.min_respondents",
)
@reading_options("help.positions.aggregate.pictures")
@framework_option
@lang_option
def positions_aggregate(
    inputs: tuple[Path, ...],
    out_dir: Path,
    min_respondents: int,
    jobs: int | None,
    quiet: bool,
    pictures: bool,
    framework_file: Path | None,
    lang: str,
) -> None:
    """Aggregate the staff's positions workbooks."""
    from curriculum_map.positions.report import run_positions_aggregate

    fw = positions_framework(framework_file, lang)
    check_inputs(inputs, lang)
    with writing_outputs(lang):
        bar = progress(quiet, lang)
        try:
            result = run_positions_aggregate(inputs, fw, out_dir, lang, min_respondents, jobs, pictures, bar)
        finally:
            bar.close()
    problems = result.aggregation.problems
    if not quiet:
        print_problems(problems, lang)
    alpha = "–" if result.aggregation.alpha is None else f"{result.aggregation.alpha:.2f}"
    click.echo(
        text(
            "cli.positions.summary",
            lang,
            used=len(result.aggregation.used),
            alpha=alpha,
            out=out_dir,
            **severity_counts(problems),
        )
    )
    exit_with(result.clean)


@click.command("gap", cls=Command, help="help.gap")
@argument("programmes", "argument.programmes", type=PathType(exists=True))
@argument("positions_output", "argument.positions", type=PathType(exists=True))
@out_folder("help.gap.out")
@framework_option
@lang_option
def gap(programmes: Path, positions_output: Path, out_dir: Path, framework_file: Path | None, lang: str) -> None:
    """Demand meets supply: what organisations expect of a beginner that a programme hardly covers."""
    from curriculum_map.coverage.results import ResultsError
    from curriculum_map.positions.gap import GAP, find_gaps, load_expectations, write_gaps

    fw = open_framework(framework_file, lang)
    aggregation = open_results(programmes, fw, lang)
    try:
        shares = load_expectations(positions_output, fw)
    except ResultsError as exc:
        raise UserError(exc, lang) from None
    cells = find_gaps(aggregation, shares)
    with writing_outputs(lang):
        write_gaps(aggregation, cells, out_dir, lang)
    click.echo(
        text(
            "cli.gap.summary",
            lang,
            gaps=sum(c.status == GAP for c in cells),
            programmes=len(aggregation.programmes),
            out=out_dir,
        )
    )
