"""The history of rounds: three rounds of the examples in one SQLite file, listed, shown, compared, drawn as a
trend that matches the rounds' own report folders, read back with pandas, upgraded from an older schema."""

from __future__ import annotations

import csv
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from conftest import REPO, run
from curriculum_map.core.report_files import file_hash
from curriculum_map.history.schema import MIGRATIONS, SCHEMA_VERSION

ROUNDS = ("2024-2025", "2025-2026", "2026-2027")
FRAMEWORK_VERSION = "2024-03-04"


def key(row: dict[str, str]) -> tuple[str, str, str, str]:
    """A series of trend.csv: programme, scope, item and field."""
    return row["programme_id"], row["scope"], row["item_id"], row["field"]


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def three_rounds(tmp_path_factory) -> tuple[Path, dict[str, Path]]:
    """The examples and two later rounds (answers changed by examples/make_rounds.py), each aggregated into
    its own report folder and added to one history with --round."""
    from make_rounds import make_rounds

    root = tmp_path_factory.mktemp("rounds")
    inboxes = make_rounds(root / "inbox")
    reports = {}
    for label in ROUNDS:
        out = root / "rapporten" / label
        result = run("aggregate", str(inboxes[label][0].parent), "--out", str(out), "--round", label, "--no-pictures")
        assert result.exit_code == 1, result.output  # the examples hold deliberate mistakes
        assert f"Ronde {label} toegevoegd aan " in result.stderr
        reports[label] = out
    # without --history the history lies beside the report folders
    history = root / "rapporten" / "curriculum-map.sqlite"
    assert history.is_file()
    return history, reports


@pytest.mark.slow
def test_history_list_shows_the_three_rounds_in_order(three_rounds):
    history, _ = three_rounds
    result = run("history", "list", "--history", str(history))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split()[:2] == ["Ronde", "Soort"]
    assert [line.split()[0] for line in lines[1:]] == list(ROUNDS)
    assert all(line.split()[1] == "dekking" and FRAMEWORK_VERSION in line for line in lines[1:])
    assert result.stderr == f"3 rondes in {history}\n"
    # 7 workbooks of 6 programmes, the last round without Orthopedagogie's second respondent
    listed = json.loads(run("history", "list", "--history", str(history), "--format", "json").stdout)
    assert [(r["label"], r["groups"], r["respondents"], r["errors"]) for r in listed] == [
        ("2024-2025", 6, 7, 2),
        ("2025-2026", 6, 7, 2),
        ("2026-2027", 6, 6, 2),
    ]
    english = run("history", "list", "--history", str(history), "--lang", "en")
    assert english.stdout.splitlines()[1].split()[:2] == ["2024-2025", "coverage"]


@pytest.mark.slow
def test_trend_matches_the_consensus_tables_of_the_three_folders(three_rounds, tmp_path):
    history, reports = three_rounds
    out = tmp_path / "groei"
    result = run("history", "trend", "--history", str(history), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert result.stderr == f"Groei over 3 rondes van 6 opleidingen. Resultaat in {out}\n"
    trend = rows(out / "trend.csv")
    for label, folder in reports.items():
        expected = {
            (r["programme_id"], r["item_type"], r["item_id"], r["field"]): r["consensus"]
            for r in rows(folder / "consensus.csv")
            if r["consensus"]
        }
        expected |= {
            (r["programme_id"], r["scope"], r["group_id"], r["field"]): r["mean"]
            for r in rows(folder / "summary.csv")
            if r["mean"]
        }
        found = {
            (r["programme_id"], r["scope"], r["item_id"], r["field"]): r["value"] for r in trend if r["round"] == label
        }
        assert found == expected, label
        dates = {r["round_date"] for r in trend if r["round"] == label}
        assert dates == {max(r["date"] for r in rows(folder / "respondents.csv"))}
    # the rounds differ: something grew, and the change is the difference with the round before
    changes = [float(r["change"]) for r in trend if r["change"]]
    assert any(c > 0 for c in changes) and len(changes) > 1000
    first = {
        (r["programme_id"], r["scope"], r["item_id"], r["field"]): float(r["value"])
        for r in trend
        if r["round"] == ROUNDS[0]
    }
    for r in trend:
        if r["round"] == ROUNDS[1] and (r["programme_id"], r["scope"], r["item_id"], r["field"]) in first:
            before = first[(r["programme_id"], r["scope"], r["item_id"], r["field"])]
            assert float(r["change"]) == pytest.approx(float(r["value"]) - before)
    # every programme's growth is drawn, and the page embeds the pictures
    programmes = sorted({r["programme_id"] for r in trend})
    assert len(programmes) == 6
    for name in ["trend-clusters", *(f"trend-{p}" for p in programmes)]:
        assert (out / f"{name}.png").read_bytes().startswith(b"\x89PNG"), name
    page = (out / "trend.html").read_text(encoding="utf-8")
    assert page.count("data:image/png;base64,") == 7
    assert "Groei over de rondes" in page and all(label in page for label in ROUNDS)
    assert "Sociale readaptatiewetenschappen" in page
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["kind"] == "trend" and manifest["files"]["trend.csv"] == file_hash(out / "trend.csv")


@pytest.mark.slow
def test_compare_with_the_history_gives_the_changes_of_comparing_the_folders(three_rounds, tmp_path):
    history, reports = three_rounds
    folders, rounds = tmp_path / "mappen", tmp_path / "rondes"
    by_folder = run("compare", str(reports["2024-2025"]), str(reports["2026-2027"]), "--out", str(folders))
    by_round = run("compare", "--history", str(history), "2024-2025", "2026-2027", "--out", str(rounds))
    assert by_folder.exit_code == by_round.exit_code == 0, by_round.output
    assert (rounds / "changes.csv").read_bytes() == (folders / "changes.csv").read_bytes()
    assert by_round.stdout.replace(str(rounds), "OUT") == by_folder.stdout.replace(str(folders), "OUT")
    assert {r["change"] for r in rows(rounds / "changes.csv")} >= {"up", "same"}

    unknown = run("compare", "--history", str(history), "2024-2025", "2030-2031", "--out", str(rounds))
    assert unknown.exit_code == 2
    assert unknown.output == (
        f"Fout: {history}: er is geen ronde '2030-2031'; de rondes zijn: 2024-2025, 2025-2026, 2026-2027\n"
    )
    crosswalk = run("compare", str(reports["2024-2025"]), str(reports["2026-2027"]), "--out", str(rounds),
                    "--crosswalk", str(tmp_path / "cw.yaml"))  # fmt: skip
    # two report folders are read through a crosswalk too (issue 25): one that does not exist is a usage error
    assert crosswalk.exit_code == 2 and "cw.yaml" in crosswalk.output


@pytest.mark.slow
def test_rounds_of_another_framework_version_need_a_crosswalk(three_rounds, tmp_path):
    history, reports = three_rounds
    copy = tmp_path / "h.sqlite"
    shutil.copy(history, copy)
    text = (REPO / "curriculum_map" / "data" / "framework.yaml").read_text(encoding="utf-8")
    newer = tmp_path / "kader-2027.yaml"
    newer.write_text(text.replace("version: '2024-03-04'", "version: '2027-01-01'"), encoding="utf-8")
    added = run("history", "add", str(reports["2026-2027"]), "--round", "2027-2028", "--history", str(copy),
                "--framework", str(newer))  # fmt: skip
    assert added.exit_code == 0, added.output
    refused = run("compare", "--history", str(copy), "2024-2025", "2027-2028", "--out", str(tmp_path / "c"))
    assert refused.exit_code == 2
    assert "2024-2025: onlinehulp-vlaanderen.digitale-competenties-sociaal-agogisch 2024-03-04" in refused.output
    assert "2027-2028: onlinehulp-vlaanderen.digitale-competenties-sociaal-agogisch 2027-01-01" in refused.output
    assert "--crosswalk" in refused.output
    crosswalk = tmp_path / "crosswalk.yaml"
    crosswalk.write_text(
        "from_version: '2024-03-04'\nto_version: '2027-01-01'\nmap:\n  '1.1': '1.1'\n", encoding="utf-8"
    )
    compared = run("compare", "--history", str(copy), "2024-2025", "2027-2028", "--out", str(tmp_path / "c"),
                   "--crosswalk", str(crosswalk))  # fmt: skip
    assert compared.exit_code == 0, compared.output
    same = run("compare", "--history", str(history), "2024-2025", "2026-2027", "--out", str(tmp_path / "d"))
    assert (tmp_path / "c" / "changes.csv").read_bytes() == (tmp_path / "d" / "changes.csv").read_bytes()
    assert same.exit_code == 0
    trend = run("history", "trend", "--history", str(copy), "--out", str(tmp_path / "t"), "--no-pictures")
    assert trend.exit_code == 2 and "--crosswalk" in trend.output
    trend = run("history", "trend", "--history", str(copy), "--out", str(tmp_path / "t"), "--no-pictures",
                "--crosswalk", str(crosswalk))  # fmt: skip
    assert trend.exit_code == 0, trend.output
    assert {r["round"] for r in rows(tmp_path / "t" / "trend.csv")} == {*ROUNDS, "2027-2028"}


@pytest.mark.slow
def test_show_add_and_remove_a_round(three_rounds, tmp_path):
    history, reports = three_rounds
    copy = tmp_path / "h.sqlite"
    shutil.copy(history, copy)
    shown = run("history", "show", "2024-2025", "--history", str(copy), "--lang", "en")
    assert shown.exit_code == 0, shown.output
    lines = shown.stdout.splitlines()
    assert lines[0].startswith("Round 2024-2025 (coverage): data of 2025-06-05, added on ")
    assert (
        lines[1]
        == f"  Framework: onlinehulp-vlaanderen.digitale-competenties-sociaal-agogisch, version {FRAMEWORK_VERSION}"
    )
    assert lines[2] == f"  From the report folder: {reports['2024-2025'].resolve()}"
    assert lines[3] == "  7 respondents, 1,192 answers; 2 errors, 0 warnings"
    orthopedagogie = next(line.split() for line in lines if line.strip().startswith("Orthopedagogie"))
    assert orthopedagogie[1:3] == ["2", "366"]

    again = run("history", "add", str(reports["2024-2025"]), "--round", "2024-2025", "--history", str(copy))
    assert again.exit_code == 0
    assert again.stderr.startswith(f"Ronde 2024-2025 vervangen in {copy} (dezelfde naam)")
    assert len(json.loads(run("history", "list", "--history", str(copy), "--format", "json").stdout)) == 3

    declined = run("history", "remove", "2025-2026", "--history", str(copy), input="n\n")
    assert declined.exit_code == 1
    assert "Ronde 2025-2026 (dekking) definitief verwijderen uit" in declined.stderr
    assert declined.stderr.endswith("Niets verwijderd: ronde 2025-2026 blijft.\n")
    no_answer = run("history", "remove", "2025-2026", "--history", str(copy), input="")
    assert no_answer.exit_code == 1
    removed = run("history", "remove", "2025-2026", "--history", str(copy), input="j\n")
    assert removed.exit_code == 0, removed.output
    assert removed.stdout == f"Ronde 2025-2026 (dekking) verwijderd uit {copy}.\n"
    gone = run("history", "remove", "2024-2025", "--history", str(copy), "--yes")
    assert gone.exit_code == 0
    listed = json.loads(run("history", "list", "--history", str(copy), "--format", "json").stdout)
    assert [(r["label"], r["order"]) for r in listed] == [("2026-2027", 1)]
    with sqlite3.connect(copy) as connection:
        counts = {t: connection.execute(f"SELECT COUNT(DISTINCT round_id) FROM {t}").fetchone()[0]
                  for t in ("round_responses", "round_consensus", "round_summary", "round_respondents")}  # fmt: skip
        assert counts == dict.fromkeys(counts, 1)
        assert connection.execute("SELECT COUNT(*) FROM frameworks").fetchone()[0] == 1


@pytest.mark.slow
def test_read_history_gives_every_round_with_the_numbers_of_its_report(three_rounds):
    import pandas as pd

    import curriculum_map as cm

    history, reports = three_rounds
    tables = cm.read_history(history)
    assert list(tables.rounds["round"]) == list(ROUNDS)
    assert tables.consensus["round"].cat.ordered and list(tables.consensus["round"].cat.categories) == list(ROUNDS)
    for label, folder in reports.items():
        report = cm.read_report(folder)
        kept = tables.consensus[tables.consensus["round"] == label].drop(columns="round").reset_index(drop=True)
        pd.testing.assert_frame_equal(kept, report.consensus, check_categorical=False)
    growth = tables.summary.query("scope == 'cluster' and field == 'level'").pivot_table(
        index=["programme", "group_id"], columns="round", values="mean", observed=True
    )
    assert list(growth.columns) == list(ROUNDS) and len(growth) == 6 * 9


def test_a_history_of_the_previous_schema_version_opens_and_upgrades(tmp_path):
    """A file written by schema version 1 (coverage rounds only) is read, upgraded by adding, and written to."""
    path = tmp_path / "oud.sqlite"
    with sqlite3.connect(path) as connection:
        connection.executescript((REPO / "tests" / "data" / "history-v1.sql").read_text(encoding="utf-8"))
        assert connection.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] == 1
    listed = run("history", "list", "--history", str(path), "--format", "json")
    assert listed.exit_code == 0, listed.output
    assert [(r["label"], r["framework_id"], r["respondents"]) for r in json.loads(listed.stdout)] == [
        ("2023-2024", "mijn-organisatie.digitale-competenties", 1)
    ]
    with sqlite3.connect(path) as connection:
        versions = [row[0] for row in connection.execute("SELECT version FROM schema_version ORDER BY version")]
        assert versions == [m.version for m in MIGRATIONS] and versions[-1] == SCHEMA_VERSION
        assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert {"position_consensus", "position_responses"} <= {
            row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'view'")
        }
        assert connection.execute("SELECT COUNT(*) FROM consensus WHERE round = '2023-2024'").fetchone()[0] > 0
    # the old round keeps its own framework (another one than the built-in) and draws a trend
    trend = run("history", "trend", "--history", str(path), "--out", str(tmp_path / "t"), "--no-pictures")
    assert trend.exit_code == 0, trend.output
    values = {(r["scope"], r["item_id"], r["field"]): r["value"] for r in rows(tmp_path / "t" / "trend.csv")}
    assert values[("component", "1.1", "level")] == "1" and values[("component", "1.2", "level")] == "2"
    import curriculum_map as cm

    assert list(cm.read_history(path).consensus.query("answered > 0")["item_id"]) == ["1.1", "1.1", "1.2"]


def test_a_newer_history_is_read_but_not_written(tmp_path, fill):
    path = tmp_path / "nieuw.sqlite"
    with sqlite3.connect(path) as connection:
        connection.executescript((REPO / "tests" / "data" / "history-v1.sql").read_text(encoding="utf-8"))
        connection.execute("INSERT INTO schema_version VALUES (99, '2030-01-01', '9.0', 'from the future')")
    assert run("history", "list", "--history", str(path)).exit_code == 0
    workbook = fill("sociaal-werk", "a.xlsx", {("matrix", "1.1", "level"): "geoefend"})
    refused = run("aggregate", str(workbook.parent), "--out", str(tmp_path / "r"), "--history", str(path),
                  "--round", "x", "--no-pictures")  # fmt: skip
    assert refused.exit_code == 2
    assert refused.output == (
        f"Fout: {path}: is geschreven door een nieuwere curriculum-map (schema 99, deze versie kent tot "
        f"{SCHEMA_VERSION}); werk curriculum-map bij om er rondes aan toe te voegen\n"
    )
    assert not (tmp_path / "r").exists(), "checked before any workbook is read"


def test_round_options_are_checked_before_reading(tmp_path, fill):
    workbook = fill("sociaal-werk", "a.xlsx", {("matrix", "1.1", "level"): "geoefend"})
    out = tmp_path / "r"
    no_round = run("aggregate", str(workbook.parent), "--out", str(out), "--history", str(tmp_path / "h.sqlite"))
    assert no_round.exit_code == 2
    assert no_round.output.startswith("Fout: --history vraagt ook --round LABEL")
    bad = run("aggregate", str(workbook.parent), "--out", str(out), "--round", "  ", "--lang", "en")
    assert bad.exit_code == 2 and bad.output.startswith("Error: '  ' cannot be the name of a round")
    not_sqlite = tmp_path / "notes.sqlite"
    not_sqlite.write_text("dit is geen database\n" * 100, encoding="utf-8")
    refused = run("aggregate", str(workbook.parent), "--out", str(out), "--history", str(not_sqlite), "--round", "x")
    assert refused.exit_code == 2
    assert (
        refused.output
        == f"Fout: {not_sqlite}: is geen geschiedenis van curriculum-map (geen SQLite-bestand, of beschadigd)\n"
    )
    assert not out.exists()
    foreign = tmp_path / "ander.sqlite"
    with sqlite3.connect(foreign) as connection:
        connection.execute("CREATE TABLE klanten (naam TEXT)")
    assert "een SQLite-bestand van een ander programma" in run("history", "list", "--history", str(foreign)).output
    assert run("history", "list", "--history", str(tmp_path / "nergens.sqlite")).output.startswith(
        f"Fout: {tmp_path / 'nergens.sqlite'}: hier is nog geen geschiedenis"
    )
    assert not (tmp_path / "nergens.sqlite").exists(), "reading never creates a file"
    # --strict with problems writes no report: no round either, and the command says so
    broken = fill("sociaal-werk", "b.xlsx", {("matrix", "1.2", "level"): "goed"})
    strict = run("aggregate", str(broken.parent), "--out", str(out), "--strict", "--round", "x",
                 "--history", str(tmp_path / "h.sqlite"), "--no-pictures")  # fmt: skip
    assert strict.exit_code == 1
    assert "Er is geen rapport geschreven, dus ook geen ronde toegevoegd aan" in strict.stderr
    assert not (tmp_path / "h.sqlite").exists()


def test_labels_sort_as_people_read_them():
    from curriculum_map.history.store import check_label, label_order

    labels = ["ronde 10", "2025-2026", "ronde 9", "2024-2025", "2024-2025 (herkansing)"]
    assert sorted(labels, key=label_order) == [
        "2024-2025",
        "2024-2025 (herkansing)",
        "2025-2026",
        "ronde 9",
        "ronde 10",
    ]
    assert check_label("  2026 -  2027 ") == "2026 - 2027"
    for bad in ("", "x" * 61, "2026;DROP TABLE", "-2026"):
        with pytest.raises(Exception, match="round|ronde"):
            check_label(bad)


BAD_INPUT = {
    "history list": (["history", "list", "--history", "{missing}"], 2),
    "history show": (["history", "show", "2099", "--history", "{history}"], 2),
    "history remove": (["history", "remove", "2023-2024", "--history", "{history}"], 1),
    "history add": (["history", "add", "{empty}", "--round", "2024", "--history", "{history}"], 2),
    "history add (label)": (["history", "add", "{empty}", "--round", "?", "--history", "{history}"], 2),
    "history trend": (["history", "trend", "--history", "{not-sqlite}", "--out", "{out}"], 2),
    "compare --history": (["compare", "--history", "{history}", "2023-2024", "2099", "--out", "{out}"], 2),
    "aggregate --history": (["aggregate", "{empty}", "--out", "{out}", "--history", "{history}"], 2),
}


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("name", list(BAD_INPUT))
def test_history_commands_with_bad_input_speak_one_language(name, lang, tmp_path):
    from test_messages import foreign_words

    history = tmp_path / "h.sqlite"
    with sqlite3.connect(history) as connection:
        connection.executescript((REPO / "tests" / "data" / "history-v1.sql").read_text(encoding="utf-8"))
    (tmp_path / "leeg").mkdir()
    (tmp_path / "notes.sqlite").write_text("geen database\n" * 50, encoding="utf-8")
    places = {"missing": tmp_path / "nergens.sqlite", "history": history, "empty": tmp_path / "leeg",
              "not-sqlite": tmp_path / "notes.sqlite", "out": tmp_path / "uit"}  # fmt: skip
    args, status = BAD_INPUT[name]
    filled = [arg.format(**places) if arg.startswith("{") else arg for arg in args]
    result = run(*filled, "--lang", lang, input="")
    assert result.exit_code == status, result.output
    assert "Traceback" not in result.output and result.output.strip()
    assert foreign_words(result.output, lang, tmp_path) == set(), result.output
    if status == 2:
        assert result.output.splitlines()[-1].startswith({"nl": "Fout: ", "en": "Error: "}[lang]), result.output
