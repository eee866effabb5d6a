"""Demand meets supply: what organisations expect of a newly hired graduate, against what programmes cover.

A competence is expected at entry when its consensus position (across every organisation that
answered) is the entry position (Beginner, `entry: true` in the framework) or an earlier one. It is
a gap for a programme when the programme covers it below the framework's covered level (`covered_level`;
in the built-in legend: at most exemplarisch), or not according to any answer. The programme's level
for a competence is its consensus on that competence or, when nobody of the programme answered it,
the consensus on its component (marked * as such).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import matplotlib
import numpy as np
from matplotlib.patches import Patch

from curriculum_map.core.report_files import (
    EXPECTATIONS_CSV,
    GAP_CSV,
    MANIFEST,
    PICTURE_GAPS,
    POSITION_CHOICES_CSV,
    file_hash,
    read_manifest,
)
from curriculum_map.core.tables import table
from curriculum_map.core.texts import text
from curriculum_map.coverage.aggregate import Aggregation
from curriculum_map.coverage.results import ResultsError
from curriculum_map.framework.model import NOT_APPLICABLE, Framework, Programme
from curriculum_map.render.csv import write_table
from curriculum_map.render.output import atomic_path, run_folder
from curriculum_map.render.pages import Page, pages
from curriculum_map.render.pictures import A3_PORTRAIT, RC, Grid, Painter, Picture, competence_rows, save_picture

GAP, OK, NOT_EXPECTED, UNKNOWN = "gap", "ok", "not-expected", "unknown"
# The rows one gap picture holds: competences on A3 portrait at 6.2 points (the built-in framework's 120 on one
# page); a larger framework gives a picture per focus (and part).
GAP_ROWS = 120
STATUSES = (GAP, OK, NOT_EXPECTED, UNKNOWN)
STATUS_COLOURS = ("#e66101", "#41b6c4", "#ffffff", "#d9d9d9")  # orange = gap, teal = covered
COMPONENT_MARK = "*"
NO_ANSWER_MARK = "–"


@dataclass(frozen=True)
class Demand:
    """What the positions report says organisations expect: per competence the consensus position, and whose."""

    consensus: dict[str, str]  # competence id -> position id or 'n/a' (competences nobody answered are absent)
    shares: dict[str, float]
    organisations: list[str]
    respondents: int

    def at_entry(self, framework: Framework, item_id: str) -> bool | None:
        """Whether the competence is expected at entry (None when nobody answered it)."""
        entry = framework.entry_position
        choice = self.consensus.get(item_id)
        if choice is None or entry is None:
            return None
        order = [p.id for p in framework.positions] + [NOT_APPLICABLE]
        return order.index(choice) <= order.index(entry.id)


@dataclass(frozen=True)
class GapCell:
    programme: Programme
    item_id: str
    consensus: str | None
    coverage: int | None
    source: str  # 'competence', 'component' or '' when there is no answer
    status: str


def load_demand(path: Path, framework: Framework) -> Demand:
    """The consensus across all organisations, from a positions report folder (or its position-choices.csv)."""
    if framework.entry_position is None:
        raise ResultsError("gap-no-entry-position", framework=framework.id)
    folder = path if path.is_dir() else path.parent
    csv_path = folder / POSITION_CHOICES_CSV if path.is_dir() else path
    if not csv_path.exists() and (folder / EXPECTATIONS_CSV).exists():
        raise ResultsError("positions-results-old", path=folder)
    _check_one_run(folder, csv_path)
    try:
        with csv_path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except FileNotFoundError:
        raise ResultsError("expectations-not-found", path=csv_path) from None
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ResultsError("results-unreadable", path=csv_path, reason=str(exc)) from None
    needed = ("scope", "item_id", "consensus_id", "consensus_share", "organisations", "respondents")
    if rows and not set(needed) <= set(rows[0]):
        raise ResultsError("results-columns-missing", path=csv_path, columns=", ".join(needed))
    everyone = [row for row in rows if row["scope"] == "all"]
    consensus = {row["item_id"]: row["consensus_id"] for row in everyone if row["consensus_id"]}
    shares = {row["item_id"]: float(row["consensus_share"]) for row in everyone if row["consensus_share"]}
    first = everyone[0] if everyone else {}
    organisations = [name for name in first.get("organisations", "").split("; ") if name]
    respondents = int(first.get("respondents") or 0)
    return Demand(consensus, shares, organisations, respondents)


def _check_one_run(folder: Path, csv_path: Path) -> None:
    """Refuse a positions report whose files are not all of one complete run."""
    if not (folder / MANIFEST).exists() or not csv_path.exists():
        return
    manifest = read_manifest(folder)
    if manifest is None or not manifest.get("complete"):
        raise ResultsError("results-incomplete", folder=folder)
    expected = manifest.get("files", {}).get(csv_path.name)
    if expected is not None and file_hash(csv_path) != expected:
        raise ResultsError("results-mixed-runs", path=csv_path)


def find_gaps(programmes: Aggregation, demand: Demand) -> list[GapCell]:
    """One cell per competence and programme, with its status (gap, ok, not-expected, unknown)."""
    framework = programmes.framework
    covered = framework.scale.covered  # below 'well covered' (only exemplarisch, in the built-in legend) is a gap
    cells = []
    for competence in framework.competences:
        expected = demand.at_entry(framework, competence.id)
        for programme in programmes.programmes:
            coverage = programmes.cell(programme.id, competence.id).consensus
            source = "competence"
            if coverage is None:
                coverage = programmes.cell(programme.id, competence.component_id).consensus
                source = "component" if coverage is not None else ""
            if expected is None:
                status = UNKNOWN
            elif not expected:
                status = NOT_EXPECTED
            else:
                status = GAP if coverage is None or coverage < covered else OK
            consensus = demand.consensus.get(competence.id)
            cells.append(GapCell(programme, competence.id, consensus, coverage, source, status))
    return cells


def demand_note(demand: Demand, lang: str) -> str:
    """Whose expectations these are: the organisations and how many respondents."""
    return text(
        "gap.demand",
        lang,
        organisations=", ".join(demand.organisations) or "–",
        respondents=text("count.respondents", lang, count=demand.respondents),
    )


def write_gaps(
    programmes: Aggregation, demand: Demand, cells: list[GapCell], out_dir: Path, lang: str = "nl"
) -> list[Path]:
    """Write gap.csv and the gap heatmap (one run's files); returns the paths written."""
    framework = programmes.framework
    default = framework.default_language
    names = {p.id: p.name.get(default) for p in framework.positions}
    names[NOT_APPLICABLE] = text("positions.choice.not_applicable.short", default)
    organisations = "; ".join(demand.organisations)
    rows = [
        (
            organisations,
            demand.respondents,
            c.programme.name.get(default),
            c.item_id,
            framework.competence(c.item_id).text.get(default),
            names.get(c.consensus, "") if c.consensus else "",
            c.consensus or "",
            "" if c.item_id not in demand.shares else round(demand.shares[c.item_id], 4),
            "" if c.coverage is None else framework.level(c.coverage).label.get(default),
            "" if c.coverage is None else c.coverage,
            c.source,
            c.status,
        )
        for c in cells
    ]
    with run_folder(out_dir, "gap") as run:
        with atomic_path(run.path(GAP_CSV)) as temporary:
            write_table(temporary, table("gap"), rows)
        names_written = [GAP_CSV]
        if programmes.programmes:  # a large framework: a picture per focus (and part)
            for page in pages(framework, "competences", GAP_ROWS):
                picture = draw_gap_picture(programmes, demand, cells, lang, page)
                names_written.append(save_picture(picture, run.staging, "png").name)
        run.publish()
    return [out_dir / name for name in names_written]


def draw_gap_picture(
    programmes: Aggregation, demand: Demand, cells: list[GapCell], lang: str = "nl", page: Page | None = None
) -> Picture:
    """Competences (all, or a page's) x programmes: where a beginner needs what a programme hardly covers."""
    supply = text(
        "gap.supply",
        lang,
        workbooks=text("count.workbooks", lang, count=len(programmes.submissions)),
        programmes=text("count.programmes", lang, count=len(programmes.programmes)),
        date=programmes.data_date or "–",
    )
    subtitle = demand_note(demand, lang) + "\n" + supply
    painter = Painter(programmes.framework, lang, subtitle)
    page = page or Page(None, painter.fw.competences, 0, 1)
    competences = page.competences
    row = {c.id: i for i, c in enumerate(competences)}
    column = {p.id: j for j, p in enumerate(programmes.programmes)}
    values = np.full((len(competences), len(column)), np.nan)
    texts = [[NO_ANSWER_MARK] * len(column) for _ in competences]
    for cell in cells:
        if cell.item_id not in row:
            continue  # on another page
        i, j = row[cell.item_id], column[cell.programme.id]
        values[i, j] = STATUSES.index(cell.status)
        if cell.coverage is not None:
            texts[i][j] = f"{cell.coverage}{COMPONENT_MARK if cell.source == 'component' else ''}"
    labels, groups = competence_rows(painter.fw, lang, competences)
    handles = [
        Patch(facecolor=colour, edgecolor="#808080", label=painter.t(f"gap.status.{status}"))
        for status, colour in zip(STATUSES, STATUS_COLOURS, strict=True)
    ]
    for key, mark in (("gap.legend.component", COMPONENT_MARK), ("gap.legend.no_answer", NO_ANSWER_MARK)):
        handles.append(Patch(facecolor="none", edgecolor="none", label=painter.t(key, mark=mark)))
    title = page.title(painter.t("gap.title"), lang)
    grid = Grid(values, texts, labels, [p.short.get(lang) for p in programmes.programmes], groups)
    height = min(A3_PORTRAIT[1], max(len(competences) * 0.12 + 2.2, 5.0))  # A3 holds GAP_ROWS rows
    with matplotlib.rc_context(RC):
        figure = painter.draw(
            grid, title, (A3_PORTRAIT[0], height), handles=handles, categories=STATUS_COLOURS, font=6.2, label_width=22
        )
    return Picture(PICTURE_GAPS + page.suffix, title, figure)
