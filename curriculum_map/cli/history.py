"""The history of rounds: `history list|show|add|remove|trend`, and the options that add a round after an aggregate."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from curriculum_map.cli.common import UserError, fail, framework_for_report, writing_outputs
from curriculum_map.cli.localise import Choice, Group, PathType, argument, option
from curriculum_map.cli.options import formats_option, framework_option, lang_option, out_folder
from curriculum_map.core.catalogue import CurriculumMapError
from curriculum_map.core.report_files import HISTORY_FILE
from curriculum_map.core.texts import text

if TYPE_CHECKING:  # for annotations only: --help stays fast
    from curriculum_map.framework.model import Framework


def history_option(help: str = "help.option.history") -> Callable[[Any], Any]:
    """--history FILE: the history file (SQLite); by default curriculum-map.sqlite in the current folder."""
    return option("--history", "history_file", type=PathType(dir_okay=False), default=None, help=help)


def round_options(function: Any, round_help: str = "help.aggregate.round") -> Any:
    """--history FILE and --round LABEL of the aggregate commands: add the report as a round of the history."""
    function = option("--round", "round_label", default=None, metavar="metavar.round", help=round_help)(function)
    return history_option("help.aggregate.history")(function)


def team_round_options(function: Any) -> Any:
    """--history FILE and --round LABEL of `staff read`: add the team overview (groups only) as a team round."""
    return round_options(function, "help.staff.round")


def crosswalk_option(help: str) -> Callable[[Any], Any]:
    """--crosswalk FILE: carries the ids of an older framework version to the newer one."""
    return option("--crosswalk", "crosswalk_file", type=PathType(dir_okay=False), default=None, help=help)


@contextmanager
def using_history(lang: str) -> Any:
    """Turn what is wrong with a history, a report folder or a crosswalk into a one-line usage error."""
    try:
        with writing_outputs(lang):
            yield
    except CurriculumMapError as exc:
        raise UserError(exc, lang) from None


def history_path(history_file: Path | None) -> Path:
    """The history file: --history, else curriculum-map.sqlite in the current folder."""
    return history_file if history_file is not None else Path(HISTORY_FILE)


@dataclass(frozen=True)
class RoundTarget:
    """Where an aggregate adds its round: the history file and the round's label."""

    path: Path
    label: str


def round_target(history_file: Path | None, label: str | None, out_dir: Path, lang: str) -> RoundTarget | None:
    """The round an aggregate adds, checked before any workbook is read; None without --round.

    Without --history the history is curriculum-map.sqlite beside the report folder, so that the
    rounds' folders and their history stay together.
    """
    if label is None:
        if history_file is not None:
            fail("history-round-missing", lang)
        return None
    from curriculum_map.history.store import check_label, open_history

    path = history_file if history_file is not None else out_dir.resolve().parent / HISTORY_FILE
    with using_history(lang):
        label = check_label(label)
        if path.exists():
            with open_history(path) as history:  # not a history, or of a newer version: say so before reading
                history.check(write=True)
    return RoundTarget(path, label)


def add_after_run(target: RoundTarget | None, out_dir: Path, fw: Framework, report_written: bool, lang: str) -> None:
    """Add the report just written as a round of the history (one transaction), and say so on stderr."""
    if target is None:
        return
    if not report_written:
        click.echo(text("cli.history.not_added", lang, path=target.path), err=True)
        return
    from curriculum_map.history.store import add_round

    with using_history(lang):
        recorded = add_round(target.path, target.label, out_dir, fw)
    _say_added(recorded, lang)


def add_team_after_run(target: RoundTarget | None, team_dir: Path, fw: Framework, lang: str, written: bool) -> None:
    """Add the team/ folder just written as a team round of the history (groups only), and say so on stderr."""
    if target is None:
        return
    if not written:  # no self-assessment could be read: a round of nothing would only hide last year's
        click.echo(text("cli.history.not_added", lang, path=target.path), err=True)
        return
    from curriculum_map.history.store import add_team_round

    with using_history(lang):
        recorded = add_team_round(target.path, target.label, team_dir, fw)
    _say_added(recorded, lang)


def _say_added(recorded: Any, lang: str) -> None:
    info = recorded.round
    if info.kind == "team":
        key = "cli.history.team_replaced" if recorded.replaced else "cli.history.team_added"
        organisation = info.organisation or "–"
        click.echo(text(key, lang, label=info.label, organisation=organisation, path=recorded.path,
                        groups=info.groups), err=True)  # fmt: skip
        return
    key = "cli.history.replaced" if recorded.replaced else "cli.history.added"
    click.echo(
        text(key, lang, label=info.label, path=recorded.path, respondents=info.respondents, responses=info.responses),
        err=True,
    )


@click.group("history", cls=Group, help="help.history")
def history() -> None:
    """The history of rounds."""


@history.command("list", help="help.history.list")
@history_option()
@option("--format", "output_format", type=Choice(["text", "json"]), default="text", help="help.history.format")
@lang_option
def history_list(history_file: Path | None, output_format: str, lang: str) -> None:
    """Show the rounds in the history."""
    from curriculum_map.history.store import open_history

    path = history_path(history_file)
    with using_history(lang), open_history(path) as opened:
        rounds: list[Any] = [*opened.rounds(), *opened.team_rounds()]
    if output_format == "json":
        click.echo(json.dumps([info.__dict__ for info in rounds], ensure_ascii=False, indent=2))
        return
    if not rounds:
        click.echo(text("cli.history.empty", lang, path=path))
        return
    headers = [text(f"history.column.{key}", lang) for key in HEADERS]
    rows = [
        [
            info.label,
            _kind(info, lang),
            info.data_date or "–",
            str(info.groups),
            str(info.respondents),
            str(getattr(info, "responses", "–")),  # a team round keeps no answers
            str(getattr(info, "errors", "–")),
            f"{info.framework_version}",
            info.recorded_at.replace("T", " ")[:16],
        ]
        for info in rounds
    ]
    click.echo(aligned([headers, *rows]))
    click.echo(text("cli.history.summary", lang, count=len({i.label for i in rounds}), path=path), err=True)


def _kind(info: Any, lang: str) -> str:
    """The kind of a round; a team round's with its organisation (one history may hold several organisations')."""
    kind = text(f"history.kind.{info.kind}", lang)
    return f"{kind}: {info.organisation}" if info.kind == "team" and info.organisation else kind


HEADERS = ("round", "kind", "data_date", "groups", "respondents", "responses", "errors", "version", "recorded")


def aligned(rows: Sequence[Sequence[str]]) -> str:
    """Rows as columns padded to the widest cell, two spaces apart."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows
    )


@history.command("show", help="help.history.show")
@argument("label", "argument.round")
@history_option()
@option("--format", "output_format", type=Choice(["text", "json"]), default="text", help="help.history.format")
@lang_option
def history_show(label: str, history_file: Path | None, output_format: str, lang: str) -> None:
    """Show one round: what it holds and who answered."""
    from curriculum_map.history.store import open_history

    path = history_path(history_file)
    with using_history(lang), open_history(path) as opened:
        rounds = opened.labelled(label)
        details = [(info, opened.groups(info)) for info in rounds]
    if output_format == "json":
        found = [{**info.__dict__, "groups_detail": groups} for info, groups in details]
        click.echo(json.dumps(found, ensure_ascii=False, indent=2))
        return
    for info, groups in details:
        _show_round(info, groups, lang)


def _show_round(info: Any, groups: list[dict[str, Any]], lang: str) -> None:
    """One round of `history show`: when, what from, how many, and its groups."""
    click.echo(
        text(
            "cli.history.show.heading",
            lang,
            label=info.label,
            kind=_kind(info, lang),
            date=info.data_date or "–",
            recorded=info.recorded_at.replace("T", " ")[:16],
        )
    )
    click.echo("  " + text("cli.history.show.framework", lang, id=info.framework_id, version=info.framework_version))
    click.echo("  " + text("cli.history.show.source", lang, source=info.source))
    if info.kind == "team":
        counts = text("cli.history.show.team", lang, groups=info.groups, minimum=info.min_respondents,
                      respondents=info.respondents)  # fmt: skip
    else:
        counts = text("cli.history.show.counts", lang, respondents=info.respondents, responses=info.responses,
                      errors=info.errors, warnings=info.warnings)  # fmt: skip
    click.echo("  " + counts)
    headers = [text(f"history.column.{key}", lang) for key in GROUP_HEADERS[info.kind]]
    rows = [[str(group[key]) if group[key] is not None else "–" for key in GROUP_KEYS[info.kind]] for group in groups]
    if info.kind == "coverage":  # the means with the decimal sign of the language
        for row, group in zip(rows, groups, strict=True):
            row[-2:] = [_decimal(group["level"], lang), _decimal(group["ambition"], lang)]
    if info.kind == "team":
        for row in rows:
            row[1] = text(f"history.scope.{row[1]}", lang)
    click.echo("  " + aligned([headers, *rows]).replace("\n", "\n  "))


GROUP_KEYS = {
    "coverage": ("programme", "respondents", "responses", "level", "ambition"),
    "positions": ("organisation", "respondents", "responses"),
    "team": ("group", "scope", "respondents"),
}
GROUP_HEADERS = {
    "coverage": ("programme", "respondents", "responses", "mean_level", "mean_ambition"),
    "positions": ("organisation", "respondents", "responses"),
    "team": ("group", "scope", "respondents"),
}


def _decimal(value: float | None, lang: str) -> str:
    return "–" if value is None else f"{value:.1f}".replace(".", "," if lang == "nl" else ".")


@history.command("remove", help="help.history.remove")
@argument("label", "argument.round")
@history_option()
@option("--yes", "-y", is_flag=True, help="help.history.remove.yes")
@lang_option
def history_remove(label: str, history_file: Path | None, yes: bool, lang: str) -> None:
    """Remove a round from the history, after asking."""
    from curriculum_map.history.store import open_history

    path = history_path(history_file)
    with using_history(lang), open_history(path) as opened:
        rounds = opened.labelled(label)
        kinds = ", ".join(_kind(info, lang) for info in rounds)
        if not yes:
            question = text("cli.history.remove.confirm", lang, label=rounds[0].label, kinds=kinds, path=path)
            if not confirmed(question, lang):
                click.echo(text("cli.history.remove.kept", lang, label=rounds[0].label), err=True)
                sys.exit(1)
        opened.remove(rounds[0].label)
    click.echo(text("cli.history.removed", lang, label=rounds[0].label, kinds=kinds, path=path))


def confirmed(question: str, lang: str) -> bool:
    """Ask a yes/no question on stderr; only yes (j, ja in Dutch; y, yes) confirms, no answer does not."""
    try:
        answer = click.prompt(f"{question} {text('cli.yes_no', lang)}", default="", show_default=False, err=True)
    except click.exceptions.Abort:  # no answer at all (end of input): nothing happens
        return False
    return answer.strip().casefold() in text("cli.yes_words", lang).split()


@history.command("add", help="help.history.add")
@argument("report", "argument.report", type=PathType(exists=True))
@option("--round", "round_label", required=True, metavar="metavar.round", help="help.history.add.round")
@history_option()
@framework_option
@lang_option
def history_add(
    report: Path, round_label: str, history_file: Path | None, framework_file: Path | None, lang: str
) -> None:
    """Add a finished report folder (or a staff read's team/ folder) as a round."""
    from curriculum_map.history.store import add_round, add_team_round
    from curriculum_map.history.team import team_folder

    team = team_folder(report)
    fw = framework_for_report(framework_file, team or report, lang)
    with using_history(lang):
        if team is not None:  # the group-level tables only: persons/ and desk/ are never read
            recorded: Any = add_team_round(history_path(history_file), round_label, team, fw)
        else:
            recorded = add_round(history_path(history_file), round_label, report, fw)
    _say_added(recorded, lang)


@history.command("trend", help="help.history.trend")
@out_folder("help.history.trend.out")
@history_option()
@crosswalk_option("help.history.crosswalk")
@formats_option("help.compare.formats")
@option("--pictures/--no-pictures", default=True, show_default=True, help="help.history.trend.pictures")
@option("--team", is_flag=True, help="help.history.trend.team")
@lang_option
def history_trend(
    out_dir: Path,
    history_file: Path | None,
    crosswalk_file: Path | None,
    formats: tuple[str, ...],
    pictures: bool,
    team: bool,
    lang: str,
) -> None:
    """Growth over every round: trend.csv, pictures and trend.html (with --team: per team of staff)."""
    from curriculum_map.history.store import open_history
    from curriculum_map.history.trend import TrendRound, build_trend
    from curriculum_map.history.trend_report import write_trend

    path = history_path(history_file)
    if team:
        _team_trend(path, out_dir, lang)
        return
    with using_history(lang):
        with open_history(path) as opened:
            infos = opened.rounds("coverage")
            if not infos:
                raise UserError(CurriculumMapError("history-no-rounds", path=path), lang)
            aggregations = opened.comparable([info.label for info in infos], crosswalk_file)
        trend = build_trend([TrendRound(i.label, i.data_date, a) for i, a in zip(infos, aggregations, strict=True)])
        written = write_trend(trend, out_dir, lang, formats or ("png",), pictures)
    for written_path in written:
        click.echo(str(written_path))
    click.echo(
        text("cli.history.trend.summary", lang, rounds=len(infos), programmes=len(trend.programmes), out=out_dir),
        err=True,
    )


def _team_trend(path: Path, out_dir: Path, lang: str) -> None:
    """history trend --team: team-trend.csv and team-trend.html from the team rounds."""
    from curriculum_map.history.store import open_history
    from curriculum_map.history.team_trend_report import write_team_trend

    with using_history(lang):
        with open_history(path) as opened:
            trend = opened.team_trend()
        written = write_team_trend(trend, out_dir, lang)
    for written_path in written:
        click.echo(str(written_path))
    summary = text("cli.history.team_trend.summary", lang, rounds=len(trend.rounds), groups=len(trend.groups),
                   out=out_dir)  # fmt: skip
    click.echo(summary, err=True)


def rounds_to_compare(
    history_file: Path, old: str, new: str, crosswalk_file: Path | None, lang: str
) -> tuple[Any, Any]:
    """The aggregations of two rounds of the history, in one framework version (through a crosswalk if need be)."""
    from curriculum_map.history.store import open_history

    with using_history(lang), open_history(history_file) as opened:
        before, after = opened.comparable([old, new], crosswalk_file)
    return before, after
