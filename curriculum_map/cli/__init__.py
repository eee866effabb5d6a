"""The command line: parse options, call one library function, print, set the exit status.

One module per command group (framework, coverage, positions, history); shared options in `options`, what
every command does alike in `common`, the language of texts and of click's own words in `localise`.
Heavy libraries are imported inside the commands that need them, so that `--help` stays fast.
May import every other package of curriculum_map; none of them imports this one.
"""

from __future__ import annotations

import os
import signal
import sys
from typing import NoReturn

import click

from curriculum_map.cli.common import UserError
from curriculum_map.cli.consult import consult
from curriculum_map.cli.coverage import aggregate, compare, heatmap, template, validate
from curriculum_map.cli.framework import framework
from curriculum_map.cli.history import history
from curriculum_map.cli.localise import (
    LANGUAGE_VARIABLE,
    Group,
    LanguageType,
    language,
    option,
    show_error,
    use_language,
)
from curriculum_map.cli.options import Progress
from curriculum_map.cli.organisation import profile, sector, staff, training
from curriculum_map.cli.positions import gap, positions
from curriculum_map.cli.slides import slides
from curriculum_map.core.processes import request_stop, stop_requested
from curriculum_map.core.texts import text
from curriculum_map.core.version import __version__

__all__ = ["LANGUAGE_VARIABLE", "Progress", "UserError", "cli", "main"]


def _show_version(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        click.echo(text("cli.version", language(), prog="curriculum-map", version=__version__))
        ctx.exit()


def _group_language(ctx: click.Context, param: click.Parameter, value: str | None) -> str:
    """--lang before the command; without it, the language read from the whole command line (or the environment)."""
    if value is None:
        return language()
    use_language(value)
    return value


@click.group(cls=Group, help="help.cli", context_settings={"help_option_names": ["-h", "--help"]})
@option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_show_version, help="click.version")
@option(
    "--lang",
    type=LanguageType(),
    default=None,
    metavar="metavar.lang",
    is_eager=True,
    callback=_group_language,
    help="help.option.lang",
)
def cli(lang: str) -> None:
    """Turn a competence framework into workbooks, and filled workbooks into coverage reports."""


for command in (
    framework,
    template,
    validate,
    aggregate,
    heatmap,
    compare,
    slides,
    positions,
    gap,
    profile,
    staff,
    training,
    sector,
    consult,
    history,
):
    cli.add_command(command)


def _stopped() -> NoReturn:
    click.echo(text("cli.interrupted", language()), err=True)
    sys.exit(130)


def main() -> None:
    """Entry point: run the CLI; unexpected errors become one line unless CURRICULUM_MAP_DEBUG is set."""
    # A run stopped with `kill` (SIGTERM) cleans up as after Ctrl-C: no staging folder, no workers left.
    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    try:
        cli.main(standalone_mode=False)
    except SystemExit:
        raise
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        show_error(exc)
        sys.exit(exc.exit_code)
    except (KeyboardInterrupt, click.exceptions.Abort):
        _stopped()
    except Exception as exc:  # noqa: BLE001 - last line of defence against tracebacks for users
        if stop_requested():  # e.g. a worker pool interrupted while it started cannot shut down cleanly
            _stopped()
        if os.environ.get("CURRICULUM_MAP_DEBUG"):
            raise
        click.echo(text("unexpected-error", language(), kind=type(exc).__name__, error=exc), err=True)
        sys.exit(3)
