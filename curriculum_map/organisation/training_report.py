"""`training read`: the filled training maps as tidy tables (which training addresses which competence, every
answer typed, the trainings), with what was typed that names no training as a note at its cell."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from curriculum_map.core.problems import Problem, counts_as_failure
from curriculum_map.core.report_files import PROBLEMS_CSV, TRAINING_ANSWERS_CSV, TRAINING_MAP_CSV, TRAININGS_CSV
from curriculum_map.core.tables import table
from curriculum_map.framework.model import Framework, framework_output
from curriculum_map.organisation.reader import OrganisationReading
from curriculum_map.organisation.scales import DELIVERY, scale
from curriculum_map.organisation.training import Training, Trainings, read_training_workbook
from curriculum_map.render.csv import write_problems_csv, write_table
from curriculum_map.render.output import atomic_path, run_folder
from curriculum_map.workbook.ingest import read_workbooks


@dataclass(frozen=True)
class TrainingLink:
    """One training named for one competence, where it was typed."""

    organisation: str
    training: Training
    item_id: str
    component_id: str
    competence: str
    file: str
    sheet: str
    cell: str


@dataclass
class TrainingResult:
    links: list[TrainingLink] = field(default_factory=list)
    answers: list[tuple[str, ...]] = field(default_factory=list)
    maps: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not counts_as_failure(self.problems)


def collect_links(readings: Sequence[OrganisationReading], trainings: Trainings, framework: Framework,
                  lang: str) -> TrainingResult:  # fmt: skip
    """Every answer typed, and per trainings cell the trainings it names; unknown and guessed names as notes."""
    result = TrainingResult()
    for reading in readings:
        result.problems.extend(reading.problems)
        if not reading.usable:
            continue
        result.maps += 1
        rows = {row.item_id: row for row in reading.rows}
        for a in reading.answers:
            row = rows[a.item_id]
            competence = row.text(framework, lang)
            result.answers.append((reading.organisation, a.item_id, competence, a.question, a.value, reading.file,
                                   a.sheet, a.cell))  # fmt: skip
            if a.question != "trainings":
                continue
            found = trainings.match(a.value)
            result.links += [
                TrainingLink(reading.organisation, trainings.of(unit), a.item_id, row.component_id, competence,
                             reading.file, a.sheet, a.cell)
                for unit in found.units
            ]  # fmt: skip
            notes = [unknown_training(part, trainings) for part in found.unknown]
            notes += [("training-guessed", part, {"training": unit.label()}) for part, unit in found.guessed]
            result.problems += [Problem(code, reading.file, a.sheet, a.cell, {"value": part, "item": a.item_id, **v})
                                for code, part, v in notes]  # fmt: skip
    return result


def unknown_training(part: str, trainings: Trainings) -> tuple[str, str, dict[str, str]]:
    """The problem of a name not on the list: with the training it most likely means, when one is close."""
    meant = trainings.suggest(part)
    if meant is None:
        return "training-unknown", part, {}
    return "training-unknown-suggestion", part, {"suggestion": meant.label()}


def training_rows(trainings: Trainings, links: Sequence[TrainingLink], lang: str) -> list[tuple[object, ...]]:
    delivery = scale(DELIVERY)
    counts = {t: len({link.item_id for link in links if link.training == t}) for t in trainings.trainings}
    return [(t.code, t.name, t.hours, t.delivery, delivery.label(t.delivery, lang), counts[t])
            for t in trainings.trainings]  # fmt: skip


def link_rows(links: Sequence[TrainingLink], framework: Framework) -> list[tuple[object, ...]]:
    clusters = {k.id: k.cluster_id for k in framework.components}
    return [(x.organisation, x.training.code, x.training.name, x.item_id, clusters[x.component_id], x.component_id,
             x.competence, x.file, x.sheet, x.cell) for x in links]  # fmt: skip


def run_training_read(
    inputs: Sequence[Path], trainings: Trainings, framework: Framework, out_dir: Path, lang: str
) -> TrainingResult:
    """Read training maps; write trainings.csv, training-map.csv, training-answers.csv and problems.csv."""
    with run_folder(out_dir, "trainings") as run:
        ingest = read_workbooks(inputs, framework, read_training_workbook, exclude=[out_dir], blank=OrganisationReading)
        result = collect_links(ingest.readings, trainings, framework, lang)
        result.problems[:0] = ingest.problems
        outputs: list[tuple[str, Callable[[Path], None]]] = [
            (TRAININGS_CSV, lambda p: write_table(p, table("trainings"), training_rows(trainings, result.links, lang))),
            (TRAINING_MAP_CSV, lambda p: write_table(p, table("training_map"), link_rows(result.links, framework))),
            (TRAINING_ANSWERS_CSV, lambda p: write_table(p, table("training_answers"), result.answers)),
            (PROBLEMS_CSV, lambda p: write_problems_csv(result.problems, p, lang)),
            framework_output(framework, lang),
        ]
        for name, write in outputs:
            with atomic_path(run.path(name)) as temporary:
                write(temporary)
        run.publish()
    return result
