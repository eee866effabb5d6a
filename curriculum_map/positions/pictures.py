"""The positions pictures: the consensus map (competences by answer, with consensus and proposal marked)
and the position profiles (clusters by position: how many competences each position is expected to have)."""

from __future__ import annotations

import textwrap

import matplotlib
import numpy as np
from matplotlib.patches import Patch, Rectangle

from curriculum_map.core.numbers import format_number
from curriculum_map.core.report_files import PICTURE_POSITION_CONSENSUS, PICTURE_POSITION_PROFILES
from curriculum_map.positions.aggregate import GroupResult, PositionsAggregation
from curriculum_map.positions.labels import data_note
from curriculum_map.render.pictures import A3_PORTRAIT, RC, Grid, Painter, Picture, competence_rows

# the share of respondents who chose an answer, in four steps: nobody, up to a third, up to two thirds, more
SHARE_BINS = (0.0, 1 / 3, 2 / 3)
SHARE_COLOURS = ("#ffffff", "#c7e9b4", "#41b6c4", "#225ea8")
PROPOSAL_MARK = "◆"
CONSENSUS_EDGE = "#000000"


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


def draw_pictures(aggregation: PositionsAggregation, lang: str) -> list[Picture]:
    """The consensus map and the profiles of the first group (all respondents, or the one organisation)."""
    group = aggregation.overall
    return [consensus_picture(aggregation, group, lang), profile_picture(aggregation, group, lang)]


def _columns(aggregation: PositionsAggregation, lang: str) -> list[str]:
    return [textwrap.fill(aggregation.scale.short(c, lang), 14) for c in aggregation.scale.choices]


def _share_bin(share: float) -> int:
    return 0 if share <= 0 else 1 + sum(round(share, 9) > bound for bound in SHARE_BINS[1:])


def consensus_picture(aggregation: PositionsAggregation, group: GroupResult, lang: str) -> Picture:
    """Competences x answers: how many chose each answer, the consensus framed, the proposal marked."""
    fw, scale = aggregation.framework, aggregation.scale
    painter = SharePainter(fw, lang, f"{group.label} · {data_note(aggregation, lang)}")
    values = np.full((len(fw.competences), len(scale.choices)), np.nan)
    texts = [[""] * len(scale.choices) for _ in fw.competences]
    consensus: list[tuple[int, int]] = []
    for i, competence in enumerate(fw.competences):
        result = group.competences[competence.id]
        for j, choice in enumerate(scale.choices):
            count = result.counts[choice]
            mark = PROPOSAL_MARK if result.proposal == choice else ""
            texts[i][j] = " ".join(part for part in (str(count) if count else "", mark) if part)
            if result.answered:
                values[i, j] = _share_bin(count / result.answered)
            if result.consensus == choice:
                consensus.append((i, j))
    labels, groups = competence_rows(fw, lang)
    handles = [
        Patch(facecolor=colour, edgecolor="#808080", label=painter.t(f"positions.picture.share.{n}"))
        for n, colour in enumerate(SHARE_COLOURS)
    ]
    handles.append(Patch(facecolor="#d9d9d9", edgecolor="#808080", label=painter.t("positions.picture.unanswered")))
    handles.append(
        Patch(facecolor="white", edgecolor=CONSENSUS_EDGE, linewidth=2, label=painter.t("positions.picture.consensus"))
    )
    if aggregation.proposal is not None:
        label = painter.t("positions.picture.proposal", mark=PROPOSAL_MARK)
        handles.append(Patch(facecolor="white", edgecolor="white", label=label))
    title = painter.t("positions.picture.consensus.title")
    grid = Grid(values, texts, labels, _columns(aggregation, lang), groups)
    with matplotlib.rc_context(RC):
        figure = painter.draw(
            grid, title, A3_PORTRAIT, handles=handles, categories=SHARE_COLOURS, font=6.2, label_width=22
        )
        axes = figure.axes[0]
        for i, j in consensus:
            axes.add_patch(
                Rectangle(
                    (j - 0.46, i - 0.42), 0.92, 0.84, fill=False, edgecolor=CONSENSUS_EDGE, linewidth=1.6, zorder=4
                )
            )
    return Picture(PICTURE_POSITION_CONSENSUS, title, figure)


def profile_picture(aggregation: PositionsAggregation, group: GroupResult, lang: str) -> Picture:
    """Clusters x positions: the part of each cluster's competences expected of the position (cumulative)."""
    fw, scale = aggregation.framework, aggregation.scale
    painter = SharePainter(fw, lang, f"{group.label} · {data_note(aggregation, lang)}")
    values = np.full((len(fw.clusters), len(fw.positions)), np.nan)
    texts = [[""] * len(fw.positions) for _ in fw.clusters]
    for i, cluster in enumerate(fw.clusters):
        ids = [x.id for k in cluster.components for x in k.competences]
        answered = [x for x in ids if group.competences[x].consensus is not None]
        for j, position in enumerate(fw.positions):
            if answered:
                expected = len(group.profile(scale, position.id, ids))
                values[i, j] = expected / len(ids)
                texts[i][j] = f"{format_number(expected, lang)}/{format_number(len(ids), lang)}"
    labels = ["\n".join(textwrap.wrap(f"{c.id}. {c.name.get(lang)}", 44)) for c in fw.clusters]
    columns = [textwrap.fill(p.name.get(lang), 14) for p in fw.positions]
    title = painter.t("positions.picture.profiles.title")
    grid = Grid(values, texts, labels, columns)
    with matplotlib.rc_context(RC):
        figure = painter.draw(grid, title, (11.69, 6.5), continuous=True, legend=False, font=9, label_width=34)
    return Picture(PICTURE_POSITION_PROFILES, title, figure)
