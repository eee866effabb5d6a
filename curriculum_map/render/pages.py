"""How a map of many rows is cut into pictures that stay legible: per focus, then per run of clusters.

A picture holds at most a set number of rows (what its page size holds at a font that reads), so a
large framework gives several pictures instead of one whose labels overprint. No matplotlib here:
the HTML reports need the pages (their file names and titles) without drawing them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from curriculum_map.core.texts import text
from curriculum_map.framework.model import Cluster, Competence, Component, Focus, Framework

Unit = Literal["clusters", "components", "competences"]
Row = Cluster | Component | Competence


@dataclass(frozen=True)
class Page:
    """The rows of one picture: the whole framework, a focus, or the part of a focus that fits."""

    focus: Focus | None  # None: the whole framework fits on one page
    rows: tuple[Row, ...]  # clusters, components or competences, in the framework's order
    part: int  # 1-based; 0 when the focus fits on one page
    parts: int

    @property
    def suffix(self) -> str:
        """What the page adds to a picture's file stem: '' (whole), '-2' (focus 2) or '-2-1' (its first part)."""
        if self.focus is None:
            return ""
        return f"-{self.focus.id}" + (f"-{self.part}" if self.part else "")

    @property
    def clusters(self) -> list[Cluster]:
        """The clusters on the page (the rows of a map of clusters)."""
        return [row for row in self.rows if isinstance(row, Cluster)]

    @property
    def components(self) -> list[Component]:
        """The components on the page (the rows of a map of components)."""
        return [row for row in self.rows if isinstance(row, Component)]

    @property
    def competences(self) -> list[Competence]:
        """The competences on the page (the rows of a competence map)."""
        return [row for row in self.rows if isinstance(row, Competence)]

    def title(self, title: str, lang: str) -> str:
        """A picture's title with the page's focus and part: 'Title – focus 2. Name (deel 1 van 2)'."""
        if self.focus is not None:
            title = text("heatmap.focus", lang, title=title, id=self.focus.id, name=self.focus.name.get(lang))
        return text("heatmap.part", lang, title=title, part=self.part, parts=self.parts) if self.part else title


def _rows(cluster: Cluster, unit: Unit) -> list[list[Row]]:
    """A cluster's rows in pieces that stay together when they can: the cluster, else each component."""
    if unit == "clusters":
        return [[cluster]]
    if unit == "components":
        return [list(cluster.components)]
    return [list(component.competences) for component in cluster.components]


def _split(rows: Sequence[Row], limit: int) -> list[list[Row]]:
    """`rows` in even parts of at most `limit` (48 rows at 42 are 2 x 24, not 42 + 6)."""
    parts = math.ceil(len(rows) / limit)
    size = math.ceil(len(rows) / parts)
    return [list(rows[i : i + size]) for i in range(0, len(rows), size)]


def _pack(pieces: Sequence[Sequence[Row]], limit: int) -> list[list[Row]]:
    """Pieces of rows on pages in order, a page at most `limit` rows; a piece never split unless too large."""
    pages: list[list[Row]] = [[]]
    for piece in pieces:
        for part in _split(piece, limit) if len(piece) > limit else [piece]:
            if pages[-1] and len(pages[-1]) + len(part) > limit:
                pages.append([])
            pages[-1].extend(part)
    return [page for page in pages if page]


def pages(framework: Framework, unit: Unit, limit: int, whole: bool = True) -> list[Page]:
    """The framework's clusters, components or competences on pages of at most `limit` rows.

    The whole framework is one page when it fits and `whole` is set; else each focus is a page, a focus
    too large cut between clusters, a cluster too large between components, a component too large in
    even parts.
    """
    if whole:
        everything = [row for cluster in framework.clusters for piece in _rows(cluster, unit) for row in piece]
        if len(everything) <= limit:
            return [Page(None, tuple(everything), 0, 1)] if everything else []
    found = []
    for focus in framework.focuses:
        clusters = [
            [row for piece in _rows(cluster, unit) for row in piece] for cluster in focus.clusters
        ]  # a cluster's rows stay on one page when they fit
        pieces: list[Sequence[Row]] = []
        for cluster, rows in zip(focus.clusters, clusters, strict=True):
            pieces += [rows] if len(rows) <= limit else _rows(cluster, unit)
        chunks = _pack([p for p in pieces if p], limit)
        for index, chunk in enumerate(chunks, start=1):
            found.append(Page(focus, tuple(chunk), index if len(chunks) > 1 else 0, len(chunks)))
    return found
