"""The command line in the user's language: help texts, metavars and click's own words from the catalogue.

Click writes `--help` and usage errors while it parses, before any command has seen its `--lang`,
so the language of a run is decided first, from the command line as it was typed: the last
`--lang` on it, else the environment variable CURRICULUM_MAP_LANG, else Dutch. A language of a
framework that the catalogue does not have (`--lang fr`) gives click's words and the help in English;
the command decides the run's language once it has read the framework (framework/languages.py).

Help texts and metavars are catalogue keys (`help="help.aggregate.out"`), put into words when
click asks for them. Click's own words ("Usage:", "Error: Missing argument ...") go through
gettext's `_()` in each of click's modules; those names are pointed at `gettext` below, which
looks click's English text up among the catalogue's `click.*` entries.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

import click
import click.core
import click.decorators
import click.exceptions
import click.formatting
import click.parser
import click.termui
import click.types
import click.utils

from curriculum_map.core.catalogue import DEFAULT_LANGUAGE, LANGUAGES, entries, interface_language, is_language_tag
from curriculum_map.core.texts import text

LANGUAGE_VARIABLE = "CURRICULUM_MAP_LANG"
_language: list[str] = []  # the language of the run in progress, once decided


def environment_language() -> str:
    """The language CURRICULUM_MAP_LANG asks for ("en", "EN", "en_GB.UTF-8" all mean English), else Dutch."""
    wanted = os.environ.get(LANGUAGE_VARIABLE, "").strip().lower()[:2]
    return wanted if wanted in LANGUAGES else DEFAULT_LANGUAGE


def language_of(args: Sequence[str]) -> str:
    """The language of a run as typed: the last --lang on the command line, else the environment's.

    A language the catalogue does not have (a framework's fr) speaks English until the framework is read.
    """
    chosen = None
    for index, arg in enumerate(args):
        if arg == "--":
            break
        if arg.startswith("--lang="):
            chosen = arg.split("=", 1)[1]
        elif arg == "--lang" and index + 1 < len(args):
            chosen = args[index + 1]
    return interface_language(chosen) if chosen and is_language_tag(chosen) else environment_language()


def use_language(lang: str) -> None:
    """Make `lang` the language of help texts and click's words from now on (English for one the catalogue lacks)."""
    _language[:] = [interface_language(lang)]


def language() -> str:
    """The language of the run in progress (the environment's before a run has started)."""
    return _language[0] if _language else environment_language()


@cache
def _click_words(lang: str) -> dict[str, str]:
    """Click's English text -> its translation in `lang`, from the catalogue's click.* entries."""
    return {entry["en"]: entry.get(lang, entry["en"]) for code, entry in entries().items() if code.startswith("click.")}


def gettext(message: str) -> str:
    """Click's text in the language of the run (click's English when the catalogue has no translation)."""
    lang = language()
    return message if lang == "en" else _click_words(lang).get(message, message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """Click's singular or plural text in the language of the run (Dutch counts like English)."""
    return gettext(singular if count == 1 else plural)


def translate_click() -> None:
    """Point `_` and `ngettext` in click's modules at the versions above (click looks them up each time it speaks)."""
    for module in (
        click.core,
        click.decorators,
        click.exceptions,
        click.formatting,
        click.parser,
        click.termui,
        click.types,
        click.utils,
    ):
        if "_" in vars(module):
            module._ = gettext  # type: ignore[attr-defined]
        if "ngettext" in vars(module):
            module.ngettext = ngettext  # type: ignore[attr-defined]


def _from_catalogue(attribute: str) -> property:
    """An attribute that holds a catalogue key and reads as its text in the language of the run."""

    def get(self: Any) -> str | None:
        key = self.__dict__.get(attribute)
        return text(key, language()) if key else None

    def put(self: Any, key: str | None) -> None:
        self.__dict__[attribute] = key

    return property(get, put)


class _Localised:
    """What the commands and groups of this tool share: help from the catalogue, metavars in the run's language."""

    help = _from_catalogue("help")

    @property
    def options_metavar(self) -> str | None:
        return text("metavar.options", language())

    @options_metavar.setter
    def options_metavar(self, value: str | None) -> None:
        pass  # always [OPTIONS], in words of the run's language

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = text("click.help", language())  # click made it once, in the language of the first run
        return option


class Command(_Localised, click.Command):
    """A command whose help text is a catalogue key."""


class Group(_Localised, click.Group):
    """A group of commands whose help text is a catalogue key; it decides the language before click parses."""

    command_class = Command
    group_class = type  # subgroups are Groups too

    @property
    def subcommand_metavar(self) -> str:
        return text("metavar.command", language())

    @subcommand_metavar.setter
    def subcommand_metavar(self, value: str | None) -> None:
        pass

    def main(self, args: Sequence[str] | None = None, *rest: Any, **extra: Any) -> Any:
        arguments = list(sys.argv[1:] if args is None else args)
        use_language(language_of(arguments))
        return super().main(arguments, *rest, **extra)


class Option(click.Option):
    """An option whose help text and metavar are catalogue keys."""

    help = _from_catalogue("help")
    metavar = _from_catalogue("metavar")


class Argument(click.Argument):
    """An argument whose name in the help (its metavar) is a catalogue key."""

    metavar = _from_catalogue("metavar")


class PathType(click.Path):
    """click.Path giving pathlib paths, that calls itself a file, folder or path in the language of the run."""

    def __init__(self, **kwargs: Any):
        super().__init__(path_type=Path, **kwargs)
        file_only, folder_only = self.file_okay and not self.dir_okay, self.dir_okay and not self.file_okay
        self.__dict__["english_name"] = "file" if file_only else "directory" if folder_only else "path"

    @property
    def name(self) -> str:
        return gettext(self.__dict__.get("english_name", "path"))

    @name.setter
    def name(self, value: str) -> None:
        pass  # click sets it in English words of the moment; the property above translates for each run


class LanguageType(click.ParamType):
    """A language tag (nl, en, fr, pt-BR): which ones a run can use depends on the framework, read later."""

    name = "language"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        if isinstance(value, str) and is_language_tag(value.strip()):
            return value.strip()
        self.fail(text("cli.lang.invalid", language(), value=value), param, ctx)


class IntRange(click.IntRange):
    """click.IntRange that calls itself a whole number in the language of the run."""

    @property
    def name(self) -> str:
        return gettext("integer range")

    @name.setter
    def name(self, value: str) -> None:
        pass


def option(*decls: str, **attrs: Any) -> Any:
    """click.option with help (and metavar) given as catalogue keys."""
    return click.option(*decls, cls=Option, **attrs)


def argument(name: str, metavar: str, **attrs: Any) -> Any:
    """click.argument whose name in the help is the catalogue key `metavar`."""
    return click.argument(name, cls=Argument, metavar=metavar, **attrs)


translate_click()
