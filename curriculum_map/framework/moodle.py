"""Write a framework as the CSV file Moodle's competency framework importer reads (admin/tool/lpimportcsv).

The importer reads columns by position, with a header row (the names below are the English labels
its upload form shows); its own exporter writes the same columns, so a framework exported from
Moodle and one written here have one shape:

- one row for the framework itself (`Is framework` = 1), with the scale of the framework: the
  legend's labels as the scale values, and a scale configuration that makes the lowest level the
  default and the highest level the proficient one;
- one row per focus, cluster, component and competence, each naming its parent's `ID number`
  (empty for a focus, which hangs under the framework);
- `Taxonomy` on the framework row: Moodle's word for each depth (domain, competency, skill, indicator).

The texts are those of the language asked for (falling back to the framework's default language).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from curriculum_map.core.yamlfile import parse_yaml
from curriculum_map.framework.model import Framework

HEADERS = (
    "Parent ID number",
    "ID number",
    "Short name",
    "Description",
    "Description format",
    "Scale values",
    "Scale configuration",
    "Rule type (optional)",
    "Rule outcome (optional)",
    "Rule config (optional)",
    "Cross-referenced competency ID numbers",
    "Exported ID (optional)",
    "Is framework",
    "Taxonomy",
)
# Moodle's taxonomy terms per depth: focus, cluster, component, competence
TAXONOMIES = ("domain", "competency", "skill", "indicator")
FORMAT_PLAIN = "2"  # Moodle's FORMAT_PLAIN: the texts are plain text with line breaks
SHORT_NAME = 100  # Moodle keeps at most 100 characters of an ID number or a short name


@dataclass(frozen=True)
class MoodleRow:
    """One row of the CSV: the framework, or a focus, cluster, component or competence."""

    parent: str
    idnumber: str
    shortname: str
    description: str
    related: str = ""
    scale_values: str = ""
    scale_configuration: str = ""
    is_framework: bool = False
    taxonomy: str = ""

    def cells(self) -> list[str]:
        return [
            self.parent,
            self.idnumber,
            self.shortname,
            self.description,
            FORMAT_PLAIN,
            self.scale_values,
            self.scale_configuration,
            "",
            "",
            "",
            self.related,
            "",
            "1" if self.is_framework else "",
            self.taxonomy,
        ]


def _shorten(value: str, limit: int = SHORT_NAME) -> str:
    value = " ".join(value.split())
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


def scale(framework: Framework, lang: str | None = None) -> tuple[str, str]:
    """Moodle's scale values (the legend's labels, comma-separated) and scale configuration (JSON)."""
    # a comma separates scale items in Moodle, so a label may not hold one
    values = ",".join(level.label.get(lang).replace(",", ";") for level in framework.levels)
    # Moodle numbers scale items 1, 2, ...; the framework's target level and those above it are proficient
    target = framework.scale.scores.index(framework.scale.target) + 1
    configuration = [{"scaleid": "0"}] + [
        {"id": number, "scaledefault": int(number == 1), "proficient": int(number >= target)}
        for number in range(1, len(framework.levels) + 1)
    ]
    return values, json.dumps(configuration, separators=(",", ":"))


def _related(framework: Framework, idnumbers: dict[str, str]) -> dict[str, list[str]]:
    """isRelatedTo associations kept from a CASE import, between items of the framework, by ID number."""
    raw = parse_yaml(Path(framework.path).read_text(encoding="utf-8")) if framework.path else None
    if not isinstance(raw, dict) or not isinstance(raw.get("case"), dict):
        return {}
    kept = raw["case"]
    by_identifier: dict[str, str] = {}

    def remember(kind: str, entry: dict[str, Any]) -> None:
        case = entry.get("case")
        if isinstance(case, dict) and case.get("identifier") and f"{kind}:{entry.get('id')}" in idnumbers:
            by_identifier[str(case["identifier"])] = idnumbers[f"{kind}:{entry.get('id')}"]

    for focus in raw.get("focuses") or []:
        remember("focus", focus)
        for cluster in focus.get("clusters") or []:
            remember("cluster", cluster)
            for component in cluster.get("components") or []:
                remember("component", component)
                for competence in component.get("competences") or []:
                    remember("competence", competence)
    related: dict[str, list[str]] = {}
    for association in kept.get("associations") or []:
        if not isinstance(association, dict) or association.get("associationType") != "isRelatedTo":
            continue
        origin = by_identifier.get(str((association.get("originNodeURI") or {}).get("identifier")))
        target = by_identifier.get(str((association.get("destinationNodeURI") or {}).get("identifier")))
        if origin and target and target not in related.setdefault(origin, []):
            related[origin].append(target)
    return related


def moodle_rows(framework: Framework, lang: str | None = None) -> list[MoodleRow]:
    """The framework row, then a row per focus, cluster, component and competence, in framework order."""
    values, configuration = scale(framework, lang)
    # focus ids and cluster ids may be the same ("1"); components and competences have dotted ids of their own
    idnumbers: dict[str, str] = {}
    for focus in framework.focuses:
        idnumbers[f"focus:{focus.id}"] = _shorten(f"F-{focus.id}")
        for cluster in focus.clusters:
            idnumbers[f"cluster:{cluster.id}"] = _shorten(cluster.id)
            for component in cluster.components:
                idnumbers[f"component:{component.id}"] = _shorten(component.id)
                for competence in component.competences:
                    idnumbers[f"competence:{competence.id}"] = _shorten(competence.id)
    related = _related(framework, idnumbers)

    def row(parent: str, key: str, name: str, description: str) -> MoodleRow:
        idnumber = idnumbers[key]
        cross = ",".join(r.replace(",", "%2C") for r in related.get(idnumber, []))
        return MoodleRow(parent, idnumber, _shorten(name), description, related=cross)

    rows = [
        MoodleRow(
            "",
            _shorten(framework.id),
            _shorten(framework.title.get(lang)),
            framework.source or framework.title.get(lang),
            scale_values=values,
            scale_configuration=configuration,
            is_framework=True,
            taxonomy=",".join(TAXONOMIES),
        )
    ]
    for focus in framework.focuses:
        focus_id = idnumbers[f"focus:{focus.id}"]
        rows.append(row("", f"focus:{focus.id}", f"{focus.id}. {focus.name.get(lang)}", focus.description.get(lang)))
        for cluster in focus.clusters:
            explanation = cluster.explanation.get(lang) if cluster.explanation is not None else ""
            description = "\n\n".join(t for t in (cluster.description.get(lang), explanation) if t)
            rows.append(row(focus_id, f"cluster:{cluster.id}", f"{cluster.id}. {cluster.name.get(lang)}", description))
            for component in cluster.components:
                label = f"{component.id} {component.kind.label.get(lang)}"
                rows.append(row(idnumbers[f"cluster:{cluster.id}"], f"component:{component.id}", label, ""))
                for competence in component.competences:
                    name = competence.short.get(lang) if competence.short is not None else competence.text.get(lang)
                    description = competence.text.get(lang)
                    if competence.subtheme is not None:
                        description = f"{competence.subtheme.get(lang)}: {description}"
                    parent = idnumbers[f"component:{component.id}"]
                    rows.append(row(parent, f"competence:{competence.id}", f"{competence.id} {name}", description))
    return rows


def iter_csv(rows: list[MoodleRow]) -> Iterator[list[str]]:
    yield list(HEADERS)
    for row in rows:
        yield row.cells()


def moodle_csv(framework: Framework, lang: str | None = None) -> str:
    """The CSV text: UTF-8 without a byte-order mark (the importer would read it as part of the first header)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows(iter_csv(moodle_rows(framework, lang)))
    return buffer.getvalue()


def write_moodle(framework: Framework, path: Path, lang: str | None = None) -> None:
    """Write the CSV file for Moodle's importer."""
    path.write_text(moodle_csv(framework, lang), encoding="utf-8")
