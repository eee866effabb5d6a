"""Growth between two rounds: every change in a programme's consensus level, per item and field. No I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from curriculum_map.coverage.aggregate import Aggregation
from curriculum_map.framework.crosswalk import Crosswalk
from curriculum_map.framework.model import Framework, Programme
from curriculum_map.workbook.layout import LEVEL_FIELDS

UP, SAME, DOWN, NEW, GONE = "up", "same", "down", "new", "gone"


@dataclass(frozen=True)
class Change:
    programme: Programme
    item_id: str
    item_type: str
    field: str
    old: int | None
    new: int | None

    @property
    def direction(self) -> str:
        if self.old is None:
            return NEW
        if self.new is None:
            return GONE
        return UP if self.new > self.old else DOWN if self.new < self.old else SAME


@dataclass(frozen=True)
class FrameworkChange:
    """How an item of the new version changed from the old one (a crosswalk of `framework revise` says so)."""

    new_id: str
    kind: str  # reworded, moved, split, merged_into, added (as the crosswalk's changes name them)
    old_ids: tuple[str, ...]  # the old version's ids that became this one ('' for an added item)
    old_text: str = ""  # the old text (of the same id for a rewording, of the first old id otherwise)
    new_text: str = ""
    versions: tuple[str, str] = ("", "")  # the crosswalk's from_version and to_version


def framework_changes(crosswalk: Crosswalk | None, old: Framework | None, new: Framework) -> list[FrameworkChange]:
    """Every item the crosswalk names as changed, in the new framework's order, with its old ids and texts."""
    if crosswalk is None:
        return []
    sources: dict[str, list[str]] = {}
    for old_id, new_id in crosswalk.mapping.items():
        if new_id:
            sources.setdefault(new_id, []).append(old_id)

    def text_of(framework: Framework | None, item_id: str) -> str:
        if framework is None or not item_id:
            return ""
        item = framework.item(item_id)
        return item.text.get(framework.default_language) if item is not None and hasattr(item, "text") else ""

    order = {x.id: n for n, x in enumerate(new.competences)}
    found = []
    for new_id, kind in sorted(crosswalk.changes.items(), key=lambda c: order.get(c[0], len(order))):
        old_ids = tuple(sources.get(new_id, ())) if kind != "reworded" else (new_id,)
        first = old_ids[0] if old_ids else ""
        found.append(FrameworkChange(new_id, kind, old_ids, text_of(old, first), text_of(new, new_id),
                                     (crosswalk.from_version, crosswalk.to_version)))  # fmt: skip
    return found


@dataclass(frozen=True)
class Comparison:
    """Two rounds side by side. A programme in one round only keeps its cells: all `gone` or all `new`."""

    old: Aggregation
    new: Aggregation
    in_both: list[Programme]  # programmes with data in both rounds: their cells went up, down or stayed
    dropped: list[Programme]  # programmes with data in the old round only: every cell they had is gone
    added: list[Programme]  # programmes with data in the new round only: every cell they have is new
    changes: list[Change]  # every programme x item x field answered in either round
    framework_changes: list[FrameworkChange] = field(default_factory=list)  # of the new version, when it changed

    @property
    def programmes(self) -> list[Programme]:
        """Every programme with data in either round, in the framework's order."""
        present = {p.id for p in (*self.in_both, *self.dropped, *self.added)}
        return [p for p in self.new.framework.programmes if p.id in present]

    def change(self, programme_id: str, item_id: str, field_name: str = "level") -> Change | None:
        return self._index.get((programme_id, item_id, field_name))

    @cached_property
    def _index(self) -> dict[tuple[str, str, str], Change]:
        return {(c.programme.id, c.item_id, c.field): c for c in self.changes}


def compare(old: Aggregation, new: Aggregation, changed: list[FrameworkChange] | None = None) -> Comparison:
    """Compare two aggregations of the same framework, programme by programme, including programmes in one round;
    `changed`: how the framework changed between the rounds (the old round read through a crosswalk)."""
    framework = new.framework
    before_ids = {p.id for p in old.programmes}
    after_ids = {p.id for p in new.programmes}
    in_both = [p for p in framework.programmes if p.id in before_ids & after_ids]
    dropped = [p for p in framework.programmes if p.id in before_ids - after_ids]
    added = [p for p in framework.programmes if p.id in after_ids - before_ids]
    items = [(x.id, "component") for x in framework.components] + [(x.id, "competence") for x in framework.competences]
    changes = []
    for programme in framework.programmes:
        if programme.id not in before_ids | after_ids:
            continue
        for item_id, item_type in items:
            for field_name in LEVEL_FIELDS:
                # a programme absent from a round has no cells there: its consensus is None
                before = old.cell(programme.id, item_id, field_name).consensus
                after = new.cell(programme.id, item_id, field_name).consensus
                if before is not None or after is not None:
                    changes.append(Change(programme, item_id, item_type, field_name, before, after))
    return Comparison(old, new, in_both, dropped, added, changes, list(changed or []))
