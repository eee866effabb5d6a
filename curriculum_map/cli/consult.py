"""The consultation round on the framework itself: `consult template`, `consult aggregate`."""

from __future__ import annotations

from pathlib import Path

import click

from curriculum_map.cli.common import (
    UserError,
    check_inputs,
    exit_with,
    framework_language,
    library_errors,
    open_framework,
    print_problems,
    refuse_existing,
    severity_counts,
    writing_outputs,
)
from curriculum_map.cli.localise import Group, PathType, argument, option
from curriculum_map.cli.options import force_option, framework_option, lang_option, names_options, out_folder
from curriculum_map.core.texts import text


@click.group(cls=Group, help="help.consult")
def consult() -> None:
    """The consultation round on the framework."""


@consult.command("template", help="help.consult.template")
@out_folder("help.consult.template.out")
@option("--reviewer", "reviewer_names", multiple=True, metavar="metavar.name", help="help.consult.reviewer")
@option("--organisation", "organisations", multiple=True, metavar="metavar.name", help="help.consult.organisation")
@option("--reviewers", "reviewers_file", type=PathType(dir_okay=False), default=None, help="help.consult.reviewers")
@option("--contact", default=None, metavar="metavar.text", help="help.positions.template.contact")
@force_option("help.option.force.one")
@framework_option
@lang_option
def consult_template(
    out_dir: Path, reviewer_names: tuple[str, ...], organisations: tuple[str, ...], reviewers_file: Path | None,
    contact: str | None, force: bool, framework_file: Path | None, lang: str,
) -> None:  # fmt: skip
    """Write one consultation workbook per reviewer or organisation."""
    from curriculum_map.consult.template import (
        ReviewersListError,
        load_reviewers,
        reviewers_from_options,
        write_consult_templates,
    )
    from curriculum_map.workbook.builder import ExistingFilesError, TemplateOptions

    fw = open_framework(framework_file, lang)
    lang = framework_language(fw, lang)
    reviewers = reviewers_from_options(reviewer_names, organisations)
    if reviewers_file is not None:
        try:
            reviewers += load_reviewers(reviewers_file)
        except ReviewersListError as exc:
            raise UserError(exc, lang) from None
    try:
        with writing_outputs(lang), library_errors(lang):
            paths = write_consult_templates(fw, out_dir, reviewers, TemplateOptions(lang, contact), force)
    except ExistingFilesError as exc:
        refuse_existing(exc.paths, lang)
    for path in paths:
        click.echo(str(path))
    click.echo(text("cli.wrote_templates", lang, count=len(paths), path=out_dir), err=True)
    click.echo(text("cli.consult.template_next", lang, path=out_dir), err=True)


@consult.command("aggregate", help="help.consult.aggregate")
@argument("inputs", "argument.inputs", nargs=-1, required=True, type=PathType())
@out_folder("help.consult.aggregate.out")
@names_options("help.consult.show_names", "help.consult.min_respondents")
@framework_option
@lang_option
def consult_aggregate(
    inputs: tuple[Path, ...], out_dir: Path, show_names: bool, min_respondents: int, framework_file: Path | None,
    lang: str,
) -> None:  # fmt: skip
    """Read the returned consultation workbooks into report.html, revisielijst.xlsx and the tidy tables."""
    from curriculum_map.consult.report import run_consult_aggregate
    from curriculum_map.coverage.html import NameRule

    check_inputs(inputs, lang)
    given = open_framework(framework_file, lang) if framework_file is not None else None
    with writing_outputs(lang), library_errors(lang):
        result = run_consult_aggregate(inputs, given, out_dir, lang, NameRule(show_names, min_respondents))
    lang = framework_language(result.choice.framework, lang)
    print_problems(result.aggregation.problems, lang)
    agg = result.aggregation
    click.echo(text("cli.consult.summary", lang, reviews=len(agg.reviews), flagged=len(agg.ranked()), out=out_dir,
                    **severity_counts(agg.problems)))  # fmt: skip
    exit_with(result.clean)
