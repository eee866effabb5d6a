"""Make the example workbooks in this folder: the tool's own templates, filled in as lecturers would.

Run `python examples/make_examples.py [--out DIR]`. The answers are fictional but plausible and
always the same (a fixed random seed). One programme has two respondents who disagree on several
rows; one workbook has the kind of problems that pasting and typing produce: they are written into
`opleidingen/`, one thing per folder, so that aggregating it shows only the problems planted there.
`posities/` holds the positions workbooks of two fictional organisations (four and three staff), made with the example
proposal that `docs/voorstel-posities.csv` holds (written here too). The tests run this
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

    Columns are 'choice' (the own choice, typed as a person would: 'Pionier', ' gangmakers ', 'nvt'),
    'comment' and 'competence' (for the empty rows of own competences, ids such as '1.2.eigen1').
    """
    from curriculum_map.positions.template import positions_layout

    wb = openpyxl.load_workbook(template)
    ws = wb[text("sheet.positions", lang)]
    layout = positions_layout()
    rows = row_of(ws, layout)
    for field, value in (respondent or {}).items():
        _set(ws.cell(RESPONDENT_ROWS[field], RESPONDENT_VALUE_COLUMN + 1), value)
    for (row_id, column), value in answers.items():
        _set(ws.cell(rows[row_id], layout.column(column) + 1), value)
    wb.save(target)
    return target


# The example proposal ('voorstel positie'), fictional: what the framework's users might propose. Per focus
# and component kind the usual first position (0 = the first position), varied per competence below.
PROPOSAL_BASE = {
    0: {"kennis": 0, "vaardigheden": 0, "attitudes": 0},  # alert for the digital divide and media literacy
    1: {"kennis": 0, "vaardigheden": 1, "attitudes": 0},  # blended help for clients and their network
    2: {"kennis": 2, "vaardigheden": 3, "attitudes": 2},  # shaping the blended offer of the organisation
}
PROPOSAL_FILE = HERE.parent / "docs" / "voorstel-posities.csv"
# one kind of workbook per folder: programme workbooks and positions workbooks are read by different commands
PROGRAMME_EXAMPLES, POSITION_EXAMPLES = "opleidingen", "posities"


def example_proposal(framework: Framework) -> dict[str, str]:
    """The fictional example proposal: competence id -> position id."""
    rng = random.Random("positions/proposal")
    positions = [p.id for p in framework.positions]
    proposal = {}
    for index, focus in enumerate(framework.focuses):
        for cluster in focus.clusters:
            for component in cluster.components:
                for competence in component.competences:
                    rank = PROPOSAL_BASE[index % 3][component.kind.id] + rng.choice([0, 0, 0, 0, 1, -1])
                    proposal[competence.id] = positions[max(0, min(len(positions) - 1, rank))]
    return proposal


def write_example_proposal(path: Path, framework: Framework | None = None) -> Path:
    """The example proposal as a coordinator would save it from a spreadsheet: id, competence, proposed position."""
    import csv

    framework = framework or load_framework()
    names = {p.id: p.name.get("nl") for p in framework.positions}
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["id", "competentie", "voorstel positie"])
        for item_id, position in example_proposal(framework).items():
            text_ = framework.competence(item_id).text.get("nl").replace("\n", " ")
            writer.writerow([item_id, text_, names[position]])
    return path


# Fictional staff of two organisations: (name, role, date, how often they depart from their organisation's view)
POSITION_RESPONDENTS = {
    "De Vonk vzw": [
        ("Hanne Peeters", "teamcoach", "2025-09-01", 0.10),
        ("Ilias Bouzid", "maatschappelijk werker", "2025-09-03", 0.25),
        ("Joke Verstraete", "stafmedewerker digitalisering", "2025-09-04", 0.15),
        ("Kobe Lambrecht", "begeleider", "2025-09-08", 0.35),
    ],
    "CAW Het Anker": [
        ("Lotte Claeys", "teamverantwoordelijke", "2025-09-10", 0.15),
        ("Mehdi Amrani", "hulpverlener", "2025-09-11", 0.20),
        ("Nele Wuyts", "hulpverlener chat", "2025-09-12", 0.30),
    ],
}
# How each organisation departs from the proposal, per focus (steps; negative = expected earlier)
ORGANISATION_SHIFT = {"De Vonk vzw": (0, -1, -1), "CAW Het Anker": (1, 0, 1)}
ADDED = {
    "Ilias Bouzid": ("5.2.eigen1", "veilig kunnen omgaan met groepschats van cliënten (bv. WhatsApp-groepen)", 0),
    "Joke Verstraete": (
        "8.2.eigen1",
        "een datalek kunnen herkennen en melden volgens de procedure van de organisatie",
        1,
    ),
    "Nele Wuyts": ("4.2.eigen1", "een chatgesprek met een cliënt in crisis veilig kunnen afronden of doorverwijzen", 0),
}
COMMENTS = {
    "Hanne Peeters": {
        "5.2.1": "Alleen voor wie de chat bemant.",
        "8.1.1": "Hoort bij het beleid, niet bij elke medewerker.",
    },
    "Ilias Bouzid": {"1.2.2": "Dat vraagt tijd die beginners niet hebben."},
    "Kobe Lambrecht": {"6.2.1": "Twijfel tussen Beginner en Hulpverlener met ervaring."},
    "Lotte Claeys": {"9.1.1": "Bij ons nog niet aan de orde."},
    "Mehdi Amrani": {"5.2.1": "Wie start, moet dit meteen kunnen."},
}
# What people type by hand instead of choosing from the list: read as meant, or named as a problem
TYPED = {
    "Kobe Lambrecht": {"2.1.1": " pionier ", "2.1.2": "Gangmakers", "3.1.1": "nvt"},
    "Ilias Bouzid": {"4.1.1": "Pionir"},  # no position: a problem with its cell, and the closest position
}


def make_position_examples(out_dir: Path, framework: Framework | None = None) -> list[Path]:
    """Positions workbooks of two fictional organisations, made with the example proposal: several staff
    each, who disagree in places, type some answers by hand, explain some choices and add competences."""
    from curriculum_map.framework.model import NOT_APPLICABLE, Proposal, Text
    from curriculum_map.positions.template import PositionsTemplate, write_positions_templates

    framework = framework or load_framework()
    out_dir.mkdir(parents=True, exist_ok=True)
    proposal_ids = example_proposal(framework)
    proposal = Proposal(Text({"nl": PROPOSAL_FILE.name}), proposal_ids)
    choices = [p.id for p in framework.positions]
    labels = {p.id: p.name.get("nl") for p in framework.positions}
    labels[NOT_APPLICABLE] = text("positions.choice.not_applicable", "nl")
    focus_of = {x.id: i for i, f in enumerate(framework.focuses) for c in f.clusters for k in c.components
                for x in k.competences}  # fmt: skip
    written = []
    for organisation, people in POSITION_RESPONDENTS.items():
        shared = random.Random(f"positions/{organisation}")
        view = {}
        for item_id, proposed in proposal_ids.items():
            shift = ORGANISATION_SHIFT[organisation][focus_of[item_id]] if shared.random() < 0.45 else 0
            view[item_id] = max(0, min(len(choices), choices.index(proposed) + shift))  # len(choices) = n/a
        # a scratch copy, removed below; one left behind by an interrupted run may be replaced
        scratch = out_dir / ".blank"
        template = write_positions_templates(
            framework, scratch, PositionsTemplate(organisation, proposal), overwrite=True
        )[0]
        for name, role, date, departure in people:
            rng = random.Random(f"positions/{name}")
            answers: dict[tuple[str, str], object] = {}
            for item_id, rank in view.items():
                if rng.random() < departure:
                    rank = max(0, min(len(choices) - 1, rank + rng.choice([-2, -1, 1, 1, 2])))
                if rng.random() < 0.03:
                    continue  # left blank: not answered
                answers[(item_id, "choice")] = labels[(choices + [NOT_APPLICABLE])[rank]]
            for item_id, value in TYPED.get(name, {}).items():
                answers[(item_id, "choice")] = value
            for item_id, comment in COMMENTS.get(name, {}).items():
                answers[(item_id, "comment")] = comment
            if name in ADDED:
                row_id, statement, rank = ADDED[name]
                answers[(row_id, "competence")] = statement
                answers[(row_id, "choice")] = labels[choices[rank]]
            target = out_dir / f"Posities - {organisation} - {name}.xlsx"
            fill_positions_workbook(template, target, answers, {"name": name, "role": role, "date": date})
            written.append(target)
        template.unlink()
        scratch.rmdir()
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


COURSES = HERE / "lijsten" / "opleidingsonderdelen.csv"
# Where component 1.1 is covered, as lecturers write it: picked from the dropdown, codes and names in
# another case, a typo (read as the unit it resembles, with a note) and names on no list (a note).
EVIDENCE_1_1 = {
    "gezinswetenschappen": "GW205 – Gezinnen in een digitale samenleving (2)",
    "orthopedagogie": "Mediawijsheid en kwetsbaarhied (2e bach)",
    "pedagogie-jonge-kind": "pj115; PJ203",
    "sociale-readaptatiewetenschappen": "ONLINE HULPVERLENING, Netwerken en ketenzorg",
    "sociaal-werk": "Sociale inclusie (2e bach); stage",
    "toegepaste-psychologie": "Gesprekstechnieken online en ofline; Filosofie",
}


def _course_units(framework: Framework, programme_id: str, rng: random.Random) -> dict[tuple[str, str, str], object]:
    """Where each component is covered: one or two of the programme's course units, picked from the
    dropdown (the list's label), typed as a code, or typed as a name in the wrong case."""
    from curriculum_map.workbook.courses import load_courses

    def find(written: str) -> str | None:
        programme = framework.find_programme(written)
        return programme.id if programme is not None else None

    units = load_courses(COURSES, find).of_group(programme_id)
    answers: dict[tuple[str, str, str], object] = {}
    for component in framework.components:
        if rng.random() < 0.3:
            continue
        chosen = rng.sample(units, rng.choice([1, 1, 2]))
        forms = [rng.choice([unit.label(), unit.code, unit.name.lower()]) for unit in chosen]
        answers[("matrix", component.id, "evidence")] = "; ".join(forms)
    return answers


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
            answers.update(_course_units(framework, programme.id, rng))
            answers[("matrix", "1.1", "evidence")] = EVIDENCE_1_1[programme.id]
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
    parser.add_argument(
        "--out", type=Path, default=HERE, help="folder for the two folders of workbooks (default: examples/)"
    )
    out = parser.parse_args().out
    for path in make_examples(out / PROGRAMME_EXAMPLES) + make_position_examples(out / POSITION_EXAMPLES):
        print(path)
    if out == HERE:
        print(write_example_proposal(PROPOSAL_FILE))


if __name__ == "__main__":
    main()
