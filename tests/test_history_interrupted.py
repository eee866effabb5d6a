"""Writing the history: a killed or interrupted aggregate leaves it as it was; two at once both land, in turn.

The tool runs as a user starts it, in a process of its own. To stop it at a chosen point, the
process is started through a small script that wraps the function inserting a table's rows: after
the chosen table it writes a marker file and sleeps, inside the round's transaction.
"""

from __future__ import annotations

import hashlib
import json
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import EXAMPLES, run

pytestmark = [pytest.mark.slow, pytest.mark.skipif(sys.platform == "win32", reason="signals")]

PAUSING = r"""
import sys, time
from pathlib import Path
import curriculum_map.history.store as store

marker, table, seconds, cache = Path(sys.argv[1]), sys.argv[2], float(sys.argv[3]), int(sys.argv[4])
insert, connect = store._insert_rows, store._connect


def small_cache(path, mode):
    # a cache of a few pages makes SQLite write changed pages into the file before the commit
    connection = connect(path, mode)
    connection.execute(f"PRAGMA cache_size = {cache}")
    return connection


def pausing(connection, name, columns, rows):
    insert(connection, name, columns, rows)
    if name == table:
        marker.write_text("inside the round's transaction", encoding="utf-8")
        time.sleep(seconds)

store._insert_rows = pausing
if cache:
    store._connect = small_cache
sys.argv = ["curriculum-map", *sys.argv[5:]]
from curriculum_map.cli import main
main()
"""
EXAMPLE_ANSWERS = 1192  # responses.csv of the examples


def aggregate_command(out: Path, history: Path, label: str) -> list[str]:
    return ["aggregate", str(EXAMPLES), "--out", str(out), "--history", str(history), "--round", label,
            "--no-pictures", "--jobs", "1"]  # fmt: skip


def start(
    tmp: Path, name: str, arguments: list[str], pause_after: str | None = None, seconds: float = 120, cache: int = 0
):
    """The tool in a process of its own, paused inside the round's transaction after `pause_after` if given."""
    log = (tmp / f"{name}.log").open("wb")
    if pause_after is None:
        command = [sys.executable, "-m", "curriculum_map", *arguments]
    else:
        marker = str(tmp / f"{name}.marker")
        command = [sys.executable, "-c", PAUSING, marker, pause_after, str(seconds), str(cache), *arguments]
    return subprocess.Popen(command, stdout=log, stderr=log)


def wait_for(marker: Path, process: subprocess.Popen, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while not marker.exists():
        assert process.poll() is None, "the run ended before it reached the chosen point"
        assert time.monotonic() < deadline, "the run did not reach the chosen point"
        time.sleep(0.05)


def snapshot(history: Path) -> dict[str, object]:
    """Everything in the history, table by table (read without changing it)."""
    with sqlite3.connect(f"file:{history}?mode=ro", uri=True) as connection:
        tables = [
            row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY 1")
        ]
        return {t: sorted(map(repr, connection.execute(f"SELECT * FROM {t}"))) for t in tables}


def integrity(history: Path) -> str:
    with sqlite3.connect(history) as connection:
        return connection.execute("PRAGMA integrity_check").fetchone()[0]


def listed(history: Path) -> list[tuple[str, int]]:
    result = run("history", "list", "--history", str(history), "--format", "json")
    assert result.exit_code == 0, result.output
    return [(r["label"], r["responses"]) for r in json.loads(result.stdout)]


@pytest.fixture
def history(tmp_path) -> Path:
    """A history with one round (the examples as 2024-2025)."""
    path = tmp_path / "curriculum-map.sqlite"
    result = run(*aggregate_command(tmp_path / "r2024", path, "2024-2025"))
    assert result.exit_code == 1, result.output
    return path


@pytest.mark.parametrize(("table", "cache"), [("round_responses", 0), ("round_respondents", 0), ("round_summary", 5)])
def test_an_aggregate_killed_while_writing_leaves_the_history_as_it_was(history, tmp_path, table, cache):
    before, data = history.read_bytes(), snapshot(history)
    out = tmp_path / "r2025"
    process = start(tmp_path, "killed", aggregate_command(out, history, "2025-2026"), table, cache=cache)
    wait_for(tmp_path / "killed.marker", process)
    assert Path(f"{history}-journal").exists(), "the round was being written when the process was killed"
    if cache:  # pages of the unfinished round are in the file itself: opening it must roll them back
        assert history.read_bytes() != before
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)

    assert listed(history) == [("2024-2025", EXAMPLE_ANSWERS)]  # opening rolls the unfinished write back
    assert integrity(history) == "ok"
    assert snapshot(history) == data
    assert hashlib.sha256(history.read_bytes()).digest() == hashlib.sha256(before).digest()
    # the report was written before the round: it is complete and can be added later
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["complete"] and "consensus.csv" in manifest["files"]
    added = run("history", "add", str(out), "--round", "2025-2026", "--history", str(history))
    assert added.exit_code == 0, added.output
    assert listed(history) == [("2024-2025", EXAMPLE_ANSWERS), ("2025-2026", EXAMPLE_ANSWERS)]


def test_an_aggregate_stopped_while_writing_rolls_back_and_says_so(history, tmp_path):
    data = snapshot(history)
    process = start(tmp_path, "stopped", aggregate_command(tmp_path / "r", history, "2025-2026"), "round_consensus")
    wait_for(tmp_path / "stopped.marker", process)
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=60) == 130
    log = (tmp_path / "stopped.log").read_text(encoding="utf-8")
    assert "onderbroken" in log and "Traceback" not in log
    assert snapshot(history) == data and integrity(history) == "ok"


def ended(*processes: subprocess.Popen, timeout: float = 300) -> list[float]:
    """Wait for every process; when each one ended (monotonic seconds)."""
    times: dict[int, float] = {}
    deadline = time.monotonic() + timeout
    while len(times) < len(processes):
        assert time.monotonic() < deadline
        for index, process in enumerate(processes):
            if index not in times and process.poll() is not None:
                times[index] = time.monotonic()
        time.sleep(0.05)
    return [times[i] for i in range(len(processes))]


def test_two_aggregates_writing_at_once_both_land_one_after_the_other(history, tmp_path):
    # the first holds the history's write lock for 8 seconds; the second needs about 3 to read its workbooks
    first = start(tmp_path, "first", aggregate_command(tmp_path / "a", history, "2025-2026"), "round_responses", 8)
    wait_for(tmp_path / "first.marker", first)
    commits = time.monotonic() + 8  # the first commits after its pause, not before
    second = start(tmp_path, "second", aggregate_command(tmp_path / "b", history, "2026-2027"))
    _, second_ended = ended(first, second)
    assert (first.returncode, second.returncode) == (1, 1), (tmp_path / "second.log").read_text(encoding="utf-8")
    assert second_ended > commits, "the second writer waited for the first one's transaction"
    for name in ("first", "second"):
        assert "toegevoegd aan" in (tmp_path / f"{name}.log").read_text(encoding="utf-8")
    assert listed(history) == [(label, EXAMPLE_ANSWERS) for label in ("2024-2025", "2025-2026", "2026-2027")]
    assert integrity(history) == "ok"
    with sqlite3.connect(history) as connection:
        per_round = connection.execute("SELECT round, COUNT(*) FROM consensus GROUP BY round").fetchall()
        order = connection.execute("SELECT label FROM rounds ORDER BY round_id").fetchall()
    assert len({count for _, count in per_round}) == 1 and len(per_round) == 3
    assert order == [("2024-2025",), ("2025-2026",), ("2026-2027",)]


def test_two_aggregates_of_the_same_round_at_once_leave_one_whole_round(history, tmp_path):
    first = start(tmp_path, "first", aggregate_command(tmp_path / "a", history, "2025-2026"), "round_consensus", 3)
    wait_for(tmp_path / "first.marker", first)
    second = start(tmp_path, "second", aggregate_command(tmp_path / "b", history, "2025-2026"))
    ended(first, second)
    assert (first.returncode, second.returncode) == (1, 1)
    logs = [(tmp_path / f"{name}.log").read_text(encoding="utf-8") for name in ("first", "second")]
    assert "Ronde 2025-2026 toegevoegd" in logs[0] and "Ronde 2025-2026 vervangen" in logs[1]
    assert listed(history) == [("2024-2025", EXAMPLE_ANSWERS), ("2025-2026", EXAMPLE_ANSWERS)]
    assert integrity(history) == "ok"
    with sqlite3.connect(history) as connection:
        sources = connection.execute("SELECT source FROM rounds WHERE label = '2025-2026'").fetchall()
        counts = connection.execute("SELECT COUNT(*) FROM consensus WHERE round = '2025-2026'").fetchone()[0]
    assert sources == [(str((tmp_path / "b").resolve()),)], "the second run's round replaced the first"
    assert counts == connection_count(history, "2024-2025")


def connection_count(history: Path, label: str) -> int:
    with sqlite3.connect(history) as connection:
        return connection.execute("SELECT COUNT(*) FROM consensus WHERE round = ?", (label,)).fetchone()[0]
