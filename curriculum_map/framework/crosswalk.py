"""Carry answers from workbooks of an older framework version to the ids of the current one.

A crosswalk is a YAML file (from_version, to_version, map; optionally changes, and splits: an old id split in
parts -> the list of all its parts, while map names the first part only), or a table as any list is kept (CSV or
workbook, read by core.listfile): the header row names the old and the new version, each row below
an old id and its new id (empty: the item no longer exists).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from curriculum_map.core.listfile import ListFileError, ListKind, read_list, read_list_text
from curriculum_map.core.yamlfile import YamlLimitError, parse_yaml
from curriculum_map.framework.model import Framework, yaml_problem

YAML_SUFFIXES = (".yaml", ".yml")


class CrosswalkError(ListFileError):
    """A crosswalk file that cannot be used."""


CROSSWALK = ListKind("list.kind.crosswalk", CrosswalkError)


@dataclass(frozen=True)
class Crosswalk:
    """Old id -> new id (None: the item no longer exists) for workbooks of `from_version`."""

    from_version: str
    to_version: str
    mapping: dict[str, str | None] = field(default_factory=dict)
    # new id -> how it changed (reworded, moved, split, merged, merged_into, added), as `framework revise`
    # writes it: a programme sees which of its answers concern a changed competence
    changes: dict[str, str] = field(default_factory=dict)
    # old id -> every part it was split into (map names the first): last year's answer belongs to each part
    splits: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def translate(self, old_id: str) -> str | None:
        """The current id of an item of the old version; unlisted ids keep their id."""
        return self.mapping.get(old_id, old_id)

    def parts(self, old_id: str) -> tuple[str, ...]:
        """Every current id an old item's answer belongs to: each part of a split, else its one new id (or none)."""
        if old_id in self.splits:
            return self.splits[old_id]
        new = self.translate(old_id)
        return (new,) if new else ()


def load_crosswalk(path: Path, framework: Framework) -> Crosswalk:
    """Read and check a crosswalk file (YAML: from_version, to_version, map; or a table of old and new ids)."""
    changes: dict[str, str] = {}
    splits: dict[str, tuple[str, ...]] = {}
    if path.suffix.lower() in YAML_SUFFIXES:
        from_version, to_version, pairs, changes, splits = _yaml_crosswalk(path, framework)
    else:
        from_version, to_version, pairs = _table_crosswalk(path, framework)
    if not from_version:
        raise CrosswalkError("crosswalk-from-missing", path=path)
    if to_version != framework.version:
        raise CrosswalkError("crosswalk-version", path=path, target=to_version, version=framework.version)
    known = {x.id for x in framework.components} | {x.id for x in framework.competences}
    mapping: dict[str, str | None] = {}
    unknown = []
    for old, new in pairs:
        target = new or None
        if target is not None and target not in known:
            unknown.append(f"{old} -> {target}")
        mapping[old] = target
    unknown += [f"{old} -> {part}" for old, parts in splits.items() for part in parts if part not in known]
    if unknown:
        raise CrosswalkError(
            "crosswalk-unknown-targets", path=path, version=framework.version, targets=", ".join(unknown)
        )
    return Crosswalk(from_version, to_version, mapping, {k: v for k, v in changes.items() if k in known}, splits)


def _yaml_crosswalk(
    path: Path, framework: Framework
) -> tuple[str, str, list[tuple[str, str]], dict[str, str], dict[str, tuple[str, ...]]]:
    try:
        document = parse_yaml(read_list_text(path, CROSSWALK))
    except yaml.YAMLError as exc:
        reason = yaml_problem(exc, str(exc)) if isinstance(exc, YamlLimitError) else str(exc)
        raise CrosswalkError("crosswalk-yaml", path=path, reason=reason) from None
    if not isinstance(document, dict) or not isinstance(document.get("map", {}), dict):
        raise CrosswalkError("crosswalk-shape", path=path)
    from_version = str(document.get("from_version", "")).strip()
    to_version = str(document.get("to_version", framework.version)).strip()
    pairs = [(str(old), "" if new is None else str(new)) for old, new in (document.get("map") or {}).items()]
    changes = document.get("changes") or {}
    changed = {str(k): str(v) for k, v in changes.items()} if isinstance(changes, dict) else {}
    splits = document.get("splits") or {}
    if not isinstance(splits, dict) or not all(isinstance(v, list) for v in splits.values()):
        raise CrosswalkError("crosswalk-shape", path=path)
    parts = {str(old): tuple(str(p) for p in new) for old, new in splits.items()}
    return from_version, to_version, pairs, changed, parts


def _table_crosswalk(path: Path, framework: Framework) -> tuple[str, str, list[tuple[str, str]]]:
    rows = read_list(path, CROSSWALK).rows
    if not rows:
        raise CrosswalkError("crosswalk-shape", path=path)
    header, *body = rows
    to_version = header.cell(1) or framework.version
    return header.cell(0), to_version, [(row.cell(0), row.cell(1)) for row in body if row.cell(0)]
