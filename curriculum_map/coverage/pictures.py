"""Heatmaps for projectors, print and e-mail, drawn with matplotlib (imported only here).

Every cell carries its score as text as well as colour, so the pictures read in black and white
and for colour-blind readers; the palette is ColorBrewer YlGnBu with a grey for 'not answered'.
"""

from __future__ import annotations

import gc
import io
import os
import re
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import matplotlib
import numpy as np
from matplotlib.colors import BoundaryNorm, LinearSegmentedColormap, ListedColormap, to_hex
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle

from curriculum_map.core.palette import NOT_ANSWERED, level_colours, text_colour
from curriculum_map.core.processes import worker_pool
from curriculum_map.core.texts import text
from curriculum_map.coverage.aggregate import DISAGREEMENT, Aggregation
from curriculum_map.framework.model import Framework
from curriculum_map.render.output import atomic_path

FORMATS = ("png", "svg", "pdf")
# ColorBrewer PuOr (diverging, colour-blind safe): orange = went down, purple = went up.
CHANGE_COLOURS = ("#e66101", "#fdb863", "#f7f7f7", "#b2abd2", "#5e3c99")
A4_LANDSCAPE = (11.69, 8.27)
A3_PORTRAIT = (11.69, 16.54)
ROW_LABEL_PAD = 4  # points between a row label and the grid
RC = {
    "svg.fonttype": "none",  # keep text as text in SVG: searchable, copyable, testable
    "svg.hashsalt": "curriculum-map",
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "pdf.fonttype": 42,
    # at 150 dpi unhinted text reads as well and draws about a sixth faster (thousands of labels)
    "text.hinting": "no_hinting",
}


@dataclass(frozen=True)
class RowGroup:
    """A run of rows sharing a label drawn left of the tick labels (a cluster or a focus)."""

    label: str
    first: int
    last: int


def competence_rows(framework: Framework, lang: str) -> tuple[list[str], list[RowGroup]]:
    """Row labels for a competences heatmap ('1.1.1 weten wat ...', shortened) and their cluster groups."""
    position = {c.id: i for i, c in enumerate(framework.competences)}
    labels = [
        textwrap.shorten(f"{c.id} {c.text.get(lang)}".replace("\n", " "), 70, placeholder=" …")
        for c in framework.competences
    ]
    groups = []
    for cluster in framework.clusters:
        ids = [x.id for k in cluster.components for x in k.competences]
        if ids:
            groups.append(RowGroup(f"{cluster.id}. {cluster.name.get(lang)}", position[ids[0]], position[ids[-1]]))
    return labels, groups


@dataclass
class Grid:
    """What one heatmap shows: values per row and column, the text in each cell, labels and groups."""

    values: np.ndarray  # scores (NaN = not answered)
    texts: list[list[str]]
    row_labels: list[str]
    column_labels: list[str]
    groups: list[RowGroup] = field(default_factory=list)
    hatched: list[tuple[int, int]] = field(default_factory=list)


@dataclass(frozen=True)
class Picture:
    """One picture: its name (file stem), title, figure and the list of marked cells it names."""

    name: str
    title: str
    figure: Figure
    marked: tuple[str, ...] = ()


class _Painter:
    def __init__(self, aggregation: Aggregation, lang: str):
        self.agg = aggregation
        self.fw = aggregation.framework
        self.lang = lang
        self.colours = level_colours(len(self.fw.levels))
        self.top = self.fw.levels[-1].score

    def t(self, key: str, **values: object) -> str:
        return text(key, self.lang, **values)

    @property
    def scale_max(self) -> float:
        return self.top

    def colorbar_ticks(self) -> list[tuple[float, str]]:
        return [(lv.score, f"{lv.score} = {lv.label.get(self.lang)}") for lv in self.fw.levels]

    def subtitle(self) -> str:
        return self.t(
            "report.data_of",
            date=self.agg.data_date or "-",
            count=len(self.agg.submissions),
            programmes=len(self.agg.programmes),
        )

    def programmes(self) -> list[str]:
        return [f"{p.short.get(self.lang)}\n(n={self.agg.respondent_count(p.id)})" for p in self.agg.programmes]

    def score_text(self, value: float | None, decimals: int = 0) -> str:
        if value is None or (isinstance(value, float) and np.isnan(value)):
            return "–"
        return f"{value:.{decimals}f}".replace(".", "," if self.lang == "nl" else ".")

    def component_rows(self, field_name: str = "level") -> tuple[np.ndarray, list[str], list[RowGroup]]:
        components = self.fw.components
        values = np.full((len(components), len(self.agg.programmes)), np.nan)
        for i, component in enumerate(components):
            for j, programme in enumerate(self.agg.programmes):
                consensus = self.agg.cell(programme.id, component.id, field_name).consensus
                if consensus is not None:
                    values[i, j] = consensus
        labels = [f"{c.id} {c.kind.label.get(self.lang)}" for c in components]
        groups = []
        for cluster in self.fw.clusters:
            first = components.index(cluster.components[0])
            groups.append(
                RowGroup(f"{cluster.id}. {cluster.name.get(self.lang)}", first, first + len(cluster.components) - 1)
            )
        return values, labels, groups

    def texts_for(self, values: np.ndarray, decimals: int = 0) -> list[list[str]]:
        return [[self.score_text(None if np.isnan(v) else float(v), decimals) for v in row] for row in values]

    # -- drawing ------------------------------------------------------------------------------

    def draw(
        self,
        grid: Grid,
        title: str,
        size: tuple[float, float],
        continuous: bool = False,
        legend: bool = True,
        label_width: int = 34,
        font: float = 8.5,
        handles: list[Patch] | None = None,
        categories: Sequence[str] | None = None,
    ) -> Figure:
        figure = Figure(figsize=size, layout="constrained")
        ax = figure.add_subplot()
        if categories is not None:
            cmap = ListedColormap(list(categories)).with_extremes(bad=NOT_ANSWERED)
            norm = BoundaryNorm(np.arange(-0.5, len(categories) + 0.5), cmap.N)
            image = ax.imshow(np.ma.masked_invalid(grid.values), cmap=cmap, norm=norm, aspect="auto")
        elif handles is not None:
            cmap = LinearSegmentedColormap.from_list("change", CHANGE_COLOURS).with_extremes(bad=NOT_ANSWERED)
            image = ax.imshow(
                np.ma.masked_invalid(grid.values), cmap=cmap, vmin=-self.top, vmax=self.top, aspect="auto"
            )
        elif continuous:
            cmap = LinearSegmentedColormap.from_list("levels", self.colours).with_extremes(bad=NOT_ANSWERED)
            image = ax.imshow(np.ma.masked_invalid(grid.values), cmap=cmap, vmin=0, vmax=self.scale_max, aspect="auto")
        else:
            cmap = ListedColormap(self.colours).with_extremes(bad=NOT_ANSWERED)
            norm = BoundaryNorm(np.arange(-0.5, self.top + 1.5), cmap.N)
            image = ax.imshow(np.ma.masked_invalid(grid.values), cmap=cmap, norm=norm, aspect="auto")
        rows, cols = grid.values.shape
        hatched = set(grid.hatched)
        for i in range(rows):
            for j in range(cols):
                value = grid.values[i, j]
                if np.isnan(value):
                    fill = NOT_ANSWERED
                else:
                    rgba = image.cmap(image.norm(value))
                    fill = to_hex(rgba[:3])
                box = {"boxstyle": "round,pad=0.2", "facecolor": fill, "edgecolor": "none"}
                ax.text(
                    j,
                    i,
                    grid.texts[i][j],
                    ha="center",
                    va="center",
                    fontsize=font,
                    color=text_colour(fill),
                    zorder=3,
                    bbox=box if (i, j) in hatched else None,
                    in_layout=False,  # inside the grid: no bearing on the margins
                )
        for i, j in grid.hatched:
            ax.add_patch(
                Rectangle(
                    (j - 0.5, i - 0.5), 1, 1, fill=False, hatch="///", edgecolor="#000000", linewidth=1.2, zorder=2
                )
            )
        ax.set_xticks(range(cols), grid.column_labels, fontsize=font)
        ax.xaxis.tick_top()
        # Row labels as plain texts beside the rows: as y tick labels (up to 120 of them) matplotlib
        # would measure every one again and again to place axis labels this picture does not have.
        ax.set_yticks([])
        for i, label in enumerate(grid.row_labels):
            ax.annotate(label, xy=(0, i), xycoords=("axes fraction", "data"), xytext=(-ROW_LABEL_PAD, 0),
                        textcoords="offset points", ha="right", va="center", fontsize=font,
                        annotation_clip=False)  # fmt: skip
        # white lines between the cells: two line collections (minor ticks would be hundreds of artists)
        ax.hlines(np.arange(-0.5, rows), -0.5, cols - 0.5, colors="white", linewidth=1.5)
        ax.vlines(np.arange(-0.5, cols), -0.5, rows - 0.5, colors="white", linewidth=1.5)
        ax.tick_params(which="both", length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        # group labels sit left of the tick labels: offset by the longest tick label
        offset = max((len(label) for label in grid.row_labels), default=0) * font * 0.62 + 8 + ROW_LABEL_PAD
        for group in grid.groups:
            ax.axhline(group.last + 0.5, color="#1f3b57", linewidth=1.2)
            ax.annotate(
                "\n".join(textwrap.wrap(group.label, label_width)),
                xy=(0, (group.first + group.last) / 2),
                xycoords=("axes fraction", "data"),
                xytext=(-offset, 0),
                textcoords="offset points",
                ha="right",
                va="center",
                fontsize=font,
                color="#1f3b57",
                annotation_clip=False,
            )
        figure.suptitle(title, fontsize=13, fontweight="bold", color="#1f3b57")
        ax.set_title(self.subtitle(), fontsize=8.5, color="#404040", pad=4, loc="left")
        if handles:
            figure.legend(handles=handles, loc="outside lower center", ncol=len(handles), fontsize=8, frameon=False)
        elif legend:
            handles = [
                Patch(facecolor=c, edgecolor="#808080", label=f"{lv.score} = {lv.label.get(self.lang)}")
                for lv, c in zip(self.fw.levels, self.colours, strict=True)
            ]
            handles.append(
                Patch(facecolor=NOT_ANSWERED, edgecolor="#808080", label=f"– = {self.t('report.not_answered')}")
            )
            if grid.hatched:
                handles.append(
                    Patch(
                        facecolor="white",
                        edgecolor="#000000",
                        hatch="///",
                        label=self.t("heatmap.disagreement", levels=DISAGREEMENT),
                    )
                )
            figure.legend(
                handles=handles, loc="outside lower center", ncol=min(len(handles), 6), fontsize=8, frameon=False
            )
        elif continuous:
            bar = figure.colorbar(image, ax=ax, shrink=0.6, pad=0.01)
            ticks = self.colorbar_ticks()
            bar.set_ticks([value for value, _ in ticks], labels=[label for _, label in ticks])
        # The margins depend on the labels around the grid only: lay the figure out once, then fix
        # it, so that saving does not draw every cell a second time just to lay the figure out.
        engine = figure.get_layout_engine()
        assert engine is not None
        engine.execute(figure)
        figure.set_layout_engine(None)
        return figure

    # -- the pictures ---------------------------------------------------------------------------

    def overview(self) -> Picture:
        values, labels, groups = self.component_rows()
        grid = Grid(values, self.texts_for(values), labels, self.programmes(), groups)
        title = self.t("heatmap.overview")
        return Picture("heatmap-componenten", title, self.draw(grid, title, A4_LANDSCAPE))

    def clusters(self) -> Picture:
        summaries = self.agg.group_summaries(self.fw.clusters)
        values = np.array(
            [[np.nan if s.means[p.id] is None else s.means[p.id] for p in self.agg.programmes] for s in summaries],
            dtype=float,
        ).reshape(len(summaries), len(self.agg.programmes))
        labels = ["\n".join(textwrap.wrap(f"{c.id}. {c.name.get(self.lang)}", 44)) for c in self.fw.clusters]
        grid = Grid(values, self.texts_for(values, 1), labels, self.programmes())
        title = self.t("heatmap.clusters")
        figure = self.draw(grid, title, (11.69, 6.5), continuous=True, legend=False, font=9)
        return Picture("heatmap-clusters", title, figure)

    def competences(self) -> Picture:
        competences = self.fw.competences
        values = np.full((len(competences), len(self.agg.programmes)), np.nan)
        for i, competence in enumerate(competences):
            for j, programme in enumerate(self.agg.programmes):
                consensus = self.agg.cell(programme.id, competence.id).consensus
                if consensus is not None:
                    values[i, j] = consensus
        labels, groups = competence_rows(self.fw, self.lang)
        grid = Grid(values, self.texts_for(values), labels, self.programmes(), groups)
        title = self.t("heatmap.competences")
        figure = self.draw(grid, title, A3_PORTRAIT, label_width=22, font=6.2)
        return Picture("heatmap-competenties", title, figure)

    def ambitions(self) -> Picture:
        current, labels, groups = self.component_rows("level")
        ambition, _, _ = self.component_rows("ambition")
        columns = []
        values = np.full((current.shape[0], 2 * current.shape[1]), np.nan)
        for j, programme in enumerate(self.agg.programmes):
            values[:, 2 * j] = current[:, j]
            values[:, 2 * j + 1] = ambition[:, j]
            # twelve columns on A4: the short name wraps, or neighbouring headers run into each other
            short = "\n".join(textwrap.wrap(programme.short.get(self.lang), 10))
            columns += [f"{short}\n{self.t('heatmap.now')}", f"{short}\n{self.t('heatmap.ambition')}"]
        grid = Grid(values, self.texts_for(values), labels, columns, groups)
        title = self.t("heatmap.ambitions")
        figure = self.draw(grid, title, A4_LANDSCAPE, font=7.5)
        return Picture("heatmap-ambities", title, figure)

    def consensus(self) -> Picture:
        values, labels, groups = self.component_rows()
        texts = self.texts_for(values)
        hatched, marked = [], []
        for i, component in enumerate(self.fw.components):
            for j, programme in enumerate(self.agg.programmes):
                cell = self.agg.cell(programme.id, component.id)
                if len(cell.scores) > 1 and cell.spread:
                    texts[i][j] += f" ±{cell.spread}"
                if len(cell.scores) > 1 and (cell.spread or 0) >= DISAGREEMENT:
                    hatched.append((i, j))
                    scores = ", ".join(str(s) for s in sorted(cell.scores))
                    marked.append(f"{programme.name.get(self.lang)} · {component.id}: {scores}")
        grid = Grid(values, texts, labels, self.programmes(), groups, hatched)
        title = self.t("heatmap.consensus")
        return Picture("heatmap-consensus", title, self.draw(grid, title, A4_LANDSCAPE), tuple(marked))


class SharePainter(_Painter):
    """Draws shares (0 to 100%) instead of levels, for the positions survey."""

    def __init__(self, framework, lang: str, subtitle: str):
        self.agg = None  # type: ignore[assignment]
        self.fw = framework
        self.lang = lang
        self.colours = level_colours(len(framework.levels))
        self.top = framework.levels[-1].score
        self._subtitle = subtitle

    @property
    def scale_max(self) -> float:
        return 1.0

    def colorbar_ticks(self) -> list[tuple[float, str]]:
        return [(0.0, "0%"), (0.5, "50%"), (1.0, "100%")]

    def subtitle(self) -> str:
        return self._subtitle

    def share_picture(
        self, name: str, title: str, grid: Grid, size: tuple[float, float], font: float, label_width: int = 34
    ) -> Picture:
        with matplotlib.rc_context(RC):
            figure = self.draw(grid, title, size, continuous=True, legend=False, font=font, label_width=label_width)
        return Picture(name, title, figure)


def draw_change_picture(comparison, lang: str = "nl") -> Picture:
    """Programmes (in either round) x components: how far each consensus level moved between two rounds."""
    painter = _Painter(comparison.new, lang)
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
    return Picture("heatmap-groei", title, figure)


def draw_gap_picture(programmes: Aggregation, cells, lang: str = "nl") -> Picture:
    """Competences x programmes: where organisations expect a beginner to have what a programme hardly covers."""
    from curriculum_map.positions.gap import STATUS_COLOURS, STATUSES

    painter = _Painter(programmes, lang)
    competences = painter.fw.competences
    row = {c.id: i for i, c in enumerate(competences)}
    column = {p.id: j for j, p in enumerate(programmes.programmes)}
    values = np.full((len(competences), len(column)), np.nan)
    texts = [["–"] * len(column) for _ in competences]
    for cell in cells:
        i, j = row[cell.item_id], column[cell.programme.id]
        values[i, j] = STATUSES.index(cell.status)
        if cell.coverage is not None:
            texts[i][j] = f"{cell.coverage}{'*' if cell.source == 'component' else ''}"
    labels, groups = competence_rows(painter.fw, lang)
    handles = [
        Patch(facecolor=colour, edgecolor="#808080", label=painter.t(f"gap.status.{status}"))
        for status, colour in zip(STATUSES, STATUS_COLOURS, strict=True)
    ]
    title = painter.t("gap.title")
    grid = Grid(values, texts, labels, [p.short.get(lang) for p in programmes.programmes], groups)
    with matplotlib.rc_context(RC):
        figure = painter.draw(
            grid, title, A3_PORTRAIT, handles=handles, categories=STATUS_COLOURS, font=6.2, label_width=22
        )
    return Picture("heatmap-tekorten", title, figure)


@dataclass(frozen=True)
class RenderedPicture:
    """A picture written to disk, with its inline SVG for the HTML report."""

    name: str
    title: str
    marked: tuple[str, ...]
    svg: str  # inline SVG, or "" when the report embeds the PNG instead
    paths: tuple[Path, ...]
    png: bytes = b""


def render(
    picture: Picture, out_dir: Path | None, formats: Sequence[str], embed: str | None = "svg"
) -> RenderedPicture:
    """Write a picture in each format and keep what an HTML page embeds ('svg', 'png' or None); frees it.

    'svg' gives crisp, searchable text; 'png' reuses the PNG just written, which saves drawing the
    picture a second time.
    """
    paths = tuple(save_picture(picture, out_dir, fmt) for fmt in formats) if out_dir is not None else ()
    svg = svg_text(picture) if embed == "svg" else ""
    png = b""
    if embed == "png":
        png_path = next((p for p in paths if p.suffix == ".png"), None)
        if png_path is not None:
            png = png_path.read_bytes()
        else:
            buffer = io.BytesIO()
            with matplotlib.rc_context(RC):
                picture.figure.savefig(buffer, format="png", dpi=150, metadata={})
            png = buffer.getvalue()
    picture.figure.clear()
    return RenderedPicture(picture.name, picture.title, picture.marked, svg, paths, png)


def _builders(painter: _Painter) -> list[Callable[[], Picture]]:
    return [painter.overview, painter.clusters, painter.competences, painter.ambitions, painter.consensus]


def _render_one(job: tuple[Aggregation, str, int, Path | None, tuple[str, ...], str | None]) -> RenderedPicture:
    aggregation, lang, index, out_dir, formats, embed = job
    with matplotlib.rc_context(RC):
        picture = _builders(_Painter(aggregation, lang))[index]()
    return render(picture, out_dir, formats, embed)


def render_pictures(
    aggregation: Aggregation,
    out_dir: Path | None,
    formats: Sequence[str] = ("png",),
    lang: str = "nl",
    embed: str | None = None,
    jobs: int | None = None,
) -> list[RenderedPicture]:
    """Draw and write every heatmap of an aggregation, on several cores when there are several.

    Pictures take seconds each (thousands of text labels), so they are drawn in parallel
    processes; each process gets the aggregation without the per-answer detail it does not need.
    """
    return start_rendering(aggregation, out_dir, formats, lang, embed, jobs)()


def start_rendering(
    aggregation: Aggregation,
    out_dir: Path | None,
    formats: Sequence[str] = ("png",),
    lang: str = "nl",
    embed: str | None = None,
    jobs: int | None = None,
) -> Callable[[], list[RenderedPicture]]:
    """Start drawing every heatmap in worker processes; call the result to wait for the pictures.

    The caller can write its other outputs meanwhile. With one core, drawing happens at the call.
    """
    if not aggregation.programmes:
        return list
    slim = replace(aggregation, readings=[], used=[], notes=[], problems=[])
    count = len(_builders(_Painter(slim, lang)))
    jobs_list = [(slim, lang, index, out_dir, tuple(formats), embed) for index in range(count)]
    workers = min(jobs if jobs is not None else (os.cpu_count() or 1), count)
    if workers <= 1:
        return lambda: [_render_one(job) for job in jobs_list]
    pool = worker_pool(workers)
    # the longest picture first, so that the others fill in around it
    order = sorted(range(count), key=lambda index: index != 2)
    # The worker processes are forked from a process that may hold thousands of readings; frozen,
    # those objects are left alone by the workers' garbage collector, which would otherwise walk
    # (and copy) all of them: seconds for 5,000 workbooks.
    gc.freeze()
    try:
        futures = {index: pool.submit(_render_one, jobs_list[index]) for index in order}
    finally:
        gc.unfreeze()

    def finish() -> list[RenderedPicture]:
        try:
            return [futures[index].result() for index in range(count)]
        finally:
            pool.shutdown()

    return finish


def save_picture(picture: Picture, out_dir: Path, fmt: str) -> Path:
    """Write a picture as PNG, SVG or PDF, atomically; the files carry no timestamp."""
    target = out_dir / f"{picture.name}.{fmt}"
    metadata = {"Date": None} if fmt in ("svg",) else {"CreationDate": None} if fmt == "pdf" else {}
    with matplotlib.rc_context(RC), atomic_path(target) as temporary:
        picture.figure.savefig(temporary, format=fmt, dpi=150, metadata=metadata)
    return target


def svg_text(picture: Picture) -> str:
    """The picture as an inline SVG element (for the HTML report)."""
    buffer = io.StringIO()
    with matplotlib.rc_context(RC):
        picture.figure.savefig(buffer, format="svg", metadata={"Date": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    # Inline SVG in HTML needs no namespace declarations or RDF metadata, and the report must not
    # name any network address, not even a namespace URI.
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.S)
    return re.sub(r'\s+xmlns(:\w+)?="[^"]*"', "", svg)
