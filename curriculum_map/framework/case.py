"""Exchange frameworks as 1EdTech CASE 1.0 packages (CFPackage), as OpenSALT, CaSS and registries do.

Export: a CFItem per focus, cluster, component and competence, isChildOf associations whose
sequenceNumbers keep the order, and the legend as a CFRubric. Identifiers are UUIDs derived
(uuid5) from the framework id and the item, so two exports of one version are identical. What
CASE has no place for (programmes, positions, aliases, translations) travels in an extension
property of the CFDocument, `curriculumMap`, so that our own exports round-trip exactly.

Import: our own packages come back as they were exported. A foreign package is mapped depth by
depth onto focus > cluster > competence (one component per cluster), as `depths` says.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from curriculum_map.core.catalogue import CurriculumMapError, Joined, Message
from curriculum_map.core.texts import text
from curriculum_map.core.yamlfile import parse_yaml
from curriculum_map.framework.model import Framework, build_framework

EXTENSION = "curriculumMap"
EXTENSION_VERSION = 1
CHILD_KEYS = {"focuses": "clusters", "clusters": "components", "components": "competences"}


class CaseError(CurriculumMapError):
    """A CASE package that cannot be imported, with what to do about it."""


@dataclass
class CaseImport:
    """The framework document read from a package, and the warnings met on the way (to show in any language)."""

    document: dict[str, Any]
    warnings: list[Message] = field(default_factory=list)


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


def export_case(framework: Framework) -> dict[str, Any]:
    """The framework as a CFPackage (a JSON-ready dict)."""
    namespace = _namespace(framework.id)
    when = _change_time(framework.version)
    lang = framework.default_language

    def ident(kind: str, item_id: str) -> str:
        return str(uuid.uuid5(namespace, f"{kind}:{item_id}"))

    def link(identifier: str, title: str) -> dict[str, str]:
        return {"title": title, "identifier": identifier, "uri": f"urn:uuid:{identifier}"}

    document_id = ident("document", framework.id)
    raw = _raw_document(framework)
    extension: dict[str, Any] = {
        "version": EXTENSION_VERSION,
        "hash": framework.hash,
        "document": {k: v for k, v in raw.items() if k != "focuses"},
        "items": {},
    }
    items: list[dict[str, Any]] = []
    associations: list[dict[str, Any]] = []

    def add(kind: str, raw_item: dict[str, Any], statement: str, parent: tuple[str, str], position: int) -> str:
        identifier = ident(kind, str(raw_item["id"]))
        item = {
            "identifier": identifier,
            "uri": f"urn:uuid:{identifier}",
            "fullStatement": statement,
            "CFItemType": kind,
            "humanCodingScheme": str(raw_item["id"]),
            "language": lang,
            "lastChangeDateTime": when,
        }
        items.append(item)
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

    title = framework.title.get()
    for f_index, (focus, raw_focus) in enumerate(zip(framework.focuses, raw["focuses"], strict=True), 1):
        focus_uuid = add("Focus", raw_focus, focus.name.get(), (document_id, title), f_index)
        for c_index, (cluster, raw_cluster) in enumerate(zip(focus.clusters, raw_focus["clusters"], strict=True), 1):
            cluster_uuid = add("Cluster", raw_cluster, cluster.name.get(), (focus_uuid, focus.name.get()), c_index)
            for k_index, (component, raw_component) in enumerate(
                zip(cluster.components, raw_cluster["components"], strict=True), 1
            ):
                label = f"{component.id} {component.kind.label.get()}"
                component_uuid = add("Component", raw_component, label, (cluster_uuid, cluster.name.get()), k_index)
                for x_index, (competence, raw_competence) in enumerate(
                    zip(component.competences, raw_component.get("competences") or [], strict=True), 1
                ):
                    add("Competence", raw_competence, competence.text.get(), (component_uuid, label), x_index)

    rubric_id = ident("rubric", "levels")
    criterion_id = ident("criterion", "levels")
    rubric = {
        "identifier": rubric_id,
        "uri": f"urn:uuid:{rubric_id}",
        "title": text("case.rubric.title", lang),
        "description": "; ".join(f"{lv.score} = {lv.label.get()}" for lv in framework.levels),
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
                        "quality": level.label.get(),
                        "description": level.description.get(),
                        "score": level.score,
                        "position": level.score + 1,
                        "rubricCriterionId": criterion_id,
                        "lastChangeDateTime": when,
                    }
                    for level in framework.levels
                ],
            }
        ],
    }
    cf_document = {
        "identifier": document_id,
        "uri": f"urn:uuid:{document_id}",
        "creator": str(raw.get("publisher") or "curriculum-map"),
        "title": title,
        "lastChangeDateTime": when,
        "publisher": str(raw.get("publisher") or ""),
        "description": framework.source or title,
        "language": lang,
        "version": framework.version,
        "adoptionStatus": "Draft",
        "notes": "Exported by curriculum-map. The property 'curriculumMap' carries what CASE has no place for.",
        EXTENSION: extension,
    }
    return {"CFDocument": cf_document, "CFItems": items, "CFAssociations": associations, "CFRubrics": [rubric]}


def write_case(framework: Framework, path: Path) -> None:
    path.write_text(json.dumps(export_case(framework), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


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


def import_case(package: dict[str, Any], depths: tuple[int, int, int] | None = None) -> CaseImport:
    """A framework document from a CFPackage; `depths` maps (focus, cluster, competence) to tree depths."""
    if not isinstance(package, dict) or not isinstance(package.get("CFDocument"), dict):
        raise CaseError("case-not-a-package")
    document = package["CFDocument"]
    extension = document.get(EXTENSION)
    if isinstance(extension, dict) and extension.get("version") == EXTENSION_VERSION and depths is None:
        warnings: list[Message] = []
        return CaseImport(_rebuild_own(package, extension, warnings), warnings)
    return _import_foreign(package, depths)


def _children(package: dict[str, Any], warnings: list[Message]) -> dict[str, list[str]]:
    """Parent identifier -> child identifiers in order (sequenceNumber, then file order)."""
    found: dict[str, list[tuple[int | None, int, str]]] = {}
    for index, association in enumerate(package.get("CFAssociations") or []):
        if association.get("associationType") != "isChildOf":
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


def _import_foreign(package: dict[str, Any], depths: tuple[int, int, int] | None) -> CaseImport:
    warnings: list[Message] = []
    cf_document = package["CFDocument"]
    items = {item.get("identifier"): item for item in package.get("CFItems") or [] if isinstance(item, dict)}
    children = _children(package, warnings)
    root = cf_document.get("identifier")
    levels: dict[int, list[str]] = {}

    def walk(node: str, depth: int, seen: set[str]) -> None:
        for child in children.get(node, []):
            if child in seen or child not in items:
                continue
            seen.add(child)
            levels.setdefault(depth, []).append(child)
            walk(child, depth + 1, seen)

    walk(root, 1, set())
    deepest = max(levels, default=0)
    if deepest == 0:
        raise CaseError("case-no-items")
    if depths is None:
        if deepest >= 3:
            depths = (1, 2, deepest)
        elif deepest == 2:
            depths = (1, 1, 2)
            warnings.append(Message("case-two-levels"))
        else:
            raise CaseError("case-one-level")
    focus_depth, cluster_depth, competence_depth = depths
    if not (1 <= focus_depth <= cluster_depth < competence_depth <= deepest):
        raise CaseError(
            "case-depths-mismatch",
            focus=focus_depth,
            cluster=cluster_depth,
            competence=competence_depth,
            deepest=deepest,
        )
    parent_of = {c: p for p, cs in children.items() for c in cs}

    def ancestor(node: str, depth: int, at: int) -> str:
        while depth > at:
            node, depth = parent_of[node], depth - 1
        return node

    depth_of = {node: depth for depth, nodes in levels.items() for node in nodes}
    lang = str(
        cf_document.get("language") or next((i.get("language") for i in items.values() if i.get("language")), "en")
    )

    def statement(node: str) -> str:
        item = items[node]
        text = str(item.get("fullStatement") or item.get("abbreviatedStatement") or item.get("humanCodingScheme") or "")
        return re.sub(r"\s+", " ", text).strip() or node

    focuses: list[dict[str, Any]] = []
    focus_index: dict[str, dict[str, Any]] = {}
    cluster_index: dict[str, dict[str, Any]] = {}
    skipped = 0
    for node in levels.get(competence_depth, []):
        focus_node = ancestor(node, competence_depth, focus_depth)
        cluster_node = ancestor(node, competence_depth, cluster_depth)
        if focus_node not in focus_index:
            focus_index[focus_node] = {"id": f"F{len(focus_index) + 1}", "name": statement(focus_node), "clusters": []}
            focuses.append(focus_index[focus_node])
        focus = focus_index[focus_node]
        if cluster_node not in cluster_index:
            number = len(cluster_index) + 1
            cluster = {
                "id": str(number),
                "name": statement(cluster_node),
                "description": statement(cluster_node),
                "components": [{"id": f"{number}.1", "kind": "competenties", "competences": []}],
            }
            cluster_index[cluster_node] = cluster
            focus["clusters"].append(cluster)
        component = cluster_index[cluster_node]["components"][0]
        entry = {"id": f"{component['id']}.{len(component['competences']) + 1}", "text": statement(node)}
        code = items[node].get("humanCodingScheme")
        if code:
            entry["code"] = str(code)
        component["competences"].append(entry)
    skipped = sum(len(nodes) for depth, nodes in levels.items() if depth > competence_depth)
    if skipped:
        warnings.append(Message("case-deeper-skipped", count=skipped, depth=competence_depth))
    between = [n for d, nodes in levels.items() if cluster_depth < d < competence_depth for n in nodes]
    if between:
        warnings.append(Message("case-between-merged", count=len(between)))
    lonely = [n for n in levels.get(cluster_depth, []) if n not in cluster_index and depth_of.get(n) == cluster_depth]
    if lonely:
        warnings.append(Message("case-empty-clusters", count=len(lonely)))
    builtin_levels = _builtin_levels(lang)
    legend = _rubric_levels(package) or builtin_levels
    if legend is builtin_levels:
        warnings.append(Message("case-no-legend"))
    document = {
        "id": re.sub(r"[^0-9A-Za-z_.-]", "-", str(cf_document.get("identifier") or "case-import")),
        "version": str(cf_document.get("version") or cf_document.get("lastChangeDateTime") or "1"),
        "title": str(cf_document.get("title") or "CASE import"),
        "source": str(cf_document.get("uri") or ""),
        "default_language": lang,
        "languages": [lang],
        "component_kinds": [{"id": "competenties", "label": {lang: "competences", "nl": "competenties"}}],
        "levels": legend,
        "programmes": [],
        "focuses": focuses,
    }
    return CaseImport(document, warnings)


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


def read_case_file(path: Path, depths: tuple[int, int, int] | None = None) -> CaseImport:
    """Read a CASE package from a JSON file and check the framework it gives."""
    try:
        package = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CaseError("case-not-found", path=path) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CaseError("case-not-json", path=path, reason=str(exc)) from None
    result = import_case(package, depths)
    _, problems = build_framework(result.document, source=str(path))
    if problems:
        raise CaseError("case-invalid-framework", path=path, problems=Joined(problems[:5], "; "))
    return result


def write_imported(result: CaseImport, path: Path) -> None:
    """Write the framework document of an import as a YAML file, with a first line that says where it came from."""
    import yaml

    path.write_text(
        "# Imported from a CASE package by curriculum-map; check it with 'curriculum-map framework validate'.\n"
        + yaml.safe_dump(result.document, allow_unicode=True, sort_keys=False, width=100),
        encoding="utf-8",
    )
