"""Growth between two rounds: every change in a programme's consensus level, per item and field. No I/O."""

from __future__ import annotations

from dataclasses import dataclass

from .aggregate import Aggregation
from .framework import Programme
from .layout import LEVEL_FIELDS

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
class Comparison:
    old: Aggregation
    new: Aggregation
    programmes: list[Programme]  # programmes with data in both rounds
    changes: list[Change]  # every programme x item x field answered in either round

    def change(self, programme_id: str, item_id: str, field_name: str = "level") -> Change | None:
        return self._index.get((programme_id, item_id, field_name))

    @property
    def _index(self) -> dict[tuple[str, str, str], Change]:
        return {(c.programme.id, c.item_id, c.field): c for c in self.changes}


def compare(old: Aggregation, new: Aggregation) -> Comparison:
    """Compare two aggregations of the same framework, programme by programme."""
    framework = new.framework
    in_both = {p.id for p in old.programmes} & {p.id for p in new.programmes}
    programmes = [p for p in framework.programmes if p.id in in_both]
    items = [(x.id, "component") for x in framework.components] + [(x.id, "competence") for x in framework.competences]
    changes = []
    for programme in programmes:
        for item_id, item_type in items:
            for field_name in LEVEL_FIELDS:
                before = old.cell(programme.id, item_id, field_name).consensus
                after = new.cell(programme.id, item_id, field_name).consensus
                if before is not None or after is not None:
                    changes.append(Change(programme, item_id, item_type, field_name, before, after))
    return Comparison(old, new, programmes, changes)
