"""The framework flattened into one table of items (items.csv): every focus, cluster, component and
competence with its place in the tree, a numeric sort key and its texts in Dutch and English; and
the texts in every language the framework has, in long form (texts.csv), so that a French or German
framework's names are kept too.

Ids sort as text the wrong way (1.1, 10.1, 2.1); the sort key is the item's place in the
framework's outline (focus, its clusters, their components, their competences), counted from 1,
so that sorting by it gives the order of the framework's own tables.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from curriculum_map.core.catalogue import LANGUAGES
from curriculum_map.framework.languages import text_languages
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


class Item(NamedTuple):
    kind: str
    id: str
    place: tuple[str, str, str, str]  # focus, cluster, component, component kind
    name: Text
    subtheme: Text | None = None


def outline(framework: Framework) -> Iterator[Item]:
    """Every focus, cluster, component and competence, in the framework's order."""
    for focus in framework.focuses:
        yield Item("focus", focus.id, (focus.id, "", "", ""), focus.name)
        for cluster in focus.clusters:
            yield Item("cluster", cluster.id, (focus.id, cluster.id, "", ""), cluster.name)
            for component in cluster.components:
                place = (focus.id, cluster.id, component.id, component.kind.id)
                yield Item("component", component.id, place, component.kind.label)
                for competence in component.competences:
                    yield Item("competence", competence.id, place, competence.text, competence.subtheme)


def item_rows(framework: Framework) -> Iterator[tuple[object, ...]]:
    """One row per focus, cluster, component and competence, in the framework's order."""
    keys = sort_keys(framework)
    for x in outline(framework):
        yield (x.kind, x.id, item_code(x.kind, x.id), keys[(x.kind, x.id)], *x.place, *_texts(x.name),
               *_texts(x.subtheme))  # fmt: skip


def text_rows(framework: Framework) -> Iterator[tuple[str, str, str, str, str]]:
    """texts.csv: each item's name and sub-theme in every language the framework has it in, one text per row."""
    languages = text_languages(framework)
    for x in outline(framework):
        for field, value in (("name", x.name), ("subtheme", x.subtheme)):
            if value is None:
                continue
            for lang in (*languages, *sorted(set(value.values) - set(languages))):
                if value.values.get(lang):
                    yield (x.kind, x.id, field, lang, value.values[lang])
