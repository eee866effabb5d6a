"""Carry answers from workbooks of an older framework version to the ids of the current one."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from curriculum_map.core.yamlfile import parse_yaml
from curriculum_map.framework.model import Framework


class CrosswalkError(Exception):
    """A crosswalk file that cannot be used."""


@dataclass(frozen=True)
class Crosswalk:
    """Old id -> new id (None: the item no longer exists) for workbooks of `from_version`."""

    from_version: str
    to_version: str
    mapping: dict[str, str | None] = field(default_factory=dict)

    def translate(self, old_id: str) -> str | None:
        """The current id of an item of the old version; unlisted ids keep their id."""
        return self.mapping.get(old_id, old_id)


def load_crosswalk(path: Path, framework: Framework) -> Crosswalk:
    """Read and check a crosswalk file (YAML: from_version, to_version, map)."""
    try:
        document = parse_yaml(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CrosswalkError(f"{path}: bestand niet gevonden") from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise CrosswalkError(f"{path}: kan niet gelezen worden ({exc})") from None
    if not isinstance(document, dict) or not isinstance(document.get("map", {}), dict):
        raise CrosswalkError(f"{path}: verwacht from_version, to_version en map (oud id: nieuw id)")
    from_version = str(document.get("from_version", "")).strip()
    to_version = str(document.get("to_version", framework.version)).strip()
    if not from_version:
        raise CrosswalkError(f"{path}: from_version ontbreekt (de versie van de oude werkmappen)")
    if to_version != framework.version:
        raise CrosswalkError(
            f"{path}: de crosswalk leidt naar versie {to_version}, maar het kader is versie {framework.version}"
        )
    known = {x.id for x in framework.components} | {x.id for x in framework.competences}
    mapping: dict[str, str | None] = {}
    unknown = []
    for old, new in (document.get("map") or {}).items():
        target = None if new in (None, "") else str(new)
        if target is not None and target not in known:
            unknown.append(f"{old} -> {target}")
        mapping[str(old)] = target
    if unknown:
        raise CrosswalkError(f"{path}: deze doelen bestaan niet in versie {framework.version}: {', '.join(unknown)}")
    return Crosswalk(from_version, to_version, mapping)
