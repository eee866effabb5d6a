"""The positions pictures: shares of respondents per cluster or competence and position."""

from __future__ import annotations

import textwrap

import matplotlib
import numpy as np

from curriculum_map.core.report_files import PICTURE_POSITION_CLUSTERS, PICTURE_POSITION_COMPETENCES
from curriculum_map.framework.model import Framework
from curriculum_map.positions.aggregate import PositionsAggregation
from curriculum_map.positions.labels import data_note, share_text
from curriculum_map.render.pictures import A3_PORTRAIT, RC, Grid, Painter, Picture, competence_rows


class SharePainter(Painter):
    """Draws shares (0 to 100%) instead of levels, for the positions survey."""

    def __init__(self, framework: Framework, lang: str, subtitle: str):
        super().__init__(framework, lang, subtitle)

    @property
    def scale_max(self) -> float:
        return 1.0

    def colorbar_ticks(self) -> list[tuple[float, str]]:
        return [(0.0, "0%"), (0.5, "50%"), (1.0, "100%")]

    def share_picture(
        self, name: str, title: str, grid: Grid, size: tuple[float, float], font: float, label_width: int = 34
    ) -> Picture:
        with matplotlib.rc_context(RC):
            figure = self.draw(grid, title, size, continuous=True, legend=False, font=font, label_width=label_width)
        return Picture(name, title, figure)


def draw_pictures(aggregation: PositionsAggregation, lang: str) -> list[Picture]:
    """The two heatmaps of a positions aggregate: mean shares per cluster, and shares per competence."""
    fw = aggregation.framework
    painter = SharePainter(fw, lang, data_note(aggregation, lang))
    columns = [p.name.get(lang).replace(" met ", "\nmet ") for p in fw.positions]
    clusters = painter.share_picture(
        PICTURE_POSITION_CLUSTERS,
        painter.t("positions.heatmap.clusters"),
        _cluster_grid(aggregation, lang, columns),
        (11.69, 6.5),
        9,
    )
    competences = painter.share_picture(
        PICTURE_POSITION_COMPETENCES,
        painter.t("positions.heatmap.competences"),
        _competence_grid(aggregation, lang, columns),
        A3_PORTRAIT,
        6.2,
        22,
    )
    return [clusters, competences]


def _share_texts(values: np.ndarray) -> list[list[str]]:
    return [[share_text(None if np.isnan(v) else v) for v in row] for row in values]


def _cluster_grid(aggregation: PositionsAggregation, lang: str, columns: list[str]) -> Grid:
    """Per cluster and position: the mean share over the cluster's competences that anyone answered."""
    fw = aggregation.framework
    values = np.full((len(fw.clusters), len(fw.positions)), np.nan)
    for i, cluster in enumerate(fw.clusters):
        ids = [x.id for k in cluster.components for x in k.competences]
        for j, position in enumerate(fw.positions):
            shares = [s for s in (aggregation.cell(item, position.id).share for item in ids) if s is not None]
            if shares:
                values[i, j] = float(np.mean(shares))
    labels = ["\n".join(textwrap.wrap(f"{c.id}. {c.name.get(lang)}", 44)) for c in fw.clusters]
    return Grid(values, _share_texts(values), labels, columns)


def _competence_grid(aggregation: PositionsAggregation, lang: str, columns: list[str]) -> Grid:
    """Per competence and position: the share of respondents expecting it, grouped by cluster."""
    fw = aggregation.framework
    values = np.full((len(fw.competences), len(fw.positions)), np.nan)
    for i, competence in enumerate(fw.competences):
        for j, position in enumerate(fw.positions):
            share = aggregation.cell(competence.id, position.id).share
            if share is not None:
                values[i, j] = share
    labels, groups = competence_rows(fw, lang)
    return Grid(values, _share_texts(values), labels, columns, groups)
