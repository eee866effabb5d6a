"""Carry answers from workbooks of an older framework version to the ids of the current one."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from curriculum_map.core.catalogue import CurriculumMapError
from curriculum_map.core.yamlfile import YamlLimitError, parse_yaml
from curriculum_map.framework.model import Framework, yaml_problem


class CrosswalkError(CurriculumMapError):
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
        raise CrosswalkError("crosswalk-not-found", path=path) from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        reason = yaml_problem(exc, str(exc)) if isinstance(exc, YamlLimitError) else str(exc)
        raise CrosswalkError("crosswalk-unreadable", path=path, reason=reason) from None
    if not isinstance(document, dict) or not isinstance(document.get("map", {}), dict):
        raise CrosswalkError("crosswalk-shape", path=path)
    from_version = str(document.get("from_version", "")).strip()
    to_version = str(document.get("to_version", framework.version)).strip()
    if not from_version:
        raise CrosswalkError("crosswalk-from-missing", path=path)
    if to_version != framework.version:
        raise CrosswalkError("crosswalk-version", path=path, target=to_version, version=framework.version)
    known = {x.id for x in framework.components} | {x.id for x in framework.competences}
    mapping: dict[str, str | None] = {}
    unknown = []
    for old, new in (document.get("map") or {}).items():
        target = None if new in (None, "") else str(new)
        if target is not None and target not in known:
            unknown.append(f"{old} -> {target}")
        mapping[str(old)] = target
    if unknown:
        raise CrosswalkError(
            "crosswalk-unknown-targets", path=path, version=framework.version, targets=", ".join(unknown)
        )
    return Crosswalk(from_version, to_version, mapping)
