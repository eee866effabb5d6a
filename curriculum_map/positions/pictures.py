"""The positions pictures: the consensus map (competences by answer, with consensus and proposal marked)
and the position profiles (clusters by position: how many competences each position is expected to have)."""

from __future__ import annotations

import textwrap

import matplotlib
import numpy as np
from matplotlib.patches import Patch, Rectangle

from curriculum_map.core.numbers import format_number
from curriculum_map.core.report_files import PICTURE_POSITION_CONSENSUS, PICTURE_POSITION_PROFILES
from curriculum_map.framework.model import Framework
from curriculum_map.positions.aggregate import GroupResult, PositionsAggregation
from curriculum_map.positions.labels import data_note
from curriculum_map.render.pages import Page, pages
from curriculum_map.render.pictures import A3_PORTRAIT, RC, Grid, Painter, Picture, competence_rows

# The rows one picture holds: competences on A3 portrait at 6.2 points (the built-in framework's 120 on
# one page), clusters with names of two lines; a larger framework gives a picture per focus (and part).
CONSENSUS_ROWS = 120
PROFILE_ROWS = 16
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
    """The consensus map and the profiles of the first group (all respondents, or the one organisation).

    A large framework gives each in pages (per focus, a focus too large in parts), so that labels read.
    """
    group, fw = aggregation.overall, aggregation.framework
    consensus = [consensus_picture(aggregation, group, lang, page) for page in competence_pages(fw)]
    profiles = [profile_picture(aggregation, group, lang, page) for page in pages(fw, "clusters", PROFILE_ROWS)]
    return [*consensus, *profiles]


def competence_pages(framework: Framework) -> list[Page]:
    """The competences of a map on A3 portrait: one page, or one per focus (and part) above CONSENSUS_ROWS."""
    return pages(framework, "competences", CONSENSUS_ROWS)


def _columns(aggregation: PositionsAggregation, lang: str) -> list[str]:
    return [
        textwrap.fill(aggregation.scale.short(c, lang), 14, break_long_words=False) for c in aggregation.scale.choices
    ]


def _share_bin(share: float) -> int:
    return 0 if share <= 0 else 1 + sum(round(share, 9) > bound for bound in SHARE_BINS[1:])


def consensus_picture(
    aggregation: PositionsAggregation, group: GroupResult, lang: str, page: Page | None = None
) -> Picture:
    """Competences (all, or a page's) x answers: how many chose each, the consensus framed, the proposal marked."""
    fw, scale = aggregation.framework, aggregation.scale
    page = page or Page(None, fw.competences, 0, 1)
    competences = page.competences
    painter = SharePainter(fw, lang, f"{group.label} · {data_note(aggregation, lang)}")
    values = np.full((len(competences), len(scale.choices)), np.nan)
    texts = [[""] * len(scale.choices) for _ in competences]
    consensus: list[tuple[int, int]] = []
    for i, competence in enumerate(competences):
        result = group.competences[competence.id]
        for j, choice in enumerate(scale.choices):
            count = result.counts[choice]
            mark = PROPOSAL_MARK if result.proposal == choice else ""
            texts[i][j] = " ".join(part for part in (str(count) if count else "", mark) if part)
            if result.answered:
                values[i, j] = _share_bin(count / result.answered)
            if result.consensus == choice:
                consensus.append((i, j))
    labels, groups = competence_rows(fw, lang, competences)
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
    title = page.title(painter.t("positions.picture.consensus.title"), lang)
    grid = Grid(values, texts, labels, _columns(aggregation, lang), groups)
    # A3 portrait holds CONSENSUS_ROWS rows; a page of fewer is as tall as its rows need
    height = min(A3_PORTRAIT[1], max(len(competences) * 0.12 + 2.2, 5.0))
    with matplotlib.rc_context(RC):
        figure = painter.draw(
            grid, title, (A3_PORTRAIT[0], height), handles=handles, categories=SHARE_COLOURS, font=6.2, label_width=22
        )
        axes = figure.axes[0]
        for i, j in consensus:
            axes.add_patch(
                Rectangle(
                    (j - 0.46, i - 0.42), 0.92, 0.84, fill=False, edgecolor=CONSENSUS_EDGE, linewidth=1.6, zorder=4
                )
            )
    return Picture(PICTURE_POSITION_CONSENSUS + page.suffix, title, figure)


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
    labels = ["\n".join(textwrap.wrap(f"{c.id}. {c.name.get(lang)}", 44)) for c in clusters]
    columns = [textwrap.fill(p.name.get(lang), 14, break_long_words=False) for p in fw.positions]
    title = page.title(painter.t("positions.picture.profiles.title"), lang)
    grid = Grid(values, texts, labels, columns)
    with matplotlib.rc_context(RC):
        figure = painter.draw(grid, title, (11.69, 6.5), continuous=True, legend=False, font=9, label_width=34)
    return Picture(PICTURE_POSITION_PROFILES + page.suffix, title, figure)
