"""Options several commands share, as small decorators, and the progress bar of the commands that read workbooks."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import click

from curriculum_map.cli.localise import (
    Choice,
    IntRange,
    LanguageType,
    PathType,
    environment_language,
    option,
    use_language,
)
from curriculum_map.core.report_files import PICTURE_FORMATS
from curriculum_map.core.texts import text

Decorator = Callable[[Any], Any]


def _choose_language(ctx: click.Context, param: click.Parameter, value: str | None) -> str:
    """--lang of a command, else --lang before the command, else CURRICULUM_MAP_LANG, else Dutch."""
    if value is None:
        root = ctx.find_root()
        value = (root.params.get("lang") if root is not ctx else None) or environment_language()
    use_language(value)
    return value


def lang_option(function: Any) -> Any:
    """--lang LANGUAGE: nl or en, or a language of the framework (its texts in it, the tool's own in English).

    The command settles the language once it has read the framework (`framework_language` in cli/common.py).
    """
    return option(
        "--lang",
        type=LanguageType(),
        default=None,
        metavar="metavar.lang",
        is_eager=True,  # decided before the other options speak
        callback=_choose_language,
        help="help.option.lang",
    )(function)


def lang_given(ctx: click.Context) -> bool:
    """Whether --lang was typed (on the command or before it), not taken from CURRICULUM_MAP_LANG or the default."""
    from click.core import ParameterSource

    return any(c.get_parameter_source("lang") == ParameterSource.COMMANDLINE for c in (ctx, ctx.find_root()))


def framework_option(function: Any) -> Any:
    """--framework FILE: another framework than the built-in one."""
    return option(
        "--framework",
        "framework_file",
        type=PathType(dir_okay=False),
        default=None,
        help="help.option.framework",
    )(function)


def out_folder(help: str) -> Decorator:
    """--out FOLDER (required), the folder the command writes into."""
    return option("--out", "out_dir", required=True, type=PathType(file_okay=False), help=help)


def out_file(help: str) -> Decorator:
    """--out FILE (required), the file the command writes."""
    return option("--out", "out_file", required=True, type=PathType(dir_okay=False), help=help)


def csv_option(function: Any) -> Any:
    """--csv-delimiter , or ; (or CURRICULUM_MAP_CSV_DELIMITER): the column separator of the CSV files written."""
    from curriculum_map.render.csv import DELIMITER_VARIABLE, DELIMITERS

    return option(
        "--csv-delimiter",
        type=Choice(DELIMITERS),
        default=",",
        show_default=True,
        envvar=DELIMITER_VARIABLE,
        show_envvar=True,
        help="help.option.csv_delimiter",
    )(function)


def copies_option(help: str) -> Decorator:
    """--copies N: without a list of people, N numbered workbooks, so that every respondent returns their own file."""
    return option("--copies", type=IntRange(1, 200), default=1, show_default=True, help=help)


def force_option(help: str) -> Decorator:
    """--force: overwrite files that are in the way."""
    return option("--force", is_flag=True, help=help)


def formats_option(help: str = "help.option.formats") -> Decorator:
    """--format png|svg|pdf, repeatable: the file formats of pictures."""
    return option("--format", "formats", type=Choice(PICTURE_FORMATS), multiple=True, help=help)


def reading_options(pictures_help: str, pictures: bool = True) -> Decorator:
    """--jobs, --quiet and --pictures/--no-pictures (default `pictures`) of commands that read a folder of workbooks."""

    def decorate(function: Any) -> Any:
        for add in reversed(
            (
                option("--jobs", type=IntRange(1, 64), default=None, help="help.option.jobs"),
                option("--quiet", "-q", is_flag=True, help="help.option.quiet"),
                option("--pictures/--no-pictures", default=pictures, show_default=True, help=pictures_help),
            )
        ):
            function = add(function)
        return function

    return decorate


def min_respondents_option(minimum_help: str) -> Decorator:
    """--min-respondents: below this many respondents a group's numbers or names are not shown."""
    return option("--min-respondents", type=IntRange(1, 1000), default=3, show_default=True, help=minimum_help)


def names_options(show_help: str, minimum_help: str) -> Decorator:
    """--show-names and --min-respondents: whether a shared report names people, and from how many on."""

    def decorate(function: Any) -> Any:
        function = min_respondents_option(minimum_help)(function)
        return option("--show-names", is_flag=True, help=show_help)(function)

    return decorate


class Progress:
    """A progress bar on stderr while files are read: files done, files with problems, time left.

    Silent unless `enabled` (a terminal, and no --quiet), so scripts and CI logs stay clean.
    """

    def __init__(self, enabled: bool, lang: str, file: Any = None):
        self.enabled = enabled
        self.lang = lang
        self.file = file
        self.bar: Any = None
        self.with_problems = 0

    def __call__(self, reading: Any, total: int) -> None:
        if not self.enabled:
            return
        if self.bar is None:
            self.bar = click.progressbar(
                length=total,
                label=text("cli.progress", self.lang),
                show_eta=True,
                show_pos=True,
                file=self.file or sys.stderr,
                item_show_func=lambda _: text("cli.progress.problems", self.lang, count=self.with_problems),
            )
            self.bar.__enter__()
        from curriculum_map.core.problems import counts_as_failure

        self.with_problems += counts_as_failure(reading.problems)
        self.bar.update(1, reading)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


def progress(quiet: bool, lang: str) -> Progress:
    """The progress bar of a reading command: shown on a terminal, unless --quiet."""
    return Progress(not quiet and sys.stderr.isatty(), lang)
