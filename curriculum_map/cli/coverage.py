"""The programme workflow: `template`, `validate`, `aggregate`, `heatmap` and `compare`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from curriculum_map.cli.common import (
    UserError,
    check_inputs,
    exit_with,
    fail,
    framework_for_inputs,
    open_framework,
    open_results,
    print_problems,
    refuse_existing,
    severity_counts,
    writing_outputs,
)
from curriculum_map.cli.localise import Command, PathType, argument, option
from curriculum_map.cli.options import (
    force_option,
    formats_option,
    framework_option,
    lang_option,
    out_folder,
    progress,
    reading_options,
)
from curriculum_map.core.texts import text


@click.command("template", cls=Command, help="help.template")
@out_folder("help.template.out")
@option("--programme", "programme_names", multiple=True, metavar="metavar.name", help="help.template.programme")
@option("--contact", default=None, metavar="metavar.text", help="help.option.contact")
@option("--password", default=None, metavar="metavar.text", help="help.template.password")
@option("--prefill", type=PathType(exists=True), default=None, help="help.template.prefill")
@force_option("help.template.force")
@framework_option
@lang_option
def template(
    out_dir: Path,
    programme_names: tuple[str, ...],
    contact: str | None,
    password: str | None,
    prefill: Path | None,
    force: bool,
    framework_file: Path | None,
    lang: str,
) -> None:
    """Write one workbook per programme."""
    from curriculum_map.coverage.template import ExistingFilesError, TemplateOptions, write_templates

    fw = open_framework(framework_file, lang)
    previous = open_results(prefill, fw, lang) if prefill is not None else None
    programmes = []
    for name in programme_names:
        programme = fw.find_programme(name)
        if programme is None:
            fail("cli.unknown_programme", lang, name=name, choices=", ".join(p.name.get(lang) for p in fw.programmes))
        programmes.append(programme)
    options = TemplateOptions(lang, contact, password, previous)
    try:
        with writing_outputs(lang):
            result = write_templates(fw, out_dir, programmes, options, overwrite=force)
    except ExistingFilesError as exc:
        refuse_existing(exc.paths, lang)
    for written in result.workbooks:
        click.echo(str(written.path))
    click.echo(text("cli.wrote_templates", lang, count=len(result.workbooks), path=out_dir), err=True)


@click.command("validate", cls=Command, help="help.validate")
@argument("files", "argument.files", nargs=-1, required=True, type=PathType())
@framework_option
@lang_option
def validate(files: tuple[Path, ...], framework_file: Path | None, lang: str) -> None:
    """Check filled workbooks before they are sent."""
    from curriculum_map.core.problems import Problem, counts_as_failure
    from curriculum_map.coverage.reader import read_workbook
    from curriculum_map.workbook.inputs import expand_inputs

    check_inputs(files, lang)
    fw = framework_for_inputs(framework_file, files, lang)
    found, problems = expand_inputs(files)
    clean = 0
    for path, shown in found:
        reading = read_workbook(path, fw, str(path) if path in files else shown)
        problems.extend(reading.problems)
        clean += not counts_as_failure(reading.problems)
    if not found:
        problems.append(Problem("no-workbooks", ", ".join(str(p) for p in files)))
    print_problems(problems, lang, limit=None)
    click.echo(text("cli.validate.summary", lang, files=len(found), clean=clean, **severity_counts(problems)))
    sys.exit(1 if counts_as_failure(problems) else 0)


@click.command("aggregate", cls=Command, help="help.aggregate")
@argument("inputs", "argument.inputs", nargs=-1, required=True, type=PathType())
@out_folder("help.aggregate.out")
@option("--strict", is_flag=True, help="help.aggregate.strict")
@reading_options("help.aggregate.pictures")
@option("--crosswalk", "crosswalk_file", type=PathType(dir_okay=False), default=None, help="help.aggregate.crosswalk")
@framework_option
@lang_option
def aggregate(
    inputs: tuple[Path, ...],
    out_dir: Path,
    strict: bool,
    jobs: int | None,
    quiet: bool,
    pictures: bool,
    crosswalk_file: Path | None,
    framework_file: Path | None,
    lang: str,
) -> None:
    """Aggregate filled workbooks into a coverage report."""
    from curriculum_map.coverage.report import run_aggregate

    check_inputs(inputs, lang)
    fw = framework_for_inputs(framework_file, inputs, lang)
    crosswalk = None
    if crosswalk_file is not None:
        from curriculum_map.framework.crosswalk import CrosswalkError, load_crosswalk

        try:
            crosswalk = load_crosswalk(crosswalk_file, fw)
        except CrosswalkError as exc:
            raise UserError(exc, lang) from None
    with writing_outputs(lang):
        bar = progress(quiet, lang)
        try:
            result = run_aggregate(
                inputs,
                fw,
                out_dir,
                lang=lang,
                strict=strict,
                jobs=jobs,
                pictures=pictures,
                crosswalk=crosswalk,
                on_progress=bar,
            )
        finally:
            bar.close()
    if not quiet:
        print_problems(result.problems, lang)
    if result.version_conflict:
        click.echo(text("cli.aggregate.versions", lang), err=True)
        for file, version in result.version_conflict:
            click.echo(f"  {file}: {version}", err=True)
    elif not result.report_written:
        click.echo(text("cli.aggregate.strict", lang), err=True)
    click.echo(
        text(
            "cli.aggregate.summary",
            lang,
            used=len(result.aggregation.used),
            programmes=len(result.aggregation.programmes),
            out=out_dir,
            **severity_counts(result.problems),
        )
    )
    exit_with(result.clean)


@click.command("heatmap", cls=Command, help="help.heatmap")
@argument("responses", "argument.responses", type=PathType(exists=True))
@out_folder("help.heatmap.out")
@formats_option()
@framework_option
@lang_option
def heatmap(responses: Path, out_dir: Path, formats: tuple[str, ...], framework_file: Path | None, lang: str) -> None:
    """Draw the heatmaps of a report folder again."""
    from curriculum_map.coverage.pictures import render_pictures
    from curriculum_map.render.output import ensure_folder

    fw = open_framework(framework_file, lang)
    aggregation = open_results(responses, fw, lang)
    with writing_outputs(lang):
        ensure_folder(out_dir)
        pictures = render_pictures(aggregation, out_dir, formats or ("png",), lang)
        written = [path for picture in pictures for path in picture.paths]
    for path in written:
        click.echo(str(path))
    click.echo(text("cli.heatmap.summary", lang, count=len(written), out=out_dir), err=True)


@click.command("compare", cls=Command, help="help.compare")
@argument("old", "argument.old", type=PathType(exists=True))
@argument("new", "argument.new", type=PathType(exists=True))
@out_folder("help.compare.out")
@formats_option("help.compare.formats")
@framework_option
@lang_option
def compare(
    old: Path, new: Path, out_dir: Path, formats: tuple[str, ...], framework_file: Path | None, lang: str
) -> None:
    """Compare two rounds: what went up, what went down."""
    from curriculum_map.coverage.compare import compare as compare_rounds
    from curriculum_map.coverage.growth import write_comparison

    fw = open_framework(framework_file, lang)
    comparison = compare_rounds(open_results(old, fw, lang), open_results(new, fw, lang))
    with writing_outputs(lang):
        write_comparison(comparison, out_dir, lang, formats or ("png",))
    levels = [c for c in comparison.changes if c.item_type == "component" and c.field == "level"]
    directions = {"gone": text("compare.gone", lang), "new": text("compare.new", lang)}
    for key, programmes in (("cli.compare.dropped", comparison.dropped), ("cli.compare.added", comparison.added)):
        if programmes:
            names = ", ".join(p.name.get(lang) for p in programmes)
            click.echo(text(key, lang, programmes=names, **directions), err=True)
    click.echo(
        text(
            "cli.compare.summary",
            lang,
            programmes=len(comparison.in_both),
            out=out_dir,
            up=sum(c.direction == "up" for c in levels),
            down=sum(c.direction == "down" for c in levels),
            same=sum(c.direction == "same" for c in levels),
        )
    )
