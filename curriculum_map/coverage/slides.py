"""The focus-group deck: `curriculum-map slides REPORT_DIR --out FILE.pptx`.

What the deck shows: the title and the date of the data, who responded, the overview map, one slide per
cluster with its map and its discussion prompts, the agreement and ambition maps; the tables behind
each picture are in the speaker notes. Every picture is drawn here at 16:9 for a projector (not the
A4 pictures of the report shrunk), so `aggregate` never spends time on them.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import matplotlib
import numpy as np
from matplotlib.figure import Figure

from curriculum_map.core.numbers import NOT_A_NUMBER, format_range, format_share
from curriculum_map.core.texts import text
from curriculum_map.coverage.aggregate import Aggregation
from curriculum_map.coverage.labels import Wording, data_note
from curriculum_map.coverage.pictures import CoveragePainter
from curriculum_map.framework.model import Cluster, Competence, Component
from curriculum_map.render.csv import neutralise
from curriculum_map.render.pictures import RC, Grid, RowGroup
from curriculum_map.render.slides import SLIDE_INCHES, Slide, write_deck

PROMPTS_ON_SLIDE = 8  # a cluster slide names this many prompts; the notes list them all
DPI = 150  # 2000 x 1125 pixels: sharp on a projector, small enough to mail


TITLE_CHARACTERS = 48  # of the title slide's title on one line at 34 points


@dataclass(frozen=True)
class DeckResult:
    path: Path
    slides: int


class SlidePainter(CoveragePainter):
    """The 16:9 pictures of the deck."""

    def __init__(self, aggregation: Aggregation, lang: str):
        super().__init__(aggregation, lang)
        self.words = Wording(aggregation, lang)

    # -- pictures -----------------------------------------------------------------------------------

    def title_slide(self) -> Figure:
        figure = Figure(figsize=SLIDE_INCHES)
        figure.patch.set_facecolor("white")
        band = figure.add_axes((0, 0.62, 1, 0.38))
        band.set_axis_off()
        band.add_patch(matplotlib.patches.Rectangle((0, 0), 1, 1, color="#1f3b57"))
        title = self.t("report.title", subject=self.fw.subject.get(self.lang))
        # the built-in title fits on one line at 34 points; a longer subject wraps, in a smaller size
        if len(title) > TITLE_CHARACTERS:
            title, size = "\n".join(textwrap.wrap(title, TITLE_CHARACTERS + 8)), 26
        else:
            size = 34
        band.text(0.05, 0.55, title, color="white", fontsize=size, fontweight="bold", va="center")
        band.text(0.05, 0.2, self.subtitle(), color="#dce6f0", fontsize=18, va="center")
        body = figure.add_axes((0.05, 0.05, 0.9, 0.52))
        body.set_axis_off()
        programmes = [
            f"{p.name.get(self.lang)} ({text('count.respondents', self.lang, count=self.agg.respondent_count(p.id))})"
            for p in self.agg.programmes
        ]
        lines = [self.fw.title.get(self.lang), ""] + programmes
        if self.agg.missing_programmes:
            missing = ", ".join(p.name.get(self.lang) for p in self.agg.missing_programmes)
            lines += ["", f"{self.t('html.missing')}: {missing}"]
        body.text(0, 1, "\n".join(lines), fontsize=16, va="top", color="#1b1b1b", linespacing=1.5)
        return figure

    def responded(self) -> Figure:
        """Per programme, how much of each sheet its respondents filled in, with their names."""
        cards = self.words.findings.cards
        figure = Figure(figsize=SLIDE_INCHES, layout="constrained")
        ax = figure.add_subplot()
        sheets = [self.t("sheet.matrix"), self.t("sheet.competences")]
        rows = np.arange(len(cards))
        height = 0.38
        colours = (self.colours[-1], self.colours[len(self.colours) // 2])
        for index, (name, colour) in enumerate(zip(sheets, colours, strict=True)):
            shares = [card.sheets[index].share * 100 for card in cards]
            bars = ax.barh(rows + (index - 0.5) * height, shares, height, label=name, color=colour)
            labels = [f"{name} {format_share(share / 100, self.lang)}" for share in shares]
            ax.bar_label(bars, labels, padding=4, fontsize=11)
        ax.set_yticks(
            rows,
            [
                f"{c.programme.name.get(self.lang)}\n{textwrap.shorten(', '.join(c.respondents), 60, placeholder=' …')}"
                for c in cards
            ],
            fontsize=12,
        )
        ax.invert_yaxis()
        ax.set_xlim(0, 135)
        ax.set_xticks([0, 25, 50, 75, 100], [format_share(x / 100, self.lang) for x in (0, 25, 50, 75, 100)])
        for spine in ("top", "right"):
            ax.spines[spine].set_visible(False)
        ax.set_title(self.subtitle(), fontsize=11, color="#404040", loc="left")
        figure.suptitle(self.t("html.respondents"), fontsize=22, fontweight="bold", color="#1f3b57")
        missing = [p.name.get(self.lang) for p in self.agg.missing_programmes]
        if missing:
            ax.set_xlabel(f"{self.t('html.missing')}: {', '.join(missing)}", fontsize=12, color="#8b0000")
        return figure

    def overview_slide(self) -> Figure:
        values, labels, groups = self.component_rows()
        grid = Grid(values, self.texts_for(values), labels, self.programmes(), groups)
        return self.draw(grid, self.t("heatmap.overview"), SLIDE_INCHES, font=8.5)

    def cluster_slide(self, cluster: Cluster, prompts: Sequence[str], total: int) -> Figure:
        items = self.cluster_items(cluster)
        values = np.full((len(items), len(self.agg.programmes)), np.nan)
        for i, item in enumerate(items):
            for j, programme in enumerate(self.agg.programmes):
                consensus = self.agg.cell(programme.id, item.id).consensus
                if consensus is not None:
                    values[i, j] = consensus
        labels = [self.item_row_label(item) for item in items]
        groups = []
        for component in cluster.components:
            first = items.index(component)
            groups.append(RowGroup(component.kind.label.get(self.lang), first, first + len(component.competences)))
        grid = Grid(values, self.texts_for(values), labels, self.short_programmes(), groups)
        title = f"{self.t('column.cluster')} {cluster.id}. {cluster.name.get(self.lang)}"
        heading = self.t("html.prompts")
        if total > len(prompts):
            heading += f" ({self.t('slides.shown', shown=len(prompts), total=total)})"
        aside = list(prompts) or [self.t("html.prompts.none")]
        font = 8.0 if len(items) <= 24 else 6.5
        return self.draw(grid, title, SLIDE_INCHES, font=font, label_width=14, aside=aside, aside_title=heading)

    def consensus_slide(self) -> Figure:
        picture = self.consensus_grid()
        return self.draw(
            picture,
            self.t("heatmap.consensus"),
            SLIDE_INCHES,
            font=8,
            notes=[self.t("heatmap.range", **self.fw.scale.placeholders(self.lang))],
        )

    def ambitions_slide(self) -> Figure:
        return self.draw(self.ambition_grid(), self.t("heatmap.ambitions"), SLIDE_INCHES, font=7.5)

    # -- helpers ------------------------------------------------------------------------------------

    def short_programmes(self) -> list[str]:
        return [
            "\n".join(textwrap.wrap(p.short.get(self.lang), 10, break_long_words=False))
            + f"\n(n={self.agg.respondent_count(p.id)})"
            for p in self.agg.programmes
        ]

    def cluster_items(self, cluster: Cluster) -> list[Component | Competence]:
        items: list[Component | Competence] = []
        for component in cluster.components:
            items.append(component)
            items.extend(component.competences)
        return items

    def item_row_label(self, item: Component | Competence) -> str:
        if isinstance(item, Component):
            return f"{item.id} {item.kind.label.get(self.lang)} ({self.t('item_type.component')})"
        return textwrap.shorten(f"{item.id} {item.text.get(self.lang)}".replace("\n", " "), 58, placeholder=" …")

    def consensus_grid(self) -> Grid:
        values, labels, groups = self.component_rows()
        texts = self.texts_for(values)
        hatched = []
        for i, component in enumerate(self.fw.components):
            for j, programme in enumerate(self.agg.programmes):
                cell = self.agg.cell(programme.id, component.id)
                if len(cell.scores) > 1 and cell.spread:
                    texts[i][j] += f" ({format_range(min(cell.scores), max(cell.scores))})"
                if len(cell.scores) > 1 and (cell.spread or 0) >= self.agg.disagreement:
                    hatched.append((i, j))
        return Grid(values, texts, labels, self.programmes(), groups, hatched)


# -- speaker notes ----------------------------------------------------------------------------------


def _line(value: str) -> str:
    """A text of the notes on one line: a name typed over two lines would start a line (a row) of its own."""
    return " ".join(value.split())


def _text(value: str) -> str:
    """A text of the notes on one line, never run as a formula when the notes are pasted into a spreadsheet."""
    return str(neutralise(_line(value)))


def _bullets(lines: Sequence[str]) -> list[str]:
    """Lines as a list; a bullet, not a dash, so that no line reads as a formula in a spreadsheet."""
    return [f"• {_line(line)}" for line in lines]


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], texts: int = 1) -> str:
    """A table as tab-separated lines: readable in the notes pane, and it pastes into a spreadsheet.

    The header and the first `texts` columns hold names and labels (from the framework and the workbooks):
    each stays in its cell and is neutralised as the CSV files are; the other columns are numbers.
    """
    lines = [[_text(cell) for cell in header]]
    lines += [[_text(cell) for cell in row[:texts]] + list(row[texts:]) for row in rows]
    return "\n".join("\t".join(line) for line in lines)


class _Notes:
    def __init__(self, painter: SlidePainter):
        self.p = painter
        self.agg = painter.agg
        self.lang = painter.lang
        self.words = painter.words

    def programmes(self) -> list[str]:
        return [p.short.get(self.lang) for p in self.agg.programmes]

    def level_table(self, items: Sequence[Component | Competence], field_name: str = "level") -> str:
        rows = []
        for item in items:
            cells = []
            for programme in self.agg.programmes:
                cell = self.agg.cell(programme.id, item.id, field_name)
                text = NOT_A_NUMBER if cell.consensus is None else str(cell.consensus)
                if len(cell.scores) > 1 and cell.spread:
                    text += f" ({format_range(min(cell.scores), max(cell.scores))})"
                cells.append(text)
            label = (
                self.p.item_row_label(item)
                if isinstance(item, Competence)
                else f"{item.id} {item.kind.label.get(self.lang)}"
            )
            rows.append([label, *cells])
        return _table([self.p.t("html.item"), *self.programmes()], rows)

    def title(self) -> str:
        legend = "; ".join(f"{lv.score} = {lv.label.get(self.lang)}" for lv in self.agg.framework.levels)
        return "\n".join([data_note(self.agg, self.lang), self.p.t("html.legend") + ": " + legend])

    def responded(self) -> str:
        header = [self.p.t(f"report.column.{k}") for k in ("programme", "respondent", "role", "date", "answered")]
        rows = [
            [s.programme.name.get(self.lang), s.respondent, s.role, s.date, str(s.answered)]
            for s in self.agg.submissions
        ]
        lines = [_table(header, rows, texts=4)]
        todo = [self.words.action(a)["text"] for a in self.words.findings.actions]
        if todo:
            lines += ["", self.p.t("html.todo.heading") + ":", *_bullets(todo)]
        return "\n".join(lines)

    def cluster(self, cluster: Cluster, prompts: Sequence[str]) -> str:
        table = self.level_table(self.p.cluster_items(cluster))
        ambitions = self.level_table(cluster.components, "ambition")
        lines = [table, "", self.p.t("report.column.ambition") + ":", ambitions]
        if prompts:
            lines += ["", self.p.t("html.prompts") + ":", *_bullets(prompts)]
        return "\n".join(lines)


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    with matplotlib.rc_context(RC):
        figure.savefig(buffer, format="png", dpi=DPI, metadata={})
    figure.clear()
    return buffer.getvalue()


def cluster_prompts(words: Wording, cluster: Cluster) -> list[str]:
    """Every prompt about a cluster's components and competences, the largest first, each list in turn."""
    ids = [k.id for k in cluster.components] + [x.id for k in cluster.components for x in k.competences]
    found = words.findings.prompts_of(ids)
    ranked = sorted(((p, kind) for kind, prompts in found.items() for p in prompts), key=lambda pk: -pk[0].size)
    return [words.prompt_text(p, kind) for p, kind in ranked]


def build_slides(aggregation: Aggregation, lang: str) -> list[Slide]:
    """Every slide of the deck, pictures drawn."""
    with matplotlib.rc_context(RC):
        painter = SlidePainter(aggregation, lang)
        notes = _Notes(painter)
        fw = aggregation.framework
        plan: list[tuple[str, Callable[[], Figure], str]] = [
            (painter.t("report.title", subject=fw.subject.get(lang)), painter.title_slide, notes.title()),
            (painter.t("html.respondents"), painter.responded, notes.responded()),
            (painter.t("heatmap.overview"), painter.overview_slide, notes.level_table(fw.components)),
        ]
        for cluster in fw.clusters:
            prompts = cluster_prompts(painter.words, cluster)
            shown = prompts[:PROMPTS_ON_SLIDE]
            title = f"{painter.t('column.cluster')} {cluster.id}. {cluster.name.get(lang)}"
            plan.append(
                (
                    title,
                    partial(painter.cluster_slide, cluster, shown, len(prompts)),
                    notes.cluster(cluster, prompts),
                )
            )
        marked = [
            _text(f"{p.programme.name.get(lang)} · {p.item_id}: {', '.join(map(str, p.detail))}")
            for p in painter.words.findings.prompts["within"]
            if p.programme is not None and isinstance(fw.item(p.item_id), Component)
        ]
        consensus_notes = notes.level_table(fw.components)
        if marked:
            consensus_notes += (
                "\n\n" + painter.t("html.consensus.marked", levels=aggregation.disagreement) + ":\n" + "\n".join(marked)
            )
        plan += [
            (painter.t("heatmap.consensus"), painter.consensus_slide, consensus_notes),
            (painter.t("heatmap.ambitions"), painter.ambitions_slide, notes.level_table(fw.components, "ambition")),
        ]
        return [Slide(title, _png(draw()), text) for title, draw, text in plan]


def write_slides(aggregation: Aggregation, path: Path, lang: str = "nl") -> DeckResult:
    """Draw the deck of a finished report and write it to `path` (.pptx), atomically."""
    slides = build_slides(aggregation, lang)
    write_deck(path, slides, text("report.title", lang, subject=aggregation.framework.subject.get(lang)), lang)
    return DeckResult(path, len(slides))
