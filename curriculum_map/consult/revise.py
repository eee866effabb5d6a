"""`framework revise`: the framework's next version from the owners' decisions, and the crosswalk to it.

Ids: a competence whose text is reworded keeps its id (its answers stay its answers); a competence that moves
gets the next free number in its new component; the parts of a split get new numbers in the component (the
old id's answers carry to every part: the crosswalk's splits); a competence merged into another is gone and
its answers carry to the one it merged into; an added competence gets the next free number. Every id that no
longer exists is in the crosswalk (old id: new id), and in the CASE package `replacedBy` (CASE 1.0's 'is replaced by')
the items that replace it.
New texts are tidied to the framework's own style first (consult/style.py).
A changed text is written in the language the reviewers wrote in (the revisielijst's text_language); the
item's other translations are dropped, since they no longer say the same (they fall back to the default
language until someone translates the new text).
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from curriculum_map.consult.decisions import Decision, Decisions, read_decisions
from curriculum_map.consult.style import framework_style, tidy_statement
from curriculum_map.core.catalogue import CurriculumMapError
from curriculum_map.core.problems import Problem, counts_as_failure
from curriculum_map.core.report_files import CASE_JSON, CROSSWALK_YAML, PROBLEMS_CSV, REVISED_FRAMEWORK, REVISION_CSV
from curriculum_map.core.tables import table
from curriculum_map.core.yamlfile import dump_yaml
from curriculum_map.framework.case import export_case
from curriculum_map.framework.model import Framework, build_framework, load_framework, write_framework_file
from curriculum_map.render.csv import write_problems_csv, write_table
from curriculum_map.render.output import atomic_path, run_folder


@dataclass(frozen=True)
class Change:
    old_id: str  # '' for an added competence
    new_id: str  # '' for a competence merged away
    change: str  # reworded, moved, split, merged, merged_into, added
    old_text: str = ""
    new_text: str = ""
    row: int = 0


@dataclass
class Revision:
    """The next version: its document, the changes, the crosswalk's map and what replaces each old id."""

    old: Framework
    document: dict[str, Any]
    version: str
    changes: list[Change] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    framework: Framework | None = None
    written: list[Path] = field(default_factory=list)
    language: str = "nl"  # the language the new texts are stored under

    @property
    def new_texts(self) -> int:
        """How many changes wrote a new text (their item's other translations are dropped)."""
        return sum(c.change in ("reworded", "split", "merged_into", "added") for c in self.changes)

    @property
    def clean(self) -> bool:
        return not counts_as_failure(self.problems)

    def crosswalk(self) -> dict[str, Any]:
        """The crosswalk file's content: from_version, to_version, map (old: new; a split's first part),
        changes (new id: what), splits (old id: every part) when something was split."""
        mapping: dict[str, str | None] = {}
        for c in self.changes:
            if c.old_id and c.old_id != c.new_id and c.old_id not in mapping:
                mapping[c.old_id] = c.new_id or None
        changed = {c.new_id: c.change for c in self.changes if c.new_id}
        splits: dict[str, list[str]] = {}
        for c in self.changes:
            if c.change == "split":
                splits.setdefault(c.old_id, []).append(c.new_id)
        document = {"from_version": self.old.version, "to_version": self.version, "map": mapping, "changes": changed}
        return document | ({"splits": splits} if splits else {})

    def replaced_by(self) -> dict[str, list[str]]:
        """Old id -> the ids that replace it (CASE replacedBy); reworded items keep their id."""
        found: dict[str, list[str]] = {}
        for c in self.changes:
            if c.old_id and c.new_id and c.old_id != c.new_id:
                found.setdefault(c.old_id, []).append(c.new_id)
        return found


def next_version(version: str, today: dt.date | None = None) -> str:
    """The version after `version`: today's date for a dated version, else its last number plus one ('1' -> '2',
    '1.3' -> '1.4'), else the version with '.2'."""
    today = today or dt.date.today()
    try:
        dt.date.fromisoformat(version[:10])
        return today.isoformat() if today.isoformat() > version else f"{version}.2"
    except ValueError:
        pass
    match = re.search(r"(\d+)$", version)
    return f"{version[: match.start()]}{int(match.group(1)) + 1}" if match else f"{version}.2"


class _Editor:
    """Applies the decisions to a copy of the framework's document, one decision at a time."""

    def __init__(self, framework: Framework, lang: str):
        self.framework, self.lang = framework, lang
        self.document = copy.deepcopy(framework.document)
        self.components: dict[str, dict[str, Any]] = {}
        self.competences: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {}  # id -> (raw, its component)
        for focus in self.document["focuses"]:
            for cluster in focus["clusters"]:
                for component in cluster["components"]:
                    self.components[str(component["id"])] = component
                    for raw in component.get("competences") or []:
                        self.competences[str(raw["id"])] = (raw, component)
        self.taken = set(self.competences)
        self.changes: list[Change] = []
        self.style = framework_style(framework, lang)

    def text_of(self, item_id: str) -> str:
        return self.framework.competence(item_id).text.get(self.lang)

    def new_id(self, component_id: str) -> str:
        """The next free number in a component: one past the highest ever used there (gaps are not reused)."""
        numbers = [int(i.rsplit(".", 1)[1]) for i in self.taken if i.rsplit(".", 1)[0] == component_id
                   and i.rsplit(".", 1)[1].isdigit()]  # fmt: skip
        new = f"{component_id}.{max(numbers, default=0) + 1}"
        self.taken.add(new)
        return new

    def set_text(self, raw: dict[str, Any], value: str) -> None:
        default = self.framework.default_language
        raw["text"] = {self.lang: value} if self.lang == default else {default: value, self.lang: value}

    def target_component(self, d: Decision, item_id: str) -> str:
        if d.target in self.components:
            return d.target
        kind = self.framework.item(self.competences[item_id][1]["id"])
        cluster = self.framework.item(f"cluster:{d.target}")
        return next(k.id for k in cluster.components if k.kind == kind.kind)  # type: ignore[union-attr]

    def apply(self, d: Decision) -> None:
        # new texts as the framework writes its competences: a reviewer's stray space or full stop stays out
        tidy = "\n".join(tidy_statement(line, self.style) for line in d.texts)
        getattr(self, d.decision)(dataclasses.replace(d, new_text=tidy))

    def reword(self, d: Decision) -> None:
        raw, _ = self.competences[d.item_id]
        self.set_text(raw, d.texts[0])
        self.changes.append(Change(d.item_id, d.item_id, "reworded", self.text_of(d.item_id), d.texts[0], d.row))

    def move(self, d: Decision) -> None:
        raw, component = self.competences[d.item_id]
        target = self.target_component(d, d.item_id)
        component["competences"].remove(raw)
        new = {**raw, "id": self.new_id(target)}
        self.components[target].setdefault("competences", []).append(new)
        self.changes.append(Change(d.item_id, new["id"], "moved", self.text_of(d.item_id), self.text_of(d.item_id),
                                   d.row))  # fmt: skip

    def split(self, d: Decision) -> None:
        raw, component = self.competences[d.item_id]
        at = component["competences"].index(raw)
        parts = []
        for text in d.texts:
            part = {k: v for k, v in raw.items() if k not in ("id", "text")}
            part["id"] = self.new_id(str(component["id"]))
            self.set_text(part, text)
            parts.append(part)
            self.changes.append(Change(d.item_id, part["id"], "split", self.text_of(d.item_id), text, d.row))
        component["competences"][at : at + 1] = parts

    def merge(self, d: Decision) -> None:
        raw, component = self.competences[d.item_id]
        component["competences"].remove(raw)
        into, _ = self.competences[d.target]
        if d.texts:
            self.set_text(into, d.texts[0])
        text = d.texts[0] if d.texts else self.text_of(d.target)
        self.changes.append(Change(d.item_id, d.target, "merged", self.text_of(d.item_id), text, d.row))
        self.changes.append(Change(d.target, d.target, "merged_into", self.text_of(d.target), text, d.row))

    def add(self, d: Decision) -> None:
        new = {"id": self.new_id(d.target)}
        self.set_text(new, d.texts[0])
        self.components[d.target].setdefault("competences", []).append(new)
        self.changes.append(Change("", new["id"], "added", "", d.texts[0], d.row))


def revise(decisions: Decisions, framework: Framework, version: str | None = None) -> Revision:
    """The next version of `framework` with the decisions carried out (no I/O); problems when none can be."""
    editor = _Editor(framework, decisions.text_language)
    new_version = version or next_version(framework.version)
    for decision in decisions.decisions:
        editor.apply(decision)
    editor.document["version"] = new_version
    revision = Revision(framework, editor.document, new_version, editor.changes, list(decisions.problems))
    revision.language = decisions.text_language
    if revision.clean:
        built, problems = build_framework(editor.document, source=f"{framework.id} {new_version}")
        if built is None or problems:
            raise CurriculumMapError("revise-invalid", problem="; ".join(p.render() for p in problems))
        revision.framework = built
    return revision


def run_revise(decisions_path: Path, framework: Framework, out_dir: Path, version: str | None = None) -> Revision:
    """Read the decisions and write the next version, the crosswalk, its CASE package and revision.csv;
    with problems in the decisions only problems.csv is written."""
    decisions = read_decisions(decisions_path, framework)
    revision = revise(decisions, framework, version)
    lang = decisions.language
    with run_folder(out_dir, "revision") as run:
        outputs: list[tuple[str, Callable[[Path], None]]] = [
            (PROBLEMS_CSV, lambda p: write_problems_csv(revision.problems, p, lang))
        ]
        if revision.clean and revision.framework is not None:
            outputs += _version_outputs(revision, run.path(REVISED_FRAMEWORK))
        for name, write in outputs:
            with atomic_path(run.path(name)) as temporary:
                write(temporary)
        run.publish()
    revision.written = [out_dir / name for name, _ in outputs]
    return revision


def _version_outputs(revision: Revision, framework_path: Path) -> list[tuple[str, Callable[[Path], None]]]:
    assert revision.framework is not None
    new = revision.framework
    comment = f"{new.id}, version {new.version}: made by curriculum-map framework revise from {revision.old.version}"
    rows = [(c.old_id, c.new_id, c.change, c.old_text, c.new_text, c.row) for c in revision.changes]

    def write_case(path: Path) -> None:
        # the CASE export reads the framework from its file: the one written just before it in this run
        written = load_framework(framework_path)
        package = export_case(written, replaced_by=revision.replaced_by())
        path.write_text(json.dumps(package, ensure_ascii=False, indent=2), encoding="utf-8")

    return [
        (REVISED_FRAMEWORK, lambda p: write_framework_file(new, p, comment)),
        (CROSSWALK_YAML, lambda p: p.write_text(dump_yaml(revision.crosswalk()), encoding="utf-8")),
        (REVISION_CSV, lambda p: write_table(p, table("revision"), rows)),
        (CASE_JSON, write_case),
    ]
