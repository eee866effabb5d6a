"""Which consensus maps the positions report shows, without drawing them: one per cluster, a large cluster
in parts between its components, so that every map reads from the back of the room.

No matplotlib here: report.html puts each map's table under it, also when no pictures are drawn.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from curriculum_map.core.filenames import safe_stem
from curriculum_map.core.report_files import PICTURE_POSITION_CONSENSUS
from curriculum_map.core.texts import text
from curriculum_map.framework.model import Cluster, Competence, Component, Framework

# Competences on one map: with labels of two lines at 10 points, a map of this many rows and its legend fit
# a 1024x768 screen at full size. The built-in framework's largest cluster (32) is three maps, one per component.
CLUSTER_ROWS = 14


@dataclass(frozen=True)
class ClusterMap:
    """The competences of one consensus map: a whole cluster, or the components of it that fit together."""

    cluster: Cluster
    components: tuple[Component, ...]
    competences: tuple[Competence, ...]
    part: int  # 1-based; 0 when the whole cluster is one map
    parts: int
    numbered: bool = False  # a component is cut over maps: their titles say which part they are

    @property
    def name(self) -> str:
        """The picture's file stem: 'posities-consensus-cluster-5', or '...-cluster-5-2' for its second part."""
        stem = f"{PICTURE_POSITION_CONSENSUS}-cluster-{safe_stem(self.cluster.id, 'x')}"
        return stem + (f"-{self.part}" if self.part else "")

    @property
    def anchor(self) -> str:
        """The id of the map's place in report.html."""
        return self.name.removeprefix(f"{PICTURE_POSITION_CONSENSUS}-")

    def title(self, lang: str) -> str:
        """'Cluster 5. Name', with the components of a part: 'Cluster 5. Name – kennis', and its number when a
        component is cut over several maps: 'Cluster 5. Name – kennis (deel 1 van 3)'."""
        values = {"id": self.cluster.id, "name": self.cluster.name.get(lang)}
        if not self.part:
            return text("positions.picture.cluster", lang, **values)
        kinds = ", ".join(dict.fromkeys(component.kind.label.get(lang) for component in self.components))
        title = text("positions.picture.cluster.part", lang, **values, components=kinds)
        return text("heatmap.part", lang, title=title, part=self.part, parts=self.parts) if self.numbered else title


def _even_parts(competences: list[Competence], limit: int) -> list[list[Competence]]:
    """A component in even parts of at most `limit` (30 rows at 14 are 3 x 10, not 14 + 14 + 2)."""
    parts = math.ceil(len(competences) / limit)
    size = math.ceil(len(competences) / parts)
    return [competences[i : i + size] for i in range(0, len(competences), size)]


def _balanced(sizes: list[int], limit: int) -> list[int]:
    """Where to cut runs of `sizes` into the fewest groups of at most `limit`, the largest group as small as
    it can be: [4, 10, 3] at 14 is [4] + [10, 3], not [4, 10] + [3]. Returns the first index of each group."""
    count = len(sizes)
    # best[i]: (groups, largest group, cuts) for the first i sizes
    best: list[tuple[int, int, list[int]] | None] = [(0, 0, [])] + [None] * count
    for end in range(1, count + 1):
        for begin in range(end):
            previous = best[begin]
            total = sum(sizes[begin:end])
            if previous is None or total > limit:
                continue
            candidate = (previous[0] + 1, max(previous[1], total), [*previous[2], begin])
            current = best[end]
            if current is None or candidate[:2] < current[:2]:
                best[end] = candidate
    found = best[count]
    assert found is not None  # every size is at most `limit`
    return found[2]


def cluster_maps(framework: Framework, limit: int = CLUSTER_ROWS) -> list[ClusterMap]:
    """The consensus maps of a framework: per cluster one, or its components in the fewest maps of at most
    `limit` rows, as even as the components allow."""
    maps = []
    for cluster in framework.clusters:
        pieces = [
            (component, piece)
            for component in cluster.components
            for piece in (_even_parts(list(component.competences), limit) if component.competences else [])
        ]
        cuts = _balanced([len(piece) for _, piece in pieces], limit)
        groups = [pieces[begin:end] for begin, end in zip(cuts, [*cuts[1:], len(pieces)], strict=True)]
        cut = len(pieces) > len([c for c in cluster.components if c.competences])
        for number, group in enumerate(groups, 1):
            ids = {component.id for component, _ in group}
            components = tuple(c for c in cluster.components if c.id in ids)
            competences = tuple(competence for _, piece in group for competence in piece)
            part = number if len(groups) > 1 else 0
            maps.append(ClusterMap(cluster, components, competences, part, len(groups), cut))
    return maps
