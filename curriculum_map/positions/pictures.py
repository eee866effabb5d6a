"""The positions pictures: the consensus map per cluster (competences by answer, with consensus and proposal
marked) and the position profiles (clusters by position: how many competences each position is expected to have).

Each is drawn at the width report.html gives it at 1024 pixels, with no text under FONT points, so that the page
shows it at its own size: no figure text smaller than 13 CSS pixels on a projector (1 point = 4/3 pixel).
"""

from __future__ import annotations

import textwrap

import matplotlib
import numpy as np
from matplotlib.patches import Patch, Rectangle

from curriculum_map.core.numbers import format_number
from curriculum_map.core.report_files import PICTURE_POSITION_PROFILES
from curriculum_map.positions.aggregate import GroupResult, PositionsAggregation
from curriculum_map.positions.labels import data_note, has_majority
from curriculum_map.positions.maps import ClusterMap, cluster_maps
from curriculum_map.render.pages import Page, pages
from curriculum_map.render.pictures import RC, Grid, Painter, Picture, RowGroup

PROFILE_ROWS = 16  # clusters on one profile picture; a larger framework gives one per focus
FONT = 10.0  # points: every text of a picture, the title larger
WIDTH = 9.6  # inches (921 CSS pixels): report.html's column at 1024 pixels holds it without shrinking it
LABEL_CHARACTERS = 46  # a row label wraps to two lines of this many characters, then ends in an ellipsis
HEADER_CHARACTERS = 12  # a column header wraps to lines this long, a longer word broken with a hyphen
ROW = 0.36  # inches a row: two lines of FONT and some air
FURNITURE = 2.0  # inches for the title, subtitle, column headers and a legend of two lines
SUBTITLE_CHARACTERS = 64  # the subtitle starts over the grid: wrapped, it stays inside the picture
# the share of respondents who chose an answer, in four steps: nobody, up to a third, up to two thirds, more
SHARE_BINS = (0.0, 1 / 3, 2 / 3)
SHARE_COLOURS = ("#ffffff", "#c7e9b4", "#41b6c4", "#225ea8")
PROPOSAL_MARK = "◆"
CONSENSUS_EDGE = "#000000"
NO_MAJORITY_STYLE = (0, (2, 1.5))  # a dotted frame: the middle position, which fewer than half chose


class SharePainter(Painter):
    """Draws shares (0 to 100%) instead of levels."""

    @property
    def scale_min(self) -> float:
        return 0.0

    @property
    def scale_max(self) -> float:
        return 1.0

    def colorbar_ticks(self) -> list[tuple[float, str]]:
        return [(0.0, "0%"), (0.5, "50%"), (1.0, "100%")]

    def subtitle(self) -> str:
        return "\n".join(textwrap.wrap(super().subtitle(), SUBTITLE_CHARACTERS))


def draw_pictures(aggregation: PositionsAggregation, lang: str) -> list[Picture]:
    """The consensus maps (one per cluster, a large cluster in parts) and the profiles of the first group
    (all respondents, or the one organisation)."""
    group, fw = aggregation.overall, aggregation.framework
    consensus = [consensus_picture(aggregation, group, lang, page) for page in cluster_maps(fw)]
    profiles = [profile_picture(aggregation, group, lang, page) for page in pages(fw, "clusters", PROFILE_ROWS)]
    return [*consensus, *profiles]


def _header(label: str) -> str:
    """A column header in lines that fit its column at FONT, so that it is never set smaller to fit."""
    pieces = []
    for word in label.split():
        while len(word) > HEADER_CHARACTERS:  # a word too long for the column: broken after a hyphen
            pieces.append(word[: HEADER_CHARACTERS - 1] + "-")
            word = word[HEADER_CHARACTERS - 1 :]
        pieces.append(word)
    return textwrap.fill(" ".join(pieces), HEADER_CHARACTERS, break_long_words=False, break_on_hyphens=False)


def _columns(aggregation: PositionsAggregation, lang: str) -> list[str]:
    return [_header(aggregation.scale.short(c, lang)) for c in aggregation.scale.choices]


def _share_bin(share: float) -> int:
    return 0 if share <= 0 else 1 + sum(round(share, 9) > bound for bound in SHARE_BINS[1:])


def _label(text: str) -> str:
    """A row label on at most two lines."""
    return "\n".join(textwrap.wrap(text.replace("\n", " "), LABEL_CHARACTERS, max_lines=2, placeholder=" …"))


def _size(rows: int) -> tuple[float, float]:
    return (WIDTH, rows * ROW + FURNITURE)


def consensus_picture(aggregation: PositionsAggregation, group: GroupResult, lang: str, page: ClusterMap) -> Picture:
    """A cluster's competences (or a part's) x answers: how many chose each, the consensus framed (dotted when
    fewer than half chose it), the proposal marked."""
    fw, scale = aggregation.framework, aggregation.scale
    competences = page.competences
    painter = SharePainter(fw, lang, f"{group.label} · {data_note(aggregation, lang)}")
    values = np.full((len(competences), len(scale.choices)), np.nan)
    texts = [[""] * len(scale.choices) for _ in competences]
    frames: list[tuple[int, int, bool]] = []
    for i, competence in enumerate(competences):
        result = group.competences[competence.id]
        for j, choice in enumerate(scale.choices):
            count = result.counts[choice]
            mark = PROPOSAL_MARK if result.proposal == choice else ""
            texts[i][j] = " ".join(part for part in (str(count) if count else "", mark) if part)
            if result.answered:
                values[i, j] = _share_bin(count / result.answered)
            if result.consensus == choice:
                frames.append((i, j, has_majority(result)))
    labels = [_label(f"{c.id} {c.text.get(lang)}") for c in competences]
    # a line between components; their kind is in the competence ids and, for a part, in the title
    position = {c.id: i for i, c in enumerate(competences)}
    groups = [
        RowGroup("", position[k.competences[0].id], position[k.competences[-1].id])
        for k in page.components
        if k.competences and k.competences[0].id in position and k.competences[-1].id in position
    ]
    handles = [
        Patch(facecolor=colour, edgecolor="#808080", label=painter.t(f"positions.picture.share.{n}"))
        for n, colour in enumerate(SHARE_COLOURS)
    ]
    handles.append(Patch(facecolor="#d9d9d9", edgecolor="#808080", label=painter.t("positions.picture.unanswered")))
    handles.append(
        Patch(facecolor="white", edgecolor=CONSENSUS_EDGE, linewidth=2, label=painter.t("positions.picture.consensus"))
    )
    handles.append(
        Patch(
            facecolor="white",
            edgecolor=CONSENSUS_EDGE,
            linewidth=1.6,
            linestyle=NO_MAJORITY_STYLE,
            label=painter.t("positions.picture.no_majority"),
        )
    )
    if aggregation.proposal is not None:
        label = painter.t("positions.picture.proposal", mark=PROPOSAL_MARK)
        handles.append(Patch(facecolor="white", edgecolor="white", label=label))
    title = page.title(lang)
    grid = Grid(values, texts, labels, _columns(aggregation, lang), groups)
    with matplotlib.rc_context(RC):
        figure = painter.draw(
            grid,
            title,
            _size(len(competences)),
            handles=handles,
            categories=SHARE_COLOURS,
            font=FONT,
            furniture_font=FONT,
            legend_columns=4,
        )
        axes = figure.axes[0]
        for i, j, majority in frames:
            axes.add_patch(
                Rectangle(
                    (j - 0.46, i - 0.42),
                    0.92,
                    0.84,
                    fill=False,
                    edgecolor=CONSENSUS_EDGE,
                    linewidth=1.6,
                    linestyle="solid" if majority else NO_MAJORITY_STYLE,
                    zorder=4,
                )
            )
    return Picture(page.name, title, figure)


def profile_picture(
    aggregation: PositionsAggregation, group: GroupResult, lang: str, page: Page | None = None
) -> Picture:
    """Clusters (all, or a page's) x positions: the part of each cluster's competences expected of the position."""
    fw, scale = aggregation.framework, aggregation.scale
    page = page or Page(None, fw.clusters, 0, 1)
    clusters = page.clusters
    painter = SharePainter(fw, lang, f"{group.label} · {data_note(aggregation, lang)}")
    values = np.full((len(clusters), len(fw.positions)), np.nan)
    texts = [[""] * len(fw.positions) for _ in clusters]
    for i, cluster in enumerate(clusters):
        ids = [x.id for k in cluster.components for x in k.competences]
        answered = [x for x in ids if group.competences[x].consensus is not None]
        for j, position in enumerate(fw.positions):
            if answered:
                expected = len(group.profile(scale, position.id, ids))
                values[i, j] = expected / len(ids)
                texts[i][j] = f"{format_number(expected, lang)}/{format_number(len(ids), lang)}"
    labels = [_label(f"{c.id}. {c.name.get(lang)}") for c in clusters]
    columns = [_header(p.name.get(lang)) for p in fw.positions]
    title = page.title(painter.t("positions.picture.profiles.title"), lang)
    grid = Grid(values, texts, labels, columns)
    with matplotlib.rc_context(RC):
        figure = painter.draw(
            grid, title, _size(len(clusters)), continuous=True, legend=False, font=FONT, furniture_font=FONT
        )
    return Picture(PICTURE_POSITION_PROFILES + page.suffix, title, figure)
