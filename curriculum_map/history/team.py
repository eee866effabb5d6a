"""Team rounds: what the history keeps of a `staff read` team/ folder, and reading it back.

Only the team folder's group-level tables are kept (team-groups.csv, training-needs.csv,
competence-needs.csv): every group in them is at or above the run's minimum group size, and none
holds a name, an e-mail address, a file name or an answer of one person. The persons/ and desk/
folders are never read here. A team round belongs to an organisation: two organisations may each
have a round '2026' in one history (a federation keeping its members' rounds), and `history remove`
removes every round of a label.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from curriculum_map.core.report_files import (
    COMPETENCE_NEEDS_CSV,
    TEAM_GROUPS_CSV,
    TRAINING_NEEDS_CSV,
    read_manifest,
)
from curriculum_map.core.tables import table
from curriculum_map.coverage.results import ResultsError
from curriculum_map.framework.items import item_rows, text_rows
from curriculum_map.framework.model import Framework
from curriculum_map.history.columns import ITEMS, TEXTS
from curriculum_map.history.errors import HistoryError
from curriculum_map.history.reports import ReportFolder
from curriculum_map.history.rounds import dict_rows, framework_model, sql_rows
from curriculum_map.history.schema import TEAM_TABLES

TEAM = "team"  # the manifest's kind of a staff read's team/ folder, and the kind `history list` shows
TEAM_FILES = {"team_groups": TEAM_GROUPS_CSV, "training_needs": TRAINING_NEEDS_CSV,
              "competence_needs": COMPETENCE_NEEDS_CSV}  # fmt: skip


@dataclass(frozen=True)
class PreparedTeamRound:
    """One team folder's rows per base table, ready to be written (read before the history is locked)."""

    organisation: str
    min_respondents: int
    framework: Framework
    model: str
    source: str
    run_id: str
    data_date: str
    tables: dict[str, tuple[tuple[str, ...], list[tuple[Any, ...]]]] = field(default_factory=dict)
    items: list[tuple[Any, ...]] = field(default_factory=list)
    texts: list[tuple[Any, ...]] = field(default_factory=list)


@dataclass(frozen=True)
class TeamRoundInfo:
    """One team round as `history list` shows it."""

    label: str
    kind: str  # always 'team'
    organisation: str
    order: int  # 1 for the earliest label among the team rounds
    data_date: str
    recorded_at: str
    framework_id: str
    framework_version: str
    source: str
    tool_version: str
    run_id: str
    min_respondents: int
    groups: int  # the groups shown (functions, the others together, all staff)
    respondents: int  # staff in the groups shown: all staff when shown, else the groups added up


def is_team_folder(path: Path) -> bool:
    """Whether `path` is (or is a file in) the team/ folder of a `staff read`."""
    folder = path if path.is_dir() else path.parent
    manifest = read_manifest(folder)
    return manifest is not None and manifest.get("kind") == TEAM


def team_folder(path: Path) -> Path | None:
    """The team/ folder `path` is, is in, or (the output folder of a `staff read`) holds; None for any other."""
    if is_team_folder(path):
        return path if path.is_dir() else path.parent
    if path.is_dir() and is_team_folder(path / TEAM):
        return path / TEAM
    return None


def prepare_team_round(path: Path, framework: Framework) -> PreparedTeamRound:
    """Read a staff read's team/ folder (complete, of one run) and compute what the history keeps of it."""
    folder = path if path.is_dir() else path.parent
    manifest = read_manifest(folder) or {}
    if not manifest.get("complete"):
        raise ResultsError("results-incomplete", folder=folder)
    files = {str(k): str(v) for k, v in manifest.get("files", {}).items()}
    if TEAM_GROUPS_CSV not in files:
        raise HistoryError("history-team-old-folder", folder=folder)
    report = ReportFolder(folder, TEAM, str(manifest.get("run_id", "")), files)
    tables = {}
    for name, file in TEAM_FILES.items():
        schema = table(name)
        _, rows = report.rows(file, schema.names)
        tables[TEAM_TABLES[name]] = dict_rows(schema, rows)
    groups = tables[TEAM_TABLES["team_groups"]][1]
    minimum = int(groups[0][4]) if groups else 0
    return PreparedTeamRound(
        organisation=str(groups[0][0]) if groups else "",
        min_respondents=minimum,
        framework=framework,
        model=framework_model(framework),
        source=str(folder.resolve()),
        run_id=report.run_id,
        data_date=str(manifest.get("created", ""))[:10],
        tables=tables,
        items=sql_rows(ITEMS, item_rows(framework))[1],
        texts=sql_rows(TEXTS, text_rows(framework))[1],
    )


def team_round_infos(connection: sqlite3.Connection, tables: set[str]) -> list[TeamRoundInfo]:
    """Every team round, in the order of their labels (none in a history from before team rounds)."""
    if "team_rounds" not in tables:
        return []
    query = """
        SELECT r.label, 'team', r.organisation, r.round_order, r.data_date, r.recorded_at, f.framework_id, f.version,
               r.source, r.tool_version, r.run_id, r.min_respondents,
               (SELECT COUNT(*) FROM team_round_groups g WHERE g.team_round_id = r.team_round_id),
               COALESCE(
                   (SELECT respondents FROM team_round_groups g WHERE g.team_round_id = r.team_round_id
                    AND g.scope = 'all'),
                   (SELECT SUM(respondents) FROM team_round_groups g WHERE g.team_round_id = r.team_round_id), 0)
        FROM team_rounds r JOIN frameworks f USING (framework_key)
        ORDER BY r.round_order, r.organisation
    """
    return [TeamRoundInfo(*row) for row in connection.execute(query)]


def team_groups(connection: sqlite3.Connection, label: str, organisation: str) -> list[dict[str, Any]]:
    """The groups of one team round, as `history show` lists them."""
    query = """
        SELECT g."group", g.scope, g.respondents FROM team_round_groups g JOIN team_rounds r USING (team_round_id)
        WHERE r.label = ? AND r.organisation = ? ORDER BY g.rowid
    """
    return [
        {"group": row[0], "scope": row[1], "respondents": row[2]}
        for row in connection.execute(query, (label, organisation))
    ]


def renumber_team_rounds(connection: sqlite3.Connection, order: Any) -> None:
    """round_order of the team rounds: 1 for the earliest label, labels sorted by `order` (numbers as numbers)."""
    labels = sorted({row[0] for row in connection.execute("SELECT label FROM team_rounds")}, key=order)
    for number, label in enumerate(labels, 1):
        connection.execute("UPDATE team_rounds SET round_order = ? WHERE label = ?", (number, label))
