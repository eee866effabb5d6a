"""The owners' decisions in revisielijst.xlsx, read back with the shared reading layer and checked.

Each row with a decision names an item (its id), and where the decision needs them a target and a new text
(data/consultation.yaml says which). Every decision that cannot be carried out is a problem at its cell: an
unknown id, a target that does not exist, a text missing, and two decisions on one item that conflict (any
two decisions other than 'reject' on the same competence, or a decision on a competence another one merges
into)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from curriculum_map.consult.questions import DECISION, consult_scale
from curriculum_map.consult.revision_sheet import REVISION_KIND, REVISION_LAYOUT
from curriculum_map.core.cells import cell_text
from curriculum_map.core.problems import Problem
from curriculum_map.core.texts import all_translations
from curriculum_map.framework.levels import normalise
from curriculum_map.framework.model import Cluster, Competence, Component, Framework
from curriculum_map.workbook.layout import METADATA_SHEET, cell_ref
from curriculum_map.workbook.reading import ColumnMap, Reading, at, find_columns, open_grids, read_metadata


@dataclass(frozen=True)
class Decision:
    """One decision as marked: on which item, what, the target and the new text, and where it is."""

    item_id: str
    decision: str  # an option id of the decision scale
    target: str
    new_text: str
    sheet: str
    row: int  # 1-based

    def cell(self, column: str) -> str:
        return cell_ref(self.row, REVISION_LAYOUT.column(column))

    @property
    def texts(self) -> list[str]:
        return [line.strip() for line in self.new_text.splitlines() if line.strip()]


@dataclass
class Decisions:
    file: str
    decisions: list[Decision] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    language: str = "nl"  # of the revisielijst's labels (its dropdown)
    text_language: str = "nl"  # of the texts in it: the consultation workbooks' language

    def problem(self, code: str, sheet: str = "", cell: str = "", **params: Any) -> None:
        self.problems.append(Problem(code, self.file, sheet, cell, params))


def read_decisions(path: Path, framework: Framework) -> Decisions:
    """The decisions marked in a revisielijst made from `framework`, with a problem for each that cannot be used."""
    found = Decisions(path.name)
    reading = Reading(path.name, path)
    with open_grids(path) as grids:
        metadata = read_metadata(grids.get(METADATA_SHEET)) or {}
        if metadata.get("workbook_kind") != REVISION_KIND:
            found.problem("decisions-not-a-revision-list", METADATA_SHEET)
            return found
        found.language = metadata.get("language", "nl")
        found.text_language = metadata.get("text_language") or found.language
        if metadata.get("framework_version") != framework.version or metadata.get("framework_id") != framework.id:
            carried = f"{metadata.get('framework_id', '')} {metadata.get('framework_version', '')}"
            expected = f"{framework.id} {framework.version}"
            found.problem("decisions-other-framework", METADATA_SHEET, expected=expected, found=carried)
            return found
        names = {normalise(n) for n in all_translations("sheet.revision")}
        sheet = next((name for name in grids if normalise(name) in names), None)
        if sheet is None:
            found.problem("sheet-missing", name="/".join(all_translations("sheet.revision")))
            return found
        grid = grids[sheet]
        columns = _columns(grid)
        for index in range(columns.header + 1, len(grid)):
            _read_row(found, sheet, grid[index], index + 1, columns)
    found.problems.extend(reading.problems)
    check_decisions(found, framework)
    return found


def _columns(grid: list[list[Any]]) -> ColumnMap:
    layout = REVISION_LAYOUT
    translations = {key: set(all_translations(f"consult.revision.column.{key}")) for key in layout.columns}
    default = ColumnMap(layout.header_row - 1, {key: layout.column(key) for key in layout.columns})
    return find_columns(grid, translations, lambda c: "decision" in c, default)


def _read_row(found: Decisions, sheet: str, row: list[Any], number: int, columns: ColumnMap) -> None:
    def value(key: str) -> str:
        return cell_text(at(row, columns.columns.get(key, REVISION_LAYOUT.column(key))))

    raw = value("decision")
    if not raw:
        return
    ref = cell_ref(number, columns.columns.get("decision", REVISION_LAYOUT.column("decision")))
    scale = consult_scale(DECISION)
    parsed = scale.parse(raw, found.language)
    if parsed.choice is None:
        labels = ", ".join(f'"{label}"' for label in scale.labels(found.language))
        found.problem("invalid-option", sheet, ref, value=raw, labels=labels)
        return
    found.decisions.append(Decision(value("id"), parsed.choice, value("target"), value("new_text"), sheet, number))


def check_decisions(found: Decisions, framework: Framework) -> None:
    """Name each decision that cannot be carried out; what remains can be applied without a surprise."""
    scale = consult_scale(DECISION)
    usable: list[Decision] = []
    per_item: dict[str, Decision] = {}
    for d in found.decisions:
        if d.decision == "reject":
            continue
        code, params, column = _problem_of(d, framework, scale.option(d.decision).flag("needs") or [])
        if code:
            found.problem(code, d.sheet, d.cell(column), id=d.item_id, **params)
            continue
        if d.item_id in per_item and d.decision != "add":
            first = per_item[d.item_id]
            found.problem("decision-conflict", d.sheet, d.cell("decision"), id=d.item_id, first=first.row,
                          decision=scale.label(d.decision, found.language),
                          other=scale.label(first.decision, found.language))  # fmt: skip
            continue
        if d.decision != "add":
            per_item[d.item_id] = d
        usable.append(d)
    for d in [d for d in usable if d.decision == "merge"]:
        if d.target in per_item:  # the competence merged into is changed by another decision as well
            other = per_item[d.target]
            found.problem("decision-conflict", d.sheet, d.cell("target"), id=d.target, first=other.row,
                          decision=scale.label(d.decision, found.language),
                          other=scale.label(other.decision, found.language))  # fmt: skip
            usable.remove(d)
    found.decisions = usable


def _problem_of(d: Decision, framework: Framework, needs: list[str]) -> tuple[str, dict[str, str], str]:
    """The problem code, its values and its column for a decision that cannot be carried out ('' when fine)."""
    item = framework.item(d.item_id)
    if d.decision == "add":
        if "target" in needs and not d.target:
            return "decision-target-missing", {}, "target"
        if not isinstance(framework.item(d.target), Component):
            return "decision-target-unknown", {"target": d.target}, "target"
        return ("decision-text-missing", {}, "new_text") if not d.texts else ("", {}, "")
    if not isinstance(item, Competence):
        return "decision-unknown-id", {}, "id"
    if "target" in needs and not d.target:
        return "decision-target-missing", {}, "target"
    target = (framework.item(d.target) or framework.item(f"cluster:{d.target}")) if d.target else None
    if d.decision == "move" and not isinstance(target, (Component, Cluster)):
        return "decision-target-unknown", {"target": d.target}, "target"
    if d.decision == "merge" and (not isinstance(target, Competence) or d.target == d.item_id):
        return "decision-target-unknown", {"target": d.target}, "target"
    if "text" in needs and not d.texts:
        return "decision-text-missing", {}, "new_text"
    if d.decision == "split" and len(d.texts) < 2:
        return "decision-split-lines", {}, "new_text"
    return "", {}, ""
