"""Hostile framework files and texts (issue 21): a text with dollar signs, a formula-like cell, a tampered
history, a YAML or JSON bomb, a level label with a comma. Each either works or ends in a named error; none
stops a run with "Unexpected error". The files are written here as a person or a tool would write them."""

from __future__ import annotations

import csv
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import run, soffice_convert
from curriculum_map.core.catalogue import render
from make_examples import fill_positions_workbook, fill_workbook
from workbook_inspection import offered_choices

# mathtext would read this as TeX and fail on the unknown command: it must stay a plain text
DOLLARS = "Budget $\\foo{$ 2026"


def new_framework(path: Path, *replacements: tuple[str, str]) -> Path:
    """The starter file of 'framework new', with some of its lines replaced as a person would edit it."""
    assert run("framework", "new", "--out", str(path)).exit_code == 0
    content = path.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in content, old
        content = content.replace(old, new)
    path.write_text(content, encoding="utf-8")
    return path


@pytest.fixture
def dollar_framework(tmp_path) -> Path:
    quoted = '"' + DOLLARS.replace("\\", "\\\\") + '"'
    return new_framework(
        tmp_path / "kader.yaml",
        ("subject: {nl: Mijn competenties, en: My competences}", f"subject: {{nl: {quoted}, en: x}}"),  # titles
        ("name: Eerste cluster", f"name: {quoted}"),
        ("short: {nl: Opl. A, en: Prog. A}", f"short: {{nl: {quoted}, en: Prog. A}}"),
        ("name: {nl: Opleiding B, en: Programme B}", f"name: {{nl: {quoted}, en: Programme B}}"),
        ("label: {nl: deels, en: partly}", f"label: {{nl: {quoted}, en: partly}}"),
        ("text: een eerste competentie}", f"text: {quoted}}}"),
    )


def test_texts_with_dollar_signs_are_drawn_as_they_are_written(dollar_framework, tmp_path):
    blanks = tmp_path / "werkmappen"
    assert run("template", "--framework", str(dollar_framework), "--out", str(blanks)).exit_code == 0
    inbox = tmp_path / "in"
    inbox.mkdir()
    answers = {("matrix", "1.1", "level"): DOLLARS, ("matrix", "2.2", "level"): "volledig"}
    fill_workbook(blanks / "Opleiding A.xlsx", inbox / "a.xlsx", answers, {"name": DOLLARS})
    (other,) = (path for path in blanks.iterdir() if path.name != "Opleiding A.xlsx")
    fill_workbook(other, inbox / "b.xlsx", {("matrix", "1.1", "level"): "niet"}, {"name": "Bo"})
    report = tmp_path / "rapport"
    result = run("aggregate", str(inbox), "--framework", str(dollar_framework), "--out", str(report), "--pictures")
    assert result.exit_code == 0, result.output
    assert (report / "heatmap-componenten.png").is_file()
    pictures = tmp_path / "figuren"
    assert run("heatmap", str(report), "--out", str(pictures), "--format", "svg").exit_code == 0
    # the SVG keeps its texts as texts: the cluster (a group label), the programme (a tick label), the level
    # (the legend) and the competence are there as written, not set as formulas
    overview = (pictures / "heatmap-componenten.svg").read_text(encoding="utf-8")
    assert f"1. {DOLLARS}" in overview and f"1 = {DOLLARS}" in overview
    assert DOLLARS in (pictures / "heatmap-competenties-A.svg").read_text(encoding="utf-8")
    assert f">{DOLLARS}<" in (pictures / "heatmap-ambities.svg").read_text(encoding="utf-8")  # a column header
    deck = tmp_path / "deck.pptx"
    result = run("slides", str(report), "--out", str(deck))
    assert result.exit_code == 0, result.output
    assert deck.is_file()
    # the history's trend: a panel per programme, titled with its name
    history = tmp_path / "geschiedenis.sqlite"
    for label in ("2024-2025", "2025-2026"):
        assert run("history", "add", str(report), "--round", label, "--history", str(history)).exit_code == 0
    trend = tmp_path / "trend"
    result = run("history", "trend", "--history", str(history), "--out", str(trend), "--format", "svg")
    assert result.exit_code == 0, result.output
    assert DOLLARS in (trend / "trend-clusters.svg").read_text(encoding="utf-8")


def test_an_organisation_and_a_respondent_with_dollar_signs_in_the_positions_report(dollar_framework, tmp_path):
    blanks = tmp_path / "blank"
    result = run("positions", "template", "--framework", str(dollar_framework), "--organisation", DOLLARS,
                 "--out", str(blanks))  # fmt: skip
    assert result.exit_code == 0, result.output
    (blank,) = blanks.glob("*.xlsx")
    inbox = tmp_path / "in"
    inbox.mkdir()
    for name, choice in ((DOLLARS, "Starter"), ("Bo", "Expert")):
        answers = {("1.1.1", "choice"): choice, ("2.1.1", "choice"): "Starter"}
        fill_positions_workbook(blank, inbox / f"{name[:6]}.xlsx", answers, {"name": name, "date": "2025-09-01"})
    report = tmp_path / "rapport"
    result = run("positions", "aggregate", str(inbox), "--framework", str(dollar_framework), "--out", str(report))
    assert result.exit_code == 0, result.output
    assert list(report.glob("*.png"))


FORMULA_START = ("=", "+", "-", "@")


def test_speaker_notes_never_carry_a_formula(tmp_path):
    from pptx import Presentation

    framework = new_framework(
        tmp_path / "kader.yaml",
        ("short: {nl: Opl. A, en: Prog. A}", "short: {nl: '=HYPERLINK(\"http://x\")', en: Prog. A}"),
        ("name: {nl: Opleiding B, en: Programme B}", "name: {nl: '@SUM(A1)', en: Programme B}"),
    )
    blanks = tmp_path / "werkmappen"
    assert run("template", "--framework", str(framework), "--out", str(blanks)).exit_code == 0
    inbox = tmp_path / "in"
    inbox.mkdir()
    a, b = sorted(blanks.iterdir(), key=lambda path: path.name != "Opleiding A.xlsx")
    answers = {("matrix", "1.1", "level"): "volledig", ("matrix", "2.2", "level"): "deels"}
    fill_workbook(a, inbox / "a.xlsx", answers, {"name": "=1+1", "role": "+32 9 123", "date": "-5"})
    fill_workbook(a, inbox / "a2.xlsx", {("matrix", "1.1", "level"): "niet"}, {"name": "Bo\n=2+2"})
    fill_workbook(b, inbox / "b.xlsx", {("matrix", "1.1", "level"): "niet"}, {"name": "@Eva"})
    report = tmp_path / "rapport"
    result = run("aggregate", str(inbox), "--framework", str(framework), "--out", str(report), "--no-pictures")
    assert result.exit_code == 1, result.output  # the date '-5' is named as a problem; the run goes on
    deck = tmp_path / "deck.pptx"
    assert run("slides", str(report), "--out", str(deck)).exit_code == 0
    slides = Presentation(str(deck)).slides
    notes = [slide.notes_slide.notes_text_frame.text for slide in slides if slide.has_notes_slide]
    lines = [line for note in notes for line in note.splitlines()]
    assert [line for line in lines if line.startswith(FORMULA_START)] == []
    # a programme whose name looks like a formula starts its line with an apostrophe; respondents are never named
    assert "'@SUM(A1): 1 respondent" in notes[1].splitlines()
    assert not [line for line in lines if any(name in line for name in ("=1+1", "@Eva", "Bo =2+2", "+32 9 123"))]


@pytest.fixture
def small_round(tmp_path) -> tuple[Path, Path, Path]:
    """A report of the starter framework (legend 0-2) added to a history as round 2025-2026: (framework,
    report, history)."""
    framework = new_framework(tmp_path / "kader.yaml")
    blanks = tmp_path / "werkmappen"
    assert run("template", "--framework", str(framework), "--out", str(blanks)).exit_code == 0
    inbox = tmp_path / "in"
    inbox.mkdir()
    answers = {("matrix", "1.1", "level"): "volledig", ("matrix", "1.1", "ambition"): "volledig"}
    fill_workbook(blanks / "Opleiding A.xlsx", inbox / "a.xlsx", answers, {"name": "An"})
    report, history = tmp_path / "rapport", tmp_path / "geschiedenis.sqlite"
    result = run("aggregate", str(inbox), "--framework", str(framework), "--out", str(report), "--no-pictures",
                 "--round", "2025-2026", "--history", str(history))  # fmt: skip
    assert result.exit_code == 0, result.output
    return framework, report, history


def edit(history: Path, statement: str, *values: object) -> None:
    """Change the history file as someone with an SQLite editor would."""
    with sqlite3.connect(history) as connection:
        assert connection.execute(statement, values).rowcount >= 1
    connection.close()


def test_history_show_names_a_consensus_outside_the_legend(small_round):
    _, _, history = small_round
    shown = run("history", "show", "2025-2026", "--history", str(history))
    assert shown.exit_code == 0, shown.output
    assert "2,0" in shown.output  # the mean consensus of Opleiding A's components as it was recorded
    edit(history, "UPDATE round_consensus SET consensus = 99 WHERE item_id = '1.1' AND field = 'level'")
    result = run("history", "show", "2025-2026", "--history", str(history))
    assert result.exit_code == 2
    assert "99,0" not in result.output and "99.0" not in result.output
    assert result.output.strip() == "Fout: " + render(
        "history-score-outside-scale", path=history, label="2025-2026", programme="Opleiding A", item="1.1",
        value=99, scores="0, 1, 2",
    )  # fmt: skip


@pytest.mark.parametrize("value", [7, -1, "'veel'"])
def test_a_score_outside_the_legend_in_the_history_is_named_by_trend_and_the_pandas_api(small_round, value):
    from curriculum_map import read_history
    from curriculum_map.history.errors import HistoryError

    framework, report, history = small_round
    assert run("history", "add", str(report), "--round", "2026-2027", "--history", str(history)).exit_code == 0
    edit(history, f"UPDATE round_responses SET score = {value} WHERE item_id = '1.1' AND field = 'ambition'")
    result = run("history", "trend", "--history", str(history), "--out", str(history.parent / "trend"))
    assert result.exit_code == 2
    assert "2025-2026" in result.output and "Opleiding A, 1.1" in result.output and "0, 1, 2" in result.output
    with pytest.raises(HistoryError) as raised:
        read_history(history)
    assert raised.value.code == "history-score-outside-scale"


def test_a_score_outside_the_legend_in_a_report_folder_is_named(small_round, tmp_path):
    framework, report, _ = small_round
    (report / "manifest.json").unlink()  # a report of a version without manifests, edited afterwards
    responses = report / "responses.csv"
    lines = responses.read_text(encoding="utf-8-sig").splitlines()
    header = lines[0].split(",")
    row = lines[1].split(",")
    row[header.index("score")] = "99"
    responses.write_text("\n".join([lines[0], ",".join(row), *lines[2:]]) + "\n", encoding="utf-8-sig")
    result = run("heatmap", str(report), "--out", str(tmp_path / "figuren"))
    assert result.exit_code == 2
    expected = render("results-score-outside-scale", path=responses, line=2, score=99, scores="0, 1, 2")
    assert expected in result.output


@pytest.mark.parametrize(
    ("model", "code"),
    [
        ("{niet af", "history-framework-not-json"),
        ("[" * 200_000 + "]" * 200_000, "history-framework-not-json"),
        ('{"id": "x"}', "history-framework-damaged"),
        ("[1, 2]", "history-framework-damaged"),
    ],
    ids=["broken", "nested", "incomplete", "a-list"],
)
def test_a_damaged_framework_in_the_history_is_named(small_round, tmp_path, model, code):
    _, _, history = small_round
    edit(history, "UPDATE frameworks SET model = ?", model)
    for command in (["show", "2025-2026"], ["trend", "--out", str(tmp_path / "trend")]):
        result = run("history", *command, "--history", str(history))
        assert result.exit_code == 2, result.output
        assert result.output.startswith(f"Fout: {history}: het kader van ronde '2025-2026' is beschadigd (")
        assert render(code, path=history, label="2025-2026", reason="x").endswith("history add'")


def laughs(levels: int = 8) -> str:
    """Nested aliases ('billion laughs'): each list holds nine of the one before, 9**levels values in all."""
    lines = ["a1: &a1 [" + ", ".join(["x"] * 9) + "]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(2, levels + 1)]
    return "\n".join(lines) + "\n"


def peak_run(*args: str) -> tuple[int, str, float]:
    """Run the command line in a fresh process: its exit status, its output and its peak memory in MB."""
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from click.testing import CliRunner\n"
        "from curriculum_map.cli import cli\n"
        "result = CliRunner().invoke(cli, sys.argv[1:], catch_exceptions=False)\n"
        "status = Path('/proc/self/status').read_text().splitlines()\n"
        "hwm = [int(line.split()[1]) for line in status if line.startswith('VmHWM')]\n"
        "print(result.exit_code, hwm[0] / 1024)\n"
        "print(result.output, end='')\n"
    )
    done = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr  # the command's own status is printed; this one is the script's
    first, _, output = done.stdout.partition("\n")
    status, peak = first.split()
    return int(status), output, float(peak)


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="peak memory is read from /proc")
def test_a_framework_file_of_nested_aliases_is_refused_in_bounded_memory(tmp_path):
    path = new_framework(tmp_path / "kader.yaml", ("publisher: Mijn organisatie", "publisher: *a8"))
    path.write_text(laughs() + path.read_text(encoding="utf-8"), encoding="utf-8")
    assert path.stat().st_size < 6_000
    expected = render("yaml-aliases", line=5, column=10, limit=10_000)
    # before anything walks the document: checking it against the schema took 500 MB and seconds
    status, output, peak = peak_run("framework", "validate", str(path))
    assert (status, output.splitlines()[0]) == (1, f"{path}: {expected}")
    assert peak < 200, f"refusing a 5 KB file used {peak:.0f} MB"
    result = run("template", "--framework", str(path), "--out", str(tmp_path / "werkmappen"))
    assert (result.exit_code, result.output) == (2, f"Fout: {path}: {expected}\n")
    assert not (tmp_path / "werkmappen").exists()


def test_aliases_that_reuse_a_text_a_few_times_still_work(tmp_path):
    path = new_framework(tmp_path / "kader.yaml")
    first, *others = path.read_text(encoding="utf-8").split("description: Wat deze cluster omvat.")
    anchored = "description: &uitleg {nl: Wat deze cluster omvat., en: What it holds.}"
    path.write_text(first + anchored + "description: *uitleg".join(others), encoding="utf-8")
    result = run("framework", "validate", str(path))
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("style", ["flow", "block"])
def test_a_framework_nested_200000_deep_is_refused(tmp_path, style):
    path = tmp_path / ("kader.json" if style == "flow" else "kader.yaml")
    depth = 200_000
    path.write_text("[" * depth + "]" * depth if style == "flow" else "- " * depth + "x\n", encoding="utf-8")
    result = run("framework", "validate", str(path))  # libyaml's loader would end the process here
    assert result.exit_code == 1
    column = 101 if style == "flow" else 201  # the 101st '[' or '- '
    assert result.output.startswith(f"{path}: " + render("yaml-too-deep", line=1, column=column, limit=100))
    result = run("template", "--framework", str(path), "--out", str(tmp_path / "werkmappen"))
    assert result.exit_code == 2


def test_a_case_package_nested_200000_deep_is_refused(tmp_path):
    path = tmp_path / "pakket.json"
    depth = 200_000
    path.write_text('{"CFPackage": {"CFDocument": ' + '{"a": ' * depth + "1" + "}" * depth + "}}", encoding="utf-8")
    result = run("framework", "import", str(path), "--out", str(tmp_path / "kader.yaml"))
    assert result.exit_code == 2
    assert result.output == "Fout: " + render("case-too-deep", path=path) + "\n"
    assert not (tmp_path / "kader.yaml").exists()


def test_a_crosswalk_of_nested_aliases_is_refused(tmp_path, framework):
    from curriculum_map.framework.crosswalk import CrosswalkError, load_crosswalk

    path = tmp_path / "crosswalk.yaml"
    path.write_text(laughs() + "from_version: '2023'\nmap: {}\n", encoding="utf-8")
    with pytest.raises(CrosswalkError) as raised:
        load_crosswalk(path, framework)
    assert (
        raised.value.render("en")
        == f"{path}: cannot be read (" + render("yaml-aliases", "en", line=5, column=10, limit=10_000) + ")"
    )


COMMA = "Deels, met hulp"
LONG = "Volledig, " + "en dat in elke opleidingsfase, met oefeningen, feedback en een toets " * 4  # 290 characters


def choices_of(path: Path, sheet: str, cell: str) -> list[str]:
    """What the dropdown of a cell offers, as Excel shows it (from the workbook, not from the framework)."""
    import openpyxl

    wb = openpyxl.load_workbook(path)
    (validation,) = [v for v in wb[sheet].data_validations.dataValidation if cell in v.sqref]
    return offered_choices(wb, validation.formula1)


@pytest.mark.parametrize("soffice", [False, pytest.param(True, marks=pytest.mark.libreoffice)])
def test_a_level_label_with_a_comma_is_one_choice_of_the_dropdown_and_a_valid_answer(tmp_path, soffice):
    import openpyxl

    framework = new_framework(
        tmp_path / "kader.yaml",
        ("label: {nl: deels, en: partly}", f"label: {{nl: '{COMMA}', en: 'Partly, with help'}}"),
        ("label: {nl: volledig, en: fully}", f"label: {{nl: '{LONG.strip()}', en: fully}}"),
    )
    assert run("framework", "validate", str(framework)).exit_code == 0
    blanks = tmp_path / "werkmappen"
    assert run("template", "--framework", str(framework), "--out", str(blanks)).exit_code == 0
    blank = blanks / "Opleiding A.xlsx"
    if soffice:  # saved again by LibreOffice Calc, as a lecturer using it would
        blank = soffice_convert(blank, tmp_path / "calc")
    wb = openpyxl.load_workbook(blank)
    ws = wb["Matrix"]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "1.1")
    offered = choices_of(blank, "Matrix", f"D{row}")
    assert offered == ["niet", COMMA, LONG.strip()]
    ws.cell(row, 4).value, ws.cell(row, 5).value = offered[1], offered[2]  # chosen from the dropdown
    ws["C3"] = "An"
    inbox = tmp_path / "in"
    inbox.mkdir()
    wb.save(inbox / "a.xlsx")
    report = tmp_path / "rapport"
    result = run("aggregate", str(inbox), "--framework", str(framework), "--out", str(report), "--no-pictures")
    assert result.exit_code == 0, result.output
    with (report / "responses.csv").open(encoding="utf-8-sig", newline="") as handle:
        answers = [(r["item_id"], r["field"], r["label"], r["score"]) for r in csv.DictReader(handle)]
    assert answers == [("1.1", "level", COMMA, "1"), ("1.1", "ambition", LONG.strip(), "2")]


def test_a_position_name_with_a_comma_is_one_choice_of_the_dropdown(tmp_path):
    framework = new_framework(
        tmp_path / "kader.yaml", ("name: {nl: Expert, en: Expert}", "name: {nl: 'Expert, coach', en: Expert}")
    )
    blanks = tmp_path / "blank"
    result = run("positions", "template", "--framework", str(framework), "--organisation", "Vonk", "--out", str(blanks))
    assert result.exit_code == 0, result.output
    (blank,) = blanks.glob("*.xlsx")
    import openpyxl

    from curriculum_map.positions.template import positions_layout

    ws = openpyxl.load_workbook(blank)["Posities"]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "1.1.1")
    choice = positions_layout().letter("choice")
    offered = choices_of(blank, "Posities", f"{choice}{row}")
    assert offered[:2] == ["Starter", "Expert, coach"]
    inbox = tmp_path / "in"
    inbox.mkdir()
    fill_positions_workbook(blank, inbox / "a.xlsx", {("1.1.1", "choice"): offered[1]}, {"name": "An"})
    report = tmp_path / "rapport"
    result = run("positions", "aggregate", str(inbox), "--framework", str(framework), "--out", str(report))
    assert result.exit_code == 0, result.output
    with (report / "responses.csv").open(encoding="utf-8-sig", newline="") as handle:
        assert [(r["item_id"], r["choice_id"]) for r in csv.DictReader(handle)] == [("1.1.1", "expert")]
