"""The organisation workflow's decks: `staff slides TEAM_DIR` and `sector slides SECTOR_DIR` (.pptx, 16:9).

Both are drawn from published tables only (team/ of `staff read`, report/ of `sector aggregate`): groups at
or above the minimum group size, never a person, so no deck can hold a name. Findings come first, in plain
words, and every figure they cite is in a native table further on (render/slides.py lays them out). A count
the tables withheld (`below_minimum`) is said in words, never as a number.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from curriculum_map.core.numbers import format_share
from curriculum_map.core.report_files import (
    COMPETENCE_NEEDS_CSV,
    SECTOR_COMPETENCES_CSV,
    SECTOR_ORGANISATIONS_CSV,
    TEAM_GROUPS_CSV,
    TRAINING_NEEDS_CSV,
)
from curriculum_map.core.texts import text
from curriculum_map.coverage.results import ResultsError, read_rows
from curriculum_map.framework.model import Cluster, Competence, Framework
from curriculum_map.organisation.growth import SCOPE_ALL
from curriculum_map.render.slides import SlideContent, SlideTable, TableCell, TableSection, write_deck

TEAM_FOLDER, SECTOR_FOLDER = "team", "report"
TOP = 5  # findings name at most this many components or competences
NEED_FILL = "#f6c28b"  # at least half of those who answered have a learning need
ESSENTIAL_FILL = "#e8833a"  # ... and on a competence a function profile calls essential
ZERO_FILL = "#ffffff"


def folder_of(path: Path, name: str, marker: str, command: str) -> Path:
    """The output folder itself or its sub-folder `name` (team/, report/), whichever holds `marker`; a folder
    of another command is named as such rather than as a missing file of the wrong workflow."""
    for folder in (path / name, path):
        if (folder / marker).is_file():
            return folder
    raise ResultsError("deck-folder-not-found", path=path / marker, command=command)


def number(value: str) -> int:
    return int(value) if value.strip() else 0


def withheld(row: dict[str, str]) -> bool:
    return row.get("below_minimum", "").strip().lower() == "true"


@dataclass(frozen=True)
class Deck:
    """What a deck command wrote: the file and its number of slides."""

    path: Path
    slides: int


class _Words:
    """Texts of the catalogue and the framework's words in one language."""

    def __init__(self, framework: Framework, lang: str):
        self.fw = framework
        self.lang = lang

    def t(self, key: str, **values: object) -> str:
        return text(key, self.lang, **values)

    def full_text(self, item_id: str, fallback: str = "") -> str:
        """A competence's words in the framework; an organisation's own competence's from the table."""
        item = self.fw.item(item_id)
        return item.text.get(self.lang) if isinstance(item, Competence) else fallback

    def competence(self, item_id: str, fallback: str = "") -> str:
        """The competence's id and its first line (the rest of a long text goes in the notes)."""
        first = self.full_text(item_id, fallback).strip().split("\n", 1)[0]
        return f"{item_id} {' '.join(first.split())}"

    def component(self, component_id: str) -> str:
        components = {k.id: k for k in self.fw.components}
        clusters = {c.id: c.name.get(self.lang) for c in self.fw.clusters}
        found = components.get(component_id)
        if found is None:
            return component_id
        return f"{component_id} {found.kind.label.get(self.lang)} – {clusters[found.cluster_id]}"


# -- the team's conversation --------------------------------------------------------------------------


class TeamDeck(_Words):
    """The team's conversation about its learning needs, from the team folder of `staff read`."""

    def __init__(self, folder: Path, framework: Framework, lang: str):
        super().__init__(framework, lang)
        self.folder = folder_of(folder, TEAM_FOLDER, TEAM_GROUPS_CSV, "staff read")
        self.groups = read_rows(self.folder / TEAM_GROUPS_CSV, ("organisation", "group", "respondents"))
        self.needs = read_rows(self.folder / TRAINING_NEEDS_CSV, ("group", "component_id", "people_with_need"))
        self.competences = read_rows(
            self.folder / COMPETENCE_NEEDS_CSV,
            ("group", "item_id", "cluster_id", "people_with_need", "needs_essential", "asked", "below_minimum"),
        )
        self.labels = [row["group"] for row in self.groups]
        minimum = {row.get("min_respondents", "") for row in self.groups} - {""}
        self.minimum = max((int(m) for m in minimum), default=3)

    def title(self) -> str:
        organisation = " + ".join(dict.fromkeys(r["organisation"] for r in self.groups if r["organisation"]))
        return self.t("organisation.team.title") + (f" – {organisation}" if organisation else "")

    def slides(self) -> list[SlideContent]:
        slides = [self.cover(), self.findings()]
        if self.labels:
            slides.append(self.how_to_read())
            slides += [self.cluster(cluster) for cluster in self.fw.clusters if self.rows_of(cluster)]
        return slides

    def cover(self) -> SlideContent:
        if not self.labels:
            return SlideContent(self.title(), lines=(self.fw.title.get(self.lang),), cover=True)
        whole = [row for row in self.groups if row.get("scope") == SCOPE_ALL]  # else the parts do not overlap
        respondents = sum(number(row["respondents"]) for row in whole or self.groups)
        line = self.t("staff.slides.cover", respondents=respondents, groups=len(self.labels), minimum=self.minimum)
        groups = ", ".join(
            f"{row['group']} ({self.t('organisation.team.respondents', count=number(row['respondents']))})"
            for row in self.groups
        )
        lines = (self.fw.title.get(self.lang), line, groups)
        return SlideContent(self.title(), lines=lines, notes=lines[1:], cover=True)

    def findings(self) -> SlideContent:
        """Per group: the components with the most colleagues with a need, and how many on essentials."""
        if not self.labels:
            line = self.t("staff.slides.none")  # the minimum is in no file when no group reached it
            return SlideContent(self.t("organisation.team.findings"), lines=(line,), notes=(line,))
        lines = [self.group_finding(label) for label in self.labels]
        if any(withheld(row) for row in self.competences):
            lines.append(self.t("staff.slides.withheld", minimum=self.minimum))
        return SlideContent(self.t("organisation.team.findings"), lines=tuple(lines), bullets=True, notes=tuple(lines))

    def group_finding(self, label: str) -> str:
        needs = [r for r in self.needs if r["group"] == label and not withheld(r) and number(r["people_with_need"])]
        needs.sort(key=lambda r: (-number(r["people_with_need"]) / max(1, number(r["asked"])), r["component_id"]))
        if not needs:
            return f"{label}: {self.t('organisation.team.finding.none')}"
        where = "; ".join(
            f"{self.component(r['component_id'])} "
            f"({self.t('organisation.team.finding.of', people=r['people_with_need'], asked=r['asked'])})"
            for r in needs[:3]
        )
        essential = sum(
            1 for r in self.competences if r["group"] == label and not withheld(r) and number(r["needs_essential"])
        )
        return self.t("staff.slides.finding", group=label, where=where, essential=essential)

    def how_to_read(self) -> SlideContent:
        lines = (
            self.t("staff.slides.read.need"),
            self.t("staff.slides.read.cells"),
            self.t("staff.slides.read.fills"),
            self.t("staff.slides.read.withheld", withheld=self.t("staff.slides.cell.withheld")),
        )
        return SlideContent(self.t("staff.slides.read.title"), lines=lines, bullets=True, notes=lines)

    def rows_of(self, cluster: Cluster) -> list[str]:
        """The competences of a cluster with a learning need shown in some group, in order (one whose counts are
        all withheld would be a row of 'too few answers' only: the findings say so once instead)."""
        found = {r["item_id"] for r in self.competences if r["cluster_id"] == cluster.id}
        shown = {r["item_id"] for r in self.competences if number(r["people_with_need"]) and not withheld(r)}
        order = [x.id for k in cluster.components for x in k.competences]
        extra = sorted(found - set(order))  # the organisation's own competences come after the framework's
        return [item for item in [*order, *extra] if item in found and item in shown]

    def cell(self, row: dict[str, str] | None) -> TableCell:
        if row is None:
            return TableCell("–", centre=True)
        if withheld(row):
            return TableCell(self.t("staff.slides.cell.withheld"), centre=True)
        people, asked, essential = (number(row[k]) for k in ("people_with_need", "asked", "needs_essential"))
        words = self.t("organisation.team.finding.of", people=people, asked=asked)
        if essential:
            words += "\n" + self.t("staff.slides.cell.essential", count=essential)
        fill = (ESSENTIAL_FILL if essential else NEED_FILL) if asked and people * 2 >= asked else ZERO_FILL
        return TableCell(words, fill, bold=bool(people), centre=True)

    def cluster(self, cluster: Cluster) -> SlideContent:
        """A native table: per component its competences with a learning need, a column per group shown."""
        title = self.t("slides.cluster.title", id=cluster.id, name=cluster.name.get(self.lang))
        rows = {(r["group"], r["item_id"]): r for r in self.competences}
        items = self.rows_of(cluster)
        known = {x.id for k in cluster.components for x in k.competences}
        parts = [(f"{k.id} {k.kind.label.get(self.lang)}", {x.id for x in k.competences}) for k in cluster.components]
        parts.append((self.t("staff.slides.own"), set(items) - known))
        sections = tuple(
            TableSection(heading, tuple(self.row(i, rows) for i in items if i in ids))
            for heading, ids in parts
            if ids & set(items)
        )
        header = (TableCell(self.t("column.competence")), *(TableCell(g, centre=True) for g in self.labels))
        table = SlideTable(header, sections, description=title)
        return SlideContent(title, table=table, notes=tuple(self.note(i, rows) for i in items))

    def row(self, item_id: str, rows: dict[tuple[str, str], dict[str, str]]) -> tuple[TableCell, ...]:
        label = TableCell(self.competence(item_id, self.own_text(item_id)))
        return (label, *(self.cell(rows.get((group, item_id))) for group in self.labels))

    def own_text(self, item_id: str) -> str:
        return next((r.get("competence", "") for r in self.competences if r["item_id"] == item_id), "")

    def note(self, item_id: str, rows: dict[tuple[str, str], dict[str, str]]) -> str:
        """The competence in full and its counts in words, per group."""
        words = self.full_text(item_id, self.own_text(item_id))
        parts = []
        for group in self.labels:
            row = rows.get((group, item_id))
            if row is not None:
                parts.append(f"{group}: {self.cell(row).text}".replace("\n", ", "))
        return f"{item_id} {' '.join(words.split())}: " + "; ".join(parts)


# -- the sector meeting -------------------------------------------------------------------------------


class SectorDeck(_Words):
    """Where the sector's needs are largest, where the offer is thin, per organisation shown."""

    def __init__(self, folder: Path, framework: Framework, lang: str):
        super().__init__(framework, lang)
        self.folder = folder_of(folder, SECTOR_FOLDER, SECTOR_COMPETENCES_CSV, "sector aggregate")
        self.organisations = read_rows(
            self.folder / SECTOR_ORGANISATIONS_CSV, ("organisation", "self_assessments", "needs_shown")
        )
        self.rows = read_rows(
            self.folder / SECTOR_COMPETENCES_CSV,
            ("group", "scope", "item_id", "asked", "people_with_need", "need_share", "profiles_essential",
             "organisations_offering", "organisations_with_map", "below_minimum"),
        )  # fmt: skip
        self.basis = [r for r in self.rows if r["scope"] == "sector"]

    def title(self) -> str:
        return self.t("sector.title")

    def slides(self) -> list[SlideContent]:
        slides = [self.cover(), self.findings(), self.largest(), self.thin(), self.per_organisation()]
        labels = dict.fromkeys(r["group"] for r in self.rows if r["scope"] == "organisation")
        return slides + [self.organisation(label) for label in labels]

    def cover(self) -> SlideContent:
        shown = [o for o in self.organisations if o["needs_shown"].strip().lower() == "true"]
        respondents = sum(number(o["self_assessments"]) for o in self.organisations)
        line = self.t(
            "sector.slides.cover",
            organisations=len(self.organisations),
            respondents=respondents,
            shown=len(shown),
        )
        return SlideContent(self.title(), lines=(self.fw.title.get(self.lang), line), notes=(line,), cover=True)

    def largest_rows(self, rows: Sequence[dict[str, str]]) -> list[dict[str, str]]:
        found = [r for r in rows if not withheld(r) and number(r["people_with_need"])]
        return sorted(found, key=lambda r: (-float(r["need_share"] or 0), -number(r["people_with_need"])))[:TOP]

    def thin_rows(self) -> list[dict[str, str]]:
        needed = [
            r for r in self.basis
            if (not withheld(r) and number(r["people_with_need"])) or number(r["profiles_essential"])
        ]  # fmt: skip
        return sorted(needed, key=lambda r: (number(r["organisations_offering"]), -number(r["people_with_need"])))[:TOP]

    def findings(self) -> SlideContent:
        largest, thin = self.largest_rows(self.basis), self.thin_rows()
        lines = []
        if largest:
            names = "; ".join(f"{self.competence(r['item_id'])} – {self.share(r)}" for r in largest[:3])
            lines.append(self.t("sector.slides.largest", where=names))
        else:
            lines.append(self.t("sector.slides.no_needs"))
        if thin:
            names = "; ".join(self.competence(r["item_id"]) for r in thin[:3])
            lines.append(self.t("sector.slides.thin", where=names))
        else:
            lines.append(self.t("sector.thin.none"))
        if any(withheld(r) for r in self.rows) or not self.basis:
            lines.append(self.t("sector.slides.withheld"))
        return SlideContent(self.t("organisation.team.findings"), lines=tuple(lines), bullets=True, notes=tuple(lines))

    def share(self, row: dict[str, str]) -> str:
        return self.t(
            "sector.slides.share",
            people=row["people_with_need"],
            asked=row["asked"],
            share=format_share(float(row["need_share"] or 0), self.lang),
        )

    def largest(self) -> SlideContent:
        title = self.t("sector.largest.heading")
        rows = tuple(
            (TableCell(self.competence(r["item_id"])), TableCell(self.share(r))) for r in self.largest_rows(self.basis)
        )
        if not rows:
            return SlideContent(title, lines=(self.t("sector.slides.no_needs"),))
        header = (TableCell(self.t("column.competence")), TableCell(self.t("sector.column.need")))
        return SlideContent(title, table=SlideTable(header, (TableSection("", rows),), description=title))

    def thin(self) -> SlideContent:
        title = self.t("sector.thin.heading")
        rows = tuple(
            (
                TableCell(self.competence(r["item_id"])),
                TableCell(self.share(r) if not withheld(r) else self.t("staff.slides.cell.withheld")),
                TableCell(r["profiles_essential"], centre=True),
                TableCell(self.offering(r)),
            )
            for r in self.thin_rows()
        )
        if not rows:
            return SlideContent(title, lines=(self.t("sector.thin.none"),))
        header = tuple(
            TableCell(self.t(k))
            for k in ("column.competence", "sector.column.need", "sector.column.essential", "sector.column.offering")
        )
        return SlideContent(title, table=SlideTable(header, (TableSection("", rows),), description=title))

    def offering(self, row: dict[str, str]) -> str:
        if not number(row["organisations_with_map"]):
            return self.t("sector.slides.no_maps")
        return self.t(
            "sector.slides.offering", offering=row["organisations_offering"], maps=row["organisations_with_map"]
        )

    def sector_share(self, row: dict[str, str] | None) -> str:
        if row is None:
            return "–"
        return self.t("staff.slides.cell.withheld") if withheld(row) else self.share(row)

    def per_organisation(self) -> SlideContent:
        title = self.t("sector.slides.organisations")
        rows = tuple(
            (
                TableCell(o["organisation"]),
                TableCell(o["self_assessments"], centre=True),
                TableCell(
                    self.t("sector.slides.shown")
                    if o["needs_shown"].strip().lower() == "true"
                    else self.t("sector.slides.not_shown")
                ),
            )
            for o in self.organisations
        )
        header = tuple(
            TableCell(self.t(k))
            for k in ("positions.column.organisation", "sector.slides.column.assessments", "sector.slides.column.shown")
        )
        table = SlideTable(header, (TableSection("", rows),), description=title)
        return SlideContent(title, table=table, notes=tuple(f"{r[0].text}: {r[1].text}, {r[2].text}" for r in rows))

    def organisation(self, label: str) -> SlideContent:
        """An organisation shown: its largest needs beside the sector's share for the same competence."""
        title = self.t("sector.slides.organisation", organisation=label)
        sector = {r["item_id"]: r for r in self.basis}
        own = self.largest_rows([r for r in self.rows if r["group"] == label])
        rows = tuple(
            (
                TableCell(self.competence(r["item_id"])),
                TableCell(self.share(r)),
                TableCell(
                    self.share(sector[r["item_id"]])
                    if r["item_id"] in sector and not withheld(sector[r["item_id"]])
                    else "–"
                ),
            )
            for r in own
        )
        if not rows:
            return SlideContent(title, lines=(self.t("sector.slides.no_needs"),))
        header = (TableCell(self.t("column.competence")), TableCell(label), TableCell(self.t("sector.group.sector")))
        return SlideContent(title, table=SlideTable(header, (TableSection("", rows),), description=title))


def write_team_slides(folder: Path, framework: Framework, path: Path, lang: str = "nl") -> Deck:
    """Write the team's conversation deck of a `staff read` output to `path` (.pptx), atomically."""
    deck = TeamDeck(folder, framework, lang)
    return Deck(path, write_deck(path, deck.slides(), deck.title(), lang))


def write_sector_slides(folder: Path, framework: Framework, path: Path, lang: str = "nl") -> Deck:
    """Write the sector meeting's deck of a `sector aggregate` output to `path` (.pptx), atomically."""
    deck = SectorDeck(folder, framework, lang)
    return Deck(path, write_deck(path, deck.slides(), deck.title(), lang))
