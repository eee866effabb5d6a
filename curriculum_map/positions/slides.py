"""The consensus conversation's deck: `curriculum-map positions slides POSITIONS_DIR --out FILE.pptx`.

For the meeting in which an organisation's staff agree from which position on they expect each competence:
the title, who took part (a count per organisation), the positions in the framework's own words, how to
read the slides, and per organisation its conversation list cluster by cluster: per competence how many
chose each position (never who) and the proposal, as native tables (render/slides.py). A group with
fewer respondents than `min_respondents` shows no counts at all, as the report shows no names below it.
The notes give each competence's numbers in words.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from curriculum_map.core.numbers import format_share
from curriculum_map.core.palette import level_colours
from curriculum_map.core.texts import text, text_list
from curriculum_map.framework.model import Cluster, Competence
from curriculum_map.positions.aggregate import TALK_SHARE, TALK_STEPS
from curriculum_map.positions.results import PositionsResults, StoredChoices, StoredGroup
from curriculum_map.positions.template import NOT_APPLICABLE_FILL
from curriculum_map.render.slides import SlideContent, SlideTable, TableCell, TableSection, write_deck

ZERO_FILL = "#ffffff"


class PositionsDeck:
    """The slides of the consensus conversation, as content for render/slides.py."""

    def __init__(
        self, results: PositionsResults, lang: str, min_respondents: int = 3, groups: Sequence[StoredGroup] = ()
    ):
        """`groups`: the conversations the deck holds (default: every organisation's, in turn)."""
        self.results = results
        self.fw = results.framework
        self.scale = results.scale
        self.lang = lang
        self.minimum = min_respondents
        self.groups = list(groups) or results.talking_groups
        count = len(self.scale.choices) - 1
        fills = [*level_colours(max(2, count))[:count], NOT_APPLICABLE_FILL]
        self.fills = dict(zip(self.scale.choices, fills, strict=True))

    def t(self, key: str, **values: object) -> str:
        return text(key, self.lang, **values)

    def choice(self, choice: str | None) -> str:
        return self.scale.short(choice, self.lang) if choice else "–"

    def shown(self, group: StoredGroup) -> bool:
        """Whether a group's numbers may be shown: enough respondents that nobody's choice can be worked out."""
        return group.respondents >= self.minimum

    def title(self) -> str:
        names = ", ".join(name for group in self.groups for name in group.organisations)
        return self.t("positions.report.title") + (f" – {names}" if names else "")

    # -- slides ---------------------------------------------------------------------------------------

    def slides(self) -> list[SlideContent]:
        slides = [self.cover(), self.respondents(), self.positions(), self.how_to_read()]
        for group in self.groups:
            slides.append(self.group_intro(group))
            if self.shown(group):
                slides += [self.cluster(group, cluster, items) for cluster, items in self.clusters(group)]
        slides.append(self.closing())
        return slides

    def cover(self) -> SlideContent:
        respondents = sum(group.respondents for group in self.groups)
        organisations = ", ".join(name for group in self.groups for name in group.organisations) or "–"
        note = self.t(
            "positions.report.data_of",
            date=self.results.data_date or "–",
            respondents=text("count.respondents", self.lang, count=respondents),
            organisations=organisations,
        )
        return SlideContent(self.title(), lines=(self.fw.title.get(self.lang), note), notes=(note,), cover=True)

    def respondents(self) -> SlideContent:
        rows = []
        for group in self.groups:
            count = (
                text("count.respondents", self.lang, count=group.respondents)
                if self.shown(group)
                else self.t("positions.slides.fewer", minimum=self.minimum)
            )
            rows.append((TableCell(group.label), TableCell(count)))
        header = (TableCell(self.t("positions.column.organisation")), TableCell(self.t("slides.column.respondents")))
        lines = [self.t("positions.slides.respondents.intro")]
        if any(not self.shown(group) for group in self.groups):
            lines.append(self.t("positions.slides.small", minimum=self.minimum))
        table = SlideTable(header, (TableSection("", tuple(rows)),), description=self.t("slides.respondents.title"))
        notes = tuple(f"{row[0].text}: {row[1].text}" for row in rows)
        return SlideContent(self.t("slides.respondents.title"), lines=tuple(lines), table=table, notes=notes)

    def positions(self) -> SlideContent:
        """Each position with the framework's own description, verbatim ('not applicable' is on the next slide)."""
        rows = [
            (
                TableCell(position.name.get(self.lang), self.fills[position.id], bold=True),
                TableCell(" ".join(position.description.get(self.lang).split())),
            )
            for position in self.fw.positions
        ]
        header = (
            TableCell(self.t("positions.column.position")),
            TableCell(self.t("positions.slides.column.description")),
        )
        title = self.t("positions.slides.positions.title")
        return SlideContent(title, table=SlideTable(header, (TableSection("", tuple(rows)),), description=title))

    def how_to_read(self) -> SlideContent:
        last = self.scale.choices[-1]
        lines = [
            self.t("positions.slides.read.choices"),
            self.t("positions.slides.not_applicable", choice=self.choice(last)),
        ]
        if self.results.has_proposal:
            lines.append(self.t("positions.slides.read.proposal"))
        lines.append(self.t("positions.slides.read.list", share=format_share(TALK_SHARE, self.lang), steps=TALK_STEPS))
        lines.append(self.t("positions.slides.read.question"))
        return SlideContent(self.t("positions.slides.read.title"), lines=tuple(lines), bullets=True, notes=tuple(lines))

    def group_intro(self, group: StoredGroup) -> SlideContent:
        title = self.t("positions.slides.group.title", group=group.label)
        if not self.shown(group):
            line = self.t("positions.slides.small", minimum=self.minimum)
        elif not group.conversation:
            line = self.t("positions.slides.group.none")
        else:
            line = self.t(
                "positions.slides.group.intro",
                respondents=text("count.respondents", self.lang, count=group.respondents),
                count=text("count.competences", self.lang, count=len(group.conversation)),
            )
        return SlideContent(title, lines=(line,), notes=(line,))

    def clusters(self, group: StoredGroup) -> list[tuple[Cluster, list[StoredChoices]]]:
        """Per cluster (the framework's order), its competences on the group's list, in the list's order."""
        found = []
        for cluster in self.fw.clusters:
            ids = {x.id for k in cluster.components for x in k.competences}
            items = [item for item in group.conversation if item.item_id in ids]
            if items:
                found.append((cluster, items))
        return found

    def cluster(self, group: StoredGroup, cluster: Cluster, items: Sequence[StoredChoices]) -> SlideContent:
        name = cluster.name.get(self.lang)
        if len(self.groups) > 1:
            title = self.t("positions.slides.cluster.title", group=group.label, id=cluster.id, name=name)
        else:
            title = self.t("slides.cluster.title", id=cluster.id, name=name)
        proposal = self.results.has_proposal
        header = [TableCell(self.choice(c), self.fills[c], centre=True) for c in self.scale.choices]
        if proposal:
            header.append(TableCell(self.t("positions.slides.column.proposal"), centre=True))
        sections = []
        for item in items:
            row = [
                TableCell(str(n), self.fills[c] if n else ZERO_FILL, bold=bool(n), centre=True)
                for c, n in item.counts.items()
            ]
            if proposal:
                fill = self.fills[item.proposal] if item.proposal else ZERO_FILL
                row.append(TableCell(self.choice(item.proposal), fill, centre=True))
            sections.append(TableSection(self.competence(item.item_id), (tuple(row),), bold=False))
        table = SlideTable(tuple(header), tuple(sections), description=title)
        return SlideContent(title, table=table, notes=tuple(self.item_notes(item) for item in items))

    def competence(self, item_id: str) -> str:
        competence = self.fw.item(item_id)
        assert isinstance(competence, Competence)
        return f"{competence.id} {' '.join(competence.text.get(self.lang).split())}"

    def item_notes(self, item: StoredChoices) -> str:
        """'1.1.2 ...: Beginner 2 · Pionier 1; middelste keuze: Beginner (2 van 3); voorstel: Pionier'."""
        counts = " · ".join(f"{self.choice(c)} {n}" for c, n in item.counts.items() if n)
        parts = [f"{self.competence(item.item_id)}: {counts}"]
        if item.consensus:
            chosen = item.counts.get(item.consensus, 0)
            parts.append(
                self.t(
                    "positions.slides.notes.consensus",
                    consensus=self.choice(item.consensus),
                    chosen=chosen,
                    answered=item.answered,
                )
            )
        if item.proposal:
            parts.append(self.t("positions.slides.notes.proposal", proposal=self.choice(item.proposal)))
        return "; ".join(parts)

    def closing(self) -> SlideContent:
        lines = tuple(text_list("positions.slides.closing.lines", self.lang))
        return SlideContent(self.t("slides.closing.title"), lines=lines, bullets=True, notes=lines)


def write_positions_slides(
    results: PositionsResults,
    path: Path,
    lang: str = "nl",
    min_respondents: int = 3,
    groups: Sequence[StoredGroup] = (),
) -> int:
    """Write the deck of a positions report to `path` (.pptx), atomically; the number of slides."""
    deck = PositionsDeck(results, lang, min_respondents, groups)
    return write_deck(path, deck.slides(), deck.title(), lang)
