"""The command line: fast start, no heavy imports, a progress bar only where someone looks at it, and
click's own words in the language of the run, given to click without patching it."""

from __future__ import annotations

import gettext
import io
import re
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from conftest import EXAMPLES, REPO, run
from curriculum_map.cli import Progress, cli
from curriculum_map.cli.localise import Choice, Group, IntRange, option
from curriculum_map.core.catalogue import codes
from curriculum_map.coverage.reader import WorkbookReading


def test_importing_the_cli_does_not_import_heavy_libraries():
    code = (
        "import sys, curriculum_map.cli\n"
        "print(sorted(m for m in ('pandas', 'openpyxl', 'matplotlib', 'numpy', 'xlsxwriter', 'jinja2',"
        " 'python_calamine', 'krippendorff', 'jsonschema') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    assert result.stdout.strip() == "[]"


def test_help_lists_every_command():
    result = run("--help")
    assert result.exit_code == 0
    for command in ("framework", "template", "validate", "aggregate", "heatmap", "compare", "positions", "gap"):
        assert command in result.output


def test_no_progress_bar_when_output_is_not_a_terminal(tmp_path):
    result = run("aggregate", str(EXAMPLES), "--out", str(tmp_path), "--no-pictures")
    assert "Werkmappen lezen" not in result.output


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_counts_files_and_problems(tmp_path):
    stream = Terminal()
    progress = Progress(True, "nl", file=stream)
    clean = WorkbookReading("a.xlsx", tmp_path / "a.xlsx")
    troubled = WorkbookReading("b.xlsx", tmp_path / "b.xlsx")
    troubled.problem("empty-file")
    progress(clean, 2)
    progress(troubled, 2)
    progress.close()
    shown = stream.getvalue()
    assert "Werkmappen lezen" in shown and "2/2" in shown and "1 met problemen" in shown
    silent = io.StringIO()
    quiet = Progress(False, "nl", file=silent)
    quiet(clean, 1)
    quiet.close()
    assert silent.getvalue() == ""


# -- click's own words ------------------------------------------------------------------------------


def test_click_is_not_patched():
    """Click keeps its own gettext: the tool gives it its words through click's extension points."""
    import curriculum_map.cli  # noqa: F401

    modules = [module for name, module in sys.modules.items() if name == "click" or name.startswith("click.")]
    assert len(modules) > 5
    for module in modules:
        assert vars(module).get("_", gettext.gettext) is gettext.gettext, module.__name__
        assert vars(module).get("ngettext", gettext.ngettext) is gettext.ngettext, module.__name__
        assert vars(module).get("gettext", gettext.gettext) is gettext.gettext, module.__name__


def test_every_click_text_of_the_catalogue_is_said():
    """Each click.* entry is used by the command line; click's texts it never shows are not translated."""
    source = "\n".join(path.read_text(encoding="utf-8") for path in (REPO / "curriculum_map" / "cli").glob("*.py"))
    unused = [
        code
        for code in codes("texts.yaml")
        if code.startswith("click.") and not re.search(f"[\"']{re.escape(code)}[\"']", source)
    ]
    assert unused == []


def invoke(args: list[str], lang: str, **kwargs):
    return CliRunner().invoke(cli, args, env={"CURRICULUM_MAP_LANG": lang}, **kwargs)


@pytest.mark.parametrize(
    ("lang", "lines"),
    [
        (
            "nl",
            [
                "Gebruik: cli framework new [OPTIES]",
                "Opties:",
                "  --out BESTAND  Het nieuwe kaderbestand (YAML).  [verplicht]",
                "  -h, --help     Toon deze hulp en stop.",
            ],
        ),
        (
            "en",
            [
                "Usage: cli framework new [OPTIONS]",
                "Options:",
                "  --out FILE       The new framework file (YAML).  [required]",
                "  -h, --help       Show this message and exit.",
            ],
        ),
    ],
)
def test_help_speaks_the_language_in_clicks_words_too(lang, lines):
    result = invoke(["framework", "new", "--help"], lang)
    assert result.exit_code == 0
    shown = result.output.splitlines()
    assert shown[0] == lines[0] and all(line in shown for line in lines), result.output
    group = invoke(["framework", "--help"], lang).output.splitlines()
    assert {"nl": "Opdrachten:", "en": "Commands:"}[lang] in group
    default = invoke(["framework", "show", "--help"], lang).output
    assert {"nl": "[standaard: text]", "en": "[default: text]"}[lang] in default


USAGE_ERRORS = {
    "missing option": (
        ["framework", "new"],
        "Fout: Ontbrekende optie '--out'.",
        "Error: Missing option '--out'.",
    ),
    "missing argument": (
        ["compare", "a"],
        "Fout: Ontbrekend argument 'NIEUW'.",
        "Error: Missing argument 'NEW'.",
    ),
    "no such option": (
        ["validate", "--framwork", "x"],
        "Fout: Onbekende optie '--framwork'. Bedoelde je '--framework'?",
        "Error: No such option '--framwork'. Did you mean '--framework'?",
    ),
    "no such option, several close": (
        ["aggregate", "--roun", "x", "--out", "o"],
        "Fout: Onbekende optie '--roun'. (Bedoelde je een van: '--out', '--round'?)",
        "Error: No such option '--roun'. (Did you mean one of: '--out', '--round'?)",
    ),
    "no such command": (
        ["frmework"],
        "Fout: Onbekende opdracht 'frmework'. Bedoelde je 'framework'?",
        "Error: No such command 'frmework'. Did you mean 'framework'?",
    ),
    "a flag given a value": (
        ["history", "--help=x"],
        "Fout: Optie '--help' neemt geen waarde.",
        "Error: Option '--help' does not take a value.",
    ),
    "extra arguments": (
        ["framework", "show", "a", "b"],
        "Fout: Onverwachte extra argumenten (a b)",
        "Error: Got unexpected extra arguments (a b)",
    ),
    "option without its value": (
        ["framework", "show", "--format"],
        "Fout: Optie '--format' verwacht een waarde.",
        "Error: Option '--format' requires an argument.",
    ),
    "not the one choice": (
        ["framework", "import", "x", "--format", "xml", "--out", "o"],
        "Fout: Ongeldige waarde voor '--format': 'xml' is niet 'case'.",
        "Error: Invalid value for '--format': 'xml' is not 'case'.",
    ),
    "not one of the choices": (
        ["framework", "show", "--format", "xml"],
        "Fout: Ongeldige waarde voor '--format': 'xml' is geen van 'text', 'json'.",
        "Error: Invalid value for '--format': 'xml' is not one of 'text', 'json'.",
    ),
    "not a number": (
        ["aggregate", "x", "--out", "o", "--jobs", "many"],
        "Fout: Ongeldige waarde voor '--jobs': 'many' is geen geldig geheel getal.",
        "Error: Invalid value for '--jobs': 'many' is not a valid integer range.",
    ),
    "out of range": (
        ["aggregate", "x", "--out", "o", "--jobs", "0"],
        "Fout: Ongeldige waarde voor '--jobs': 0 ligt niet in het bereik 1<=x<=64.",
        "Error: Invalid value for '--jobs': 0 is not in the range 1<=x<=64.",
    ),
    "path does not exist": (
        ["slides", "nowhere", "--out", "o"],
        "Fout: Ongeldige waarde voor 'RAPPORTMAP': Pad 'nowhere' bestaat niet.",
        "Error: Invalid value for 'REPORT': Path 'nowhere' does not exist.",
    ),
    "a folder for a file": (
        ["framework", "new", "--out", "{folder}"],
        "Fout: Ongeldige waarde voor '--out': Bestand '{folder}' is een map.",
        "Error: Invalid value for '--out': File '{folder}' is a directory.",
    ),
}


@pytest.mark.parametrize("name", list(USAGE_ERRORS))
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_usage_errors_speak_the_language(name, lang, tmp_path):
    args, nl, en = USAGE_ERRORS[name]
    folder = str(tmp_path)
    result = invoke([arg.format(folder=folder) for arg in args], lang)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines()[-1] == {"nl": nl, "en": en}[lang].format(folder=folder)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("nl", "Gebruik: cli [OPTIES] OPDRACHT [ARGUMENTEN]...\nProbeer 'cli --help' voor hulp.\n\n"),
        ("en", "Usage: cli [OPTIONS] COMMAND [ARGS]...\nTry 'cli --help' for help.\n\n"),
    ],
)
def test_a_usage_error_shows_the_usage_and_where_to_find_help(lang, expected):
    result = invoke(["--lang", lang], "")
    error = {"nl": "Fout: Geen opdracht gegeven.\n", "en": "Error: Missing command.\n"}[lang]
    assert (result.exit_code, result.stderr) == (2, expected + error)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "nl",
            "Gebruik: curriculum-map [OPTIES] OPDRACHT [ARGUMENTEN]...\n"
            "Probeer 'curriculum-map --help' voor hulp.\n\n"
            "Fout: Onbekende opdracht 'frmework'. Bedoelde je 'framework'?\n",
        ),
        (
            "en",
            "Usage: curriculum-map [OPTIONS] COMMAND [ARGS]...\n"
            "Try 'curriculum-map --help' for help.\n\n"
            "Error: No such command 'frmework'. Did you mean 'framework'?\n",
        ),
    ],
)
def test_the_program_itself_speaks_the_language_of_its_usage_errors(lang, expected):
    """main() runs click without its standalone mode and writes the error the same way."""
    code = "import sys; sys.argv = ['curriculum-map', 'frmework']; from curriculum_map.cli import main; main()"
    env = {"CURRICULUM_MAP_LANG": lang, "PYTHONPATH": str(REPO), "PATH": ""}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, env=env)
    assert (result.returncode, result.stderr) == (2, expected)


@click.group(cls=Group, help="help.framework")
def toy() -> None:
    """A group with what the tool's commands do not have: a required choice, a dynamic default, an interruption."""


@toy.command("run", help="help.framework.show")
@option("--kind", type=Choice(["a", "b"]), required=True, help="help.option.quiet")
@option("--size", type=IntRange(1, 9), default=lambda: 3, show_default=True, help="help.option.jobs")
@option("--stop", is_flag=True, help="help.option.quiet")
def toy_run(kind: str, size: int, stop: bool) -> None:
    if stop:
        raise KeyboardInterrupt


@pytest.mark.parametrize(
    ("lang", "missing", "dynamic", "aborted"),
    [
        (
            "nl",
            "Fout: Ontbrekende optie '--kind'. Kies uit:\n\ta,\n\tb\n",
            "[standaard: (dynamisch); 1<=x<=9]",
            "Afgebroken!",
        ),
        (
            "en",
            "Error: Missing option '--kind'. Choose from:\n\ta,\n\tb\n",
            "[default: (dynamic); 1<=x<=9]",
            "Aborted!",
        ),
    ],
)
def test_clicks_rarer_words_speak_the_language(lang, missing, dynamic, aborted):
    env = {"CURRICULUM_MAP_LANG": lang}
    result = CliRunner().invoke(toy, ["run"], env=env)
    assert result.exit_code == 2 and result.stderr.endswith(missing), result.stderr
    help_page = CliRunner().invoke(toy, ["run", "--help"], env=env, terminal_width=200)
    assert dynamic in help_page.output, help_page.output
    stopped = CliRunner().invoke(toy, ["run", "--kind", "a", "--stop"], env=env)
    assert stopped.exit_code == 1 and stopped.stderr.splitlines()[-1] == aborted
