"""The lecturer's workbook stands on its own: what a row covers, the legend beside it, frozen identity,
plain instructions (time, deadline, scope, no command line), a general remark, and print pages that keep
a cluster together."""

from __future__ import annotations

import csv
import re
import shutil
import subprocess

import openpyxl
import pytest

from conftest import run, soffice_convert
from curriculum_map.coverage.template import SCREEN_GRID_PX


@pytest.fixture
def workbook(tmp_path):
    result = run(
        "template", "--out", tmp_path / "t", "--programme", "Sociaal werk", "--deadline", "15 maart 2027",
        "--contact", "an.peeters@hogeschool.be", "--scope", "eigen",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return tmp_path / "t" / "Sociaal werk.xlsx"


def test_each_matrix_row_says_what_it_covers_and_the_legend_stands_beside_it(workbook, framework):
    ws = openpyxl.load_workbook(workbook)["Matrix"]
    assert ws.freeze_panes == "D8"  # header and each row's id, cluster and component stay in view
    rows = {ws.cell(r, 1).value: r for r in range(8, ws.max_row + 1) if ws.cell(r, 1).value}
    component = framework.item("1.1")
    content = ws.cell(rows["1.1"], 3).value
    assert content == f"kennis – {len(component.competences)} competenties"  # whole, never cut with "…"
    note = ws.cell(rows["1.1"], 3).comment.text
    assert all(c.text.get("nl") in note for c in component.competences)  # the full list on hover
    legend = [ws.cell(r, 4).value for r in range(3, 3 + len(framework.levels))]
    assert legend == framework.level_labels("nl")
    definitions = [ws.cell(r, 4).comment.text for r in range(3, 3 + len(framework.levels))]
    assert definitions == [f"{x.score} – {x.description.get('nl')}" for x in framework.levels]
    assert definitions[2].endswith("oefenen het nauwelijks zelf.")
    assert ws["B6"].value == "Algemene opmerking" and ws["C6"].protection.locked is False


def test_on_a_laptop_the_frozen_block_is_a_quarter_of_the_screen_and_eight_rows_are_in_view(workbook):
    """Excel at 100 % on a 1366x768 screen: about 490 px of grid under the ribbon (1 pt = 4/3 px)."""
    ws = openpyxl.load_workbook(workbook)["Matrix"]
    header = int(ws.freeze_panes[1:]) - 1
    px = {row: (ws.row_dimensions[row].height or 15) * 4 / 3 for row in range(1, ws.max_row + 1)}
    frozen = sum(px[row] for row in range(1, header + 1))
    assert frozen <= SCREEN_GRID_PX and frozen <= 768 / 4, frozen
    data = {r for r in range(header + 1, ws.max_row + 1) if ws.cell(r, 1).value}
    in_view = []
    for top in range(header + 1, ws.max_row + 1):  # every scroll position: the fewest data rows in full view
        room, shown = SCREEN_GRID_PX - frozen, 0
        for row in range(top, ws.max_row + 1):
            room -= px[row]
            if room < 0:
                break
            shown += row in data
        if room < 0:
            in_view.append(shown)
    assert min(in_view) >= 8, (frozen, min(in_view))


def test_instructions_a_lecturer_can_follow_alone(workbook):
    ws = openpyxl.load_workbook(workbook)["Instructies"]
    text = "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value)
    assert "15 maart 2027" in text and "an.peeters@hogeschool.be" in text
    assert "eigen opleidingsonderdelen" in text  # --scope eigen
    minutes = [int(m) for m in re.findall(r"ongeveer (\d+) minuten", text)]
    assert len(minutes) == 2 and all(5 <= m <= 60 for m in minutes)
    assert "curriculum-map" not in text and "validate" not in text  # no command line for lecturers
    assert "leeg" in text  # what to do when unsure
    # printed to the page's width at its own size, over as many pages as it needs
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToHeight == 0


def test_the_general_remark_is_kept(workbook, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    filled = folder / "Sociaal werk - An.xlsx"
    shutil.copy(workbook, filled)
    wb = openpyxl.load_workbook(filled)
    ws = wb["Matrix"]
    ws["C3"], ws["C6"], ws["D9"] = "An", "Stage 3 herzien we volgend jaar", "geoefend"
    wb.save(filled)
    out = tmp_path / "out"
    assert run("aggregate", str(folder), "--out", str(out), "--no-pictures").exit_code == 0
    rows = list(csv.DictReader((out / "responses.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert {r["respondent_remark"] for r in rows} == {"Stage 3 herzien we volgend jaar"}


@pytest.mark.libreoffice
def test_printed_no_cluster_is_split_and_the_respondent_block_is_on_the_first_page(workbook, tmp_path, framework):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    pdf = soffice_convert(workbook, tmp_path / "pdf", "pdf")
    pages = []
    for number in range(1, 40):
        result = subprocess.run(["pdftotext", "-f", str(number), "-l", str(number), "-layout", str(pdf), "-"],
                                capture_output=True, text=True)  # fmt: skip
        if result.returncode != 0:
            break
        pages.append(result.stdout)
    matrix = [page for page in pages if "Huidig niveau" in page and "Component" in page]
    assert "Naam" in matrix[0] and "Algemene opmerking" in matrix[0]
    for cluster in framework.clusters:
        ids = [k.id for k in cluster.components]
        holding = [
            i for i, page in enumerate(matrix) if any(re.search(rf"^\s*{re.escape(x)}\s", page, re.M) for x in ids)
        ]
        assert len(holding) == 1, f"cluster {cluster.id} is split over pages {holding}"
