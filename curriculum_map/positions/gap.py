"""Demand meets supply: what organisations expect of a newly hired graduate, against what programmes cover.

A competence is a gap for a programme when a majority (> 50%) of the positions respondents expects
it of the entry position (Beginner) and the programme covers it at most at the second-lowest level
(exemplarisch). The programme's level for a competence is its consensus on that competence or,
when nobody of the programme answered it, the consensus on its component (marked as such).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import matplotlib
import numpy as np
from matplotlib.patches import Patch

from curriculum_map.core.report_files import EXPECTATIONS_CSV, GAP_CSV, PICTURE_GAPS
from curriculum_map.core.texts import text
from curriculum_map.coverage.aggregate import Aggregation
from curriculum_map.coverage.results import ResultsError
from curriculum_map.framework.model import Framework, Programme
from curriculum_map.render.csv import write_rows
from curriculum_map.render.output import atomic_path, ensure_folder
from curriculum_map.render.pictures import A3_PORTRAIT, RC, Grid, Painter, Picture, competence_rows, save_picture

GAP, OK, NOT_EXPECTED, UNKNOWN = "gap", "ok", "not-expected", "unknown"
STATUSES = (GAP, OK, NOT_EXPECTED, UNKNOWN)
STATUS_COLOURS = ("#e66101", "#41b6c4", "#ffffff", "#d9d9d9")  # orange = gap, teal = covered
GAP_COLUMNS = (
    "programme",
    "item_id",
    "competence",
    "expected_share",
    "coverage_label",
    "coverage_score",
    "source",
    "status",
)


@dataclass(frozen=True)
class GapCell:
    programme: Programme
    item_id: str
    expected_share: float | None
    coverage: int | None
    source: str  # 'competence', 'component' or '' when there is no answer
    status: str


def load_expectations(path: Path, framework: Framework) -> dict[str, float | None]:
    """Share of respondents expecting each competence of the entry position, from a positions output."""
    entry = framework.entry_position
    if entry is None:
        raise ResultsError("gap-no-entry-position", framework=framework.id)
    csv_path = path / EXPECTATIONS_CSV if path.is_dir() else path
    try:
        with csv_path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except FileNotFoundError:
        raise ResultsError("expectations-not-found", path=csv_path) from None
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ResultsError("results-unreadable", path=csv_path, reason=str(exc)) from None
    if rows and not {"item_id", "position_id", "share"} <= set(rows[0]):
        raise ResultsError("results-columns-missing", path=csv_path, columns="item_id, position_id, share")
    shares: dict[str, float | None] = {}
    for row in rows:
        if row["position_id"] == entry.id:
            shares[row["item_id"]] = float(row["share"]) if row["share"] else None
    return shares


def find_gaps(programmes: Aggregation, shares: dict[str, float | None]) -> list[GapCell]:
    """One cell per competence and programme, with its status (gap, ok, not-expected, unknown)."""
    framework = programmes.framework
    ceiling = framework.levels[1].score  # 'only exemplarisch' still counts as a gap
    cells = []
    for competence in framework.competences:
        share = shares.get(competence.id)
        for programme in programmes.programmes:
            coverage = programmes.cell(programme.id, competence.id).consensus
            source = "competence"
            if coverage is None:
                coverage = programmes.cell(programme.id, competence.component_id).consensus
                source = "component" if coverage is not None else ""
            if share is None:
                status = UNKNOWN
            elif share <= 0.5:
                status = NOT_EXPECTED
            elif coverage is None:
                status = UNKNOWN
            else:
                status = GAP if coverage <= ceiling else OK
            cells.append(GapCell(programme, competence.id, share, coverage, source, status))
    return cells


def write_gaps(programmes: Aggregation, cells: list[GapCell], out_dir: Path, lang: str = "nl") -> list[Path]:
    """Write gap.csv and the gap heatmap; returns the paths written."""
    ensure_folder(out_dir)
    framework = programmes.framework
    default = framework.default_language
    target = out_dir / GAP_CSV
    rows = [
        (
            c.programme.name.get(default),
            c.item_id,
            framework.competence(c.item_id).text.get(default),
            "" if c.expected_share is None else round(c.expected_share, 4),
            "" if c.coverage is None else framework.levels[c.coverage].label.get(default),
            "" if c.coverage is None else c.coverage,
            c.source,
            c.status,
        )
        for c in cells
    ]
    with atomic_path(target) as temporary:
        write_rows(temporary, GAP_COLUMNS, rows)
    written = [target]
    if programmes.programmes:
        written.append(save_picture(draw_gap_picture(programmes, cells, lang), out_dir, "png"))
    return written


def draw_gap_picture(programmes: Aggregation, cells: list[GapCell], lang: str = "nl") -> Picture:
    """Competences x programmes: where organisations expect a beginner to have what a programme hardly covers."""
    subtitle = text(
        "report.data_of",
        lang,
        date=programmes.data_date or "-",
        count=len(programmes.submissions),
        programmes=len(programmes.programmes),
    )
    painter = Painter(programmes.framework, lang, subtitle)
    competences = painter.fw.competences
    row = {c.id: i for i, c in enumerate(competences)}
    column = {p.id: j for j, p in enumerate(programmes.programmes)}
    values = np.full((len(competences), len(column)), np.nan)
    texts = [["–"] * len(column) for _ in competences]
    for cell in cells:
        i, j = row[cell.item_id], column[cell.programme.id]
        values[i, j] = STATUSES.index(cell.status)
        if cell.coverage is not None:
            texts[i][j] = f"{cell.coverage}{'*' if cell.source == 'component' else ''}"
    labels, groups = competence_rows(painter.fw, lang)
    handles = [
        Patch(facecolor=colour, edgecolor="#808080", label=painter.t(f"gap.status.{status}"))
        for status, colour in zip(STATUSES, STATUS_COLOURS, strict=True)
    ]
    title = painter.t("gap.title")
    grid = Grid(values, texts, labels, [p.short.get(lang) for p in programmes.programmes], groups)
    with matplotlib.rc_context(RC):
        figure = painter.draw(
            grid, title, A3_PORTRAIT, handles=handles, categories=STATUS_COLOURS, font=6.2, label_width=22
        )
    return Picture(PICTURE_GAPS, title, figure)
