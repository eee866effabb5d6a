"""What every command does the same way: usage errors, loading the framework, writing outputs, showing problems."""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from curriculum_map.cli.localise import use_language
from curriculum_map.core.catalogue import CurriculumMapError
from curriculum_map.core.texts import text
from curriculum_map.framework.model import Framework, FrameworkError, load_framework, report_framework
from curriculum_map.render.output import OutputError

if TYPE_CHECKING:  # for annotations only: --help must stay fast
    from curriculum_map.workbook.choice import Choice
    from curriculum_map.workbook.validation import Validation

MAX_PROBLEMS_SHOWN = 50


class UserError(click.ClickException):
    """A problem the user can fix: one line on stderr ("Fout: ..."), exit status 2."""

    exit_code = 2

    def __init__(self, error: CurriculumMapError, lang: str):
        super().__init__(error.message(lang))
        self.error = error
        self.lang = lang

    def show(self, file: Any = None) -> None:
        click.echo(f"{text('cli.error', self.lang)}: {self.format_message()}", err=True)


def fail(code: str, lang: str, **params: Any) -> NoReturn:
    """Stop with the usage error `code` of the catalogue."""
    raise UserError(CurriculumMapError(code, **params), lang)


@contextmanager
def writing_outputs(lang: str, path: Path | None = None) -> Iterator[None]:
    """Turn a folder or file that cannot be written into a one-line usage error."""
    try:
        yield
    except OutputError as exc:
        raise UserError(exc, lang) from None
    except OSError as exc:
        raise UserError(OutputError(path or exc.filename, exc.strerror or str(exc)), lang) from None


def open_framework(path: Path | None, lang: str) -> Framework:
    """The framework of `--framework` (the built-in one without it), or a usage error naming what is wrong."""
    try:
        return load_framework(path)
    except FrameworkError as exc:
        raise UserError(exc, lang) from None


def framework_language(fw: Framework, lang: str) -> str:
    """The language of the run with `fw`: --lang when the framework (or the tool) has it, else the default.

    Says so on stderr when it is not what was asked, or when the tool's own texts are in another language.
    """
    from curriculum_map.framework.languages import choose_language

    choice = choose_language(fw, lang)
    use_language(choice.interface)
    for note in choice.notes():
        click.echo(note.render(choice.lang), err=True)
    return choice.lang


def say_choice(choice: Choice | None, lang: str) -> str:
    """Say which framework the workbooks were read with, when they chose it; the run's language (with notes)."""
    if choice is None:
        return lang
    if choice.source == "workbooks":
        framework = choice.framework
        click.echo(text("cli.framework_from_workbooks", lang, id=framework.id, version=framework.version), err=True)
    return framework_language(choice.framework, lang)


@contextmanager
def library_errors(lang: str) -> Iterator[None]:
    """An error the library names (a list beside the workbooks that cannot be used, a framework without
    positions) ends the command with its message from the catalogue: exit 2."""
    try:
        yield
    except CurriculumMapError as exc:
        raise UserError(exc, lang) from None


def framework_for_report(path: Path | None, report: Path, lang: str) -> Framework:
    """The framework of `--framework`; without it, the one a report folder was made with (its framework.yaml).

    `report` is the folder or a file in it; a folder of an older version has no framework.yaml: the built-in one.
    """
    if path is not None:
        return open_framework(path, lang)
    try:
        framework = report_framework(report)
    except FrameworkError as exc:
        raise UserError(exc, lang) from None
    if framework.hash != open_framework(None, lang).hash:
        click.echo(text("cli.framework_from_report", lang, id=framework.id, version=framework.version), err=True)
    return framework


def positions_framework(path: Path | None, lang: str) -> Framework:
    """The framework, which must define positions for the positions commands."""
    fw = open_framework(path, lang)
    if not fw.positions:
        fail("cli.no_positions", lang, framework=fw.id)
    return fw


def open_results(path: Path, fw: Framework, lang: str, crosswalk: Any = None, prefill: bool = False) -> Any:
    """The aggregation in a report folder of `aggregate` (of an older version with `crosswalk`), or a usage
    error naming what is wrong. With `prefill`, last year's answers to prefill from (a PreviousAnswers)."""
    from curriculum_map.coverage.results import ResultsError, load_previous, load_results

    try:
        return load_previous(path, fw, crosswalk) if prefill else load_results(path, fw, crosswalk)
    except ResultsError as exc:
        raise UserError(exc, lang) from None


def check_inputs(inputs: Sequence[Path], lang: str) -> None:
    """A file or folder that does not exist is a typing mistake: a usage error before anything is written."""
    from curriculum_map.workbook.inputs import MissingInputs
    from curriculum_map.workbook.inputs import check_inputs as check

    try:
        check(inputs)
    except MissingInputs as exc:
        fail("cli.inputs_missing", lang, paths=", ".join(str(p) for p in exc.paths))


def refuse_existing(paths: Sequence[Path], lang: str) -> NoReturn:
    """Stop because files are in the way that --force would overwrite."""
    fail("cli.existing_files", lang, paths=", ".join(f"'{path}'" for path in paths))


def print_problems(problems: list[Any], lang: str, limit: int | None = MAX_PROBLEMS_SHOWN) -> None:
    """Every problem on stderr (the first `limit`, and how many more)."""
    shown = problems if limit is None else problems[:limit]
    for problem in shown:
        click.echo(problem.render(lang), err=True)
    if len(problems) > len(shown):
        click.echo(text("cli.more_problems", lang, count=len(problems) - len(shown)), err=True)


def severity_counts(problems: list[Any]) -> dict[str, int]:
    """How many errors, warnings and notes, for the summary line."""
    return {
        "errors": sum(p.severity == "error" for p in problems),
        "warnings": sum(p.severity == "warning" for p in problems),
        "notes": sum(p.severity == "info" for p in problems),
    }


def exit_with(clean: bool) -> NoReturn:
    """Exit status 0 when clean, 1 when problems were found."""
    sys.exit(0 if clean else 1)


def print_validation(validation: Validation, lang: str) -> NoReturn:
    """Every problem `validate` found, the summary line, and the exit status (1 when any counts)."""
    print_problems(validation.problems, lang, limit=None)
    counts = severity_counts(validation.problems)
    click.echo(text("cli.validate.summary", lang, files=validation.files, clean=validation.clean, **counts))
    sys.exit(1 if validation.failed else 0)


def open_crosswalk(path: Path | None, fw: Framework, lang: str) -> Any:
    """The crosswalk from an older version to `fw` (None without a file), or a usage error naming what is wrong."""
    if path is None:
        return None
    from curriculum_map.framework.crosswalk import CrosswalkError, load_crosswalk

    try:
        return load_crosswalk(path, fw)
    except CrosswalkError as exc:
        raise UserError(exc, lang) from None
