from __future__ import annotations

import re

from conftest import REPO, run


def readme_commands() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    setup = text.split("## Set-up", 1)[1].split("\n## ", 1)[0]
    return [block.strip() for block in re.findall(r"```sh\n(.*?)```", setup, re.S)]


def test_readme_has_exactly_two_setup_commands():
    commands = readme_commands()
    assert len(commands) == 2
    assert all("\n" not in c for c in commands)
    assert "curriculum-map" in commands[0]


def test_ci_runs_the_readmes_test_command():
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    last_command = [line for line in ci.splitlines() if line.strip() and not line.startswith("#")][-1]
    assert last_command.strip() == readme_commands()[1]


def test_every_command_has_help_and_is_documented():
    from curriculum_map.cli import cli

    readme = (REPO / "README.md").read_text(encoding="utf-8")

    def walk(group, prefix):
        for name, command in group.commands.items():
            path = f"{prefix} {name}"
            if hasattr(command, "commands"):
                yield from walk(command, path)
            else:
                yield path, command

    for path, command in walk(cli, "curriculum-map"):
        assert command.help, f"{path} has no help text"
        assert f"`{path}" in readme, f"{path} is not in the README"
        result = run(*path.split()[1:], "--help")
        assert result.exit_code == 0


def test_every_problem_code_is_documented():
    from curriculum_map.core.problems import catalogue

    documented = (REPO / "docs" / "problems.md").read_text(encoding="utf-8")
    for code, entry in catalogue().items():
        assert f"| `{code}` | {entry['severity']} |" in documented, code
        assert entry["nl"] and entry["en"], code


def test_code_passes_ruff():
    import shutil
    import subprocess

    import pytest

    ruff = shutil.which("ruff")
    if ruff is None:
        pytest.skip("ruff is not installed")
    result = subprocess.run([ruff, "check", str(REPO)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_the_readme_and_the_workbook_give_the_same_time_for_the_matrix(tmp_path, framework):
    """One time estimate everywhere: the one the workbook computes from the rows' texts (issue 23)."""

    import openpyxl

    from curriculum_map.coverage.template import write_templates

    path = write_templates(framework, tmp_path, [framework.programmes[0]]).workbooks[0].path
    texts = [v for row in openpyxl.load_workbook(path).worksheets[0].iter_rows(values_only=True) for v in row if v]
    found = next(re.search(r"vraagt ongeveer (\d+) minuten; .* ongeveer (\d+) minuten extra", str(t)) for t in texts
                 if "vraagt ongeveer" in str(t))  # fmt: skip
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert f"the Matrix about {found.group(1)} minutes, the competences about {found.group(2)} more" in readme


def planted_cells() -> set[tuple[str, str, str]]:
    """(file, sheet, cell) of every mistake examples/make_examples.py plants: the course units of component
    1.1 as lecturers type them (in every workbook), and what pasting and typing do to one workbook."""
    import openpyxl

    from curriculum_map.core.texts import text
    from curriculum_map.framework.model import load_framework
    from curriculum_map.workbook.layout import COMPETENCES, MATRIX
    from make_examples import RESPONDENTS, _messy, row_of

    framework = load_framework()
    messy: dict = {}
    _messy(messy, framework)
    layouts = {layout.key: layout for layout in (MATRIX, COMPETENCES)}
    found = set()
    for programme in framework.programmes:
        for name, *_ in RESPONDENTS[programme.id]:
            file = f"{programme.name.get('nl')} - {name}.xlsx"
            book = openpyxl.load_workbook(REPO / "examples" / "opleidingen" / file)
            keys = [("matrix", "1.1", "evidence"), *(messy if programme.id == "toegepaste-psychologie" else ())]
            for key, item, column in keys:
                sheet = text(f"sheet.{key}", "nl")
                row = row_of(book[sheet], layouts[key])[item]
                found.add((file, sheet, f"{layouts[key].letter(column)}{row}"))
    return found


def test_the_readmes_first_command_prints_only_the_problems_planted_in_the_examples(tmp_path, monkeypatch):
    """It reads the programme examples only: no positions workbook and no list is skipped with a note (issue 23)."""
    import csv
    import shlex

    command = shlex.split(readme_commands()[0].split(" && ", 1)[1])
    assert command[0] == "curriculum-map" and command[1] == "aggregate"
    args = command[1:]
    args[args.index("--out") + 1] = str(tmp_path / "report")
    monkeypatch.chdir(REPO)
    result = run(*args, "--no-pictures")
    assert result.exit_code == 1, result.output  # the planted mistakes
    with (tmp_path / "report" / "problems.csv").open(encoding="utf-8-sig", newline="") as handle:
        problems = list(csv.DictReader(handle))
    where = {(p["file"], p["sheet"], p["cell"]) for p in problems}
    assert where <= planted_cells() and len(problems) >= 8, problems
    assert {p["file"] for p in problems if p["severity"] == "error"} == {"Toegepaste psychologie - Gert Jacobs.xlsx"}
    printed = [line for line in result.output.splitlines() if ": " in line and ".xlsx" in line]
    assert len(printed) == len(problems) and all(line.split(": ")[0] in {w[0] for w in where} for line in printed)
