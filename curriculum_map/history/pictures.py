"""Small multiples of growth over the rounds: one panel per programme and cluster, or per component.

A panel shows the current level as a solid line and the ambition as a dashed one, one point per
round, each point with its value written beside it, so that the picture reads in black and white
and without colour vision (the two lines differ in dash and marker as well as colour).
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import matplotlib
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from curriculum_map.core.filenames import safe_stem
from curriculum_map.core.report_files import PICTURE_TREND, PICTURE_TREND_PREFIX
from curriculum_map.core.texts import text
from curriculum_map.framework.model import Programme
from curriculum_map.history.trend import Trend
from curriculum_map.render.pictures import A4_LANDSCAPE, A4_PORTRAIT, RC, Picture

matplotlib.use("Agg")  # no display: pictures are files

LEVEL_COLOUR = "#225ea8"  # YlGnBu's dark blue, as the highest level of the heatmaps
AMBITION_COLOUR = "#e66101"  # PuOr's orange: apart from blue for every kind of colour vision
PANEL = (1.2, 1.1)  # inches per small panel of the overview


def _number(value: float, lang: str, decimals: int) -> str:
    return f"{value:.{decimals}f}".replace(".", "," if lang == "nl" else ".")


def _panel(ax, trend: Trend, series: Sequence[Sequence[float | None]], lang: str, decimals: int) -> None:
    """One panel: the ambition (dashed, square markers) under the level (solid, round markers, values written).

    A value is written below its point when the ambition lies on or above it, so that it never sits
    on the ambition's line.
    """
    bottom, top = trend.framework.scale.bottom, trend.framework.scale.top
    rounds = len(trend.rounds)
    level, ambition = series
    styles = ((ambition, AMBITION_COLOUR, (0, (3, 2)), "s", 2.6, 2), (level, LEVEL_COLOUR, "-", "o", 3.2, 3))
    for values, colour, dash, marker, size, order in styles:
        xs = [i for i, v in enumerate(values) if v is not None]
        ys = [v for v in values if v is not None]
        if xs:
            ax.plot(
                xs,
                ys,
                color=colour,
                linestyle=dash,
                marker=marker,
                markersize=size,
                linewidth=1.2,
                clip_on=False,
                zorder=order,
            )
    for x, y in enumerate(level):
        if y is None:
            continue
        wanted = ambition[x]
        below = wanted is not None and wanted >= y and y > bottom + 0.4
        ax.annotate(
            _number(y, lang, decimals),
            (x, y),
            xytext=(0, -5 if below else 4),
            textcoords="offset points",
            ha="center",
            va="top" if below else "bottom",
            fontsize=6,
            color="#1b1b1b",
            zorder=4,
        )
    ax.set_ylim(bottom - 0.25, top + 0.6)
    ax.set_xlim(-0.35, max(rounds - 1, 1) + 0.35)
    ax.set_yticks([lv.score for lv in trend.framework.levels])
    ax.set_xticks(range(rounds))
    ax.grid(axis="y", color="#d9d9d9", linewidth=0.6)
    ax.tick_params(labelsize=6, length=2, pad=1)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def _round_labels(ax, trend: Trend) -> None:
    labels = [r.label for r in trend.rounds]
    rotate = 35 if max(len(label) for label in labels) > 5 else 0
    ax.set_xticklabels(labels, rotation=rotate, ha="right" if rotate else "center", fontsize=6)


def _legend(figure: Figure, trend: Trend, lang: str, y: float) -> None:
    handles = [
        Line2D([], [], color=LEVEL_COLOUR, marker="o", markersize=4, label=text("trend.legend.level", lang)),
        Line2D(
            [],
            [],
            color=AMBITION_COLOUR,
            linestyle=(0, (3, 2)),
            marker="s",
            markersize=3,
            label=text("trend.legend.ambition", lang),
        ),
    ]
    scale = "   ".join(f"{lv.score} = {lv.label.get(lang)}" for lv in trend.framework.levels)
    height = figure.get_figheight()
    figure.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, y), ncol=2, fontsize=8, frameon=False)
    figure.text(0.5, y - 0.3 / height, scale, ha="center", va="top", fontsize=7, color="#595959")


def draw_overview(trend: Trend, lang: str) -> Picture:
    """Every programme (rows) x every cluster (columns): the mean level and ambition of its components per round."""
    programmes = trend.programmes
    clusters = trend.framework.clusters
    # panels of about 1.2 x 1.1 inches: A4 landscape for the built-in framework, smaller for a small one
    width = min(A4_LANDSCAPE[0], max(7.0, 1.4 + PANEL[0] * len(clusters)))
    height = 2.2 + PANEL[1] * len(programmes)
    title = text("trend.overview", lang)
    with matplotlib.rc_context(RC):
        figure = Figure(figsize=(width, height))
        grid = figure.add_gridspec(
            len(programmes),
            len(clusters),
            left=1.25 / width,
            right=0.99,
            bottom=0.75 / height,
            top=1 - 1.4 / height,
            wspace=0.18,
            hspace=0.25,
        )
        for row, programme in enumerate(programmes):
            for column, cluster in enumerate(clusters):
                ax = figure.add_subplot(grid[row, column])
                series = [trend.series(programme.id, "cluster", cluster.id, f) for f in ("level", "ambition")]
                _panel(ax, trend, series, lang, decimals=1)
                if row == 0:
                    name = textwrap.shorten(f"{cluster.id}. {cluster.name.get(lang)}", 48, placeholder=" …")
                    ax.set_title(textwrap.fill(name, 20), fontsize=6.5, loc="left", pad=3)
                if column == 0:
                    ax.set_ylabel(
                        textwrap.fill(programme.short.get(lang), 14),
                        fontsize=7.5,
                        rotation=0,
                        ha="right",
                        va="center",
                        labelpad=10,
                    )
                else:
                    ax.set_yticklabels([])
                if row == len(programmes) - 1:
                    _round_labels(ax, trend)
                else:
                    ax.set_xticklabels([])
        figure.suptitle(title, x=0.01, y=1 - 0.2 / height, ha="left", fontsize=12, fontweight="bold")
        _legend(figure, trend, lang, 1 - 0.5 / height)
    return Picture(PICTURE_TREND, title, figure)


def programme_picture_name(programme: Programme) -> str:
    """The file stem of a programme's trend picture: trend-<programme id>."""
    return PICTURE_TREND_PREFIX + safe_stem(programme.id)


def draw_programme(trend: Trend, programme: Programme, lang: str) -> Picture:
    """One programme: every cluster (rows) x every component kind (columns), level and ambition per round."""
    clusters = trend.framework.clusters
    kinds = trend.framework.component_kinds
    width = min(A4_PORTRAIT[0], 2.6 + 1.9 * len(kinds))
    height = 2.0 + 1.05 * len(clusters)  # A4 portrait for nine clusters
    title = text("trend.programme", lang, programme=programme.name.get(lang))
    with matplotlib.rc_context(RC):
        figure = Figure(figsize=(width, height))
        grid = figure.add_gridspec(
            len(clusters),
            len(kinds),
            left=2.25 / width,
            right=0.98,
            bottom=0.7 / height,
            top=1 - 1.25 / height,
            wspace=0.12,
            hspace=0.3,
        )
        for row, cluster in enumerate(clusters):
            for column, component in enumerate(cluster.components):
                ax = figure.add_subplot(grid[row, column])
                series = [trend.series(programme.id, "component", component.id, f) for f in ("level", "ambition")]
                _panel(ax, trend, series, lang, decimals=0)
                ax.set_title(f"{component.id} {component.kind.label.get(lang)}", fontsize=6.5, loc="left", pad=2)
                if column == 0:
                    name = textwrap.shorten(f"{cluster.id}. {cluster.name.get(lang)}", 70, placeholder=" …")
                    ax.set_ylabel(textwrap.fill(name, 30), fontsize=7, rotation=0, ha="right", va="center", labelpad=10)
                else:
                    ax.set_yticklabels([])
                if row == len(clusters) - 1:
                    _round_labels(ax, trend)
                else:
                    ax.set_xticklabels([])
        figure.suptitle(title, x=0.01, y=1 - 0.2 / height, ha="left", fontsize=12, fontweight="bold")
        _legend(figure, trend, lang, 1 - 0.5 / height)
    return Picture(programme_picture_name(programme), title, figure)
