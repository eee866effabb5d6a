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
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import BoundaryNorm, LinearSegmentedColormap, ListedColormap, to_hex
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Patch, Rectangle
from matplotlib.text import Text
from matplotlib.transforms import ScaledTranslation

from curriculum_map.core.numbers import format_number
from curriculum_map.core.palette import NOT_ANSWERED, level_colours, text_colour
from curriculum_map.core.texts import text
from curriculum_map.framework.model import Competence, Framework
from curriculum_map.render.output import atomic_path

# ColorBrewer PuOr (diverging, colour-blind safe): orange = went down, purple = went up.
CHANGE_COLOURS = ("#e66101", "#fdb863", "#f7f7f7", "#b2abd2", "#5e3c99")
A4_LANDSCAPE = (11.69, 8.27)
A4_PORTRAIT = (8.27, 11.69)
A3_PORTRAIT = (11.69, 16.54)
ROW_LABEL_PAD = 4  # points between a row label and the grid
DPI = 150  # pixels per inch of the PNG files and of the pictures report.html embeds
PNG_COLOURS = 64  # the level colours, white, black and the shades of text edges: the same to the eye
LINE_SPACING = 1.2  # a line of text takes its font size times this: more lines than fit would overprint
MIN_FONT = 5.5  # points: 11 pixels at DPI, the smallest text a picture shrinks to before it is cut in pages
MAX_HEADER_LINES = 4  # a column header wraps to at most this many lines, then ends in an ellipsis
RC: dict[Any, Any] = {  # matplotlib settings for every picture (rc_context wants its own key type)
    "svg.fonttype": "none",  # keep text as text in SVG: searchable, copyable, testable
    "svg.hashsalt": "curriculum-map",
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "pdf.fonttype": 42,
    # at 150 dpi unhinted text reads as well and draws about a sixth faster (thousands of labels)
    "text.hinting": "no_hinting",
    # Texts come from framework files, workbooks and organisations: a name with two dollar signs is a
    # name, not TeX (mathtext would fail on "$\\foo{$" and stop the whole run). Texts read this when
    # they are made, so every picture is built, not only saved, inside rc_context(RC).
    "text.parse_math": False,
}


def _wrap(line: str, width: int) -> str:
    return "\n".join(textwrap.wrap(line, width, subsequent_indent="   ")) or line


@dataclass(frozen=True)
class RowGroup:
    """A run of rows sharing a label drawn left of the row labels (a cluster or a focus), or of columns."""

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


@dataclass
class Grid:
    """What one heatmap shows: values per row and column, the text in each cell, labels and groups."""

    values: np.ndarray  # scores (NaN = not answered)
    texts: list[list[str]]
    row_labels: list[str]
    column_labels: list[str]
    groups: list[RowGroup] = field(default_factory=list)
    hatched: list[tuple[int, int]] = field(default_factory=list)
    column_groups: list[RowGroup] = field(default_factory=list)  # headers over runs of columns


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

    @staticmethod
    def _column_groups(ax: Any, grid: Grid, font: float) -> Any:
        """Headers over runs of columns (a programme over its now and ambition), above the column headers."""
        if not grid.column_groups:
            return None
        over = ax.secondary_xaxis("top")
        centres = [(g.first + g.last) / 2 for g in grid.column_groups]
        over.set_xticks(centres, [g.label for g in grid.column_groups], fontsize=font)
        over.tick_params(length=0, pad=_group_pad(ax, font))
        for spine in over.spines.values():
            spine.set_visible(False)
        rows = grid.values.shape[0]
        ends = [g.last + 0.5 for g in grid.column_groups[:-1]]
        ax.vlines(ends, -0.5, rows - 0.5, colors="#1f3b57", linewidth=1.2)
        return over

    @matplotlib.rc_context(RC)  # every text of the picture made with the picture settings (no TeX)
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
        furniture_font: float | None = None,
        legend_columns: int | None = None,
    ) -> Figure:
        """The heatmap of `grid`, with a legend of every colour, mark and notation it uses.

        `notes` are lines added to the legend that explain a notation in the cells (such as a range).
        `blank_label` says what a grey cell means when it is not 'not answered'.
        `aside` are lines of text in a panel right of the grid (a slide's talking points), under `aside_title`.
        `furniture_font` sizes the subtitle, legend and colour bar (default 8.5, 8 and 9 points): a picture
        shown at its own size on a screen needs them as large as its cells. `legend_columns` wraps the legend.
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
        cells: list[Text] = []
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
                cell = ax.text(
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
                cells.append(cell)
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
        row_texts = [
            ax.text(0, i, label, transform=beside, ha="right", va="center", fontsize=font, clip_on=False)
            for i, label in enumerate(grid.row_labels)
        ]
        # white lines between the cells: two line collections (minor ticks would be hundreds of artists)
        ax.hlines(np.arange(-0.5, rows), -0.5, cols - 0.5, colors="white", linewidth=1.5)
        ax.vlines(np.arange(-0.5, cols), -0.5, rows - 0.5, colors="white", linewidth=1.5)
        over = self._column_groups(ax, grid, font)
        ax.tick_params(which="both", length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        # group labels sit left of the row labels: offset by the widest of them (measuring the longest
        # few is enough, and measuring all 120 would cost a tenth of a second)
        lines = sorted((line for label in grid.row_labels for line in label.split("\n")), key=len, reverse=True)
        offset = max((_width(figure, line, font) for line in lines[:5]), default=0) + 8 + ROW_LABEL_PAD
        group_texts = []
        for group in grid.groups:
            ax.axhline(group.last + 0.5, color="#1f3b57", linewidth=1.2)
            label = ax.text(
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
            group_texts.append((label, group))
        # a long title wraps rather than running off the picture
        title = "\n".join(textwrap.wrap(title, max(int(size[0] * 72 / (13 * 0.62)), 20)))
        figure.suptitle(title, fontsize=13, fontweight="bold", color="#1f3b57")
        ax.set_title(self.subtitle(), fontsize=furniture_font or 8.5, color="#404040", pad=4, loc="left")
        legend_font = furniture_font or 8
        if handles:
            columns = legend_columns or len(handles)
            figure.legend(
                handles=handles, loc="outside lower center", ncol=columns, fontsize=legend_font, frameon=False
            )
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
            columns = legend_columns or (len(handles) if len(handles) <= 6 else 4)
            figure.legend(
                handles=handles, loc="outside lower center", ncol=columns, fontsize=legend_font, frameon=False
            )
        elif continuous:
            bar = figure.colorbar(image, ax=ax, shrink=0.6, pad=0.01)
            ticks = self.colorbar_ticks()
            bar.set_ticks([value for value, _ in ticks], labels=[label for _, label in ticks])
            if furniture_font:
                bar.ax.tick_params(labelsize=furniture_font)
            if np.isnan(grid.values).any():  # the grey of 'not answered' is no colour of the bar
                label = f"– = {self.t('report.not_answered')}"
                missing = [Patch(facecolor=NOT_ANSWERED, edgecolor="#808080", label=label)]
                figure.legend(handles=missing, loc="outside lower center", fontsize=legend_font, frameon=False)
        # The margins depend on the labels around the grid only: lay the figure out once, then fix
        # it, so that saving does not draw every cell a second time just to lay the figure out.
        engine = figure.get_layout_engine()
        assert engine is not None
        engine.execute(figure)
        column = ax.get_window_extent(_renderer(figure)).width * 72 / figure.dpi / max(cols, 1)
        changed = _fit_headers(figure, ax, [column] * cols, font)
        if over is not None:
            over.tick_params(pad=_group_pad(ax, font))
            spans = [(g.last - g.first + 1) * column for g in grid.column_groups]
            changed = _fit_headers(figure, over, spans, font) or changed
        if changed:
            engine.execute(figure)  # the headers took more lines: the grid starts lower
        figure.set_layout_engine(None)
        _fit_rows(figure, ax, rows, font, cells + row_texts, group_texts, label_width)
        return figure


def _renderer(figure: Figure) -> Any:
    """A renderer that measures text as the PNG will draw it."""
    canvas = figure.canvas if isinstance(figure.canvas, FigureCanvasAgg) else FigureCanvasAgg(figure)
    return canvas.get_renderer()


def _width(figure: Figure, line: str, size: float) -> float:
    """The width of one line of text in points, as the picture draws it."""
    renderer = _renderer(figure)
    width, _, _ = renderer.get_text_width_height_descent(line, FontProperties(size=size), ismath=False)
    return width * 72 / figure.dpi


def _hyphenate(word: str, characters: int) -> str:
    """A word of more than `characters` in pieces that fit, each but the last ending in a hyphen."""
    if len(word) <= characters:
        return word
    step = max(characters - 1, 2)
    pieces = [word[i : i + step] for i in range(0, len(word), step)]
    return " ".join(piece + "-" for piece in pieces[:-1]) + " " + pieces[-1]


def _group_pad(ax: Any, font: float) -> float:
    """Points between the grid and the headers over runs of columns: the column headers fit in between."""
    lines = max((label.get_text().count("\n") + 1 for label in ax.get_xticklabels()), default=1)
    size = max((label.get_fontsize() for label in ax.get_xticklabels()), default=font)
    return 3.5 + lines * size * LINE_SPACING + 3


def _fit_headers(figure: Figure, axis: Any, widths: Sequence[float], font: float) -> bool:
    """Wrap the headers of `axis` that are wider than their columns (`widths`, points), smaller if a word still is.

    Ten programmes on A4 leave about twelve characters a column; headers that fit stay as they are.
    Returns whether any header changed (then the figure must be laid out again).
    """
    labels = [label.get_text() for label in axis.get_xticklabels()]
    if not labels:
        return False
    room = [w - 3 for w in widths]  # a few points between neighbouring headers

    def widest(label: str, size: float) -> float:
        return max(_width(figure, line, size) for line in label.split("\n"))

    if all(widest(label, font) <= width for label, width in zip(labels, room, strict=True)):
        return False

    def wrap(label: str, width: float, size: float, words: bool) -> str:
        lines: list[str] = []
        for line in label.split("\n"):
            measured = _width(figure, line, size)
            if measured <= width:
                lines.append(line)
                continue
            characters = max(int(len(line) * width / measured), 3)
            if words:  # a word too long for the column is broken after a hyphen
                line = " ".join(_hyphenate(word, characters) for word in line.split())
            lines += textwrap.wrap(line, characters, break_long_words=False, break_on_hyphens=False) or [line]
        if len(lines) > MAX_HEADER_LINES:
            lines = [*lines[: MAX_HEADER_LINES - 1], "…"]
        return "\n".join(lines)

    fitted = [wrap(label, width, font, False) for label, width in zip(labels, room, strict=True)]
    # a word wider than its column: smaller type for every header alike, by a quarter at most, then broken
    smallest = max(MIN_FONT, font * 0.75)
    needed = max(widest(label, font) / width for label, width in zip(fitted, room, strict=True))
    size = font if needed <= 1 else max(font / needed, smallest)
    if size == smallest and needed > font / smallest:
        fitted = [wrap(label, width, size, True) for label, width in zip(labels, room, strict=True)]
    axis.set_xticks(axis.get_xticks(), fitted, fontsize=size)
    return True


def _fit_rows(
    figure: Figure,
    ax: Any,
    rows: int,
    font: float,
    texts: Sequence[Text],
    groups: Sequence[tuple[Text, RowGroup]],
    label_width: int,
) -> None:
    """Make sure no text overprints the row above or below: smaller type, fewer lines, an ellipsis.

    The pages of a map are cut so that this seldom has to act (render/pages.py); it is the guarantee.
    """
    if not rows:
        return
    pitch = ax.get_position().height * figure.get_figheight() * 72 / rows  # points per row
    size = min(font, max(pitch / LINE_SPACING, MIN_FONT))
    for item in texts:
        lines = item.get_text().split("\n")
        fits = max(int(pitch / (size * LINE_SPACING)), 1)
        if size < font:
            item.set_fontsize(size)
        if len(lines) > fits:  # as wide as it was, fewer lines
            width = max(len(line) for line in lines)
            item.set_text("\n".join(textwrap.wrap(" ".join(lines), width, max_lines=fits, placeholder=" …")))
    for label, group in groups:
        span = (group.last - group.first + 1) * pitch
        fits = max(int(span / (size * LINE_SPACING)), 1)
        if size < font:
            label.set_fontsize(size)
        if label.get_text().count("\n") + 1 > fits:
            label.set_text("\n".join(textwrap.wrap(group.label, label_width, max_lines=fits, placeholder=" …")))


@dataclass(frozen=True)
class Legibility:
    """What a grid picture shows per row, in pixels of the PNG: its smallest text and the height of a row."""

    font: float
    row: float


def legibility(figure: Figure, dpi: float = DPI) -> Legibility | None:
    """The smallest text and the row height of a heatmap (None for a picture without a grid)."""
    axes = [ax for ax in figure.axes if ax.images]
    if not axes:
        return None
    ax = axes[0]
    bottom, top = ax.get_ylim()
    height = ax.get_position().height * figure.get_figheight() * dpi
    sizes = [float(t.get_fontsize()) for t in [*ax.texts, *ax.get_xticklabels()]]
    return Legibility(min(sizes, default=0.0) * dpi / 72, float(height / abs(bottom - top)))


def png_bytes(figure: Figure, dpi: float = DPI) -> bytes:
    """The picture as a PNG; a heatmap of levels in a palette of at most PNG_COLOURS colours.

    The colours that cover most of a heatmap (its level colours, white, the text) are kept exactly;
    only the edges of letters take the nearest of them: the same to the eye, about a quarter of the
    bytes, and quicker to write than matplotlib's full-colour PNG. A picture with a colour scale (a
    colour bar) keeps every colour, which a palette would show as bands.
    """
    from PIL import Image

    canvas = figure.canvas if isinstance(figure.canvas, FigureCanvasAgg) else FigureCanvasAgg(figure)
    original = figure.dpi
    figure.set_dpi(dpi)
    try:
        with matplotlib.rc_context(RC):
            canvas.draw()
        rgba = np.asarray(canvas.buffer_rgba())
    finally:
        figure.set_dpi(original)
    gradient = any(not isinstance(i.norm, BoundaryNorm) for ax in figure.axes for i in ax.images)
    image = Image.fromarray(rgba).convert("RGB") if gradient else _palette_image(rgba)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", dpi=(dpi, dpi))
    return buffer.getvalue()


def _palette_image(rgba: np.ndarray) -> Any:
    """An opaque RGBA picture as a palette image: its most frequent colours exactly, the rest the nearest."""
    from PIL import Image

    packed = np.ascontiguousarray(rgba).view(np.uint32)[:, :, 0]  # a pixel as one number (R, G, B, A bytes)
    values, counts = np.unique(packed[::3, ::3], return_counts=True)  # every third pixel finds the common ones
    palette = np.sort(values[np.argsort(-counts, kind="stable")[:PNG_COLOURS]])
    index = np.searchsorted(palette, packed).clip(0, len(palette) - 1)
    colours = palette.view(np.uint8).reshape(-1, 4)[:, :3].astype(np.int32)
    missing = palette[index] != packed
    if missing.any():  # the edges of letters and lines: a few thousand shades, each to its nearest colour
        odd, inverse = np.unique(packed[missing], return_inverse=True)
        shades = odd.view(np.uint8).reshape(-1, 4)[:, :3].astype(np.int32)
        nearest = ((shades[:, None, :] - colours[None, :, :]) ** 2).sum(axis=2).argmin(axis=1)
        index[missing] = nearest[inverse.ravel()]
    image = Image.fromarray(index.astype(np.uint8), mode="P")
    image.putpalette(colours.astype(np.uint8).ravel().tolist())
    return image


@dataclass(frozen=True)
class RenderedPicture:
    """A picture written to disk, with its inline SVG for the HTML report."""

    name: str
    title: str
    marked: tuple[str, ...]
    svg: str  # inline SVG, or "" when the report embeds the PNG instead
    paths: tuple[Path, ...]
    png: bytes = b""
    legibility: Legibility | None = None  # of a heatmap: its smallest text and row height in pixels


@matplotlib.rc_context(RC)  # measuring may add tick labels: they too are plain text
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
        png = png_path.read_bytes() if png_path is not None else png_bytes(picture.figure)
    measured = legibility(picture.figure)
    picture.figure.clear()
    return RenderedPicture(picture.name, picture.title, picture.marked, svg, paths, png, measured)


def save_picture(picture: Picture, out_dir: Path, fmt: str) -> Path:
    """Write a picture as PNG, SVG or PDF, atomically; the files carry no timestamp."""
    target = out_dir / f"{picture.name}.{fmt}"
    if fmt == "png":
        with atomic_path(target) as temporary:
            temporary.write_bytes(png_bytes(picture.figure))
        return target
    metadata = {"Date": None} if fmt in ("svg",) else {"CreationDate": None} if fmt == "pdf" else {}
    with matplotlib.rc_context(RC), atomic_path(target) as temporary:
        picture.figure.savefig(temporary, format=fmt, dpi=DPI, metadata=metadata)
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
