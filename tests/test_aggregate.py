"""`curriculum-map aggregate` and `validate` end to end: fill workbooks, aggregate, check every number."""

from __future__ import annotations

import csv
import hashlib
import math
import os
import statistics
from pathlib import Path

import openpyxl
import pytest

from conftest import EXAMPLES, REPO
from conftest import run as run_cli
from curriculum_map.core.tables import table
from curriculum_map.coverage import report
from curriculum_map.framework import load_framework
from curriculum_map.workbook.layout import COMPETENCES, INPUT_FIELDS, MATRIX

LABELS = ["komt niet aan bod", "exemplarisch", "goed gekaderd", "geoefend"]


def run(*args: str):
    """Run the CLI; aggregate skips the pictures here (tests/test_report.py covers them)."""
    extra = ["--no-pictures"] if args and args[0] == "aggregate" else []
    return run_cli(*args, *extra)


def read_csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), f"{path.name} has no byte-order mark"
    return list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))


def digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture
def three_respondents(fill):
    """Two Orthopedagogie lecturers who disagree, one Sociaal werk lecturer; scores chosen per component."""
    ortho_a = {"1.1": 3, "1.2": 1, "1.3": 0, "2.1": 2, "5.2": 3}
    ortho_b = {"1.1": 1, "1.2": 2, "1.3": 0, "2.1": 2, "9.3": 1}
    social = {"1.1": 2, "1.2": 3, "1.3": 3, "9.3": 0}
    answers = {}
    for name, scores, ambition_step in (("a", ortho_a, 1), ("b", ortho_b, 0), ("s", social, 0)):
        answers[name] = {("matrix", k, "level"): LABELS[v] for k, v in scores.items()}
        answers[name].update({("matrix", k, "ambition"): LABELS[min(3, v + ambition_step)] for k, v in scores.items()})
    answers["a"][("competences", "1.1.1", "level")] = "geoefend"
    answers["a"][("matrix", "1.1", "evidence")] = "Inclusie (1e bach)"
    answers["s"][("matrix", "1.2", "comment")] = '=HYPERLINK("http://x","klik")'
    fill("orthopedagogie", "Ortho A.xlsx", answers["a"], {"name": "Ann", "role": "lector", "date": "2025-05-01"})
    fill("orthopedagogie", "Ortho B.xlsx", answers["b"], {"name": "Bert", "role": "lector", "date": "2025-05-02"})
    saar = {"name": "Saar", "role": "hoofd", "date": "2025-05-03"}
    path = fill("sociaal-werk", "Sociaal werk.xlsx", answers["s"], saar)
    return path.parent, {"orthopedagogie": [ortho_a, ortho_b], "sociaal-werk": [social]}


def test_responses_csv_has_one_row_per_answered_cell(three_respondents, tmp_path):
    folder, scores = three_respondents
    out = tmp_path / "out"
    result = run("aggregate", str(folder), "--out", str(out))
    assert result.exit_code == 0  # four programmes are missing: a note, not a problem with the inputs
    rows = read_csv(out / "responses.csv")
    assert tuple(rows[0])[:10] == table("responses").names[:10]
    expected = sum(2 * len(s) for group in scores.values() for s in group) + 1
    assert len(rows) == expected
    first = rows[0]
    assert {k: first[k] for k in table("responses").names[:10]} == {
        "file": "Ortho A.xlsx",
        "sheet": "Matrix",
        "cell": "D9",
        "programme": "Orthopedagogie",
        "respondent": "Ann",
        "item_id": "1.1",
        "item_type": "component",
        "field": "level",
        "label": "geoefend",
        "score": "3",
    }
    assert first["evidence"] == "Inclusie (1e bach)"
    competence = [r for r in rows if r["item_type"] == "competence"]
    assert [(r["item_id"], r["cell"], r["label"]) for r in competence] == [("1.1.1", "C8", "geoefend")]
    hyperlink = [r for r in rows if r["respondent"] == "Saar" and r["item_id"] == "1.2"]
    assert all(r["comment"] == '\'=HYPERLINK("http://x","klik")' for r in hyperlink)


def test_coverage_xlsx_shows_the_consensus_computed_here(three_respondents, tmp_path):
    folder, scores = three_respondents
    out = tmp_path / "out"
    run("aggregate", str(folder), "--out", str(out))
    wb = openpyxl.load_workbook(out / "coverage.xlsx")
    ws = wb["Overzicht"]
    header = [c.value for c in ws[4]]
    assert header[:3] == ["ID", "Cluster", "Component"]  # the focus is in the summary: a narrower printed page
    columns = {"orthopedagogie": header.index("Orthoped. (n=2)"), "sociaal-werk": header.index("Sociaal werk (n=1)")}
    rows = {ws.cell(r, 1).value: r for r in range(5, ws.max_row + 1)}
    assert len(rows) == 27
    for programme, sheets in scores.items():
        for item_id, row in rows.items():
            values = [s[item_id] for s in sheets if item_id in s]
            expected = LABELS[math.floor(statistics.median(values))] if values else "niet beantwoord"
            assert ws.cell(row, columns[programme] + 1).value == expected, (programme, item_id)
            spread = ws.cell(row, columns[programme] + 2).value
            # the range of the answers ("1–3", or "2" when they agree), not a "±" difference
            answers = None if len(values) < 2 else "–".join(dict.fromkeys(map(str, (min(values), max(values)))))
            assert spread == answers, (programme, item_id)

    summary = wb["Samenvatting"]
    cluster_rows = {summary.cell(r, 1).value: r for r in range(5, 14)}
    sw_col = [c.value for c in summary[4]].index("Sociaal werk") + 1
    # cluster 1 for Sociaal werk: components 1.1, 1.2, 1.3 = 2, 3, 3
    assert summary.cell(cluster_rows["1"], sw_col).value == pytest.approx((2 + 3 + 3) / 3)

    ambitions = wb["Ambities"]
    amb_header = [c.value for c in ambitions[4]]
    assert amb_header == ["Opleiding", "ID", "Cluster", "Component", "Huidig niveau", "Ambitie (toekomst)", "Verschil"]
    # Orthopedagogie 1.2: current median(1,2)=1.5 -> 1; ambition median(2,2)=2 -> difference 1
    rows = {(row[0], row[1]): row for row in ambitions.iter_rows(min_row=5, values_only=True)}
    assert rows[("Orthopedagogie", "1.2")][6] == 1

    respondents = wb["Respondenten"]
    names = [respondents.cell(r, 2).value for r in range(5, 8)]
    assert names == ["Ann", "Bert", "Saar"]
    missing = [respondents.cell(r, 1).value for r in range(1, respondents.max_row + 1)]
    assert "Gezinswetenschappen" in missing and "Toegepaste psychologie" in missing


def test_gaps_list_what_no_programme_practises_or_covers(three_respondents, tmp_path):
    folder, _ = three_respondents
    out = tmp_path / "out"
    run("aggregate", str(folder), "--out", str(out))
    ws = openpyxl.load_workbook(out / "coverage.xlsx")["Hiaten"]
    cells = [[c.value for c in row] for row in ws.iter_rows()]
    titles = [i for i, row in enumerate(cells) if row[0] and str(row[0]).startswith(("In geen", "Door geen"))]
    sections = {}
    for start, end in zip(titles, titles[1:] + [len(cells)], strict=True):
        sections.setdefault(cells[start][0], []).append(
            [row[1] for row in cells[start + 2 : end] if row[1] and row[0] in ("component", "competentie")]
        )
    not_practised = sections["In geen enkele opleiding 'geoefend'"][0]
    not_covered = sections["In geen enkele opleiding aan bod (overal 'komt niet aan bod')"][0]
    # Orthopedagogie: 1.1 median(3,1)=2; 1.2 median(1,2)=1; 2.1=2; 5.2=3; 9.3=1.
    # Sociaal werk: 1.2=3, 1.3=3, 1.1=2, 9.3=0.
    assert "1.1" in not_practised and "2.1" in not_practised and "9.3" in not_practised
    assert "1.2" not in not_practised and "5.2" not in not_practised and "1.3" not in not_practised
    assert not_covered == []


def test_problems_csv_and_exit_status(fill, tmp_path):
    path = fill("sociaal-werk", "Sociaal werk.xlsx", {("matrix", "1.1", "level"): "goed"}, {"name": "Els"})
    out = tmp_path / "out"
    result = run("aggregate", str(path), "--out", str(out))
    assert result.exit_code == 1
    assert 'Matrix!D9: "goed" is geen geldig niveau; bedoelde je "goed gekaderd"?' in result.output
    rows = read_csv(out / "problems.csv")
    assert tuple(rows[0]) == table("problems").names
    assert rows[0]["code"] == "invalid-level-suggestion" and rows[0]["cell"] == "D9"
    assert rows[0]["severity"] == "error"
    english = run("aggregate", str(path), "--out", str(out), "--lang", "en")
    assert 'did you mean "goed gekaderd"?' in english.output
    assert "did you mean" in (out / "problems.csv").read_text(encoding="utf-8-sig")


def test_clean_input_exits_zero(fill, framework, tmp_path):
    folder = tmp_path / "alle"
    for programme in framework.programmes:
        fill(
            programme.id,
            f"{programme.id}.xlsx",
            {("matrix", "1.1", "level"): "geoefend"},
            {"name": "X"},
            folder=folder if folder.exists() or folder.mkdir() is None else folder,
        )
    result = run("aggregate", str(folder), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert result.output.startswith("6 werkmappen verwerkt van 6 opleidingen; 0 fouten")


def test_strict_writes_no_report_and_removes_a_stale_one(fill, tmp_path):
    path = fill("sociaal-werk", "s.xlsx", {("matrix", "1.1", "level"): "goed"})
    out = tmp_path / "out"
    run("aggregate", str(path), "--out", str(out))
    assert (out / "coverage.xlsx").exists()
    result = run("aggregate", str(path), "--out", str(out), "--strict")
    assert result.exit_code == 1
    assert sorted(p.name for p in out.iterdir()) == ["datapackage.json", "manifest.json", "problems.csv"]
    assert "--strict" in result.output


def test_same_respondent_twice_keeps_the_newest(fill, tmp_path):
    fill(
        "sociaal-werk", "oud.xlsx", {("matrix", "1.1", "level"): "exemplarisch"}, {"name": "Els", "date": "2025-01-10"}
    )
    path = fill(
        "sociaal-werk", "nieuw.xlsx", {("matrix", "1.1", "level"): "geoefend"}, {"name": " els ", "date": "2025-03-01"}
    )
    out = tmp_path / "out"
    run("aggregate", str(path.parent), "--out", str(out))
    responses = read_csv(out / "responses.csv")
    assert [(r["file"], r["label"]) for r in responses] == [("nieuw.xlsx", "geoefend")]
    problems = read_csv(out / "problems.csv")
    duplicate = [p for p in problems if p["code"] == "duplicate-submission"]
    assert [(p["file"], p["severity"]) for p in duplicate] == [("oud.xlsx", "warning")]
    assert "nieuw.xlsx" in duplicate[0]["message"]


def test_inputs_are_never_modified_and_nothing_half_written(three_respondents, tmp_path, monkeypatch):
    folder, _ = three_respondents
    before = digest(folder)
    out = tmp_path / "out"
    run("aggregate", str(folder), "--out", str(out))
    assert digest(folder) == before
    previous = (out / "coverage.xlsx").read_bytes()

    def broken(*args, **kwargs):
        raise RuntimeError("power cut")

    monkeypatch.setattr(report, "write_coverage_xlsx", broken)
    with pytest.raises(RuntimeError):
        report.run_aggregate([folder], load_framework(), out)
    assert (out / "coverage.xlsx").read_bytes() == previous
    assert not [p for p in out.iterdir() if p.name.startswith(".tmp-")]


def input_cells(path: Path) -> list[tuple[str, str, str, str]]:
    """Every non-empty input cell of a filled workbook: (sheet, cell, field, value)."""
    wb = openpyxl.load_workbook(path)
    found = []
    for layout, sheet in ((MATRIX, "Matrix"), (COMPETENCES, "Competenties")):
        ws = wb[sheet]
        for row in range(layout.first_data_row, ws.max_row + 1):
            for field in INPUT_FIELDS:
                cell = ws.cell(row, layout.column(field) + 1)
                if cell.value not in (None, ""):
                    found.append((sheet, cell.coordinate, field, str(cell.value)))
    return found


def test_nothing_is_lost_in_the_examples(tmp_path):
    out = tmp_path / "out"
    run("aggregate", str(EXAMPLES), "--out", str(out))
    responses = read_csv(out / "responses.csv")
    problems = read_csv(out / "problems.csv")
    by_cell = {(r["file"], r["sheet"], r["cell"]) for r in responses}
    by_cell |= {(p["file"], p["sheet"], p["cell"]) for p in problems}
    texts = {(r["file"], r["sheet"], r["cell"][1:], r[f]) for r in responses for f in ("evidence", "comment") if r[f]}
    checked = 0
    for path in sorted((EXAMPLES).glob("*.xlsx")):
        for sheet, cell, field, value in input_cells(path):
            checked += 1
            if field in ("level", "ambition"):
                assert (path.name, sheet, cell) in by_cell, (path.name, sheet, cell, value)
            else:
                shown = "'" + value if value.startswith(("=", "+", "-", "@")) else value
                row = cell.lstrip("ABCDEFGHIJ")
                assert (path.name, sheet, row, shown) in texts or (path.name, sheet, cell) in by_cell, (
                    path.name,
                    sheet,
                    cell,
                    value,
                )
    assert checked > 500


def test_examples_are_up_to_date(tmp_path):
    from make_examples import POSITION_EXAMPLES, PROGRAMME_EXAMPLES, make_examples, make_position_examples

    fresh = make_examples(tmp_path / PROGRAMME_EXAMPLES) + make_position_examples(tmp_path / POSITION_EXAMPLES)
    folders = (PROGRAMME_EXAMPLES, POSITION_EXAMPLES)
    committed = [path for folder in folders for path in sorted((REPO / "examples" / folder).glob("*.xlsx"))]
    assert sorted(p.relative_to(REPO / "examples") for p in committed) == sorted(p.relative_to(tmp_path) for p in fresh)
    for path in committed:
        old = openpyxl.load_workbook(path)
        new = openpyxl.load_workbook(tmp_path / path.relative_to(REPO / "examples"))
        for ws in old.worksheets:
            assert [[c.value for c in r] for r in ws.iter_rows()] == [
                [c.value for c in r] for r in new[ws.title].iter_rows()
            ], f"examples/{path.name} ({ws.title}) is out of date: run python examples/make_examples.py"


def test_examples_show_disagreement_and_problems(tmp_path):
    out = tmp_path / "out"
    result = run("aggregate", str(EXAMPLES), "--out", str(out))
    assert result.exit_code == 1
    problems = read_csv(out / "problems.csv")
    assert {p["file"] for p in problems if p["severity"] == "error"} == {"Toegepaste psychologie - Gert Jacobs.xlsx"}
    responses = read_csv(out / "responses.csv")
    ortho = {}
    for r in responses:
        if r["programme"] == "Orthopedagogie" and r["item_type"] == "component" and r["field"] == "level":
            ortho.setdefault(r["item_id"], set()).add(int(r["score"]))
    disagreements = [k for k, v in ortho.items() if max(v) - min(v) >= 1]
    assert len(disagreements) >= 5


def test_validate_reports_and_sets_the_exit_status(fill, tmp_path):
    clean = fill("sociaal-werk", "goed.xlsx", {("matrix", "1.1", "level"): "geoefend"}, {"name": "Els"})
    result = run("validate", str(clean))
    assert result.exit_code == 0
    assert result.output.strip() == (
        "1 bestand nagekeken: 1 zonder problemen; 0 fouten, 0 waarschuwingen, 0 opmerkingen."
    )
    bad = fill("sociaal-werk", "fout.xlsx", {("matrix", "1.1", "level"): "goed"}, {"name": "Els"})
    result = run("validate", str(clean), str(bad))
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert lines[0] == f'{bad}: Matrix!D9: "goed" is geen geldig niveau; bedoelde je "goed gekaderd"?'
    assert lines[-1].startswith("2 bestanden nagekeken: 1 zonder problemen; 1 fout,")


def test_aggregate_usage_errors(tmp_path):
    assert run("aggregate", "--out", str(tmp_path)).exit_code == 2
    target = tmp_path / "bestand"
    target.write_text("x")
    result = run("aggregate", str(tmp_path), "--out", str(target))
    assert result.exit_code == 2 and "Traceback" not in result.output
    result = run("aggregate", str(tmp_path), "--out", str(target / "sub"))
    assert result.exit_code == 2 and result.output.startswith("Fout: kan niet schrijven")


def test_empty_folder_is_named(tmp_path):
    empty = tmp_path / "leeg"
    empty.mkdir()
    out = tmp_path / "out"
    result = run("aggregate", str(empty), "--out", str(out))
    assert result.exit_code == 1
    assert [p["code"] for p in read_csv(out / "problems.csv")][0] == "no-workbooks"


@pytest.mark.skipif(os.cpu_count() == 1, reason="needs two cores")
def test_parallel_reading_gives_the_same_result(three_respondents, tmp_path, framework):
    from curriculum_map.coverage.reader import read_workbook
    from curriculum_map.workbook.ingest import read_workbooks

    folder, _ = three_respondents
    sequential = read_workbooks([folder], framework, read_workbook, jobs=1)
    import curriculum_map.workbook.ingest as ingest

    original = ingest.PARALLEL_FROM
    ingest.PARALLEL_FROM = 1
    try:
        parallel = read_workbooks([folder], framework, read_workbook, jobs=2)
    finally:
        ingest.PARALLEL_FROM = original
    assert [(r.file, r.answers) for r in parallel.readings] == [(r.file, r.answers) for r in sequential.readings]


@pytest.mark.skipif(os.cpu_count() == 1, reason="needs two cores")
def test_responses_csv_is_the_same_rendered_in_workers_or_at_the_end(
    three_respondents, tmp_path, framework, monkeypatch
):
    """The rows rendered in the worker processes (ResponseSpool) are the rows rendered directly."""
    import curriculum_map.workbook.ingest as ingest
    from curriculum_map.coverage.report import run_aggregate
    from curriculum_map.coverage.responses import write_responses_csv

    folder, _ = three_respondents
    sequential = run_aggregate([folder], framework, tmp_path / "one", jobs=1, pictures=False)
    monkeypatch.setattr(ingest, "PARALLEL_FROM", 1)
    run_aggregate([folder], framework, tmp_path / "two", jobs=2, pictures=False)
    direct = tmp_path / "direct.csv"
    write_responses_csv(sequential.aggregation, direct)  # no spool: every row rendered now
    expected = direct.read_bytes()
    assert expected.count(b"\r\n") > 10
    assert (tmp_path / "one" / "responses.csv").read_bytes() == expected
    assert (tmp_path / "two" / "responses.csv").read_bytes() == expected
    for out in ("one", "two"):  # the spool is gone
        assert sorted(p.name for p in (tmp_path / out).iterdir()) == [
            "consensus.csv",
            "coverage.xlsx",
            "datapackage.json",
            "desk.html",
            "framework.yaml",
            "items.csv",
            "manifest.json",
            "problems.csv",
            "prompts.csv",
            "report.html",
            "respondents.csv",
            "responses.csv",
            "summary.csv",
            "texts.csv",
        ]


SPAWNED_RUN = """
import multiprocessing, sys
from pathlib import Path
if __name__ == "__main__":
    multiprocessing.set_start_method("spawn", force=True)
    from curriculum_map.workbook import ingest
    from curriculum_map.framework.model import load_framework
    from curriculum_map.coverage.report import run_aggregate
    ingest.PARALLEL_FROM = 1
    result = run_aggregate([Path(sys.argv[1])], load_framework(), Path(sys.argv[2]), jobs=2, pictures=True)
    print(len(result.aggregation.used), result.report_written)
"""


@pytest.mark.skipif(os.cpu_count() == 1, reason="needs two cores")
def test_worker_processes_also_work_when_started_fresh_as_on_windows_and_macos(tmp_path):
    """Windows and macOS start worker processes fresh ('spawn') instead of forking: same outputs."""
    import subprocess
    import sys

    script = tmp_path / "spawned.py"
    script.write_text(SPAWNED_RUN, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(script), str(EXAMPLES), str(tmp_path / "spawned")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["7", "True"]
    forked_run = run_cli("aggregate", EXAMPLES, "--out", tmp_path / "forked", "--pictures")
    assert forked_run.exit_code == 1  # the examples hold deliberate mistakes
    spawned, forked = tmp_path / "spawned", tmp_path / "forked"
    assert (spawned / "responses.csv").read_bytes() == (forked / "responses.csv").read_bytes()
    assert sorted(p.name for p in spawned.iterdir()) == sorted(p.name for p in forked.iterdir())
    assert (spawned / "heatmap-competenties-1.png").stat().st_size > 30_000


def test_a_report_written_inside_the_input_folder_is_not_read_back(fill, tmp_path):
    path = fill("sociaal-werk", "s.xlsx", {("matrix", "1.1", "level"): "geoefend"}, {"name": "Els"})
    out = path.parent / "rapport"
    assert run("aggregate", str(path.parent), "--out", str(out)).exit_code == 0
    again = run("aggregate", str(path.parent), "--out", str(out))
    assert again.exit_code == 0, again.output
    assert [p["file"] for p in read_csv(out / "problems.csv") if p["severity"] != "info"] == []


def test_an_output_open_in_excel_is_named_not_a_traceback(fill, tmp_path, monkeypatch):
    """On Windows a file open in Excel cannot be replaced: the user is told which one and why."""
    import curriculum_map.render.output as output

    path = fill("sociaal-werk", "s.xlsx", {("matrix", "1.1", "level"): "geoefend"}, {"name": "Els"})
    out = tmp_path / "rapport"
    assert run("aggregate", str(path), "--out", str(out)).exit_code == 0
    before = (out / "responses.csv").read_bytes()

    def locked(source, target):
        if str(target).endswith("responses.csv"):
            raise PermissionError(13, "Permission denied", str(target))
        return os.rename(source, target)

    monkeypatch.setattr(output.os, "replace", locked)
    result = run("aggregate", str(path), "--out", str(out))
    assert result.exit_code == 2
    assert result.output.startswith("Fout: kan niet schrijven in '") and "responses.csv" in result.output
    assert "open in Excel" in result.output
    assert (out / "responses.csv").read_bytes() == before  # the old file is left as it was
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no temporary files left behind


def test_the_overview_has_a_range_column_only_where_a_programme_has_several_respondents(tmp_path):
    """coverage.xlsx: no column that could only be empty (issue 23: it widened every printed page)."""
    from curriculum_map.core.texts import text

    out = tmp_path / "rapport"
    assert run_cli("aggregate", EXAMPLES, "--out", out).exit_code == 1  # the planted mistakes
    sheet = openpyxl.load_workbook(out / "coverage.xlsx")[text("report.sheet.overview")]
    header = next(row for row in sheet.iter_rows(values_only=True) if row[0] == text("column.id"))
    ranges = [i for i, value in enumerate(header) if value == text("report.spread")]
    assert len(ranges) == 1 and header[ranges[0] - 1] == "Orthoped. (n=2)"  # the one programme of two respondents
