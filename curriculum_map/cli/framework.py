"""`curriculum-map framework ...`: show, check, start, export and import a competence framework."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from curriculum_map.cli.common import UserError, fail, open_framework, writing_outputs
from curriculum_map.cli.localise import Group, PathType, argument, option
from curriculum_map.cli.options import force_option, framework_option, lang_option, out_file
from curriculum_map.core.texts import text
from curriculum_map.framework.model import FrameworkError

CASE_FORMAT = {"type": click.Choice(["case"]), "default": "case", "show_default": True}


@click.group(cls=Group, help="help.framework")
def framework() -> None:
    """Look at, check, start, export and import a framework."""


@framework.command("show", help="help.framework.show")
@option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="help.framework.show.format",
)
@framework_option
@lang_option
def framework_show(output_format: str, framework_file: Path | None, lang: str) -> None:
    """Print the framework as an outline or as JSON."""
    fw = open_framework(framework_file, lang)
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
@option("--format", "output_format", help="help.framework.case_format", **CASE_FORMAT)
@out_file("help.framework.export.out")
@framework_option
@lang_option
def framework_export(output_format: str, out_file: Path, framework_file: Path | None, lang: str) -> None:
    """Write the framework as a CASE package."""
    from curriculum_map.framework.case import write_case

    fw = open_framework(framework_file, lang)
    with writing_outputs(lang, out_file):
        write_case(fw, out_file)
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


@framework.command("import", help="help.framework.import")
@argument("file", "argument.file", type=PathType(dir_okay=False))
@option("--format", "input_format", help="help.framework.case_format", **CASE_FORMAT)
@out_file("help.framework.import.out")
@option("--depths", default=None, metavar="metavar.depths", help="help.framework.import.depths")
@lang_option
def framework_import(file: Path, input_format: str, out_file: Path, depths: str | None, lang: str) -> None:
    """Read a CASE package into a framework file."""
    from curriculum_map.framework.case import CaseError, read_case_file, write_imported

    chosen = _depths(depths, lang)
    try:
        result = read_case_file(file, chosen)
    except CaseError as exc:
        raise UserError(exc, lang) from None
    for warning in result.warnings:
        click.echo(text("cli.import.warning", lang, file=file, warning=warning), err=True)
    with writing_outputs(lang, out_file):
        write_imported(result, out_file)
    click.echo(str(out_file))
