"""The organisation workflow: `profile template`, `profile read`, `staff template`, `staff read`."""

from __future__ import annotations

from pathlib import Path

import click

from curriculum_map.cli.common import (
    exit_with,
    fail,
    framework_for_report,
    framework_language,
    library_errors,
    open_framework,
    print_problems,
    refuse_existing,
    severity_counts,
    writing_outputs,
)
from curriculum_map.cli.history import add_team_after_run, round_target, team_round_options
from curriculum_map.cli.localise import Group, IntRange, PathType, argument, option
from curriculum_map.cli.options import force_option, framework_option, lang_option, out_file, out_folder
from curriculum_map.core.texts import text


@click.group(cls=Group, help="help.profile")
def profile() -> None:
    """Function profiles."""


@profile.command("template", help="help.profile.template")
@out_folder("help.profile.template.out")
@option("--function", "functions", multiple=True, required=True, metavar="metavar.name", help="help.profile.function")
@option(
    "--positions",
    "positions_dir",
    type=PathType(file_okay=False, exists=True),
    default=None,
    help="help.profile.positions",
)
@option("--organisation", default="", metavar="metavar.name", help="help.profile.organisation")
@option("--position", default=None, metavar="metavar.name", help="help.profile.position")
@option("--contact", default=None, metavar="metavar.text", help="help.positions.template.contact")
@force_option("help.option.force.one")
@framework_option
@lang_option
def profile_template(
    out_dir: Path, functions: tuple[str, ...], positions_dir: Path | None, organisation: str, position: str | None,
    contact: str | None, force: bool, framework_file: Path | None, lang: str,
) -> None:  # fmt: skip
    """Write one profile workbook per function."""
    from curriculum_map.organisation.profiles import ProfileRequest, load_consensus, write_profile_templates
    from curriculum_map.positions.choices import ChoiceParser
    from curriculum_map.workbook.builder import ExistingFilesError, TemplateOptions

    fw = open_framework(framework_file, lang)
    lang = framework_language(fw, lang)
    consensus, at = None, ""
    if positions_dir is not None:
        with library_errors(lang):
            consensus = load_consensus(positions_dir, fw, organisation)
        first = fw.positions[0].name.get(lang) if fw.positions else ""
        at = ChoiceParser(fw, lang).parse(position or first).choice or ""
        if not at or at == "n/a":
            fail(
                "cli.profile.unknown_position",
                lang,
                value=position,
                choices=", ".join(p.name.get(lang) for p in fw.positions),
            )
    request = ProfileRequest(tuple(f.strip() for f in functions), organisation.strip(), at, consensus)
    try:
        with writing_outputs(lang):
            paths = write_profile_templates(fw, out_dir, request, TemplateOptions(lang, contact), force)
    except ExistingFilesError as exc:
        refuse_existing(exc.paths, lang)
    for path in paths:
        click.echo(str(path))


@profile.command("read", help="help.profile.read")
@argument("inputs", "argument.inputs", nargs=-1, required=True, type=PathType(exists=True))
@out_folder("help.profile.read.out")
@framework_option
@lang_option
def profile_read(inputs: tuple[Path, ...], out_dir: Path, framework_file: Path | None, lang: str) -> None:
    """Read edited profile workbooks into profiles.csv, a page and a vacancy text per function."""
    from curriculum_map.organisation.profile_report import run_profile_read

    fw = open_framework(framework_file, lang)
    lang = framework_language(fw, lang)
    with writing_outputs(lang), library_errors(lang):
        result = run_profile_read(inputs, fw, out_dir, lang)
    print_problems(result.problems, lang)
    click.echo(
        text(
            "cli.profile.summary", lang, profiles=len(result.profiles), out=out_dir, **severity_counts(result.problems)
        )
    )
    exit_with(result.clean)


@click.group(cls=Group, help="help.staff")
def staff() -> None:
    """Self-assessment and growth plans."""


@staff.command("template", help="help.staff.template")
@out_folder("help.staff.template.out")
@option("--staff", "staff_file", type=PathType(dir_okay=False), required=True, help="help.staff.staff")
@option(
    "--profiles", "profiles_dir", type=PathType(file_okay=False, exists=True), default=None, help="help.staff.profiles"
)
@option("--organisation", default="", metavar="metavar.name", help="help.organisation.name")
@option("--contact", default=None, metavar="metavar.text", help="help.positions.template.contact")
@force_option("help.option.force.one")
@framework_option
@lang_option
def staff_template(
    out_dir: Path, staff_file: Path, profiles_dir: Path | None, organisation: str, contact: str | None, force: bool,
    framework_file: Path | None, lang: str,
) -> None:  # fmt: skip
    """Write one personal self-assessment workbook per person on the staff list."""
    from curriculum_map.organisation.staff import write_staff_workbooks
    from curriculum_map.workbook.builder import ExistingFilesError, TemplateOptions

    fw = open_framework(framework_file, lang)
    lang = framework_language(fw, lang)
    try:
        with writing_outputs(lang), library_errors(lang):
            options = TemplateOptions(lang, contact)
            result = write_staff_workbooks(fw, out_dir, staff_file, profiles_dir, options, organisation.strip(), force)
    except ExistingFilesError as exc:
        refuse_existing(exc.paths, lang)
    for path in result.paths:
        click.echo(str(path))
    print_problems(result.problems, lang)
    exit_with(result.clean)


@staff.command("read", help="help.staff.read")
@argument("inputs", "argument.inputs", nargs=-1, required=True, type=PathType(exists=True))
@out_folder("help.staff.read.out")
@option("--min-respondents", type=IntRange(1, 1000), default=3, show_default=True, help="help.staff.min_respondents")
@team_round_options
@framework_option
@lang_option
def staff_read(
    inputs: tuple[Path, ...], out_dir: Path, min_respondents: int, history_file: Path | None,
    round_label: str | None, framework_file: Path | None, lang: str,
) -> None:  # fmt: skip
    """Growth plans per person, the team overview of training needs, and the problems for the HR lead."""
    from curriculum_map.organisation.staff_report import TEAM, run_staff_read

    fw = open_framework(framework_file, lang)
    lang = framework_language(fw, lang)
    target = round_target(history_file, round_label, out_dir, lang)  # checked before any workbook is read
    with writing_outputs(lang), library_errors(lang):
        result = run_staff_read(inputs, fw, out_dir, lang, min_respondents)
    print_problems(result.problems, lang)
    groups = len(result.team.groups)
    click.echo(text("cli.staff.summary", lang, plans=len(result.plans), groups=groups, out=out_dir,
                    **severity_counts(result.problems)))  # fmt: skip
    add_team_after_run(target, out_dir / TEAM, fw, lang, written=bool(result.plans))
    exit_with(result.clean)


@staff.command("slides", help="help.staff.slides")
@argument("team_dir", "argument.team", type=PathType(exists=True, file_okay=False))
@out_file("help.slides.out")
@framework_option
@lang_option
def staff_slides(team_dir: Path, out_file: Path, framework_file: Path | None, lang: str) -> None:
    """The team conversation's deck, from the team/ folder of `staff read` (groups only, no names)."""
    from curriculum_map.organisation.slides import write_team_slides

    fw = framework_for_report(framework_file, team_dir, lang)
    lang = framework_language(fw, lang)
    with writing_outputs(lang, out_file), library_errors(lang):
        deck = write_team_slides(team_dir, fw, out_file, lang)
    print_deck(deck.path, deck.slides, lang)


def print_deck(path: Path, slides: int, lang: str) -> None:
    click.echo(str(path))
    count = text("count.slides", lang, count=slides)
    click.echo(text("cli.slides.summary", lang, slides=count, path=path), err=True)


@click.group(cls=Group, help="help.training")
def training() -> None:
    """The training offer."""


@training.command("template", help="help.training.template")
@out_folder("help.training.template.out")
@option("--trainings", "trainings_file", type=PathType(dir_okay=False), required=True, help="help.training.trainings")
@option("--organisation", default="", metavar="metavar.name", help="help.organisation.name")
@option(
    "--profiles", "profiles_dir", type=PathType(file_okay=False, exists=True), default=None,
    help="help.training.profiles",
)  # fmt: skip
@option("--contact", default=None, metavar="metavar.text", help="help.positions.template.contact")
@force_option("help.option.force.one")
@framework_option
@lang_option
def training_template(
    out_dir: Path, trainings_file: Path, organisation: str, profiles_dir: Path | None, contact: str | None,
    force: bool, framework_file: Path | None, lang: str,
) -> None:  # fmt: skip
    """Write the workbook that maps the organisation's trainings to competences."""
    from curriculum_map.organisation.training import load_trainings, write_training_template
    from curriculum_map.workbook.builder import ExistingFilesError, TemplateOptions

    fw = open_framework(framework_file, lang)
    lang = framework_language(fw, lang)
    try:
        with writing_outputs(lang), library_errors(lang):
            offer = load_trainings(trainings_file)
            options = TemplateOptions(lang, contact)
            paths = write_training_template(fw, out_dir, offer, options, organisation.strip(), profiles_dir, force)
    except ExistingFilesError as exc:
        refuse_existing(exc.paths, lang)
    for path in paths:
        click.echo(str(path))


@training.command("read", help="help.training.read")
@argument("inputs", "argument.inputs", nargs=-1, required=True, type=PathType(exists=True))
@option("--trainings", "trainings_file", type=PathType(dir_okay=False), required=True, help="help.training.trainings")
@out_folder("help.training.read.out")
@framework_option
@lang_option
def training_read(
    inputs: tuple[Path, ...], trainings_file: Path, out_dir: Path, framework_file: Path | None, lang: str
) -> None:
    """Read filled training maps into tidy tables."""
    from curriculum_map.organisation.training import load_trainings
    from curriculum_map.organisation.training_report import run_training_read

    fw = open_framework(framework_file, lang)
    lang = framework_language(fw, lang)
    with writing_outputs(lang), library_errors(lang):
        result = run_training_read(inputs, load_trainings(trainings_file), fw, out_dir, lang)
    print_problems(result.problems, lang)
    click.echo(text("cli.training.summary", lang, maps=result.maps, links=len(result.links), out=out_dir,
                    **severity_counts(result.problems)))  # fmt: skip
    exit_with(result.clean)


@training.command("gap", help="help.training.gap")
@option("--map", "map_dir", type=PathType(file_okay=False, exists=True), required=True, help="help.training.gap.map")
@option("--needs", "needs_dir", type=PathType(file_okay=False, exists=True), default=None,
        help="help.training.gap.needs")  # fmt: skip
@option("--profiles", "profiles_dir", type=PathType(file_okay=False, exists=True), default=None,
        help="help.training.gap.profiles")  # fmt: skip
@out_folder("help.training.gap.out")
@framework_option
@lang_option
def training_gap(
    map_dir: Path, needs_dir: Path | None, profiles_dir: Path | None, out_dir: Path, framework_file: Path | None,
    lang: str,
) -> None:  # fmt: skip
    """Needs against offer, from the results of training read, staff read and profile read."""
    from curriculum_map.organisation.offer import run_training_gap

    fw = open_framework(framework_file, lang)
    lang = framework_language(fw, lang)
    if needs_dir is None and profiles_dir is None:
        fail("cli.training.gap.nothing", lang)
    with writing_outputs(lang), library_errors(lang):
        offer = run_training_gap(fw, map_dir, needs_dir, profiles_dir, out_dir, lang)
    click.echo(text("cli.training.gap.summary", lang, gaps=len(offer.gaps), unneeded=len(offer.unneeded),
                    out=out_dir))  # fmt: skip


@click.group(cls=Group, help="help.sector")
def sector() -> None:
    """The view across organisations."""


@sector.command("aggregate", help="help.sector.aggregate")
@argument("inputs", "argument.inputs", nargs=-1, required=True, type=PathType(exists=True))
@out_folder("help.sector.out")
@option("--min-respondents", type=IntRange(1, 1000), default=3, show_default=True, help="help.sector.min_respondents")
@option("--jobs", type=IntRange(1, 64), default=None, help="help.option.jobs")
@framework_option
@lang_option
def sector_aggregate(
    inputs: tuple[Path, ...], out_dir: Path, min_respondents: int, jobs: int | None, framework_file: Path | None,
    lang: str,
) -> None:  # fmt: skip
    """Stream the workbooks of several organisations into the sector view."""
    from curriculum_map.organisation.sector_report import run_sector_aggregate

    fw = open_framework(framework_file, lang)
    lang = framework_language(fw, lang)
    with writing_outputs(lang), library_errors(lang):
        result = run_sector_aggregate(inputs, fw, out_dir, lang, min_respondents, jobs)
    print_problems(result.problems, lang)
    s, groups = result.severities, len(result.view.groups) if result.view else 0
    click.echo(text("cli.sector.summary", lang, workbooks=result.counts.workbooks, groups=groups,
                    organisations=len(result.counts.organisations), out=out_dir, errors=s["error"],
                    warnings=s["warning"], notes=s["info"]))  # fmt: skip
    exit_with(result.clean)


@sector.command("slides", help="help.sector.slides")
@argument("sector_dir", "argument.sector", type=PathType(exists=True, file_okay=False))
@out_file("help.slides.out")
@framework_option
@lang_option
def sector_slides(sector_dir: Path, out_file: Path, framework_file: Path | None, lang: str) -> None:
    """The sector meeting's deck, from the report/ folder of `sector aggregate`."""
    from curriculum_map.organisation.slides import write_sector_slides

    fw = open_framework(framework_file, lang)
    lang = framework_language(fw, lang)
    with writing_outputs(lang, out_file), library_errors(lang):
        deck = write_sector_slides(sector_dir, fw, out_file, lang)
    print_deck(deck.path, deck.slides, lang)
