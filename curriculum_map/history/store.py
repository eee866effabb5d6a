"""The history of rounds: one SQLite file, written in whole rounds, read back as rounds and aggregations.

Writing is one transaction per round (`BEGIN IMMEDIATE` ... `COMMIT`): a run that fails, is
interrupted or killed leaves the file as it was (SQLite rolls an unfinished transaction back,
also the next time the file is opened after a crash), and a second writer waits for the first
(up to BUSY_SECONDS) instead of mixing its rows in. The journal stays in SQLite's default mode
(not WAL), which also works on network drives where reports are often kept.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from curriculum_map.core.version import __version__
from curriculum_map.coverage.aggregate import Aggregation, Note, build_aggregation, submission
from curriculum_map.coverage.results import StoredProblem
from curriculum_map.framework.crosswalk import Crosswalk, load_crosswalk
from curriculum_map.framework.items import text_rows
from curriculum_map.framework.model import Framework, build_framework
from curriculum_map.history.columns import ITEMS, TEXTS
from curriculum_map.history.errors import HistoryError
from curriculum_map.history.reports import COVERAGE
from curriculum_map.history.rounds import PreparedRound, sql_rows
from curriculum_map.history.schema import ROUND_TABLES, SCHEMA_VERSION, current_version, migrate
from curriculum_map.history.team import (
    PreparedTeamRound,
    TeamRoundInfo,
    renumber_team_rounds,
    team_groups,
    team_round_infos,
)
from curriculum_map.history.team_trend import TeamTrend, load_team_trend
from curriculum_map.workbook.reading import Respondent

BUSY_SECONDS = 60.0  # how long a writer waits for another one before giving up
MAX_LABEL = 60
_LABEL = re.compile(r"^[\w][\w .()/+-]*$")
SCORE_COLUMNS = ("consensus", "min", "max")  # the columns of round_consensus that hold a score of the legend


@dataclass(frozen=True)
class RoundInfo:
    """One round as `history list` shows it."""

    label: str
    kind: str  # coverage or positions
    order: int  # 1 for the earliest label (labels sort as people read them: 2024-2025 before 2025-2026)
    data_date: str
    recorded_at: str
    framework_id: str
    framework_version: str
    source: str
    tool_version: str
    run_id: str
    groups: int  # programmes (coverage) or organisations (positions) that answered
    respondents: int
    responses: int
    errors: int
    warnings: int


@dataclass(frozen=True)
class TeamRecorded:
    """A team round just written, and whether it replaced one of the same label and organisation."""

    path: Path
    round: TeamRoundInfo
    replaced: bool


@dataclass(frozen=True)
class Recorded:
    """A round just written, and whether it replaced one of the same label and kind."""

    path: Path
    round: RoundInfo
    replaced: bool


def check_label(label: str) -> str:
    """A round label as it is stored: trimmed; 1 to 60 letters, digits, spaces and - _ . / ( ) +."""
    cleaned = " ".join(label.split())
    if not cleaned or len(cleaned) > MAX_LABEL or not _LABEL.match(cleaned):
        raise HistoryError("history-round-label", label=label)
    return cleaned


def label_order(label: str) -> tuple[tuple[int, int, str], ...]:
    """Sort key of a label: numbers as numbers, so that '2025-2026' < '2026-2027' and 'ronde 9' < 'ronde 10'."""
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part.casefold()) for part in re.split(r"(\d+)", label) if part
    )


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def upgrade(connection: sqlite3.Connection) -> list[int]:
    """Apply the migrations a history lacks and fill what they add from what it holds; the caller holds the
    write transaction."""
    applied = migrate(connection, __version__, _now())
    if 3 in applied:
        fill_texts(connection)
    return applied


def fill_texts(connection: sqlite3.Connection) -> None:
    """framework_texts of the frameworks stored before it existed, from the framework files they keep (as JSON)."""
    missing = connection.execute(
        "SELECT framework_key, model FROM frameworks WHERE framework_key NOT IN (SELECT framework_key FROM"
        " framework_texts)"
    ).fetchall()
    for key, model in missing:
        framework, _ = build_framework(json.loads(model), source=f"framework {key}")
        if framework is not None:  # a framework that no longer builds keeps its items, without the long form
            rows = sql_rows(TEXTS, text_rows(framework))[1]
            _insert_rows(connection, "framework_texts", ("framework_key", *TEXTS.names), [(key, *r) for r in rows])


def _sqlite_error(path: Path, exc: sqlite3.Error) -> HistoryError:
    """What went wrong with the file, in the user's words."""
    reason = str(exc)
    lowered = reason.lower()
    if "not a database" in lowered or "encrypted" in lowered or "malformed" in lowered:
        return HistoryError("history-not-sqlite", path=path)
    if "locked" in lowered or "busy" in lowered:
        return HistoryError("history-busy", path=path, seconds=int(BUSY_SECONDS))
    if any(word in lowered for word in ("readonly", "read-only", "unable to open", "disk", "full", "i/o")):
        return HistoryError("history-cannot-write", path=path, reason=reason)
    return HistoryError("history-unreadable", path=path, reason=reason)


@contextmanager
def open_history(path: Path, write: bool = False) -> Iterator[History]:
    """The history in `path`; created (with its folder) when written to for the first time.

    Reading never creates a file. A history of an older schema is upgraded on opening (migrations
    only add); one of a newer schema can be read but not written.
    """
    path = Path(path)
    if path.is_dir():
        raise HistoryError("history-is-a-folder", path=path)
    if not write and not path.exists():
        raise HistoryError("history-not-found", path=path)
    if write:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise HistoryError("history-cannot-write", path=path, reason=exc.strerror or str(exc)) from None
    try:
        connection = _connect(path, "rwc" if write else "rw")
    except sqlite3.Error as exc:
        if write:
            raise _sqlite_error(path, exc) from None
        try:
            connection = _connect(path, "ro")  # a history on a read-only share can still be read
        except sqlite3.Error as again:
            raise _sqlite_error(path, again) from None
    try:
        history = History(path, connection)
        history.check(write)
        yield history
    except sqlite3.Error as exc:
        raise _sqlite_error(path, exc) from None
    finally:
        connection.close()


def _connect(path: Path, mode: str) -> sqlite3.Connection:
    uri = f"file:{quote(str(path.resolve()))}?mode={mode}"
    # isolation_level=None: no implicit transactions; every write is an explicit BEGIN IMMEDIATE ... COMMIT
    connection = sqlite3.connect(uri, uri=True, timeout=BUSY_SECONDS, isolation_level=None)
    connection.execute("PRAGMA foreign_keys = ON")
    return connection


class History:
    """An open history file: its rounds, adding and removing them, reading them back."""

    def __init__(self, path: Path, connection: sqlite3.Connection):
        self.path = path
        self.connection = connection
        self.version: int | None = None
        self._checked: set[int] = set()  # rounds whose scores lie in their legend (check_scores)

    # -- schema ------------------------------------------------------------------------------------

    def check(self, write: bool) -> None:
        """Refuse what is not a history; upgrade an older one (when it can be written)."""
        version = current_version(self.connection)
        if version == -1:
            raise HistoryError("history-foreign", path=self.path)
        self.version = version
        if version is not None and version > SCHEMA_VERSION and write:
            raise HistoryError("history-newer", path=self.path, found=version, known=SCHEMA_VERSION)
        if version is not None and version < SCHEMA_VERSION:
            try:
                with self._transaction() as connection:
                    upgrade(connection)
                self.version = SCHEMA_VERSION
            except HistoryError:
                if write:
                    raise
                # a read-only file of an older version is read as it is

    @property
    def tables(self) -> set[str]:
        return {
            row[0] for row in self.connection.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")
        }

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: all of it is kept, or none of it (also when the process is interrupted)."""
        connection = self.connection
        try:
            connection.execute("BEGIN IMMEDIATE")  # takes the write lock now: a second writer waits here
        except sqlite3.Error as exc:
            raise _sqlite_error(self.path, exc) from None
        try:
            yield connection
            connection.execute("COMMIT")
        except BaseException as exc:
            try:
                connection.execute("ROLLBACK")
            except sqlite3.Error:
                pass  # SQLite already rolled back (a full disk, an I/O error)
            if isinstance(exc, sqlite3.Error):
                raise _sqlite_error(self.path, exc) from None
            raise

    # -- writing -----------------------------------------------------------------------------------

    def _ready_to_write(self, connection: sqlite3.Connection) -> None:
        """Inside a write transaction: refuse a history a newer tool wrote, upgrade an older one."""
        version = current_version(connection)
        if version is not None and version > SCHEMA_VERSION:
            raise HistoryError("history-newer", path=self.path, found=version, known=SCHEMA_VERSION)
        upgrade(connection)

    def add(self, label: str, prepared: PreparedRound) -> Recorded:
        """Add a round (or replace the round of the same label and kind), all in one transaction."""
        label = check_label(label)
        with self._transaction() as connection:
            self._ready_to_write(connection)
            existing = connection.execute(
                "SELECT round_id FROM rounds WHERE label = ? AND kind = ?", (label, prepared.kind)
            ).fetchall()
            self._delete(connection, [row[0] for row in existing])
            framework_key = self._framework_key(connection, prepared)
            cursor = connection.execute(
                "INSERT INTO rounds (label, kind, round_order, framework_key, data_date, recorded_at, tool_version,"
                " source, run_id) VALUES (?, ?, 0, ?, ?, ?, ?, ?, ?)",
                (label, prepared.kind, framework_key, prepared.data_date, _now(), __version__, prepared.source,
                 prepared.run_id),
            )  # fmt: skip
            round_id = cursor.lastrowid
            assert round_id is not None
            for table, (columns, rows) in prepared.tables.items():
                _insert_rows(connection, table, ("round_id", *columns), [(round_id, *row) for row in rows])
            self._renumber(connection)
            self._forget_unused_frameworks(connection)
        self.version = SCHEMA_VERSION
        return Recorded(self.path, self.round(label, prepared.kind), bool(existing))

    def add_team(self, label: str, prepared: PreparedTeamRound) -> TeamRecorded:
        """Add a team round (or replace the one of the same label and organisation), all in one transaction."""
        label = check_label(label)
        with self._transaction() as connection:
            self._ready_to_write(connection)
            replaced = connection.execute(
                "DELETE FROM team_rounds WHERE label = ? AND organisation = ?", (label, prepared.organisation)
            ).rowcount  # its groups and needs go with it (ON DELETE CASCADE)
            framework_key = self._framework_key(connection, prepared)
            cursor = connection.execute(
                "INSERT INTO team_rounds (label, organisation, round_order, framework_key, min_respondents, data_date,"
                " recorded_at, tool_version, source, run_id) VALUES (?, ?, 0, ?, ?, ?, ?, ?, ?, ?)",
                (label, prepared.organisation, framework_key, prepared.min_respondents, prepared.data_date, _now(),
                 __version__, prepared.source, prepared.run_id),
            )  # fmt: skip
            round_id = cursor.lastrowid
            for name, (columns, rows) in prepared.tables.items():
                quoted = ("team_round_id", *(f'"{c}"' for c in columns))
                _insert_rows(connection, name, quoted, [(round_id, *row) for row in rows])
            renumber_team_rounds(connection, label_order)
            self._forget_unused_frameworks(connection)
        self.version = SCHEMA_VERSION
        info = next(i for i in self.team_rounds() if (i.label, i.organisation) == (label, prepared.organisation))
        return TeamRecorded(self.path, info, bool(replaced))

    def team_rounds(self) -> list[TeamRoundInfo]:
        """Every team round (of staff read), in the order of their labels."""
        return team_round_infos(self.connection, self.tables) if self.version is not None else []

    def remove(self, label: str) -> list[RoundInfo | TeamRoundInfo]:
        """Remove every round with this label (coverage, positions and team rounds); returns what was removed."""
        removed = self.labelled(label)
        label = removed[0].label
        teams = [info for info in removed if isinstance(info, TeamRoundInfo)]
        with self._transaction() as connection:
            ids = [row[0] for row in connection.execute("SELECT round_id FROM rounds WHERE label = ?", (label,))]
            self._delete(connection, ids)
            if teams:
                connection.execute("DELETE FROM team_rounds WHERE label = ?", (label,))  # cascades to their rows
                renumber_team_rounds(connection, label_order)
            self._renumber(connection)
            self._forget_unused_frameworks(connection)
        return removed

    def _framework_key(self, connection: sqlite3.Connection, prepared: PreparedRound | PreparedTeamRound) -> int:
        framework = prepared.framework
        found = connection.execute("SELECT framework_key FROM frameworks WHERE hash = ?", (framework.hash,)).fetchone()
        if found is not None:
            return int(found[0])
        cursor = connection.execute(
            "INSERT INTO frameworks (framework_id, version, hash, default_language, model) VALUES (?, ?, ?, ?, ?)",
            (framework.id, framework.version, framework.hash, framework.default_language, prepared.model),
        )
        key = cursor.lastrowid
        assert key is not None
        _insert_rows(
            connection, "framework_items", ("framework_key", *ITEMS.names), [(key, *r) for r in prepared.items]
        )
        _insert_rows(
            connection, "framework_texts", ("framework_key", *TEXTS.names), [(key, *r) for r in prepared.texts]
        )
        return key

    def _delete(self, connection: sqlite3.Connection, round_ids: Sequence[int]) -> None:
        if not round_ids:
            return
        marks = ", ".join("?" for _ in round_ids)
        present = self.tables
        for table in ROUND_TABLES:
            if table in present:
                connection.execute(f"DELETE FROM {table} WHERE round_id IN ({marks})", tuple(round_ids))
        connection.execute(f"DELETE FROM rounds WHERE round_id IN ({marks})", tuple(round_ids))

    def _forget_unused_frameworks(self, connection: sqlite3.Connection) -> None:
        """A framework no round (nor team round) uses any more goes, with its items."""
        unused = "SELECT framework_key FROM frameworks WHERE framework_key NOT IN (SELECT framework_key FROM rounds)"
        if "team_rounds" in self.tables:
            unused += " AND framework_key NOT IN (SELECT framework_key FROM team_rounds)"
        connection.execute(f"DELETE FROM framework_items WHERE framework_key IN ({unused})")
        connection.execute(f"DELETE FROM framework_texts WHERE framework_key IN ({unused})")
        connection.execute(f"DELETE FROM frameworks WHERE framework_key IN ({unused})")

    @staticmethod
    def _renumber(connection: sqlite3.Connection) -> None:
        labels = sorted({row[0] for row in connection.execute("SELECT label FROM rounds")}, key=label_order)
        for order, label in enumerate(labels, 1):
            connection.execute("UPDATE rounds SET round_order = ? WHERE label = ?", (order, label))

    # -- reading -----------------------------------------------------------------------------------

    def rounds(self, kind: str | None = None) -> list[RoundInfo]:
        """Every round (of one kind), in the order of their labels."""
        if self.version is None:
            return []
        positions = "round_position_responses" in self.tables
        people = (
            "(SELECT COUNT(DISTINCT file || '|' || respondent) FROM round_position_responses p"
            " WHERE p.round_id = r.round_id)"
            if positions
            else "0"
        )
        organisations = (
            "(SELECT COUNT(DISTINCT organisation) FROM round_position_responses p WHERE p.round_id = r.round_id)"
            if positions
            else "0"
        )
        answers = (
            "(SELECT COUNT(*) FROM round_position_responses p WHERE p.round_id = r.round_id)" if positions else "0"
        )
        query = f"""
            SELECT r.label, r.kind, r.round_order, r.data_date, r.recorded_at, f.framework_id, f.version, r.source,
                   r.tool_version, r.run_id,
                   CASE r.kind WHEN 'coverage' THEN
                       (SELECT COUNT(DISTINCT programme_id) FROM round_respondents x WHERE x.round_id = r.round_id)
                   ELSE {organisations} END,
                   CASE r.kind WHEN 'coverage' THEN
                       (SELECT COUNT(*) FROM round_respondents x WHERE x.round_id = r.round_id)
                   ELSE {people} END,
                   CASE r.kind WHEN 'coverage' THEN
                       (SELECT COUNT(*) FROM round_responses x WHERE x.round_id = r.round_id)
                   ELSE {answers} END,
                   (SELECT COUNT(*) FROM round_problems x WHERE x.round_id = r.round_id AND x.severity = 'error'),
                   (SELECT COUNT(*) FROM round_problems x WHERE x.round_id = r.round_id AND x.severity = 'warning')
            FROM rounds r JOIN frameworks f USING (framework_key)
            {"WHERE r.kind = ?" if kind else ""}
            ORDER BY r.round_order, r.kind
        """  # only fixed fragments are put into the query
        rows = self.connection.execute(query, (kind,) if kind else ()).fetchall()
        return [RoundInfo(*row) for row in rows]

    def rounds_labelled(self, label: str) -> list[RoundInfo]:
        """The rounds with this label (one per kind), or a HistoryError naming the labels there are."""
        found = [r for r in self.rounds() if r.label == " ".join(label.split())]
        if not found:
            labels = ", ".join(dict.fromkeys(r.label for r in self.rounds())) or "-"
            raise HistoryError("history-round-unknown", path=self.path, label=label, rounds=labels)
        return found

    def labelled(self, label: str) -> list[RoundInfo | TeamRoundInfo]:
        """Every round with this label, team rounds too, or a HistoryError naming the labels there are."""
        wanted = " ".join(label.split())
        every: list[RoundInfo | TeamRoundInfo] = [*self.rounds(), *self.team_rounds()]
        found = [info for info in every if info.label == wanted]
        if not found:
            labels = ", ".join(dict.fromkeys(info.label for info in every)) or "-"
            raise HistoryError("history-round-unknown", path=self.path, label=label, rounds=labels)
        return found

    def round(self, label: str, kind: str) -> RoundInfo:
        """The round with this label of this kind (coverage or positions)."""
        found = [r for r in self.rounds_labelled(label) if r.kind == kind]
        if not found:
            raise HistoryError("history-round-kind", label=label, kind=kind)
        return found[0]

    def framework(self, label: str, kind: str = COVERAGE) -> Framework:
        """The framework a round was aggregated with, rebuilt from the model the history keeps."""
        info = self.round(label, kind)
        row = self.connection.execute(
            "SELECT f.model FROM rounds r JOIN frameworks f USING (framework_key) WHERE r.label = ? AND r.kind = ?",
            (info.label, kind),
        ).fetchone()
        return self._rebuilt(row, info.label)

    def team_trend(self) -> TeamTrend:
        """Growth per team over every team round, in the framework of the newest (a HistoryError when none)."""
        rounds = self.team_rounds()
        if not rounds:
            raise HistoryError("history-no-team-rounds", path=self.path)
        row = self.connection.execute(
            "SELECT f.model FROM team_rounds r JOIN frameworks f USING (framework_key) WHERE r.label = ?"
            " ORDER BY r.round_order DESC LIMIT 1",
            (rounds[-1].label,),
        ).fetchone()
        return load_team_trend(self.connection, self._rebuilt(row, rounds[-1].label))

    def _rebuilt(self, row: Any, label: str) -> Framework:
        """A framework kept as JSON in the history, built again (a HistoryError when it no longer builds)."""
        info_label = label
        try:
            document = json.loads(row[0])
        except (TypeError, ValueError, RecursionError):  # no text, no JSON, or nested beyond any framework
            raise HistoryError("history-framework-not-json", path=self.path, label=info_label) from None
        framework, problems = build_framework(document, source=f"{self.path}#{info_label}")
        if framework is None:
            reason = problems[0].render() if problems else ""
            raise HistoryError("history-framework-damaged", path=self.path, label=info_label, reason=reason)
        return framework

    def check_scores(self, label: str) -> None:
        """Refuse a coverage round that keeps a score outside its framework's legend (99 on a legend of 0-3).

        The history keeps what `aggregate` computed from the legend; any other value comes from a file
        edited or damaged since, and shown as a number it would read as a result.
        """
        info = self.round(label, COVERAGE)
        round_id = self.round_id(info.label, COVERAGE)
        if round_id in self._checked:
            return
        scale = self.framework(info.label).levels
        scores = [level.score for level in scale]
        marks = ", ".join("?" for _ in scores)
        whole = f"(typeof(value) != 'integer' OR value NOT IN ({marks}))"
        mean = "(typeof(value) NOT IN ('integer', 'real') OR value < ? OR value > ?)"
        checks = [("round_responses", "programme, item_id, score", whole, scores)]
        checks += [("round_consensus", f"programme, item_id, {column}", whole, scores) for column in SCORE_COLUMNS]
        checks.append(("round_summary", "programme, group_id, mean", mean, [scores[0], scores[-1]]))
        present = self.tables
        for table, columns, outside, values in checks:
            if table not in present:
                continue
            query = (
                f"SELECT * FROM (SELECT {columns} AS value FROM {table} WHERE round_id = ?)"
                f" WHERE value IS NOT NULL AND {outside} LIMIT 1"
            )  # only fixed fragments are put into the query
            found = self.connection.execute(query, (round_id, *values)).fetchone()
            if found is not None:
                programme, item, value = found
                raise HistoryError(
                    "history-score-outside-scale",
                    path=self.path,
                    label=info.label,
                    programme=programme,
                    item=item,
                    value=value,
                    scores=", ".join(map(str, scores)),
                )
        self._checked.add(round_id)

    def groups(self, info: RoundInfo | TeamRoundInfo) -> list[dict[str, Any]]:
        """Per programme (or organisation, or group of staff) of a round: respondents, answers, mean consensus of the
        components."""
        if isinstance(info, TeamRoundInfo):
            return team_groups(self.connection, info.label, info.organisation)
        round_id = self.round_id(info.label, info.kind)
        if info.kind == COVERAGE:
            self.check_scores(info.label)
            query = """
                SELECT r.programme, COUNT(*), SUM(r.answered),
                       (SELECT AVG(c.consensus) FROM round_consensus c WHERE c.round_id = r.round_id
                        AND c.programme_id = r.programme_id AND c.item_type = 'component' AND c.field = 'level'),
                       (SELECT AVG(c.consensus) FROM round_consensus c WHERE c.round_id = r.round_id
                        AND c.programme_id = r.programme_id AND c.item_type = 'component' AND c.field = 'ambition')
                FROM round_respondents r WHERE r.round_id = ? GROUP BY r.programme_id ORDER BY MIN(r.rowid)
            """
            return [
                {"programme": row[0], "respondents": row[1], "responses": row[2], "level": row[3], "ambition": row[4]}
                for row in self.connection.execute(query, (round_id,))
            ]
        query = """
            SELECT organisation, COUNT(DISTINCT file || '|' || respondent), COUNT(*) FROM round_position_responses
            WHERE round_id = ? GROUP BY organisation ORDER BY MIN(rowid)
        """
        return [
            {"organisation": row[0] or "–", "respondents": row[1], "responses": row[2]}
            for row in self.connection.execute(query, (round_id,))
        ]

    def aggregation(
        self, label: str, target: Framework | None = None, crosswalk: Crosswalk | None = None
    ) -> Aggregation:
        """A coverage round rebuilt as `aggregate` made it (scores, respondents, problems), by the same builder.

        With `target` (a later version of the framework) and a crosswalk, the round's item ids are
        carried to the target's ids; answers of items that no longer exist are left out.
        """
        info = self.round(label, COVERAGE)
        own = self.framework(info.label)
        self.check_scores(info.label)
        framework = target or own
        translate = crosswalk.translate if crosswalk is not None and own.version != framework.version else None
        round_id = self.round_id(info.label, COVERAGE)
        scores: dict[tuple[str, str, str], list[int]] = defaultdict(list)
        notes: list[Note] = []
        noted: set[tuple[str, str, str]] = set()
        programmes = {p.id: p for p in framework.programmes}
        query = (
            "SELECT programme_id, respondent, item_id, field, score, evidence, comment FROM round_responses"
            " WHERE round_id = ? ORDER BY rowid"
        )
        for programme_id, respondent, item_id, field_name, score, evidence, comment in self.connection.execute(
            query, (round_id,)
        ):
            item = translate(item_id) if translate is not None else item_id
            programme = programmes.get(programme_id)
            if item is None or programme is None or framework.item(item) is None:
                continue
            scores[(programme_id, item, field_name)].append(int(score))
            if (evidence or comment) and (programme_id, respondent, item) not in noted:
                noted.add((programme_id, respondent, item))
                notes.append(Note(programme, respondent, item, evidence, comment))
        submissions = [
            submission(framework, file, programmes[pid], Respondent(name, role, typed), language or "", answered)
            for pid, name, role, typed, file, language, answered in self.connection.execute(
                "SELECT programme_id, respondent, role, date_as_typed, file, language, answered FROM round_respondents"
                " WHERE round_id = ? ORDER BY rowid",
                (round_id,),
            )
            if pid in programmes
        ]
        problems = [
            StoredProblem(code, file, sheet, cell, severity, message)
            for file, sheet, cell, code, severity, message in self.connection.execute(
                "SELECT file, sheet, cell, code, severity, message FROM round_problems"
                " WHERE round_id = ? ORDER BY rowid",
                (round_id,),
            )
        ]
        return build_aggregation(framework, submissions, scores, notes, problems)

    def comparable(self, labels: Sequence[str], crosswalk_file: Path | None = None) -> list[Aggregation]:
        """The coverage rounds `labels` as aggregations of one framework version, ready to compare.

        Rounds of one framework version compare as they are. Rounds of two versions need a
        crosswalk from the older to the newer (the newest round's) version; otherwise, or for
        rounds of different frameworks, a HistoryError names the versions.
        """
        infos = [self.round(label, COVERAGE) for label in labels]
        frameworks = {info.label: self.framework(info.label) for info in infos}
        newest = max(infos, key=lambda info: info.order)
        target = frameworks[newest.label]
        if len({fw.id for fw in frameworks.values()}) > 1:
            raise HistoryError("history-other-framework", rounds=_versions(infos))
        versions = {fw.version for fw in frameworks.values()}
        crosswalk = None
        if len(versions) > 1:
            if crosswalk_file is None:
                raise HistoryError("history-versions-differ", rounds=_versions(infos), version=target.version)
            crosswalk = load_crosswalk(crosswalk_file, target)
            stray = [i for i in infos if i.framework_version not in (crosswalk.from_version, target.version)]
            if stray:
                raise HistoryError(
                    "history-crosswalk-versions",
                    from_version=crosswalk.from_version,
                    to_version=target.version,
                    rounds=_versions(stray),
                )
        return [self.aggregation(info.label, target, crosswalk) for info in infos]

    def round_id(self, label: str, kind: str) -> int:
        """The row id of a round in the `rounds` table."""
        row = self.connection.execute(
            "SELECT round_id FROM rounds WHERE label = ? AND kind = ?", (label, kind)
        ).fetchone()
        if row is None:
            raise HistoryError("history-round-kind", label=label, kind=kind)
        return int(row[0])


def _versions(infos: Sequence[RoundInfo]) -> str:
    return ", ".join(f"{i.label}: {i.framework_id} {i.framework_version}" for i in infos)


def _insert_rows(
    connection: sqlite3.Connection, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]
) -> None:
    """Insert rows into one table of the history (inside the caller's transaction)."""
    if not rows:
        return
    names = ", ".join(columns)
    marks = ", ".join("?" for _ in columns)
    connection.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)


def add_round(path: Path, label: str, report: Path, framework: Framework) -> Recorded:
    """Add the report folder `report` (of `aggregate` or `positions aggregate`) to the history as round `label`."""
    from curriculum_map.history.rounds import prepare_round

    label = check_label(label)
    prepared = prepare_round(report, framework)  # read and computed before the file is locked
    with open_history(path, write=True) as history:
        return history.add(label, prepared)


def add_team_round(path: Path, label: str, folder: Path, framework: Framework) -> TeamRecorded:
    """Add the team/ folder of a `staff read` to the history as team round `label` (group-level tables only)."""
    from curriculum_map.history.team import prepare_team_round

    label = check_label(label)
    prepared = prepare_team_round(folder, framework)  # read before the file is locked
    with open_history(path, write=True) as history:
        return history.add_team(label, prepared)
