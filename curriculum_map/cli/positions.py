"""The positions workflow: `positions template`, `positions validate`, `positions aggregate`, and `gap`."""

from __future__ import annotations

from pathlib import Path

import click

from curriculum_map.cli.common import (
    UserError,
    check_inputs,
    exit_with,
    fail,
    framework_for_report,
    framework_language,
    library_errors,
    open_results,
    positions_framework,
    print_problems,
    print_validation,
    refuse_existing,
    say_choice,
    severity_counts,
    writing_outputs,
)
from curriculum_map.cli.history import add_after_run, round_options, round_target
from curriculum_map.cli.localise import Choice, Command, Group, PathType, argument, option
from curriculum_map.cli.options import (
    Decorator,
    copies_option,
    force_option,
    framework_option,
    lang_option,
    min_respondents_option,
    out_file,
    out_folder,
    progress,
    reading_options,
)
from curriculum_map.core.texts import text
from curriculum_map.framework.model import Framework, Proposal


@click.group(cls=Group, help="help.positions")
def positions() -> None:
    """The positions workflow."""


def proposal_option(help: str) -> Decorator:
    """--proposal FILE: a proposed position per competence (CSV or workbook)."""
    return option("--proposal", "proposal_file", type=PathType(dir_okay=False), default=None, help=help)


def _proposal(path: Path | None, fw: Framework, lang: str) -> Proposal | None:
    """The proposal in a file, or a usage error naming every line that is wrong."""
    if path is None:
        return None
    from curriculum_map.positions.lists import ListError, load_proposal

    try:
        return load_proposal(path, fw)
    except ListError as exc:
        raise UserError(exc, lang) from None


@positions.command("template", help="help.positions.template")
@out_folder("help.positions.template.out")
@option("--organisation", default=None, metavar="metavar.name", help="help.positions.template.organisation")
@proposal_option("help.positions.template.proposal")
@option(
    "--respondents",
    "respondents_file",
    type=PathType(dir_okay=False),
    default=None,
    help="help.positions.template.respondents",
)
@option("--contact", default=None, metavar="metavar.text", help="help.positions.template.contact")
@option("--password", default=None, metavar="metavar.text", help="help.positions.template.password")
@copies_option("help.positions.template.copies")
@force_option("help.option.force.one")
@framework_option
@lang_option
def positions_template(
    out_dir: Path,
    organisation: str | None,
    proposal_file: Path | None,
    respondents_file: Path | None,
    contact: str | None,
    password: str | None,
    copies: int,
    force: bool,
    framework_file: Path | None,
    lang: str,
) -> None:
    """Write the workbook(s) staff fill in."""
    from curriculum_map.positions.lists import ListError, load_respondents
    from curriculum_map.positions.template import PositionsTemplate, write_positions_templates
    from curriculum_map.workbook.builder import ExistingFilesError, TemplateOptions

    fw = positions_framework(framework_file, lang)
    lang = framework_language(fw, lang)
    proposal = _proposal(proposal_file, fw, lang) or fw.proposal
    try:
        invitees = load_respondents(respondents_file) if respondents_file is not None else []
    except ListError as exc:
        raise UserError(exc, lang) from None
    template = PositionsTemplate((organisation or "").strip(), proposal)
    options = TemplateOptions(lang, contact, password)
    try:
        with writing_outputs(lang):
            paths = write_positions_templates(fw, out_dir, template, options, invitees, overwrite=force, copies=copies)
    except ExistingFilesError as exc:
        refuse_existing(exc.paths, lang)
    for path in paths:
        click.echo(str(path))


@positions.command("validate", help="help.positions.validate")
@argument("files", "argument.files", nargs=-1, required=True, type=PathType())
@framework_option
@lang_option
def positions_validate(files: tuple[Path, ...], framework_file: Path | None, lang: str) -> None:
    """Check filled positions workbooks before they are aggregated."""
    from curriculum_map.positions.reader import read_positions_workbook
    from curriculum_map.workbook.validation import validate_workbooks

    check_inputs(files, lang)
    given = positions_framework(framework_file, lang) if framework_file is not None else None
    validation = validate_workbooks(files, given, read_positions_workbook)
    lang = say_choice(validation.choice, lang)
    print_validation(validation, lang)


@positions.command("aggregate", help="help.positions.aggregate")
@argument("inputs", "argument.inputs", nargs=-1, required=True, type=PathType())
@out_folder("help.positions.aggregate.out")
@min_respondents_option("help.positions.aggregate.min_respondents")
@option(
    "--by",
    type=Choice(["organisation", "all"]),
    default="organisation",
    show_default=True,
    help="help.positions.aggregate.by",
)
@option("--show-names", is_flag=True, help="help.positions.aggregate.show_names")
@proposal_option("help.positions.aggregate.proposal")
@reading_options("help.positions.aggregate.pictures")
@round_options
@framework_option
@lang_option
def positions_aggregate(
    inputs: tuple[Path, ...],
    out_dir: Path,
    min_respondents: int,
    by: str,
    show_names: bool,
    proposal_file: Path | None,
    jobs: int | None,
    quiet: bool,
    pictures: bool,
    history_file: Path | None,
    round_label: str | None,
    framework_file: Path | None,
    lang: str,
) -> None:
    """Aggregate the staff's positions workbooks."""
    from curriculum_map.positions.labels import alpha_text
    from curriculum_map.positions.report import PositionsReportOptions, run_positions_aggregate

    check_inputs(inputs, lang)
    given = positions_framework(framework_file, lang) if framework_file is not None else None
    target = round_target(history_file, round_label, out_dir, lang)  # checked before any workbook is read
    options = PositionsReportOptions(lang, min_respondents, by, show_names, proposal_file, pictures)
    with writing_outputs(lang), library_errors(lang):
        bar = progress(quiet, lang)
        try:
            result = run_positions_aggregate(inputs, given, out_dir, options, jobs, bar)
        finally:
            bar.close()
    agg = result.aggregation
    fw = agg.framework
    lang = say_choice(result.choice, lang)
    if not quiet:
        print_problems(agg.problems, lang)
    click.echo(
        text(
            "cli.positions.summary",
            lang,
            used=len(agg.used),
            organisations=len(agg.organisations),
            alpha=alpha_text(agg.alpha, lang),
            talk=", ".join(f"{g.label} {len(g.conversation)}" for g in agg.talking_groups) or "–",
            out=out_dir,
            **severity_counts(agg.problems),
        )
    )
    add_after_run(target, out_dir, fw, True, lang)
    exit_with(result.clean)


@positions.command("slides", help="help.positions.slides")
@argument("report", "argument.report", type=PathType(exists=True))
@out_file("help.slides.out")
@option("--organisation", default=None, metavar="metavar.name", help="help.positions.slides.organisation")
@min_respondents_option("help.positions.slides.min_respondents")
@framework_option
@lang_option
def positions_slides(
    report: Path, out_file: Path, organisation: str | None, min_respondents: int, framework_file: Path | None, lang: str
) -> None:
    """A 16:9 deck for the consensus conversation, from a report folder of `positions aggregate`."""
    from curriculum_map.coverage.results import ResultsError
    from curriculum_map.framework.levels import normalise
    from curriculum_map.positions.results import load_positions_results
    from curriculum_map.positions.slides import write_positions_slides

    fw = framework_for_report(framework_file, report, lang)
    if not fw.positions:
        fail("cli.no_positions", lang, framework=fw.id)
    lang = framework_language(fw, lang)
    try:
        results = load_positions_results(report, fw)
    except ResultsError as exc:
        raise UserError(exc, lang) from None
    groups = results.talking_groups
    if organisation is not None:
        groups = [g for g in results.groups if normalise(g.label) == normalise(organisation)]
        if not groups:
            choices = ", ".join(g.label for g in results.talking_groups)
            fail("cli.positions.slides.unknown", lang, name=organisation, choices=choices)
    with writing_outputs(lang, out_file):
        count = write_positions_slides(results, out_file, lang, min_respondents, groups)
    click.echo(str(out_file))
    slides = text("count.slides", lang, count=count)
    click.echo(text("cli.slides.summary", lang, slides=slides, path=out_file), err=True)


@click.command("gap", cls=Command, help="help.gap")
@argument("programmes", "argument.programmes", type=PathType(exists=True))
@argument("positions_output", "argument.positions", type=PathType(exists=True))
@out_folder("help.gap.out")
@framework_option
@lang_option
def gap(programmes: Path, positions_output: Path, out_dir: Path, framework_file: Path | None, lang: str) -> None:
    """Demand meets supply: what organisations expect of a beginner that a programme hardly covers."""
    from curriculum_map.coverage.results import ResultsError
    from curriculum_map.positions.gap import GAP, demand_note, find_gaps, load_demand, write_gaps

    fw = framework_for_report(framework_file, programmes, lang)
    lang = framework_language(fw, lang)
    aggregation = open_results(programmes, fw, lang)
    try:
        demand = load_demand(positions_output, fw)
    except ResultsError as exc:
        raise UserError(exc, lang) from None
    cells = find_gaps(aggregation, demand)
    with writing_outputs(lang):
        write_gaps(aggregation, demand, cells, out_dir, lang)
    click.echo(demand_note(demand, lang))
    click.echo(
        text(
            "cli.gap.summary",
            lang,
            gaps=sum(c.status == GAP for c in cells),
            programmes=len(aggregation.programmes),
            out=out_dir,
        )
    )
