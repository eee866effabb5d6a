"""`curriculum-map framework ...`: show, check, start, export and import a competence framework."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from curriculum_map.cli.common import UserError, fail, framework_language, open_framework, writing_outputs
from curriculum_map.cli.localise import Choice, Group, PathType, argument, option
from curriculum_map.cli.options import force_option, framework_option, lang_given, lang_option, out_file
from curriculum_map.core.texts import text
from curriculum_map.framework.model import Framework, FrameworkError

CASE_FORMAT = {"type": Choice(["case"]), "default": "case", "show_default": True}
EXPORT_FORMAT = {"type": Choice(["case", "moodle"]), "default": "case", "show_default": True}


@click.group(cls=Group, help="help.framework")
def framework() -> None:
    """Look at, check, start, export and import a framework."""


@framework.command("show", help="help.framework.show")
@option(
    "--format",
    "output_format",
    type=Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="help.framework.show.format",
)
@framework_option
@lang_option
def framework_show(output_format: str, framework_file: Path | None, lang: str) -> None:
    """Print the framework as an outline or as JSON."""
    fw = open_framework(framework_file, lang)
    lang = framework_language(fw, lang)
    if output_format == "json":
        click.echo(json.dumps(fw.to_dict(lang), ensure_ascii=False, indent=2))
        return
    from curriculum_map.render.text import render_framework

    click.echo(render_framework(fw, lang))


@framework.command("validate", help="help.framework.validate")
@argument("file", "argument.file", type=PathType())
@lang_option
def framework_validate(file: Path, lang: str) -> None:
    """List every problem of a framework file with its path in the file."""
    from curriculum_map.framework.check import check_framework_file

    problems = check_framework_file(file)
    for problem in problems:
        click.echo(f"{file}: {problem.render(lang)}")
    if problems:
        click.echo(text("cli.framework.problems", lang, count=len(problems)))
        sys.exit(1)
    fw = open_framework(file, lang)
    counts = {
        "focuses": len(fw.focuses),
        "clusters": len(fw.clusters),
        "components": len(fw.components),
        "competences": len(fw.competences),
        "levels": len(fw.levels),
        "programmes": len(fw.programmes),
        "positions": len(fw.positions),
    }
    click.echo(text("cli.framework.valid", lang, file=file, id=fw.id, version=fw.version, **counts))


@framework.command("new", help="help.framework.new")
@out_file("help.framework.new.out")
@force_option("help.framework.new.force")
@lang_option
def framework_new(out_file: Path, force: bool, lang: str) -> None:
    """Write the starter framework file."""
    from curriculum_map.framework.check import write_new_framework

    try:
        with writing_outputs(lang, out_file):
            write_new_framework(out_file, overwrite=force)
    except FrameworkError as exc:
        raise UserError(exc, lang) from None
    click.echo(str(out_file))


@framework.command("export", help="help.framework.export")
@option("--format", "output_format", help="help.framework.export_format", **EXPORT_FORMAT)
@out_file("help.framework.export.out")
@framework_option
@lang_option
def framework_export(output_format: str, out_file: Path, framework_file: Path | None, lang: str) -> None:
    """Write the framework as a CASE package, or as the CSV file of Moodle's competency framework importer."""
    fw = open_framework(framework_file, lang)
    lang = framework_language(fw, lang)
    with writing_outputs(lang, out_file):
        if output_format == "moodle":
            from curriculum_map.framework.moodle import write_moodle

            write_moodle(fw, out_file, lang)
        else:
            from curriculum_map.framework.case import CaseError, write_case

            # CASE has a package per language; identifiers depend on it, so only a typed --lang changes it
            package_lang = lang if lang_given(click.get_current_context()) else None
            try:
                write_case(fw, out_file, package_lang)
            except CaseError as exc:
                raise UserError(exc, lang) from None
    click.echo(str(out_file))


def _depths(value: str | None, lang: str) -> tuple[int, int, int] | None:
    """--depths F,C,K as three numbers."""
    if value is None:
        return None
    try:
        parts = tuple(int(x) for x in value.split(","))
    except ValueError:
        parts = ()
    if len(parts) != 3:
        fail("case-depths-format", lang)
    return parts


def _types(value: str | None, lang: str) -> dict[str, str] | None:
    """--types TYPE=focus,TYPE=cluster,TYPE=competence as a mapping CFItemType -> role."""
    from curriculum_map.framework.case import TYPE_ROLES

    if value is None:
        return None
    chosen: dict[str, str] = {}
    for part in value.split(","):
        kind, _, role = part.rpartition("=")
        if not kind.strip() or role.strip().lower() not in TYPE_ROLES:
            fail("case-types-format", lang)
        chosen[kind.strip()] = TYPE_ROLES[role.strip().lower()]
    return chosen


def _named(counts: list[tuple[str, int]], lang: str) -> str:
    """'Task Model 3, Stem 6' for the CFItemTypes of a role."""
    if not counts:
        return text("cli.import.no_items", lang)
    return ", ".join(f"{kind or text('cli.import.untyped', lang)} {count}" for kind, count in counts)


def _print_placement(file: Path, placement: Any, lang: str) -> None:
    """What went where: per role the number of items and their CFItemTypes, and what the import added."""
    from curriculum_map.framework.case import ROLES

    associations = ", ".join(f"{kind} {count}" for kind, count in sorted(placement.associations.items()))
    click.echo(
        text(
            "cli.import.summary",
            lang,
            file=file,
            items=placement.items,
            placed=placement.total_placed,
            unplaced=len(placement.unplaced),
            associations=sum(placement.associations.values()),
            types=associations or text("cli.import.no_items", lang),
        )
    )
    for role in ROLES:
        count = placement.count(role)
        if count or role in ("focus", "cluster", "competence"):
            name = text(f"cli.import.role.{role}", lang)
            click.echo(text("cli.import.role", lang, role=name, count=count, types=_named(placement.types(role), lang)))
            if role == "competence" and placement.nested:
                click.echo(text("cli.import.nested", lang, count=placement.nested))
    added = placement.added
    if sum(added.values()):
        click.echo(
            text(
                "cli.import.added",
                lang,
                focuses=added["focus"],
                clusters=added["cluster"],
                components=added["component"],
            )
        )


@framework.command("import", help="help.framework.import")
@argument("file", "argument.file", type=PathType(dir_okay=False))
@option("--format", "input_format", help="help.framework.case_format", **CASE_FORMAT)
@out_file("help.framework.import.out")
@option("--depths", default=None, metavar="metavar.depths", help="help.framework.import.depths")
@option("--types", default=None, metavar="metavar.types", help="help.framework.import.types")
@lang_option
def framework_import(
    file: Path, input_format: str, out_file: Path, depths: str | None, types: str | None, lang: str
) -> None:
    """Read a CASE package into a framework file, say what went where; exit 1 when an item could not be placed."""
    from curriculum_map.framework.case import CaseError, read_case_file, write_imported

    chosen = _depths(depths, lang)
    typed = _types(types, lang)
    try:
        result = read_case_file(file, chosen, typed)
    except CaseError as exc:
        raise UserError(exc, lang) from None
    for warning in result.warnings:
        click.echo(text("cli.import.warning", lang, file=file, warning=warning), err=True)
    with writing_outputs(lang, out_file):
        write_imported(result, out_file)
    if result.placement is not None:
        _print_placement(file, result.placement, lang)
    click.echo(str(out_file))
    if not result.complete:
        sys.exit(1)


@framework.command("revise", help="help.framework.revise")
@option("--decisions", "decisions_file", type=PathType(dir_okay=False, exists=True), required=True,
        help="help.framework.revise.decisions")  # fmt: skip
@option("--out", "out_dir", required=True, type=PathType(file_okay=False), help="help.framework.revise.out")
@option("--version", "new_version", default=None, metavar="metavar.text", help="help.framework.revise.version")
@framework_option
@lang_option
def framework_revise(
    decisions_file: Path, out_dir: Path, new_version: str | None, framework_file: Path | None, lang: str
) -> None:
    """Write the framework's next version from the decisions in a revisielijst, with the crosswalk to it."""
    from curriculum_map.cli.common import exit_with, library_errors, print_problems
    from curriculum_map.consult.revise import run_revise

    fw = open_framework(framework_file, lang)
    lang = framework_language(fw, lang)
    with writing_outputs(lang), library_errors(lang):
        revision = run_revise(decisions_file, fw, out_dir, new_version)
    print_problems(revision.problems, lang)
    if revision.clean:
        say_languages(revision, fw, lang)
        click.echo(text("cli.revise.summary", lang, changes=len(revision.changes), old=fw.version,
                        new=revision.version, out=out_dir))  # fmt: skip
    else:
        click.echo(text("cli.revise.refused", lang, problems=len(revision.problems), out=out_dir))
    exit_with(revision.clean)


def say_languages(revision: Any, fw: Framework, lang: str) -> None:
    """Which language the new texts were stored in, and that their other translations are gone until translated."""
    if revision.language != lang:
        click.echo(text("cli.revise.language_differs", lang, language=revision.language, given=lang), err=True)
    others = [x for x in fw.languages if x != revision.language]
    if revision.new_texts and others:
        click.echo(text("cli.revise.translations_dropped", lang, count=revision.new_texts, language=revision.language,
                        others=", ".join(others)), err=True)  # fmt: skip
