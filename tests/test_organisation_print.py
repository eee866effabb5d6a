"""team.html, offer.html and sector.html print on A4 as the growth plan does: the page's margins, no page
ending with a heading or a cluster's row, the table's header on every page it continues on."""

from __future__ import annotations

from pathlib import Path

import html5lib
import openpyxl
import pytest
from test_organisation import csv_rows, data_rows, positions, profiles  # noqa: F401 - fixtures
from test_organisation_privacy import team  # noqa: F401 - a fixture

from conftest import run
from pdf_pages import flat, html_pages_ending_in_a_heading, page_texts, positions_of

A4 = (595.3, 841.9)  # points
MARGIN_X, MARGIN_Y = 16 / 25.4 * 72, 18 / 25.4 * 72


@pytest.fixture(scope="module")
def pages(team, tmp_path_factory) -> dict[str, Path]:  # noqa: F811 - the imported fixture
    root = tmp_path_factory.mktemp("print")
    trainings = root / "vto.csv"
    trainings.write_text("code;naam\nVTO01;Chathulpverlening\nVTO02;Digitale inclusie\n", encoding="utf-8")
    assert run("training", "template", "--trainings", trainings, "--out", root / "map").exit_code == 0
    path = next((root / "map").glob("*.xlsx"))
    wb = openpyxl.load_workbook(path)
    ws = wb["Vormingsaanbod"]
    for item, code in {"1.1.1": "VTO02", "5.1.1": "VTO01", "5.1.2": "VTO01"}.items():
        ws.cell(data_rows(ws)[item], 4, code)
    wb.save(path)
    assert run("training", "read", root / "map", "--trainings", trainings, "--out", root / "vto").exit_code == 0
    assert run("training", "gap", "--map", root / "vto", "--needs", team["out"], "--out", root / "gap").exit_code == 0
    sector = run("sector", "aggregate", team["root"] / "ingevuld", path, "--out", root / "sector")
    assert sector.exit_code == 0, sector.output
    return {"team": team["out"] / "team" / "team.html", "offer": root / "gap" / "offer.html",
            "sector": root / "sector" / "report" / "sector.html"}  # fmt: skip


@pytest.mark.parametrize("name", ["team", "offer", "sector"])
def test_the_page_prints_on_a4_within_its_margins_with_no_heading_at_a_page_end(pages, browser, tmp_path, name):
    source = pages[name]
    page = browser.new_page()
    page.goto(source.as_uri())
    pdf = tmp_path / f"{name}.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True)
    page.close()
    texts = [flat(t) for t in page_texts(pdf)]
    assert len(texts) >= 2, name  # long enough to test what happens at a page's end
    assert html_pages_ending_in_a_heading(pdf, source) == [], f"{name}: pages ending with a heading"
    document = html5lib.parse(source.read_text(encoding="utf-8"), namespaceHTMLElements=False)
    for number, placed in enumerate(positions_of(pdf), start=1):
        for x, y, piece in placed:
            assert MARGIN_X - 2 <= x <= A4[0] - MARGIN_X, (name, number, x, piece)
            assert MARGIN_Y - 2 <= y <= A4[1] - MARGIN_Y, (name, number, y, piece)
    # the last table's header row is repeated on every page its rows continue on
    table = list(document.iter("table"))[-1]
    header = [flat("".join(th.itertext())) for th in table.iter("th")]
    cells = {flat("".join(td.itertext())) for td in table.iter("td")} - {""}
    first = next(i for i, text in enumerate(texts) if all(h in text for h in header))
    for number, text in enumerate(texts[first + 1 :], start=first + 2):
        if any(cell in text for cell in cells if len(cell) > 12):
            assert all(h in text for h in header), f"{name}: page {number} continues the table without its header"
