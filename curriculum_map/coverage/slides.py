"""The focus-group deck: `curriculum-map slides REPORT_DIR --out FILE.pptx`.

What a focus group of lecturers, staff and partners sees, in about 90 minutes: the title, who took part
(a count per programme, never a name), how to read the maps, per focus a map of where the programmes
stand today, and per cluster a map (today and the ambition) followed by what to talk about, then the
closing questions. Everything is native PowerPoint content (render/slides.py): text as text, the maps
as tables of coloured cells with a number in each and the legend under them. No lecturer's name, fill
rate, file or problem appears on a slide or in the notes: those belong on the coordinator's desk.

The speaker notes say which number is which ("Sociaal werk: nu 1 (exemplarisch), ambitie 3 (geoefend)")
and hold every discussion point of a cluster, where the slide shows the first PROMPTS_ON_SLIDE.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from curriculum_map.core.numbers import NOT_A_NUMBER, format_range
from curriculum_map.core.palette import NOT_ANSWERED, level_colours
from curriculum_map.core.texts import text, text_list
from curriculum_map.coverage.aggregate import Aggregation, Cell, Prompt
from curriculum_map.coverage.findings import PROMPT_KINDS, Findings, find
from curriculum_map.coverage.labels import data_note
from curriculum_map.framework.model import Cluster, Competence, Component, Focus
from curriculum_map.render.slides import Layout, SlideContent, SlideTable, TableCell, TableSection, write_deck

# The points a cluster's second slide names, the largest first: about seven minutes of talk per cluster
# (the notes hold them all). A discussion point about a component comes before one about a competence,
# because the map on the slide before shows the components.
PROMPTS_ON_SLIDE = 5


@dataclass(frozen=True)
class DeckResult:
    path: Path
    slides: int


class CoverageDeck:
    """The slides of the focus-group deck, as content for render/slides.py."""

    def __init__(self, aggregation: Aggregation, lang: str, findings: Findings | None = None):
        self.agg = aggregation
        self.fw = aggregation.framework
        self.lang = lang
        self.findings = findings if findings is not None else find(aggregation)
        self.scores = self.fw.scale.scores
        self.colours = dict(zip(self.scores, level_colours(len(self.scores)), strict=True))
        self.layout = Layout(lang)

    def t(self, key: str, **values: object) -> str:
        return text(key, self.lang, **values)

    # -- words ----------------------------------------------------------------------------------------

    def level(self, score: int | None) -> str:
        """'1 (exemplarisch)': the number and its level, or 'geen antwoord'."""
        if score is None:
            return self.t("slides.not_answered")
        return self.t("slides.level", score=score, label=self.fw.level(score).label.get(self.lang))

    def component_label(self, component: Component) -> str:
        """The component by its kind ('kennis'); with its id when its cluster has two of a kind."""
        kind = component.kind.label.get(self.lang)
        cluster = self.fw.cluster_of(component.id)
        alike = sum(k.kind.label.get(self.lang) == kind for k in cluster.components)
        return f"{component.id} {kind}" if alike > 1 else kind

    def item_label(self, item_id: str) -> str:
        """A component as its kind, a competence as its id and its full text (a slide never cuts it)."""
        item = self.fw.item(item_id)
        if isinstance(item, Component):
            return self.component_label(item)
        assert isinstance(item, Competence)
        return f"{item.id} {' '.join(item.text.get(self.lang).split())}"

    def cluster_name(self, cluster: Cluster) -> str:
        return f"{cluster.id}. {cluster.name.get(self.lang)}"

    def programme_levels(self, item: Component | Competence) -> list[str]:
        """Per programme: 'Sociaal werk: nu 1 (exemplarisch), ambitie 3 (geoefend)', with the range of the answers."""
        return [
            self.t(
                "slides.notes.level",
                programme=programme.name.get(self.lang),
                current=self.answers(self.agg.cell(programme.id, item.id)),
                ambition=self.answers(self.agg.cell(programme.id, item.id, "ambition")),
            )
            for programme in self.agg.programmes
        ]

    def answers(self, cell: Cell) -> str:
        """A programme's level with its word, and the range when its respondents answered differently."""
        if cell.consensus is None or len(cell.scores) < 2 or not cell.spread:
            return self.level(cell.consensus)
        label = self.fw.level(cell.consensus).label.get(self.lang)
        return self.t(
            "slides.level.range", score=cell.consensus, label=label, low=min(cell.scores), high=max(cell.scores)
        )

    # -- cells ----------------------------------------------------------------------------------------

    def score_cell(self, item_id: str, programme_id: str, field_name: str = "level") -> TableCell:
        """A map cell: the level's colour and its number, with the range when a programme's answers differ."""
        cell = self.agg.cell(programme_id, item_id, field_name)
        if cell.consensus is None:
            return TableCell(NOT_A_NUMBER, NOT_ANSWERED, bold=True, centre=True)
        value = str(cell.consensus)
        if len(cell.scores) > 1 and cell.spread:
            value += f" ({format_range(min(cell.scores), max(cell.scores))})"
        return TableCell(value, self.colours[cell.consensus], bold=True, centre=True)

    def header(self) -> tuple[TableCell, ...]:
        return (TableCell(""), *(TableCell(p.short.get(self.lang), centre=True) for p in self.agg.programmes))

    def legend(self) -> tuple[TableCell, ...]:
        cells = [
            TableCell(f"{lv.score} {lv.label.get(self.lang)}", self.colours[lv.score], centre=True)
            for lv in self.fw.levels
        ]
        return (*cells, TableCell(f"{NOT_A_NUMBER} {self.t('slides.not_answered')}", NOT_ANSWERED, centre=True))

    def component_rows(
        self, components: Sequence[Component], field_name: str = "level"
    ) -> tuple[tuple[TableCell, ...], ...]:
        return tuple(
            (
                TableCell(self.component_label(k)),
                *(self.score_cell(k.id, p.id, field_name) for p in self.agg.programmes),
            )
            for k in components
        )

    # -- slides ---------------------------------------------------------------------------------------

    def slides(self) -> list[SlideContent]:
        """Every slide in order: see the module docstring (and docs: why this many)."""
        slides = [self.cover(), self.respondents(), self.how_to_read()]
        slides += [self.focus_map(focus) for focus in self.fw.focuses]
        for cluster in self.fw.clusters:
            slides += [self.cluster_map(cluster), self.cluster_prompts(cluster)]
        slides.append(self.closing())
        return slides

    def cover(self) -> SlideContent:
        title = self.t("report.title", subject=self.fw.subject.get(self.lang))
        legend = "; ".join(f"{lv.score} = {lv.label.get(self.lang)}" for lv in self.fw.levels)
        note = data_note(self.agg, self.lang)
        return SlideContent(
            title,
            lines=(self.fw.title.get(self.lang), note),
            notes=(note, self.t("slides.notes.legend", levels=legend)),
            cover=True,
        )

    def respondents(self) -> SlideContent:
        rows = []
        for programme in self.fw.programmes:
            count = self.agg.respondent_count(programme.id)
            answered = text("count.respondents", self.lang, count=count) if count else self.t("slides.missing")
            fill = None if count else NOT_ANSWERED
            rows.append(
                (
                    TableCell(programme.name.get(self.lang)),
                    TableCell(programme.short.get(self.lang)),
                    TableCell(answered, fill),
                )
            )
        header = (
            TableCell(self.t("slides.column.programme")),
            TableCell(self.t("slides.column.short")),
            TableCell(self.t("slides.column.respondents")),
        )
        notes = [self.t("slides.notes.respondents", programme=row[0].text, respondents=row[2].text) for row in rows]
        return SlideContent(
            self.t("slides.respondents.title"),
            lines=(self.t("slides.respondents.intro"),),
            table=SlideTable(header, (TableSection("", tuple(rows)),), description=self.t("slides.respondents.title")),
            notes=tuple(notes),
        )

    def how_to_read(self) -> SlideContent:
        scale = self.fw.scale
        median = scale.bottom + 1 if scale.bottom + 1 < scale.top else scale.bottom
        example = f"{median} ({format_range(scale.bottom, scale.top)})"
        lines = text_list(
            "slides.read.lines", self.lang, example=example, median=median, bottom=scale.bottom, top=scale.top
        )
        rows = [
            (
                TableCell(str(lv.score), self.colours[lv.score], bold=True, centre=True),
                TableCell(lv.label.get(self.lang), bold=True),
                TableCell(" ".join(lv.description.get(self.lang).split())),
            )
            for lv in self.fw.levels
        ]
        rows.append(
            (
                TableCell(NOT_A_NUMBER, NOT_ANSWERED, bold=True, centre=True),
                TableCell(self.t("slides.not_answered"), bold=True),
                TableCell(self.t("slides.not_answered.meaning")),
            )
        )
        header = tuple(TableCell(self.t(f"slides.column.{key}")) for key in ("score", "level", "meaning"))
        table = SlideTable(header, (TableSection("", tuple(rows)),), description=self.t("html.legend"))
        # the last sentence (colour and number say the same) is for the facilitator to say
        return SlideContent(self.t("slides.read.title"), lines=tuple(lines[:-1]), table=table, notes=tuple(lines))

    def focus_map(self, focus: Focus) -> SlideContent:
        title = self.t("slides.overview.title", id=focus.id, name=focus.name.get(self.lang))
        sections = tuple(TableSection(self.cluster_name(c), self.component_rows(c.components)) for c in focus.clusters)
        notes: list[str] = []
        for cluster in focus.clusters:
            for component in cluster.components:
                notes += [
                    f"{self.cluster_name(cluster)} – {self.component_label(component)}:",
                    *self.programme_levels(component),
                    "",
                ]
        table = SlideTable(self.header(), sections, self.legend(), even=True, description=title)
        return SlideContent(title, table=table, notes=tuple(notes))

    def cluster_map(self, cluster: Cluster) -> SlideContent:
        title = self.t("slides.cluster.title", id=cluster.id, name=cluster.name.get(self.lang))
        sections = (
            TableSection(self.t("slides.current"), self.component_rows(cluster.components)),
            TableSection(self.t("slides.ambition"), self.component_rows(cluster.components, "ambition")),
        )
        notes: list[str] = []
        for component in cluster.components:
            notes += [f"{self.component_label(component)}:", *self.programme_levels(component), ""]
        table = SlideTable(self.header(), sections, self.legend(), even=True, description=title)
        return SlideContent(title, table=table, notes=tuple(notes))

    def cluster_prompts(self, cluster: Cluster) -> SlideContent:
        title = self.t("slides.prompts.title", id=cluster.id, name=cluster.name.get(self.lang))
        prompts = self.prompts_of(cluster)
        written = [self.prompt_text(p, kind) for p, kind in prompts]
        notes = []
        for prompt, kind in prompts:
            notes.append(self.prompt_text(prompt, kind))
            if kind == "between":
                item = self.fw.item(prompt.item_id)
                assert isinstance(item, (Component, Competence))
                levels = ", ".join(
                    f"{p.name.get(self.lang)} {self.level(self.agg.cell(p.id, item.id).consensus)}"
                    for p in self.agg.programmes
                )
                notes.append("   " + self.t("slides.notes.programmes", levels=levels))
        if not written:
            none = (self.t("slides.prompts.none"),)
            return SlideContent(title, lines=none, bullets=True, notes=none)
        # as many as fit on the one slide, at most PROMPTS_ON_SLIDE; the notes hold them all
        count = min(PROMPTS_ON_SLIDE, len(written))
        while True:
            more = [self.t("slides.prompts.more", count=len(written) - count)] if len(written) > count else []
            lines = (*written[:count], *more)
            content = SlideContent(title, lines=lines, bullets=True, notes=tuple(notes))
            if count == 1 or self.layout.fits(content):
                return content
            count -= 1

    def prompts_of(self, cluster: Cluster) -> list[tuple[Prompt, str]]:
        """The cluster's discussion points: about its components first, then its competences, each the largest first."""
        components = [k.id for k in cluster.components]
        ids = components + [x.id for k in cluster.components for x in k.competences]
        found = self.findings.prompts_of(ids)
        pairs = [(p, kind) for kind in PROMPT_KINDS for p in found[kind]]
        order = {item_id: n for n, item_id in enumerate(ids)}
        return sorted(pairs, key=lambda pk: (pk[0].item_id not in components, -pk[0].size, order[pk[0].item_id]))

    def prompt_text(self, prompt: Prompt, kind: str) -> str:
        item = self.item_label(prompt.item_id)
        programme = prompt.programme.name.get(self.lang) if prompt.programme is not None else ""
        if kind == "ambition":
            current, ambition = prompt.detail
            return self.t(
                "slides.prompt.ambition",
                programme=programme,
                item=item,
                current=self.level(current),
                ambition=self.level(ambition),
            )
        low, high = self.level(min(prompt.detail)), self.level(max(prompt.detail))
        if kind == "within":
            return self.t("slides.prompt.within", programme=programme, item=item, low=low, high=high)
        sentence = self.t("slides.prompt.between", item=item, low=low, high=high)
        return sentence[:1].upper() + sentence[1:]  # 'Kennis: ...'

    def closing(self) -> SlideContent:
        lines = text_list("slides.closing.lines", self.lang)
        return SlideContent(self.t("slides.closing.title"), lines=tuple(lines), bullets=True, notes=tuple(lines))


def write_slides(aggregation: Aggregation, path: Path, lang: str = "nl") -> DeckResult:
    """Write the focus-group deck of a finished report to `path` (.pptx), atomically."""
    slides = CoverageDeck(aggregation, lang).slides()
    title = text("report.title", lang, subject=aggregation.framework.subject.get(lang))
    return DeckResult(path, write_deck(path, slides, title, lang))
