"""The coverage heatmaps: programmes x components, clusters, competences, ambitions, consensus, growth.

They are drawn in worker processes while the other outputs are written (thousands of text labels
take seconds per picture).
"""

from __future__ import annotations

import gc
import os
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path

import matplotlib
import numpy as np
from matplotlib.patches import Patch

from curriculum_map.core.numbers import MEAN_DECIMALS, format_range
from curriculum_map.core.palette import NOT_ANSWERED
from curriculum_map.core.processes import worker_pool
from curriculum_map.core.report_files import (
    PICTURE_AMBITIONS,
    PICTURE_CLUSTERS,
    PICTURE_COMPETENCES,
    PICTURE_COMPONENTS,
    PICTURE_CONSENSUS,
    PICTURE_GROWTH,
    PICTURE_LEARNING_LINES,
    picture_stem,
)
from curriculum_map.coverage.aggregate import Aggregation
from curriculum_map.coverage.courses import CourseMap
from curriculum_map.coverage.labels import cluster_pages, component_pages, data_note, map_pages, page_stem
from curriculum_map.framework.model import Component, Programme
from curriculum_map.render.pages import Page
from curriculum_map.render.pictures import (
    A4_LANDSCAPE,
    CHANGE_COLOURS,
    RC,
    Grid,
    Painter,
    Picture,
    RenderedPicture,
    RowGroup,
    competence_rows,
    render,
)

# A learning-line picture holds at most this many programmes, and this many study-year columns: an A4
# landscape page with the cells' numbers and the programmes' names legible.
LINE_PROGRAMMES = 6
LINE_COLUMNS = 24
# A map of components is as tall as its rows need: this much for title, headers and legend, and per row
# (27 rows fill an A4 landscape page, as the built-in framework's maps always did)
COMPONENT_MAP_MARGIN = 2.06
COMPONENT_ROW_INCHES = 0.23


class CoveragePainter(Painter):
    """The pictures of one aggregation: programmes as columns, consensus levels as cells."""

    def __init__(self, aggregation: Aggregation, lang: str, courses: CourseMap | None = None):
        super().__init__(aggregation.framework, lang)
        self.agg = aggregation
        self.courses = courses
        self._subtitle = data_note(aggregation, lang)
        self.hatch_label = self.t("heatmap.disagreement", levels=aggregation.disagreement)

    def programmes(self) -> list[str]:
        return [f"{p.short.get(self.lang)}\n(n={self.agg.respondent_count(p.id)})" for p in self.agg.programmes]

    def component_rows(
        self, field_name: str = "level", components: Sequence[Component] | None = None
    ) -> tuple[np.ndarray, list[str], list[RowGroup]]:
        """Components (all, or a page's) x programmes: the consensus of `field_name`, row labels, cluster groups."""
        components = list(self.fw.components if components is None else components)
        values = np.full((len(components), len(self.agg.programmes)), np.nan)
        for i, component in enumerate(components):
            for j, programme in enumerate(self.agg.programmes):
                consensus = self.agg.cell(programme.id, component.id, field_name).consensus
                if consensus is not None:
                    values[i, j] = consensus
        labels = [f"{c.id} {c.kind.label.get(self.lang)}" for c in components]
        groups = []
        for cluster in self.fw.clusters:
            shown = [i for i, c in enumerate(components) if c.cluster_id == cluster.id]
            if shown:
                groups.append(RowGroup(f"{cluster.id}. {cluster.name.get(self.lang)}", shown[0], shown[-1]))
        return values, labels, groups

    def overview(self, page: Page) -> Picture:
        values, labels, groups = self.component_rows(components=page.components)
        grid = Grid(values, self.texts_for(values), labels, self.programmes(), groups)
        title = page.title(self.t("heatmap.overview"), self.lang)
        figure = self.draw(grid, title, component_map_size(len(page.rows)))
        return Picture(page_stem(PICTURE_COMPONENTS, page, self.lang), title, figure)

    def clusters(self, page: Page) -> Picture:
        clusters = page.clusters
        summaries = self.agg.group_summaries(clusters)
        values = np.array(
            [[np.nan if s.means[p.id] is None else s.means[p.id] for p in self.agg.programmes] for s in summaries],
            dtype=float,
        ).reshape(len(summaries), len(self.agg.programmes))
        labels = ["\n".join(textwrap.wrap(f"{c.id}. {c.name.get(self.lang)}", 44)) for c in clusters]
        grid = Grid(values, self.texts_for(values, MEAN_DECIMALS), labels, self.programmes())
        title = page.title(self.t("heatmap.clusters"), self.lang)
        figure = self.draw(grid, title, (11.69, 6.5), continuous=True, legend=False, font=9)
        return Picture(page_stem(PICTURE_CLUSTERS, page, self.lang), title, figure)

    def competences(self, page: Page) -> Picture:
        """One page of the competence map: a focus, or part of one, so that it never breaks without its headers."""
        competences = page.competences
        values = np.full((len(competences), len(self.agg.programmes)), np.nan)
        for i, competence in enumerate(competences):
            for j, programme in enumerate(self.agg.programmes):
                consensus = self.agg.cell(programme.id, competence.id).consensus
                if consensus is not None:
                    values[i, j] = consensus
        labels, groups = competence_rows(self.fw, self.lang, competences)
        grid = Grid(values, self.texts_for(values), labels, self.programmes(), groups)
        title = page.title(self.t("heatmap.competences"), self.lang)
        # an A4 landscape page (and a screen) wide; as tall as the rows need, at most a landscape page
        # (10 inches wide, not 11.69: a sixth fewer pixels to draw, the same page once scaled to it;
        # wider when many programmes need the room, three quarters of an inch each beside the labels)
        height = min(max(len(competences) * 0.125 + 1.6, 3.0), A4_LANDSCAPE[1])
        width = min(max(4.5 + 0.75 * len(self.agg.programmes), 10.0), A4_LANDSCAPE[0])
        figure = self.draw(grid, title, (width, height), label_width=22, font=6.5)
        return Picture(page_stem(PICTURE_COMPETENCES, page, self.lang), title, figure)

    def ambition_grid(self, components: Sequence[Component] | None = None) -> Grid:
        """Components x (programme now, programme ambition): the grid of the ambitions map and slide."""
        current, labels, groups = self.component_rows("level", components)
        ambition, _, _ = self.component_rows("ambition", components)
        columns, programmes = [], []
        values = np.full((current.shape[0], 2 * current.shape[1]), np.nan)
        for j, programme in enumerate(self.agg.programmes):
            values[:, 2 * j] = current[:, j]
            values[:, 2 * j + 1] = ambition[:, j]
            # the programme once over its two columns: twice as much room as a header per column
            columns += [self.t("heatmap.now"), self.t("heatmap.ambition")]
            programmes.append(RowGroup(programme.short.get(self.lang), 2 * j, 2 * j + 1))
        return Grid(values, self.texts_for(values), labels, columns, groups, column_groups=programmes)

    def ambitions(self, page: Page) -> Picture:
        title = page.title(self.t("heatmap.ambitions"), self.lang)
        figure = self.draw(self.ambition_grid(page.components), title, component_map_size(len(page.rows)), font=7.5)
        return Picture(page_stem(PICTURE_AMBITIONS, page, self.lang), title, figure)

    def consensus(self, page: Page) -> Picture:
        components = page.components
        values, labels, groups = self.component_rows(components=components)
        texts = self.texts_for(values)
        hatched, marked = [], []
        for i, component in enumerate(components):
            for j, programme in enumerate(self.agg.programmes):
                cell = self.agg.cell(programme.id, component.id)
                if len(cell.scores) > 1 and cell.spread:
                    texts[i][j] += f" ({format_range(min(cell.scores), max(cell.scores))})"
                if len(cell.scores) > 1 and (cell.spread or 0) >= self.agg.disagreement:
                    hatched.append((i, j))
                    scores = ", ".join(str(s) for s in sorted(cell.scores))
                    marked.append(f"{programme.name.get(self.lang)} · {component.id}: {scores}")
        grid = Grid(values, texts, labels, self.programmes(), groups, hatched)
        title = page.title(self.t("heatmap.consensus"), self.lang)
        notes = [self.t("heatmap.range", **self.fw.scale.placeholders(self.lang))]
        figure = self.draw(grid, title, component_map_size(len(components)), notes=notes)
        return Picture(page_stem(PICTURE_CONSENSUS, page, self.lang), title, figure, tuple(marked))

    def line_pages(self) -> list[list[Programme]]:
        """The programmes of the learning-line pictures, a page at a time (one page for the six programmes)."""
        if self.courses is None:
            return []
        pages: list[list[Programme]] = []
        columns = 0
        for programme in self.courses.programmes(self.agg):
            years = len(self.courses.years[programme.id])
            if not pages or len(pages[-1]) >= LINE_PROGRAMMES or columns + years > LINE_COLUMNS:
                pages.append([])
                columns = 0
            pages[-1].append(programme)
            columns += years
        return pages

    def learning_lines(self, page: int) -> Picture:
        """Components x (programme, study year): the highest current level named with that year's course units."""
        assert self.courses is not None
        pages = self.line_pages()
        programmes = pages[page]
        _, labels, groups = self.component_rows()
        components = self.fw.components
        columns: list[str] = []
        column_groups = []
        values_by_column = []
        for programme in programmes:
            line = self.courses.line_of(programme.id)
            years = self.courses.years[programme.id]
            # the programme's name over its years, wrapped to the width of its columns
            name = "\n".join(textwrap.wrap(programme.short.get(self.lang), max(len(years) * 5, 8)))
            column_groups.append(RowGroup(name, len(columns), len(columns) + len(years) - 1))
            for year in years:
                columns.append(year or "–")
                column = [line.get(c.id, {}).get(year) for c in components]
                values_by_column.append([np.nan if found is None else found.score for found in column])
        values = np.array(values_by_column, dtype=float).T.reshape(len(components), len(columns))
        grid = Grid(values, self.texts_for(values), labels, columns, groups, column_groups=column_groups)
        title = self.t("heatmap.learning_lines")
        stem = picture_stem(PICTURE_LEARNING_LINES, self.lang)
        if len(pages) > 1:
            title = self.t("heatmap.part", title=title, part=page + 1, parts=len(pages))
            stem = f"{stem}-{page + 1}"
        shown = list(dict.fromkeys(year for p in programmes for year in self.courses.years[p.id] if year))
        notes = [self.t("heatmap.learning_lines.columns", years=", ".join(shown))] if shown else []
        blank = self.t("heatmap.learning_lines.blank")
        figure = self.draw(grid, title, A4_LANDSCAPE, font=8, notes=notes, blank_label=blank)
        return Picture(stem, title, figure)


def component_map_size(rows: int) -> tuple[float, float]:
    """A map of components: A4 landscape wide, as tall as its rows need (27 rows fill the page), at most A4."""
    return A4_LANDSCAPE[0], min(max(COMPONENT_MAP_MARGIN + rows * COMPONENT_ROW_INCHES, 3.0), A4_LANDSCAPE[1])


def draw_change_picture(comparison, lang: str = "nl") -> Picture:
    """Programmes (in either round) x components: how far each consensus level moved between two rounds."""
    painter = CoveragePainter(comparison.new, lang)
    components = painter.fw.components
    _, labels, groups = painter.component_rows()
    values = np.full((len(components), len(comparison.programmes)), np.nan)
    texts = [["–"] * len(comparison.programmes) for _ in components]
    for i, component in enumerate(components):
        for j, programme in enumerate(comparison.programmes):
            change = comparison.change(programme.id, component.id)
            if change is None:
                continue
            if change.old is None or change.new is None:
                texts[i][j] = painter.t(f"compare.{change.direction}")
                continue
            values[i, j] = change.new - change.old
            texts[i][j] = f"{change.new - change.old:+d}" if change.new != change.old else "="
    # a programme in one round only is drawn too, marked in its header, so that it is not silently left out
    marks = {p.id: f"\n({painter.t('compare.gone')})" for p in comparison.dropped}
    marks.update({p.id: f"\n({painter.t('compare.new')})" for p in comparison.added})
    columns = [p.short.get(lang) + marks.get(p.id, "") for p in comparison.programmes]
    title = painter.t("compare.title")
    handles = [
        Patch(facecolor=CHANGE_COLOURS[0], edgecolor="#808080", label=painter.t("compare.legend.down")),
        Patch(facecolor=CHANGE_COLOURS[2], edgecolor="#808080", label=painter.t("compare.legend.same")),
        Patch(facecolor=CHANGE_COLOURS[-1], edgecolor="#808080", label=painter.t("compare.legend.up")),
        Patch(facecolor=NOT_ANSWERED, edgecolor="#808080", label=painter.t("compare.legend.none")),
    ]
    with matplotlib.rc_context(RC):
        figure = painter.draw(Grid(values, texts, labels, columns, groups), title, A4_LANDSCAPE, handles=handles)
    return Picture(picture_stem(PICTURE_GROWTH, lang), title, figure)


def _builders(painter: CoveragePainter) -> list[Callable[[], Picture]]:
    """Every picture of the report, the competence maps (the slowest) first, each map in its pages; the learning
    lines with course lists."""
    fw = painter.fw
    competences = [partial(painter.competences, page) for page in map_pages(fw)]
    overview = [partial(painter.overview, page) for page in component_pages(fw)]
    clusters = [partial(painter.clusters, page) for page in cluster_pages(fw)]
    ambitions = [partial(painter.ambitions, page) for page in component_pages(fw)]
    consensus = [partial(painter.consensus, page) for page in component_pages(fw)]
    lines = [partial(painter.learning_lines, page) for page in range(len(painter.line_pages()))]
    return [*competences, *overview, *clusters, *ambitions, *consensus, *lines]


Job = tuple[Aggregation, str, int, Path | None, tuple[str, ...], str | None, CourseMap | None]


def _render_one(job: Job) -> RenderedPicture:
    aggregation, lang, index, out_dir, formats, embed, courses = job
    with matplotlib.rc_context(RC):
        picture = _builders(CoveragePainter(aggregation, lang, courses))[index]()
    return render(picture, out_dir, formats, embed)


def render_pictures(
    aggregation: Aggregation,
    out_dir: Path | None,
    formats: Sequence[str] = ("png",),
    lang: str = "nl",
    embed: str | None = None,
    jobs: int | None = None,
    courses: CourseMap | None = None,
) -> list[RenderedPicture]:
    """Draw and write every heatmap of an aggregation, on several cores when there are several.

    Pictures take seconds each (thousands of text labels), so they are drawn in parallel
    processes; each process gets the aggregation without the per-answer detail it does not need.
    """
    return start_rendering(aggregation, out_dir, formats, lang, embed, jobs, courses)()


def start_rendering(
    aggregation: Aggregation,
    out_dir: Path | None,
    formats: Sequence[str] = ("png",),
    lang: str = "nl",
    embed: str | None = None,
    jobs: int | None = None,
    courses: CourseMap | None = None,
) -> Callable[[], list[RenderedPicture]]:
    """Start drawing every heatmap in worker processes; call the result to wait for the pictures.

    The caller can write its other outputs meanwhile. With one core, drawing happens at the call.
    With course links (aggregate --courses), the learning lines are drawn too.
    """
    if not aggregation.programmes:
        return list
    slim = replace(aggregation, readings=[], used=[], notes=[], problems=[])
    lines = courses.summary() if courses is not None else None
    count = len(_builders(CoveragePainter(slim, lang, lines)))
    jobs_list: list[Job] = [(slim, lang, index, out_dir, tuple(formats), embed, lines) for index in range(count)]
    workers = min(jobs if jobs is not None else (os.cpu_count() or 1), count)
    if workers <= 1:
        return lambda: [_render_one(job) for job in jobs_list]
    pool = worker_pool(workers)
    # The worker processes are forked from a process that may hold thousands of readings; frozen,
    # those objects are left alone by the workers' garbage collector, which would otherwise walk
    # (and copy) all of them: seconds for 5,000 workbooks.
    gc.freeze()
    try:
        # in order: the longest pictures first, so that the others fill in around them
        futures = {index: pool.submit(_render_one, jobs_list[index]) for index in range(count)}
    finally:
        gc.unfreeze()

    def finish() -> list[RenderedPicture]:
        try:
            return [futures[index].result() for index in range(count)]
        finally:
            pool.shutdown()

    return finish
