"""Make the example workbooks in this folder: the tool's own templates, filled in as lecturers would.

Run `python examples/make_examples.py [--out DIR]`. The answers are fictional but plausible and
always the same (a fixed random seed). One programme has two respondents who disagree on several
rows; one workbook has the kind of problems that pasting and typing produce. `positions/` holds
four staff members' positions workbooks of one fictional organisation. The tests run this
script and compare its output with the committed workbooks, so they never drift from the templates.
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Mapping
from pathlib import Path

import openpyxl

from curriculum_map.core.texts import text
from curriculum_map.coverage.template import TemplateOptions, write_template
from curriculum_map.framework.model import Framework, load_framework
from curriculum_map.workbook.layout import COMPETENCES, MATRIX, RESPONDENT_ROWS, RESPONDENT_VALUE_COLUMN, SheetLayout

HERE = Path(__file__).resolve().parent

# Cell values keyed by (layout key, item id, column name); values are what a person types or pastes.
Answers = Mapping[tuple[str, str, str], object]


class Formula(str):
    """A formula typed into a cell (plain strings starting with '=' are stored as text, as in a text cell)."""


def _set(cell, value: object) -> None:
    cell.value = value
    if isinstance(value, str) and value.startswith("=") and not isinstance(value, Formula):
        cell.data_type = "s"  # the input cells are formatted as text: Excel keeps '=...' as typed


def row_of(ws, layout: SheetLayout) -> dict[str, int]:
    """The 1-based row of every item id in a data sheet, read from column A."""
    column = layout.column("id") + 1
    return {
        str(ws.cell(row, column).value): row
        for row in range(layout.first_data_row, ws.max_row + 1)
        if ws.cell(row, column).value is not None
    }


def fill_workbook(
    template: Path,
    target: Path,
    answers: Answers,
    respondent: Mapping[str, str] | None = None,
    lang: str = "nl",
) -> Path:
    """Open a blank workbook, type answers into it by item id, and save it as `target`."""
    wb = openpyxl.load_workbook(template)
    layouts = {layout.key: layout for layout in (MATRIX, COMPETENCES)}
    sheets = {key: wb[text(f"sheet.{key}", lang)] for key in layouts}
    rows = {key: row_of(sheets[key], layouts[key]) for key in layouts}
    for field, value in (respondent or {}).items():
        _set(sheets["matrix"].cell(RESPONDENT_ROWS[field], RESPONDENT_VALUE_COLUMN + 1), value)
    for (key, item_id, column), value in answers.items():
        layout = layouts[key]
        _set(sheets[key].cell(rows[key][item_id], layout.column(column) + 1), value)
    wb.save(target)
    return target


def fill_positions_workbook(
    template: Path,
    target: Path,
    answers: Mapping[tuple[str, str], object],
    respondent: Mapping[str, str] | None = None,
    lang: str = "nl",
) -> Path:
    """Type answers into a blank positions workbook by (row id, column) and save it as `target`.

    Columns are 'competence', 'own_choice' or a position id; row ids are competence ids or the
    ids of the empty rows for own competences ('1.2.eigen1').
    """
    from curriculum_map.framework.model import load_framework
    from curriculum_map.positions.template import POSITION_PREFIX, positions_layout

    wb = openpyxl.load_workbook(template)
    ws = wb[text("sheet.positions", lang)]
    layout = positions_layout(load_framework())
    rows = row_of(ws, layout)
    for field, value in (respondent or {}).items():
        _set(ws.cell(RESPONDENT_ROWS[field], RESPONDENT_VALUE_COLUMN + 1), value)
    for (row_id, column), value in answers.items():
        key = column if column in layout.columns else POSITION_PREFIX + column
        _set(ws.cell(rows[row_id], layout.column(key) + 1), value)
    wb.save(target)
    return target


# Fictional staff of one organisation: (name, role, date, how often they depart from the shared view)
POSITION_RESPONDENTS = [
    ("Hanne Peeters", "teamcoach", "2025-09-01", 0.10),
    ("Ilias Bouzid", "maatschappelijk werker", "2025-09-03", 0.25),
    ("Joke Verstraete", "stafmedewerker digitalisering", "2025-09-04", 0.15),
    ("Kobe Lambrecht", "begeleider", "2025-09-08", 0.35),
]
ADDED = {
    "Ilias Bouzid": ("5.2.eigen1", "veilig kunnen omgaan met groepschats van cliënten (bv. WhatsApp-groepen)"),
    "Joke Verstraete": ("8.2.eigen1", "een datalek kunnen herkennen en melden volgens de procedure van de organisatie"),
}


def make_position_examples(out_dir: Path, framework: Framework | None = None) -> list[Path]:
    """Four filled positions workbooks of one fictional organisation, with disagreement and additions."""
    from curriculum_map.positions.template import write_positions_template

    framework = framework or load_framework()
    out_dir.mkdir(parents=True, exist_ok=True)
    labels = [level.label.get("nl") for level in framework.expectations]
    shared = random.Random("positions/shared")
    # the organisation's shared view: more is expected of positions further along
    view = {}
    for competence in framework.competences:
        base = shared.uniform(-0.6, 1.2)
        for step, position in enumerate(framework.positions):
            view[(competence.id, position.id)] = max(0, min(2, round(base + 0.45 * step)))
    # a scratch copy, removed below; one left behind by an interrupted run may be replaced
    template = write_positions_template(framework, out_dir / ".blank", "De Vonk vzw", overwrite=True)
    written = []
    for name, role, date, departure in POSITION_RESPONDENTS:
        rng = random.Random(f"positions/{name}")
        answers: dict[tuple[str, str], object] = {}
        for (item_id, position_id), value in view.items():
            if rng.random() < departure:
                value = max(0, min(2, value + rng.choice([-2, -1, 1, 2])))
            if rng.random() < 0.03:
                continue  # left blank: not answered
            answers[(item_id, position_id)] = labels[value]
        if name in ADDED:
            row_id, statement = ADDED[name]
            answers[(row_id, "competence")] = statement
            answers[(row_id, "beginner")] = labels[1]
            answers[(row_id, "gangmaker")] = labels[2]
        target = out_dir / f"Posities - De Vonk vzw - {name}.xlsx"
        fill_positions_workbook(template, target, answers, {"name": name, "role": role, "date": date})
        written.append(target)
    template.unlink()
    (out_dir / ".blank").rmdir()
    return written


def _profile_answers(framework: Framework, rng: random.Random, strength: list[float], share: float) -> dict:
    """Answers for one respondent: a level per component around the programme's strength per focus."""
    top = framework.levels[-1].score
    labels = framework.level_labels("nl")
    answers: dict[tuple[str, str, str], object] = {}
    for index, focus in enumerate(framework.focuses):
        for cluster in focus.clusters:
            for component in cluster.components:
                current = max(0, min(top, round(strength[index] + rng.uniform(-1.1, 1.1))))
                ambition = min(top, current + rng.choice([0, 1, 1, 2]))
                answers[("matrix", component.id, "level")] = labels[current]
                answers[("matrix", component.id, "ambition")] = labels[ambition]
                for competence in component.competences:
                    if rng.random() > share:
                        continue
                    level = max(0, min(top, current + rng.choice([-1, 0, 0, 1])))
                    answers[("competences", competence.id, "level")] = labels[level]
                    if rng.random() < 0.5:
                        answers[("competences", competence.id, "ambition")] = labels[min(top, level + 1)]
    return answers


# programme id -> respondents: (file stem, name, role, date, strength per focus, share of competences answered)
RESPONDENTS = {
    "gezinswetenschappen": [("An Peeters", "lector", "2025-05-12", [1.6, 1.4, 0.8], 0.8)],
    "orthopedagogie": [
        ("Bram De Smet", "opleidingscoördinator", "2025-05-20", [2.0, 2.2, 1.2], 0.9),
        ("Chloë Maes", "lector", "2025-05-22", [1.2, 2.6, 0.6], 0.6),
    ],
    "pedagogie-jonge-kind": [("Dries Wouters", "lector", "2025-05-15", [1.0, 1.0, 0.4], 0.0)],
    "sociale-readaptatiewetenschappen": [("Eva Claes", "lector", "2025-06-02", [1.8, 1.8, 1.4], 0.7)],
    "sociaal-werk": [("Fatima El Amrani", "opleidingshoofd", "2025-05-28", [2.4, 2.0, 1.8], 1.0)],
    "toegepaste-psychologie": [("Gert Jacobs", "lector", "2025-06-05", [1.4, 2.4, 1.0], 0.5)],
}


def _messy(answers: dict, framework: Framework) -> None:
    """What pasting and quick typing do to a workbook: the problems the example should show."""
    answers[("matrix", "1.1", "level")] = "goed"  # pasted over the dropdown: not a level
    answers[("matrix", "2.2", "level")] = "  Geoefend\u00a0"  # stray spaces and case: accepted
    answers[("matrix", "3.1", "ambition")] = "2"  # a score instead of a label: accepted
    answers[("matrix", "4.3", "level")] = "practised"  # the English label: accepted
    answers[("matrix", "5.2", "ambition")] = "ja"  # nothing close to a level
    answers[("matrix", "6.1", "comment")] = "=niet van toepassing"  # looks like a formula in a text cell
    answers[("competences", "2.2.1", "evidence")] = "Digitale vaardigheden 1 (1e bach)"
    answers.pop(("competences", "2.2.1", "level"), None)  # text without a level
    answers.pop(("competences", "2.2.1", "ambition"), None)


def make_examples(out_dir: Path, framework: Framework | None = None) -> list[Path]:
    """Write the example workbooks into `out_dir` and return their paths."""
    framework = framework or load_framework()
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for programme in framework.programmes:
        for number, (name, role, date, strength, share) in enumerate(RESPONDENTS[programme.id]):
            rng = random.Random(f"{programme.id}/{number}")
            answers = _profile_answers(framework, rng, strength, share)
            answers[("matrix", "1.1", "evidence")] = "Sociale inclusie (2e bach); stage"
            if programme.id == "toegepaste-psychologie":
                _messy(answers, framework)
            template = out_dir / f".blank-{programme.id}.xlsx"
            write_template(framework, programme, template, TemplateOptions())
            target = out_dir / f"{programme.name.get()} - {name}.xlsx"
            fill_workbook(template, target, answers, {"name": name, "role": role, "date": date})
            template.unlink()
            written.append(target)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE, help="folder for the workbooks (default: examples/)")
    out = parser.parse_args().out
    for path in make_examples(out) + make_position_examples(out / "positions"):
        print(path)


if __name__ == "__main__":
    main()
