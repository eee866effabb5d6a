"""Exchange frameworks as 1EdTech CASE 1.0 packages (CFPackage), as OpenSALT, CaSS and registries do.

Export of a framework of our own: a CFItem per focus, cluster, component and competence,
isChildOf associations whose sequenceNumbers keep the order, and the legend as a CFRubric.
Identifiers are UUIDs derived (uuid5) from the framework id and the item, so two exports of one
version are identical. What CASE has no place for (programmes, positions, aliases, translations)
travels in an extension property of the CFDocument, `curriculumMap`, so that our own exports
round-trip exactly.

Import of someone else's package: every item ends up somewhere a user can see. Depths (or
CFItemTypes) say which items become focuses and clusters; every item below a cluster becomes a
row (a competence), the rows below another row carrying that row's name as their sub-theme;
items that fit nowhere else (above or between the levels, a focus without clusters below it) are
rows in a visible group "Other items", and items outside the hierarchy rows in a group of their
own. The package's own data stays with the framework: each item keeps its CASE properties
(identifier, uri, CFItemType, educationLevel, language, ...) under `case:`, its code
(humanCodingScheme) as `code` and its short name (abbreviatedStatement) as `short`; the
CFDocument, every association and the definitions are kept under the framework's top-level
`case:`. Exporting such a framework gives the package back: the same identifiers and the same
associations for every item not changed, and new identifiers only for items added since.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
import uuid
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from curriculum_map.core.catalogue import CurriculumMapError, Joined, Message
from curriculum_map.core.texts import LANGUAGES, text
from curriculum_map.core.yamlfile import dump_yaml, parse_yaml
from curriculum_map.framework.model import Framework, Text, build_framework

EXTENSION = "curriculumMap"
EXTENSION_VERSION = 1  # our own framework, rebuilt from the extension
IMPORTED_VERSION = 2  # an imported package, placed again as the extension's placement says
CHILD_KEYS = {"focuses": "clusters", "clusters": "components", "components": "competences"}
ADDED = "added_by_import"  # marks a focus, cluster or component the import added to hold the package's items
ROLES = ("focus", "cluster", "competence", "other", "orphan")
TYPE_ROLES = {"focus": "focus", "cluster": "cluster", "competence": "competence"}
_TEXT_KEYS = {"fullStatement": "text", "humanCodingScheme": "code", "abbreviatedStatement": "short"}
KIND_ID = "competenties"


class CaseError(CurriculumMapError):
    """A CASE package that cannot be imported, with what to do about it."""


@dataclass
class Placement:
    """What an import did with a package's items: how many went where, by CFItemType, and what it kept."""

    items: int = 0
    placed: Counter[tuple[str, str]] = field(default_factory=Counter)  # (role, CFItemType) -> count
    nested: int = 0  # rows below another row (that row's name is their sub-theme)
    added: Counter[str] = field(default_factory=Counter)  # focus / cluster / component -> count
    associations: Counter[str] = field(default_factory=Counter)  # associationType -> count
    unplaced: list[Message] = field(default_factory=list)

    def count(self, role: str) -> int:
        return sum(n for (r, _), n in self.placed.items() if r == role)

    def types(self, role: str) -> list[tuple[str, int]]:
        """The CFItemTypes placed in `role`, most frequent first ('' for items without a type)."""
        found = Counter({kind: n for (r, kind), n in self.placed.items() if r == role})
        return sorted(found.items(), key=lambda e: (-e[1], e[0]))

    @property
    def total_placed(self) -> int:
        return sum(self.placed.values())


@dataclass
class CaseImport:
    """The framework document read from a package, the warnings met on the way, and what went where."""

    document: dict[str, Any]
    warnings: list[Message] = field(default_factory=list)
    placement: Placement | None = None  # None for a package of our own, which comes back as it was

    @property
    def complete(self) -> bool:
        """Every item of the package was placed."""
        return self.placement is None or not self.placement.unplaced


def _namespace(framework_id: str) -> uuid.UUID:
    return uuid.uuid5(uuid.NAMESPACE_URL, f"curriculum-map:{framework_id}")


def _change_time(version: str) -> str:
    """A fixed lastChangeDateTime: the version when it is a date, else the Unix epoch (deterministic)."""
    try:
        return dt.date.fromisoformat(version[:10]).isoformat() + "T00:00:00+00:00"
    except ValueError:
        return "1970-01-01T00:00:00+00:00"


def _raw_document(framework: Framework) -> dict[str, Any]:
    source = Path(framework.path)
    document = parse_yaml(source.read_text(encoding="utf-8"))
    assert isinstance(document, dict)
    return document


def export_case(
    framework: Framework, lang: str | None = None, replaced_by: Mapping[str, Sequence[str]] | None = None
) -> dict[str, Any]:
    """The framework as a CFPackage (a JSON-ready dict), in its default language or in `lang`.

    CASE 1.0 has one text per field and a `language` per document and item, so a framework in
    several languages is a package per language: the default language's, and for another language a
    package of its own (own identifiers, `language` set, each item an `exactMatchOf` the same item of
    the default package). Every package carries the whole framework, every language, in `curriculumMap`.

    `replaced_by` (old competence id -> the ids of this version that replace it, from `framework revise`)
    adds a `replacedBy` association (CASE 1.0's name for 'is replaced by') from each competence of the
    previous version to each that replaces it.
    """
    raw = _raw_document(framework)
    translated = lang is not None and lang != framework.default_language
    if isinstance(raw.get("case"), dict):
        if translated:
            raise CaseError("case-translation-of-import", lang=lang, default=framework.default_language)
        package = _export_imported(framework, raw)
    else:
        package = _export_own(framework, raw, lang if translated else None)
    package["CFAssociations"] += _replacements(framework, package, replaced_by or {})
    return package


def _replacements(
    framework: Framework, package: dict[str, Any], replaced_by: Mapping[str, Sequence[str]]
) -> list[dict[str, Any]]:
    """replacedBy from each competence of the previous version (its identifier, which is derived from the
    framework id and the item id as every version's is) to the items of this package that replace it."""
    namespace = _namespace(framework.id)
    items = {item["humanCodingScheme"]: item for item in package["CFItems"] if item.get("CFItemType") == "Competence"}
    when = _change_time(framework.version)
    found = []
    for old_id, new_ids in replaced_by.items():
        old = str(uuid.uuid5(namespace, f"Competence:{old_id}"))
        for new_id in new_ids:
            item = items.get(new_id)
            if item is None:
                continue
            identifier = str(uuid.uuid5(namespace, f"replacedBy:{old}:{item['identifier']}"))
            found.append({
                "identifier": identifier, "uri": f"urn:uuid:{identifier}", "associationType": "replacedBy",
                "originNodeURI": {"title": old_id, "identifier": old, "uri": f"urn:uuid:{old}"},
                "destinationNodeURI": {"title": item["fullStatement"][:200], "identifier": item["identifier"],
                                       "uri": item["uri"]},
                "lastChangeDateTime": when,
            })  # fmt: skip
    return found


def _export_own(framework: Framework, raw: dict[str, Any], translation: str | None = None) -> dict[str, Any]:
    """Our own framework as a package: in its default language, or a translation linked to it item by item."""
    namespace = _namespace(framework.id)
    when = _change_time(framework.version)
    default = framework.default_language
    lang = translation or default

    def original(kind: str, item_id: str) -> str:
        return str(uuid.uuid5(namespace, f"{kind}:{item_id}"))

    def ident(kind: str, item_id: str) -> str:
        """The default package's identifiers as they always were; a translation's derived from them."""
        if translation is None:
            return original(kind, item_id)
        return str(uuid.uuid5(namespace, f"{lang}:{kind}:{item_id}"))

    def written_in(value: Text) -> str:
        """The language a text is shown in: `lang` when it has a translation, else the default language."""
        return lang if lang in value.values else default

    def link(identifier: str, title: str) -> dict[str, str]:
        return {"title": title, "identifier": identifier, "uri": f"urn:uuid:{identifier}"}

    document_id = ident("document", framework.id)
    extension: dict[str, Any] = {
        "version": EXTENSION_VERSION,
        "hash": framework.hash,
        "document": {k: v for k, v in raw.items() if k != "focuses"},
        "items": {},
    }
    items: list[dict[str, Any]] = []
    associations: list[dict[str, Any]] = []

    def add(kind: str, raw_item: dict[str, Any], text_: Text, parent: tuple[str, str], position: int) -> str:
        identifier = ident(kind, str(raw_item["id"]))

        def statement_in(language: str) -> str:  # a component is named by its id and kind
            return text_.get(language) if kind != "Component" else f"{raw_item['id']} {text_.get(language)}"

        statement = statement_in(lang)
        item = {
            "identifier": identifier,
            "uri": f"urn:uuid:{identifier}",
            "fullStatement": statement,
            "CFItemType": kind,
            "humanCodingScheme": str(raw_item["id"]),
            "language": written_in(text_),
            "lastChangeDateTime": when,
        }
        items.append(item)
        if translation is not None:  # the same item in the default package
            same = original(kind, str(raw_item["id"]))
            match = str(uuid.uuid5(namespace, f"{lang}:exactMatchOf:{identifier}"))
            associations.append(
                {
                    "identifier": match,
                    "uri": f"urn:uuid:{match}",
                    "associationType": "exactMatchOf",
                    "originNodeURI": link(identifier, statement[:200]),
                    "destinationNodeURI": link(same, statement_in(default)[:200]),
                    "lastChangeDateTime": when,
                }
            )
        associations.append(
            {
                "identifier": str(uuid.uuid5(namespace, f"isChildOf:{identifier}")),
                "uri": f"urn:uuid:{uuid.uuid5(namespace, f'isChildOf:{identifier}')}",
                "associationType": "isChildOf",
                "sequenceNumber": position,
                "originNodeURI": link(identifier, statement[:200]),
                "destinationNodeURI": link(parent[0], parent[1][:200]),
                "lastChangeDateTime": when,
            }
        )
        extension["items"][f"{kind}:{raw_item['id']}"] = {
            k: v for k, v in raw_item.items() if k not in ("clusters", "components", "competences")
        }
        return identifier

    title = framework.title.get(lang)
    for f_index, (focus, raw_focus) in enumerate(zip(framework.focuses, raw["focuses"], strict=True), 1):
        focus_uuid = add("Focus", raw_focus, focus.name, (document_id, title), f_index)
        for c_index, (cluster, raw_cluster) in enumerate(zip(focus.clusters, raw_focus["clusters"], strict=True), 1):
            cluster_uuid = add("Cluster", raw_cluster, cluster.name, (focus_uuid, focus.name.get(lang)), c_index)
            for k_index, (component, raw_component) in enumerate(
                zip(cluster.components, raw_cluster["components"], strict=True), 1
            ):
                label = f"{component.id} {component.kind.label.get(lang)}"
                parent = (cluster_uuid, cluster.name.get(lang))
                component_uuid = add("Component", raw_component, component.kind.label, parent, k_index)
                for x_index, (competence, raw_competence) in enumerate(
                    zip(component.competences, raw_component.get("competences") or [], strict=True), 1
                ):
                    add("Competence", raw_competence, competence.text, (component_uuid, label), x_index)

    cf_document = {
        "identifier": document_id,
        "uri": f"urn:uuid:{document_id}",
        "creator": str(raw.get("publisher") or "curriculum-map"),
        "title": title,
        "lastChangeDateTime": when,
        "publisher": str(raw.get("publisher") or ""),
        "description": framework.source or title,
        "language": written_in(framework.title),
        "version": framework.version,
        "adoptionStatus": "Draft",
        "notes": _document_notes(framework, translation, original("document", framework.id)),
        EXTENSION: extension,
    }
    rubric = _legend_rubric(framework, lambda kind, key: ident(kind, key), when, lang)
    return {"CFDocument": cf_document, "CFItems": items, "CFAssociations": associations, "CFRubrics": [rubric]}


def _document_notes(framework: Framework, translation: str | None, original: str) -> str:
    """What the CFDocument says about itself: made by curriculum-map, and in which languages it exists."""
    from curriculum_map.framework.languages import text_languages

    notes = "Exported by curriculum-map. The property 'curriculumMap' carries what CASE has no place for."
    languages = text_languages(framework)
    if translation is not None:
        notes += (
            f" This package is the '{translation}' version of the package urn:uuid:{original}"
            f" ('{framework.default_language}'); each item is an exactMatchOf the same item there."
        )
    elif len(languages) > 1:
        others = ", ".join(languages[1:])
        notes += f" Also exported per language ({others}): curriculum-map framework export --format case --lang LANG."
    return notes


def _legend_rubric(framework: Framework, ident: Any, when: str, lang: str | None = None) -> dict[str, Any]:
    """The legend as a CFRubric with one criterion, a level per legend level, in `lang` (default: the default)."""
    lang = lang or framework.default_language
    rubric_id = ident("rubric", "levels")
    criterion_id = ident("criterion", "levels")
    return {
        "identifier": rubric_id,
        "uri": f"urn:uuid:{rubric_id}",
        "title": text("case.rubric.title", lang),
        "description": "; ".join(f"{lv.score} = {lv.label.get(lang)}" for lv in framework.levels),
        "lastChangeDateTime": when,
        "CFRubricCriteria": [
            {
                "identifier": criterion_id,
                "uri": f"urn:uuid:{criterion_id}",
                "category": "coverage",
                "description": text("case.rubric.criterion", lang),
                "position": 1,
                "rubricId": rubric_id,
                "lastChangeDateTime": when,
                "CFRubricCriterionLevels": [
                    {
                        "identifier": ident("level", str(level.score)),
                        "uri": f"urn:uuid:{ident('level', str(level.score))}",
                        "quality": level.label.get(lang),
                        "description": level.description.get(lang),
                        "score": level.score,
                        "position": position,
                        "rubricCriterionId": criterion_id,
                        "lastChangeDateTime": when,
                    }
                    for position, level in enumerate(framework.levels, start=1)
                ],
            }
        ],
    }


# -- export of an imported package ----------------------------------------------------------------


@dataclass
class _Node:
    """An item of the framework on its way back into the package."""

    kind: str  # Focus, Cluster, Component, Competence
    raw: dict[str, Any]
    statement: str
    code: str
    short: str | None
    parent: _Node | None
    position: int

    @property
    def case(self) -> dict[str, Any]:
        value = self.raw.get("case")
        return value if isinstance(value, dict) else {}

    @property
    def added(self) -> bool:
        return self.case.get(ADDED) is True


def _nodes(framework: Framework, raw: dict[str, Any]) -> Iterator[_Node]:
    """Every focus, cluster, component and competence with its raw entry and parent, in framework order."""

    def short(value: Any) -> str | None:
        return value.get() if value is not None else None

    for f_index, (focus, raw_focus) in enumerate(zip(framework.focuses, raw["focuses"], strict=True), 1):
        f_node = _Node("Focus", raw_focus, focus.name.get(), focus.code, short(focus.short), None, f_index)
        yield f_node
        for c_index, (cluster, raw_cluster) in enumerate(zip(focus.clusters, raw_focus["clusters"], strict=True), 1):
            c_node = _Node(
                "Cluster", raw_cluster, cluster.name.get(), cluster.code, short(cluster.short), f_node, c_index
            )
            yield c_node
            for k_index, (component, raw_component) in enumerate(
                zip(cluster.components, raw_cluster["components"], strict=True), 1
            ):
                label = f"{component.id} {component.kind.label.get()}"
                k_node = _Node(
                    "Component", raw_component, label, component.code, short(component.short), c_node, k_index
                )
                yield k_node
                for x_index, (competence, raw_competence) in enumerate(
                    zip(component.competences, raw_component.get("competences") or [], strict=True), 1
                ):
                    yield _Node(
                        "Competence",
                        raw_competence,
                        competence.text.get(),
                        competence.code,
                        short(competence.short),
                        k_node,
                        x_index,
                    )


def _shown(item: dict[str, Any]) -> dict[str, str]:
    """What the framework shows of a CFItem: its text (name), code and short name, as the import takes them."""
    text = "?"
    for key in ("fullStatement", "abbreviatedStatement", "humanCodingScheme", "identifier"):
        value = item.get(key)
        if value is not None and str(value).strip():
            text = str(value).strip()
            break
    return {
        "text": text,
        "code": str(item.get("humanCodingScheme") or "").strip(),
        "short": str(item.get("abbreviatedStatement") or "").strip(),
    }


def _link(node: dict[str, Any], title: str) -> dict[str, str]:
    return {"title": title, "identifier": str(node["identifier"]), "uri": str(node.get("uri") or "")}


def _export_imported(framework: Framework, raw: dict[str, Any]) -> dict[str, Any]:
    """The package an import came from: its items and associations as they were, items added since with new ids."""
    kept = raw["case"]
    namespace = _namespace(framework.id)
    when = _change_time(framework.version)
    lang = framework.default_language
    cf_document = copy.deepcopy(kept.get("document") or {})
    document_id = str(cf_document.get("identifier") or uuid.uuid5(namespace, f"document:{framework.id}"))
    cf_document["identifier"] = document_id
    cf_document.setdefault("uri", f"urn:uuid:{document_id}")
    cf_document.setdefault("creator", str(raw.get("publisher") or "curriculum-map"))
    cf_document.setdefault("lastChangeDateTime", when)
    title = framework.title.get()
    if cf_document.get("title") != title:
        cf_document["title"] = title
    if "version" in cf_document and str(cf_document["version"]) != framework.version:
        cf_document["version"] = framework.version
    cf_document[EXTENSION] = {
        "version": IMPORTED_VERSION,
        "hash": framework.hash,
        "document": {k: v for k, v in raw.items() if k not in ("focuses", "case")},
        "placement": kept.get("placement") or {},
    }

    exported: dict[int, dict[str, Any]] = {}  # id(node.raw) -> CFItem
    items: list[dict[str, Any]] = []
    nodes = list(_nodes(framework, raw))
    for node in nodes:
        if node.added:
            continue
        case = node.case
        identifier = str(case.get("identifier") or uuid.uuid5(namespace, f"{node.kind}:{node.raw['id']}"))
        item: dict[str, Any] = {"identifier": identifier}
        item.update({k: copy.deepcopy(v) for k, v in case.items() if k != ADDED})
        item["identifier"] = identifier
        item.setdefault("fullStatement", node.statement)
        if node.code:
            item.setdefault("humanCodingScheme", node.code)
        elif not case:
            item["humanCodingScheme"] = str(node.raw["id"])
        if node.short:
            item.setdefault("abbreviatedStatement", node.short)
        if case:
            # a text the package had as it was (with spaces around it, or empty) stays as it was, unless the
            # framework shows something else now: then it was edited, and the edit travels
            shown = _shown(item)
            if shown["text"] != node.statement:
                item["fullStatement"] = node.statement
            for key, was, now in (
                ("humanCodingScheme", shown["code"], node.code),
                ("abbreviatedStatement", shown["short"], node.short),
            ):
                if was != (now or ""):
                    if now:
                        item[key] = now
                    else:
                        item.pop(key, None)
        if not case:
            item["CFItemType"] = node.kind
            item["language"] = lang
        item.setdefault("uri", f"urn:uuid:{identifier}")
        item.setdefault("lastChangeDateTime", when)
        exported[id(node.raw)] = item
        items.append(item)

    present = {item["identifier"] for item in items}
    stored = [a for a in kept.get("associations") or [] if isinstance(a, dict)]
    # an item of the package is the origin of an isChildOf; one that is no longer in the framework was removed
    members = {_end(a, "originNodeURI") for a in stored if a.get("associationType") == "isChildOf"}
    removed = (members - present) - {document_id}
    titles = {item["identifier"]: item["fullStatement"] for item in items} | {document_id: title}
    associations = []
    has_parent = set()
    for association in stored:
        if _end(association, "originNodeURI") in removed or _end(association, "destinationNodeURI") in removed:
            continue
        association = _repaired(association, titles, when)
        if association["associationType"] == "isChildOf":
            has_parent.add(association["originNodeURI"]["identifier"])
        associations.append(association)
    document_node = {"identifier": document_id, "uri": cf_document["uri"]}
    for node in nodes:
        found = exported.get(id(node.raw))
        # an item added since the import gets a place in the hierarchy, and so does one whose parent was removed;
        # an item that had no parent in the package keeps having none
        if found is None or found["identifier"] in has_parent or (node.case and found["identifier"] not in members):
            continue
        item = found
        parent = node.parent
        while parent is not None and id(parent.raw) not in exported:
            parent = parent.parent
        target = exported[id(parent.raw)] if parent is not None else document_node
        identifier = str(uuid.uuid5(namespace, f"isChildOf:{item['identifier']}"))
        associations.append(
            {
                "identifier": identifier,
                "uri": f"urn:uuid:{identifier}",
                "associationType": "isChildOf",
                "sequenceNumber": node.position,
                "originNodeURI": _link(item, item["fullStatement"][:200]),
                "destinationNodeURI": _link(target, titles.get(target["identifier"], title)[:200]),
                "lastChangeDateTime": when,
            }
        )

    # CASE 1.1 servers (OpenCASE) write null for a property without a value; CASE 1.0 has no null: leave them out
    package: dict[str, Any] = {
        "CFDocument": _without_nulls(cf_document),
        "CFItems": _without_nulls(items),
        "CFAssociations": _without_nulls(associations),
    }
    definitions = kept.get("definitions")
    if definitions is not None:
        package["CFDefinitions"] = _without_nulls(definitions)
    rubrics = kept.get("rubrics")
    if rubrics and _rubric_levels({"CFRubrics": rubrics}) == _plain_levels(raw.get("levels")):
        package["CFRubrics"] = rubrics
    elif not rubrics and raw.get("levels") == _builtin_levels(lang):
        pass  # the built-in legend an import put in for want of one is not the package's: it stays out
    else:
        package["CFRubrics"] = [
            _legend_rubric(framework, lambda kind, key: str(uuid.uuid5(namespace, f"{kind}:{key}")), when)
        ]
    return package


def _end(association: dict[str, Any], key: str) -> str:
    node = association.get(key)
    return str(node.get("identifier") or "") if isinstance(node, dict) else ""


def _repaired(association: dict[str, Any], titles: dict[str, str], when: str) -> dict[str, Any]:
    """An association as it was, with what CASE requires and the source left out filled in."""
    association = copy.deepcopy(association)
    identifier = str(association.get("identifier") or uuid.uuid5(uuid.NAMESPACE_URL, json.dumps(association)))
    association["identifier"] = identifier
    association.setdefault("uri", f"urn:uuid:{identifier}")
    association.setdefault("lastChangeDateTime", when)
    for key in ("originNodeURI", "destinationNodeURI"):
        node = association.get(key)
        if isinstance(node, dict) and node.get("identifier"):
            node.setdefault("title", titles.get(str(node["identifier"]), str(node["identifier"]))[:200])
            node.setdefault("uri", f"urn:uuid:{node['identifier']}")
    return association


def _without_nulls(value: Any) -> Any:
    """CASE 1.0 allows no null where OpenSALT (an empty description) or a CASE 1.1 server writes one: leave it out."""
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value]
    return value


def _plain_levels(levels: Any) -> list[dict[str, Any]] | None:
    """The framework's legend in the shape `_rubric_levels` gives, to see whether it is still the package's."""
    if not isinstance(levels, list):
        return None
    return [
        {"score": lv.get("score"), "label": lv.get("label"), "description": lv.get("description", "")}
        for lv in levels
        if isinstance(lv, dict)
    ]


def write_case(framework: Framework, path: Path, lang: str | None = None) -> None:
    """Write the framework as a CASE package, in its default language or in `lang` (see `export_case`)."""
    package = export_case(framework, lang)
    path.write_text(json.dumps(package, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


# -- import ---------------------------------------------------------------------------------------


def _sequence(value: Any, warnings: list[Message], where: str) -> int | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        warnings.append(Message("case-sequence-text", where=where, value=value, number=int(value)))
        return int(value)
    warnings.append(Message("case-sequence-invalid", where=where, value=value))
    return None


def unwrap(package: Any) -> Any:
    """The package itself when it comes wrapped as {"CFPackage": {...}}, as some servers write it."""
    if isinstance(package, dict) and "CFDocument" not in package and isinstance(package.get("CFPackage"), dict):
        return package["CFPackage"]
    return package


def import_case(
    package: dict[str, Any], depths: tuple[int, int, int] | None = None, types: dict[str, str] | None = None
) -> CaseImport:
    """A framework document from a CFPackage.

    `depths` maps (focus, cluster, competence) to tree depths (0 = the document itself); `types` maps
    CFItemTypes to "focus", "cluster" or "competence" instead. Without either, depth 1 gives the
    focuses, depth 2 the clusters and everything below the rows.
    """
    package = unwrap(package)
    if not isinstance(package, dict) or not isinstance(package.get("CFDocument"), dict):
        raise CaseError("case-not-a-package")
    document = package["CFDocument"]
    extension = document.get(EXTENSION)
    if isinstance(extension, dict) and depths is None and types is None:
        if extension.get("version") == EXTENSION_VERSION:
            warnings: list[Message] = []
            return CaseImport(_rebuild_own(package, extension, warnings), warnings)
        if extension.get("version") == IMPORTED_VERSION:
            return _reimport(package, extension)
    return _Importer(package, depths, types).run()


def _reimport(package: dict[str, Any], extension: dict[str, Any]) -> CaseImport:
    """A package we exported from an import: placed as it was then, with the framework's own keys back."""
    placement = extension.get("placement") or {}
    depths = placement.get("depths")
    types = placement.get("types")
    clean = copy.deepcopy(package)
    del clean["CFDocument"][EXTENSION]
    result = _Importer(
        clean,
        tuple(depths) if isinstance(depths, list) and len(depths) == 3 else None,
        types if isinstance(types, dict) else None,
    ).run()
    own = extension.get("document") or {}
    focuses, case = result.document["focuses"], result.document["case"]
    result.document = {**copy.deepcopy(own), "focuses": focuses, "case": case}
    result.warnings = [w for w in result.warnings if w.code != "case-no-legend"]
    return result


def _children(package: dict[str, Any], warnings: list[Message]) -> dict[str, list[str]]:
    """Parent identifier -> child identifiers in order (sequenceNumber, then file order)."""
    found: dict[str, list[tuple[int | None, int, str]]] = {}
    for index, association in enumerate(package.get("CFAssociations") or []):
        if not isinstance(association, dict) or association.get("associationType") != "isChildOf":
            continue
        child = (association.get("originNodeURI") or {}).get("identifier")
        parent = (association.get("destinationNodeURI") or {}).get("identifier")
        if not child or not parent:
            warnings.append(Message("case-association-incomplete", index=index))
            continue
        sequence = _sequence(association.get("sequenceNumber"), warnings, f"CFAssociations[{index}]")
        found.setdefault(parent, []).append((sequence, index, child))
    ordered = {}
    for parent, entries in found.items():
        ordered[parent] = [c for _, _, c in sorted(entries, key=lambda e: (e[0] is None, e[0] or 0, e[1]))]
    return ordered


def _rebuild_own(package: dict[str, Any], extension: dict[str, Any], warnings: list[Message]) -> dict[str, Any]:
    """Our own export: the hierarchy from the CASE items, the rest from the extension."""
    items = {item["identifier"]: item for item in package.get("CFItems") or []}
    children = _children(package, warnings)
    extras = extension.get("items") or {}
    root = package["CFDocument"]["identifier"]
    kinds = ["Focus", "Cluster", "Component", "Competence"]
    keys = ["focuses", "clusters", "components", "competences"]

    def build(parent: str, depth: int) -> list[dict[str, Any]]:
        built = []
        for child in children.get(parent, []):
            item = items.get(child)
            if item is None or item.get("CFItemType") != kinds[depth]:
                continue
            raw = copy.deepcopy(
                extras.get(f"{kinds[depth]}:{item['humanCodingScheme']}", {"id": item["humanCodingScheme"]})
            )
            if depth + 1 < len(kinds):
                raw[keys[depth + 1]] = build(child, depth + 1)
            built.append(raw)
        return built

    document = copy.deepcopy(extension.get("document") or {})
    document["focuses"] = build(root, 0)
    return document


class _Importer:
    """Places every item of a foreign package in a framework document, and counts what went where."""

    def __init__(
        self, package: dict[str, Any], depths: tuple[int, int, int] | None, types: dict[str, str] | None
    ) -> None:
        self.package = package
        self.cf_document = package["CFDocument"]
        self.root = str(self.cf_document.get("identifier") or "")
        self.warnings: list[Message] = []
        self.placement = Placement()
        self.depths = depths
        self.types = types
        self.items: dict[str, dict[str, Any]] = {}
        self.tree: dict[str, list[str]] = {}
        self.depth: dict[str, int] = {}
        self.focuses: list[dict[str, Any]] = []
        self.groups: dict[str, dict[str, Any]] = {}
        self.lang = "en"
        self.title = "CASE"
        self.levels = (1, 2, 3)
        self.deepest = 0

    # -- reading the package

    def read_items(self) -> None:
        for index, item in enumerate(self.package.get("CFItems") or []):
            if not isinstance(item, dict):
                self.placement.unplaced.append(Message("case-item-not-an-object", index=index))
                continue
            identifier = item.get("identifier")
            if not isinstance(identifier, str) or not identifier.strip():
                self.placement.unplaced.append(Message("case-item-no-identifier", index=index))
                continue
            if identifier in self.items:
                self.placement.unplaced.append(Message("case-item-duplicate", index=index, identifier=identifier))
                continue
            self.items[identifier] = item
        self.placement.items = len(self.package.get("CFItems") or [])

    def read_tree(self) -> list[str]:
        """The hierarchy as a tree (each item once, under its first parent); returns the roots outside it."""
        children = _children(self.package, self.warnings)
        first_parent: dict[str, str] = {}
        several = 0
        for association in self.package.get("CFAssociations") or []:
            if not isinstance(association, dict) or association.get("associationType") != "isChildOf":
                continue
            child, parent = _end(association, "originNodeURI"), _end(association, "destinationNodeURI")
            if child in self.items and parent and parent != child:
                if child in first_parent and first_parent[child] != parent:
                    several += 1
                first_parent.setdefault(child, parent)
        if several:
            self.warnings.append(Message("case-several-parents", count=several))
        seen: set[str] = set()

        def grow(node: str, depth: int) -> None:
            self.tree[node] = []
            for child in children.get(node, []):
                if child in self.items and child not in seen and first_parent.get(child) == node:
                    seen.add(child)
                    self.depth[child] = depth
                    self.tree[node].append(child)
                    grow(child, depth + 1)

        grow(self.root, 1)
        self.deepest = max(self.depth.values(), default=0)
        outside = []
        for identifier in self.items:  # items outside the hierarchy: no parent in the package, or a cycle
            if identifier not in seen and first_parent.get(identifier) not in self.items:
                seen.add(identifier)
                outside.append(identifier)
                grow(identifier, 1)
        for identifier in self.items:
            if identifier not in seen:
                seen.add(identifier)
                outside.append(identifier)
                grow(identifier, 1)
        return outside

    # -- deciding

    def choose_depths(self) -> tuple[int, int, int]:
        deepest = self.deepest
        if self.types is not None:
            return (0, 0, max(deepest, 1))
        if self.depths is not None:
            focus, cluster, competence = self.depths
            if not (0 <= focus <= cluster < competence <= max(deepest, 1)):
                raise CaseError(
                    "case-depths-mismatch", focus=focus, cluster=cluster, competence=competence, deepest=deepest
                )
            return self.depths
        if deepest >= 3:
            return (1, 2, deepest)
        if deepest == 2:
            self.warnings.append(Message("case-two-levels"))
            return (1, 1, 2)
        if deepest:
            self.warnings.append(Message("case-one-level"))
        return (0, 0, 1)

    def role(self, node: str) -> str | None:
        """'focus', 'cluster' or 'competence' by the item's depth or CFItemType; None where it fits neither."""
        if self.types is not None:
            return self.types.get(str(self.items[node].get("CFItemType") or ""))
        focus, cluster, _ = self.levels
        depth = self.depth[node]
        if depth == cluster:
            return "cluster"
        if depth == focus:
            return "focus"
        return "competence" if depth > cluster else None

    def cluster_below(self, node: str) -> bool:
        return any(self.role(child) == "cluster" or self.cluster_below(child) for child in self.tree.get(node, []))

    # -- building the document

    def statement(self, item: dict[str, Any]) -> str:
        return _shown(item)["text"]

    def entry(self, node: str) -> dict[str, Any]:
        """What every item keeps: its code, its short name, and its CASE properties under `case`."""
        item = self.items[node]
        entry: dict[str, Any] = {}
        derived = _shown(item)
        if derived["code"]:
            entry["code"] = derived["code"]
        if derived["short"]:
            entry["short"] = derived["short"]
        # keep a text property in `case` only where what we show differs from it, so that the export is exact;
        # an empty one ("abbreviatedStatement": "", as OpenSALT writes) is kept too: the export cannot tell it
        # from one that was left out
        entry["case"] = {
            k: v
            for k, v in item.items()
            if k not in _TEXT_KEYS or not isinstance(v, str) or not v or v != derived[_TEXT_KEYS[k]]
        }
        return entry

    def label(self, node: str) -> str:
        """The name a row gives to the rows below it (their sub-theme)."""
        item = self.items[node]
        short = str(item.get("abbreviatedStatement") or "").strip()
        name = short or self.statement(item)
        return name if len(name) <= 80 else name[:79].rstrip() + "…"

    def group_text(self, key: str) -> str:
        return text(key, self.lang if self.lang in LANGUAGES else "en")

    def new_focus(self, name: str, entry: dict[str, Any] | None) -> dict[str, Any]:
        focus: dict[str, Any] = {"id": f"F{len(self.focuses) + 1}", "name": name}
        if entry is None:
            focus["case"] = {ADDED: True}
            self.placement.added["focus"] += 1
        else:
            focus.update(entry)
        focus["clusters"] = []
        self.focuses.append(focus)
        return focus

    def new_cluster(self, focus: dict[str, Any], name: str, entry: dict[str, Any] | None) -> dict[str, Any]:
        number = "0"  # numbered when all are placed (`number_clusters`)
        cluster: dict[str, Any] = {"id": number, "name": name, "description": name}
        if entry is None:
            cluster["case"] = {ADDED: True}
            self.placement.added["cluster"] += 1
        else:
            cluster.update(entry)
        cluster["components"] = [{"id": f"{number}.1", "kind": KIND_ID, "case": {ADDED: True}, "competences": []}]
        self.placement.added["component"] += 1
        focus["clusters"].append(cluster)
        return cluster

    def shared_focus(self) -> dict[str, Any]:
        """The focus that holds clusters without a focus of their own: named after the document."""
        if "document" not in self.groups:
            self.groups["document"] = self.new_focus(self.title, None)
        return self.groups["document"]

    def group(self, role: str) -> dict[str, Any]:
        """The visible group for items that fit nowhere else ('other') or lie outside the hierarchy ('orphan')."""
        if role not in self.groups:
            if "group" not in self.groups:
                self.groups["group"] = self.new_focus(self.group_text("case.group.focus"), None)
            self.groups[role] = self.new_cluster(self.groups["group"], self.group_text(f"case.group.{role}"), None)
        return self.groups[role]

    def add_row(self, cluster: dict[str, Any], node: str, chain: list[str], role: str) -> None:
        competences = cluster["components"][0]["competences"]
        row: dict[str, Any] = {"id": "0"}
        row["text"] = self.statement(self.items[node])
        if chain:
            row["subtheme"] = " › ".join(self.label(a) for a in chain)
            if role == "competence":
                self.placement.nested += 1
        row.update(self.entry(node))
        competences.append(row)
        self.count(node, role)

    def count(self, node: str, role: str) -> None:
        self.placement.placed[(role, str(self.items[node].get("CFItemType") or ""))] += 1

    def place(self, node: str, focus: dict[str, Any] | None, cluster: dict[str, Any] | None, chain: list[str]) -> None:
        role = self.role(node)
        children = self.tree.get(node, [])
        if cluster is not None:
            self.add_row(cluster, node, chain, "competence")
            for child in children:
                self.place(child, focus, cluster, [*chain, node])
            return
        if role == "cluster":
            home = focus or self.shared_focus()
            new = self.new_cluster(home, self.statement(self.items[node]), self.entry(node))
            self.count(node, "cluster")
            for child in children:
                self.place(child, home, new, [])
            return
        if role == "focus" and focus is None and self.cluster_below(node):
            new_focus = self.new_focus(self.statement(self.items[node]), self.entry(node))
            self.count(node, "focus")
            for child in children:
                self.place(child, new_focus, None, [])
            return
        # above or between the levels, a focus without clusters below it, or a focus inside a focus
        self.add_row(self.group("other"), node, chain, "other")
        for child in children:
            self.place(child, focus, None, [*chain, node])

    def place_outside(self, node: str, chain: list[str]) -> None:
        self.add_row(self.group("orphan"), node, chain, "orphan")
        for child in self.tree.get(node, []):
            self.place_outside(child, [*chain, node])

    def run(self) -> CaseImport:
        self.read_items()
        if not self.items:
            raise CaseError("case-no-items")
        outside = self.read_tree()
        self.lang = str(
            self.cf_document.get("language")
            or next((i.get("language") for i in self.items.values() if i.get("language")), "en")
        )
        self.title = str(self.cf_document.get("title") or "CASE").strip() or "CASE"
        if self.types is not None:
            found = {str(i.get("CFItemType") or "") for i in self.items.values()}
            unknown = sorted(set(self.types) - found)
            if unknown:
                raise CaseError(
                    "case-types-unknown",
                    types=", ".join(unknown),
                    found=", ".join(sorted(t for t in found if t)) or "-",
                )
        self.levels = self.choose_depths()
        top = self.tree.get(self.root, [])
        if self.types is None and self.levels[1] == 0 and top:
            cluster = self.new_cluster(self.shared_focus(), self.title, None)
            for node in top:
                self.place(node, self.shared_focus(), cluster, [])
        else:
            for node in top:
                self.place(node, None, None, [])
        for node in outside:
            self.place_outside(node, [])
        # the groups come last, where a reader looks for what is left over
        self.focuses.sort(key=lambda f: f is self.groups.get("group"))
        self.number()
        for association in self.package.get("CFAssociations") or []:
            if isinstance(association, dict):
                self.placement.associations[str(association.get("associationType") or "?")] += 1
        self.warnings.extend(self.placement.unplaced)
        return CaseImport(self.document(), self.warnings, self.placement)

    def number(self) -> None:
        """Ids in reading order: F1, F2, ... for focuses, 1, 2, ... for clusters, 1.1 and 1.1.1, ... below them."""
        clusters = 0
        for number, focus in enumerate(self.focuses, 1):
            focus["id"] = f"F{number}"
            for cluster in focus["clusters"]:
                clusters += 1
                cluster["id"] = str(clusters)
                component = cluster["components"][0]
                component["id"] = f"{clusters}.1"
                for row_number, row in enumerate(component["competences"], 1):
                    row["id"] = f"{clusters}.1.{row_number}"
                # once some rows of a cluster carry a sub-theme, the others carry the cluster's, so that no row
                # reads as belonging to the sub-theme above it
                if any("subtheme" in row for row in component["competences"]):
                    name = cluster["name"] if len(cluster["name"]) <= 80 else cluster["name"][:79].rstrip() + "…"
                    for row in component["competences"]:
                        row.setdefault("subtheme", name)

    def document(self) -> dict[str, Any]:
        lang = self.lang
        legend = _rubric_levels(self.package)
        if legend is None:
            legend = _builtin_levels(lang)
            self.warnings.append(Message("case-no-legend"))
        placement: dict[str, Any] = (
            {"types": dict(self.types)} if self.types is not None else {"depths": list(self.levels)}
        )
        kept: dict[str, Any] = {
            "document": {k: v for k, v in self.cf_document.items() if k != EXTENSION},
            "associations": [_stored(a) for a in self.package.get("CFAssociations") or [] if isinstance(a, dict)],
        }
        for key, name in (("CFDefinitions", "definitions"), ("CFRubrics", "rubrics")):
            if self.package.get(key):
                kept[name] = self.package[key]
        kept["placement"] = placement
        return {
            "id": re.sub(r"[^0-9A-Za-z_.-]", "-", self.root or "case-import").strip("-.") or "case-import",
            "version": str(self.cf_document.get("version") or self.cf_document.get("lastChangeDateTime") or "1"),
            "title": self.title,
            **({"publisher": str(self.cf_document["publisher"])} if self.cf_document.get("publisher") else {}),
            "source": str(self.cf_document.get("uri") or ""),
            "default_language": lang,
            "languages": [lang],
            "component_kinds": [{"id": KIND_ID, "label": {lang: "competences", "nl": "competenties"}}],
            "levels": legend,
            "programmes": [],
            "focuses": self.focuses,
            "case": kept,
        }


def _stored(association: dict[str, Any]) -> dict[str, Any]:
    """An association as kept: as it was, with a sequenceNumber written as text read as the number it is."""
    association = copy.deepcopy(association)
    if "sequenceNumber" in association:
        value = association["sequenceNumber"]
        if isinstance(value, str) and value.strip().lstrip("-").isdigit():
            association["sequenceNumber"] = int(value)
        elif not isinstance(value, int) or isinstance(value, bool):
            del association["sequenceNumber"]
    return association


def _builtin_levels(lang: str) -> list[dict[str, Any]]:
    """The built-in legend, with the English text standing in for a language it lacks."""
    from curriculum_map.framework.model import builtin_framework_path

    levels = parse_yaml(builtin_framework_path().read_text(encoding="utf-8"))["levels"]
    for level in levels:
        for key in ("label", "description"):
            if isinstance(level.get(key), dict) and lang not in level[key]:
                level[key][lang] = level[key].get("en") or next(iter(level[key].values()))
    return levels


def _rubric_levels(package: dict[str, Any]) -> list[dict[str, Any]] | None:
    for rubric in package.get("CFRubrics") or []:
        for criterion in rubric.get("CFRubricCriteria") or []:
            found = criterion.get("CFRubricCriterionLevels") or []
            ordered = sorted(
                found, key=lambda lv: (lv.get("score") is None, lv.get("score") or 0, lv.get("position") or 0)
            )
            if len(ordered) >= 2:
                return [
                    {
                        "score": i,
                        "label": str(lv.get("quality") or lv.get("description") or i),
                        "description": str(lv.get("description") or ""),
                    }
                    for i, lv in enumerate(ordered)
                ]
    return None


def read_package(path: Path) -> dict[str, Any]:
    """The package in a JSON file: with or without a byte-order mark, wrapped as {"CFPackage": ...} or not."""
    try:
        package = json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise CaseError("case-not-found", path=path) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CaseError("case-not-json", path=path, reason=str(exc)) from None
    except RecursionError:  # arrays or objects nested a thousand deep: no package is, and Python's stack ends
        raise CaseError("case-too-deep", path=path) from None
    return unwrap(package)


def read_case_file(
    path: Path, depths: tuple[int, int, int] | None = None, types: dict[str, str] | None = None
) -> CaseImport:
    """Read a CASE package from a JSON file and check the framework it gives."""
    result = import_case(read_package(path), depths, types)
    _, problems = build_framework(result.document, source=str(path))
    if problems:
        raise CaseError("case-invalid-framework", path=path, problems=Joined(problems[:5], "; "))
    if not result.document.get("programmes"):
        result.warnings.append(Message("case-no-programmes"))
    return result


def write_imported(result: CaseImport, path: Path) -> None:
    """Write the framework document of an import as a YAML file, with a first line that says where it came from."""
    path.write_text(
        "# Imported from a CASE package by curriculum-map; check it with 'curriculum-map framework validate'.\n"
        + dump_yaml(result.document),
        encoding="utf-8",
    )
