"""The framework flattened into one table of items (items.csv): every focus, cluster, component and
competence with its place in the tree, a numeric sort key and its texts in each language.

Ids sort as text the wrong way (1.1, 10.1, 2.1); the sort key is the item's place in the
framework's outline (focus, its clusters, their components, their competences), counted from 1,
so that sorting by it gives the order of the framework's own tables.
"""

from __future__ import annotations

from collections.abc import Iterator

from curriculum_map.core.catalogue import LANGUAGES
from curriculum_map.framework.model import Framework, Text

KINDS = ("focus", "cluster", "component", "competence")


def sort_keys(framework: Framework) -> dict[tuple[str, str], int]:
    """(kind, id) -> the item's place in the outline, from 1: ids of different kinds may be equal ('1')."""
    keys: dict[tuple[str, str], int] = {}
    for focus in framework.focuses:
        keys[("focus", focus.id)] = len(keys) + 1
        for cluster in focus.clusters:
            keys[("cluster", cluster.id)] = len(keys) + 1
            for component in cluster.components:
                keys[("component", component.id)] = len(keys) + 1
                for competence in component.competences:
                    keys[("competence", competence.id)] = len(keys) + 1
    return keys


def item_code(kind: str, item_id: str) -> str:
    """A code unique over all kinds: F1 for focus 1, C3 for cluster 3; components and competences keep their id."""
    return {"focus": "F", "cluster": "C"}.get(kind, "") + item_id


def _texts(value: Text | None) -> list[str]:
    # only the framework's own translations: an empty cell says that there is none
    return [value.values.get(lang, "") if value is not None else "" for lang in LANGUAGES]


def item_rows(framework: Framework) -> Iterator[tuple[object, ...]]:
    """One row per focus, cluster, component and competence, in the framework's order."""
    keys = sort_keys(framework)

    def row(kind: str, item_id: str, place: tuple[str, str, str, str], name: Text, subtheme: Text | None = None):
        return (
            kind,
            item_id,
            item_code(kind, item_id),
            keys[(kind, item_id)],
            *place,
            *_texts(name),
            *_texts(subtheme),
        )

    for focus in framework.focuses:
        yield row("focus", focus.id, (focus.id, "", "", ""), focus.name)
        for cluster in focus.clusters:
            yield row("cluster", cluster.id, (focus.id, cluster.id, "", ""), cluster.name)
            for component in cluster.components:
                place = (focus.id, cluster.id, component.id, component.kind.id)
                yield row("component", component.id, place, component.kind.label)
                for competence in component.competences:
                    yield row("competence", competence.id, place, competence.text, competence.subtheme)
