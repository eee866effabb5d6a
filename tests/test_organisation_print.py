"""team.html, offer.html and sector.html print on A4 as the growth plan does: the page's margins, no page
ending with a heading or a cluster's row, the table's header on every page it continues on."""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

import html5lib
import openpyxl
import pytest
from test_organisation import csv_rows, data_rows, positions, profiles  # noqa: F401 - fixtures
from test_organisation_privacy import team  # noqa: F401 - a fixture

from conftest import run
from pdf_pages import page_texts

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


def flat(text: str) -> str:
    """Text as compared: one space between words, ligatures (ﬁ) as their letters."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def positions_of(pdf: Path) -> list[list[tuple[float, float, str]]]:
    """Per page, where each piece of text starts (x, y in points from the bottom left)."""
    from pypdf import PdfReader

    found: list[list[tuple[float, float, str]]] = []
    for page in PdfReader(pdf).pages:
        on_page: list[tuple[float, float, str]] = []

        def visit(text: str, cm: Any, tm: Any, font: Any, size: float, on_page: list = on_page) -> None:
            if text.strip():
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                on_page.append((x, y, text.strip()))

        page.extract_text(visitor_text=visit)
        found.append(on_page)
    return found


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
    document = html5lib.parse(source.read_text(encoding="utf-8"), namespaceHTMLElements=False)
    ends = {flat("".join(h.itertext())) for tag in ("h1", "h2", "h3") for h in document.iter(tag)}
    ends |= {flat("".join(row.itertext())) for row in document.iter("tr") if row.get("class") == "cluster"}
    for number, text in enumerate(texts[:-1], start=1):
        assert not any(text.endswith(end) for end in ends if end), f"{name}: page {number} ends with a heading"
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
