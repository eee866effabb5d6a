"""The consultation's report.html on paper (issue 25): A4 with the margins of the other printed reports, no
page ending in a heading (a competence's heading goes over with its table), text within the margins."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from test_consult import consultation  # noqa: F401 - the fixture: nine reviewers' workbooks, aggregated

from pdf_pages import html_pages_ending_in_a_heading, page_texts, positions_of

A4 = (595.3, 841.9)  # points
MARGIN_X, MARGIN_Y = 16 / 25.4 * 72, 18 / 25.4 * 72  # as team.html, offer.html and sector.html


def printed(source: Path, browser, out: Path) -> Path:
    page = browser.new_page()
    page.goto(source.as_uri())
    page.pdf(path=str(out), prefer_css_page_size=True)
    page.close()
    return out


def test_the_report_prints_on_a4_within_its_margins_with_no_heading_at_a_page_end(consultation, browser, tmp_path):  # noqa: F811
    base, _ = consultation
    source = base / "report" / "report.html"
    pdf = printed(source, browser, tmp_path / "report.pdf")
    assert len(page_texts(pdf)) >= 2  # long enough to test what happens at a page's end
    assert {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in PdfReader(pdf).pages} == {
        (round(A4[0]), round(A4[1]))
    }
    assert html_pages_ending_in_a_heading(pdf, source) == []
    for number, placed in enumerate(positions_of(pdf), start=1):
        for x, y, piece in placed:
            assert MARGIN_X - 2 <= x <= A4[0] - MARGIN_X, (number, x, piece)
            assert MARGIN_Y - 2 <= y <= A4[1] - MARGIN_Y, (number, y, piece)
