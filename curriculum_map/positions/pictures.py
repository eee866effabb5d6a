"""The positions pictures: shares of respondents per competence and position, and the gap picture."""

from __future__ import annotations

import matplotlib

from curriculum_map.framework.model import Framework
from curriculum_map.render.pictures import RC, Grid, Painter, Picture


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
