"""What the consultation asks, as data: the scales of data/consultation.yaml, the move targets a framework
offers, the data sheet's layout and the rows a reviewer may add per cluster."""

from __future__ import annotations

from curriculum_map.framework.model import Framework, Text
from curriculum_map.organisation.scales import Option, OptionScale, scale
from curriculum_map.organisation.sheet import Question
from curriculum_map.workbook.layout import SheetLayout

SOURCE = "consultation.yaml"
CLEAR, RELEVANT, SECTOR, DECISION = "clear", "relevant", "sector", "decision"
KIND = "consult"
NEW_MARKER = "nieuw"  # '3.nieuw1': a row where a reviewer adds a competence missing in cluster 3
NEW_ROWS = 3  # rows per cluster for missing competences
LAYOUT = SheetLayout(KIND, "competence", ("id", "competence", "clear", "relevant", "rewording", "move", "remark"), 4)
# Printed to the width of A4 landscape the columns add up to at most 132 characters (LibreOffice's measure, the
# widest): 11-point text printed at 9 points or more.
WIDTHS = {"id": 9, "competence": 42, "clear": 12, "relevant": 12, "rewording": 24, "move": 16, "remark": 17}


def consult_scale(key: str) -> OptionScale:
    """The scale `key` (clear, relevant, sector, decision) of data/consultation.yaml."""
    return scale(key, SOURCE)


def move_targets(framework: Framework) -> OptionScale:
    """Where a competence may move: every component, named with its cluster ('3.2 Cluster – vaardigheden')."""
    clusters = {c.id: c for c in framework.clusters}
    options = []
    for component in framework.components:
        cluster = clusters[component.cluster_id]
        languages = {*cluster.name.values, *component.kind.label.values}
        label = {
            lang: f"{component.id} {cluster.name.get(lang)} – {component.kind.label.get(lang)}" for lang in languages
        }
        options.append(Option(component.id, Text(label, framework.default_language)))
    return OptionScale("move", tuple(options))


def questions(framework: Framework) -> tuple[Question, ...]:
    """The answer columns of the data sheet, with their scales (None: free text)."""
    return (
        Question("clear", consult_scale(CLEAR)),
        Question("relevant", consult_scale(RELEVANT)),
        Question("rewording"),
        Question("move", move_targets(framework)),
        Question("remark"),
    )


def new_row_id(cluster_id: str, number: int) -> str:
    return f"{cluster_id}.{NEW_MARKER}{number}"


def is_new_row(item_id: str) -> bool:
    return f".{NEW_MARKER}" in item_id
