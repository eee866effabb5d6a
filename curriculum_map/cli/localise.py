"""The command line in the user's language: help texts, metavars and click's own words from the catalogue.

Click writes `--help` and usage errors while it parses, before any command has seen its `--lang`,
so the language of a run is decided first, from the command line as it was typed: the last
`--lang` on it, else the environment variable CURRICULUM_MAP_LANG, else Dutch. A language of a
framework that the catalogue does not have (`--lang fr`) gives click's words and the help in English;
the command decides the run's language once it has read the framework (framework/languages.py).

Help texts and metavars are catalogue keys (`help="help.aggregate.out"`), put into words when
click asks for them. Click's own words (the catalogue's `click.*` entries) are given to it through
its extension points, never by patching its modules: a context whose help formatter writes
"Gebruik:", commands that write their sections and option notes ("[standaard: ...]"), parameter
types that say why a value is refused, and `show_error`, which writes a usage error from its type
and attributes ("Fout: Ontbrekende optie '--out'."). Tested with the click versions pinned in
pyproject.toml; tests/test_cli.py checks that click's modules keep their own gettext.
"""

from __future__ import annotations

import inspect
import os
import stat
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

import click
from click.exceptions import NoSuchCommand
from click.formatting import HelpFormatter as ClickHelpFormatter

from curriculum_map.core.catalogue import DEFAULT_LANGUAGE, LANGUAGES, interface_language, is_language_tag
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


def words(key: str, **values: Any) -> str:
    """The catalogue's text `key` in the language of the run."""
    return text(key, language(), **values)


def _from_catalogue(attribute: str) -> property:
    """An attribute that holds a catalogue key and reads as its text in the language of the run."""

    def get(self: Any) -> str | None:
        key = self.__dict__.get(attribute)
        return text(key, language()) if key else None

    def put(self: Any, key: str | None) -> None:
        self.__dict__[attribute] = key

    return property(get, put)


# -- help: the formatter, the sections and the notes after an option's help ----------------------------------


class HelpFormatter(ClickHelpFormatter):
    """Click's help formatter, whose usage line starts with "Gebruik:" in Dutch."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, f"{words('click.usage')} " if prefix is None else prefix)


class Context(click.Context):
    """Click's context, formatting help and usage with the formatter above."""

    formatter_class = HelpFormatter


class _Localised(click.Command):
    """What the commands and groups of this tool share: help from the catalogue, click's words in the run's language."""

    context_class = Context
    help = _from_catalogue("help")

    @property
    def options_metavar(self) -> str | None:
        return words("metavar.options")

    @options_metavar.setter
    def options_metavar(self, value: str | None) -> None:
        pass  # always [OPTIONS], in words of the run's language

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = words("click.help")  # click made it once, in its own English
        return option

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The section "Opties:", as click writes it."""
        records = [record for param in self.get_params(ctx) if (record := param.get_help_record(ctx)) is not None]
        if records:
            with formatter.section(words("click.options")):
                formatter.write_dl(records)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Click's parsing; what it says about options used wrongly and extra arguments is said here."""
        strict = not ctx.allow_extra_args
        ctx.allow_extra_args = True  # extra arguments are refused below, in the run's language
        try:
            rest = super().parse_args(ctx, args)
        except click.BadOptionUsage as exc:
            raise click.BadOptionUsage(exc.option_name, _option_misused(self, ctx, exc.option_name), exc.ctx) from None
        finally:
            ctx.allow_extra_args = not strict
        if rest and strict and not ctx.resilient_parsing:
            key = "click.extra-argument" if len(rest) == 1 else "click.extra-argument.plural"
            ctx.fail(words(key, args=" ".join(map(str, rest))))
        return rest


def _option_misused(command: click.Command, ctx: click.Context, name: str) -> str:
    """Why click's parser refused option `name`: a flag given a value, or an option given too few values."""
    found = [param for param in command.get_params(ctx) if name in (*param.opts, *param.secondary_opts)]
    option = found[0] if found and isinstance(found[0], click.Option) else None
    if option is not None and (option.is_flag or option.count):
        return words("click.option-takes-no-value", name=name)
    nargs = option.nargs if option is not None else 1
    return words(
        "click.option-needs-value" if nargs == 1 else "click.option-needs-value.plural", name=name, nargs=nargs
    )


class Command(_Localised):
    """A command whose help text is a catalogue key."""


class Group(_Localised, click.Group):
    """A group of commands whose help text is a catalogue key; it decides the language before click parses.

    Run as click runs a program (`standalone_mode`, as `CliRunner` does), it writes usage errors with
    `show_error`; `curriculum_map.cli.main` runs it without and does the same.
    """

    command_class = Command
    group_class = type  # subgroups are Groups too

    def __init__(
        self,
        name: str | None = None,
        commands: Any = None,
        *,
        invoke_without_command: bool = False,
        no_args_is_help: bool | None = None,
        **kwargs: Any,
    ):
        # Click's own "Missing command." cannot be given another language; a group typed without a command
        # says it itself (click's documented pattern: invoke_without_command and ctx.invoked_subcommand).
        super().__init__(
            name,
            commands,
            invoke_without_command=True,
            no_args_is_help=not invoke_without_command if no_args_is_help is None else no_args_is_help,
            **kwargs,
        )
        self.callback = _needing_a_command(self.callback) if not invoke_without_command else self.callback

    @property
    def subcommand_metavar(self) -> str:
        return words("metavar.command")

    @subcommand_metavar.setter
    def subcommand_metavar(self, value: str | None) -> None:
        pass

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        super().format_options(ctx, formatter)
        self.format_commands(ctx, formatter)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The section "Opdrachten:", each command with the start of its help, as click writes it."""
        commands = [
            (name, command) for name in self.list_commands(ctx) if (command := self.get_command(ctx, name)) is not None
        ]
        shown = [(name, command) for name, command in commands if not command.hidden]
        if shown:
            limit = formatter.width - 6 - max(len(name) for name, _ in shown)
            with formatter.section(words("click.commands")):
                formatter.write_dl([(name, command.get_short_help_str(limit)) for name, command in shown])

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        arguments = list(sys.argv[1:] if args is None else args)
        use_language(language_of(arguments))
        if not standalone_mode:
            return super().main(arguments, prog_name, complete_var, False, **extra)
        try:
            result = super().main(arguments, prog_name, complete_var, False, **extra)
        except click.ClickException as exc:
            show_error(exc)
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo(words("click.aborted"), err=True)
            sys.exit(1)
        # without standalone mode click returns the status of ctx.exit() (--help, --version); commands return None
        sys.exit(result if isinstance(result, int) else 0)


def _needing_a_command(callback: Callable[..., Any] | None) -> Callable[..., Any]:
    """The group's callback, refusing to run the group without one of its commands."""

    def invoke(*args: Any, **kwargs: Any) -> Any:
        ctx = click.get_current_context()
        if ctx.invoked_subcommand is None:
            ctx.fail(words("click.missing-command"))
        return callback(*args, **kwargs) if callback is not None else None

    return invoke


class Option(click.Option):
    """An option whose help text and metavar are catalogue keys."""

    help = _from_catalogue("help")
    metavar = _from_catalogue("metavar")

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        """Click's names and metavar; the help and its notes ("[standaard: ,]", "[verplicht]") from the catalogue."""
        record = super().get_help_record(ctx)
        if record is None:
            return None
        help, notes = self.help or "", self.help_notes(ctx)
        if notes:
            help = f"{help}  [{'; '.join(notes)}]" if help else f"[{'; '.join(notes)}]"
        return record[0], help

    def help_notes(self, ctx: click.Context) -> list[str]:
        """What click notes after the help (environment variable, default, range, required), in words of the run."""
        extra = self.get_help_extra(ctx)
        notes = []
        if "envvars" in extra:
            notes.append(words("click.env-var", var=", ".join(extra["envvars"])))
        if "default" in extra:
            dynamic = inspect.isfunction(self.default) and not isinstance(self.show_default, str)
            notes.append(words("click.default", default=words("click.dynamic") if dynamic else extra["default"]))
        if "range" in extra:
            notes.append(extra["range"])
        if "required" in extra:
            notes.append(words("click.required"))
        return notes


class Argument(click.Argument):
    """An argument whose name in the help (its metavar) is a catalogue key."""

    metavar = _from_catalogue("metavar")


# -- parameter types: why a value is refused, in the language of the run ---------------------------------


class PathType(click.Path):
    """click.Path giving pathlib paths, that calls itself a file, folder or path and refuses in the run's language."""

    def __init__(self, *, exists: bool = False, file_okay: bool = True, dir_okay: bool = True):
        super().__init__(exists=exists, file_okay=file_okay, dir_okay=dir_okay, path_type=Path)
        file_only, folder_only = file_okay and not dir_okay, dir_okay and not file_okay
        self.__dict__["kind"] = "click.file" if file_only else "click.directory" if folder_only else "click.path"

    @property
    def name(self) -> str:
        return words(self.__dict__.get("kind", "click.path"))

    @name.setter
    def name(self, value: str) -> None:
        pass  # click sets it in its English words; the property above says it in the run's language

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """Click's checks of a path (it exists if it must, a file or a folder as asked, readable)."""
        try:
            mode = os.stat(value).st_mode
        except OSError:
            if self.exists:
                self.refuse("click.not-exists", value, param, ctx)
            return self.coerce_path_result(value)
        if not self.file_okay and stat.S_ISREG(mode):
            self.refuse("click.is-a-file", value, param, ctx)
        if not self.dir_okay and stat.S_ISDIR(mode):
            self.refuse("click.is-a-directory", value, param, ctx)
        if self.readable and not os.access(value, os.R_OK):
            self.refuse("click.not-readable", value, param, ctx)
        return self.coerce_path_result(value)

    def refuse(self, key: str, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> NoReturn:
        self.fail(words(key, name=self.name.title(), filename=click.format_filename(value)), param, ctx)


class LanguageType(click.ParamType):
    """A language tag (nl, en, fr, pt-BR): which ones a run can use depends on the framework, read later."""

    name = "language"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        if isinstance(value, str) and is_language_tag(value.strip()):
            return value.strip()
        self.fail(words("cli.lang.invalid", value=value), param, ctx)


class IntRange(click.IntRange):
    """click.IntRange that calls itself a whole number and refuses in the language of the run."""

    @property
    def name(self) -> str:
        return words("click.integer-range")

    @name.setter
    def name(self, value: str) -> None:
        pass

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """A whole number in the range; click decides what is in it (open or closed ends)."""
        try:
            number = int(value)
        except (TypeError, ValueError):
            self.fail(words("click.not-a-number", value=value, number_type=self.name), param, ctx)
        try:
            return super().convert(number, param, ctx)
        except click.BadParameter:
            # the range as click describes it in the help ("1<=x<=64")
            self.fail(words("click.not-in-range", value=number, range=self._describe_range()), param, ctx)


class Choice(click.Choice):
    """click.Choice that refuses a value, and asks for a missing one, in the language of the run."""

    def shown(self, ctx: click.Context | None) -> list[str]:
        return [self.normalize_choice(choice, ctx) for choice in self.choices]

    def get_invalid_choice_message(self, value: Any, ctx: click.Context | None) -> str:
        listed = ", ".join(map(repr, self.shown(ctx)))
        if len(self.choices) == 1:
            return words("click.not-the-choice", value=value, choice=listed)
        return words("click.not-a-choice", value=value, choices=listed)

    def get_missing_message(self, param: click.Parameter, ctx: click.Context | None) -> str:
        return words("click.choose-from", choices=",\n\t".join(self.shown(ctx)))


def option(*decls: str, **attrs: Any) -> Any:
    """click.option with help (and metavar) given as catalogue keys."""
    return click.option(*decls, cls=Option, **attrs)


def argument(name: str, metavar: str, **attrs: Any) -> Any:
    """click.argument whose name in the help is the catalogue key `metavar`."""
    return click.argument(name, cls=Argument, metavar=metavar, **attrs)


# -- usage errors: written from the exception's type and attributes ----------------------------------------


def show_error(exc: click.ClickException) -> None:
    """Write a click exception on stderr as click would, in the words of the run's language.

    An exception that shows itself (this tool's UserError, the help of a group typed without a command) does so.
    """
    if type(exc).show not in (click.ClickException.show, click.UsageError.show):
        exc.show()
        return
    ctx, color = None, exc.show_color
    if isinstance(exc, click.UsageError):  # as click: the usage line and the hint when the context is known
        ctx, color = exc.ctx, exc.ctx.color if exc.ctx is not None else None
    if ctx is not None:
        hint = ""
        if ctx.command.get_help_option(ctx) is not None:
            names = ctx.command.get_help_option_names(ctx)
            hint = words("click.try", command=ctx.command_path, option=max(names, key=len)) + "\n"
        click.echo(f"{ctx.get_usage()}\n{hint}", err=True, color=color)
    click.echo(words("click.error", message=error_message(exc)), err=True, color=color)


def error_message(exc: click.ClickException) -> str:
    """What went wrong, after "Fout: ": from the kind of usage error and what it names."""
    if isinstance(exc, click.MissingParameter):
        return _missing(exc)
    if isinstance(exc, click.BadParameter):
        hint = _parameter_hint(exc)
        if hint is None:
            return words("click.invalid-value", message=exc.message)
        return words("click.invalid-value-for", param_hint=hint, message=exc.message)
    # click raises these two without a message of its own: the name and the suggestions say it all
    if isinstance(exc, click.NoSuchOption):
        return _with_possibilities(words("click.no-such-option", name=exc.option_name), exc.possibilities)
    if isinstance(exc, NoSuchCommand):
        return _with_possibilities(words("click.no-such-command", name=exc.command_name), exc.possibilities)
    return exc.format_message()  # said in the run's language where it was raised


def _parameter_hint(exc: click.BadParameter) -> str | None:
    """The parameter named in the message: '--out', 'INVOER...', as click names it."""
    hint: Any = exc.param_hint
    if hint is None and exc.param is not None:
        hint = exc.param.get_error_hint(exc.ctx)
    if hint is not None and not isinstance(hint, str):
        hint = " / ".join(repr(name) for name in hint)
    return hint


def _missing(exc: click.MissingParameter) -> str:
    hint = _parameter_hint(exc)
    kind = exc.param_type or (exc.param.param_type_name if exc.param is not None else None)
    known = {
        "argument": "click.missing-argument",
        "option": "click.missing-option",
        "parameter": "click.missing-parameter",
    }
    missing = words(known[kind]) if kind in known else words("click.missing-type", param_type=kind)
    message = exc.message
    more = exc.param.type.get_missing_message(param=exc.param, ctx=exc.ctx) if exc.param is not None else None
    if more:
        message = f"{message}. {more}" if message else more
    return f"{missing}{f' {hint}' if hint else ''}.{f' {message}' if message else ''}"


def _with_possibilities(message: str, possibilities: Sequence[str] | None) -> str:
    if not possibilities:
        return message
    listed = ", ".join(repr(name) for name in sorted(possibilities))
    if len(possibilities) == 1:
        return f"{message} {words('click.did-you-mean', possibility=listed)}"
    return f"{message} {words('click.did-you-mean.plural', possibilities=listed)}"
