"""The programme workflow: `template`, `validate`, `aggregate`, `heatmap` and `compare`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from curriculum_map.cli.common import (
    UserError,
    check_inputs,
    exit_with,
    fail,
    framework_for_report,
    framework_language,
    library_errors,
    open_crosswalk,
    open_framework,
    open_results,
    print_problems,
    print_validation,
    refuse_existing,
    say_choice,
    severity_counts,
    writing_outputs,
)
from curriculum_map.cli.history import (
    add_after_run,
    crosswalk_option,
    history_option,
    round_options,
    round_target,
    rounds_to_compare,
)
from curriculum_map.cli.localise import Choice, Command, PathType, argument, option
from curriculum_map.cli.options import (
    copies_option,
    csv_option,
    force_option,
    formats_option,
    framework_option,
    lang_option,
    names_options,
    out_folder,
    progress,
    reading_options,
)
from curriculum_map.core.texts import text

if TYPE_CHECKING:  # imported for annotations only: --help must stay fast
    from curriculum_map.framework.model import Framework
    from curriculum_map.workbook.courses import Courses
    from curriculum_map.workbook.roster import Roster, RosterStatus


@click.command("template", cls=Command, help="help.template")
@out_folder("help.template.out")
@option("--programme", "programme_names", multiple=True, metavar="metavar.name", help="help.template.programme")
@option("--contact", default=None, metavar="metavar.text", help="help.option.contact")
@option("--password", default=None, metavar="metavar.text", help="help.template.password")
@option("--prefill", type=PathType(exists=True), default=None, help="help.template.prefill")
@crosswalk_option("help.template.crosswalk")
@option("--deadline", default=None, metavar="metavar.text", help="help.template.deadline")
@option("--roster", "roster_file", type=PathType(dir_okay=False), default=None, help="help.option.roster")
@option("--courses", "courses_file", type=PathType(dir_okay=False), default=None, help="help.option.courses")
@option("--scope", type=Choice(["opleiding", "eigen"]), default="opleiding", help="help.template.scope")
@copies_option("help.template.copies")
@force_option("help.template.force")
@framework_option
@lang_option
def template(
    out_dir: Path,
    programme_names: tuple[str, ...],
    contact: str | None,
    password: str | None,
    prefill: Path | None,
    crosswalk_file: Path | None,
    deadline: str | None,
    roster_file: Path | None,
    courses_file: Path | None,
    scope: str,
    copies: int,
    force: bool,
    framework_file: Path | None,
    lang: str,
) -> None:
    """Write one workbook per programme."""
    from curriculum_map.coverage.template import ExistingFilesError, TemplateOptions, write_templates

    fw = open_framework(framework_file, lang)
    lang = framework_language(fw, lang)
    if not fw.programmes:
        fail("cli.no_programmes", lang, framework=framework_file or fw.id)
    crosswalk = open_crosswalk(crosswalk_file, fw, lang)  # last year's answers of an older version
    previous = open_results(prefill, fw, lang, crosswalk, prefill=True) if prefill is not None else None
    programmes = []
    for name in programme_names:
        programme = fw.find_programme(name)
        if programme is None:
            fail("cli.unknown_programme", lang, name=name, choices=", ".join(p.name.get(lang) for p in fw.programmes))
        programmes.append(programme)
    courses = open_courses(courses_file, fw, lang) if courses_file is not None else None
    options = TemplateOptions(
        lang,
        contact,
        password,
        deadline=deadline,
        scope=scope,
        courses=courses,
        previous=previous.aggregation if previous is not None else None,
        changed=crosswalk.changes if crosswalk is not None else None,
        merged=previous.merged if previous is not None else (),
    )
    try:
        with writing_outputs(lang):
            roster = open_roster(roster_file, fw, lang) if roster_file is not None else None
            result = write_templates(fw, out_dir, programmes, options, overwrite=force, roster=roster, copies=copies)
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
    from curriculum_map.coverage.reader import read_workbook
    from curriculum_map.workbook.validation import validate_workbooks

    check_inputs(files, lang)
    given = open_framework(framework_file, lang) if framework_file is not None else None
    validation = validate_workbooks(files, given, read_workbook)
    lang = say_choice(validation.choice, lang)
    print_validation(validation, lang)


@click.command("aggregate", cls=Command, help="help.aggregate")
@argument("inputs", "argument.inputs", nargs=-1, required=True, type=PathType())
@out_folder("help.aggregate.out")
@option("--strict", is_flag=True, help="help.aggregate.strict")
@names_options("help.aggregate.show_names", "help.aggregate.min_respondents")
@reading_options("help.aggregate.pictures", pictures=False)
@option("--crosswalk", "crosswalk_file", type=PathType(dir_okay=False), default=None, help="help.aggregate.crosswalk")
@option("--roster", "roster_file", type=PathType(dir_okay=False), default=None, help="help.option.roster")
@option("--courses", "courses_file", type=PathType(dir_okay=False), default=None, help="help.option.courses")
@round_options
@csv_option
@framework_option
@lang_option
def aggregate(
    inputs: tuple[Path, ...],
    out_dir: Path,
    strict: bool,
    show_names: bool,
    min_respondents: int,
    jobs: int | None,
    quiet: bool,
    pictures: bool,
    crosswalk_file: Path | None,
    roster_file: Path | None,
    courses_file: Path | None,
    history_file: Path | None,
    round_label: str | None,
    csv_delimiter: str,
    framework_file: Path | None,
    lang: str,
) -> None:
    """Aggregate filled workbooks into a coverage report."""
    from curriculum_map.coverage.html import NameRule
    from curriculum_map.coverage.report import run_aggregate

    check_inputs(inputs, lang)
    given = open_framework(framework_file, lang) if framework_file is not None else None
    target = round_target(history_file, round_label, out_dir, lang)  # checked before any workbook is read
    with writing_outputs(lang), library_errors(lang):
        bar = progress(quiet, lang)
        try:
            result = run_aggregate(
                inputs,
                given,
                out_dir,
                lang=lang,
                strict=strict,
                jobs=jobs,
                pictures=pictures,
                crosswalk=crosswalk_file,
                on_progress=bar,
                roster=roster_file,
                courses=courses_file,
                csv_delimiter=csv_delimiter,
                names=NameRule(show_names, min_respondents),
            )
        finally:
            bar.close()
    fw = result.aggregation.framework
    lang = say_choice(result.choice, lang)
    if not quiet:
        print_problems(result.problems, lang)
    if result.other_versions:
        click.echo(text("cli.aggregate.versions", lang), err=True)
        for file, version in result.other_versions:
            click.echo(f"  {file}: {version}", err=True)
    if not result.report_written:
        click.echo(text("cli.aggregate.strict", lang), err=True)
    summary = "cli.aggregate.summary" if result.report_written else "cli.aggregate.summary_no_report"
    click.echo(
        text(
            summary,
            lang,
            used=len(result.aggregation.used),
            programmes=len(result.aggregation.programmes),
            out=out_dir,
            **severity_counts(result.problems),
        )
    )
    if result.roster is not None:
        print_roster(result.roster, fw, lang)
    add_after_run(target, out_dir, fw, result.report_written, lang)
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

    fw = framework_for_report(framework_file, responses, lang)
    lang = framework_language(fw, lang)
    aggregation = open_results(responses, fw, lang)
    with writing_outputs(lang):
        ensure_folder(out_dir)
        pictures = render_pictures(aggregation, out_dir, formats or ("png",), lang)
        written = [path for picture in pictures for path in picture.paths]
    for path in written:
        click.echo(str(path))
    click.echo(text("cli.heatmap.summary", lang, count=len(written), out=out_dir), err=True)


@click.command("compare", cls=Command, help="help.compare")
@argument("old", "argument.old")
@argument("new", "argument.new")
@out_folder("help.compare.out")
@formats_option("help.compare.formats")
@history_option("help.compare.history")
@crosswalk_option("help.compare.crosswalk")
@csv_option
@framework_option
@lang_option
def compare(
    old: str,
    new: str,
    out_dir: Path,
    formats: tuple[str, ...],
    history_file: Path | None,
    crosswalk_file: Path | None,
    csv_delimiter: str,
    framework_file: Path | None,
    lang: str,
) -> None:
    """Compare two rounds: what went up, what went down."""
    from curriculum_map.coverage.compare import compare as compare_rounds
    from curriculum_map.coverage.compare import framework_changes
    from curriculum_map.coverage.growth import write_comparison
    from curriculum_map.framework.model import report_framework
    from curriculum_map.render.csv import use_delimiter

    if history_file is not None:  # OLD and NEW are rounds of the history, each with its own framework
        before, after = rounds_to_compare(history_file, old, new, crosswalk_file, lang)
        changed = framework_changes(open_crosswalk(crosswalk_file, after.framework, lang), None, after.framework)
    else:
        check_inputs((Path(old), Path(new)), lang)
        fw = framework_for_report(framework_file, Path(new), lang)
        lang = framework_language(fw, lang)
        crosswalk = open_crosswalk(crosswalk_file, fw, lang)  # OLD of an older version: its ids translated
        before, after = open_results(Path(old), fw, lang, crosswalk), open_results(Path(new), fw, lang)
        say_changed_items(crosswalk, lang)
        changed = framework_changes(crosswalk, report_framework(Path(old)) if crosswalk else None, fw)
    comparison = compare_rounds(before, after, changed)
    with writing_outputs(lang), use_delimiter(csv_delimiter):
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


def open_roster(path: Path, fw: Framework, lang: str) -> Roster:
    """The roster of people to ask, or a usage error naming the row to fix."""
    from curriculum_map.workbook.roster import RosterError, load_roster

    def programme_id(written: str) -> str | None:
        programme = fw.find_programme(written)
        return programme.id if programme is not None else None

    try:
        return load_roster(path, programme_id)
    except RosterError as exc:
        raise UserError(exc, lang) from None


def print_roster(status: RosterStatus, fw: Framework, lang: str) -> None:
    """Response rate per programme, who has not answered (with e-mail), who answered twice, who is not on it."""
    answered, expected = status.rate()
    rate = f"{answered / expected:.0%}" if expected else "–"
    click.echo(text("cli.roster.summary", lang, answered=answered, expected=expected, rate=rate))
    for programme in fw.programmes:
        done, asked = status.rate(programme.id)
        if asked:
            click.echo(
                text("cli.roster.programme", lang, programme=programme.name.get(lang), answered=done, expected=asked)
            )
    names = {p.id: p.name.get(lang) for p in fw.programmes}
    for person in status.missing():
        click.echo(
            text("cli.roster.missing", lang, name=person.name, email=person.email, programme=names[person.group])
        )
    for person in status.doubles():
        click.echo(
            text("cli.roster.double", lang, name=person.name, files=", ".join(status.answered[person.respondent_id]))
        )
    for file, _, name in status.strangers:
        click.echo(text("cli.roster.stranger", lang, name=name, file=file))


def open_courses(path: Path, fw: Framework, lang: str) -> Courses:
    """The programmes' course units, or a usage error naming the row to fix."""
    from curriculum_map.workbook.courses import CoursesError, load_courses

    def programme_id(written: str) -> str | None:
        programme = fw.find_programme(written)
        return programme.id if programme is not None else None

    try:
        return load_courses(path, programme_id)
    except CoursesError as exc:
        raise UserError(exc, lang) from None


def say_changed_items(crosswalk: Any, lang: str) -> None:
    """The items the new version changed (a crosswalk of `framework revise` says which, and how)."""
    if crosswalk is None or not crosswalk.changes:
        return
    known = {"reworded", "moved", "split", "merged", "merged_into", "added"}
    kinds = ", ".join(
        f"{item} ({text(f'compare.change.{kind}', lang) if kind in known else kind})"
        for item, kind in crosswalk.changes.items()
    )
    click.echo(text("cli.compare.changed_items", lang, version=crosswalk.to_version, items=kinds), err=True)
