"""The command line: parse options, call one library function, print, set the exit status.

Heavy libraries are imported inside the commands that need them, so that `--help` stays fast.
"""

from __future__ import annotations

import json
import os
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from curriculum_map import __version__
from curriculum_map.core.texts import LANGUAGES, text
from curriculum_map.framework.model import Framework, FrameworkError, load_framework
from curriculum_map.render.output import OutputError


class UserError(click.ClickException):
    """A problem the user can fix: one line on stderr, exit status 2."""

    exit_code = 2

    def __init__(self, message: str, lang: str = "nl"):
        super().__init__(message)
        self.lang = lang

    def show(self, file: Any = None) -> None:
        click.echo(f"{text('cli.error', self.lang)}: {self.format_message()}", err=True)


def lang_option(function: Any) -> Any:
    return click.option(
        "--lang",
        type=click.Choice(LANGUAGES),
        default="nl",
        show_default=True,
        help="Taal van de teksten (nl of en).",
    )(function)


def framework_option(function: Any) -> Any:
    return click.option(
        "--framework",
        "framework_file",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="Een ander kaderbestand (YAML of JSON) dan het ingebouwde kader.",
    )(function)


def _positions_framework(path: Path | None, lang: str) -> Framework:
    """The framework, which must define positions and expectation levels for the positions commands."""
    fw = _framework(path, lang)
    if not fw.positions or not fw.expectations:
        raise UserError(text("cli.no_positions", lang, framework=fw.id), lang)
    return fw


@contextmanager
def writing_outputs(lang: str, path: Path | None = None) -> Iterator[None]:
    """Turn a folder or file that cannot be written into a one-line usage error."""
    try:
        yield
    except OutputError as exc:
        raise UserError(text("cli.cannot_write", lang, path=exc.path, reason=exc.reason), lang) from None
    except OSError as exc:
        raise UserError(
            text("cli.cannot_write", lang, path=path or exc.filename, reason=exc.strerror or exc), lang
        ) from None


def _check_inputs(inputs: tuple[Path, ...], lang: str) -> None:
    """A file or folder that does not exist is a typing mistake: a usage error before anything is written."""
    from curriculum_map.coverage.reader import MissingInputs, check_inputs

    try:
        check_inputs(inputs)
    except MissingInputs as exc:
        raise UserError(text("cli.inputs_missing", lang, paths=", ".join(str(p) for p in exc.paths)), lang) from None


def _framework(path: Path | None, lang: str = "nl") -> Framework:
    try:
        return load_framework(path)
    except FrameworkError as exc:
        raise UserError(str(exc), lang) from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="curriculum-map")
def cli() -> None:
    """Zet een competentiekader om in werkmappen om in te vullen, en ingevulde werkmappen in
    overzichten van hoe opleidingen het kader dekken."""


@cli.group()
def framework() -> None:
    """Het competentiekader bekijken."""


@framework.command("show")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Leesbare tekst of JSON.",
)
@framework_option
@lang_option
def framework_show(output_format: str, framework_file: Path | None, lang: str) -> None:
    """Toon het kader: focussen, clusters, componenten, competenties, legende."""
    fw = _framework(framework_file, lang)
    if output_format == "json":
        click.echo(json.dumps(fw.to_dict(lang), ensure_ascii=False, indent=2))
        return
    from curriculum_map.render.text import render_framework

    click.echo(render_framework(fw, lang))


@framework.command("validate")
@click.argument("file", type=click.Path(path_type=Path))
def framework_validate(file: Path) -> None:
    """Controleer een kaderbestand: elk probleem met zijn plaats in het bestand (exit 0: in orde, 1: problemen)."""
    from curriculum_map.framework.check import check_framework_file

    problems = check_framework_file(file)
    for problem in problems:
        click.echo(f"{file}: {problem}")
    if problems:
        click.echo(f"{len(problems)} probleem/problemen gevonden.")
        sys.exit(1)
    fw = load_framework(file)
    click.echo(
        f"{file}: in orde ({fw.id} {fw.version}: {len(fw.focuses)} focussen, {len(fw.clusters)} clusters, "
        f"{len(fw.components)} componenten, {len(fw.competences)} competenties, {len(fw.levels)} niveaus, "
        f"{len(fw.programmes)} opleidingen, {len(fw.positions)} posities)"
    )


@framework.command("new")
@click.option(
    "--out",
    "out_file",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Het nieuwe kaderbestand (YAML).",
)
@click.option("--force", is_flag=True, help="Overschrijf een bestaand bestand.")
def framework_new(out_file: Path, force: bool) -> None:
    """Schrijf een klein, geldig kaderbestand met uitleg om van te vertrekken."""
    from curriculum_map.framework.check import write_new_framework

    try:
        with writing_outputs("nl", out_file):
            write_new_framework(out_file, overwrite=force)
    except FrameworkError as exc:
        raise UserError(str(exc)) from None
    click.echo(str(out_file))


@framework.command("export")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["case"]),
    default="case",
    show_default=True,
    help="Uitwisselformaat: 1EdTech CASE 1.0 (CFPackage, JSON).",
)
@click.option(
    "--out", "out_file", required=True, type=click.Path(dir_okay=False, path_type=Path), help="Het CASE-bestand (JSON)."
)
@framework_option
def framework_export(output_format: str, out_file: Path, framework_file: Path | None) -> None:
    """Exporteer het kader als CASE-pakket (voor OpenSALT, CaSS en registers)."""
    from curriculum_map.framework.case import write_case

    fw = _framework(framework_file)
    with writing_outputs("nl", out_file):
        write_case(fw, out_file)
    click.echo(str(out_file))


@framework.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "input_format",
    type=click.Choice(["case"]),
    default="case",
    show_default=True,
    help="Uitwisselformaat: 1EdTech CASE 1.0 (CFPackage, JSON).",
)
@click.option(
    "--out",
    "out_file",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Het kaderbestand dat geschreven wordt (YAML).",
)
@click.option(
    "--depths",
    default=None,
    metavar="F,C,K",
    help="Welke diepte in het pakket focus, cluster en competentie wordt, bv. 1,2,3.",
)
def framework_import(file: Path, input_format: str, out_file: Path, depths: str | None) -> None:
    """Lees een CASE-pakket in als kaderbestand (ook pakketten van anderen, diepte per diepte)."""
    import yaml

    from curriculum_map.framework.case import CaseError, read_case_file

    chosen = None
    if depths is not None:
        try:
            parts = tuple(int(x) for x in depths.split(","))
        except ValueError:
            parts = ()
        if len(parts) != 3:
            raise UserError("--depths verwacht drie getallen: FOCUS,CLUSTER,COMPETENTIE (bv. 1,2,3)")
        chosen = parts
    try:
        result = read_case_file(file, chosen)  # type: ignore[arg-type]
    except CaseError as exc:
        raise UserError(str(exc)) from None
    for warning in result.warnings:
        click.echo(f"{file}: let op: {warning}", err=True)
    with writing_outputs("nl", out_file):
        out_file.write_text(
            "# Imported from a CASE package by curriculum-map; check it with 'curriculum-map framework validate'.\n"
            + yaml.safe_dump(result.document, allow_unicode=True, sort_keys=False, width=100),
            encoding="utf-8",
        )
    click.echo(str(out_file))


@cli.command()
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Map waarin de werkmappen komen.",
)
@click.option(
    "--programme",
    "programme_names",
    multiple=True,
    metavar="NAAM",
    help="Alleen deze opleiding (herhaal voor meer); standaard alle opleidingen.",
)
@click.option("--contact", default=None, metavar="TEKST", help="Naar wie lectoren de ingevulde werkmap sturen.")
@click.option(
    "--password",
    default=None,
    metavar="TEKST",
    help="Wachtwoord op de bladbeveiliging (standaard: beveiligd zonder wachtwoord).",
)
@click.option(
    "--prefill",
    type=click.Path(exists=True, path_type=Path),
    default=None,
    help="Rapportmap (of responses.csv) van vorig jaar: de antwoorden van elke opleiding worden ingevuld.",
)
@click.option("--force", is_flag=True, help="Overschrijf bestaande bestanden met dezelfde naam (ook ingevulde).")
@framework_option
@lang_option
def template(
    out_dir: Path,
    programme_names: tuple[str, ...],
    contact: str | None,
    password: str | None,
    prefill: Path | None,
    force: bool,
    framework_file: Path | None,
    lang: str,
) -> None:
    """Schrijf de werkmappen die lectoren invullen, één per opleiding."""
    from curriculum_map.coverage.template import ExistingFilesError, TemplateOptions, write_templates

    fw = _framework(framework_file, lang)
    previous = _results(prefill, fw, lang) if prefill is not None else None
    programmes = []
    for name in programme_names:
        programme = fw.find_programme(name)
        if programme is None:
            choices = ", ".join(p.name.get(lang) for p in fw.programmes)
            raise UserError(text("cli.unknown_programme", lang, name=name, choices=choices), lang)
        programmes.append(programme)
    options = TemplateOptions(lang, contact, password, previous)
    try:
        with writing_outputs(lang):
            result = write_templates(fw, out_dir, programmes, options, overwrite=force)
    except ExistingFilesError as exc:
        paths = ", ".join(f"'{path}'" for path in exc.paths)
        raise UserError(text("cli.existing_files", lang, paths=paths), lang) from None
    for written in result.workbooks:
        click.echo(str(written.path))
    click.echo(text("cli.wrote_templates", lang, count=len(result.workbooks), path=out_dir), err=True)


MAX_PROBLEMS_SHOWN = 50


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


def _progress(quiet: bool, lang: str) -> Progress:
    return Progress(not quiet and sys.stderr.isatty(), lang)


def _print_problems(problems: list[Any], lang: str, limit: int | None = MAX_PROBLEMS_SHOWN) -> None:
    shown = problems if limit is None else problems[:limit]
    for problem in shown:
        click.echo(problem.render(lang), err=True)
    if len(problems) > len(shown):
        click.echo(text("cli.more_problems", lang, count=len(problems) - len(shown)), err=True)


def _severity_counts(problems: list[Any]) -> dict[str, int]:
    return {
        "errors": sum(p.severity == "error" for p in problems),
        "warnings": sum(p.severity == "warning" for p in problems),
        "notes": sum(p.severity == "info" for p in problems),
    }


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@framework_option
@lang_option
def validate(files: tuple[Path, ...], framework_file: Path | None, lang: str) -> None:
    """Controleer ingevulde werkmappen voor je ze verstuurt (exit 0: in orde, 1: problemen)."""
    from curriculum_map.core.problems import Problem, counts_as_failure
    from curriculum_map.coverage.reader import expand_inputs, read_workbook

    fw = _framework(framework_file, lang)
    _check_inputs(files, lang)
    found, problems = expand_inputs(files)
    clean = 0
    for path, shown in found:
        reading = read_workbook(path, fw, str(path) if path in files else shown)
        problems.extend(reading.problems)
        clean += not counts_as_failure(reading.problems)
    if not found:
        problems.append(Problem("no-workbooks", ", ".join(str(p) for p in files)))
    _print_problems(problems, lang, limit=None)
    click.echo(text("cli.validate.summary", lang, files=len(found), clean=clean, **_severity_counts(problems)))
    sys.exit(1 if counts_as_failure(problems) else 0)


@cli.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Map voor het rapport (responses.csv, problems.csv, coverage.xlsx).",
)
@click.option("--strict", is_flag=True, help="Schrijf geen rapport als er een probleem gevonden is.")
@click.option("--jobs", type=click.IntRange(1, 64), default=None, help="Aantal processen (standaard: alle kernen).")
@click.option("--quiet", "-q", is_flag=True, help="Toon alleen de samenvatting.")
@click.option(
    "--pictures/--no-pictures",
    default=True,
    show_default=True,
    help="Heatmaps tekenen (png en in report.html); zonder gaat het sneller.",
)
@click.option(
    "--crosswalk",
    "crosswalk_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Crosswalk (oud id -> nieuw id) om werkmappen van een vorige kaderversie mee te tellen.",
)
@framework_option
@lang_option
def aggregate(
    inputs: tuple[Path, ...],
    out_dir: Path,
    strict: bool,
    jobs: int | None,
    quiet: bool,
    pictures: bool,
    crosswalk_file: Path | None,
    framework_file: Path | None,
    lang: str,
) -> None:
    """Verwerk ingevulde werkmappen (bestanden of mappen) tot een dekkingsrapport."""
    from curriculum_map.coverage.report import run_aggregate

    fw = _framework(framework_file, lang)
    _check_inputs(inputs, lang)
    crosswalk = None
    if crosswalk_file is not None:
        from curriculum_map.framework.crosswalk import CrosswalkError, load_crosswalk

        try:
            crosswalk = load_crosswalk(crosswalk_file, fw)
        except CrosswalkError as exc:
            raise UserError(str(exc), lang) from None
    with writing_outputs(lang):
        progress = _progress(quiet, lang)
        try:
            result = run_aggregate(
                inputs,
                fw,
                out_dir,
                lang=lang,
                strict=strict,
                jobs=jobs,
                pictures=pictures,
                crosswalk=crosswalk,
                on_progress=progress,
            )
        finally:
            progress.close()
    if not quiet:
        _print_problems(result.problems, lang)
    if result.version_conflict:
        click.echo(text("cli.aggregate.versions", lang), err=True)
        for file, version in result.version_conflict:
            click.echo(f"  {file}: {version}", err=True)
    elif not result.report_written:
        click.echo(text("cli.aggregate.strict", lang), err=True)
    click.echo(
        text(
            "cli.aggregate.summary",
            lang,
            used=len(result.aggregation.used),
            programmes=len(result.aggregation.programmes),
            out=out_dir,
            **_severity_counts(result.problems),
        )
    )
    sys.exit(0 if result.clean else 1)


def _results(path: Path, fw: Framework, lang: str) -> Any:
    from curriculum_map.coverage.results import ResultsError, load_results

    try:
        return load_results(path, fw)
    except ResultsError as exc:
        raise UserError(str(exc), lang) from None


@cli.command()
@click.argument("responses", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path), help="Map voor de figuren."
)
@click.option(
    "--format",
    "formats",
    type=click.Choice(["png", "svg", "pdf"]),
    multiple=True,
    help="Bestandsformaat (herhaal voor meer); standaard png.",
)
@framework_option
@lang_option
def heatmap(responses: Path, out_dir: Path, formats: tuple[str, ...], framework_file: Path | None, lang: str) -> None:
    """Teken de heatmaps uit een rapportmap van 'aggregate' (of haar responses.csv)."""
    from curriculum_map.coverage.pictures import render_pictures

    fw = _framework(framework_file, lang)
    aggregation = _results(responses, fw, lang)
    with writing_outputs(lang):
        from curriculum_map.render.output import ensure_folder

        ensure_folder(out_dir)
        pictures = render_pictures(aggregation, out_dir, formats or ("png",), lang)
        written = [path for picture in pictures for path in picture.paths]
    for path in written:
        click.echo(str(path))
    click.echo(text("cli.heatmap.summary", lang, count=len(written), out=out_dir), err=True)


@cli.command()
@click.argument("old", type=click.Path(exists=True, path_type=Path))
@click.argument("new", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Map voor changes.csv, de groei-heatmap en compare.html.",
)
@click.option(
    "--format",
    "formats",
    type=click.Choice(["png", "svg", "pdf"]),
    multiple=True,
    help="Bestandsformaat van de figuur (herhaal voor meer); standaard png.",
)
@framework_option
@lang_option
def compare(
    old: Path, new: Path, out_dir: Path, formats: tuple[str, ...], framework_file: Path | None, lang: str
) -> None:
    """Vergelijk twee rondes (twee rapportmappen van 'aggregate'): wat ging erop of erop achteruit?"""
    from curriculum_map.coverage.compare import compare as compare_rounds
    from curriculum_map.coverage.growth import write_comparison

    fw = _framework(framework_file, lang)
    comparison = compare_rounds(_results(old, fw, lang), _results(new, fw, lang))
    with writing_outputs(lang):
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


@cli.group()
def positions() -> None:
    """Posities in organisaties: welke competenties verwacht je van welke medewerkers?"""


@positions.command("template")
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Map waarin de werkmap komt.",
)
@click.option(
    "--organisation", default=None, metavar="NAAM", help="Naam van de organisatie (in titel en bestandsnaam)."
)
@click.option("--contact", default=None, metavar="TEKST", help="Naar wie medewerkers de ingevulde werkmap sturen.")
@click.option("--password", default=None, metavar="TEKST", help="Wachtwoord op de bladbeveiliging.")
@click.option("--force", is_flag=True, help="Overschrijf een bestaand bestand met dezelfde naam (ook ingevuld).")
@framework_option
@lang_option
def positions_template(
    out_dir: Path,
    organisation: str | None,
    contact: str | None,
    password: str | None,
    force: bool,
    framework_file: Path | None,
    lang: str,
) -> None:
    """Schrijf de werkmap die één medewerker invult: per competentie, van welke positie je ze verwacht."""
    from curriculum_map.coverage.template import ExistingFilesError, TemplateOptions
    from curriculum_map.positions.template import write_positions_template

    fw = _positions_framework(framework_file, lang)
    options = TemplateOptions(lang, contact, password)
    try:
        with writing_outputs(lang):
            path = write_positions_template(fw, out_dir, organisation, options, overwrite=force)
    except ExistingFilesError as exc:
        paths = ", ".join(f"'{path}'" for path in exc.paths)
        raise UserError(text("cli.existing_files", lang, paths=paths), lang) from None
    click.echo(str(path))


@positions.command("aggregate")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path), help="Map voor het rapport."
)
@click.option(
    "--min-respondents",
    type=click.IntRange(1, 1000),
    default=3,
    show_default=True,
    help="Onder dit aantal respondenten toont report.html geen individuele antwoorden.",
)
@click.option("--jobs", type=click.IntRange(1, 64), default=None, help="Aantal processen (standaard: alle kernen).")
@click.option("--quiet", "-q", is_flag=True, help="Toon alleen de samenvatting.")
@click.option("--pictures/--no-pictures", default=True, show_default=True, help="Heatmaps tekenen.")
@framework_option
@lang_option
def positions_aggregate(
    inputs: tuple[Path, ...],
    out_dir: Path,
    min_respondents: int,
    jobs: int | None,
    quiet: bool,
    pictures: bool,
    framework_file: Path | None,
    lang: str,
) -> None:
    """Verwerk ingevulde posities-werkmappen: aandelen, consensus, overeenstemming, profielen."""
    from curriculum_map.positions.report import run_positions_aggregate

    fw = _positions_framework(framework_file, lang)
    _check_inputs(inputs, lang)
    with writing_outputs(lang):
        progress = _progress(quiet, lang)
        try:
            result = run_positions_aggregate(inputs, fw, out_dir, lang, min_respondents, jobs, pictures, progress)
        finally:
            progress.close()
    problems = result.aggregation.problems
    if not quiet:
        _print_problems(problems, lang)
    alpha = "–" if result.aggregation.alpha is None else f"{result.aggregation.alpha:.2f}"
    click.echo(
        text(
            "cli.positions.summary",
            lang,
            used=len(result.aggregation.used),
            alpha=alpha,
            out=out_dir,
            **_severity_counts(problems),
        )
    )
    sys.exit(0 if result.clean else 1)


@cli.command()
@click.argument("programmes", type=click.Path(exists=True, path_type=Path))
@click.argument("positions_output", metavar="POSITIONS", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Map voor gap.csv en de heatmap.",
)
@framework_option
@lang_option
def gap(programmes: Path, positions_output: Path, out_dir: Path, framework_file: Path | None, lang: str) -> None:
    """Vraag en aanbod: waar verwachten organisaties van een beginner wat een opleiding (bijna) niet dekt?"""
    from curriculum_map.coverage.results import ResultsError
    from curriculum_map.positions.gap import GAP, find_gaps, load_expectations, write_gaps

    fw = _framework(framework_file, lang)
    aggregation = _results(programmes, fw, lang)
    try:
        shares = load_expectations(positions_output, fw)
    except ResultsError as exc:
        raise UserError(str(exc), lang) from None
    cells = find_gaps(aggregation, shares)
    with writing_outputs(lang):
        write_gaps(aggregation, cells, out_dir, lang)
    click.echo(
        text(
            "cli.gap.summary",
            lang,
            gaps=sum(c.status == GAP for c in cells),
            programmes=len(aggregation.programmes),
            out=out_dir,
        )
    )


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def _lang_of(argv: list[str]) -> str:
    """The --lang given on the command line, for messages outside any command."""
    for index, arg in enumerate(argv):
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1] if arg.split("=", 1)[1] in LANGUAGES else "nl"
        if arg == "--lang" and index + 1 < len(argv) and argv[index + 1] in LANGUAGES:
            return argv[index + 1]
    return "nl"


def main() -> None:
    """Entry point: run the CLI; unexpected errors become one line unless CURRICULUM_MAP_DEBUG is set."""
    # A run stopped with `kill` (SIGTERM) cleans up as after Ctrl-C: no staging folder, no workers left.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        cli.main(standalone_mode=False)
    except SystemExit:
        raise
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except (KeyboardInterrupt, click.exceptions.Abort):
        click.echo(text("cli.interrupted", _lang_of(sys.argv)), err=True)
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - last line of defence against tracebacks for users
        if os.environ.get("CURRICULUM_MAP_DEBUG"):
            raise
        click.echo(
            f"Onverwachte fout: {type(exc).__name__}: {exc}. "
            "Meld dit aan de beheerders (zet CURRICULUM_MAP_DEBUG=1 voor details).",
            err=True,
        )
        sys.exit(3)
