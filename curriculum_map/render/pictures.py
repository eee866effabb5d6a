"""Heatmaps for projectors, print and e-mail, drawn with matplotlib (imported only by the painters).

Every cell carries its score as text as well as colour, so the pictures read in black and white
and for colour-blind readers; the palette is ColorBrewer YlGnBu with a grey for 'not answered'.
This module knows grids and pictures, not what a workflow computes: the coverage and positions
painters build their grids and call `Painter.draw`.
"""

from __future__ import annotations

import io
import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import matplotlib
import numpy as np
from matplotlib.colors import BoundaryNorm, LinearSegmentedColormap, ListedColormap, to_hex
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle
from matplotlib.transforms import ScaledTranslation

from curriculum_map.core.numbers import format_number
from curriculum_map.core.palette import NOT_ANSWERED, level_colours, text_colour
from curriculum_map.core.texts import text
from curriculum_map.framework.model import Competence, Framework
from curriculum_map.render.output import atomic_path

FORMATS = ("png", "svg", "pdf")
# ColorBrewer PuOr (diverging, colour-blind safe): orange = went down, purple = went up.
CHANGE_COLOURS = ("#e66101", "#fdb863", "#f7f7f7", "#b2abd2", "#5e3c99")
A4_LANDSCAPE = (11.69, 8.27)
A3_PORTRAIT = (11.69, 16.54)
ROW_LABEL_PAD = 4  # points between a row label and the grid
RC: dict[Any, Any] = {  # matplotlib settings for every picture (rc_context wants its own key type)
    "svg.fonttype": "none",  # keep text as text in SVG: searchable, copyable, testable
    "svg.hashsalt": "curriculum-map",
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "pdf.fonttype": 42,
    # at 150 dpi unhinted text reads as well and draws about a sixth faster (thousands of labels)
    "text.hinting": "no_hinting",
}


def _wrap(line: str, width: int) -> str:
    return "\n".join(textwrap.wrap(line, width, subsequent_indent="   ")) or line


@dataclass(frozen=True)
class RowGroup:
    """A run of rows sharing a label drawn left of the tick labels (a cluster or a focus)."""

    label: str
    first: int
    last: int


def competence_rows(
    framework: Framework, lang: str, competences: Sequence[Competence] | None = None
) -> tuple[list[str], list[RowGroup]]:
    """Row labels for a competences heatmap ('1.1.1 weten wat ...', shortened) and their cluster groups.

    `competences` chooses some of the framework's competences (a focus's), in the framework's order.
    """
    chosen = list(framework.competences if competences is None else competences)
    position = {c.id: i for i, c in enumerate(chosen)}
    labels = [textwrap.shorten(f"{c.id} {c.text.get(lang)}".replace("\n", " "), 70, placeholder=" …") for c in chosen]
    groups = []
    for cluster in framework.clusters:
        ids = [x.id for k in cluster.components for x in k.competences if x.id in position]
        if ids:
            groups.append(RowGroup(f"{cluster.id}. {cluster.name.get(lang)}", position[ids[0]], position[ids[-1]]))
    return labels, groups


@dataclass(frozen=True)
class ColumnGroup:
    """A run of columns sharing a label drawn above their own labels (a programme above its study years)."""

    label: str
    first: int
    last: int


@dataclass
class Grid:
    """What one heatmap shows: values per row and column, the text in each cell, labels and groups."""

    values: np.ndarray  # scores (NaN = not answered)
    texts: list[list[str]]
    row_labels: list[str]
    column_labels: list[str]
    groups: list[RowGroup] = field(default_factory=list)
    hatched: list[tuple[int, int]] = field(default_factory=list)
    column_groups: list[ColumnGroup] = field(default_factory=list)


@dataclass(frozen=True)
class Picture:
    """One picture: its name (file stem), title, figure and the list of marked cells it names."""

    name: str
    title: str
    figure: Figure
    marked: tuple[str, ...] = ()


class Painter:
    """Draws a grid of scores as a heatmap, with the framework's level colours and a legend.

    A workflow's painter builds the grids (rows of items, columns of programmes or positions) and
    passes the texts only it knows: the subtitle and the label for hatched cells.
    """

    def __init__(self, framework: Framework, lang: str, subtitle: str = "", hatch_label: str = ""):
        self.fw = framework
        self.lang = lang
        self.colours = level_colours(len(framework.levels))
        self.bottom, self.top = framework.scale.bottom, framework.scale.top
        self._subtitle = subtitle
        self.hatch_label = hatch_label

    def t(self, key: str, **values: object) -> str:
        return text(key, self.lang, **values)

    @property
    def scale_min(self) -> float:
        return self.bottom

    @property
    def scale_max(self) -> float:
        return self.top

    def colorbar_ticks(self) -> list[tuple[float, str]]:
        return [(lv.score, f"{lv.score} = {lv.label.get(self.lang)}") for lv in self.fw.levels]

    def subtitle(self) -> str:
        return self._subtitle

    def score_text(self, value: float | None, decimals: int = 0) -> str:
        return format_number(value, self.lang, decimals)

    def texts_for(self, values: np.ndarray, decimals: int = 0) -> list[list[str]]:
        return [[self.score_text(None if np.isnan(v) else float(v), decimals) for v in row] for row in values]

    def text_panel(self, ax: Any, title: str, lines: Sequence[str], font: float) -> None:
        """A column of text in an axes: a bold title, then each line as a bullet, wrapped to the column."""
        ax.set_axis_off()
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
        width_inches = ax.get_position().width * ax.figure.get_figwidth()
        characters = max(int(width_inches * 72 / (font * 0.55)), 20)
        body = "\n".join(_wrap(f"• {line}", characters) for line in lines)
        ax.text(0, 1, title, fontsize=font + 2, fontweight="bold", color="#1f3b57", va="top", ha="left")
        ax.text(0, 0.93, body, fontsize=font, va="top", ha="left", linespacing=1.35)

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
        notes: Sequence[str] = (),
        aside: Sequence[str] = (),
        aside_title: str = "",
        blank_label: str = "",
    ) -> Figure:
        """The heatmap of `grid`, with a legend of every colour, mark and notation it uses.

        `notes` are lines added to the legend that explain a notation in the cells (such as a range).
        `blank_label` says what a grey cell means when it is not 'not answered'.
        `aside` are lines of text in a panel right of the grid (a slide's talking points), under `aside_title`.
        """
        figure = Figure(figsize=size, layout="constrained")
        if aside or aside_title:
            ax, panel = figure.subplots(1, 2, width_ratios=(3, 2))
            self.text_panel(panel, aside_title, aside, font + 1.5)
        else:
            ax = figure.add_subplot()
        if categories is not None:
            cmap = ListedColormap(list(categories)).with_extremes(bad=NOT_ANSWERED)
            norm = BoundaryNorm(np.arange(-0.5, len(categories) + 0.5), cmap.N)
            image = ax.imshow(np.ma.masked_invalid(grid.values), cmap=cmap, norm=norm, aspect="auto")
        elif handles is not None:
            cmap = LinearSegmentedColormap.from_list("change", CHANGE_COLOURS).with_extremes(bad=NOT_ANSWERED)
            span = self.top - self.bottom  # a change runs from -span to +span levels
            image = ax.imshow(np.ma.masked_invalid(grid.values), cmap=cmap, vmin=-span, vmax=span, aspect="auto")
        elif continuous:
            cmap = LinearSegmentedColormap.from_list("levels", self.colours).with_extremes(bad=NOT_ANSWERED)
            image = ax.imshow(
                np.ma.masked_invalid(grid.values), cmap=cmap, vmin=self.scale_min, vmax=self.scale_max, aspect="auto"
            )
        else:
            cmap = ListedColormap(self.colours).with_extremes(bad=NOT_ANSWERED)
            norm = BoundaryNorm(np.arange(self.bottom - 0.5, self.top + 1.5), cmap.N)
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
                    red, green, blue = (float(x) for x in rgba[:3])
                    fill = to_hex((red, green, blue))
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

        # Plain texts on the y axis' transform shifted left by a few points: annotations would cost about
        # five times as much to lay out and draw, and a picture has up to 120 of them.
        def left_of_grid(points: float) -> Any:
            return ax.get_yaxis_transform() + ScaledTranslation(-points / 72, 0, figure.dpi_scale_trans)

        beside = left_of_grid(ROW_LABEL_PAD)
        for i, label in enumerate(grid.row_labels):
            ax.text(0, i, label, transform=beside, ha="right", va="center", fontsize=font, clip_on=False)
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
            ax.text(
                0,
                (group.first + group.last) / 2,
                "\n".join(textwrap.wrap(group.label, label_width)),
                transform=left_of_grid(offset),
                ha="right",
                va="center",
                fontsize=font,
                color="#1f3b57",
                clip_on=False,
            )
        if grid.column_groups:
            # group labels on a second axis above the column labels: the subtitle and the layout make room for it
            above = ax.secondary_xaxis("top")
            centres = [(g.first + g.last) / 2 for g in grid.column_groups]
            above.set_xticks(centres, [g.label for g in grid.column_groups], fontsize=font, fontweight="bold")
            lines = max((label.count("\n") + 1 for label in grid.column_labels), default=1)
            above.tick_params(length=0, pad=lines * font * 1.25 + 5, labelcolor="#1f3b57")
            for spine in above.spines.values():
                spine.set_visible(False)
            for column_group in grid.column_groups[1:]:
                ax.axvline(column_group.first - 0.5, color="#1f3b57", linewidth=2)
        # a long title wraps rather than running off the picture
        title = "\n".join(textwrap.wrap(title, max(int(size[0] * 72 / (13 * 0.62)), 20)))
        figure.suptitle(title, fontsize=13, fontweight="bold", color="#1f3b57")
        ax.set_title(self.subtitle(), fontsize=8.5, color="#404040", pad=4, loc="left")
        if handles:
            figure.legend(handles=handles, loc="outside lower center", ncol=len(handles), fontsize=8, frameon=False)
        elif legend:
            handles = [
                Patch(facecolor=c, edgecolor="#808080", label=f"{lv.score} = {lv.label.get(self.lang)}")
                for lv, c in zip(self.fw.levels, self.colours, strict=True)
            ]
            blank = blank_label or self.t("report.not_answered")
            handles.append(Patch(facecolor=NOT_ANSWERED, edgecolor="#808080", label=f"– = {blank}"))
            if grid.hatched and self.hatch_label:
                handles.append(
                    Patch(
                        facecolor="white",
                        edgecolor="#000000",
                        hatch="///",
                        label=self.hatch_label,
                    )
                )
            handles += [Patch(facecolor="none", edgecolor="none", label=note) for note in notes]
            # up to six entries on one line; more in two lines of four, so that none runs off the picture
            columns = len(handles) if len(handles) <= 6 else 4
            figure.legend(handles=handles, loc="outside lower center", ncol=columns, fontsize=8, frameon=False)
        elif continuous:
            bar = figure.colorbar(image, ax=ax, shrink=0.6, pad=0.01)
            ticks = self.colorbar_ticks()
            bar.set_ticks([value for value, _ in ticks], labels=[label for _, label in ticks])
            if np.isnan(grid.values).any():  # the grey of 'not answered' is no colour of the bar
                label = f"– = {self.t('report.not_answered')}"
                missing = [Patch(facecolor=NOT_ANSWERED, edgecolor="#808080", label=label)]
                figure.legend(handles=missing, loc="outside lower center", fontsize=8, frameon=False)
        # The margins depend on the labels around the grid only: lay the figure out once, then fix
        # it, so that saving does not draw every cell a second time just to lay the figure out.
        engine = figure.get_layout_engine()
        assert engine is not None
        engine.execute(figure)
        figure.set_layout_engine(None)
        return figure


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
